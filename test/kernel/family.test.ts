/**
 * Kronecker certificates: one pair-block minor proves the odd/even rank bound for every even d.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clockMember, kroneckerCertificate, pairBlock, pairHt, pairTt, witnessPair, type IntegerPair } from '../../src/certify/kronecker.js';
import { tt, ttShared } from '../../src/formats/index.js';
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

describe('shared cores for every even d: the clock', () => {
  const clock = (n: number, r: number, seed: number): Extract<IntegerPair, { format: 'shared-clock' }> => {
    let s = seed >>> 0;
    const next = (): bigint => BigInt(((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) % 7) - 3);
    return { format: 'shared-clock', size: n, pairRank: r, open: Array.from({ length: n * (r - 1) }, next), close: Array.from({ length: (r - 1) * n }, next) };
  };
  it('the member of order d is the product of P over the pairs, and its odd/even rank is rank(P)^(d/2) (independent: exact elimination of the whole matricization)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 3 }), fc.integer({ min: 2, max: 4 }), fc.integer({ min: 0, max: 1 << 30 }), (n, r, seed) => {
        const f = clock(n, r, seed);
        const P = pairBlock(f);
        const base = rankExact({ rows: n, cols: n, data: P }).rank;
        for (const d of [2, 4, 6]) {
          const x = ttShared.toTt(clockMember(f, d));
          const m = matricize(Q, inField(Q, x) as never, oddEvenModes(d));
          expect(rankExact(m).rank).toBe(base ** (d / 2));
        }
        // Entry by entry at d = 4: T(i, j, k, l) = P(i, j) P(k, l).
        const x4 = ttShared.toTt(clockMember(f, 4));
        for (let lin = 0; lin < n ** 4; lin++) {
          const [i, j, k, l] = [Math.floor(lin / n ** 3) % n, Math.floor(lin / n ** 2) % n, Math.floor(lin / n) % n, lin % n];
          expect(tt.entry(Q, inField(Q, x4) as never, [i, j, k, l])).toEqual(Q.mul(Q.fromInt((P[i * n + j] as bigint)), Q.fromInt(P[k * n + l] as bigint)));
        }
      }),
      { numRuns: runs(12) },
    );
  });
  it('the kernel verifies the witness clock with base min(n, r - 1)', () => {
    for (const [n, r] of [[2, 3], [3, 4], [4, 3], [3, 2]] as const) {
      const v = verifyCertificate(kroneckerCertificate(witnessPair('shared-clock', n, r)).certificate);
      expect(v).toMatchObject({ verdict: 'verified', claim: { kind: 'rank-lower-bound-family', base: BigInt(Math.min(n, r - 1)) } });
    }
  });
  const cert = (): Doc => fresh(witnessPair('shared-clock', 3, 3));
  const cases: [string, (c: Doc) => void][] = [
    ['an open-to-open entry of the shared core (the order-d member would no longer be a product of pairs)', (c) => (c['pair']['middle'][1 * 3 * 3 + 0 * 3 + 1] = 1)],
    ['a closed-to-closed entry', (c) => (c['pair']['middle'][0] = 1)],
    ['a first core that is not the shared core\'s row 0', (c) => (c['pair']['first'][1] = 5)],
    ['a last core that is not the shared core\'s column 0', (c) => (c['pair']['last'][3] = 5)],
  ];
  for (const [name, edit] of cases)
    it(`rejects ${name}: BAD_TENSOR`, () => {
      const c = cert();
      edit(c);
      expect(verifyCertificate(sealCertificate(c))).toMatchObject({ verdict: 'rejected', code: 'BAD_TENSOR' });
    });
  it('a random shared-core pair (no clock) is refused, although its order-2 minor is nonsingular', () => {
    const x = ttShared.random({ order: 2, size: 3, rank: 3, seed: 2 });
    const c = cert();
    c['pair'] = { format: 'tt-shared', order: 2, size: 3, rank: 3, first: x.first.map(Number), middle: x.middle.map(Number), last: x.last.map(Number) };
    expect(verifyCertificate(sealCertificate(c))).toMatchObject({ verdict: 'rejected', code: 'BAD_TENSOR' });
  });
});
