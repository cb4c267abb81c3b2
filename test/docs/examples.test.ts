/**
 * The TSDoc examples run as tests: every ```ts block after an @example tag in src/ is transpiled,
 * run in a consumer folder where `check-theorem` resolves to this package (its built dist/), and
 * its comments of the forms `// a === b` and `expr; // literal` are checked as assertions.
 * Free names (an example without imports) are the package's exports.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { consumerDir } from '../support/consumer.js';

const root = process.cwd();

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The @example blocks of a file, as code lines (the leading " * " removed). */
function examples(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  const re = /@example\s*\n\s*\*\s*```ts\n([\s\S]*?)\n\s*\*\s*```/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push((m[1] as string).split('\n').map((l) => l.replace(/^\s*\* ?/, '')).join('\n'));
  return out;
}

/** Turns the example's result comments into assertions. */
function withAssertions(code: string): string {
  return code
    .split('\n')
    .map((line) => {
      const m = /^(.*?;)\s*\/\/\s*(.+)$/.exec(line);
      if (!m) return line;
      const [, stmt, comment] = m as unknown as [string, string, string];
      const eq = /^(.+?)\s*===\s*(.+?)(\s+\(.*\))?$/.exec(comment);
      if (eq) return `${stmt} assert.deepStrictEqual(${eq[1]}, ${eq[2]});`;
      const literal = /^(-?\d+|'[^']*')(\s+\(.*\))?$/.exec(comment);
      if (literal && !/^\s*(const|let|var|import)\b/.test(stmt)) return `assert.deepStrictEqual(${stmt.replace(/;$/, '')}, ${literal[1]});`;
      return line;
    })
    .join('\n');
}

const consumer = (): string => consumerDir('ct-examples-');

describe('TSDoc examples', () => {
  const all = sources(join(root, 'src')).flatMap((f) => examples(f).map((code, i) => ({ file: relative(root, f), i, code })));
  it('there are examples to run', () => expect(all.length).toBeGreaterThanOrEqual(3));
  it('a wrong stated result fails (the assertions are real)', () => {
    expect(withAssertions('const x = 1 + 1; // x === 3')).toBe('const x = 1 + 1; assert.deepStrictEqual(x, 3);');
    expect(withAssertions('f(a).rank;   // 1 (mod p)')).toBe('assert.deepStrictEqual(f(a).rank, 1);');
    const dir = consumer();
    writeFileSync(join(dir, 'bad.mjs'), `import assert from 'node:assert/strict';\n${withAssertions('const x = 1 + 1; // x === 3')}`);
    expect(() => execFileSync(process.execPath, ['bad.mjs'], { cwd: dir, stdio: 'pipe' })).toThrow();
  });
  for (const ex of all)
    it(`${ex.file} example ${ex.i + 1} runs and its stated results hold`, () => {
      const hasImport = /^\s*import\b/m.test(ex.code);
      const body = withAssertions(ex.code);
      const preamble = `import assert from 'node:assert/strict';\n${hasImport ? '' : "import * as CT from 'check-theorem';\nObject.assign(globalThis, CT);\n"}`;
      const js = ts.transpileModule(preamble + body, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
      // Every stated result became an assertion (so the example can fail).
      if (/\/\/\s*\S+\s*===|;\s*\/\/\s*-?\d/.test(ex.code)) expect(js).toMatch(/assert\.deepStrictEqual/);
      const dir = consumer();
      writeFileSync(join(dir, 'example.mjs'), js);
      execFileSync(process.execPath, ['example.mjs'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    });
});
