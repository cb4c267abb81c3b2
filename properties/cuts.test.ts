/**
 * Structural upper bounds: every exact matricization rank is at most the minimum cut; the
 * max-flow cut agrees with exhaustive search; cut certificates verify and tampered ones do not.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutCertificate } from '../src/certify/cut.js';
import { Q } from '../src/exact/fields.js';
import * as f from '../src/formats/index.js';
import { minCut, minCutBruteForce } from '../src/cuts/mincut.js';
import { networkOf, structureOf } from '../src/cuts/network.js';
import { verifyCertificate } from '../test/support/kernel.js';
import { rankExact } from '../src/rank/index.js';
import { anyTensorArb, tensorWithSplitArb } from './arbitraries/formats.js';
import { runs } from './runs.js';

const arb = tensorWithSplitArb(anyTensorArb({ maxOrder: 5, maxRank: 3 }));

describe('cut bounds', () => {
  it('exact matricization rank <= the minimum cut, always', () => {
    fc.assert(
      fc.property(arb, ({ x, rowModes }) => {
        const r = rankExact(f.matricize(Q, f.inField(Q, x), rowModes)).rank;
        expect(BigInt(r)).toBeLessThanOrEqual(minCut(structureOf(x), rowModes).bound);
      }),
      { numRuns: runs(150) },
    );
  });

  it('the max-flow minimum cut equals the exhaustive minimum', () => {
    let compared = 0;
    fc.assert(
      fc.property(arb, ({ x, rowModes }) => {
        const s = structureOf(x);
        if (networkOf(s).edges.length > 16) return;
        compared++;
        expect(minCut(s, rowModes).bound).toBe(minCutBruteForce(s, rowModes).bound);
      }),
      { numRuns: runs(150) },
    );
    expect(compared).toBeGreaterThan(50);
  });

  it('minimum-cut certificates verify; a cut with one element dropped or a lowered claim does not', () => {
    fc.assert(
      fc.property(arb, fc.nat(), ({ x, rowModes }, pick) => {
        const s = structureOf(x);
        const cut = minCut(s, rowModes);
        expect(verifyCertificate(cutCertificate(s, rowModes, cut)).verdict).toBe('verified');
        if (cut.bound > 1n) {
          const lowered = cutCertificate(s, rowModes, { cut: cut.cut, bound: cut.bound - 1n });
          expect(verifyCertificate(lowered)).toMatchObject({ code: 'CLAIM_MISMATCH' });
        }
        // Dropping a cut element of size > 1 must leave a path (the cut is minimal) or be caught.
        const big = cut.cut.filter((name) => (networkOf(s).edges.find((e) => e.name === name)?.size ?? 1) > 1);
        if (big.length > 0) {
          const drop = big[pick % big.length] as string;
          const rest = cut.cut.filter((c) => c !== drop);
          const size = BigInt(networkOf(s).edges.find((e) => e.name === drop)?.size ?? 1);
          const v = verifyCertificate(cutCertificate(s, rowModes, { cut: rest, bound: cut.bound / size }));
          expect(v).toMatchObject({ verdict: 'rejected', code: 'CUT_DOES_NOT_SEPARATE' });
        }
      }),
      { numRuns: runs(150) },
    );
  });
});
