/**
 * Every check estimates its work before doing it and refuses, with the estimate, what it would
 * not finish: no input reaches a RangeError, an allocation failure or a days-long loop.
 */
import { describe, expect, it } from 'vitest';
import { sealCertificate } from '../../src/kernel/index.js';
import { verifyCertificate } from '../support/kernel.js';
import { innerProduct } from '../../src/kernel/evaluate.js';

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
    expect(v.verdict === 'rejected' && v.detail).toMatch(/takes about \d\.\d+e\+\d+ operations, above the kernel's limit/);
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
