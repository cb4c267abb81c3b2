/**
 * The hand-written kernels of the fused engine: products against a plain triple loop (on small
 * integers, where float32 arithmetic is exact, so both the JavaScript and the SIMD path must give
 * the reference bit for bit), buffer reuse that never shares a buffer between passes in flight,
 * and the losses against their formulas.
 */
import { describe, expect, it } from 'vitest';
import { gemm, meanSquaredError, onSimdMemory, ScratchPool, softmaxCrossEntropy, transposeOf, type Alloc } from '../../src/nets/kernels.js';
import { createRng } from '../../src/exact/prng.js';

/** Integers in [-8, 8]: every product and sum below stays far under 2^24, so float32 is exact. */
function ints(alloc: Alloc, n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const x = alloc(n);
  for (let i = 0; i < n; i++) x[i] = rng.intIn(-8, 8);
  return x;
}

/** A product of views with arbitrary strides, entry by entry. */
function reference(M: number, N: number, P: number, A: Float32Array, aOff: number, aRow: number, aCol: number, B: Float32Array, bOff: number, bRow: number, bCol: number, C: Float32Array, cOff: number, cRow: number, accumulate: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < M; i++)
    for (let j = 0; j < N; j++) {
      let s = accumulate ? (C[cOff + i * cRow + j] as number) : 0;
      for (let p = 0; p < P; p++) s += (A[aOff + i * aRow + p * aCol] as number) * (B[bOff + p * bRow + j * bCol] as number);
      out.push(s);
    }
  return out;
}

function readC(C: Float32Array, M: number, N: number, cOff: number, cRow: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) out.push(C[cOff + i * cRow + j] as number);
  return out;
}

/** Shapes that hit the 4 x 8 and 4 x 4 SIMD blocks and every edge: (M, N, P). */
const SHAPES: [number, number, number][] = [
  [32, 16, 32],
  [32, 32, 16],
  [8, 12, 5],
  [7, 10, 3],
  [4, 4, 1],
  [1, 9, 4],
  [13, 3, 7],
];

/** One product with A strided like a position of (B, d, m) features (row stride 3 P), transposed or not, and B transposed or not. */
function checkProducts(alloc: Alloc, seed: number): void {
  for (const [M, N, P] of SHAPES)
    for (const transA of [false, true])
      for (const transB of [false, true])
        for (const accumulate of [false, true]) {
          const A = ints(alloc, 3 * M * P + 5, seed);
          const B = ints(alloc, N * P + 2, seed + 1);
          const C = ints(alloc, M * (N + 3) + 1, seed + 2);
          // A: rows i at 5 + i (3P) (+ p), or transposed (A[i, p] at 5 + p (3M) + i); B at offset 2.
          const [aRow, aCol] = transA ? [1, 3 * M] : [3 * P, 1];
          const [bRow, bCol] = transB ? [1, P] : [N, 1];
          const want = reference(M, N, P, A, 5, aRow, aCol, B, 2, bRow, bCol, C, 1, N + 3, accumulate);
          const before = Array.from(C);
          gemm(M, N, P, A, 5, aRow, aCol, B, 2, bRow, bCol, C, 1, N + 3, accumulate);
          const what = `${M}x${N}x${P} transA ${transA} transB ${transB} accumulate ${accumulate}`;
          expect(readC(C, M, N, 1, N + 3), what).toEqual(want);
          // Entries outside the M x N view (the padding columns, the ends) are untouched.
          const outside = (i: number): boolean => i < 1 || i >= 1 + M * (N + 3) || (i - 1) % (N + 3) >= N;
          expect(Array.from(C).filter((_, i) => outside(i)), what).toEqual(before.filter((_, i) => outside(i)));
        }
}

describe('gemm', () => {
  it('equals the entry-by-entry product on plain arrays (the JavaScript path)', () => {
    checkProducts((n) => new Float32Array(n), 1);
  });

  it('equals it on the buffers of a released pass (the SIMD path)', () => {
    const pool = new ScratchPool();
    // A first pass records the sizes; the set is laid out in one WebAssembly memory on release.
    const first = pool.lease(1);
    checkProducts(first.alloc, 2);
    first.release();
    const second = pool.lease(1);
    let onSimd = 0;
    let total = 0;
    checkProducts((n) => {
      const b = second.alloc(n);
      total++;
      if (onSimdMemory(b)) onSimd++;
      return b;
    }, 3);
    second.release();
    expect(onSimd).toBe(total);
  });
});

describe('ScratchPool', () => {
  it('never gives one buffer to two passes in flight, and reuses a released pass', () => {
    const pool = new ScratchPool();
    const warm = pool.lease(32);
    warm.alloc(100);
    warm.release();
    // One set is idle now; two passes in flight must not both get it.
    const a = pool.lease(32);
    const x = a.alloc(100);
    const b = pool.lease(32);
    const y = b.alloc(100);
    expect(y.buffer === x.buffer && y.byteOffset === x.byteOffset).toBe(false);
    x.fill(7);
    expect(Array.from(y.subarray(0, 3))).toEqual([0, 0, 0]);
    a.release();
    b.release();
    // Both sets are back; a new pass gets one of them, zero-filled, in the order it asks.
    const c = pool.lease(32);
    const z = c.alloc(100);
    expect(onSimdMemory(z)).toBe(true);
    expect(z.every((v) => v === 0)).toBe(true);
    // A size it did not have before is a fresh array, not a view of another buffer.
    const w = c.alloc(5);
    expect(w.length).toBe(5);
    c.release();
  });

  it('keeps sets apart by key', () => {
    const pool = new ScratchPool();
    const a = pool.lease(32);
    a.alloc(10);
    a.release();
    const b = pool.lease(64);
    expect(onSimdMemory(b.alloc(10))).toBe(false);
    b.release();
  });
});

describe('transposeOf', () => {
  it('transposes consecutive blocks', () => {
    const X = Float32Array.from([9, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    // Two 2 x 3 blocks from offset 1: [[1, 2, 3], [4, 5, 6]] and [[7, 8, 9], [10, 11, 12]].
    expect(Array.from(transposeOf(X, 1, 2, 2, 3, (n) => new Float32Array(n)))).toEqual([1, 4, 2, 5, 3, 6, 7, 10, 8, 11, 9, 12]);
  });
});

describe('losses', () => {
  it('softmax cross-entropy: mean of logsumexp - score of the label, gradient (softmax - onehot) / B', () => {
    const scores = Float32Array.from([0, Math.log(3), 2, 2]);
    const { loss, dScores } = softmaxCrossEntropy(scores, [1, 0], 2, 2);
    // Sample 0: p = (1/4, 3/4), label 1: -log(3/4). Sample 1: p = (1/2, 1/2): log 2.
    expect(loss).toBeCloseTo((-Math.log(3 / 4) + Math.log(2)) / 2, 6);
    expect(Array.from(dScores).map((v) => Number(v.toFixed(6)))).toEqual([0.125, -0.125, -0.25, 0.25]);
  });

  it('squared error: mean of (s - y)^2, gradient 2 (s - y) / B', () => {
    const { loss, dScores } = meanSquaredError(Float32Array.from([1, 3]), [0, 5], 2);
    expect(loss).toBe(2.5);
    expect(Array.from(dScores)).toEqual([1, -2]);
  });
});
