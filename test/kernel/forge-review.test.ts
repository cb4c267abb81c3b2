/**
 * Red-team review of the kernel code changed since 78e02bd: attempts to FORGE a certificate or a
 * bundle that the kernel VERIFIES / PROVES although its claim is false. Every test here is one
 * attempt and asserts the kernel's correct behaviour (a rejection, or NOT_PROVED / REFUTED, or,
 * where the attempt turned out to be a true claim, an independent check that it is true). A
 * passing test documents an attempt that failed.
 */
import { describe, expect, it } from 'vitest';
import { isolationCertificate } from '../../src/certify/cut.js';
import { kroneckerCertificate, witnessPair } from '../../src/certify/kronecker.js';
import { chainCertificate, transferCertificate } from '../../src/certify/transfer.js';
import * as f from '../../src/formats/index.js';
import { ttShared } from '../../src/formats/index.js';
import { tensorFromKernel, tensorToJson } from '../../src/formats/json.js';
import { entry, inField, matricize } from '../../src/formats/verbs.js';
import { Q } from '../../src/exact/fields.js';
import { checkBundle, contentDigest, parseJson, readTensor, sealCertificate, type BundleVerdict } from '../../src/kernel/index.js';
import { matricizationMinor } from '../../src/kernel/checks/minor.js';
import { isNonsingularModP } from '../../src/kernel/eliminate.js';
import { rankExact } from '../../src/rank/index.js';
import { stableJson } from '../../src/report/json.js';
import { oddEvenModes } from '../../src/tensor/shape.js';
import { allEvenDCpRankAtLeast, allEvenDGenericRankAtLeast, allEvenDGenericRankEquals, allEvenDRankAtMost } from '../../proofs/statements.js';
import type { StatementJson } from '../../src/runner/types.js';
import { verifyCertificate, verifyCertificateText } from '../support/kernel.js';
import { readFileSync } from 'node:fs';

type Doc = Record<string, any>;
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const range = (k: number): number[] => Array.from({ length: k }, (_, i) => i);
const P = 1000003;

/** A small LCG: integers in [lo, hi]. */
function lcg(seed: number): (lo: number, hi: number) => number {
  let x = seed >>> 0 || 1;
  return (lo, hi) => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return lo + ((x >>> 8) % (hi - lo + 1));
  };
}

const chainDoc = (tensor: object, indices: object, bound: number | string, prime: number | string = P): Doc =>
  sealCertificate({ certificate: 'check-theorem', version: 2, kind: 'rank-lower-bound/chain', claim: { rankAtLeast: bound }, tensor, prime, indices });

/** A random integer TT as kernel JSON (flat cores). */
function ttJson(shape: number[], ranks: number[], seed: number, lo = -3, hi = 3): Doc {
  const rnd = lcg(seed);
  return { format: 'tt', shape, ranks, cores: shape.map((n, k) => range((ranks[k] as number) * n * (ranks[k + 1] as number)).map(() => rnd(lo, hi))) };
}

function exactOddEvenRank(json: object): number {
  const x = tensorFromKernel(readTensor(parseJson(stableJson(json)), ''));
  const d = f.shapeOf(x).length;
  return rankExact(matricize(Q, x, oddEvenModes(d))).rank;
}

/** A single-file bundle with one proof claim per entry (certificates inline). */
function bundle(claims: { statement: StatementJson; certs: object[] }[]): BundleVerdict {
  const certs = [...new Set(claims.flatMap((c) => c.certs))];
  const manifest = {
    bundle: 'check-theorem/proof-bundle',
    version: 1,
    theorem: 'forge',
    claims: claims.map((c, i) => ({ id: `c${i}`, role: 'proof', statement: c.statement, certificates: c.certs.map(contentDigest) })),
    certificates: certs.map((c) => ({ digest: contentDigest(c), certificate: c })),
  };
  return checkBundle(stableJson(manifest));
}

// ---------------------------------------------------------------------------------------------
describe('forge review: rank-lower-bound/chain (one tensor)', () => {
  const base = (): { tensor: Doc; indices: Doc } => ({
    tensor: ttJson([3, 3, 3, 3], [1, 2, 2, 2, 1], 11),
    indices: { first: [0, 1], pairs: [{ odd: [0, 1, 2], even: [0, 1, 2] }], last: [0, 1] },
  });
  it('control: the honest certificate verifies and its bound holds (exact rank)', () => {
    const { tensor, indices } = base();
    const v = verifyCertificate(chainDoc(tensor, indices, 6));
    if (v.verdict === 'verified') expect(exactOddEvenRank(tensor)).toBeGreaterThanOrEqual(6);
  });
  const cases: [string, (t: Doc, ix: Doc) => { t: Doc; ix: Doc; bound?: number | string }, string][] = [
    ['an order-3 TT', (t, ix) => ({ t: { format: 'tt', shape: [3, 3, 3], ranks: [1, 2, 2, 1], cores: t.cores.slice(0, 3).map((c: number[], k: number) => (k === 2 ? c.slice(0, 6) : c)) }, ix: { ...ix, pairs: [] }, bound: 2 }), 'BAD_TENSOR'],
    ['modes of different sizes (3, 3, 3, 2)', (t, ix) => ({ t: { ...t, shape: [3, 3, 3, 2], cores: [...t.cores.slice(0, 3), t.cores[3].slice(0, 4)] }, ix }), 'BAD_TENSOR'],
    ['|A| = 1 < r_1 = 2 (claim 1 * 3)', (t, ix) => ({ t, ix: { ...ix, first: [0] }, bound: 3 }), 'BAD_INDICES'],
    ['|C| = 3 > r_3 = 2', (t, ix) => ({ t, ix: { ...ix, last: [0, 1, 2] }, bound: 6 }), 'BAD_INDICES'],
    ['a claim one above the product of the set sizes', (t, ix) => ({ t, ix, bound: 7 }), 'CLAIM_MISMATCH'],
    ['a claim written as a decimal string one above', (t, ix) => ({ t, ix, bound: '7' }), 'CLAIM_MISMATCH'],
    ['T repeating an index (T = [0, 0, 1])', (t, ix) => ({ t, ix: { ...ix, pairs: [{ odd: [0, 1, 2], even: [0, 0, 1] }] } }), 'DUPLICATE_INDEX'],
    ['A repeating an index (A = [1, 1])', (t, ix) => ({ t, ix: { ...ix, first: [1, 1] } }), 'DUPLICATE_INDEX'],
    ['an index equal to n', (t, ix) => ({ t, ix: { ...ix, last: [0, 3] } }), 'INDEX_OUT_OF_RANGE'],
    ['a negative index', (t, ix) => ({ t, ix: { ...ix, first: [-1, 0] } }), 'INDEX_OUT_OF_RANGE'],
    ['a non-square transfer block (|T| = 3, |I| = 2, equal ranks)', (t, ix) => ({ t, ix: { ...ix, pairs: [{ odd: [0, 1], even: [0, 1, 2] }] }, bound: 6 }), 'BAD_INDICES'],
    ['one pair too many', (t, ix) => ({ t, ix: { ...ix, pairs: [...ix.pairs, ...ix.pairs] }, bound: 18 }), 'SIZE_MISMATCH'],
    ['no pair at order 4', (t, ix) => ({ t, ix: { ...ix, pairs: [] }, bound: 2 }), 'SIZE_MISMATCH'],
    ['an extra field in the indices', (t, ix) => ({ t, ix: { ...ix, extra: [0] } }), 'UNKNOWN_FIELD'],
  ];
  for (const [name, edit, code] of cases)
    it(`rejects ${name}: ${code}`, () => {
      const b = base();
      const { t, ix, bound } = edit(b.tensor, b.indices);
      expect(verifyCertificate(chainDoc(t, ix, bound ?? 6))).toMatchObject({ verdict: 'rejected', code });
    });

  it('rejects chain certificates on dense, CP and HT tensors (the blocks read TT cores only)', () => {
    const dense = { format: 'dense', shape: [2, 2], data: [1, 0, 0, 1] };
    const cp = { format: 'cp', shape: [2, 2], rank: 2, factors: [[1, 0, 0, 1], [1, 0, 0, 1]] };
    const ht = { format: 'ht', shape: [2, 2], nodes: [{ leaf: 0, rank: 2, frame: [1, 0, 0, 1] }, { leaf: 1, rank: 2, frame: [1, 0, 0, 1] }, { children: [0, 1], rank: 1, transfer: [1, 0, 0, 1] }] };
    for (const t of [dense, cp, ht]) expect(verifyCertificate(chainDoc(t, { first: [0, 1], pairs: [], last: [0, 1] }, 2))).toMatchObject({ verdict: 'rejected', code: 'BAD_TENSOR' });
  });

  it('a rank-1 TT (every bond 1) cannot claim |T| = |I| = 2 (its transfer block h_i g_t has rank 1): SINGULAR_MINOR', () => {
    const t = ttJson([3, 3, 3, 3], [1, 1, 1, 1, 1], 5, 1, 3);
    expect(exactOddEvenRank(t)).toBe(1);
    expect(verifyCertificate(chainDoc(t, { first: [0], pairs: [{ odd: [0, 1], even: [0, 1] }], last: [0] }, 2))).toMatchObject({ verdict: 'rejected', code: 'SINGULAR_MINOR' });
  });

  it('a TT of true odd/even rank 2 with bonds (2, 4, 2) claiming 2 * 2 = 4 via a block whose middle bond does all the work: SINGULAR_MINOR', () => {
    // delta(i0, i2) delta(i1, i3) up to rank 2 in i0/i1: bond 1 carries i0, bond 2 carries (i0, i1), bond 3 carries i1.
    const n = 2;
    const d = (a: number, b: number): number => (a === b ? 1 : 0);
    const c0 = range(n).flatMap((i) => range(n).map((a) => d(a, i)));
    const c1 = range(n).flatMap((a) => range(n).flatMap((i) => range(n * n).map((ab) => d(Math.floor(ab / n), a) * d(ab % n, i))));
    const c2 = range(n * n).flatMap((ab) => range(n).flatMap((i) => range(n).map((b2) => d(i, Math.floor(ab / n)) * d(b2, ab % n))));
    const c3 = range(n).flatMap((b) => range(n).map((i) => d(i, b)));
    const t = { format: 'tt', shape: [n, n, n, n], ranks: [1, n, n * n, n, 1], cores: [c0, c1, c2, c3] };
    expect(exactOddEvenRank(t)).toBe(1);
    expect(verifyCertificate(chainDoc(t, { first: range(n), pairs: [{ odd: range(n), even: range(n) }], last: range(n) }, n * n))).toMatchObject({ verdict: 'rejected' });
  });

  it('primes: composite, 1, >= 2^26, as a string, written with an exponent or a fraction: all refused', () => {
    const { tensor, indices } = base();
    expect(verifyCertificate(chainDoc(tensor, indices, 6, 1000001))).toMatchObject({ verdict: 'rejected', code: 'NOT_PRIME' }); // 101 * 9901
    expect(verifyCertificate(chainDoc(tensor, indices, 6, 1))).toMatchObject({ verdict: 'rejected', code: 'NOT_PRIME' });
    expect(verifyCertificate(chainDoc(tensor, indices, 6, 67108879))).toMatchObject({ verdict: 'rejected', code: 'PRIME_TOO_LARGE' });
    expect(verifyCertificate(chainDoc(tensor, indices, 6, 2 ** 53 + 0))).toMatchObject({ verdict: 'rejected' });
    expect(verifyCertificate(chainDoc(tensor, indices, 6, '1000003'))).toMatchObject({ verdict: 'rejected', code: 'BAD_INTEGER' });
    const text = stableJson(chainDoc(tensor, indices, 6));
    for (const bad of ['1000003.0', '1.000003e6', '1000003e0']) expect(verifyCertificateText(text.replace('"prime": 1000003', `"prime": ${bad}`).replace('"prime":1000003', `"prime":${bad}`))).toMatchObject({ verdict: 'rejected', code: 'INEXACT_NUMBER' });
    for (const bad of ['6.0', '6e0', '0.6e1']) expect(verifyCertificateText(text.replace(/"rankAtLeast": ?6/, `"rankAtLeast": ${bad}`))).toMatchObject({ verdict: 'rejected', code: 'INEXACT_NUMBER' });
  });

  it('entries that vanish mod p (every core a multiple of p) give singular blocks; a denominator divisible by p is refused', () => {
    const { tensor, indices } = base();
    const zeroed = { ...tensor, cores: tensor.cores.map((c: number[]) => c.map((v) => v * 13)) };
    expect(verifyCertificate(chainDoc(zeroed, indices, 6, 13))).toMatchObject({ verdict: 'rejected', code: 'SINGULAR_MINOR' });
    const frac = { ...tensor, cores: tensor.cores.map((c: number[], k: number) => (k === 1 ? c.map((v) => `${v}/13`) : c)) };
    expect(verifyCertificate(chainDoc(frac, indices, 6, 13))).toMatchObject({ verdict: 'rejected', code: 'PRIME_DIVIDES_DENOMINATOR' });
    const multiple = { ...tensor, cores: tensor.cores.map((c: number[], k: number) => (k === 1 ? c.map((v) => `${13 * v}/13`) : c)) };
    expect(verifyCertificate(chainDoc(multiple, indices, 6, 13))).toMatchObject({ verdict: 'rejected', code: 'PRIME_DIVIDES_DENOMINATOR' });
  });

  it('random small TTs with any ranks, random (overlapping, unequal) index sets: whenever the kernel verifies, the exact odd/even rank is at least the claim', () => {
    let verified = 0;
    for (let seed = 1; seed <= 250; seed++) {
      const rnd = lcg(seed * 7919);
      const n = rnd(1, 3);
      const k = rnd(1, 2);
      const d = 2 * k;
      const ranks = [1, ...range(d - 1).map(() => rnd(1, 3)), 1];
      const t = ttJson(new Array<number>(d).fill(n), ranks, seed, rnd(0, 1) ? -1 : -3, rnd(0, 1) ? 1 : 3);
      const pick = (m: number): number[] => {
        const all = range(n);
        for (let i = all.length - 1; i > 0; i--) {
          const j = rnd(0, i);
          [all[i], all[j]] = [all[j] as number, all[i] as number];
        }
        return all.slice(0, Math.min(m, n));
      };
      const A = pick(ranks[1] as number);
      const C = pick(ranks[d - 1] as number);
      const pairs = range(k - 1).map((j) => {
        const T = pick(rnd(1, n));
        const l = ranks[2 * j + 1] as number;
        const r = ranks[2 * j + 3] as number;
        const want = (l * T.length) / r;
        return { odd: Number.isInteger(want) ? pick(want) : pick(1), even: T };
      });
      const bound = pairs.reduce((acc, p) => acc * p.even.length, A.length);
      const v = verifyCertificate(chainDoc(t, { first: A, pairs, last: C }, bound, 7));
      if (v.verdict !== 'verified') continue;
      verified++;
      expect(exactOddEvenRank(t), `seed ${seed}`).toBeGreaterThanOrEqual(bound);
    }
    expect(verified).toBeGreaterThan(10);
  });
});

// ---------------------------------------------------------------------------------------------
describe('forge review: rank-lower-bound/transfer (every even d)', () => {
  const tt42 = (): Doc => clone(transferCertificate('tt', 4, 2, 7).certificate) as Doc;
  const reseal = (c: Doc): Doc => sealCertificate(c);
  it('control: the honest TT generator verifies with (2, 4)', () => {
    expect(verifyCertificate(tt42())).toMatchObject({ verdict: 'verified', claim: { leading: 2n, base: 4n, family: { format: 'tt', size: 4, rank: 2 } } });
  });
  const cases: [string, (c: Doc) => void, string][] = [
    ['base one above (2, 5)', (c) => (c.claim.base = 5), 'CLAIM_MISMATCH'],
    ['leading and base swapped (4, 2)', (c) => (c.claim = { leading: 4, base: 2 }), 'CLAIM_MISMATCH'],
    ['leading one above (3, 4)', (c) => (c.claim.leading = 3), 'CLAIM_MISMATCH'],
    ['ranks (1, 2, 2, 1, 1): r_3 != r_1, H G cannot repeat', (c) => {
      c.generator.ranks = [1, 2, 2, 1, 1];
      c.generator.cores[2] = c.generator.cores[2].slice(0, 8);
      c.generator.cores[3] = c.generator.cores[3].slice(0, 4);
      c.indices.last = [0];
    }, 'BAD_TENSOR'],
    ['a generator of order 6 (the family needs order 4)', (c) => {
      c.generator.shape = [4, 4, 4, 4, 4, 4];
      c.generator.ranks = [1, 2, 2, 2, 2, 2, 1];
      c.generator.cores = [c.generator.cores[0], c.generator.cores[1], c.generator.cores[2], c.generator.cores[1], c.generator.cores[2], c.generator.cores[3]];
      c.indices.pairs = [c.indices.pairs[0], c.indices.pairs[0]];
    }, 'BAD_TENSOR'],
    ['a generator of order 2', (c) => {
      c.generator = { format: 'tt', shape: [4, 4], ranks: [1, 2, 1], cores: [c.generator.cores[0], c.generator.cores[3]] };
      c.indices.pairs = [];
    }, 'BAD_TENSOR'],
    ['the middle cores zeroed (K = 0)', (c) => {
      c.generator.cores[1] = c.generator.cores[1].map(() => 0);
    }, 'SINGULAR_MINOR'],
    ['H = G^T-like swap of the two middle cores (shapes fit only because a = b)', (c) => {
      const [h, g] = [c.generator.cores[1], c.generator.cores[2]];
      c.generator.cores[1] = g.map(() => 0);
      c.generator.cores[2] = h.map(() => 0);
    }, 'SINGULAR_MINOR'],
    ['an index set of the wrong size for T (|T| = 4, |I| = 3)', (c) => {
      c.indices.pairs[0].odd = [0, 1, 2];
    }, 'BAD_INDICES'],
    ['an HT generator', (c) => {
      c.generator = { format: 'ht', shape: [4, 4, 4, 4], nodes: [{ leaf: 0, rank: 1, frame: [1, 1, 1, 1] }, { leaf: 1, rank: 1, frame: [1, 1, 1, 1] }, { children: [0, 1], rank: 1, transfer: [1] }, { leaf: 2, rank: 1, frame: [1, 1, 1, 1] }, { leaf: 3, rank: 1, frame: [1, 1, 1, 1] }, { children: [3, 4], rank: 1, transfer: [1] }, { children: [2, 5], rank: 1, transfer: [1] }] };
    }, 'BAD_TENSOR'],
  ];
  for (const [name, edit, code] of cases)
    it(`rejects ${name}: ${code}`, () => {
      const c = tt42();
      edit(c);
      expect(verifyCertificate(reseal(c))).toMatchObject({ verdict: 'rejected', code });
    });

  it('a generator with a rank-1 middle bond (ranks 1, 2, 1, 2, 1) claiming (2, 2): whenever it verifies, members of order 2, 4, 6 reach 2^k exactly (a true claim, not a forgery)', () => {
    let verified = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const gen = ttJson([2, 2, 2, 2], [1, 2, 1, 2, 1], seed);
      const c = sealCertificate({ certificate: 'check-theorem', version: 2, kind: 'rank-lower-bound/transfer', claim: { leading: 2, base: 2 }, generator: gen, prime: P, indices: { first: [0, 1], pairs: [{ odd: [0, 1], even: [0, 1] }], last: [0, 1] } });
      const v = verifyCertificate(c);
      if (v.verdict !== 'verified') continue;
      verified++;
      const [F, H, G, g] = gen.cores as number[][];
      for (const k of [1, 2, 3]) {
        const cores = [F, ...range(k - 1).flatMap(() => [H, G]), g];
        const ranks = [1, 2, ...range(k - 1).flatMap(() => [1, 2]), 1];
        const member = { format: 'tt', shape: new Array<number>(2 * k).fill(2), ranks, cores };
        expect(exactOddEvenRank(member), `seed ${seed} k ${k}`).toBeGreaterThanOrEqual(2 ** k);
      }
    }
    expect(verified).toBeGreaterThan(0);
  });

  it('shared-core generators: whenever a random one verifies with random index sets, members of order 2, 4, 6 reach leading * base^(k-1)', () => {
    let verified = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const rnd = lcg(seed * 31);
      const n = rnd(2, 3);
      const q = rnd(1, 2);
      const x = ttShared.random({ order: 4, size: n, rank: q, seed });
      const gen = tensorToJson(x) as Doc;
      const pick = (m: number): number[] => range(n).sort(() => rnd(0, 1) - 0.5).slice(0, m);
      const m = rnd(1, n);
      const c = sealCertificate({ certificate: 'check-theorem', version: 2, kind: 'rank-lower-bound/transfer', claim: { leading: q, base: m }, generator: gen, prime: 101, indices: { first: pick(q), pairs: [{ odd: pick(m), even: pick(m) }], last: pick(q) } });
      const v = verifyCertificate(c);
      if (v.verdict !== 'verified') continue;
      verified++;
      for (const d of [2, 4, 6]) {
        // The member of order d: the same first, middle and last blocks, d - 2 middle copies.
        const mt = ttShared.toTt({ ...x, order: d }) as f.TtTensor<bigint>;
        expect(rankExact(matricize(Q, inField(Q, mt), oddEvenModes(d))).rank, `seed ${seed} d ${d}`).toBeGreaterThanOrEqual(q * m ** (d / 2 - 1));
      }
    }
    expect(verified).toBeGreaterThan(3);
  });
});

// ---------------------------------------------------------------------------------------------
describe('forge review: rank-upper-bound/isolation', () => {
  const iso = (format: 'tt' | 'tt-shared' | 'ht', n: number, r: number): Doc => clone(isolationCertificate(format, n, r).certificate) as Doc;
  const cases: [string, () => Doc, string][] = [
    ['TT cut (leg, leg) claiming (r, n) (undercounts the last core)', () => Object.assign(iso('tt', 4, 2), { cut: { last: 'leg', middle: 'leg' } }), 'CLAIM_MISMATCH'],
    ['TT cut (bond, bonds) claiming (r, r) (undercounts a middle core: two bonds)', () => Object.assign(iso('tt', 9, 2), { claim: { leading: 2, base: 2 }, cut: { last: 'bond', middle: 'bonds' } }), 'CLAIM_MISMATCH'],
    ['TT cut choosing "bond" for middle (one bond does not isolate)', () => Object.assign(iso('tt', 9, 2), { claim: { leading: 2, base: 2 }, cut: { last: 'bond', middle: 'bond' } }), 'UNKNOWN_CUT_ELEMENT'],
    ['HT cut given with TT kinds', () => Object.assign(iso('ht', 4, 2), { cut: { last: 'bond', middle: 'leg' } }), 'UNKNOWN_FIELD'],
    ['HT cut with an extra kind', () => Object.assign(iso('ht', 4, 2), { cut: { leaf: 'edge', middle: 'leg' } }), 'UNKNOWN_FIELD'],
    ['HT claim (r, n) mixing choices', () => Object.assign(iso('ht', 4, 2), { claim: { leading: 2, base: 1 } }), 'CLAIM_MISMATCH'],
    ['a cut element "__proto__"', () => Object.assign(iso('tt', 4, 2), { cut: { last: '__proto__', middle: 'leg' } }), 'UNKNOWN_CUT_ELEMENT'],
    ['a cut element "constructor"', () => Object.assign(iso('tt', 4, 2), { cut: { last: 'constructor', middle: 'leg' } }), 'UNKNOWN_CUT_ELEMENT'],
    ['a cut element "hasOwnProperty"', () => Object.assign(iso('ht', 4, 2), { cut: { leaf: 'hasOwnProperty' } }), 'UNKNOWN_CUT_ELEMENT'],
    ['family rank 0 (claim 0)', () => Object.assign(iso('tt', 4, 2), { family: { format: 'tt', size: 4, rank: 0 }, claim: { leading: 0, base: 0 }, cut: { last: 'bond', middle: 'bonds' } }), 'INDEX_OUT_OF_RANGE'],
    ['family size 0 (claim 0)', () => Object.assign(iso('tt', 4, 2), { family: { format: 'tt', size: 0, rank: 2 }, claim: { leading: 0, base: 0 }, cut: { last: 'leg', middle: 'leg' } }), 'INDEX_OUT_OF_RANGE'],
    ['split "even-odd"', () => Object.assign(iso('tt', 4, 2), { split: 'even-odd' }), 'BAD_MODES'],
    ['a claim with a leading zero string "02"', () => Object.assign(iso('tt', 4, 2), { claim: { leading: '02', base: 4 } }), 'BAD_INTEGER'],
    ['a cp family', () => Object.assign(iso('tt', 4, 2), { family: { format: 'cp', size: 4, rank: 2 } }), 'UNKNOWN_KIND'],
    ['a network family', () => Object.assign(iso('tt', 4, 2), { family: { format: 'network', size: 4, rank: 2 } }), 'UNKNOWN_KIND'],
  ];
  for (const [name, make, code] of cases) it(`rejects ${name}: ${code}`, () => expect(verifyCertificate(sealCertificate(make()))).toMatchObject({ verdict: 'rejected', code }));

  it('random TT and shared-core networks (d = 2, 4, 6) never exceed the verified bound, whatever cut is chosen', () => {
    for (const [n, r] of [[2, 1], [2, 2], [3, 2], [2, 3]] as const)
      for (const last of ['leg', 'bond'])
        for (const middle of ['leg', 'bonds']) {
          const N = BigInt(n);
          const R = BigInt(r);
          const leading = last === 'leg' ? N : R;
          const base = middle === 'leg' ? N : R * R;
          const c = sealCertificate({ certificate: 'check-theorem', version: 2, kind: 'rank-upper-bound/isolation', claim: { leading: Number(leading), base: Number(base) }, family: { format: 'tt', size: n, rank: r }, split: 'odd-even', cut: { last, middle } });
          expect(verifyCertificate(c)).toMatchObject({ verdict: 'verified' });
          for (const d of [2, 4, 6]) {
            if (n ** d > 1024) continue;
            for (const seed of [1, 2]) {
              const x = f.tt.random({ shape: new Array<number>(d).fill(n), rank: r, seed });
              expect(BigInt(rankExact(matricize(Q, inField(Q, x), oddEvenModes(d))).rank)).toBeLessThanOrEqual(leading * base ** BigInt(d / 2 - 1));
            }
          }
        }
  });
});

// ---------------------------------------------------------------------------------------------
describe('forge review: every-even-d statements decided from family certificates', () => {
  const lower42 = transferCertificate('tt', 4, 2, 7).certificate; // (2, 4), family tt n 4 rank 2
  const shared32 = transferCertificate('tt-shared', 3, 2, 1).certificate; // (2, 3), tt-shared n 3 rank 2
  const upper42 = isolationCertificate('tt', 4, 2).certificate; // (2, 4)
  const upperShared42 = isolationCertificate('tt-shared', 4, 2).certificate;
  const upperHt32 = isolationCertificate('ht', 3, 2).certificate; // (2, 2)
  const kronHt = kroneckerCertificate(witnessPair('ht-pairs', 3, 2)).certificate; // base 2, ht n 3 rank 2
  const chain = (chainCertificate(f.tt.random({ shape: [4, 4, 4, 4], rank: 2, seed: 3 })) as { certificate: object }).certificate;
  const b = (leading: bigint, base: bigint): { leading: bigint; base: bigint } => ({ leading, base });
  const cases: [string, StatementJson, object[], string][] = [
    ['lower (2, 5) from a (2, 4) transfer', allEvenDGenericRankAtLeast('tt', 4, 2, b(2n, 5n)), [lower42], 'NOT_PROVED'],
    ['lower (3, 4) from a (2, 4) transfer', allEvenDGenericRankAtLeast('tt', 4, 2, b(3n, 4n)), [lower42], 'NOT_PROVED'],
    ['lower (1, 5): below at k = 1, above for large k', allEvenDGenericRankAtLeast('tt', 4, 2, b(1n, 5n)), [lower42], 'NOT_PROVED'],
    ['lower (2, 4) for rank 1 networks (family smaller than the certificate\'s)', allEvenDGenericRankAtLeast('tt', 4, 1, b(2n, 4n)), [lower42], 'NOT_PROVED'],
    ['lower (2, 4) for size 5', allEvenDGenericRankAtLeast('tt', 5, 2, b(2n, 4n)), [lower42], 'NOT_PROVED'],
    ['lower (2, 4) for shared-core TTs from a TT generator', allEvenDGenericRankAtLeast('tt-shared', 4, 2, b(2n, 4n)), [lower42], 'NOT_PROVED'],
    ['lower (2, 4) for HT from a TT generator', allEvenDGenericRankAtLeast('ht', 4, 2, b(2n, 4n)), [lower42], 'NOT_PROVED'],
    ['lower (2, 2) for TT from an HT Kronecker pair', allEvenDGenericRankAtLeast('tt', 3, 2, b(2n, 2n)), [kronHt], 'NOT_PROVED'],
    ['CP-rank (2, 5) from a (2, 4) transfer', allEvenDCpRankAtLeast('tt', 4, 2, b(2n, 5n)), [lower42], 'NOT_PROVED'],
    ['CP-rank with a 60-digit leading', allEvenDCpRankAtLeast('tt', 4, 2, b(10n ** 60n, 4n)), [lower42], 'NOT_PROVED'],
    ['lower (2, 4) from the isolation (upper) certificate alone', allEvenDGenericRankAtLeast('tt', 4, 2, b(2n, 4n)), [upper42], 'NOT_PROVED'],
    ['upper (2, 4) from the transfer (lower) certificate alone', allEvenDRankAtMost('tt', 4, 2, b(2n, 4n)), [lower42], 'NOT_PROVED'],
    ['upper (2, 3) below the (2, 4) cut', allEvenDRankAtMost('tt', 4, 2, b(2n, 3n)), [upper42], 'NOT_PROVED'],
    ['upper (2, 4) for rank 3 networks from a rank 2 cut', allEvenDRankAtMost('tt', 4, 3, b(2n, 4n)), [upper42], 'NOT_PROVED'],
    ['upper (2, 4) for TT from a shared-core cut', allEvenDRankAtMost('tt', 4, 2, b(2n, 4n)), [upperShared42], 'NOT_PROVED'],
    ['upper (2, 2) for TT from an HT cut', allEvenDRankAtMost('tt', 3, 2, b(2n, 2n)), [upperHt32], 'NOT_PROVED'],
    ['equals (2, 4) with the lower side only', allEvenDGenericRankEquals('tt', 4, 2, b(2n, 4n)), [lower42], 'NOT_PROVED'],
    ['equals (2, 3) with a (2, 4) lower and a (2, 4) upper', allEvenDGenericRankEquals('tt', 4, 2, b(2n, 3n)), [lower42, upper42], 'REFUTED'],
    ['equals (2, 4) for shared-core n = 3 (false: a TT cut gives (2, 3)) from a shared-core lower (2, 3) and a TT cut', allEvenDGenericRankEquals('tt-shared', 3, 2, b(2n, 4n)), [shared32, isolationCertificate('tt', 3, 2).certificate], 'REFUTED'],
    ['lower (2, 4) for shared-core n = 3 from a shared-core lower (2, 3)', allEvenDGenericRankAtLeast('tt-shared', 3, 2, b(2n, 4n)), [shared32], 'NOT_PROVED'],
    ['lower (2, 4) from a single-tensor chain certificate', allEvenDGenericRankAtLeast('tt', 4, 2, b(2n, 4n)), [chain], 'NOT_PROVED'],
  ];
  for (const [name, statement, certs, verdict] of cases)
    it(`${name}: ${verdict}`, () => {
      for (const c of certs) expect(verifyCertificate(c).verdict).toBe('verified');
      expect(bundle([{ statement, certs }]).verdict).toBe(verdict);
    });

  it('controls: the true statements are PROVED by the same certificates', () => {
    expect(bundle([{ statement: allEvenDGenericRankEquals('tt', 4, 2, b(2n, 4n)), certs: [lower42, upper42] }]).verdict).toBe('PROVED');
    expect(bundle([{ statement: allEvenDGenericRankAtLeast('tt', 3, 2, b(2n, 3n)), certs: [shared32] }]).verdict).toBe('PROVED');
  });

  it('statements with split "even-odd", a negative base, or a base written with an exponent are refused', () => {
    const s = allEvenDGenericRankAtLeast('tt', 4, 2, b(2n, 4n)) as Doc;
    expect(bundle([{ statement: { ...s, split: 'even-odd' } as unknown as StatementJson, certs: [lower42] }]).verdict).toBe('REJECTED');
    expect(bundle([{ statement: { ...s, base: -4 } as unknown as StatementJson, certs: [lower42] }]).verdict).toBe('REJECTED');
    expect(bundle([{ statement: { ...s, base: '4e0' } as unknown as StatementJson, certs: [lower42] }]).verdict).toBe('REJECTED');
    expect(bundle([{ statement: { ...s, leading: undefined } as unknown as StatementJson, certs: [lower42] }]).verdict).toBe('REJECTED');
  });
});

// ---------------------------------------------------------------------------------------------
describe('forge review: bundles', () => {
  const lower42 = transferCertificate('tt', 4, 2, 7).certificate as Doc;
  const statement = allEvenDGenericRankAtLeast('tt', 4, 2, { leading: 2n, base: 4n });
  const manifestOf = (entries: object[], digests: string[]): string => stableJson({ bundle: 'check-theorem/proof-bundle', version: 1, theorem: 'forge', claims: [{ id: 'c', role: 'proof', statement, certificates: digests }], certificates: entries });

  it('a manifest entry whose digest names another (verified) certificate: REJECTED', () => {
    const other = isolationCertificate('tt', 4, 2).certificate;
    expect(checkBundle(manifestOf([{ digest: contentDigest(other), certificate: lower42 }], [contentDigest(other)])).verdict).toBe('REJECTED');
  });
  it('a tampered transfer certificate (claim raised, old digest kept) counts for nothing', () => {
    const t = clone(lower42);
    t.claim.base = 5;
    const s5 = allEvenDGenericRankAtLeast('tt', 4, 2, { leading: 2n, base: 5n });
    const text = stableJson({ bundle: 'check-theorem/proof-bundle', version: 1, theorem: 'forge', claims: [{ id: 'c', role: 'proof', statement: s5, certificates: [t.digest] }], certificates: [{ digest: t.digest, certificate: t }] });
    expect(checkBundle(text).verdict).not.toBe('PROVED');
  });
  it('a tampered transfer certificate resealed with its new digest is REJECTED by the check itself (CLAIM_MISMATCH)', () => {
    const t = clone(lower42);
    t.claim.base = 5;
    const s = sealCertificate(t);
    const s5 = allEvenDGenericRankAtLeast('tt', 4, 2, { leading: 2n, base: 5n });
    const v = checkBundle(stableJson({ bundle: 'check-theorem/proof-bundle', version: 1, theorem: 'forge', claims: [{ id: 'c', role: 'proof', statement: s5, certificates: [s.digest] }], certificates: [{ digest: s.digest, certificate: s }] }));
    expect(v.verdict).toBe('NOT_PROVED');
  });
  it('a file entry whose file text is swapped for another verified certificate: REJECTED', () => {
    const other = isolationCertificate('tt', 4, 2).certificate;
    const text = stableJson({ bundle: 'check-theorem/proof-bundle', version: 1, theorem: 'forge', claims: [{ id: 'c', role: 'proof', statement, certificates: [contentDigest(lower42)] }], certificates: [{ digest: contentDigest(lower42), file: 'a.json' }] });
    expect(checkBundle(text, new Map([['a.json', stableJson(other)]])).verdict).toBe('REJECTED');
  });
  it('an entry with both "file" and "certificate": REJECTED', () => {
    const text = stableJson({ bundle: 'check-theorem/proof-bundle', version: 1, theorem: 'forge', claims: [{ id: 'c', role: 'proof', statement, certificates: [contentDigest(lower42)] }], certificates: [{ digest: contentDigest(lower42), file: 'a.json', certificate: lower42 }] });
    expect(checkBundle(text, new Map([['a.json', stableJson(lower42)]])).verdict).toBe('REJECTED');
  });
});

// ---------------------------------------------------------------------------------------------
describe('forge review: minors on product index sets (one sub-tensor evaluation)', () => {
  const modP = (q: { num: bigint; den: bigint }, p: number): number => {
    const Pn = BigInt(p);
    const n = ((q.num % Pn) + Pn) % Pn;
    let inv = 1n;
    let b = ((q.den % Pn) + Pn) % Pn;
    let e = Pn - 2n;
    while (e > 0n) {
      if (e & 1n) inv = (inv * b) % Pn;
      b = (b * b) % Pn;
      e >>= 1n;
    }
    return Number((n * inv) % Pn);
  };
  /** Digits of an index over the listed modes, the first listed most significant. */
  const digits = (shape: number[], modes: number[], idx: number): number[] => {
    const out = new Array<number>(modes.length);
    for (let t = modes.length - 1; t >= 0; t--) {
      const n = shape[modes[t] as number] as number;
      out[t] = idx % n;
      idx = Math.floor(idx / n);
    }
    return out;
  };
  it('the kernel\'s minor equals the entries computed one by one by the library (TT, HT, CP, shared-core; product sets and scattered sets; any row-mode order; small and large primes)', () => {
    let checked = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const rnd = lcg(seed * 104729);
      const d = rnd(2, 5);
      const n = rnd(2, 3);
      const shape = new Array<number>(d).fill(n);
      const kind = seed % 4;
      const x: f.Tensor<bigint> = kind === 0 ? f.tt.random({ shape, rank: rnd(1, 3), seed }) : kind === 1 ? f.ht.random({ shape, rank: rnd(1, 3), seed }) : kind === 2 ? f.cp.random({ shape, rank: rnd(1, 4), seed }) : ttShared.random({ order: d, size: n, rank: rnd(1, 3), seed });
      const kx = readTensor(parseJson(stableJson(tensorToJson(x))), '');
      const all = range(d).sort(() => rnd(0, 1) - 0.5);
      const rowModes = all.slice(0, rnd(1, d - 1));
      const colModes = range(d).filter((m) => !rowModes.includes(m));
      const nr = n ** rowModes.length;
      const nc = n ** colModes.length;
      const K = rnd(1, Math.min(nr, nc));
      const product = seed % 2 === 0;
      const pickSet = (N: number): number[] => (product ? range(N).slice(0, K) : range(N).sort(() => rnd(0, 1) - 0.5).slice(0, K));
      const rows = pickSet(nr);
      const cols = pickSet(nc);
      const p = [2, 3, 101, 8388593, 67108859][seed % 5] as number;
      let minor: Float64Array;
      try {
        minor = matricizationMinor(kx, rowModes, rows, cols, p, '');
      } catch (e) {
        if ((e as { code?: string }).code === 'PRIME_DIVIDES_DENOMINATOR') continue;
        throw e;
      }
      const xq = inField(Q, x);
      rows.forEach((ri, a) =>
        cols.forEach((ci, b2) => {
          const idx = new Array<number>(d);
          digits(shape, rowModes, ri).forEach((v, t) => (idx[rowModes[t] as number] = v));
          digits(shape, colModes, ci).forEach((v, t) => (idx[colModes[t] as number] = v));
          expect(minor[a * K + b2], `seed ${seed} (${a}, ${b2})`).toBe(modP(entry(Q, xq, idx), p));
        }),
      );
      checked++;
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('a product-set minor whose row list repeats an index is refused (DUPLICATE_INDEX), not counted', () => {
    const x = f.tt.random({ shape: [3, 3, 3, 3], rank: 2, seed: 4 });
    const doc = sealCertificate({ certificate: 'check-theorem', version: 2, kind: 'rank-lower-bound/minor', claim: { rankAtLeast: 3 }, matrix: { kind: 'matricization', tensor: tensorToJson(x), rowModes: [0, 2] }, prime: P, rowIndices: [0, 1, 1], colIndices: [0, 1, 2] });
    expect(verifyCertificate(doc)).toMatchObject({ verdict: 'rejected', code: 'DUPLICATE_INDEX' });
  });

  it('a product-set minor above the true rank of a structured TT is singular (a rank-2 TT on the split {0, 1} | {2, 3}, a 4 x 4 product-set minor)', () => {
    const x = f.tt.random({ shape: [3, 3, 3, 3], rank: 2, seed: 4 });
    expect(rankExact(matricize(Q, inField(Q, x), [0, 1])).rank).toBe(2);
    // rows {0, 1} x {0, 1} on modes (0, 1), columns {0, 1} x {0, 1} on modes (2, 3): indices 0, 1, 3, 4.
    const doc = sealCertificate({ certificate: 'check-theorem', version: 2, kind: 'rank-lower-bound/minor', claim: { rankAtLeast: 4 }, matrix: { kind: 'matricization', tensor: tensorToJson(x), rowModes: [0, 1] }, prime: P, rowIndices: [0, 1, 3, 4], colIndices: [0, 1, 3, 4] });
    expect(verifyCertificate(doc)).toMatchObject({ verdict: 'rejected', code: 'SINGULAR_MINOR' });
    const doc3 = sealCertificate({ ...(doc as Doc), claim: { rankAtLeast: 3 }, rowIndices: [0, 1, 3], colIndices: [0, 1, 3] });
    expect(verifyCertificate(doc3)).toMatchObject({ verdict: 'rejected', code: 'SINGULAR_MINOR' });
  });

  it('the witness of a Kronecker family (identity blocks) with one extra row outside the identity set is singular when the rank is exhausted', () => {
    // The paper witness at n = 3, r = 2, d = 4 has odd/even rank 4; a 5 x 5 minor must be singular.
    const x = f.tt.witness(3, 2, 4);
    const rank = rankExact(matricize(Q, inField(Q, x), oddEvenModes(4))).rank;
    const doc = sealCertificate({ certificate: 'check-theorem', version: 2, kind: 'rank-lower-bound/minor', claim: { rankAtLeast: rank + 1 }, matrix: { kind: 'matricization', tensor: tensorToJson(x), rowModes: [0, 2] }, prime: P, rowIndices: range(rank + 1), colIndices: range(rank + 1) });
    expect(verifyCertificate(doc)).toMatchObject({ verdict: 'rejected' });
  });
});

// ---------------------------------------------------------------------------------------------
describe('forge review: elimination mod p (blocked, four pivot rows at a time)', () => {
  /** Rank mod p by plain BigInt elimination. */
  const rankModP = (a: bigint[], k: number, p: bigint): number => {
    const m = a.map((v) => ((v % p) + p) % p);
    let rank = 0;
    for (let c = 0; c < k && rank < k; c++) {
      let r = rank;
      while (r < k && m[r * k + c] === 0n) r++;
      if (r === k) continue;
      for (let j = 0; j < k; j++) [m[r * k + j], m[rank * k + j]] = [m[rank * k + j] as bigint, m[r * k + j] as bigint];
      let inv = 1n;
      let b = m[rank * k + c] as bigint;
      let e = p - 2n;
      while (e > 0n) {
        if (e & 1n) inv = (inv * b) % p;
        b = (b * b) % p;
        e >>= 1n;
      }
      for (let i = rank + 1; i < k; i++) {
        const l = ((m[i * k + c] as bigint) * inv) % p;
        if (l === 0n) continue;
        for (let j = c; j < k; j++) m[i * k + j] = (((m[i * k + j] as bigint) - l * (m[rank * k + j] as bigint)) % p + p) % p;
      }
      rank++;
    }
    return rank;
  };
  it('agrees with exact elimination on random, low-rank (B C with inner k - 1, entries near p) and permuted matrices across the 64-column blocks, for p = 2 .. 2^26 - 5', () => {
    for (const p of [2, 3, 65521, 8388593, 33554393, 67108859]) {
      const rnd = lcg(p);
      for (const k of [1, 2, 5, 63, 64, 65, 67, 130]) {
        for (const kind of ['random', 'lowrank', 'nearp'] as const) {
          if (k > 70 && kind === 'random' && p > 100) continue;
          const P2 = BigInt(p);
          let a: bigint[];
          if (kind === 'random') a = range(k * k).map(() => BigInt(rnd(0, Math.min(p - 1, 2 ** 30))) % P2);
          else {
            const inner = Math.max(0, k - 1);
            const B = range(k * inner).map(() => BigInt(kind === 'nearp' ? p - 1 - rnd(0, 1) : rnd(0, p - 1)));
            const C = range(inner * k).map(() => BigInt(kind === 'nearp' ? p - 1 - rnd(0, 1) : rnd(0, p - 1)));
            a = range(k * k).map((e) => {
              const i = Math.floor(e / k);
              const j = e % k;
              let s = 0n;
              for (let t = 0; t < inner; t++) s += (B[i * inner + t] as bigint) * (C[t * k + j] as bigint);
              return s % P2;
            });
          }
          const want = rankModP(a, k, P2) === k;
          const got = isNonsingularModP(Float64Array.from(a.map(Number)), k, p);
          expect(got, `p ${p} k ${k} ${kind}`).toBe(want);
          if (kind !== 'random') expect(got, `a product through k - 1 is singular: p ${p} k ${k} ${kind}`).toBe(false);
        }
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
describe('forge review: generalized (ReLU) networks', () => {
  const golden = JSON.parse(readFileSync(new URL('../golden/grid-relu-ht-m3-t4.json', import.meta.url), 'utf8')) as Doc;
  const fresh = (): Doc => {
    const c = clone(golden);
    delete c.provenance;
    return c;
  };
  it('control: the golden HT grid certificate verifies', () => {
    expect(verifyCertificate(golden)).toMatchObject({ verdict: 'verified' });
  });
  const cases: [string, (c: Doc) => void, string][] = [
    ['the root with rank 2', (c) => {
      const root = c.matrix.network.nodes[6];
      root.rank = 2;
      root.core = root.core.map((m: number[][]) => m.map((row) => [...row, 0]));
    }, 'BAD_TENSOR'],
    ['a node used as a child twice', (c) => (c.matrix.network.nodes[6].children = [2, 2]), 'BAD_TENSOR'],
    ['a mode on two leaves', (c) => (c.matrix.network.nodes[4].leaf = 3 - 1), 'BAD_TENSOR'],
    ['a child index that is not earlier', (c) => (c.matrix.network.nodes[2].children = [0, 3]), 'INDEX_OUT_OF_RANGE'],
    ['a leaf node that also has children', (c) => (c.matrix.network.nodes[0].children = [0, 1]), 'UNKNOWN_FIELD'],
    ['every input zeroed (all scores 0)', (c) => (c.matrix.network.inputs = c.matrix.network.inputs.map((m: number[][]) => m.map((row) => row.map(() => 0)))), 'SINGULAR_MINOR'],
    ['every core of the root zeroed', (c) => (c.matrix.network.nodes[6].core = c.matrix.network.nodes[6].core.map((m: number[][]) => m.map((row) => row.map(() => 0)))), 'SINGULAR_MINOR'],
    ['xi switched to product (same parameters, other scores)', (c) => (c.matrix.network.xi = 'max'), 'BAD_STATEMENT'],
    ['a feature written as 0.5', (c) => (c.matrix.network.features[0][0] = '0.5'), 'BAD_SCALAR'],
  ];
  for (const [name, edit, code] of cases)
    it(`rejects ${name}: ${code}`, () => {
      const c = fresh();
      edit(c);
      const v = verifyCertificate(sealCertificate(c));
      expect(v.verdict).toBe('rejected');
      if (v.verdict === 'rejected' && code !== 'BAD_SCALAR') expect(v.code).toBe(code);
    });

  /** The grid matricization (rows: modes rowModes, first listed most significant) of an integer generalized HT network, evaluated here in BigInt. */
  const gridRank = (net: Doc, rowModes: number[]): number => {
    const F = net.features as number[][];
    const M = F.length;
    const T = (net.inputs as unknown[]).length;
    const score = (seq: number[]): bigint => {
      const st: bigint[][] = [];
      for (const v of net.nodes as Doc[]) {
        if ('leaf' in v) {
          const C = net.inputs[v.leaf] as number[][];
          const f0 = F[seq[v.leaf] as number] as number[];
          st.push(C.map((row) => row.reduce((acc, c, k) => acc + BigInt(c) * BigInt(f0[k] as number), 0n)));
        } else {
          const [x, y] = v.children as [number, number];
          const hx = st[x] as bigint[];
          const hy = st[y] as bigint[];
          const h = new Array<bigint>(v.rank).fill(0n);
          hx.forEach((a, i) =>
            hy.forEach((b, j) => {
              const z = a > b ? (a > 0n ? a : 0n) : b > 0n ? b : 0n;
              for (let k = 0; k < v.rank; k++) h[k] = (h[k] as bigint) + BigInt(v.core[i][j][k]) * z;
            }),
          );
          st.push(h);
        }
      }
      return (st[st.length - 1] as bigint[])[0] as bigint;
    };
    const colModes = range(T).filter((m) => !rowModes.includes(m));
    const rows = M ** rowModes.length;
    const cols = M ** colModes.length;
    const seqOf = (r: number, c: number): number[] => {
      const s = new Array<number>(T);
      for (const [modes, idx0] of [[rowModes, r], [colModes, c]] as const) {
        let idx = idx0;
        for (let t = modes.length - 1; t >= 0; t--) {
          s[modes[t] as number] = idx % M;
          idx = Math.floor(idx / M);
        }
      }
      return s;
    };
    const data = range(rows).flatMap((r) => range(cols).map((c) => score(seqOf(r, c))));
    return rankExact({ rows, cols, data }).rank;
  };
  it('a relu network put exactly on a kink (feature row 0 zero: every a_t = 0 there, max(0, 0, 0)): whenever a minor verifies, the exact grid rank (evaluated here) is at least its size; one above the rank never verifies', () => {
    const c = fresh();
    c.matrix.network.features[0] = c.matrix.network.features[0].map(() => 0);
    const rank = gridRank(c.matrix.network, [0, 2]);
    expect(gridRank(golden.matrix.network, [0, 2])).toBeGreaterThanOrEqual(6);
    const rnd = lcg(99);
    let verified = 0;
    for (let trial = 0; trial < 80; trial++) {
      const K = rnd(1, 9);
      const pick = (): number[] => range(9).sort(() => rnd(0, 1) - 0.5).slice(0, K);
      const v = verifyCertificate(sealCertificate({ ...c, claim: { rankAtLeast: K }, rowIndices: pick(), colIndices: pick() }));
      if (v.verdict === 'verified') {
        verified++;
        expect(K).toBeLessThanOrEqual(rank);
      }
    }
    expect(verified).toBeGreaterThan(0);
    expect(verifyCertificate(sealCertificate({ ...c, claim: { rankAtLeast: rank + 1 }, rowIndices: range(rank + 1), colIndices: range(rank + 1) })).verdict).toBe('rejected');
  });

  it('width statements: another xi, another tree, another order or template, or a bound one above ceil(K / (1 + M k)) establish nothing', () => {
    const v = verifyCertificate(golden);
    expect(v.verdict).toBe('verified');
    if (v.verdict !== 'verified' || v.claim.kind !== 'rank-lower-bound' || v.claim.subject.kind !== 'grid') return;
    const ref = v.claim.subject.network as Doc;
    const net = { format: 'generalized-ht', xi: ref.xi, template: ref.template, order: ref.order, nodes: ref.nodes, digest: ref.digest };
    const K = Number(v.claim.bound);
    const per = 1 + ref.template * Math.min(2, ref.order - 2);
    const width = Math.ceil(K / per);
    const st = (network: Doc, bound: number): StatementJson => ({ form: 'generalized-shallow-width-at-least-nearby', network, bound } as unknown as StatementJson);
    expect(bundle([{ statement: st(net, width), certs: [golden] }]).verdict).toBe('PROVED');
    expect(bundle([{ statement: st(net, width + 1), certs: [golden] }]).verdict).toBe('NOT_PROVED');
    expect(bundle([{ statement: st({ ...net, xi: 'product' }, width), certs: [golden] }]).verdict).toBe('NOT_PROVED');
    expect(bundle([{ statement: st({ ...net, template: ref.template + 1 }, width), certs: [golden] }]).verdict).toBe('NOT_PROVED');
    const nodes = clone(ref.nodes) as Doc[];
    (nodes[2] as Doc).rank = 3;
    expect(bundle([{ statement: st({ ...net, nodes }, width), certs: [golden] }]).verdict).toBe('NOT_PROVED');
    const ttForm = { xi: ref.xi, template: ref.template, order: ref.order, ranks: [1, 2, 2, 2, 1], digest: ref.digest };
    expect(bundle([{ statement: st(ttForm, width), certs: [golden] }]).verdict).toBe('NOT_PROVED');
  });
});
