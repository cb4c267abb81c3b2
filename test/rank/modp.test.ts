/**
 * The modular elimination (src/rank/modp.ts) on matrices whose rank is known by construction,
 * against the textbook elimination (test/support/modpReference.ts: same pivot rule, so the same
 * pivots), the kernel's nonsingularity test and exact rank over Q; and serial, parallel and
 * differently chunked runs against each other (they must agree exactly, pivots included).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/exact/prng.js';
import { rational } from '../../src/exact/rational.js';
import { DEFAULT_PRIMES } from '../../src/exact/primes.js';
import { isNonsingularModP } from '../../src/kernel/eliminate.js';
import { rankExact, rankModP } from '../../src/rank/index.js';
import { BASE_COLS, chunkBounds, eliminateModP, type ModPElimination } from '../../src/rank/modp.js';
import { DEFAULT_SHAPE } from '../../src/rank/modpLayout.js';
import { referenceEliminateModP } from '../support/modpReference.js';

/** The largest prime below 2^26: the fewest products between reductions (2). */
const LARGEST_PRIME = 67108859;
const P23 = DEFAULT_PRIMES[0] as number;

/**
 * An m x n integer matrix of rank exactly r, over Q and modulo every prime: B (m x r) times
 * C (r x n) with entries in [-bound, bound], where B restricted to r random rows is unit lower
 * triangular and C restricted to r random columns unit upper triangular, so the product has an
 * r x r minor of determinant 1.
 */
function product(m: number, n: number, r: number, seed: number, bound = 9): number[] {
  const rng = createRng(seed);
  const B = Array.from({ length: m * r }, () => rng.intIn(-bound, bound));
  const C = Array.from({ length: r * n }, () => rng.intIn(-bound, bound));
  const rows = shuffled(m, rng).slice(0, r);
  const cols = shuffled(n, rng).slice(0, r);
  rows.forEach((i, k) => {
    for (let j = k; j < r; j++) B[i * r + j] = j === k ? 1 : 0;
  });
  cols.forEach((j, k) => {
    for (let i = k; i < r; i++) C[i * n + j] = i === k ? 1 : 0;
  });
  const out = new Array<number>(m * n).fill(0);
  for (let i = 0; i < m; i++)
    for (let k = 0; k < r; k++) {
      const b = B[i * r + k] as number;
      if (b !== 0) for (let j = 0; j < n; j++) out[i * n + j] = (out[i * n + j] as number) + b * (C[k * n + j] as number);
    }
  return out;
}

function shuffled(n: number, rng: ReturnType<typeof createRng>): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.below(i + 1);
    [a[i], a[j]] = [a[j] as number, a[i] as number];
  }
  return a;
}

function residues(data: readonly number[], p: number): Float64Array {
  return Float64Array.from(data, (x) => ((x % p) + p) % p);
}

function randomResidues(count: number, p: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: count }, () => rng.below(p));
}

/** The minor of an m x n residue matrix at the pivots, as a k x k array. */
function minorOf(a: Float64Array, n: number, e: ModPElimination): Float64Array {
  const k = e.rank;
  const out = new Float64Array(k * k);
  for (let s = 0; s < k; s++) for (let t = 0; t < k; t++) out[s * k + t] = a[(e.pivotRows[s] as number) * n + (e.pivotCols[t] as number)] as number;
  return out;
}

/** The engine's result equals the reference's, and its pivots give a minor nonsingular mod p. */
function expectLikeReference(a: Float64Array, m: number, n: number, p: number, e: ModPElimination): void {
  const ref = referenceEliminateModP(a, m, n, p);
  expect({ rank: e.rank, pivotRows: e.pivotRows, pivotCols: e.pivotCols }).toEqual(ref);
  expect(isNonsingularModP(minorOf(a, n, e), e.rank, p)).toBe(true);
}

describe('rank mod p on matrices of known rank', () => {
  // Shapes around the engine's blocks: the base width, the register tile, the k block (128 for
  // the default primes), the row block and the column chunk (DEFAULT_SHAPE).
  const cases: [number, number, number][] = [
    [1, 1, 1],
    [3, 5, 2],
    [BASE_COLS, BASE_COLS, BASE_COLS],
    [BASE_COLS + 1, BASE_COLS + 3, BASE_COLS - 2],
    [65, 64, 63],
    [130, 129, 129],
    [DEFAULT_SHAPE.mc + 5, 2 * DEFAULT_SHAPE.kcMax + 7, DEFAULT_SHAPE.mc],
    [300, 40, 40],
    [40, 300, 33],
    [257, 263, 200],
  ];
  for (const [m, n, r] of cases) {
    it(`${m} x ${n} of rank ${r}: the rank, the reference's pivots, a nonsingular minor (primes large to tiny)`, () => {
      const data = product(m, n, r, 1000 * m + n);
      for (const p of [P23, LARGEST_PRIME, 65537, 3]) {
        const a = residues(data, p);
        const e = eliminateModP(a, m, n, p);
        expect(e.rank).toBe(r);
        expectLikeReference(a, m, n, p, e);
      }
    });
  }

  it('the rank over Q of the smaller ones is the constructed rank too, and rankExact agrees', () => {
    for (const [m, n, r] of cases.filter(([m, n]) => m * n <= 20000)) {
      const data = product(m, n, r, 7 + m);
      expect(rankExact({ rows: m, cols: n, data }).rank).toBe(r);
      expect(rankModP({ rows: m, cols: n, data }).rank).toBe(r);
    }
  });

  it('zero rows and columns anywhere never hold a pivot', () => {
    const m = 150;
    const n = 170;
    const data = product(m, n, 90, 31);
    const zeroRows = [0, 1, 77, 149];
    const zeroCols = [0, 16, 17, 100, 169];
    for (const i of zeroRows) for (let j = 0; j < n; j++) data[i * n + j] = 0;
    for (const j of zeroCols) for (let i = 0; i < m; i++) data[i * n + j] = 0;
    const a = residues(data, P23);
    const e = eliminateModP(a, m, n, P23);
    expect(e.pivotRows.some((i) => zeroRows.includes(i))).toBe(false);
    expect(e.pivotCols.some((j) => zeroCols.includes(j))).toBe(false);
    expectLikeReference(a, m, n, P23, e);
  });

  it('the zero matrix has rank 0, and empty shapes too', () => {
    expect(eliminateModP(new Float64Array(40 * 30), 40, 30, P23)).toEqual({ prime: P23, rank: 0, pivotRows: [], pivotCols: [] });
    expect(eliminateModP(new Float64Array(0), 0, 5, P23).rank).toBe(0);
    expect(eliminateModP(new Float64Array(0), 5, 0, P23).rank).toBe(0);
  });

  it('a large rank-deficient matrix crosses every block: k blocks, row blocks, column chunks', () => {
    const m = 620;
    const n = 590;
    const a = residues(product(m, n, 530, 5), P23);
    const e = eliminateModP(a, m, n, P23, { threads: 1 });
    expect(e.rank).toBe(530);
    expectLikeReference(a, m, n, P23, e);
  });
});

describe('rank mod p against the reference where ranks drop', () => {
  it('agrees with the textbook elimination on random residues, tiny primes included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 90 }),
        fc.integer({ min: 1, max: 90 }),
        fc.constantFrom(2, 3, 5, 7, 251, P23, LARGEST_PRIME),
        fc.nat(),
        fc.constantFrom(1, 2),
        (m, n, p, seed, threads) => {
          const a = randomResidues(m * n, p, seed);
          expectLikeReference(a, m, n, p, eliminateModP(a, m, n, p, { threads, parallelMinWork: 0 }));
        },
      ),
      { numRuns: 120 },
    );
  });

  it('a 200 x 200 matrix mod 2 (many dropped columns) has the reference pivots', () => {
    const a = randomResidues(200 * 200, 2, 99);
    expectLikeReference(a, 200, 200, 2, eliminateModP(a, 200, 200, 2));
  });
});

describe('serial, parallel and chunked runs agree exactly', () => {
  const shapes: [number, number, number][] = [
    [400, 380, 350],
    [180, 700, 170],
    [700, 160, 150],
  ];
  for (const [m, n, r] of shapes) {
    it(`${m} x ${n} of rank ${r} with 1, 2 and 3 threads, every update shared or none`, () => {
      const a = residues(product(m, n, r, m + 3 * n), P23);
      const serial = eliminateModP(a, m, n, P23, { threads: 1 });
      expect(serial.rank).toBe(r);
      for (const threads of [2, 3]) {
        for (const parallelMinWork of [0, 1 << 16]) expect(eliminateModP(a, m, n, P23, { threads, parallelMinWork })).toEqual(serial);
      }
      expect(rankModP({ rows: m, cols: n, residues: () => a }, { primes: [P23], threads: 2, parallelMinWork: 0 }).pivotRows).toEqual(serial.pivotRows);
    });
  }
});

describe('the boundary', () => {
  it('leaves its input unchanged', () => {
    const a = residues(product(70, 60, 50, 2), P23);
    const before = Float64Array.from(a);
    eliminateModP(a, 70, 60, P23);
    expect(a).toEqual(before);
  });

  it('rejects entries that are not residues, and bad primes and shapes', () => {
    for (const bad of [P23, -1, 0.5, Number.NaN, Infinity]) {
      const a = new Float64Array(9).fill(1);
      a[4] = bad;
      expect(() => eliminateModP(a, 3, 3, P23)).toThrow(/entry 4 is .*not a residue/);
    }
    expect(() => eliminateModP(new Float64Array(4), 2, 2, 15)).toThrow(RangeError);
    expect(() => eliminateModP(new Float64Array(4), 2, 2, 2 ** 26 + 15)).toThrow(RangeError);
    expect(() => eliminateModP(new Float64Array(5), 2, 2, P23)).toThrow(/expected 4 entries/);
    expect(() => eliminateModP(new Float64Array(4), 2, 2, P23, { threads: 0 })).toThrow(/threads/);
  });
});

describe('column chunks', () => {
  it('cover the columns exactly, in multiples of the tile, guided (shrinking) when shared', () => {
    const out = new Int32Array(200);
    for (const [c0, c1] of [[0, 1], [3, 700], [16, 4096], [100, 164]] as const) {
      for (const threads of [1, 2, 3]) {
        const count = chunkBounds(c0, c1, threads, 8, 512, out);
        expect(out[0]).toBe(c0);
        expect(out[count]).toBe(c1);
        const widths = Array.from({ length: count }, (_, i) => (out[i + 1] as number) - (out[i] as number));
        expect(widths.every((w) => w > 0 && w <= 512)).toBe(true);
        expect(widths.slice(0, -1).every((w) => w % 8 === 0)).toBe(true);
        if (threads > 1) expect(widths.slice(0, -1).every((w, i) => w >= (widths[i + 1] as number))).toBe(true);
      }
    }
  });
});

describe('re-entrancy', () => {
  it('a residue source that eliminates while writing is refused, and the engine stays usable', () => {
    const inner = Float64Array.from([1, 2, 3, 4]);
    const nested = { rows: 2, cols: 2, residues: () => inner, residuesInto: (p: number, out: Float64Array) => { eliminateModP(inner, 2, 2, p); out.set(inner); } };
    expect(() => rankModP(nested, { primes: [P23] })).toThrow(/called again from inside an elimination/);
    expect(eliminateModP(inner, 2, 2, P23).rank).toBe(2);
  });
});

describe('rankModP on exact matrices: plain numbers take the engine\'s own reduction, anything else residues', () => {
  const m = 60;
  const n = 50;
  const data = product(m, n, 41, 77, 30);

  it('numbers, bigints, rationals and integers beyond 2^52 give the same rank and pivots', () => {
    const plain = rankModP({ rows: m, cols: n, data }, { primes: [P23] });
    expect(plain.rank).toBe(41);
    const big = rankModP({ rows: m, cols: n, data: data.map((x) => BigInt(x)) }, { primes: [P23] });
    const rat = rankModP({ rows: m, cols: n, data: data.map((x) => rational(BigInt(x), 3n)) }, { primes: [P23] });
    expect(big).toEqual(plain);
    expect(rat).toEqual(plain);
    // (x / 3 scales every row by a unit mod p: the same zero pattern at every step.)
    // Adding a multiple of p beyond 2^52 leaves the residues, and so the result, unchanged.
    const shift = P23 * 2 ** 30;
    const huge = rankModP({ rows: m, cols: n, data: data.map((x, i) => (i % 7 === 0 ? x + shift : x)) }, { primes: [P23] });
    expect(huge).toEqual(plain);
    expect(Math.max(...data.map((x, i) => (i % 7 === 0 ? x + shift : x)))).toBeGreaterThan(2 ** 52);
  });

  it('a fraction that is not an integer is refused as before', () => {
    const bad = data.slice();
    bad[17] = 0.5;
    expect(() => rankModP({ rows: m, cols: n, data: bad })).toThrow(/integer entries/);
  });
});
