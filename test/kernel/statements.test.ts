/**
 * The kernel decides what is proved, not only whether arithmetic checks: genuinely valid
 * certificates bound to the wrong statement establish nothing. Each case builds a bundle from
 * certificates the kernel verifies on their own, with a statement they are not about.
 */
import { describe, expect, it } from 'vitest';
import { cutCertificate, isolationCertificate } from '../../src/certify/cut.js';
import { transferCertificate } from '../../src/certify/transfer.js';
import { equalityCertificate } from '../../src/certify/equality.js';
import { kroneckerCertificate, witnessPair } from '../../src/certify/kronecker.js';
import { matricizationLowerBound } from '../../src/certify/rank.js';
import { cpToHt, cpToTt, ttToHt } from '../../src/convert/index.js';
import { minCut } from '../../src/cuts/mincut.js';
import type { NetworkStructure } from '../../src/cuts/network.js';
import { Q } from '../../src/exact/fields.js';
import * as f from '../../src/formats/index.js';
import { checkBundle, contentDigest, decide, type BundleVerdict, type Claim } from '../../src/kernel/index.js';
import { inconsistencies } from '../../src/kernel/statements.js';
import { stableJson } from '../../src/report/json.js';
import { oddEvenModes } from '../../src/tensor/shape.js';
import { allEvenDCpRankAtLeast, allEvenDGenericRankAtLeast, allEvenDGenericRankEquals, allEvenDRankAtMost, conversionStatement, genericCpRankAtLeast, genericRankAtLeast, genericRankEquals, rankAtMost, tensorCpRankAtLeast, tensorCpRankAtMost } from '../../proofs/statements.js';
import { witnessCp } from '../../src/runner/run.js';
import type { StatementJson } from '../../src/runner/types.js';
import { verifyCertificate } from '../support/kernel.js';

/** A single-file bundle with one proof claim per entry, each resting on the given certificates. */
function bundle(claims: { statement: StatementJson; certs: object[]; role?: string }[]): BundleVerdict {
  const certs = claims.flatMap((c) => c.certs);
  for (const c of certs) expect(verifyCertificate(c).verdict, 'the certificates are valid on their own').toBe('verified');
  const manifest = {
    bundle: 'check-theorem/proof-bundle',
    version: 1,
    theorem: 'test',
    claims: claims.map((c, i) => ({ id: `c${i}`, role: c.role ?? 'proof', statement: c.statement, certificates: c.certs.map(contentDigest) })),
    certificates: [...new Set(certs)].map((c) => ({ digest: contentDigest(c), certificate: c })),
  };
  return checkBundle(stableJson(manifest));
}

const tt = (n: number, r: number, d: number, seed = 1): f.TtTensor<bigint> => f.tt.random({ shape: new Array<number>(d).fill(n), rank: r, seed });
const ttS = (n: number, r: number, d: number): NetworkStructure => ({ format: 'tt', shape: new Array<number>(d).fill(n), ranks: [1, ...new Array<number>(d - 1).fill(r), 1] });
const htS = (n: number, r: number, d: number, tree = f.balancedTree(d)): NetworkStructure => ({ format: 'ht', shape: new Array<number>(d).fill(n), nodes: tree.nodes.map((node, t) => ({ ...node, rank: t === tree.nodes.length - 1 ? 1 : r })) });
const lower = (x: f.Tensor<bigint>, rows = oddEvenModes(f.shapeOf(x).length)): object => matricizationLowerBound(x, rows).certificate;
const cut = (s: NetworkStructure, rows: readonly number[]): object => cutCertificate(s, rows, minCut(s, rows));
/** base^(d/2): a family bound with leading = base. */
const fam = (base: bigint): { leading: bigint; base: bigint } => ({ leading: base, base });

describe('statements: the right certificate establishes its statement', () => {
  it('Theorem 1 at (3, 2, 6): a random TT with clipped ranks establishes the statement with ranks r', () => {
    const v = bundle([{ statement: genericCpRankAtLeast(ttS(3, 2, 6), 8n), certs: [lower(tt(3, 2, 6))] }]);
    expect(v.verdict).toBe('PROVED');
    expect(v.claims[0]?.text).toBe('almost every TT network of shape 3^6 and ranks (1,2,2,2,2,2,1) has CP-rank >= 8');
  });
  it('the generic rank from both sides', () => {
    const s = ttS(3, 2, 6);
    const rows = oddEvenModes(6);
    expect(bundle([{ statement: genericRankEquals(s, rows, 18n), certs: [lower(tt(3, 2, 6)), cut(s, rows)] }]).verdict).toBe('PROVED');
  });
});

describe('statements: a valid certificate bound to the wrong statement establishes nothing', () => {
  const rows = oddEvenModes(6);
  const cases: [string, StatementJson, object[]][] = [
    ['wrong format: an HT certificate for a TT statement', genericCpRankAtLeast(ttS(2, 2, 6), 8n), [lower(f.ht.random({ shape: [2, 2, 2, 2, 2, 2], rank: 2, seed: 1, tree: f.balancedTree(6) }))]],
    ['wrong shape: mode size 2 for a statement about 3', genericCpRankAtLeast(ttS(3, 2, 6), 8n), [lower(tt(2, 2, 6))]],
    ['wrong order: d = 8 for a statement about d = 6', genericCpRankAtLeast(ttS(2, 2, 6), 8n), [lower(tt(2, 2, 8))]],
    ['wrong ranks: a rank-3 network for a statement about rank 2', genericCpRankAtLeast(ttS(3, 2, 6), 8n), [lower(tt(3, 3, 6))]],
    ['wrong tree: an HT on the caterpillar for a statement on the balanced tree', genericCpRankAtLeast(htS(2, 2, 6), 8n), [lower(f.ht.random({ shape: [2, 2, 2, 2, 2, 2], rank: 2, seed: 1, tree: f.caterpillarTree(6) }))]],
    ['wrong split: a prefix matricization for an odd/even statement', genericRankAtLeast(ttS(3, 2, 6), rows, 4n), [lower(tt(3, 2, 6), [0, 1, 2])]],
    ['a cut on another split', rankAtMost(ttS(3, 2, 6), rows, 18n), [cut(ttS(3, 2, 6), [0, 1, 2])]],
    ['a cut on a smaller structure (ranks 1) for a statement about ranks 2', rankAtMost(ttS(3, 2, 6), rows, 1n), [cut(ttS(3, 1, 6), rows)]],
    ['pair rank above the statement: a rank-3 pair for an all-d statement about rank 2', allEvenDCpRankAtLeast('tt', 3, 2, fam(2n)), [kroneckerCertificate(witnessPair('tt-pairs', 3, 3)).certificate]],
    ['a pair of another size', allEvenDCpRankAtLeast('tt', 4, 3, fam(3n)), [kroneckerCertificate(witnessPair('tt-pairs', 3, 3)).certificate]],
    ['an HT pair for a TT statement', allEvenDCpRankAtLeast('tt', 3, 3, fam(3n)), [kroneckerCertificate(witnessPair('ht-pairs', 3, 3)).certificate]],
    ['a TT pair for a shared-core statement (its family is not shared-core)', allEvenDCpRankAtLeast('tt-shared', 3, 3, fam(2n)), [kroneckerCertificate(witnessPair('tt-pairs', 3, 3)).certificate]],
    ['a shared-core transfer family of rank 3 for a statement about rank 2', allEvenDCpRankAtLeast('tt-shared', 4, 2, fam(2n)), [transferCertificate('tt-shared', 4, 3, 1).certificate]],
    ['a TT transfer family for a shared-core statement', allEvenDCpRankAtLeast('tt-shared', 3, 2, fam(2n)), [transferCertificate('tt', 3, 2, 1).certificate]],
    ['a transfer family of another size', allEvenDCpRankAtLeast('tt', 4, 2, fam(2n)), [transferCertificate('tt', 3, 2, 1).certificate]],
    ['a transfer bound below the statement at large d (base 3 < 4, though leading 2 = 2)', allEvenDCpRankAtLeast('tt', 3, 2, { leading: 2n, base: 4n }), [transferCertificate('tt', 3, 2, 1).certificate]],
    ['an isolation cut for a lower-bound statement', allEvenDGenericRankEquals('tt', 3, 2, { leading: 2n, base: 3n }), [isolationCertificate('tt', 3, 2).certificate]],
    ['an isolation cut for a TT family of rank 2 bounding a statement about rank 3', allEvenDRankAtMost('tt', 3, 3, { leading: 3n, base: 3n }), [isolationCertificate('tt', 3, 2).certificate]],
    ['an isolation cut of a shared-core family for a TT statement (TT networks are not all shared-core)', allEvenDRankAtMost('tt', 3, 2, { leading: 2n, base: 3n }), [isolationCertificate('tt-shared', 3, 2).certificate]],
  ];
  for (const [name, statement, certs] of cases) {
    it(name, () => {
      const v = bundle([{ statement, certs }]);
      expect(v.verdict).not.toBe('PROVED');
      expect(v.claims[0]?.outcome).toBe('not established');
    });
  }

  it('a given tensor: the certificate must be about exactly that tensor, named with its structure as it is', () => {
    const x = tt(3, 2, 6);
    const good = tensorCpRankAtLeast(x, 8n);
    expect(bundle([{ statement: good, certs: [lower(x)] }]).verdict).toBe('PROVED');
    expect(bundle([{ statement: good, certs: [lower(tt(3, 2, 6, 5))] }]).verdict).toBe('NOT_PROVED');
    const misnamed = { ...good, tensor: { ...(good['tensor'] as object), structure: { format: 'tt', shape: [3, 3, 3, 3, 3, 3], ranks: [1, 3, 3, 3, 3, 3, 1] } } };
    expect(bundle([{ statement: misnamed, certs: [lower(x)] }]).verdict).toBe('NOT_PROVED');
  });

  describe('equality between the wrong tensors', () => {
    const x = f.cp.random({ shape: [2, 3, 2], rank: 2, seed: 3 });
    const xq = f.inField(Q, x) as f.CpTensor<any>;
    const tree = f.balancedTree(3);
    it('the right pair establishes the conversion', () => {
      expect(bundle([{ statement: conversionStatement(x, { format: 'ht', tree }, 2n), certs: [equalityCertificate(x, cpToHt(Q, xq, tree))] }]).verdict).toBe('PROVED');
    });
    it('X = X (no conversion at all)', () => {
      expect(bundle([{ statement: conversionStatement(x, { format: 'ht', tree }, 2n), certs: [equalityCertificate(x, x)] }]).verdict).toBe('NOT_PROVED');
    });
    it('a conversion into the wrong format (TT for an HT statement)', () => {
      expect(bundle([{ statement: conversionStatement(x, { format: 'ht', tree }, 2n), certs: [equalityCertificate(x, cpToTt(Q, xq))] }]).verdict).toBe('NOT_PROVED');
    });
    it('a conversion on another tree', () => {
      const x4 = f.cp.random({ shape: [2, 2, 2, 2], rank: 2, seed: 3 });
      const q4 = f.inField(Q, x4) as f.CpTensor<any>;
      expect(bundle([{ statement: conversionStatement(x4, { format: 'ht', tree: f.balancedTree(4) }, 2n), certs: [equalityCertificate(x4, cpToHt(Q, q4, f.balancedTree(4)))] }]).verdict).toBe('PROVED');
      expect(bundle([{ statement: conversionStatement(x4, { format: 'ht', tree: f.balancedTree(4) }, 2n), certs: [equalityCertificate(x4, cpToHt(Q, q4, f.caterpillarTree(4)))] }]).verdict).toBe('NOT_PROVED');
    });
    it('the conversion of another tensor', () => {
      const y = f.cp.random({ shape: [2, 3, 2], rank: 2, seed: 4 });
      expect(bundle([{ statement: conversionStatement(x, { format: 'ht', tree }, 2n), certs: [equalityCertificate(y, cpToHt(Q, f.inField(Q, y) as f.CpTensor<any>, tree))] }]).verdict).toBe('NOT_PROVED');
    });
    it('a conversion whose ranks pass the bound', () => {
      const t = tt(2, 2, 4);
      const h = ttToHt(Q, f.inField(Q, t) as f.TtTensor<any>, f.balancedTree(4));
      expect(bundle([{ statement: conversionStatement(t, { format: 'ht', tree: f.balancedTree(4) }, 4n), certs: [equalityCertificate(t, h)] }]).verdict).toBe('PROVED');
      expect(bundle([{ statement: conversionStatement(t, { format: 'ht', tree: f.balancedTree(4) }, 3n), certs: [equalityCertificate(t, h)] }]).verdict).toBe('NOT_PROVED');
    });
  });

  describe('a tensor\'s CP-rank from above: an equality with a CP network of that many terms', () => {
    const w = f.tt.witness(3, 2, 6);
    const cp = witnessCp(3, 2, 6);
    it('the witness equals its closed-form CP of q^(d/2) = 8 terms: CP-rank <= 8 (either side of the equality)', () => {
      expect(bundle([{ statement: tensorCpRankAtMost(w, 8n), certs: [equalityCertificate(w, cp)] }]).verdict).toBe('PROVED');
      expect(bundle([{ statement: tensorCpRankAtMost(w, 8n), certs: [equalityCertificate(cp, w)] }]).verdict).toBe('PROVED');
      expect(bundle([{ statement: tensorCpRankAtMost(w, 9n), certs: [equalityCertificate(w, cp)] }]).verdict).toBe('PROVED');
    });
    it('not below the number of terms, not for another tensor, not from an equality with a non-CP network', () => {
      expect(bundle([{ statement: tensorCpRankAtMost(w, 7n), certs: [equalityCertificate(w, cp)] }]).verdict).toBe('NOT_PROVED');
      expect(bundle([{ statement: tensorCpRankAtMost(tt(3, 2, 6), 8n), certs: [equalityCertificate(w, cp)] }]).verdict).toBe('NOT_PROVED');
      expect(bundle([{ statement: tensorCpRankAtMost(w, 8n), certs: [equalityCertificate(w, w)] }]).verdict).toBe('NOT_PROVED');
      const h = ttToHt(Q, f.inField(Q, w) as f.TtTensor<any>, f.balancedTree(6));
      expect(bundle([{ statement: tensorCpRankAtMost(w, 8n), certs: [equalityCertificate(w, h)] }]).verdict).toBe('NOT_PROVED');
    });
    it('a CP that is not the witness is not equal to it (the certificate itself is rejected)', () => {
      const other = { ...cp, factors: cp.factors.map((fk, k) => (k === 0 ? fk.map((v, i) => (i === 0 ? { num: 2n, den: 1n } : v)) : fk)) };
      expect(verifyCertificate(equalityCertificate(w, other)).verdict).toBe('rejected');
    });
    it('with the minor of the witness: CP-rank exactly 8, never refuted by the kernel', () => {
      const v = bundle([
        { statement: tensorCpRankAtMost(w, 8n), certs: [equalityCertificate(w, cp)] },
        { statement: tensorCpRankAtLeast(w, 8n), certs: [matricizationLowerBound(w, oddEvenModes(6)).certificate] },
      ]);
      expect(v.verdict).toBe('PROVED');
      expect(v.claims.map((c) => c.text)).toEqual([expect.stringMatching(/has CP-rank <= 8$/), expect.stringMatching(/has CP-rank >= 8$/)]);
    });
  });
});

describe('refutations and contradictions', () => {
  it('a cut below a generic lower bound refutes it (and only statements a cut can refute)', () => {
    const s = ttS(3, 2, 6);
    const rows = oddEvenModes(6);
    expect(bundle([{ statement: genericRankAtLeast(s, rows, 19n), certs: [cut(s, rows)] }])).toMatchObject({ verdict: 'REFUTED', claims: [{ outcome: 'refuted' }] });
    // A cut bounds one matricization, not the CP-rank: that statement is not refuted.
    expect(bundle([{ statement: genericCpRankAtLeast(s, 19n), certs: [cut(s, rows)] }])).toMatchObject({ verdict: 'NOT_PROVED' });
  });
  it('a lower bound above a claimed upper bound refutes it', () => {
    const s = ttS(3, 2, 6);
    expect(bundle([{ statement: rankAtMost(s, oddEvenModes(6), 17n), certs: [lower(tt(3, 2, 6))] }])).toMatchObject({ verdict: 'REFUTED' });
  });
  it('a lower bound above an upper bound on the same split of a containing structure is a contradiction, never PROVED', () => {
    const s: NetworkStructure = { format: 'tt', shape: [2, 2], ranks: [1, 2, 1] };
    const lo: Claim = { kind: 'rank-lower-bound', method: 'minor', subject: { kind: 'matricization', tensor: { structure: { format: 'tt', shape: [2, 2], ranks: [1, 1, 1] }, digest: 'a'.repeat(64) }, rowModes: [0], rows: 2n, cols: 2n }, bound: 2n, prime: 7 };
    const up: Claim = { kind: 'rank-upper-bound', method: 'cut', structure: { ...s, shape: [2, 2] }, rowModes: [0], cut: ['bond:1'], bound: 1n };
    expect(inconsistencies([{ claim: lo, digest: '1'.repeat(64) }, { claim: up, digest: '2'.repeat(64) }])).toHaveLength(1);
    expect(inconsistencies([{ claim: { ...lo, bound: 1n }, digest: '1'.repeat(64) }, { claim: up, digest: '2'.repeat(64) }])).toHaveLength(0);
  });
  it('lower and upper bounds about different structures do not make an exact rank', () => {
    const rows = oddEvenModes(6);
    const v = bundle([{ statement: genericRankEquals(ttS(3, 2, 6), rows, 18n), certs: [lower(tt(3, 3, 6)), cut(ttS(3, 2, 6), rows)] }]);
    expect(v.verdict).toBe('NOT_PROVED');
  });
});

describe('statements for every even d', () => {
  const lo = (format: 'tt' | 'tt-shared', n: number, r: number): object => transferCertificate(format, n, r, 1).certificate;
  const up = (format: 'tt' | 'tt-shared' | 'ht', n: number, r: number): object => isolationCertificate(format, n, r).certificate;
  it('the TT closed form from both sides: a transfer family and the isolation cut', () => {
    const v = bundle([{ statement: allEvenDGenericRankEquals('tt', 5, 3, { leading: 3n, base: 5n }), certs: [lo('tt', 5, 3), up('tt', 5, 3)] }]);
    expect(v.verdict).toBe('PROVED');
    expect(v.claims[0]?.text).toBe('for every even d, the odd/even matricization of almost every TT network of shape 5^d with every bond rank 3 has rank exactly 3 * 5^(d/2 - 1), and of every one at most that');
  });
  it('a shared-core transfer family establishes the TT statements too (a shared-core TT is a TT), and a TT cut bounds shared-core networks', () => {
    expect(bundle([{ statement: allEvenDGenericRankEquals('tt', 4, 2, { leading: 2n, base: 4n }), certs: [lo('tt-shared', 4, 2), up('tt', 4, 2)] }]).verdict).toBe('PROVED');
    expect(bundle([{ statement: allEvenDGenericRankEquals('tt-shared', 4, 2, { leading: 2n, base: 4n }), certs: [lo('tt-shared', 4, 2), up('tt', 4, 2)] }]).verdict).toBe('PROVED');
  });
  it('weaker statements follow: Theorem 1\'s min(n, r)^(d/2), and lower ranks of the family, larger statement ranks', () => {
    expect(bundle([{ statement: allEvenDCpRankAtLeast('tt', 4, 2, fam(2n)), certs: [lo('tt', 4, 2)] }]).verdict).toBe('PROVED');
    expect(bundle([{ statement: allEvenDGenericRankAtLeast('tt', 4, 3, { leading: 1n, base: 4n }), certs: [lo('tt', 4, 2)] }]).verdict).toBe('PROVED');
    expect(bundle([{ statement: allEvenDRankAtMost('tt', 4, 2, { leading: 3n, base: 5n }), certs: [up('tt', 4, 3)] }]).verdict).toBe('PROVED');
  });
  it('the HT closed form min(n, r)^(d/2) from both sides: the Kronecker pair and the isolation cut', () => {
    expect(bundle([{ statement: allEvenDGenericRankEquals('ht', 6, 4, fam(4n)), certs: [kroneckerCertificate(witnessPair('ht-pairs', 6, 4)).certificate, up('ht', 6, 4)] }]).verdict).toBe('PROVED');
  });
  it('refutations: a cut below a generic lower bound at some order, a family above an upper bound at some order', () => {
    // 2 * 4^(k-1) against the claim 2 * 5^(k-1): equal at d = 2, below from d = 4 on.
    expect(bundle([{ statement: allEvenDGenericRankAtLeast('tt', 4, 2, { leading: 2n, base: 5n }), certs: [up('tt', 4, 2)] }])).toMatchObject({ verdict: 'REFUTED', claims: [{ outcome: 'refuted' }] });
    expect(bundle([{ statement: allEvenDRankAtMost('tt', 4, 2, { leading: 1n, base: 16n }), certs: [lo('tt', 4, 2)] }])).toMatchObject({ verdict: 'REFUTED' });
    // CP-rank statements are never refuted by a matricization bound.
    expect(bundle([{ statement: allEvenDCpRankAtLeast('tt', 4, 2, { leading: 2n, base: 5n }), certs: [up('tt', 4, 2)] }])).toMatchObject({ verdict: 'NOT_PROVED' });
  });
  it('a family lower bound above a family upper bound that covers it is a contradiction, never PROVED', () => {
    const fam3: Claim = { kind: 'rank-lower-bound-family', method: 'transfer', generator: { structure: { format: 'tt-shared', order: 4, size: 3, rank: 2 }, digest: 'a'.repeat(64) }, family: { format: 'tt-shared', size: 3, rank: 2 }, leading: 2n, base: 4n, prime: 7 };
    const cover: Claim = { kind: 'rank-upper-bound-family', method: 'isolation', family: { format: 'tt', size: 3, rank: 2 }, cut: { last: 'bond', middle: 'leg' }, leading: 2n, base: 3n };
    expect(inconsistencies([{ claim: fam3, digest: '1'.repeat(64) }, { claim: cover, digest: '2'.repeat(64) }])).toHaveLength(1);
    expect(inconsistencies([{ claim: { ...fam3, base: 3n }, digest: '1'.repeat(64) }, { claim: cover, digest: '2'.repeat(64) }])).toHaveLength(0);
    // A cut about a smaller family (rank 1) does not cover a rank-2 family: no contradiction to see.
    expect(inconsistencies([{ claim: fam3, digest: '1'.repeat(64) }, { claim: { ...cover, family: { format: 'tt', size: 3, rank: 1 } }, digest: '2'.repeat(64) }])).toHaveLength(0);
  });
  it('"above at some order" is decided exactly for every small nonnegative leading and base, zeros included (brute force over k = 1..64)', () => {
    const family = { format: 'tt', size: 3, rank: 2 } as const;
    const at = (x: { leading: bigint; base: bigint }, k: number): bigint => x.leading * x.base ** BigInt(k - 1);
    const above = (x: { leading: bigint; base: bigint }, y: { leading: bigint; base: bigint }): boolean => Array.from({ length: 64 }, (_, i) => i + 1).some((k) => at(x, k) > at(y, k));
    const values = [0n, 1n, 2n, 3n, 7n, 10n];
    for (const sl of values)
      for (const sb of values)
        for (const cl of values)
          for (const cb of values) {
            const s = { leading: sl, base: sb };
            const c = { leading: cl, base: cb };
            const up: Claim = { kind: 'rank-upper-bound-family', method: 'isolation', family, cut: {}, ...c };
            const lo: Claim = { kind: 'rank-lower-bound-family', method: 'transfer', generator: { structure: { format: 'tt-shared', order: 4, size: 3, rank: 2 }, digest: 'a'.repeat(64) }, family, prime: 7, ...c };
            const one = (claim: Claim): { claim: Claim; digest: string }[] => [{ claim, digest: '1'.repeat(64) }];
            const where = `statement ${sl} * ${sb}^(k-1), certificate ${cl} * ${cb}^(k-1)`;
            expect(decide({ form: 'all-even-d-rank-at-most', family, ...s }, one(up)).outcome, where).toBe(above(c, s) ? 'not established' : 'established');
            expect(decide({ form: 'all-even-d-rank-at-most', family, ...s }, one(lo)).outcome, where).toBe(above(c, s) ? 'refuted' : 'not established');
            expect(decide({ form: 'all-even-d-generic-rank-at-least', family, ...s }, one(lo)).outcome, where).toBe(above(s, c) ? 'not established' : 'established');
            expect(decide({ form: 'all-even-d-generic-rank-at-least', family, ...s }, one(up)).outcome, where).toBe(above(s, c) ? 'refuted' : 'not established');
          }
  });
});

describe('bundles themselves', () => {
  const good = (): { statement: StatementJson; certs: object[] }[] => [{ statement: genericCpRankAtLeast(ttS(2, 2, 4), 4n), certs: [lower(tt(2, 2, 4))] }];
  it('a manifest naming a certificate it does not hold is rejected with MISSING_CERTIFICATE', () => {
    const m = { bundle: 'check-theorem/proof-bundle', version: 1, theorem: 't', claims: [{ id: 'a', role: 'proof', statement: good()[0]?.statement, certificates: ['f'.repeat(64)] }], certificates: [] };
    expect(checkBundle(stableJson(m))).toMatchObject({ verdict: 'REJECTED', rejection: { code: 'MISSING_CERTIFICATE' } });
  });
  it('a certificate whose content is not what the manifest digest says makes the bundle REJECTED', () => {
    const [c] = good();
    const cert = c?.certs[0] as object;
    const other = lower(tt(2, 2, 4, 9));
    const m = { bundle: 'check-theorem/proof-bundle', version: 1, theorem: 't', claims: [{ id: 'a', role: 'proof', statement: c?.statement, certificates: [contentDigest(cert)] }], certificates: [{ digest: contentDigest(cert), certificate: other }] };
    expect(checkBundle(stableJson(m))).toMatchObject({ verdict: 'REJECTED', rejection: { code: 'DIGEST_MISMATCH', path: '/certificates/0/digest' } });
  });
  it('an unknown statement form, role or field is rejected', () => {
    const base = { bundle: 'check-theorem/proof-bundle', version: 1, theorem: 't', certificates: [] };
    expect(checkBundle(stableJson({ ...base, claims: [{ id: 'a', role: 'proof', statement: { form: 'trust-me' }, certificates: [] }] }))).toMatchObject({ rejection: { code: 'BAD_STATEMENT' } });
    expect(checkBundle(stableJson({ ...base, claims: [{ id: 'a', role: 'hope', statement: good()[0]?.statement, certificates: [] }] }))).toMatchObject({ rejection: { code: 'BAD_STATEMENT' } });
    expect(checkBundle(stableJson({ ...base, claims: [], extra: 1 }))).toMatchObject({ rejection: { code: 'UNKNOWN_FIELD' } });
    expect(checkBundle(stableJson({ ...base, claims: [] }))).toMatchObject({ rejection: { code: 'BAD_STATEMENT' } });
  });
  it('a manifest with an inexact number or a repeated key is rejected as text', () => {
    const text = stableJson({ bundle: 'check-theorem/proof-bundle', version: 1, theorem: 't', claims: [], certificates: [] });
    expect(checkBundle(text.replace('"version": 1', '"version": 1.0'))).toMatchObject({ rejection: { code: 'INEXACT_NUMBER' } });
    expect(checkBundle(text.replace('"version": 1', '"version": 1, "version": 1'))).toMatchObject({ rejection: { code: 'DUPLICATE_KEY' } });
  });
});
