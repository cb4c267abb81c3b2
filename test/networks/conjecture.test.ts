/**
 * `check-theorem conjecture`: PROVED per point through the kernel's statement check, REFUTED with a
 * minimal counterexample whose bundle `verify` accepts, INCONCLUSIVE where only a gap is known, and
 * one-line coded errors for bad expressions and ranges. Saved conjectures are re-proved by the gate.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { conjectureModule } from '../../proofs/conjecture.js';
import { conjectureFromJson, loadConjectures } from '../../proofs/conjectureFile.js';
import { ParameterError } from '../../proofs/types.js';
import { parseValues } from '../../src/cli/commands/conjecture.js';
import { runGateCommand } from '../../src/cli/commands/gate.js';
import { memoryIo } from '../../src/cli/io.js';
import { runTheorem } from '../../src/runner/theorem.js';
import { run } from '../cli/run.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'ct-conj-'));

describe('conjecture: verdicts through the kernel', () => {
  it('a true conjecture (trees: generic rank = minimum cut at every split) is PROVED at every grid point', async () => {
    const r = await run('conjecture', '--network', 'tree:((0 1) (2 3 4))', '--n', '2,3', '--r', '2', '--relation', '=', '--bound', 'cut', '--quiet');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/n=2 r=2 split=every: PROVED: 15 split\(s\) established by the kernel/);
    expect(r.out).toMatch(/2 point\(s\): 2 PROVED, 0 REFUTED, 0 INCONCLUSIVE/);
  });

  it('a refuted conjecture prints its minimal counterexample, and verify accepts the certificates as REFUTED', async () => {
    const dir = tmp();
    const r = await run('conjecture', '--network', 'ring', '--n', '2..4', '--r', '2,3', '--d', '3..5', '--relation', '>=', '--bound', 'n^min(k, d-k)', '--quiet', '--out', join(dir, 'cex'));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/REFUTED: minimal counterexample network=ring n=3 r=2 d=4 split=modes:0,1: rows \{0,1\}, bound 9: every network of the structure has rank <= 4 < 9 there \(a cut\)/);
    expect(r.out).toMatch(/replay: check-theorem conjecture --network ring --n 3 --r 2 --d 4 --split modes:0,1 --relation '>=' --bound 'n\^min\(k, d-k\)' --seed 1/);
    const v = await run('verify', join(dir, 'cex'));
    expect(v.code).toBe(1);
    expect(v.out).toMatch(/^REFUTED conjecture:cli network=ring n=3 r=2 d=4 split=modes:0,1: for almost every network .* rank >= 9/);
    // The replay command gives the same verdict.
    const again = await run('conjecture', '--network', 'ring', '--n', '3', '--r', '2', '--d', '4', '--split', 'modes:0,1', '--relation', '>=', '--bound', 'n^min(k, d-k)', '--quiet');
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/n=3 r=2 d=4 split=modes:0,1: REFUTED/);
  });

  it('an upper-bound conjecture is refuted by a random draw above it (a kernel-checked minor)', async () => {
    const r = await run('conjecture', '--network', 'ring', '--n', '2', '--r', '2', '--d', '4', '--relation', '<=', '--bound', 'cut - 1', '--quiet', '--json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out) as { points: { verdict: string; splits: { rows: string; outcome: string; detail: string; reached?: string; cut?: string }[] }[] };
    expect(j.points[0]?.verdict).toBe('REFUTED');
    const s = j.points[0]?.splits.find((x) => x.outcome === 'refuted');
    expect(s?.detail).toMatch(/a network of the structure has rank >= (\d+) > \d+ there/);
    expect(s?.reached).toBe(s?.cut);
  });

  it('a loop network with a gap stays INCONCLUSIVE for "generic rank = cut", never REFUTED and never PROVED', async () => {
    const r = await run('conjecture', '--network', 'ring', '--n', '3', '--r', '2', '--d', '4', '--relation', '=', '--bound', 'cut', '--quiet');
    expect(r.code).toBe(4);
    expect(r.out).toMatch(/INCONCLUSIVE: not decided at \{0,2\} \(bound 9\): certified: rank >= 8, rank <= 9/);
  });

  it('a bound that depends on k is checked at a split and at its complement (they have different k)', async () => {
    const r = await run('conjecture', '--network', 'ring', '--n', '2', '--r', '2', '--d', '4', '--relation', '>=', '--bound', 'k', '--quiet');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/\{0,1,2\} \(bound 3\): every network of the structure has rank <= 2 < 3 there \(a cut\)/);
    const cp = await run('conjecture', '--format', 'cp', '--n', '3', '--r', '2', '--d', '4', '--relation', '<=', '--bound', 'min(r, n^k)', '--quiet', '--json');
    const j = JSON.parse(cp.out) as { points: { splits: { rows: string }[] }[] };
    expect(j.points[0]?.splits.map((x) => x.rows)).toEqual(['{0}', '{0,1}', '{0,1,2}']);
  });

  it('after fast-check shrinks, every parameter is lowered as far as it goes (no local minimum is called minimal)', async () => {
    // Refuted exactly at odd n: fast-check's shrinker can stop at n = 5 or 15; the descent must reach 3.
    const r = await run('conjecture', '--format', 'tt', '--n', '2..40', '--r', '2', '--d', '4', '--split', 'odd-even', '--relation', '>=', '--bound', '1000*(n-2*floor(n/2))', '--quiet', '--search', '30', '--search-seed', '5', '--json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out) as { search: { counterexample: string } };
    expect(j.search.counterexample).toMatch(/format=tt n=3 r=2 d=4/);
  });

  it('the fast-check search finds a counterexample and shrinks it until no parameter can be lowered', async () => {
    const r = await run('conjecture', '--network', 'ring', '--n', '2..12', '--r', '2..6', '--d', '3..6', '--relation', '>=', '--bound', 'n^min(k, d-k)', '--quiet', '--search', '25', '--search-seed', '3', '--json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out) as { search: { failed: boolean; counterexample: string; seed: number }; counterexample: { parameters: string; replay: string } };
    expect(j.search.failed).toBe(true);
    expect(j.search.seed).toBe(3);
    const m = /n=(\d+) r=(\d+) d=(\d+)/.exec(j.search.counterexample);
    expect(m).not.toBeNull();
    const [n, rr, d] = [Number(m?.[1]), Number(m?.[2]), Number(m?.[3])];
    const module = conjectureModule({ name: 'x', relation: '>=', bound: 'n^min(k, d-k)' });
    const verdict = (p: { n: number; r: number; d: number }): string => runTheorem(module, { ...p, seed: 1, network: 'ring', split: 'every' }, { engine: 'auto' }).verdict;
    expect(verdict({ n, r: rr, d })).toBe('REFUTED');
    if (n > 2) expect(verdict({ n: n - 1, r: rr, d })).not.toBe('REFUTED');
    if (rr > 2) expect(verdict({ n, r: rr - 1, d })).not.toBe('REFUTED');
    if (d > 3) expect(verdict({ n, r: rr, d: d - 1 })).not.toBe('REFUTED');
    expect(j.counterexample.replay).toMatch(/^check-theorem conjecture --network ring/);
  });
});

describe('conjecture: errors before any work, one coded line each', () => {
  const cases: [string[], RegExp][] = [
    [['--bound', 'n^'], /error\[E_BAD_EXPRESSION\]: the bound "n\^" does not parse/],
    [['--bound', 'foo(n)'], /error\[E_BAD_EXPRESSION\]: .*unsupported function foo/],
    [['--bound', 'n/3'], /error\[E_BAD_EXPRESSION\]: .*non-integer/],
    [['--bound', 'q + 1'], /error\[E_BAD_EXPRESSION\]: .*unknown symbol q/],
    [['--bound', '2', '--n', '5..2'], /error\[E_BAD_PARAMETER\]: --n: the range 5..2 is empty/],
    [['--bound', '2', '--n', 'x'], /error\[E_BAD_PARAMETER\]: --n takes integers/],
    [['--bound', '2', '--split', 'modes:9'], /error\[E_BAD_PARAMETER\]/],
  ];
  for (const [extra, message] of cases) {
    it(extra.join(' '), async () => {
      const base = ['conjecture', '--network', 'ring', '--n', '2', '--r', '2', '--d', '4', '--relation', '>=', '--quiet'];
      const argv = [...base];
      for (let i = 0; i < extra.length; i += 2) {
        const at = argv.indexOf(extra[i] as string);
        if (at >= 0) argv.splice(at, 2);
        argv.push(extra[i] as string, extra[i + 1] as string);
      }
      const r = await run(...argv);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(message);
    });
  }

  it('ranges parse exactly as written', () => {
    expect(parseValues('n', '2,4..8/2,3', 100)).toEqual([2, 3, 4, 6, 8]);
    expect(parseValues('n', undefined, 100)).toBeUndefined();
    expect(() => parseValues('n', '1..200', 100)).toThrow(/must be in \[1, 100\]/);
    expect(() => parseValues('n', '2.5', 100)).toThrow(/takes integers/);
  });
});

describe('saved conjectures and the gate', () => {
  it('--save writes a statement file the gate re-proves (no change), and a changed verdict fails the gate', async () => {
    const dir = tmp();
    const file = join(dir, 'ring-small.json');
    const r = await run('conjecture', '--network', 'ring', '--n', '2', '--r', '2', '--d', '4,5', '--relation', '>=', '--bound', 'min(n, r)^min(k, d-k)', '--name', 'ring-small', '--save', file, '--quiet');
    expect(r.code).toBe(0);
    const modules = loadConjectures(dir);
    expect(modules.map((m) => m.id)).toEqual(['conjecture:ring-small']);
    expect(modules[0]?.defaultGrid).toHaveLength(2);
    const baseline = join(tmp(), 'baseline.json');
    const io = memoryIo();
    expect(runGateCommand({ file: baseline, update: true, json: false, quiet: true }, io, modules)).toBe(0);
    const io2 = memoryIo();
    expect(runGateCommand({ file: baseline, update: false, json: false, quiet: true }, io2, modules)).toBe(0);
    expect(io2.stdout.join('')).toMatch(/2 baseline instances re-proved, no change/);
    // The same file with a stronger bound: the gate reports the changed verdicts.
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { bound: string };
    doc.bound = 'n^min(k, d-k) + 1';
    writeFileSync(file, JSON.stringify(doc));
    const io3 = memoryIo();
    expect(runGateCommand({ file: baseline, update: false, json: false, quiet: true }, io3, loadConjectures(dir))).toBe(1);
    expect(io3.stdout.join('')).toMatch(/verdict PROVED -> REFUTED/);
  });

  it('a conjecture file is read strictly', () => {
    const ok = { conjecture: 'check-theorem/conjecture', version: 1, name: 'a', relation: '>=', bound: 'n', points: [{ network: 'ring', n: 2, r: 2, d: 4, split: 'every' }] };
    expect(conjectureFromJson(ok, 'f').grid).toHaveLength(1);
    for (const bad of [
      { ...ok, extra: 1 },
      { ...ok, relation: '>' },
      { ...ok, version: 2 },
      { ...ok, points: [] },
      { ...ok, points: [{ network: 'ring', n: 2.5 }] },
      { ...ok, points: [{ network: 'ring', format: 'tt', n: 2 }] },
      { ...ok, points: [{ n: 2 }] },
      { ...ok, points: [{ network: 'ring', colour: 'red' }] },
    ])
      expect(() => conjectureFromJson(bad, 'f')).toThrow(ParameterError);
  });
});
