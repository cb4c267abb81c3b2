/**
 * `npm run trusted-base`: the files the kernel reaches, their lines of code (not blank, not only
 * comments), and any breach of the kernel's boundary (scripts/kernel-boundary.ts).
 *
 *     npm run trusted-base [-- --root DIR] [--json]
 *
 * @packageDocumentation
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkBoundary, codeLines } from './kernel-boundary.js';

/** Every .ts file under `dir`, keyed by its path relative to `root` (with /). */
export function sourceFiles(root: string, dir = 'src'): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.set(relative(root, p).split('\\').join('/'), readFileSync(p, 'utf8'));
    }
  };
  walk(join(root, dir));
  return out;
}

/** The trusted base of the tree at `root`. */
export function trustedBase(root: string): { files: { file: string; lines: number }[]; total: number; violations: ReturnType<typeof checkBoundary>['violations'] } {
  const files = sourceFiles(root);
  const { reachable, violations } = checkBoundary(files);
  const sized = reachable.map((file) => ({ file, lines: codeLines(files.get(file) as string) }));
  return { files: sized, total: sized.reduce((s, f) => s + f.lines, 0), violations };
}

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].split('/').slice(-2).join('/'));
if (isMain) {
  const args = process.argv.slice(2);
  const rootAt = args.indexOf('--root');
  const root = rootAt >= 0 ? (args[rootAt + 1] as string) : process.cwd();
  const r = trustedBase(root);
  if (args.includes('--json')) console.log(JSON.stringify(r, null, 2));
  else {
    for (const f of r.files) console.log(`${String(f.lines).padStart(6)}  ${f.file}`);
    console.log(`${String(r.total).padStart(6)}  lines of code in ${r.files.length} files reachable from src/kernel`);
    for (const v of r.violations) console.log(`violation: ${v.file}:${v.line} ${v.kind} ${v.detail}`);
  }
  process.exitCode = r.violations.length === 0 ? 0 : 1;
}
