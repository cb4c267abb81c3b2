/**
 * Kronecker certificates: one pair-block minor proves the odd/even rank bound for every even d.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kroneckerCertificate, pairBlock, pairHt, pairTt, witnessPair, type IntegerPair } from '../../src/certify/kronecker.js';
import { Q } from '../../src/exact/fields.js';
import { inField, matricize } from '../../src/formats/verbs.js';
import { verifyCertificate } from '../support/kernel.js';
import { sealCertificate } from '../../src/kernel/index.js';
import { rankExact } from '../../src/rank/index.js';
import { oddEvenModes } from '../../src/tensor/shape.js';
import { runs } from '../../properties/runs.js';

type Doc = Record<string, any>;
const fresh = (f: IntegerPair): Doc => JSON.parse(JSON.stringify(kroneckerCertificate(f).certificate)) as Doc;

describe('kernel: rank-lower-bound/kronecker', () => {
  it('verifies the TT and HT witness pairs with base min(n, r)', () => {
    for (const [n, r] of [
      [3, 2],
      [2, 5],
      [4, 4],
    ] as const) {
      for (const fmt of ['tt-pairs', 'ht-pairs'] as const) {
        const v = verifyCertificate(kroneckerCertificate(witnessPair(fmt, n, r)).certificate);
        expect(v).toMatchObject({ verdict: 'verified', claim: { kind: 'rank-lower-bound-family', base: BigInt(Math.min(n, r)) } });
      }
    }
  });
  const cases: [string, (c: Doc) => void, string][] = [
    ['a base above the minor', (c) => (c.claim.rankAtLeastPerPair = 3), 'CLAIM_MISMATCH'],
    ['a pair entry zeroed (the minor turns singular)', (c) => (c.pair.cores[0][0] = 0), 'SINGULAR_MINOR'],
    ['an unknown format', (c) => (c.pair.format = 'mps'), 'UNKNOWN_KIND'],
    ['a pair core of the wrong length', (c) => c.pair.cores[1].pop(), 'SIZE_MISMATCH'],
    ['a pair of order 3', (c) => ((c.pair.shape = [3, 3, 1]), (c.pair.ranks = [1, 2, 1, 1]), c.pair.cores.push([1])), 'BAD_TENSOR'],
    ['a CP pair (only TT and HT pairs have the power structure the claim names)', (c) => (c.pair = { format: 'cp', shape: [3, 3], rank: 2, factors: [[1, 0, 0, 1, 0, 0], [1, 0, 0, 1, 0, 0]] }), 'BAD_TENSOR'],
    ['a repeated index', (c) => (c.rowIndices = [0, 0]), 'DUPLICATE_INDEX'],
  ];
  for (const [name, edit, code] of cases) {
    it(`rejects ${name} with ${code}`, () => {
      const c = fresh(witnessPair('tt-pairs', 3, 2));
      edit(c);
      expect(verifyCertificate(sealCertificate(c))).toMatchObject({ verdict: 'rejected', code });
    });
  }
  it('an unsealed edit is caught by the digest', () => {
    const c = fresh(witnessPair('ht-pairs', 3, 3));
    c.pair.nodes[2].transfer[1] = 5; // the block stays nonsingular; the content changed
    expect(verifyCertificate(c)).toMatchObject({ code: 'DIGEST_MISMATCH' });
  });
});

describe('the Kronecker lemma behind the certificate', () => {
  it('for random integer pairs: odd/even rank of the order-d member = rank(P)^(d/2), TT and HT, d = 2, 4, 6', () => {
    const pairArb = fc.record({ n: fc.integer({ min: 1, max: 3 }), s: fc.integer({ min: 1, max: 3 }), seed: fc.nat(), ht: fc.boolean(), zeros: fc.boolean() });
    fc.assert(
      fc.property(pairArb, fc.constantFrom(2, 4, 6), ({ n, s, seed, ht, zeros }, d) => {
        let x = seed;
        const next = (): bigint => {
          x = (Math.imul(x, 1103515245) + 12345) >>> 0;
          const v = BigInt((x >>> 16) % 7) - 3n;
          return zeros && v > 0n ? 0n : v;
        };
        const gen = (k: number): bigint[] => Array.from({ length: k }, next);
        const pair: IntegerPair = ht ? { format: 'ht-pairs', size: n, pairRank: s, left: gen(n * s), right: gen(n * s), transfer: gen(s * s) } : { format: 'tt-pairs', size: n, pairRank: s, first: gen(n * s), second: gen(s * n) };
        const rp = rankExact({ rows: n, cols: n, data: pairBlock(pair) }).rank;
        const member = pair.format === 'tt-pairs' ? pairTt(pair, d) : pairHt(pair, d);
        const rd = rankExact(matricize(Q, inField(Q, member), oddEvenModes(d))).rank;
        expect(rd).toBe(rp ** (d / 2));
        const v = verifyCertificate(kroneckerCertificate(pair).certificate);
        if (rp > 0) expect(v).toMatchObject({ verdict: 'verified', claim: { base: BigInt(rp) } });
      }),
      { numRuns: runs(150) },
    );
  });
});
