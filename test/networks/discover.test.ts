/**
 * Closed forms from certified data: the fit finds the simplest candidate matching every point,
 * refuses when none does, and `discover` states the TT odd/even closed form from kernel-certified
 * generic ranks as a CONJECTURE (never as proved).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { candidateText, fitClosedForm, monomialAt, monomialText, type DataPoint } from '../../proofs/discover.js';
import { readConjectureFile } from '../../proofs/conjectureFile.js';
import { run } from '../cli/run.js';

const grid = (f: (n: number, r: number, d: number) => bigint, ns: number[], rs: number[], ds: number[]): DataPoint[] => ns.flatMap((n) => rs.flatMap((r) => ds.map((d) => ({ n, r, d, rank: f(n, r, d) }))));
const min = (...xs: bigint[]): bigint => xs.reduce((a, b) => (a < b ? a : b));

describe('fitting closed forms', () => {
  it('recovers min(n, r)^(d/2) and the TT form min(n^(d/2), r n^(d/2-1), r^(d-1)) from exact values', () => {
    const ht = fitClosedForm(grid((n, r, d) => BigInt(Math.min(n, r)) ** BigInt(d / 2), [2, 3, 4], [2, 3], [4, 6, 8]));
    expect(ht.best.map(candidateText)).toEqual(['min(r^(d/2), n^(d/2))']);
    const tt = fitClosedForm(grid((n, r, d) => min(BigInt(n) ** BigInt(d / 2), BigInt(r) * BigInt(n) ** BigInt(d / 2 - 1), BigInt(r) ** BigInt(d - 1)), [2, 3, 4, 5], [2, 3], [4, 6, 8]));
    expect(tt.best.map(candidateText)).toEqual(['min(r^(d - 1), n^(d/2 - 1)*r, n^(d/2))']);
  });

  it('every monomial of a fit is at least every data point, and each point is met', () => {
    const pts = grid((n, r, d) => min(BigInt(n) ** BigInt(d / 2), BigInt(r) * BigInt(n) ** BigInt(d / 2 - 1), BigInt(r) ** BigInt(d - 1)), [2, 3, 4], [2, 3], [4, 6]);
    for (const c of fitClosedForm(pts).best)
      for (const p of pts) {
        const values = c.map((m) => monomialAt(m, p) as bigint);
        expect(values.every((v) => v >= p.rank)).toBe(true);
        expect(values.some((v) => v === p.rank)).toBe(true);
      }
  });

  it('says so when nothing in the space fits (a value that is no minimum of monomials)', () => {
    const fit = fitClosedForm(grid((n, r, d) => BigInt(n + r + d) * 7n + 1n, [2, 3, 5], [2, 3], [4, 6]));
    expect(fit.best).toEqual([]);
  });

  it('monomials print as mathjs expressions', () => {
    expect(monomialText({ c: 2, a1: 1, a0: -2, b1: 0, b0: 2 })).toBe('2*n^(d/2 - 1)*r');
    expect(monomialText({ c: 1, a1: 0, a0: 0, b1: 2, b0: -2 })).toBe('r^(d - 1)');
  });
});

describe('check-theorem discover', () => {
  it('states the TT odd/even closed form from kernel-certified ranks, as a CONJECTURE, and saves it for the gate', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ct-disc-')), 'tt-odd-even.json');
    const r = await run('discover', '--format', 'tt', '--n', '2..5', '--r', '2,3', '--d', '4..8/2', '--quiet', '--save', file, '--name', 'tt-odd-even');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/certified from both sides by the kernel at 24 of 24 point\(s\)/);
    expect(r.out).toMatch(/CONJECTURE \(not proved for all d\): generic rank = min\(r\^\(d - 1\), n\^\(d\/2 - 1\)\*r, n\^\(d\/2\)\)/);
    // The fitted expression stays a conjecture; the data is also compared with the closed form a statement proves for every d.
    expect(r.out).toMatch(/every certified point equals min\(n, r\) \* min\(n, r \^ 2\) \^ \(d \/ 2 - 1\), which is PROVED for every\s+even d: check-theorem prove tt-odd-even-all-d/);
    const saved = readConjectureFile(file);
    expect(saved).toMatchObject({ name: 'tt-odd-even', relation: '=', bound: 'min(r^(d - 1), n^(d/2 - 1)*r, n^(d/2))' });
    expect(saved.grid).toHaveLength(24);
  });

  it('leaves points with a gap out of the fit and says so', async () => {
    const r = await run('discover', '--network', 'ring', '--n', '2,3', '--r', '2', '--d', '4', '--quiet');
    expect(r.out).toMatch(/1 point\(s\) not certified exactly are left out of the fit/);
    expect(r.out).toMatch(/3\s+2\s+4\s+in \[8, 9\]\s+INCONCLUSIVE/);
  });
});
