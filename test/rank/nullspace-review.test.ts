/**
 * Review tests of the tiled products and the lazily read p-adic sums in src/rank/nullspace.ts
 * (commit 0688907): `times` against BigInt products at the extreme residues p - 1 over depths
 * across the reduction interval (ACC = 64) and every remainder mod the 4 x 4 tile; the exact
 * (unreduced) product at the Dixon limit r max|S| p < 2^52; the multimodular check against
 * vectors whose products vanish modulo every prime it uses but the last, in tile and edge
 * positions and through row subsets; and rankWithNullspace against Bareiss on rank-deficient
 * matrices whose shapes cross 4 and 64 and whose pivot blocks sit at the Dixon limit, every null
 * vector verified here with BigInt products (so a wrong p-adic digit order or modulus after a
 * flush of sixteen digits could not go unnoticed: the lifts need up to ~200 digits).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { previousPrime } from '../../src/exact/primes.js';
import { bareiss } from '../../src/rank/exact.js';
import { annihilates, rankWithNullspace, times, type IntMatrix } from '../../src/rank/nullspace.js';

/** The primes annihilates and the lifting use, in order: descending below 2^23. */
const PRIMES: number[] = [];
for (let q = 2 ** 23; PRIMES.length < 200; ) PRIMES.push((q = previousPrime(q)));
const P0 = PRIMES[0] as number;

function bigProduct(A: ArrayLike<number>, m: number, n: number, B: ArrayLike<number>, f: number, p?: number): number[] {
  const out: number[] = [];
  const Pb = p === undefined ? 0n : BigInt(p);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < f; j++) {
      let s = 0n;
      for (let k = 0; k < n; k++) s += BigInt(A[i * n + k] as number) * BigInt(B[k * f + j] as number);
      out.push(Number(p === undefined ? s : ((s % Pb) + Pb) % Pb));
    }
  return out;
}

const bits = (x: bigint): number => (x === 0n ? 0 : (x < 0n ? -x : x).toString(2).length);

/** How many primes annihilates uses for these sizes (its loop, replicated). */
function primesUsed(cols: number, maxA: bigint, maxN: bigint): number {
  const E = bits(BigInt(cols)) + bits(maxA) + bits(maxN);
  let covered = 0;
  let k = 0;
  for (; covered <= E + 1; k++) covered += Math.log2(PRIMES[k] as number);
  return k;
}

const DEPTHS = [1, 2, 3, 4, 5, 63, 64, 65, 127, 128, 129, 191, 192, 193, 255, 256, 257, 320];

describe('times modulo p at the extreme residues', () => {
  it('all entries p - 1 or p - 2 (every chunk of 64 products at its largest, plus the carried residue) equals the BigInt product, for every depth across 64 and every tile remainder', () => {
    for (const p of [P0, PRIMES[7] as number, 65521, 3]) {
      for (const n of DEPTHS)
        for (const [m, f] of [[1, 1], [3, 5], [4, 4], [5, 7], [8, 9], [11, 4], [4, 13]] as const) {
          // p - 1 is even (its square a multiple of 4: sums past 2^53 could still round exactly);
          // p - 2 is odd, so a sum past 2^53 would lose its last bit.
          for (const fill of [() => p - 1, () => (p > 3 ? p - 2 : p - 1), (e: number) => (e % 3 === 0 ? p - 1 : p - 2)]) {
            const A = Float64Array.from({ length: m * n }, (_, e) => fill(e));
            const B = Float64Array.from({ length: n * f }, (_, e) => fill(e + 1));
            const out = new Float64Array(m * f + 3).fill(-7);
            times(A, m, n, B, f, out, p);
            expect(Array.from(out.subarray(0, m * f))).toEqual(bigProduct(A, m, n, B, f, p));
            // Nothing written past m f.
            expect(Array.from(out.subarray(m * f))).toEqual([-7, -7, -7]);
          }
        }
    }
  });
  it('residues drawn from {0, 1, p - 2, p - 1, any}: equals the BigInt product (fast-check)', () => {
    const residue = (p: number): fc.Arbitrary<number> => fc.oneof(fc.constant(p - 1), fc.constant(p - 1), fc.constant(p - 2), fc.constant(0), fc.constant(1), fc.integer({ min: 0, max: p - 1 }));
    fc.assert(
      fc.property(
        fc.constantFrom(P0, PRIMES[1] as number, PRIMES[150] as number),
        fc.integer({ min: 1, max: 10 }),
        fc.oneof(fc.constantFrom(...DEPTHS), fc.integer({ min: 1, max: 300 })),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (p, m, n, f, seed) => {
          // Entries from a seeded stream over the residue arbitrary (one sample per seed keeps the shrinker useful).
          const pick = fc.sample(fc.array(residue(p), { minLength: m * n + n * f, maxLength: m * n + n * f }), { seed, numRuns: 1 })[0] as number[];
          const A = Float64Array.from(pick.slice(0, m * n));
          const B = Float64Array.from(pick.slice(m * n));
          const out = new Float64Array(m * f);
          times(A, m, n, B, f, out, p);
          expect(Array.from(out)).toEqual(bigProduct(A, m, n, B, f, p));
          for (const x of out) expect(x >= 0 && x < p).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('times exactly (no p) at the Dixon limit', () => {
  it('S entries +-floor((2^52 - 1) / (r p)) times digits p - 1 (sums just below 2^52) equal the BigInt product, with mixed signs and cancellation', () => {
    for (const r of [1, 3, 4, 5, 63, 64, 65, 130]) {
      const L = Math.floor((2 ** 52 - 1) / (r * P0));
      expect(r * L * P0 < 2 ** 52).toBe(true);
      for (const f of [1, 4, 6]) {
        for (const pattern of ['all+', 'alternating', 'rows+-'] as const) {
          const S = new Float64Array(r * r);
          for (let i = 0; i < r; i++)
            for (let k = 0; k < r; k++) S[i * r + k] = pattern === 'all+' ? L : pattern === 'alternating' ? ((i + k) % 2 === 0 ? L : -L) : i % 2 === 0 ? -L : L;
          const X = new Float64Array(r * f);
          for (let e = 0; e < X.length; e++) X[e] = e % 5 === 4 ? 0 : P0 - 1;
          const out = new Float64Array(r * f);
          times(S, r, r, X, f, out);
          expect(Array.from(out)).toEqual(bigProduct(S, r, r, X, f));
        }
      }
    }
  });
});

describe('annihilates: an exact check, whatever the position of the one nonzero entry', () => {
  /**
   * A = [I_m | C] (m x (m + k)), N its null vectors [-C e_j ; e_j]; then entry (i, j) of A N is set
   * to x by adding x to coordinate i of vector j.
   */
  function system(m: number, k: number, seed: number): { a: IntMatrix; vectors: bigint[][] } {
    let s = seed >>> 0;
    const next = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), (s % 19) - 9);
    const C = Array.from({ length: m * k }, next);
    const data: number[] = [];
    for (let i = 0; i < m; i++) for (let j = 0; j < m + k; j++) data.push(j < m ? (i === j ? 1 : 0) : (C[i * k + (j - m)] as number));
    const vectors = Array.from({ length: k }, (_, j) => [...Array.from({ length: m }, (_, i) => BigInt(-(C[i * k + j] as number))), ...Array.from({ length: k }, (_, t) => (t === j ? 1n : 0n))]);
    return { a: { rows: m, cols: m + k, data }, vectors };
  }

  function checkAt(a: IntMatrix, vectors: bigint[][], x: bigint, m: number, k: number): void {
    const positions: [number, number][] = [[0, 0], [m - 1, k - 1], [Math.min(3, m - 1), Math.min(3, k - 1)], [m - 1, 0], [0, k - 1], [Math.min(4, m - 1), Math.min(4, k - 1)]];
    for (const [i, v] of positions) {
      for (const sign of [1n, -1n]) {
        const bad = vectors.map((vec, t) => (t === v ? vec.map((y, c) => (c === i ? y + sign * x : y)) : vec));
        expect(annihilates(a, bad)).toBe(false);
        // Row subsets: the wrong row found when included (also repeated, in any order), ignored when left out.
        const others = Array.from({ length: m }, (_, r) => r).filter((r) => r !== i);
        expect(annihilates(a, bad, [i])).toBe(false);
        expect(annihilates(a, bad, [...others].reverse().concat([i, i]))).toBe(false);
        if (others.length > 0) expect(annihilates(a, bad, others)).toBe(true);
      }
    }
  }

  it('x divisible by every prime the check uses but the last is still found, at tile and edge positions, with m and f across 4 and cols across 64', () => {
    for (const [m, k] of [[5, 3], [8, 8], [9, 6], [61, 7], [66, 5], [4, 65]] as const) {
      const { a, vectors } = system(m, k, m * 100 + k);
      expect(annihilates(a, vectors)).toBe(true);
      for (const j of [12, 31]) {
        // x = the product of the first j primes: the check uses exactly j + 1 primes here, so
        // only its last prime sees that x != 0.
        let x = 1n;
        for (let t = 0; t < j; t++) x *= BigInt(PRIMES[t] as number);
        expect(primesUsed(a.cols, 9n, x - 9n)).toBe(j + 1);
        expect(primesUsed(a.cols, 9n, x + 9n)).toBe(j + 1);
        checkAt(a, vectors, x, m, k);
      }
    }
  });
  it('a product that vanishes modulo the first prime only (x = p0 q) is found', () => {
    const { a, vectors } = system(6, 5, 3);
    const x = BigInt(P0) * 12345n;
    const bad = vectors.map((vec, t) => (t === 4 ? vec.map((y, c) => (c === 5 ? y + x : y)) : vec));
    expect(annihilates(a, bad)).toBe(false);
  });
});

/**
 * An m x n integer matrix of rank k: k random rows with entries in [-L, L], then rows that are
 * sums or differences of two of them (entries within 2L); rows shuffled by a seeded permutation
 * only when `shuffle` (else the first k rows are the pivot rows and max|S| <= L).
 */
function deficient(m: number, n: number, k: number, L: number, seed: number, shuffle = false): IntMatrix {
  let s = seed >>> 0;
  const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), s / 2 ** 32);
  const base = Array.from({ length: k }, () => Array.from({ length: n }, () => Math.round((2 * rnd() - 1) * L)));
  // Extreme entries present: each base row gets +-L somewhere.
  base.forEach((row, i) => (row[(i * 7) % n] = i % 2 === 0 ? L : -L));
  const rows: number[][] = [...base];
  while (rows.length < m) {
    const x = base[Math.floor(rnd() * k)] as number[];
    const y = base[Math.floor(rnd() * k)] as number[];
    const sg = rnd() < 0.5 ? 1 : -1;
    rows.push(x.map((v, j) => v + sg * (y[j] as number)));
  }
  if (shuffle)
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [rows[i], rows[j]] = [rows[j] as number[], rows[i] as number[]];
    }
  return { rows: m, cols: n, data: rows.slice(0, m).flat() };
}

/** The transpose (for m < n: the left null space then comes from the random rows, as hard to lift as the right one). */
function transposed(a: IntMatrix): IntMatrix {
  const data: (number | bigint)[] = [];
  for (let j = 0; j < a.cols; j++) for (let i = 0; i < a.rows; i++) data.push(a.data[i * a.cols + j] as number | bigint);
  return { rows: a.cols, cols: a.rows, data };
}

/** An m x n matrix of rank k whose smaller-side null space is the hard one: deficient, transposed when m < n. */
const hard = (m: number, n: number, k: number, L: number, seed: number, shuffle = false): IntMatrix => (m >= n ? deficient(m, n, k, L, seed, shuffle) : transposed(deficient(n, m, k, L, seed, shuffle)));

/** rankWithNullspace's answer checked exactly: rank as Bareiss, every null vector by BigInt products, the pivot pattern. */
function checkExactly(a: IntMatrix): number {
  const got = rankWithNullspace(a);
  const expected = bareiss({ rows: a.rows, cols: a.cols, data: a.data }).rank;
  expect(got.rank).toBe(expected);
  const A = (i: number, j: number): bigint => BigInt(a.data[i * a.cols + j] as number | bigint);
  const len = got.side === 'right' ? a.cols : a.rows;
  const expectedCount = got.rank === a.cols || got.rank === a.rows ? 0 : len - got.rank;
  expect(got.vectors.length).toBe(expectedCount);
  got.vectors.forEach((v, t) => {
    expect(v.length).toBe(len);
    if (got.side === 'right')
      for (let i = 0; i < a.rows; i++) {
        let acc = 0n;
        for (let j = 0; j < a.cols; j++) acc += A(i, j) * (v[j] as bigint);
        expect(acc).toBe(0n);
      }
    else
      for (let j = 0; j < a.cols; j++) {
        let acc = 0n;
        for (let i = 0; i < a.rows; i++) acc += A(i, j) * (v[i] as bigint);
        expect(acc).toBe(0n);
      }
    // Vector t is nonzero at pivots[t] and zero at every other vector's pivot.
    got.pivots.forEach((c, u) => expect((v[c] as bigint) !== 0n).toBe(u === t));
  });
  return got.liftPrimes;
}

describe('rankWithNullspace against Bareiss, shapes across 4 and 64, pivot blocks at the Dixon limit', () => {
  const limit = (k: number): number => Math.floor((2 ** 52 - 1) / (k * P0));
  const shapes: [number, number, number][] = [
    [5, 5, 3],
    [9, 7, 5],
    [7, 9, 5],
    [17, 13, 12],
    [66, 65, 63],
    [65, 66, 63],
    [70, 68, 64],
    [68, 70, 65],
    [130, 9, 7],
    [9, 130, 7],
  ];
  it.each(shapes)('%i x %i of rank %i, max|S| at the Dixon limit: the lift needs many 16-digit blocks and stays exact', (m, n, k) => {
    const lifted = checkExactly(hard(m, n, k, limit(k), m * 1000 + n * 10 + k));
    // Solutions of a k x k system with entries ~2^52 / (k p) need many digits: past several flushes.
    if (k >= 12) expect(lifted).toBeGreaterThan(16);
  });
  it('just past the Dixon limit (Chinese remaindering) and with shuffled rows (pivot blocks up to twice the limit)', () => {
    for (const [m, n, k] of [[66, 65, 63], [9, 70, 7], [21, 18, 13]] as const) {
      checkExactly(hard(m, n, k, limit(k) + 1, k));
      checkExactly(hard(m, n, k, limit(k), k + 1, true));
    }
  });
  it('random small shapes and entries near the limit (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.boolean(), (m, n, k0, seed, shuffle) => {
        const k = Math.min(k0, m, n);
        checkExactly(hard(m, n, k, limit(Math.max(1, k)), seed, shuffle));
      }),
      { numRuns: 60 },
    );
  });
});
