/**
 * The kernel's nonsingularity test against the engine's elimination and generic elimination,
 * across block boundaries (64) and for primes where singular matrices are common.
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
