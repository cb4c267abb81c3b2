/**
 * Soundness of the kernel under random tampering: a mutated certificate is either Rejected with
 * a code, or its claim is true (checked independently by exact elimination on the mutated
 * matrix). The kernel never throws on bad input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minorCertificate } from '../src/certify/minor.js';
import { REJECTION_CODES } from '../src/kernel/verdict.js';
import { verifyCertificate, verifyCertificateText } from '../src/kernel/check.js';
import { rankExact } from '../src/rank/index.js';
import { knownRankMatrix } from './arbitraries/matrices.js';
import { mutate, mutationArb } from './arbitraries/json-mutations.js';

describe('kernel under random mutation', () => {
  it('a mutated minor certificate is Verified only when its claim is true', () => {
    fc.assert(
      fc.property(knownRankMatrix({ maxRows: 7, maxCols: 7 }), fc.array(mutationArb, { minLength: 1, maxLength: 3 }), ({ matrix }, muts) => {
        let doc: unknown = minorCertificate(matrix, rankExact(matrix));
        for (const m of muts) doc = mutate(doc, m).doc;
        const v = verifyCertificate(doc);
        if (v.verdict === 'rejected') {
          expect(REJECTION_CODES).toContain(v.code);
          return;
        }
        // Verified: the claim must hold for the (mutated) matrix the certificate now carries.
        const s = v.claim.subject;
        const trueRank = rankExact({ rows: s.rows, cols: s.cols, data: [...s.entries] }).rank;
        expect(BigInt(trueRank)).toBeGreaterThanOrEqual(v.claim.bound);
      }),
      { numRuns: 400 },
    );
  });

  it('raising the claim above the true rank is never Verified', () => {
    fc.assert(
      fc.property(knownRankMatrix({ maxRows: 7, maxCols: 7 }), fc.integer({ min: 1, max: 3 }), ({ matrix, rank }, extra) => {
        const c = minorCertificate(matrix, rankExact(matrix)) as Record<string, any>;
        c.claim.rankAtLeast = rank + extra;
        expect(verifyCertificate(c).verdict).toBe('rejected');
        // Also with indices padded to match the raised claim.
        for (let e = 0; e < extra; e++) {
          c.rowIndices.push((c.rowIndices.length + e) % Math.max(1, matrix.rows));
          c.colIndices.push((c.colIndices.length + e) % Math.max(1, matrix.cols));
        }
        expect(verifyCertificate(c).verdict).toBe('rejected');
      }),
      { numRuns: 200 },
    );
  });

  it('truncated certificate text is Rejected, never an exception', () => {
    fc.assert(
      fc.property(knownRankMatrix({ maxRows: 5, maxCols: 5 }), fc.double({ min: 0, max: 1, noNaN: true }), ({ matrix }, frac) => {
        const text = JSON.stringify(minorCertificate(matrix, rankExact(matrix)));
        const cut = Math.floor(frac * (text.length - 1));
        const v = verifyCertificateText(text.slice(0, cut));
        expect(v.verdict).toBe('rejected');
      }),
      { numRuns: 200 },
    );
  });
});
