/**
 * Kronecker certificates: one pair-block minor proves the odd/even rank bound for every even d.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutCertificate, isolationCertificate } from '../../src/certify/cut.js';
import { kroneckerCertificate, pairBlock, pairHt, pairTt, witnessPair, type IntegerPair } from '../../src/certify/kronecker.js';
import { chainCertificate, transferCertificate, transferMember, type TransferGenerator } from '../../src/certify/transfer.js';
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
  /** A small LCG: integers below k. */
  const lcg = (seed: number): ((k: number) => number) => {
    let x = seed >>> 0;
    return (k: number): number => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return (x >>> 16) % k;
    };
  };
  it('the lemma on random TTs with any ranks and any index sets (shuffled, A != C, T != I, unequal sizes where the block stays square): whenever the kernel verifies a chain certificate, exact elimination of the whole odd/even matricization finds at least its bound', () => {
    const arb = fc.record({ n: fc.integer({ min: 1, max: 3 }), k: fc.integer({ min: 1, max: 3 }), seed: fc.nat(), zeros: fc.boolean(), shared: fc.boolean() });
    let verified = 0;
    fc.assert(
      fc.property(arb, ({ n, k, seed, zeros, shared }) => {
        const d = 2 * k;
        if (n ** d > 4096) return;
        const next = lcg(seed);
        const entry = (): bigint => {
          const v = BigInt(next(5)) - 2n;
          return zeros && v > 0n ? 0n : v;
        };
        const q = 1 + next(3);
        const ranks = shared ? [1, ...new Array<number>(d - 1).fill(q), 1] : [1, ...Array.from({ length: d - 1 }, () => 1 + next(3)), 1];
        const cores = Array.from({ length: d }, (_, s) => Array.from({ length: (ranks[s] as number) * n * (ranks[s + 1] as number) }, entry));
        const middle = cores[1] ?? [];
        const x: f.TtTensor<bigint> = shared ? { format: 'tt', shape: new Array<number>(d).fill(n), ranks, cores: cores.map((c, s) => (s > 0 && s < d - 1 ? middle : c)) } : { format: 'tt', shape: new Array<number>(d).fill(n), ranks, cores };
        const shuffle = <T>(xs: T[]): T[] => {
          for (let i = xs.length - 1; i > 0; i--) {
            const j = next(i + 1);
            [xs[i], xs[j]] = [xs[j] as T, xs[i] as T];
          }
          return xs;
        };
        const subset = (m: number): number[] => shuffle(Array.from({ length: n }, (_, i) => i)).slice(0, m);
        // Sizes that keep each block square when possible: r_(2j-1) |T| = |I| r_(2j+1).
        const pairs = Array.from({ length: k - 1 }, (_, j) => {
          const [l, r] = [ranks[2 * j + 1] as number, ranks[2 * j + 3] as number];
          const t = 1 + next(n);
          const i = (l * t) % r === 0 ? (l * t) / r : t;
          return { odd: subset(Math.min(i, n)), even: subset(t) };
        });
        const indices = { first: subset(Math.min(ranks[1] as number, n)), pairs, last: subset(Math.min(ranks[d - 1] as number, n)) };
        const bound = pairs.reduce((acc, p) => acc * p.even.length, indices.first.length);
        const tensor = shared ? { format: 'tt-shared', order: d, size: n, rank: q, first: (cores[0] as bigint[]).map(Number), middle: middle.map(Number), last: (cores[d - 1] as bigint[]).map(Number) } : { format: 'tt', shape: x.shape, ranks, cores: cores.map((c) => c.map(Number)) };
        const doc = sealCertificate({ certificate: 'check-theorem', version: 2, kind: 'rank-lower-bound/chain', claim: { rankAtLeast: bound }, tensor, prime: 1000003, indices });
        const v = verifyCertificate(doc);
        if (v.verdict !== 'verified') return;
        verified++;
        expect(oddEvenRank(x)).toBeGreaterThanOrEqual(bound);
      }),
      { numRuns: runs(1500) },
    );
    expect(verified, 'some random chain certificates verify').toBeGreaterThan(20);
  });
  it('the family lemma: whenever the kernel verifies a transfer certificate on a random generator with random index sets, every member of order 2, 4, 6 has odd/even rank >= leading * base^(k-1)', () => {
    const arb = fc.integer({ min: 1, max: 3 }).chain((n) => fc.record({ n: fc.constant(n), a: fc.integer({ min: 1, max: n }), b: fc.integer({ min: 1, max: 3 }), m: fc.integer({ min: 1, max: n }), seed: fc.nat(), zeros: fc.boolean(), shared: fc.boolean() }));
    let verified = 0;
    fc.assert(
      fc.property(arb, ({ n, a, b, m, seed, zeros, shared }) => {
        const bb = shared ? a : b;
        const next = lcg(seed);
        const gen = (k: number): bigint[] => Array.from({ length: k }, () => {
          const v = BigInt(next(5)) - 2n;
          return zeros && v > 0n ? 0n : v;
        });
        const subset = (k: number): number[] => {
          const xs = Array.from({ length: n }, (_, i) => i);
          for (let i = xs.length - 1; i > 0; i--) {
            const j = next(i + 1);
            [xs[i], xs[j]] = [xs[j] as number, xs[i] as number];
          }
          return xs.slice(0, k);
        };
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
          indices: { first: subset(a), pairs: [{ odd: subset(m), even: subset(m) }], last: subset(a) },
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
      { numRuns: runs(600) },
    );
    expect(verified, 'some random generators verify').toBeGreaterThan(10);
  });
  const doc = (): Doc => JSON.parse(JSON.stringify(transferCertificate('tt', 4, 2, 3).certificate)) as Doc;
  const cases: [string, (c: Doc) => void, string][] = [
    ['a base above the index sets', (c) => (c.claim.base = 5), 'CLAIM_MISMATCH'],
    ['a leading factor that is not the bond rank', (c) => ((c.claim.leading = 1), (c.claim.base = 8)), 'CLAIM_MISMATCH'],
    ['first-mode indices fewer than the bond rank', (c) => ((c.indices.first = [0]), (c.claim = { leading: 1, base: 4 })), 'BAD_INDICES'],
    ['a block that is not square (|T| != |I| between bonds of one size)', (c) => ((c.indices.pairs[0].even = [0, 1, 2]), (c.claim = { leading: 2, base: 3 })), 'BAD_INDICES'],
    ['a repeated index', (c) => (c.indices.pairs[0].odd = [0, 1, 2, 2]), 'DUPLICATE_INDEX'],
    ['two pairs for a generator of order 4', (c) => c.indices.pairs.push(c.indices.pairs[0]), 'SIZE_MISMATCH'],
    ['ranks (1, a, b, c, 1) with c != a (H G cannot repeat)', (c) => ((c.generator.ranks = [1, 2, 2, 1, 1]), (c.generator.cores[2] = c.generator.cores[2].filter((_: unknown, i: number) => i % 2 === 0)), (c.generator.cores[3] = c.generator.cores[3].slice(0, 4))), 'BAD_TENSOR'],
    ['a generator of order 6', (c) => ((c.generator.shape = [4, 4, 4, 4, 4, 4]), (c.generator.ranks = [1, 2, 2, 2, 2, 2, 1]), c.generator.cores.splice(1, 0, c.generator.cores[1], c.generator.cores[2])), 'BAD_TENSOR'],
    ['an HT generator', (c) => (c.generator = { format: 'ht', shape: [4, 4, 4, 4], nodes: [{ leaf: 0, rank: 1, frame: [1, 0, 0, 0] }, { leaf: 1, rank: 1, frame: [1, 0, 0, 0] }, { leaf: 2, rank: 1, frame: [1, 0, 0, 0] }, { leaf: 3, rank: 1, frame: [1, 0, 0, 0] }, { children: [0, 1], rank: 1, transfer: [1] }, { children: [2, 3], rank: 1, transfer: [1] }, { children: [4, 5], rank: 1, transfer: [1] }] }), 'BAD_TENSOR'],
    ['a zero first core (F\' turns singular)', (c) => (c.generator.cores[0] = c.generator.cores[0].map(() => 0)), 'SINGULAR_MINOR'],
  ];
  for (const [name, edit, code] of cases) {
    it(`rejects ${name} with ${code}`, () => {
      const c = doc();
      edit(c);
      expect(verifyCertificate(sealCertificate(c))).toMatchObject({ verdict: 'rejected', code });
    });
  }
  it('chain certificates: one random TT of any even order (d = 24 here: rank >= 2 * 4^11, blocks of 8 x 8); the claim must be the product of the set sizes', () => {
    const x = f.tt.random({ shape: new Array<number>(24).fill(4), rank: 2, seed: 3 });
    const c = chainCertificate(x);
    expect(c?.rank).toBe(2n * 4n ** 11n);
    expect(verifyCertificate((c as { certificate: object }).certificate)).toMatchObject({ verdict: 'verified', claim: { kind: 'rank-lower-bound', method: 'transfer', bound: 2n * 4n ** 11n, subject: { rowModes: Array.from({ length: 12 }, (_, i) => 2 * i) } } });
    const raised = JSON.parse(JSON.stringify((c as { certificate: object }).certificate)) as Doc;
    raised.claim.rankAtLeast = String(2n * 4n ** 11n + 1n);
    expect(verifyCertificate(sealCertificate(raised))).toMatchObject({ verdict: 'rejected', code: 'CLAIM_MISMATCH' });
  });
  it("the paper's witness gets smaller blocks (its bonds between pairs carry one state): rank >= q^(d/2) exactly as the minor shows", () => {
    for (const [n, r, d] of [
      [4, 2, 8],
      [3, 3, 6],
      [5, 3, 6],
    ] as const) {
      const c = chainCertificate(f.tt.witness(n, r, d));
      expect(c?.rank).toBe(BigInt(Math.min(n, r) ** (d / 2)));
      expect(verifyCertificate((c as { certificate: object }).certificate)).toMatchObject({ verdict: 'verified' });
    }
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
