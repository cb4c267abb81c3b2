/**
 * Every check estimates its work before doing it and refuses, with the estimate, what it would
 * not finish: no input reaches a RangeError, an allocation failure or a days-long loop.
 */
import { describe, expect, it } from 'vitest';
import { sealCertificate } from '../../src/kernel/index.js';
import { verifyCertificate } from '../support/kernel.js';
import { checkSketchCost, innerProduct } from '../../src/kernel/evaluate.js';

const base = { certificate: 'check-theorem', version: 2 };

describe('the kernel refuses up front', () => {
  it('a sketch with mode size 2^20 and K = 8192 (vectors of 8.6e9 entries): BUDGET_EXCEEDED, no RangeError', () => {
    const n = 1 << 20;
    const cert = sealCertificate({
      ...base,
      kind: 'rank-lower-bound/sketch',
      claim: { rankAtLeast: 8192 },
      matrix: { kind: 'matricization', tensor: { format: 'tt', shape: [n, 8192], ranks: [1, 1, 1], cores: [new Array<number>(n).fill(1), new Array<number>(8192).fill(1)] }, rowModes: [0] },
      prime: 8388593,
      sketch: { generator: 'xoshiro128ss-splitmix32-v1', seed: 1 },
    });
    const v = verifyCertificate(cert);
    expect(v).toMatchObject({ verdict: 'rejected', code: 'BUDGET_EXCEEDED', path: '/claim/rankAtLeast' });
  });

  it('a sketch whose evaluation passes the work limit (TT of rank 64, K = 8192): BUDGET_EXCEEDED with the estimate', () => {
    const d = 24;
    const r = 64;
    const ranks = [1, ...new Array<number>(d - 1).fill(r), 1];
    const cores = ranks.slice(0, -1).map((a, k) => new Array<number>(a * 2 * (ranks[k + 1] as number)).fill(1));
    const cert = sealCertificate({
      ...base,
      kind: 'rank-lower-bound/sketch',
      claim: { rankAtLeast: 4096 },
      matrix: { kind: 'matricization', tensor: { format: 'tt', shape: new Array<number>(d).fill(2), ranks, cores }, rowModes: Array.from({ length: d / 2 }, (_, t) => 2 * t) },
      prime: 8388593,
      sketch: { generator: 'xoshiro128ss-splitmix32-v1', seed: 1 },
    });
    const v = verifyCertificate(cert);
    expect(v).toMatchObject({ verdict: 'rejected', code: 'BUDGET_EXCEEDED' });
    expect(v.verdict === 'rejected' && v.detail).toMatch(/takes about \d\.\d+e\+\d+ (operations|array entries of memory), above the kernel's limit/);
  });

  it('a minor larger than the elimination limit: BUDGET_EXCEEDED before any index is read', () => {
    const k = 8193;
    const cert = sealCertificate({ ...base, kind: 'rank-lower-bound/minor', claim: { rankAtLeast: k }, matrix: { kind: 'explicit', rows: 1, cols: 1, entries: [[1]] }, prime: 8388593, rowIndices: new Array<number>(k).fill(0), colIndices: [0] });
    expect(verifyCertificate(cert)).toMatchObject({ verdict: 'rejected', code: 'BUDGET_EXCEEDED', path: '/rowIndices' });
  });

  it('an exact inner product beyond the limit is refused from its plan, before any data is converted', () => {
    // CP networks of shape 1024 x 1024 and rank 1024 (about 2e9 BigInt multiply-adds in any order).
    const zero = { num: 0n, den: 1n };
    const x = { structure: { format: 'cp' as const, shape: [1024, 1024], rank: 1024 }, blocks: [new Array(1 << 20).fill(zero), new Array(1 << 20).fill(zero)] };
    expect(() => innerProduct(x, x, '/left')).toThrow(/BUDGET_EXCEEDED at \/left: the exact inner product takes about/);
    // The same small enough is computed.
    const y = { structure: { format: 'tt' as const, shape: [2, 2], ranks: [1, 2, 1] }, blocks: [[zero, { num: 1n, den: 2n }, zero, zero], [zero, zero, { num: 3n, den: 1n }, zero]] };
    expect(innerProduct(y, y, '')).toEqual({ num: 9n, den: 4n });
  });

  it('a tensor with more parameters than the kernel reads: BUDGET_EXCEEDED before its entries are read', () => {
    const cert = sealCertificate({ ...base, kind: 'equality', claim: { equal: true }, left: { format: 'dense', shape: [4096, 8192], data: [] }, right: { format: 'dense', shape: [4096, 8192], data: [] } });
    expect(verifyCertificate(cert)).toMatchObject({ verdict: 'rejected', code: 'BUDGET_EXCEEDED', path: '/left' });
  });

  it('a dense shape whose size overflows a double: BUDGET_EXCEEDED', () => {
    const cert = sealCertificate({ ...base, kind: 'rank-upper-bound/cut', claim: { rankAtMost: 1 }, network: { format: 'dense', shape: new Array<number>(4096).fill(1 << 20) }, rowModes: [0], cut: ['leg:0'] });
    // A structure alone (no data) is fine to cut; the cut's product is exact in BigInt.
    expect(verifyCertificate(cert)).toMatchObject({ verdict: 'rejected', code: 'CLAIM_MISMATCH' });
  });
});

describe('limits found by review (each once could run for hours, exhaust memory or pass unread data)', () => {
  const zero = { num: 0n, den: 1n };
  it('a sketch whose arrays together pass the memory limit is refused, though its work and largest array are within theirs', () => {
    // TT of shape 2^20 and rank 256, prefix split, K = 1024: about 6e8 entries of intermediate arrays (5 GB).
    const d = 20;
    const ranks = [1, ...new Array<number>(d - 1).fill(256), 1];
    const x = { structure: { format: 'tt' as const, shape: new Array<number>(d).fill(2), ranks }, blocks: ranks.slice(0, -1).map((a, k) => new Array(a * 2 * (ranks[k + 1] as number)).fill(zero)) };
    const rows = Array.from({ length: d / 2 }, (_, t) => t);
    expect(() => checkSketchCost(x, rows, rows.map((m) => m + d / 2), 1024, '/claim')).toThrow(/BUDGET_EXCEEDED at \/claim: evaluating the 1024 x 1024 sketch takes about .* array entries of memory/);
  });
  it('an equality of networks with huge integer entries is refused by the size of its numbers', () => {
    const d = 20;
    const big = '9'.repeat(2000);
    const t = { format: 'tt', shape: new Array<number>(d).fill(1), ranks: new Array<number>(d + 1).fill(1), cores: new Array(d).fill([big]) };
    const v = verifyCertificate(sealCertificate({ ...base, kind: 'equality', claim: { equal: true }, left: t, right: t }));
    expect(v).toMatchObject({ verdict: 'rejected', code: 'BUDGET_EXCEEDED' });
    expect(v.verdict === 'rejected' && v.detail).toMatch(/numbers of up to \d+ bits/);
  });
  it('a block whose common denominator would grow beyond the limit is refused while it grows', () => {
    // Ten distinct primes near 10^800 as denominators: their lcm has about 26000 bits... times ten.
    const den = (k: number): string => `1${'0'.repeat(7000)}${k * 2 + 1}`;
    const first = Array.from({ length: 10 }, (_, k) => `1/${den(k)}`);
    const t = { format: 'tt-shared', order: 3, size: 10, rank: 1, first, middle: new Array(10).fill(1), last: new Array(10).fill(1) };
    expect(verifyCertificate(sealCertificate({ ...base, kind: 'equality', claim: { equal: true }, left: t, right: t }))).toMatchObject({ verdict: 'rejected', code: 'BUDGET_EXCEEDED' });
  });
  it('a contraction of more operands than the planner takes is refused at once', () => {
    const d = 600;
    const t = { format: 'tt', shape: new Array<number>(d).fill(1), ranks: new Array<number>(d + 1).fill(1), cores: new Array(d).fill([1]) };
    const cert = sealCertificate({ ...base, kind: 'rank-lower-bound/minor', claim: { rankAtLeast: 1 }, matrix: { kind: 'matricization', tensor: t, rowModes: [0] }, prime: 3, rowIndices: [0], colIndices: [0] });
    expect(verifyCertificate(cert)).toMatchObject({ verdict: 'rejected', code: 'BUDGET_EXCEEDED' });
  });
  it('block containers hold exactly their blocks (no unread data)', () => {
    const cp = { format: 'cp', shape: [2, 2], rank: 1, factors: { 0: [1, 1], 1: [1, 1] } };
    expect(verifyCertificate(sealCertificate({ ...base, kind: 'equality', claim: { equal: true }, left: cp, right: cp }))).toMatchObject({ verdict: 'rejected', code: 'WRONG_TYPE', path: '/left/factors' });
    const tt = { format: 'tt', shape: [2, 2], ranks: [1, 1, 1], cores: [[1, 1], 'junk', [1, 1]] };
    expect(verifyCertificate(sealCertificate({ ...base, kind: 'equality', claim: { equal: true }, left: tt, right: tt }))).toMatchObject({ verdict: 'rejected', code: 'SIZE_MISMATCH', path: '/left/cores' });
  });
});
