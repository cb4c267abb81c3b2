/**
 * Exact rank from both sides: null vectors lifted from mod p (src/rank/nullspace.ts) against
 * Bareiss (an independent algorithm), both certificates checked by the kernel, the statements
 * tensor-rank-at-most / tensor-rank-equals decided from them, and each tampering rejected with
 * its own code.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explicitExactRank, matricizationExactRank } from '../../src/certify/nullspace.js';
import * as f from '../../src/formats/index.js';
import { checkBundle, contentDigest, sealCertificate } from '../../src/kernel/index.js';
import { tensorRefJson } from '../../proofs/statements.js';
import { bareiss } from '../../src/rank/exact.js';
import { rankExact } from '../../src/rank/index.js';
import { annihilates, rankWithNullspace } from '../../src/rank/nullspace.js';
import { isPrime } from '../../src/exact/primes.js';
import { stableJson } from '../../src/report/json.js';
import type { ExactScalar, Matrix } from '../../src/tensor/matrix.js';
import { verifyCertificate } from '../support/kernel.js';

type Doc = Record<string, any>;
const copy = (x: object): Doc => JSON.parse(JSON.stringify(x)) as Doc;

/** A random m x n integer matrix of rank <= r: a product of m x r and r x n factors with entries in [-e, e]. */
function product(m: number, n: number, r: number, seed: number, e = 9): Matrix<number> {
  let s = seed >>> 0;
  const next = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), (s % (2 * e + 1)) - e);
  const B = Array.from({ length: m * r }, next);
  const C = Array.from({ length: r * n }, next);
  const data: number[] = [];
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let t = 0;
      for (let k = 0; k < r; k++) t += (B[i * r + k] as number) * (C[k * n + j] as number);
      data.push(t);
    }
  return { rows: m, cols: n, data };
}

describe('null vectors lifted from mod p: the exact rank, as Bareiss finds it', () => {
  it('random products of every shape (fast-check): the rank matches Bareiss and both certificates verify', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 14 }), fc.integer({ min: 1, max: 14 }), fc.integer({ min: 0, max: 14 }), fc.integer({ min: 0, max: 1 << 30 }), (m, n, r, seed) => {
        const a = product(m, n, r, seed);
        const got = explicitExactRank(a);
        expect(got.rank).toBe(bareiss(a).rank);
        expect(verifyCertificate(got.lower)).toMatchObject({ verdict: 'verified' });
        const up = verifyCertificate(got.upper);
        expect(up).toMatchObject({ verdict: 'verified', claim: { kind: 'matrix-rank-upper-bound', bound: BigInt(got.rank) } });
      }),
      { numRuns: 80 },
    );
  });
  it('rational entries (rows with denominators 1..4): the row-scaled matrix and the one given have the same rank and null vectors (both sides)', () => {
    for (const [m, n] of [[6, 9], [9, 6]] as const) {
      const a = product(m, n, 3, m * 31 + n);
      const q: Matrix<ExactScalar> = { rows: m, cols: n, data: a.data.map((v, i) => ({ num: BigInt(v), den: BigInt(1 + (Math.floor(i / n) % 4)) })) };
      const got = explicitExactRank(q);
      expect(got.rank).toBe(3);
      expect(verifyCertificate(got.upper)).toMatchObject({ verdict: 'verified' });
      expect(verifyCertificate(got.lower)).toMatchObject({ verdict: 'verified' });
    }
  });
  it('a full-rank matrix needs one modular elimination and no lifting', () => {
    const a = product(40, 30, 30, 5, 1000);
    const r = rankWithNullspace(a);
    expect(r).toMatchObject({ rank: 30, liftPrimes: 0, vectors: [] });
    expect(rankExact(a).rank).toBe(30);
  });
  it('integral doubles beyond 2^53 keep their exact values (rank as Bareiss finds it); fractions are refused', () => {
    // Rows 0 and 1 differ by 1 beside an entry of 2^60: rank 2 exactly.
    const big = 2 ** 60;
    const a = { rows: 3, cols: 3, data: [big, 1, 0, big, 2, 0, 2 * big, 3, 0] };
    expect(rankWithNullspace(a).rank).toBe(bareiss(a).rank);
    expect(rankExact(a).rank).toBe(bareiss(a).rank);
    expect(() => rankWithNullspace({ rows: 1, cols: 1, data: [0.5] })).toThrow(/integer entries/);
  });
  it('both lifting paths: Dixon (entries small enough for doubles) and Chinese remaindering (entries beyond that) give the rank and exact null vectors (checked here with BigInt products)', () => {
    for (const [m, n, r, scale] of [
      [30, 24, 17, 1n],
      [24, 30, 11, 1n],
      [20, 20, 13, 2n ** 40n], // r max|S| p >= 2^52: no doubles, CRT
    ] as const) {
      const a0 = product(m, n, r, m + n + r);
      const a = scale === 1n ? a0 : { rows: m, cols: n, data: a0.data.map((v) => BigInt(v) * scale + BigInt(v)) };
      const got = rankWithNullspace(a);
      expect(got.rank).toBe(r);
      const A = (i: number, j: number): bigint => BigInt(a.data[i * n + j] as number | bigint);
      for (const v of got.vectors)
        if (got.side === 'right') for (let i = 0; i < m; i++) expect(v.reduce((s, x, j) => s + A(i, j) * x, 0n)).toBe(0n);
        else for (let j = 0; j < n; j++) expect(v.reduce((s, x, i) => s + A(i, j) * x, 0n)).toBe(0n);
      expect(got.vectors.length).toBe(Math.min(m, n) === n ? n - r : m - r);
    }
  });
  it('the multimodular check is exact: it finds A v != 0 even when A v is a product of many of its primes', () => {
    // A = [1], v = [P] with P the product of the first 40 primes below 2^23 (about 920 bits): A v = P != 0.
    let P = 1n;
    let q = 2 ** 23;
    for (let k = 0; k < 40; k++) {
      q -= 1;
      while (!isPrime(q)) q -= 1;
      P *= BigInt(q);
    }
    expect(annihilates({ rows: 1, cols: 1, data: [1] }, [[P]])).toBe(false);
    expect(annihilates({ rows: 1, cols: 2, data: [1, -1] }, [[P, P]])).toBe(true);
    expect(annihilates({ rows: 2, cols: 2, data: [1, -1, 2, 0] }, [[P, P]], [0])).toBe(true);
    expect(annihilates({ rows: 2, cols: 2, data: [1, -1, 2, 0] }, [[P, P]])).toBe(false);
  });
  it('entries of 30 digits (BigInt) lift too', () => {
    const a = product(8, 10, 5, 3);
    const big = { rows: 8, cols: 10, data: a.data.map((v) => BigInt(v) * 10n ** 30n + BigInt(v)) };
    expect(explicitExactRank(big).rank).toBe(5);
  });
});

describe('the kernel on null-space certificates', () => {
  const a = product(7, 9, 4, 11);
  const cert = (): Doc => copy(explicitExactRank(a).upper);
  it('is right-sided here (fewer vectors on the left: 7 - 4 = 3)', () => {
    expect(cert()['side']).toBe('left');
    expect(cert()['vectors'].length).toBe(3);
  });
  const nonPivot = (c: Doc): number => [...Array(c['vectors'][0].length).keys()].find((i) => !c['pivots'].includes(i)) as number;
  const cases: [string, (c: Doc) => void, string][] = [
    ['an entry off the pivots changed', (c) => (c['vectors'][0][nonPivot(c)] = Number(c['vectors'][0][nonPivot(c)]) + 1), 'NOT_IN_NULL_SPACE'],
    ['a vector dropped (the claim stays)', (c) => (c['vectors'].pop(), c['pivots'].pop()), 'CLAIM_MISMATCH'],
    ['the claim lowered by one', (c) => (c['claim']['rankAtMost'] -= 1), 'CLAIM_MISMATCH'],
    ['vector 1 replaced by vector 0', (c) => (c['vectors'][1] = [...c['vectors'][0]]), 'DEPENDENT_VECTORS'],
    ['a pivot repeated', (c) => (c['pivots'][1] = c['pivots'][0]), 'DUPLICATE_INDEX'],
    ['a fraction in a vector', (c) => (c['vectors'][0][nonPivot(c)] = '1/2'), 'BAD_ENTRY'],
    ['the other side (3 vectors of length 9 show rank <= 6, not 4)', (c) => (c['side'] = 'right'), 'CLAIM_MISMATCH'],
    ['an unknown side', (c) => (c['side'] = 'top'), 'WRONG_TYPE'],
    ['a matrix entry changed', (c) => (c['matrix']['entries'][0][0] += 1), 'NOT_IN_NULL_SPACE'],
  ];
  for (const [name, edit, code] of cases)
    it(`rejects ${name} with ${code}`, () => {
      const c = cert();
      edit(c);
      expect(verifyCertificate(sealCertificate(c))).toMatchObject({ verdict: 'rejected', code });
    });
  it('refuses more vector entries than it holds, before reading them', () => {
    const c = cert();
    c['vectors'] = new Array(1 << 14).fill([]);
    c['matrix'] = { kind: 'explicit', rows: 1, cols: 1 << 15, entries: [new Array(1 << 15).fill(0)] };
    c['side'] = 'right';
    expect(verifyCertificate(sealCertificate(c))).toMatchObject({ verdict: 'rejected', code: 'BUDGET_EXCEEDED' });
  });
});

describe('the rank of one tensor, from both sides, as a statement', () => {
  // A TT of ranks 2 on shape 3^4: the prefix:2 matricization (9 x 9) has rank 2.
  const x = f.tt.random({ shape: [3, 3, 3, 3], rank: 2, seed: 4 });
  const rows = [0, 1];
  const both = matricizationExactRank(x, rows);
  const ref = tensorRefJson(x);
  const statement = (form: string, key: string, v: number): object => ({ form, tensor: ref, rowModes: rows, [key]: v });
  const decide = (s: object, certs: object[]): string | undefined => {
    const manifest = { bundle: 'check-theorem/proof-bundle', version: 1, theorem: 'test', claims: [{ id: 'c', role: 'proof', statement: s, certificates: certs.map(contentDigest) }], certificates: certs.map((c) => ({ digest: contentDigest(c), certificate: c })) };
    return checkBundle(stableJson(manifest)).claims[0]?.outcome;
  };
  it('the rank is 2 and both certificates verify', () => {
    expect(both.rank).toBe(2);
    expect(verifyCertificate(both.upper)).toMatchObject({ verdict: 'verified' });
  });
  it('tensor-rank-equals 2 is established by the minor and the null vectors; 1 and 3 are refuted', () => {
    expect(decide(statement('tensor-rank-equals', 'value', 2), [both.lower, both.upper])).toBe('established');
    expect(decide(statement('tensor-rank-equals', 'value', 1), [both.lower, both.upper])).toBe('refuted');
    expect(decide(statement('tensor-rank-equals', 'value', 3), [both.lower, both.upper])).toBe('refuted');
  });
  it('tensor-rank-at-most needs the upper certificate: the minor alone establishes nothing', () => {
    expect(decide(statement('tensor-rank-at-most', 'bound', 2), [both.upper])).toBe('established');
    expect(decide(statement('tensor-rank-at-most', 'bound', 2), [both.lower])).toBe('not established');
    expect(decide(statement('tensor-rank-at-most', 'bound', 1), [both.lower])).toBe('refuted');
  });
  it('null vectors of another tensor establish nothing about this one', () => {
    const y = f.tt.random({ shape: [3, 3, 3, 3], rank: 2, seed: 5 });
    expect(decide(statement('tensor-rank-at-most', 'bound', 2), [matricizationExactRank(y, rows).upper])).toBe('not established');
  });
});

describe('the kernel budgets exact applications before building them (review findings)', () => {
  const cert = (rows: number, cols: number, entries: (number | string)[][], vectors: (number | string)[][], pivots: number[]) =>
    sealCertificate({ certificate: 'check-theorem', version: 2, kind: 'rank-upper-bound/nullspace', claim: { rankAtMost: cols - vectors.length }, matrix: { kind: 'explicit', rows, cols, entries }, side: 'right', vectors, pivots });
  it('a large block (512 x 512 entries) is read without overflowing the stack, and a true claim verifies', () => {
    const n = 512;
    const ones = Array.from({ length: n }, () => new Array<number>(n).fill(1));
    const v = new Array<number>(n).fill(0);
    v[0] = 1;
    v[1] = -1;
    expect(verifyCertificate(cert(n, n, ones, [v], [0]))).toMatchObject({ verdict: 'verified', claim: { bound: 511n } });
  });
  it('an entry with a huge denominator is refused from the sizes, before the block becomes huge integers', () => {
    const n = 64;
    const m = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j): number | string => (i === 0 && j === 0 ? `1/${(3n ** 39000n).toString()}` : 1)));
    const v = new Array<number>(n).fill(0);
    v[1] = 1;
    v[2] = -1;
    expect(verifyCertificate(cert(n, n, m, [v], [1]))).toMatchObject({ verdict: 'rejected', code: 'BUDGET_EXCEEDED' });
  });
});
