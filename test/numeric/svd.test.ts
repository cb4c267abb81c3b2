/**
 * The float singular values and rank: known answers built by construction (U diag(s) V^T with
 * U, V products of random Householder reflectors, prescribed values with clusters, zeros, tiny
 * ones and exact rank deficiency), tall / wide / square (both sides of the QR-first threshold),
 * agreement with an independent algorithm (one-sided Jacobi, svdJacobi) and with ||A||_F^2 =
 * sum sigma^2, the bidiagonal stage on its hard cases (zero diagonal entries, splits, grading),
 * the rank decision with numpy's documented tolerance S_max * max(M, N) * eps, and numpy's own
 * singular values and ranks of formula-defined matrices (test/fixtures/svd, written by NumPy).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/exact/prng.js';
import { svdJacobi } from '../../src/formats/ttAlgebra.js';
import { FLOAT64_EPS } from '../../src/numeric/float64.js';
import { bidiagonalize, bidiagonalSingularValues, householderR, singularValues } from '../../src/numeric/svd.js';
import { rankFloat } from '../../src/rank/float.js';
import { descending, maxDiff, randomMatrix, spectra, withSingularValues } from '../support/svdMatrices.js';

/** Agreement asked of the singular values: relative to sigma_max (the brief's 1e-12, with margin kept small). */
const AGREE = 1e-13;

describe('singularValues: known answers by construction', () => {
  const shapes: [number, number][] = [
    [40, 40],
    [90, 60], // tall below the QR-first threshold (rows >= 2 cols)
    [150, 40], // tall above it: Householder QR, then the triangle
    [35, 120], // wide: the transpose, which is tall above the threshold
    [70, 100], // wide below it
  ];
  for (const [rows, cols] of shapes) {
    for (const { name, s } of spectra(Math.min(rows, cols))) {
      it(`${rows} x ${cols}, ${name}`, () => {
        const a = withSingularValues(rows, cols, s, rows * 1000 + cols);
        const got = singularValues(a, rows, cols);
        const want = descending(s);
        expect(got.length).toBe(want.length);
        expect(maxDiff(got, want, want[0] as number)).toBeLessThan(AGREE);
      });
    }
  }

  it('the rank with numpy tolerance is the constructed rank, for every shape and spectrum', () => {
    for (const [rows, cols] of shapes) {
      const k = Math.min(rows, cols);
      // Rank r: r values in [1, 10], then values 1e-3 below the tolerance (which is ~1e-14 * S_max here).
      const r = Math.floor((2 * k) / 3);
      const s = Array.from({ length: k }, (_, i) => (i < r ? 10 - (9 * i) / r : i % 2 === 0 ? 0 : 1e-17));
      const res = rankFloat(withSingularValues(rows, cols, s, 7 * rows + cols), rows, cols);
      expect(res.rank).toBe(r);
      expect(res.tolerance).toBeCloseTo((res.largest * Math.max(rows, cols) * FLOAT64_EPS) / 1, 30);
      expect(res.sigmaLast as number).toBeGreaterThan(res.tolerance);
      expect(res.sigmaNext as number).toBeLessThanOrEqual(res.tolerance);
    }
  });

  it('a value 100x above the tolerance is kept and one 100x below is dropped', () => {
    const rows = 80;
    const cols = 50;
    const tol = 10 * Math.max(rows, cols) * FLOAT64_EPS; // S_max = 10
    const s = Array.from({ length: cols }, (_, i) => (i < 20 ? 10 - i / 10 : i === 20 ? 100 * tol : i === 21 ? tol / 100 : 0));
    const res = rankFloat(withSingularValues(rows, cols, s, 99), rows, cols);
    expect(res.rank).toBe(21);
    expect(Math.abs((res.sigmaLast as number) - 100 * tol) / (100 * tol)).toBeLessThan(1e-2);
    expect(res.aroundCut.firstIndex).toBe(18);
  });

  it('random spectra and shapes (fast-check): agreement with the prescribed values', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 48 }),
        fc.integer({ min: 1, max: 48 }),
        fc.array(fc.oneof(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), fc.constant(0), fc.double({ min: 1e-20, max: 1e-12, noNaN: true })), { minLength: 48, maxLength: 48 }),
        fc.integer({ min: 0, max: 1 << 30 }),
        (rows, cols, pool, seed) => {
          const s = pool.slice(0, Math.min(rows, cols));
          const want = descending(s);
          const got = singularValues(withSingularValues(rows, cols, s, seed), rows, cols);
          const scale = Math.max(want[0] as number, Number.MIN_VALUE);
          expect(maxDiff(got, want, scale)).toBeLessThan(AGREE);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('singularValues: against independent computations on random matrices', () => {
  for (const [rows, cols] of [
    [1, 1],
    [1, 7],
    [7, 1],
    [2, 2],
    [64, 64],
    [120, 45],
    [45, 120],
    [130, 100],
  ] as [number, number][]) {
    it(`${rows} x ${cols}: one-sided Jacobi agrees, and sum sigma^2 = ||A||_F^2`, () => {
      const a = randomMatrix(rows, cols, rows * 31 + cols);
      const copy = Float64Array.from(a);
      const got = singularValues(a, rows, cols);
      expect(a).toEqual(copy); // input untouched
      const jac = descending(svdJacobi(a, rows, cols).s);
      expect(maxDiff(got, jac, jac[0] as number)).toBeLessThan(AGREE);
      let fro = 0;
      for (const x of a) fro += x * x;
      let ss = 0;
      for (const x of got) ss += x * x;
      expect(Math.abs(ss - fro) / fro).toBeLessThan(1e-13);
      for (let i = 1; i < got.length; i++) expect(got[i] as number).toBeLessThanOrEqual(got[i - 1] as number);
    });
  }

  it('an integer matrix of exact rank r (product of integer factors) has float rank r', () => {
    const rng = createRng(5);
    const [rows, cols, r] = [70, 90, 23];
    const b = Array.from({ length: rows * r }, () => rng.intIn(-9, 9));
    const c = Array.from({ length: r * cols }, () => rng.intIn(-9, 9));
    const a = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) for (let k = 0; k < r; k++) for (let j = 0; j < cols; j++) a[i * cols + j] = (a[i * cols + j] as number) + (b[i * r + k] as number) * (c[k * cols + j] as number);
    expect(rankFloat(a, rows, cols).rank).toBe(r);
    expect(rankFloat(a.subarray(0, 10 * cols), 10, cols).rank).toBe(10);
  });

  it('negligible columns (entries near 1e-160 beside O(1) ones, squares that underflow) and a rank-one integer matrix: finite values that agree with Jacobi', () => {
    // Both drove beta = 1 / norm^2 to overflow before NEGLIGIBLE_NORM2 (the values came out NaN).
    const [rows, cols] = [30, 12];
    const a = randomMatrix(rows, cols, 13).map((x, t) => (t % cols === 2 || t % cols === 7 ? 1e-160 * x : x));
    // x y^T with integer x, y: the reflectors shrink the trailing entries geometrically, to 1e-150 by step 34.
    const [r1, c1] = [48, 37];
    const rng = createRng(17);
    const x = Array.from({ length: r1 }, () => rng.intIn(-9, 9));
    const y = Array.from({ length: c1 }, () => rng.intIn(-9, 9));
    const rankOne = Float64Array.from({ length: r1 * c1 }, (_, t) => (x[Math.floor(t / c1)] as number) * (y[t % c1] as number));
    for (const [m, mr, mc] of [[a, rows, cols], [rankOne, r1, c1]] as const) {
      const got = singularValues(m, mr, mc);
      const jac = descending(svdJacobi(m, mr, mc).s);
      expect(got.every((v) => Number.isFinite(v))).toBe(true);
      expect(maxDiff(got, jac, jac[0] as number)).toBeLessThan(AGREE);
    }
    expect(rankFloat(rankOne, r1, c1).rank).toBe(1);
    expect(rankFloat(a, rows, cols).rank).toBe(cols - 2);
  });

  it('scales: entries near 1e200 and 1e-200 give the scaled values; zero and empty matrices', () => {
    const a = randomMatrix(30, 20, 3);
    const base = singularValues(a, 30, 20);
    for (const f of [1e200, 1e-200]) {
      const got = singularValues(a.map((x) => x * f), 30, 20);
      expect(maxDiff(got, base.map((x) => x * f), (base[0] as number) * f)).toBeLessThan(AGREE);
    }
    expect([...singularValues(new Float64Array(12), 3, 4)]).toEqual([0, 0, 0]);
    expect(singularValues([], 0, 5).length).toBe(0);
    expect(() => singularValues([1, Number.NaN], 1, 2)).toThrow(RangeError);
    expect(() => singularValues([1, Infinity], 2, 1)).toThrow(RangeError);
  });
});

/** The dense n x n upper bidiagonal matrix of (d, e). */
function denseBidiagonal(d: readonly number[], e: readonly number[]): Float64Array {
  const n = d.length;
  const b = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    b[k * n + k] = d[k] as number;
    if (k + 1 < n) b[k * n + k + 1] = e[k] as number;
  }
  return b;
}

describe('bidiagonalSingularValues: the hard cases of the QR iteration', () => {
  const n = 40;
  const rng = createRng(11);
  const rand = (): number => 0.1 + rng.unit();
  const cases: { name: string; d: number[]; e: number[] }[] = [
    { name: 'random', d: Array.from({ length: n }, rand), e: Array.from({ length: n - 1 }, rand) },
    { name: 'zero diagonal entries inside', d: Array.from({ length: n }, (_, k) => (k % 7 === 3 ? 0 : rand())), e: Array.from({ length: n - 1 }, rand) },
    { name: 'one zero diagonal entry near the top (a long chase to the right)', d: Array.from({ length: n }, (_, k) => (k === 2 ? 0 : rand())), e: Array.from({ length: n - 1 }, rand) },
    { name: 'zero last and first diagonal entries', d: Array.from({ length: n }, (_, k) => (k === 0 || k === n - 1 ? 0 : rand())), e: Array.from({ length: n - 1 }, rand) },
    { name: 'zero off-diagonals (split blocks)', d: Array.from({ length: n }, rand), e: Array.from({ length: n - 1 }, (_, k) => (k % 5 === 2 ? 0 : rand())) },
    { name: 'graded 1 .. 1e-12', d: Array.from({ length: n }, (_, k) => 10 ** (-12 * (k / (n - 1)))), e: Array.from({ length: n - 1 }, (_, k) => 0.5 * 10 ** (-12 * (k / (n - 1)))) },
    { name: 'all zero', d: new Array<number>(n).fill(0), e: new Array<number>(n - 1).fill(0) },
    { name: 'single entry', d: [-3], e: [] },
  ];
  for (const c of cases) {
    it(`${c.name}: agrees with one-sided Jacobi on the dense matrix; inputs untouched`, () => {
      const m = c.d.length;
      const d = Float64Array.from(c.d);
      const e = Float64Array.from([...c.e, 0]);
      const got = bidiagonalSingularValues(d, e);
      expect([...d]).toEqual(c.d);
      const jac = descending(svdJacobi(denseBidiagonal(c.d, c.e), m, m).s);
      expect(maxDiff(got, jac, Math.max(jac[0] as number, 1))).toBeLessThan(AGREE);
    });
  }
  it('any scale and grading, with zeros (fast-check): agrees with one-sided Jacobi', () => {
    // Entries sign * 10^(scale - span * t); before the values were scaled inside, scales near 1e80 overflowed the shift's squares.
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 24 }), fc.integer({ min: -150, max: 150 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 1 << 30 }), (m, scale, span, seed) => {
        const r = createRng(seed);
        const entry = (): number => (r.unit() < 0.1 ? 0 : (r.unit() < 0.5 ? -1 : 1) * 10 ** (scale - span * r.unit()));
        const d = Array.from({ length: m }, entry);
        const e = Array.from({ length: m - 1 }, entry);
        const got = bidiagonalSingularValues(Float64Array.from(d), Float64Array.from([...e, 0]));
        const unit = 10 ** scale; // Jacobi on the dense matrix brought to unit scale
        const jac = descending(svdJacobi(denseBidiagonal(d.map((x) => x / unit), e.map((x) => x / unit)), m, m).s).map((x) => x * unit);
        if (jac[0] === 0) expect(got.every((x) => x === 0)).toBe(true);
        else expect(maxDiff(got, jac, jac[0] as number)).toBeLessThan(AGREE);
      }),
      { numRuns: 300 },
    );
  });
  it('zero diagonal entries give exact zero singular values, as many as the nullity', () => {
    // Columns 0 and 1 of [[1, .5, 0, 0, 0], [0, 0, .5, 0, 0], [0, 0, 2, .5, 0], [0, 0, 0, 0, .5], [0, 0, 0, 0, 3]] are parallel: nullity 1.
    const one = bidiagonalSingularValues(Float64Array.from([1, 0, 2, 0, 3]), Float64Array.from([0.5, 0.5, 0.5, 0.5, 0]));
    expect(one.filter((x) => x === 0).length).toBe(1);
    // Rows 1 and 3 are zero: nullity 2.
    const two = bidiagonalSingularValues(Float64Array.from([1, 0, 2, 0, 3]), Float64Array.from([0.5, 0, 0.5, 0, 0]));
    expect(two.filter((x) => x === 0).length).toBe(2);
  });
});

describe('the reductions preserve the singular values', () => {
  it('householderR: R^T R = A^T A and R is upper triangular', () => {
    const [rows, cols] = [50, 12];
    const a = randomMatrix(rows, cols, 21);
    const r = householderR(Float64Array.from(a), rows, cols);
    for (let i = 0; i < cols; i++) for (let j = 0; j < i; j++) expect(r[i * cols + j]).toBe(0);
    for (let p = 0; p < cols; p++)
      for (let q = 0; q < cols; q++) {
        let ata = 0;
        for (let i = 0; i < rows; i++) ata += (a[i * cols + p] as number) * (a[i * cols + q] as number);
        let rtr = 0;
        for (let i = 0; i < cols; i++) rtr += (r[i * cols + p] as number) * (r[i * cols + q] as number);
        expect(Math.abs(ata - rtr)).toBeLessThan(1e-12 * rows);
      }
  });
  it('bidiagonalize: the bidiagonal has the singular values of the input (Jacobi on both)', () => {
    const [rows, cols] = [45, 30];
    const a = randomMatrix(rows, cols, 8);
    const { d, e } = bidiagonalize(Float64Array.from(a), rows, cols);
    const fromB = descending(svdJacobi(denseBidiagonal([...d], [...e].slice(0, cols - 1)), cols, cols).s);
    const fromA = descending(svdJacobi(a, rows, cols).s);
    expect(maxDiff(fromB, fromA, fromA[0] as number)).toBeLessThan(AGREE);
  });
  it('reject wide inputs', () => {
    expect(() => bidiagonalize(new Float64Array(6), 2, 3)).toThrow(RangeError);
    expect(() => householderR(new Float64Array(6), 2, 3)).toThrow(RangeError);
  });
});

/** numpy's answers, written by test/fixtures/svd/make_fixture.py (see there for the matrices). */
interface NumpyFixture {
  readonly lapack: readonly string[];
  readonly cases: readonly { name: string; rows: number; cols: number; singularValues: number[]; rank: number; toleranceMarginDecades: number }[];
}

/** The fixture's matrices, built from the same formulas (integers, and one division per Hilbert entry: the same doubles). */
function fixtureMatrix(name: string, rows: number, cols: number): Float64Array {
  const a = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      if (name.startsWith('modular')) a[i * cols + j] = ((i * 37 + j * 101 + i * j * 7) % 211) - 105;
      else if (name.startsWith('hilbert')) a[i * cols + j] = 1 / (i + j + 1);
      else if (name.startsWith('product')) {
        let x = 0;
        for (let k = 0; k < 17; k++) x += (((i * 13 + k * 7) % 19) - 9) * (((k * 11 + j * 5) % 23) - 11);
        a[i * cols + j] = x;
      } else throw new Error(`unknown fixture matrix ${name}`);
    }
  return a;
}

describe('agreement with numpy (values written by NumPy, committed)', () => {
  const fixture = JSON.parse(readFileSync(new URL('../fixtures/svd/numpy.json', import.meta.url), 'utf8')) as NumpyFixture;
  for (const c of fixture.cases) {
    it(`${c.name}: singular values within 1e-13 of the largest, same rank`, () => {
      const a = fixtureMatrix(c.name, c.rows, c.cols);
      const got = singularValues(a, c.rows, c.cols);
      expect(maxDiff(got, c.singularValues, c.singularValues[0] as number)).toBeLessThan(AGREE);
      expect(c.toleranceMarginDecades).toBeGreaterThan(0.5); // no value so near the tolerance that rounding could decide
      expect(rankFloat(a, c.rows, c.cols).rank).toBe(c.rank);
    });
  }
});
