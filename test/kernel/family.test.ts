/**
 * Kronecker certificates: one pair-block minor proves the odd/even rank bound for every even d.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutCertificate, isolationCertificate } from '../../src/certify/cut.js';
import { kroneckerCertificate, pairBlock, pairHt, pairTt, witnessPair, type IntegerPair } from '../../src/certify/kronecker.js';
import { transferCertificate, transferMember, type TransferGenerator } from '../../src/certify/transfer.js';
import type { NetworkStructure } from '../../src/cuts/network.js';
import * as f from '../../src/formats/index.js';
import { ttShared } from '../../src/formats/index.js';
import { Q } from '../../src/exact/fields.js';
import { inField, matricize } from '../../src/formats/verbs.js';
import { verifyCertificate } from '../support/kernel.js';
import { sealCertificate } from '../../src/kernel/index.js';
import { rankExact } from '../../src/rank/index.js';
import { oddEvenModes } from '../../src/tensor/shape.js';
import { runs } from '../../properties/runs.js';

type Doc = Record<string, any>;
const ttS = (n: number, r: number, d: number): NetworkStructure => ({ format: 'tt', shape: new Array<number>(d).fill(n), ranks: [1, ...new Array<number>(d - 1).fill(r), 1] });
const htS = (n: number, r: number, d: number, tree = f.balancedTree(d)): NetworkStructure => ({ format: 'ht', shape: new Array<number>(d).fill(n), nodes: tree.nodes.map((node, t) => ({ ...node, rank: t === tree.nodes.length - 1 ? 1 : r })) });
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

describe('kernel: rank-lower-bound/transfer', () => {
  const member = (g: TransferGenerator, d: number): f.TtTensor<bigint> => {
    const x = transferMember(g, d);
    return x.format === 'tt-shared' ? ttShared.toTt(x) : x;
  };
  const oddEvenRank = (x: f.TtTensor<bigint>): number => rankExact(matricize(Q, inField(Q, x), oddEvenModes(x.shape.length))).rank;
  it('verifies TT and shared-core generators with leading min(n, r) and base min(n, min(n, r)^2), and the members reach it (independent: exact elimination of the whole matricization)', () => {
    for (const [n, r] of [
      [2, 2],
      [3, 2],
      [4, 2],
      [5, 3],
      [2, 3],
      [6, 2],
    ] as const) {
      for (const format of ['tt', 'tt-shared'] as const) {
        const t = transferCertificate(format, n, r, 7);
        const a = Math.min(n, r);
        const m = Math.min(n, a * a);
        expect(verifyCertificate(t.certificate)).toMatchObject({ verdict: 'verified', claim: { kind: 'rank-lower-bound-family', method: 'transfer', family: { format, size: n, rank: a }, leading: BigInt(a), base: BigInt(m) } });
        for (const d of [2, 4, 6]) if (n ** d <= 4096) expect(oddEvenRank(member(t.generator, d)), `n=${n} r=${r} d=${d} ${format}`).toBe(a * m ** (d / 2 - 1));
      }
    }
  });
  it('the lemma on random generators: whenever the kernel verifies, every member of order 2, 4, 6 has odd/even rank >= leading * base^(k-1) (exact elimination)', () => {
    // Random small generators with many zeros, so that singular transfer blocks occur too.
    const arb = fc.record({ n: fc.integer({ min: 1, max: 3 }), a: fc.integer({ min: 1, max: 2 }), b: fc.integer({ min: 1, max: 3 }), seed: fc.nat(), zeros: fc.boolean(), shared: fc.boolean() });
    let verified = 0;
    fc.assert(
      fc.property(arb, ({ n, a, b, seed, zeros, shared }) => {
        let x = seed;
        const next = (): bigint => {
          x = (Math.imul(x, 1103515245) + 12345) >>> 0;
          const v = BigInt((x >>> 16) % 5) - 2n;
          return zeros && v > 0n ? 0n : v;
        };
        const gen = (k: number): bigint[] => Array.from({ length: k }, next);
        const bb = shared ? a : b;
        const F = gen(n * a);
        const H = gen(a * n * bb);
        const G = shared ? H : gen(bb * n * a);
        const g = gen(a * n);
        const cores = [F, H, G, g];
        const m = Math.min(n, a * bb);
        // The certificate the kernel would need: rows {0..a-1} x {0..m-1}, columns {0..m-1} x {0..a-1}.
        const doc = sealCertificate({
          certificate: 'check-theorem',
          version: 2,
          kind: 'rank-lower-bound/transfer',
          claim: { leading: a, base: m },
          generator: shared ? { format: 'tt-shared', order: 4, size: n, rank: a, first: F.map(Number), middle: H.map(Number), last: g.map(Number) } : { format: 'tt', shape: [n, n, n, n], ranks: [1, a, bb, a, 1], cores: cores.map((c) => c.map(Number)) },
          prime: 1000003,
          rowIndices: Array.from({ length: a * m }, (_, lin) => Math.floor(lin / m) * n + (lin % m)),
          colIndices: Array.from({ length: m * a }, (_, lin) => Math.floor(lin / a) * n + (lin % a)),
        });
        if (a > n) return; // the index sets cannot have a elements
        const v = verifyCertificate(doc);
        if (v.verdict !== 'verified') return;
        verified++;
        const tg: TransferGenerator = { format: 'tt', size: n, rank: a, first: F, odd: H, even: G, last: g };
        for (const d of [2, 4, 6]) {
          const x = transferMember({ ...tg, rank: a }, d) as f.TtTensor<bigint>;
          // Bonds alternate a, b: rebuild the member with the generator's own ranks.
          const ranks = [1, ...Array.from({ length: d - 1 }, (_, k) => (k % 2 === 0 ? a : bb)), 1];
          expect(oddEvenRank({ ...x, ranks })).toBeGreaterThanOrEqual(a * m ** (d / 2 - 1));
        }
      }),
      { numRuns: runs(120) },
    );
    expect(verified, 'some random generators verify').toBeGreaterThan(5);
  });
  it('the lemma with arbitrary index sets (A != C, T != I, rows and columns in any order, b != a, and product sets in the wrong orientation too): whenever the kernel verifies, every member of order 2, 4, 6 has odd/even rank >= leading * base^(k-1)', () => {
    // The honest contiguous sets above cannot tell i_0 from i_2 or A from C: a kernel reading the
    // first-mode set off i_2 passes them, yet verifies false claims on minors with rows T x A
    // (i_0 in a set of size m, i_2 in one of size a). Here the orientation is random as well.
    const arb = fc
      .integer({ min: 1, max: 3 })
      .chain((n) => fc.record({ n: fc.constant(n), a: fc.integer({ min: 1, max: n }), b: fc.integer({ min: 1, max: 3 }), m: fc.integer({ min: 1, max: n }), seed: fc.nat(), zeros: fc.boolean(), shared: fc.boolean(), flipRows: fc.boolean(), flipCols: fc.boolean() }));
    let verified = 0;
    fc.assert(
      fc.property(arb, ({ n, a, b, m, seed, zeros, shared, flipRows, flipCols }) => {
        const bb = shared ? a : b;
        let x = seed;
        const next = (k: number): number => {
          x = (Math.imul(x, 1103515245) + 12345) >>> 0;
          return (x >>> 16) % k;
        };
        const entry = (): bigint => {
          const v = BigInt(next(5)) - 2n;
          return zeros && v > 0n ? 0n : v;
        };
        const gen = (k: number): bigint[] => Array.from({ length: k }, entry);
        const shuffle = <T>(xs: T[]): T[] => {
          for (let i = xs.length - 1; i > 0; i--) {
            const j = next(i + 1);
            [xs[i], xs[j]] = [xs[j] as T, xs[i] as T];
          }
          return xs;
        };
        const subset = (k: number): number[] => shuffle(Array.from({ length: n }, (_, i) => i)).slice(0, k);
        const [A, T, I, C] = [subset(a), subset(m), subset(m), subset(a)] as [number[], number[], number[], number[]];
        const F = gen(n * a);
        const H = gen(a * n * bb);
        const G = shared ? H : gen(bb * n * a);
        const g = gen(a * n);
        const doc = sealCertificate({
          certificate: 'check-theorem',
          version: 2,
          kind: 'rank-lower-bound/transfer',
          claim: { leading: a, base: m },
          generator: shared ? { format: 'tt-shared', order: 4, size: n, rank: a, first: F.map(Number), middle: H.map(Number), last: g.map(Number) } : { format: 'tt', shape: [n, n, n, n], ranks: [1, a, bb, a, 1], cores: [F, H, G, g].map((c) => c.map(Number)) },
          prime: 1000003,
          rowIndices: shuffle(A.flatMap((x) => T.map((t) => (flipRows ? t * n + x : x * n + t)))),
          colIndices: shuffle(I.flatMap((i) => C.map((c) => (flipCols ? c * n + i : i * n + c)))),
        });
        const v = verifyCertificate(doc);
        if (v.verdict !== 'verified') return;
        verified++;
        const tg: TransferGenerator = { format: 'tt', size: n, rank: a, first: F, odd: H, even: G, last: g };
        for (const d of [2, 4, 6]) {
          const ranks = [1, ...Array.from({ length: d - 1 }, (_, k) => (k % 2 === 0 ? a : bb)), 1];
          expect(oddEvenRank({ ...(transferMember(tg, d) as f.TtTensor<bigint>), ranks })).toBeGreaterThanOrEqual(a * m ** (d / 2 - 1));
        }
      }),
      { numRuns: runs(1500) },
    );
    expect(verified, 'some random generators verify').toBeGreaterThan(10);
  });
  const doc = (): Doc => JSON.parse(JSON.stringify(transferCertificate('tt', 4, 2, 3).certificate)) as Doc;
  const cases: [string, (c: Doc) => void, string][] = [
    ['a base above the index sets', (c) => (c.claim.base = 5), 'CLAIM_MISMATCH'],
    ['a leading factor that is not the bond rank', (c) => ((c.claim.leading = 1), (c.claim.base = 8)), 'CLAIM_MISMATCH'],
    ['rows that are not a product set (one row swapped for another)', (c) => (c.rowIndices[0] = 15), 'BAD_INDICES'],
    ['columns that are not a product set', (c) => (c.colIndices[7] = 15), 'BAD_INDICES'],
    ['first-mode indices fewer than the bond rank', (c) => ((c.rowIndices = [0, 1, 2, 3, 4, 5, 6, 7].map((x) => x % 4)), (c.claim = { leading: 2, base: 4 })), 'DUPLICATE_INDEX'],
    ['ranks (1, a, b, c, 1) with c != a (H G cannot repeat)', (c) => ((c.generator.ranks = [1, 2, 2, 1, 1]), (c.generator.cores[2] = c.generator.cores[2].filter((_: unknown, i: number) => i % 2 === 0)), (c.generator.cores[3] = c.generator.cores[3].slice(0, 4))), 'BAD_TENSOR'],
    ['a generator of order 6', (c) => ((c.generator.shape = [4, 4, 4, 4, 4, 4]), (c.generator.ranks = [1, 2, 2, 2, 2, 2, 1]), c.generator.cores.splice(1, 0, c.generator.cores[1], c.generator.cores[2])), 'BAD_TENSOR'],
    ['an HT generator', (c) => (c.generator = { format: 'ht', shape: [4, 4, 4, 4], nodes: [] }), 'BAD_TENSOR'],
    ['a zero first core (the minor turns singular)', (c) => (c.generator.cores[0] = c.generator.cores[0].map(() => 0)), 'SINGULAR_MINOR'],
  ];
  for (const [name, edit, code] of cases) {
    it(`rejects ${name} with ${code}`, () => {
      const c = doc();
      edit(c);
      expect(verifyCertificate(sealCertificate(c))).toMatchObject({ verdict: 'rejected', code });
    });
  }
  it('a product-structured minor whose first-mode set is smaller than the bond rank is refused, though nonsingular (its rank bound would not multiply)', () => {
    // Bond rank 2, but rows {0} x T and columns I x {0}: a 4 x 4 minor can be nonsingular while F' = F[{0}, :] is 1 x 2.
    const c = doc();
    c.claim = { leading: 1, base: 4 };
    c.rowIndices = [0, 1, 2, 3];
    c.colIndices = [0, 4, 8, 12];
    expect(verifyCertificate(sealCertificate(c))).toMatchObject({ verdict: 'rejected', code: 'BAD_INDICES' });
  });
  it('an unsealed edit is caught by the digest', () => {
    const c = doc();
    c.generator.cores[1][0] = Number(c.generator.cores[1][0]) + 7;
    expect(verifyCertificate(c)).toMatchObject({ verdict: 'rejected' });
  });
});

describe('kernel: rank-upper-bound/isolation', () => {
  it('the rule, checked against the kernel\'s own cut check at every order d = 2..10: the explicit cut separates and has the claimed size', () => {
    for (const [n, r] of [
      [2, 3],
      [3, 2],
      [5, 2],
      [4, 2],
      [7, 2],
    ] as const) {
      for (const format of ['tt', 'ht'] as const) {
        const iso = isolationCertificate(format, n, r);
        const v = verifyCertificate(iso.certificate);
        expect(v).toMatchObject({ verdict: 'verified', claim: { kind: 'rank-upper-bound-family', leading: iso.leading, base: iso.base } });
        if (v.verdict !== 'verified' || v.claim.kind !== 'rank-upper-bound-family') continue;
        for (let d = 2; d <= 10; d += 2) {
          const k = d / 2;
          const s = format === 'tt' ? ttS(n, r, d) : htS(n, r, d);
          const names: string[] = [];
          for (let m = 1; m < d; m += 2) {
            const choice = format === 'ht' ? v.claim.cut['leaf'] : m === d - 1 ? v.claim.cut['last'] : v.claim.cut['middle'];
            if (choice === 'leg') names.push(`leg:${m}`);
            else if (format === 'tt') names.push(`bond:${m}`, ...(m + 1 < d ? [`bond:${m + 1}`] : []));
            else names.push(`edge:${f.balancedTree(d).nodes.findIndex((node) => node.kind === 'leaf' && node.mode === m)}`);
          }
          const bound = iso.leading * iso.base ** BigInt(k - 1);
          expect(verifyCertificate(cutCertificate(s, oddEvenModes(d), { cut: names, bound })), `${format} n=${n} r=${r} d=${d}`).toMatchObject({ verdict: 'verified', claim: { bound } });
        }
      }
    }
  });
  it('random networks never exceed it (exact ranks, d = 2, 4, 6)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.constantFrom(2, 4, 6), fc.nat(), fc.boolean(), (n, r, d, seed, shared) => {
        if (n ** d > 4096) return;
        const iso = isolationCertificate('tt', n, r);
        const x: f.TtTensor<bigint> = shared ? ttShared.toTt(ttShared.random({ order: d, size: n, rank: r, seed })) : f.tt.random({ shape: new Array<number>(d).fill(n), rank: r, seed });
        expect(BigInt(rankExact(matricize(Q, inField(Q, x), oddEvenModes(d))).rank)).toBeLessThanOrEqual(iso.leading * iso.base ** BigInt(d / 2 - 1));
      }),
      { numRuns: runs(60) },
    );
  });
  const doc = (): Doc => JSON.parse(JSON.stringify(isolationCertificate('tt', 3, 2).certificate)) as Doc;
  const cases: [string, (c: Doc) => void, string][] = [
    ['a claim below what the cut removes', (c) => (c.claim.base = 2), 'CLAIM_MISMATCH'],
    ['an unknown choice', (c) => (c.cut.middle = 'half'), 'UNKNOWN_CUT_ELEMENT'],
    ['a missing node kind', (c) => delete c.cut.last, 'MISSING_FIELD'],
    ['a prefix split', (c) => (c.split = 'prefix:2'), 'BAD_MODES'],
    ['an unknown format', (c) => (c.family.format = 'cp'), 'UNKNOWN_KIND'],
  ];
  for (const [name, edit, code] of cases) {
    it(`rejects ${name} with ${code}`, () => {
      const c = doc();
      edit(c);
      expect(verifyCertificate(sealCertificate(c))).toMatchObject({ verdict: 'rejected', code });
    });
  }
});
