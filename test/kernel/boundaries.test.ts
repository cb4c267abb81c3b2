/**
 * The kernel stays small and pure: it imports only exact arithmetic, index conventions, format
 * evaluation and the network graph, and uses no randomness, clock, I/O or process state. This
 * test reads the kernel's sources (and the modules they import, transitively) and fails on any
 * import or call outside that list.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(process.cwd(), 'src');
const ALLOWED_DIRS = ['kernel', 'exact', 'tensor', 'formats', 'cuts'];
const FORBIDDEN_FILES = ['cuts/mincut.ts']; // the search, not the graph
const FORBIDDEN_CALLS = [/Math\.random/, /Date\.now|new Date\(/, /process\./, /performance\./, /require\(/, /console\./];

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^import\s[^;]*?from\s+'([^']+)';/gms)].map((m) => m[1] as string);
}

function closure(): Set<string> {
  const seen = new Set<string>();
  const todo = readdirSync(join(SRC, 'kernel')).filter((f) => f.endsWith('.ts')).map((f) => join(SRC, 'kernel', f));
  while (todo.length > 0) {
    const file = todo.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of importsOf(file)) {
      if (!spec.startsWith('.')) continue;
      todo.push(normalize(join(dirname(file), spec.replace(/\.js$/, '.ts'))));
    }
  }
  return seen;
}

describe('the kernel boundary', () => {
  const files = [...closure()].map((f) => relative(SRC, f));

  it('everything the kernel reaches lives in kernel/, exact/, tensor/, formats/ or cuts/network', () => {
    for (const f of files) {
      expect(ALLOWED_DIRS.includes(f.split('/')[0] as string), `${f} is reachable from the kernel`).toBe(true);
      expect(FORBIDDEN_FILES.includes(f), `${f} is reachable from the kernel`).toBe(false);
    }
    expect(files.length).toBeGreaterThan(15);
  });

  it('no package imports (no engines, no TensorFlow, no mathjs, no node: modules)', () => {
    for (const f of files) for (const spec of importsOf(join(SRC, f))) expect(spec.startsWith('.'), `${f} imports ${spec}`).toBe(true);
  });

  it('no randomness, clock, I/O or process state in the kernel itself', () => {
    for (const f of files.filter((x) => x.startsWith('kernel/'))) {
      const text = readFileSync(join(SRC, f), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      for (const re of FORBIDDEN_CALLS) expect(re.test(text), `${f} matches ${re}`).toBe(false);
    }
  });
});
