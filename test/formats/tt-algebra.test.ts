/**
 * TT arithmetic (exact over Q: sums, Hadamard products, scaling, entry by entry against the
 * dense tensors), TT-SVD with a tolerance and a maximum rank (against known ranks and the error
 * bound), the Jacobi SVD (reconstruction, orthogonality, against the bidiagonal singular values),
 * and ttRound refusing floats.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ttRound } from '../../src/convert/index.js';
import { Q } from '../../src/exact/fields.js';
import * as f from '../../src/formats/index.js';
import { randomFloatTt, svdJacobi, ttAdd, ttHadamard, ttOrthogonalize, ttScale, ttSvd } from '../../src/formats/index.js';
import { inField } from '../../src/formats/verbs.js';
import { F64 } from '../../src/numeric/float64.js';
import { singularValues } from '../../src/numeric/svd.js';
import type { Rational } from '../../src/exact/rational.js';

const dense = (x: f.TtTensor<Rational>): Rational[] => [...f.tt.toDense(Q, x).data];
const denseF = (x: f.TtTensor<number>): number[] => [...f.tt.toDense(F64, x).data];

describe('TT arithmetic over Q', () => {
  it('add, Hadamard and scale agree with the dense tensors entry by entry (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 1000 }), (shape, rx, ry, seed) => {
        const x = inField(Q, f.tt.random({ shape, rank: rx, seed })) as f.TtTensor<Rational>;
        const y = inField(Q, f.tt.random({ shape, rank: ry, seed: seed + 1 })) as f.TtTensor<Rational>;
        const [a, b] = [dense(x), dense(y)];
        expect(dense(ttAdd(Q, x, y))).toEqual(a.map((v, i) => Q.add(v, b[i] as Rational)));
        expect(dense(ttHadamard(Q, x, y))).toEqual(a.map((v, i) => Q.mul(v, b[i] as Rational)));
        const c = Q.fromRational({ num: -3n, den: 2n });
        expect(dense(ttScale(Q, x, c))).toEqual(a.map((v) => Q.mul(c, v)));
        // Ranks: sum and product of the inputs' (interior), then ttRound gives the minimal ones.
        const s = ttAdd(Q, x, y);
        if (shape.length > 1) expect(s.ranks.slice(1, -1)).toEqual(x.ranks.slice(1, -1).map((r, k) => r + (y.ranks[k + 1] as number)));
        expect(dense(ttRound(Q, s))).toEqual(dense(s));
      }),
      { numRuns: 40 },
    );
  });
  it('x + x rounds to x\'s ranks; shapes must match', () => {
    const x = inField(Q, f.tt.random({ shape: [3, 3, 3], rank: 2, seed: 4 })) as f.TtTensor<Rational>;
    expect(ttRound(Q, ttAdd(Q, x, x)).ranks).toEqual(ttRound(Q, x).ranks);
    const y = inField(Q, f.tt.random({ shape: [3, 2, 3], rank: 2, seed: 4 })) as f.TtTensor<Rational>;
    expect(() => ttAdd(Q, x, y)).toThrow(/same shape/);
  });
});

describe('floats', () => {
  it('ttRound refuses a float field and names the float alternative', () => {
    const x = randomFloatTt({ shape: [2, 2, 2], rank: 2, seed: 1 });
    expect(() => ttRound(F64, x)).toThrow(/exact field.*ttSvd/);
  });
  it('the Jacobi SVD reconstructs the matrix, has orthonormal factors and matches the bidiagonal singular values', () => {
    for (const [m, n] of [[7, 4], [4, 7], [6, 6], [1, 5]] as const) {
      const a = Float64Array.from({ length: m * n }, (_, i) => Math.sin(1 + i * 0.7) * (1 + (i % 3)));
      const { u, s, vt, k } = svdJacobi(a, m, n);
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++) {
          let v = 0;
          for (let t = 0; t < k; t++) v += (u[i * k + t] as number) * (s[t] as number) * (vt[t * n + j] as number);
          expect(v).toBeCloseTo(a[i * n + j] as number, 10);
        }
      const ref = [...singularValues(a, m, n)].sort((x, y) => y - x);
      ref.forEach((x, t) => expect(s[t]).toBeCloseTo(x, 9));
      for (let p = 0; p < k; p++)
        for (let q = 0; q < k; q++) {
          let dot = 0;
          for (let j = 0; j < n; j++) dot += (vt[p * n + j] as number) * (vt[q * n + j] as number);
          expect(dot).toBeCloseTo(p === q ? 1 : 0, 10);
        }
    }
  });
  it('TT-SVD recovers the ranks of a TT built with them, and meets its tolerance', () => {
    const x = randomFloatTt({ shape: [3, 4, 3, 4], rank: [2, 3, 2], seed: 7 });
    const a = denseF(x);
    const { tt, relativeErrorBound } = ttSvd(a, [3, 4, 3, 4], { tol: 1e-10 });
    expect(tt.ranks).toEqual([1, 2, 3, 2, 1]);
    const b = denseF(tt);
    const err = Math.sqrt(a.reduce((s, v, i) => s + (v - (b[i] as number)) ** 2, 0) / a.reduce((s, v) => s + v * v, 0));
    expect(err).toBeLessThan(1e-10);
    expect(relativeErrorBound).toBeLessThan(1e-10);
  });
  it('maxRank caps the ranks; the error stays within the reported bound', () => {
    const x = randomFloatTt({ shape: [4, 4, 4, 4], rank: 4, seed: 3 });
    const a = denseF(x);
    const { tt, relativeErrorBound } = ttSvd(a, [4, 4, 4, 4], { maxRank: 2 });
    expect(Math.max(...tt.ranks)).toBeLessThanOrEqual(2);
    const b = denseF(tt);
    const err = Math.sqrt(a.reduce((s, v, i) => s + (v - (b[i] as number)) ** 2, 0) / a.reduce((s, v) => s + v * v, 0));
    expect(err).toBeGreaterThan(0);
    expect(err).toBeLessThanOrEqual(relativeErrorBound * (1 + 1e-9));
    expect(() => ttSvd(a, [4, 4, 4, 4], { maxRank: 0 })).toThrow(/option maxRank/);
  });
});

describe('TT orthogonalisation (float)', () => {
  it('left unfoldings become orthonormal, the tensor is unchanged, and a padded rank drops', () => {
    const x = randomFloatTt({ shape: [3, 4, 3], rank: 2, seed: 9 });
    // Pad the first bond with a zero column: rank 3 that should drop back to 2.
    const padded = ttAdd(F64, x, ttScale(F64, randomFloatTt({ shape: [3, 4, 3], rank: 1, seed: 2 }), 0));
    const o = ttOrthogonalize(padded);
    expect(o.ranks).toEqual([1, 2, 2, 1]);
    const a = denseF(x);
    const b = denseF(o);
    a.forEach((v, i) => expect(b[i]).toBeCloseTo(v, 12));
    for (let k = 0; k < 2; k++) {
      const m = (o.ranks[k] as number) * (o.shape[k] as number);
      const r = o.ranks[k + 1] as number;
      const c = o.cores[k] as number[];
      for (let p = 0; p < r; p++)
        for (let q = 0; q < r; q++) {
          let dot = 0;
          for (let i = 0; i < m; i++) dot += (c[i * r + p] as number) * (c[i * r + q] as number);
          expect(dot).toBeCloseTo(p === q ? 1 : 0, 12);
        }
    }
  });
});
