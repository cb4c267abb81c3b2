/**
 * Rank engines against matrices of known rank, against each other, and against the kernel.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minorCertificate } from '../src/certify/minor.js';
import { primeField, Q } from '../src/exact/fields.js';
import { DEFAULT_PRIMES } from '../src/exact/primes.js';
import { verifyCertificate } from '../test/support/kernel.js';
import { rankExact, rankModP, rankOfFloatMatrix } from '../src/rank/index.js';
import { mapMatrix, rankOverField } from '../src/rank/generic.js';
import { knownRankMatrix } from './arbitraries/matrices.js';
import { runs } from './runs.js';

describe('rank engines on matrices of known rank', () => {
  it('exact rank equals the constructed rank, and its pivots give a minor the kernel verifies', () => {
    fc.assert(
      fc.property(knownRankMatrix(), ({ matrix, rank }) => {
        const r = rankExact(matrix);
        expect(r.rank).toBe(rank);
        const v = verifyCertificate(minorCertificate(matrix, r));
        expect(v.verdict).toBe('verified');
      }),
      { numRuns: runs(150) },
    );
  });

  it('rank mod p never exceeds the constructed rank and equals it for every default prime', () => {
    fc.assert(
      fc.property(knownRankMatrix(), fc.constantFrom(...DEFAULT_PRIMES), ({ matrix, rank }, p) => {
        const r = rankModP(matrix, { primes: [p] });
        expect(r.rank).toBeLessThanOrEqual(rank);
        expect(r.rank).toBe(rank);
        expect(verifyCertificate(minorCertificate(matrix, r)).verdict).toBe('verified');
      }),
      { numRuns: runs(150) },
    );
  });

  it('rank mod p agrees with generic elimination over Z/p, also for tiny primes where ranks drop', () => {
    fc.assert(
      fc.property(knownRankMatrix({ maxRows: 9, maxCols: 9 }), fc.constantFrom(2, 3, 5, 7, 8388593, 67108859), ({ matrix, rank }, p) => {
        const F = primeField(p);
        const generic = rankOverField(F, mapMatrix(matrix, (x) => F.fromInt(x)));
        const fast = rankModP(matrix, { primes: [p] });
        expect(fast.rank).toBe(generic.rank);
        expect(fast.rank).toBeLessThanOrEqual(rank);
      }),
      { numRuns: runs(200) },
    );
  });

  it('exact rank agrees with generic elimination over Q, whose pivots the kernel verifies', () => {
    fc.assert(
      fc.property(knownRankMatrix({ maxRows: 8, maxCols: 8 }), ({ matrix }) => {
        const generic = rankOverField(Q, mapMatrix(matrix, (x) => Q.fromInt(x)));
        expect(rankExact(matrix).rank).toBe(generic.rank);
        // Its pivots name a nonsingular minor too.
        expect(verifyCertificate(minorCertificate(matrix, generic)).verdict).toBe('verified');
      }),
      { numRuns: runs(100) },
    );
  });

  it('float rank equals the constructed rank on well-conditioned inputs', () => {
    fc.assert(
      fc.property(knownRankMatrix({ entryBound: 3, maxOps: 4 }), ({ matrix, rank }) => {
        const r = rankOfFloatMatrix(matrix);
        expect(r.rank).toBe(rank);
        if (r.sigmaNext !== null && r.sigmaLast !== null) expect(r.gap).toBeGreaterThan(1e6);
      }),
      { numRuns: runs(150) },
    );
  });

  it('modular rank with a target retries primes until it is reached', () => {
    // A matrix whose rank drops mod 3 but not mod 5: diag(1, 3).
    const a = { rows: 2, cols: 2, data: [1, 0, 0, 3] };
    const r = rankModP(a, { primes: [3, 5], target: 2 });
    expect(r.attempts).toEqual([
      { prime: 3, rank: 1 },
      { prime: 5, rank: 2 },
    ]);
    expect(r.rank).toBe(2);
    expect(r.prime).toBe(5);
  });
});

describe('larger matrices: the blocked modular engine against Bareiss', () => {
  it('agrees on random rank-deficient 100 x 140 integer matrices (several panels)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 66, max: 100 }), (seed, r) => {
        let s = seed;
        const rnd = (): number => {
          s = (Math.imul(s, 1103515245) + 12345) >>> 0;
          return (s >>> 8) % 201 - 100;
        };
        const m = 100;
        const n = 140;
        const x = Array.from({ length: m * r }, rnd);
        const y = Array.from({ length: r * n }, rnd);
        const data: bigint[] = [];
        for (let i = 0; i < m; i++)
          for (let j = 0; j < n; j++) {
            let acc = 0n;
            for (let t = 0; t < r; t++) acc += BigInt(x[i * r + t] as number) * BigInt(y[t * n + j] as number);
            data.push(acc);
          }
        const a = { rows: m, cols: n, data };
        const exact = rankExact({ rows: m, cols: n, data }).rank;
        const modp = rankModP(a, { target: exact });
        expect(modp.rank).toBe(exact);
        expect(exact).toBeLessThanOrEqual(r);
      }),
      { numRuns: runs(4) },
    );
  });
});
