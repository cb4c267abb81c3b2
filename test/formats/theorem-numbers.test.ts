/**
 * The paper's Theorem 1 numbers from the library, for small cases, and the witnesses.
 */
import { describe, expect, it } from 'vitest';
import { matricizationLowerBound, matricizationUpperBound } from '../../src/certify/rank.js';
import * as f from '../../src/formats/index.js';
import { verifyCertificate } from '../support/kernel.js';
import { oddEvenModes } from '../../src/tensor/shape.js';

const shapeOf = (n: number, d: number): number[] => new Array<number>(d).fill(n);

function certifiedOddEven(x: f.Tensor<bigint>): { lower: number; upper: bigint } {
  const rows = oddEvenModes(f.orderOf(x));
  const lo = matricizationLowerBound(x, rows);
  const hi = matricizationUpperBound(x, rows);
  expect(verifyCertificate(lo.certificate).verdict).toBe('verified');
  expect(verifyCertificate(hi.certificate).verdict).toBe('verified');
  return { lower: lo.rank, upper: hi.bound };
}

describe("Theorem 1's numbers", () => {
  it('random integer TT, n = r = 2, d = 8: odd/even rank 16 = q^(d/2), certified from both sides', () => {
    expect(certifiedOddEven(f.tt.random({ shape: shapeOf(2, 8), rank: 2, seed: 1 }))).toEqual({ lower: 16, upper: 16n });
  });
  it('random integer TT, n = 3, r = 2, d = 4: rank 6, above q^(d/2) = 4 (the bound is not tight when n > r)', () => {
    expect(certifiedOddEven(f.tt.random({ shape: shapeOf(3, 4), rank: 2, seed: 1 }))).toEqual({ lower: 6, upper: 6n });
  });
  for (const [n, r, d] of [
    [2, 2, 8],
    [3, 2, 6],
    [2, 3, 6],
    [3, 3, 4],
    [4, 2, 6],
  ] as const) {
    const q = Math.min(n, r);
    it(`the TT and HT witnesses (n = ${n}, r = ${r}, d = ${d}) have odd/even rank exactly q^(d/2) = ${q ** (d / 2)}`, () => {
      for (const w of [f.tt.witness(n, r, d), f.ht.witness(n, r, d)]) {
        const rows = oddEvenModes(d);
        const lo = matricizationLowerBound(w, rows);
        expect(lo.rank).toBe(q ** (d / 2));
        expect(verifyCertificate(lo.certificate).verdict).toBe('verified');
      }
    });
  }
  it('random HT on the balanced tree, n = r = 2, d = 8: odd/even rank 16 (Cohen et al. 2016)', () => {
    expect(certifiedOddEven(f.ht.random({ shape: shapeOf(2, 8), rank: 2, seed: 4 }))).toEqual({ lower: 16, upper: 16n });
  });
  it('a CP tensor of rank 5 has odd/even rank 5 (Lemma 1 is tight for generic CP)', () => {
    expect(certifiedOddEven(f.cp.random({ shape: shapeOf(3, 6), rank: 5, seed: 4 }))).toEqual({ lower: 5, upper: 5n });
  });
});
