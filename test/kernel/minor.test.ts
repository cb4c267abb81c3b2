/**
 * The kernel on explicit-matrix minor certificates: a valid one is Verified, and each kind of
 * tampering is Rejected with its own code and the JSON Pointer of the fault.
 */
import { describe, expect, it } from 'vitest';
import { minorCertificate } from '../../src/certify/minor.js';
import { verifyCertificate, verifyCertificateText } from '../support/kernel.js';
import { rankExact } from '../../src/rank/index.js';
import { sealCertificate } from '../../src/kernel/index.js';

// rank 2: row 2 = 2 * row 0, so rows {0, 2} span only a line.
const A = { rows: 3, cols: 3, data: [1, 2, 3, 4, 5, 6, 2, 4, 6] };

function valid(): Record<string, unknown> {
  return minorCertificate(A, rankExact(A)) as Record<string, unknown>;
}

/** An edited copy, resealed (digest recomputed) so the kernel reports the edit's own code. */
function tampered(edit: (c: Record<string, any>) => void): Record<string, unknown> {
  const c = JSON.parse(JSON.stringify(valid())) as Record<string, any>;
  edit(c);
  return sealCertificate(c);
}

describe('kernel: rank-lower-bound/minor on an explicit matrix', () => {
  it('verifies the certificate built from exact pivots', () => {
    const v = verifyCertificate(valid());
    expect(v.verdict).toBe('verified');
    if (v.verdict === 'verified' && v.claim.kind === 'rank-lower-bound') {
      expect(v.claim.bound).toBe(2n);
      expect(v.claim.kind).toBe('rank-lower-bound');
    }
  });

  const cases: [string, (c: Record<string, any>) => void, string, string][] = [
    ['a row index changed to give a singular minor', (c) => (c.rowIndices = [0, 2]), 'SINGULAR_MINOR', '/rowIndices'],
    ['a repeated row index', (c) => (c.rowIndices = [c.rowIndices[0], c.rowIndices[0]]), 'DUPLICATE_INDEX', '/rowIndices/1'],
    ['a row index out of range', (c) => (c.rowIndices[1] = 3), 'INDEX_OUT_OF_RANGE', '/rowIndices/1'],
    ['a negative column index', (c) => (c.colIndices[0] = -1), 'INDEX_OUT_OF_RANGE', '/colIndices/0'],
    ['a composite "prime"', (c) => (c.prime = 8388591), 'NOT_PRIME', '/prime'],
    ['a prime too large for exact products', (c) => (c.prime = 2147483647), 'PRIME_TOO_LARGE', '/prime'],
    ['a claim above the minor size', (c) => (c.claim.rankAtLeast = 3), 'CLAIM_MISMATCH', '/claim/rankAtLeast'],
    ['one column index fewer', (c) => c.colIndices.pop(), 'SIZE_MISMATCH', '/colIndices'],
    ['a matrix row of the wrong length', (c) => c.matrix.entries[1].pop(), 'SIZE_MISMATCH', '/matrix/entries/1'],
    ['rows disagreeing with the entries', (c) => (c.matrix.rows = 4), 'SIZE_MISMATCH', '/matrix/entries'],
    ['a missing prime', (c) => delete c.prime, 'MISSING_FIELD', '/prime'],
    ['an unknown field', (c) => (c.comment = 'trust me'), 'UNKNOWN_FIELD', '/comment'],
    ['an unknown field in the claim', (c) => (c.claim.rankAtMost = 1), 'UNKNOWN_FIELD', '/claim/rankAtMost'],
    ['a float entry (not a plain integer in the text)', (c) => (c.matrix.entries[0][0] = 1.5), 'INEXACT_NUMBER', '/matrix/entries/0/0'],
    ['a string that is not a number', (c) => (c.matrix.entries[0][0] = 'one'), 'BAD_ENTRY', '/matrix/entries/0/0'],
    ['another version', (c) => (c.version = 1), 'UNSUPPORTED_VERSION', '/version'],
    ['an unknown kind', (c) => (c.kind = 'rank-lower-bound/magic'), 'UNKNOWN_KIND', '/kind'],
    ['a string where indices belong', (c) => (c.rowIndices = '0,1'), 'WRONG_TYPE', '/rowIndices'],
  ];
  for (const [name, edit, code, path] of cases) {
    it(`rejects ${name} with ${code}`, () => {
      const v = verifyCertificate(tampered(edit));
      expect(v).toMatchObject({ verdict: 'rejected', code, path });
    });
  }

  it('rejects a missing digest with MISSING_FIELD', () => {
    const c = JSON.parse(JSON.stringify(valid())) as Record<string, any>;
    delete c.digest;
    expect(verifyCertificate(c)).toMatchObject({ verdict: 'rejected', code: 'MISSING_FIELD', path: '/digest' });
  });

  it('rejects an edit that leaves another valid proof with DIGEST_MISMATCH, and accepts it resealed', () => {
    const c = JSON.parse(JSON.stringify(valid())) as Record<string, any>;
    c.matrix.entries[2][2] = 7; // outside the pivot minor rows {0, 1}
    expect(verifyCertificate(c)).toMatchObject({ verdict: 'rejected', code: 'DIGEST_MISMATCH', path: '/digest' });
    expect(verifyCertificate(sealCertificate(c)).verdict).toBe('verified');
  });

  it('rejects a prime that divides a denominator of a rational entry', () => {
    const c = tampered((c) => {
      c.prime = 3;
      c.matrix.entries[c.rowIndices[0]][c.colIndices[0]] = '1/3';
    });
    expect(verifyCertificate(c)).toMatchObject({ verdict: 'rejected', code: 'PRIME_DIVIDES_DENOMINATOR' });
  });

  it('rejects malformed, huge-nested and non-object input without throwing', () => {
    expect(verifyCertificateText('{"certificate":')).toMatchObject({ code: 'MALFORMED_JSON' });
    expect(verifyCertificateText('['.repeat(100_000) + ']'.repeat(100_000))).toMatchObject({ code: 'TOO_DEEP' });
    expect(verifyCertificate(null)).toMatchObject({ code: 'WRONG_TYPE', path: '' });
    expect(verifyCertificate([1, 2])).toMatchObject({ code: 'WRONG_TYPE' });
  });

  it('accepts rational entries and big integers written as strings', () => {
    const B = { rows: 2, cols: 2, data: [{ num: 1n, den: 2n }, 10n ** 30n, 0n, { num: -7n, den: 3n }] };
    const c = minorCertificate(B, rankExact(B)) as Record<string, any>;
    expect(c.matrix.entries[0]).toEqual(['1/2', '1000000000000000000000000000000']);
    expect(verifyCertificate(c)).toMatchObject({ verdict: 'verified' });
  });
});
