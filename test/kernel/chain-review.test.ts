/**
 * Adversarial review of the transfer-block check (checks/transfer.ts, `rank-lower-bound/chain`).
 *
 * The lemma tests in family.test.ts compare the bound with the rank of the whole odd/even
 * matricization of random tensors. Random tensors have large rank in every split, so a check that
 * built its blocks on the wrong modes (e.g. H on T_j and G on I_j: a submatrix of another
 * matricization) still passes them. The oracle here is the proof's own submatrix: whenever the
 * kernel verifies, the submatrix of the odd/even matricization on rows (A, T_1, ..., T_(k-1)) and
 * columns (I_1, ..., I_(k-1), C) must be nonsingular over Q, computed here from entries contracted
 * independently of the kernel; and a structured tensor whose splits differ in rank pins the modes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chainCertificate } from '../../src/certify/transfer.js';
import type { NetworkStructure } from '../../src/cuts/network.js';
import * as f from '../../src/formats/index.js';
import { Q } from '../../src/exact/fields.js';
import { inField, matricize } from '../../src/formats/verbs.js';
import { checkBundle, contentDigest, sealCertificate } from '../../src/kernel/index.js';
import { MAX_TRANSFER_WORK } from '../../src/kernel/checks/transfer.js';
import { stableJson } from '../../src/report/json.js';
import { rankExact } from '../../src/rank/index.js';
import { oddEvenModes } from '../../src/tensor/shape.js';
import { genericCpRankAtLeast, genericRankAtLeast, tensorCpRankAtLeast } from '../../proofs/statements.js';
import type { StatementJson } from '../../src/runner/types.js';
import { runs } from '../../properties/runs.js';
import { describeClaim } from '../../src/report/claims.js';
import { verifyCertificate } from '../support/kernel.js';

type Doc = Record<string, any>;
interface Indices {
  first: number[];
  pairs: { odd: number[]; even: number[] }[];
  last: number[];
}
const chain = (tensor: object, indices: Indices, bound: bigint | number, prime = 1000003): object =>
  sealCertificate({ certificate: 'check-theorem', version: 2, kind: 'rank-lower-bound/chain', claim: { rankAtLeast: typeof bound === 'bigint' ? bound.toString() : bound }, tensor, prime, indices });
const range = (k: number): number[] => Array.from({ length: k }, (_, i) => i);

/** One entry of a TT (cores [r_s, n, r_(s+1)] row-major), contracted left to right in BigInt. */
function ttEntry(n: number, ranks: readonly number[], cores: readonly (readonly bigint[])[], idx: readonly number[]): bigint {
  let v: bigint[] = [1n];
  idx.forEach((i, s) => {
    const [l, r] = [ranks[s] as number, ranks[s + 1] as number];
    v = range(r).map((b) => range(l).reduce((acc, a) => acc + (v[a] as bigint) * ((cores[s] as bigint[])[(a * n + i) * r + b] as bigint), 0n));
  });
  return v[0] as bigint;
}

/** The proof's submatrix: rows (A, T_1, ...) on modes 0, 2, ...; columns (I_1, ..., C) on modes 1, 3, ... */
function namedSubmatrixRank(n: number, ranks: readonly number[], cores: readonly (readonly bigint[])[], ix: Indices): { size: number; rank: number } {
  const product = (sets: readonly number[][]): number[][] => sets.reduce<number[][]>((acc, s) => acc.flatMap((p) => s.map((v) => [...p, v])), [[]]);
  const rows = product([ix.first, ...ix.pairs.map((p) => p.even)]);
  const cols = product([...ix.pairs.map((p) => p.odd), ix.last]);
  expect(rows.length).toBe(cols.length);
  const data = rows.flatMap((r) => cols.map((c) => ttEntry(n, ranks, cores, r.flatMap((e, j) => (j < c.length ? [e, c[j] as number] : [e])))));
  return { size: rows.length, rank: rows.length === 0 ? 0 : rankExact({ rows: rows.length, cols: cols.length, data }).rank };
}

/** delta(i0, i2) delta(i1, i3) as a TT with ranks (1, n, n^2, n, 1): odd/even rank 1 (a row function times a column function), but rank n^2 between modes {0, 1} and {2, 3}. */
function crossedDeltas(n: number): { ranks: number[]; cores: bigint[][] } {
  const d = (a: number, b: number): bigint => (a === b ? 1n : 0n);
  // C0[0, i0, a] = [a = i0]; C1[a, i1, (a', b)] = [a' = a][b = i1]; C2[(a, b), i2, b'] = [i2 = a][b' = b]; C3[b, i3, 0] = [i3 = b].
  const c0 = range(n).flatMap((i) => range(n).map((a) => d(a, i)));
  const c1 = range(n).flatMap((a) => range(n).flatMap((i) => range(n * n).map((ab) => d(Math.floor(ab / n), a) * d(ab % n, i))));
  const c2 = range(n * n).flatMap((ab) => range(n).flatMap((i) => range(n).map((b2) => d(i, Math.floor(ab / n)) * d(b2, ab % n))));
  const c3 = range(n).flatMap((b) => range(n).map((i) => d(i, b)));
  return { ranks: [1, n, n * n, n, 1], cores: [c0, c1, c2, c3] };
}

describe('chain certificates: the blocks sit on the modes the proof says', () => {
  it('delta(i0, i2) delta(i1, i3) (odd/even rank 1, prefix rank n^2): every claim is refused (|A| = r_1 = n > 1); blocks built on swapped modes would accept n^2', () => {
    for (const n of [2, 3]) {
      const { ranks, cores } = crossedDeltas(n);
      const x: f.TtTensor<bigint> = { format: 'tt', shape: [n, n, n, n], ranks, cores };
      expect(rankExact(matricize(Q, inField(Q, x), oddEvenModes(4))).rank).toBe(1);
      expect(rankExact(matricize(Q, inField(Q, x), [0, 1])).rank).toBe(n * n);
      const tensor = { format: 'tt', shape: [n, n, n, n], ranks, cores: cores.map((c) => c.map(Number)) };
      expect(verifyCertificate(chain(tensor, { first: range(n), pairs: [{ odd: range(n), even: range(n) }], last: range(n) }, n * n))).toMatchObject({ verdict: 'rejected', code: 'SINGULAR_MINOR' });
      // The H G block with swapped modes, sum_b H[c, t, b] G[b, i, e] = [c = i][t = e], is a permutation: it would certify n^2.
      for (const t of range(n)) expect(verifyCertificate(chain(tensor, { first: range(n), pairs: [{ odd: [t], even: [(t + 1) % n] }], last: range(n) }, n))).toMatchObject({ verdict: 'rejected', code: 'SINGULAR_MINOR' });
    }
  });

  it('whenever the kernel verifies a chain certificate (random and structured TTs, any ranks, shuffled index sets), the submatrix it names is nonsingular over Q', () => {
    const arb = fc.record({ n: fc.integer({ min: 1, max: 3 }), k: fc.integer({ min: 1, max: 3 }), seed: fc.nat(), style: fc.constantFrom('random', 'sparse', 'delta') });
    let verified = 0;
    fc.assert(
      fc.property(arb, ({ n, k, seed, style }) => {
        const d = 2 * k;
        if (n ** d > 729) return;
        let s = seed >>> 0;
        const next = (m: number): number => {
          s = (Math.imul(s, 1103515245) + 12345) >>> 0;
          return (s >>> 16) % m;
        };
        const ranks = [1, ...range(d - 1).map(() => 1 + next(4)), 1];
        // delta: each core maps (left, mode) to one right state (a partial permutation network), so splits differ in rank.
        const core = (l: number, r: number): bigint[] => {
          if (style === 'delta') {
            const to = range(l * n).map(() => next(r + 1));
            return range(l * n * r).map((e) => (to[Math.floor(e / r)] === e % r ? 1n : 0n));
          }
          return range(l * n * r).map(() => (style === 'sparse' && next(3) > 0 ? 0n : BigInt(next(5) - 2)));
        };
        const cores = range(d).map((m) => core(ranks[m] as number, ranks[m + 1] as number));
        const subset = (m: number): number[] => {
          const xs = range(n);
          for (let i = n - 1; i > 0; i--) {
            const j = next(i + 1);
            [xs[i], xs[j]] = [xs[j] as number, xs[i] as number];
          }
          return xs.slice(0, Math.min(m, n));
        };
        const pairs = range(k - 1).map((j) => {
          const [l, r] = [ranks[2 * j + 1] as number, ranks[2 * j + 3] as number];
          const t = 1 + next(n);
          return { odd: subset((l * t) % r === 0 ? (l * t) / r : t), even: subset(t) };
        });
        const ix: Indices = { first: subset(ranks[1] as number), pairs, last: subset(ranks[d - 1] as number) };
        const bound = pairs.reduce((acc, p) => acc * p.even.length, ix.first.length);
        const tensor = { format: 'tt', shape: new Array<number>(d).fill(n), ranks, cores: cores.map((c) => c.map(Number)) };
        const v = verifyCertificate(chain(tensor, ix, bound, [2, 3, 1000003][next(3)] as number));
        if (v.verdict !== 'verified') return;
        verified++;
        const m = namedSubmatrixRank(n, ranks, cores, ix);
        expect(m.size).toBe(bound);
        expect(m.rank).toBe(bound);
      }),
      { numRuns: runs(1500) },
    );
    expect(verified, 'some random chain certificates verify').toBeGreaterThan(50);
  });
});

describe('chain certificates: what the kernel refuses', () => {
  const tt = (shape: number[], ranks: number[]): Doc => ({ format: 'tt', shape, ranks, cores: range(shape.length).map((m) => range((ranks[m] as number) * (shape[m] as number) * (ranks[m + 1] as number)).map((e) => (e % 3) - 1)) });
  const cases: [string, object, string][] = [
    ['a tensor of odd order', chain(tt([2, 2, 2], [1, 1, 1, 1]), { first: [0], pairs: [], last: [0] }, 1), 'BAD_TENSOR'],
    ['mixed mode sizes', chain(tt([2, 3, 2, 3], [1, 1, 1, 1, 1]), { first: [0], pairs: [{ odd: [0], even: [0] }], last: [0] }, 1), 'BAD_TENSOR'],
    ['a CP tensor', chain({ format: 'cp', shape: [2, 2], rank: 1, factors: [[1, 0], [0, 1]] }, { first: [0], pairs: [], last: [0] }, 1), 'BAD_TENSOR'],
    ['d = 2 with r_1 = 3 > n = 2 (no set of r_1 first-mode indices exists)', chain(tt([2, 2], [1, 3, 1]), { first: [0, 1], pairs: [], last: [0, 1] }, 2), 'BAD_INDICES'],
    ['a pair for d = 2', chain(tt([2, 2], [1, 1, 1]), { first: [0], pairs: [{ odd: [0], even: [0] }], last: [0] }, 1), 'SIZE_MISMATCH'],
    ['a block that is not square between unequal bonds (r_1 |T| = 2 * 1, |I| r_3 = 1 * 1)', chain(tt([2, 2, 2, 2], [1, 2, 2, 1, 1]), { first: [0, 1], pairs: [{ odd: [0], even: [0] }], last: [0] }, 2), 'BAD_INDICES'],
    ['a claim one above the product of the set sizes', chain(tt([2, 2], [1, 1, 1]), { first: [0], pairs: [], last: [0] }, 2), 'CLAIM_MISMATCH'],
  ];
  for (const [name, doc, code] of cases) it(`${name}: ${code}`, () => expect(verifyCertificate(doc)).toMatchObject({ verdict: 'rejected', code }));

  it('work summed over many pairs of a tiny shared-core tensor is refused before any block is formed', () => {
    // Rank 16, n = 64, |T| = |I| = 64: blocks of 1024, about 3.7e8 multiply-adds each; 189 pairs pass 2^36.
    const [q, n, k] = [16, 64, 190];
    const one = (m: number): number[] => range(m).map((e) => e % 2);
    const tensor = { format: 'tt-shared', order: 2 * k, size: n, rank: q, first: one(n * q), middle: one(q * n * q), last: one(q * n) };
    const ix: Indices = { first: range(q), pairs: range(k - 1).map(() => ({ odd: range(n), even: range(n) })), last: range(q) };
    const perPair = (q * n) ** 2 * (q + (q * n) / 3);
    expect(perPair * (k - 1)).toBeGreaterThan(MAX_TRANSFER_WORK);
    expect(verifyCertificate(chain(tensor, ix, BigInt(q) * BigInt(n) ** BigInt(k - 1)))).toMatchObject({ verdict: 'rejected', code: 'BUDGET_EXCEEDED' });
  });
});

describe('chain claims above 2^53 and the statements they establish', () => {
  /** n = 2, ranks (1, 1, 2, 1, 2, ..., 1): every pair's block is 2 x 2, odd/even rank >= 2^(k-1). */
  const x = (k: number): f.TtTensor<bigint> => {
    const ranks = [1, ...range(2 * k - 1).map((m) => (m % 2 === 0 ? 1 : 2)), 1];
    const cores = range(2 * k).map((m) => {
      const [l, r] = [ranks[m] as number, ranks[m + 1] as number];
      // [[1, 1], [0, 1]] patterns: each pair's 2 x 2 block is a product of two unimodular matrices.
      return range(l * 2 * r).map((e) => (l * r === 2 ? [1n, 1n, 0n, 1n][e] as bigint : 1n));
    });
    return { format: 'tt', shape: new Array<number>(2 * k).fill(2), ranks, cores };
  };
  const bundle = (statement: StatementJson, cert: object): string => {
    const manifest = { bundle: 'check-theorem/proof-bundle', version: 1, theorem: 'test', claims: [{ id: 'c0', role: 'proof', statement, certificates: [contentDigest(cert)] }], certificates: [{ digest: contentDigest(cert), certificate: cert }] };
    return checkBundle(stableJson(manifest)).verdict;
  };
  it('the bound is an exact BigInt (2^55 at d = 112); one more is refused; statements compare exactly', () => {
    const t = x(56);
    const c = chainCertificate(t);
    expect(c?.rank).toBe(2n ** 55n);
    const cert = (c as { certificate: object }).certificate;
    const v = verifyCertificate(cert);
    expect(v).toMatchObject({ verdict: 'verified', claim: { bound: 2n ** 55n } });
    // The report says what was eliminated: small blocks, not a 2^55 x 2^55 matrix.
    expect(v.verdict === 'verified' && describeClaim(v.claim)).toMatch(/\(transfer blocks of the cores nonsingular mod \d+: their product is a 36028797018963968 x 36028797018963968 minor\)$/);
    const raised = JSON.parse(JSON.stringify(cert)) as Doc;
    raised.claim.rankAtLeast = (2n ** 55n + 1n).toString();
    expect(verifyCertificate(sealCertificate(raised))).toMatchObject({ verdict: 'rejected', code: 'CLAIM_MISMATCH' });
    const s: NetworkStructure = { format: 'tt', shape: t.shape, ranks: t.ranks };
    expect(bundle(genericRankAtLeast(s, oddEvenModes(112), 2n ** 55n), cert)).toBe('PROVED');
    expect(bundle(genericRankAtLeast(s, oddEvenModes(112), 2n ** 55n + 1n), cert)).toBe('NOT_PROVED');
  });
  it('a chain claim establishes nothing about another split, a structure it does not embed into, a shared-core structure or another tensor', () => {
    const t = f.tt.random({ shape: [3, 3, 3, 3, 3, 3], rank: 2, seed: 4 });
    const cert = (chainCertificate(t) as { certificate: object }).certificate;
    const s = (r: number): NetworkStructure => ({ format: 'tt', shape: t.shape, ranks: [1, r, r, r, r, r, 1] });
    expect(bundle(genericRankAtLeast(s(2), [0, 2, 4], 18n), cert)).toBe('PROVED');
    expect(bundle(genericRankAtLeast(s(2), [4, 0, 2], 18n), cert)).toBe('PROVED');
    expect(bundle(genericRankAtLeast(s(2), [1, 3, 5], 2n), cert)).toBe('NOT_PROVED');
    expect(bundle(genericRankAtLeast(s(2), [0, 1, 2], 2n), cert)).toBe('NOT_PROVED');
    expect(bundle(genericCpRankAtLeast(s(1), 1n), cert)).toBe('NOT_PROVED');
    expect(bundle(genericCpRankAtLeast({ format: 'tt-shared', order: 6, size: 3, rank: 2 } as NetworkStructure, 1n), cert)).toBe('NOT_PROVED');
    expect(bundle(tensorCpRankAtLeast(t, 18n), cert)).toBe('PROVED');
    expect(bundle(tensorCpRankAtLeast(f.tt.random({ shape: t.shape, rank: 2, seed: 5 }), 2n), cert)).toBe('NOT_PROVED');
  });
});
