/**
 * The kernel's nonsingularity test against the engine's elimination and generic elimination,
 * across block boundaries (64) and for primes where singular matrices are common; and on
 * matrices whose rank is known by construction (P L D U Q), across the row-update tile (512)
 * and for the largest prime the kernel takes, where no two products may be summed unreduced.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { primeField } from '../../src/exact/fields.js';
import { createRng } from '../../src/exact/prng.js';
import { isNonsingularModP } from '../../src/kernel/eliminate.js';
import { rankOverField } from '../../src/rank/generic.js';
import { eliminateModP } from '../../src/rank/modp.js';

function randomResidues(k: number, p: number, seed: number, deficiency: number): Float64Array {
  const rng = createRng(seed);
  const a = new Float64Array(k * k);
  for (let i = 0; i < a.length; i++) a[i] = rng.below(p);
  // Make the last `deficiency` rows combinations of earlier rows.
  for (let d = 0; d < deficiency && d < k; d++) {
    const target = k - 1 - d;
    const src1 = rng.below(Math.max(1, k - deficiency));
    const src2 = rng.below(Math.max(1, k - deficiency));
    const c = rng.below(p);
    for (let j = 0; j < k; j++) a[target * k + j] = ((a[src1 * k + j] as number) + c * (a[src2 * k + j] as number)) % p;
  }
  return a;
}

/**
 * A k x k matrix of rank exactly r mod p: L D U with L unit lower and U unit upper triangular
 * (random entries) and D diagonal with r nonzero entries at random places, its rows and columns
 * then shuffled, so elimination needs row exchanges and meets the zero pivots anywhere.
 */
function knownRank(k: number, r: number, p: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const L = new Float64Array(k * k);
  const U = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    L[i * k + i] = 1;
    U[i * k + i] = 1;
    for (let j = 0; j < i; j++) L[i * k + j] = rng.below(p);
    for (let j = i + 1; j < k; j++) U[i * k + j] = rng.below(p);
  }
  const shuffled = (): number[] => {
    const xs = Array.from({ length: k }, (_, i) => i);
    for (let i = k - 1; i > 0; i--) {
      const j = rng.below(i + 1);
      [xs[i], xs[j]] = [xs[j] as number, xs[i] as number];
    }
    return xs;
  };
  const nonzero = new Set(shuffled().slice(0, r));
  // DU: row i of U times d_i (d_i in [1, p) when kept, 0 otherwise).
  for (let i = 0; i < k; i++) {
    const d = nonzero.has(i) ? 1 + rng.below(p - 1) : 0;
    for (let j = i; j < k; j++) U[i * k + j] = ((U[i * k + j] as number) * d) % p;
  }
  const A = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let t = 0; t <= i; t++) {
      const l = L[i * k + t] as number;
      if (l === 0) continue;
      for (let j = t; j < k; j++) A[i * k + j] = ((A[i * k + j] as number) + ((l * (U[t * k + j] as number)) % p)) % p;
    }
  const rows = shuffled();
  const cols = shuffled();
  const out = new Float64Array(k * k);
  rows.forEach((ri, i) => cols.forEach((cj, j) => (out[i * k + j] = A[ri * k + cj] as number)));
  return out;
}

describe('kernel nonsingularity on matrices of known rank', () => {
  // Sizes around the block (64) and the row-update tile (512), odd sizes (a row without a pair),
  // and primes from 2 to the largest below 2^26 (where the count of unreduced products is 1).
  const cases: [number, number][] = [
    [1, 2], [2, 3], [63, 8388593], [64, 67108859], [65, 3], [130, 8388593], [131, 67108859], [200, 2], [513, 8388593], [300, 67108859],
  ];
  for (const [k, p] of cases) {
    it(`k = ${k}, p = ${p}: nonsingular at full rank, singular one short of it and at rank 0, as the engine finds`, () => {
      for (const [r, seed] of [[k, 1], [k - 1, 2], [k - 1, 3], [0, 4]] as const) {
        if (r < 0) continue;
        const a = knownRank(k, r, p, seed + 10 * k);
        const engine = eliminateModP(a.slice(), k, k, p).rank;
        expect(engine).toBe(r);
        expect(isNonsingularModP(a.slice(), k, p)).toBe(r === k);
      }
    });
  }
});

describe('kernel nonsingularity mod p', () => {
  it('agrees with the engine on random matrices, singular and not, up to 200 x 200', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.constantFrom(2, 3, 8388593, 67108859), fc.nat(), fc.integer({ min: 0, max: 2 }), (k, p, seed, def) => {
        const a = randomResidues(k, p, seed, def);
        const engine = eliminateModP(a.slice(), k, k, p).rank === k;
        expect(isNonsingularModP(a.slice(), k, p)).toBe(engine);
      }),
      { numRuns: 60 },
    );
  });

  it('agrees with generic elimination over Z/p on small matrices', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.constantFrom(2, 3, 5, 65537), fc.nat(), (k, p, seed) => {
        const a = randomResidues(k, p, seed, 0);
        const F = primeField(p);
        const generic = rankOverField(F, { rows: k, cols: k, data: Array.from(a) }).rank === k;
        expect(isNonsingularModP(a.slice(), k, p)).toBe(generic);
      }),
      { numRuns: 300 },
    );
  });

  it('the identity is nonsingular and a zero column is not', () => {
    const k = 130;
    const id = new Float64Array(k * k);
    for (let i = 0; i < k; i++) id[i * k + i] = 1;
    expect(isNonsingularModP(id.slice(), k, 8388593)).toBe(true);
    for (let i = 0; i < k; i++) id[i * k + 100] = 0;
    expect(isNonsingularModP(id, k, 8388593)).toBe(false);
  });
});
