/**
 * Hand-written forward and backward passes of the networks' multilinear parts, the feature map's
 * nonlinearity and the losses, on Float32Arrays: the numeric core of the fused training path
 * (src/nets/fused.ts wraps them in one tf.customGrad per model).
 *
 * Why by hand. At batch 32 the tensors are tiny (a TT core is 32 x 16), so TensorFlow.js spends
 * its time in per-op dispatch and in the autodiff tape, not in arithmetic: the TT recurrence is
 * d = 16 sequential products, each a handful of kernels forward and more backward, and Adam runs
 * 13 kernels per variable. The wasm backend's batched matmul is moreover a plain loop (only the
 * unbatched, untransposed product goes to XNNPACK). Every product below is one call of
 * {@link gemm}, which runs on WebAssembly SIMD (simd.ts) when its buffers come from a
 * {@link ScratchPool} and in register-blocked JavaScript otherwise.
 *
 * Layouts (row-major throughout):
 * - features F: (B, d, m), F[(b d + k) m + i] = f(x_k of sample b)[i], with F[.., 0] = 1;
 * - parameters: one flat vector theta, each block at the offset its plan names (see models.ts);
 * - scores: (B, C).
 *
 * Arithmetic: float32 storage; sums in doubles on the JavaScript path and in float32 in the SIMD
 * kernels, so results agree with the float32 TensorFlow.js ops up to float32 rounding (not bit for
 * bit). Each path is deterministic, and which one a product takes depends only on the sequence of
 * passes, so the same run gives the same numbers.
 *
 * @packageDocumentation
 */
import type { DimensionTree } from '../formats/types.js';
import type { Activation } from './models.js';
import { simdGemmOn, wasmMemory, type SimdGemm } from './simd.js';

/** Zero-filled Float32Arrays for the buffers of one pass. */
export type Alloc = (size: number) => Float32Array;

/** A fresh array each time. */
export const freshAlloc: Alloc = (size) => new Float32Array(size);

/** The SIMD kernels of each WebAssembly memory that scratch buffers live in. */
const simdOfBuffer = new WeakMap<ArrayBufferLike, SimdGemm>();

/** Whether `x` lives in a WebAssembly memory whose SIMD products {@link gemm} uses. */
export function onSimdMemory(x: Float32Array): boolean {
  return simdOfBuffer.has(x.buffer);
}

/** A set of buffers, handed out in the order a pass asks for them. */
interface BufferSet {
  views: Float32Array[];
}

/**
 * Buffers reused from one pass to the next. A pass leases a set (by a key, the batch size) and
 * releases it when its backward pass is done; a later pass with that key gets the same arrays back
 * (zero-filled) in the order it asks for them. A set whose sizes changed during a pass (its first
 * pass, say) is laid out anew on release: one WebAssembly memory holding every buffer, so that
 * {@link gemm} can run its products with the SIMD kernels of simd.ts on them.
 *
 * Why reuse: a fresh 64 KB typed array per step costs page faults (measured ~200 us for 100 KB on
 * this VM, more than the arithmetic on it). A pass that is never released (a forward pass without
 * a backward one) only costs its allocations. A pass in flight never shares a buffer: a set is
 * leased to one pass at a time.
 */
export class ScratchPool {
  private readonly idle = new Map<number, BufferSet[]>();

  lease(key: number): { readonly alloc: Alloc; release(): void } {
    const set = this.idle.get(key)?.pop() ?? { views: [] };
    let next = 0;
    let changed = false;
    let released = false;
    return {
      alloc: (size) => {
        const old = set.views[next];
        if (old !== undefined && old.length === size) {
          next++;
          return old.fill(0);
        }
        changed = true;
        const fresh = new Float32Array(size);
        set.views[next++] = fresh;
        return fresh;
      },
      release: () => {
        if (released) return;
        released = true;
        set.views.length = next;
        if (changed) set.views = layOut(set.views.map((v) => v.length));
        const sets = this.idle.get(key) ?? [];
        sets.push(set);
        this.idle.set(key, sets);
      },
    };
  }
}

/** Buffers of the given sizes in one WebAssembly memory (16-byte aligned), its SIMD kernels registered. */
function layOut(sizes: readonly number[]): Float32Array[] {
  const starts: number[] = [];
  let floats = 0;
  for (const size of sizes) {
    starts.push(floats);
    floats += Math.ceil(size / 4) * 4;
  }
  const memory = wasmMemory(floats * 4);
  const simd = simdGemmOn(memory);
  if (simd) simdOfBuffer.set(memory.buffer, simd);
  return sizes.map((size, i) => new Float32Array(memory.buffer, (starts[i] as number) * 4, size));
}

/**
 * C[i, j] = sum_p A[i, p] B[p, j] (or C += that, with `accumulate`), for i < M, j < N, p < P.
 * Each operand is an (offset, row stride, column stride) view of a Float32Array, so transposes
 * and the rows of one position inside a (B, d, m) array cost nothing. The bulk (4-row, 4-column
 * blocks) runs in the SIMD kernels of simd.ts when A, B and C live in one WebAssembly memory of a
 * {@link ScratchPool} and B's columns are contiguous (8-15x faster on the TT shapes); otherwise in
 * 4 x 4 blocks of C held in sixteen local sums (each loaded entry used four times: 1.7x faster than
 * 4 x 1 blocks). The edges run in a plain loop. Callers with a transposed B pass a transposed
 * copy ({@link transposeOf}) to stay on the SIMD path.
 */
export function gemm(
  M: number,
  N: number,
  P: number,
  A: Float32Array,
  aOff: number,
  aRow: number,
  aCol: number,
  B: Float32Array,
  bOff: number,
  bRow: number,
  bCol: number,
  C: Float32Array,
  cOff: number,
  cRow: number,
  accumulate: boolean,
): void {
  const M4 = M - (M % 4);
  const N4 = N - (N % 4);
  const simd = M4 > 0 && N4 > 0 && bCol === 1 ? simdOfBuffer.get(A.buffer) : undefined;
  if (simd !== undefined && B.buffer === A.buffer && C.buffer === A.buffer) {
    // Byte addresses and strides in the memory of all three.
    const N8 = N - (N % 8);
    const a = A.byteOffset + 4 * aOff;
    const b = B.byteOffset + 4 * bOff;
    const c = C.byteOffset + 4 * cOff;
    const acc = accumulate ? 1 : 0;
    if (N8 > 0) simd.gemm4x8(M4, N8, P, a, 4 * aRow, 4 * aCol, b, 4 * bRow, c, 4 * cRow, acc);
    if (N8 < N4) simd.gemm4x4(M4, N4 - N8, P, a, 4 * aRow, 4 * aCol, b + 4 * N8, 4 * bRow, c + 4 * N8, 4 * cRow, acc);
  } else if (M4 > 0 && N4 > 0) gemmBlocks(M4, N4, P, A, aOff, aRow, aCol, B, bOff, bRow, bCol, C, cOff, cRow, accumulate);
  if (M4 > 0 && N4 < N) gemmPlain(M4, N - N4, P, A, aOff, aRow, aCol, B, bOff + N4 * bCol, bRow, bCol, C, cOff + N4, cRow, accumulate);
  if (M4 < M) gemmPlain(M - M4, N, P, A, aOff + M4 * aRow, aRow, aCol, B, bOff, bRow, bCol, C, cOff + M4 * cRow, cRow, accumulate);
}

/** {@link gemm} for M and N multiples of 4. */
function gemmBlocks(M: number, N: number, P: number, A: Float32Array, aOff: number, aRow: number, aCol: number, B: Float32Array, bOff: number, bRow: number, bCol: number, C: Float32Array, cOff: number, cRow: number, accumulate: boolean): void {
  for (let i = 0; i < M; i += 4) {
    const a0 = aOff + i * aRow;
    const a1 = a0 + aRow;
    const a2 = a1 + aRow;
    const a3 = a2 + aRow;
    for (let j = 0; j < N; j += 4) {
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0;
      let s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      let s20 = 0, s21 = 0, s22 = 0, s23 = 0;
      let s30 = 0, s31 = 0, s32 = 0, s33 = 0;
      let bp = bOff + j * bCol;
      let q = 0;
      for (let p = 0; p < P; p++) {
        const b0 = B[bp] as number;
        const b1 = B[bp + bCol] as number;
        const b2 = B[bp + 2 * bCol] as number;
        const b3 = B[bp + 3 * bCol] as number;
        const x0 = A[a0 + q] as number;
        const x1 = A[a1 + q] as number;
        const x2 = A[a2 + q] as number;
        const x3 = A[a3 + q] as number;
        s00 += x0 * b0; s01 += x0 * b1; s02 += x0 * b2; s03 += x0 * b3;
        s10 += x1 * b0; s11 += x1 * b1; s12 += x1 * b2; s13 += x1 * b3;
        s20 += x2 * b0; s21 += x2 * b1; s22 += x2 * b2; s23 += x2 * b3;
        s30 += x3 * b0; s31 += x3 * b1; s32 += x3 * b2; s33 += x3 * b3;
        bp += bRow;
        q += aCol;
      }
      const c0 = cOff + i * cRow + j;
      const c1 = c0 + cRow;
      const c2 = c1 + cRow;
      const c3 = c2 + cRow;
      if (accumulate) {
        s00 += C[c0] as number; s01 += C[c0 + 1] as number; s02 += C[c0 + 2] as number; s03 += C[c0 + 3] as number;
        s10 += C[c1] as number; s11 += C[c1 + 1] as number; s12 += C[c1 + 2] as number; s13 += C[c1 + 3] as number;
        s20 += C[c2] as number; s21 += C[c2 + 1] as number; s22 += C[c2 + 2] as number; s23 += C[c2 + 3] as number;
        s30 += C[c3] as number; s31 += C[c3 + 1] as number; s32 += C[c3 + 2] as number; s33 += C[c3 + 3] as number;
      }
      C[c0] = s00; C[c0 + 1] = s01; C[c0 + 2] = s02; C[c0 + 3] = s03;
      C[c1] = s10; C[c1 + 1] = s11; C[c1 + 2] = s12; C[c1 + 3] = s13;
      C[c2] = s20; C[c2 + 1] = s21; C[c2 + 2] = s22; C[c2 + 3] = s23;
      C[c3] = s30; C[c3 + 1] = s31; C[c3 + 2] = s32; C[c3 + 3] = s33;
    }
  }
}

/** {@link gemm} entry by entry (the edges the 4 x 4 blocks leave). */
function gemmPlain(M: number, N: number, P: number, A: Float32Array, aOff: number, aRow: number, aCol: number, B: Float32Array, bOff: number, bRow: number, bCol: number, C: Float32Array, cOff: number, cRow: number, accumulate: boolean): void {
  for (let i = 0; i < M; i++) {
    const a0 = aOff + i * aRow;
    const c0 = cOff + i * cRow;
    for (let j = 0; j < N; j++) {
      let s = accumulate ? (C[c0 + j] as number) : 0;
      let bp = bOff + j * bCol;
      for (let p = 0; p < P; p++) {
        s += (A[a0 + p * aCol] as number) * (B[bp] as number);
        bp += bRow;
      }
      C[c0 + j] = s;
    }
  }
}

/**
 * The transposes of `count` consecutive rows x cols blocks of X from `off`: (count, cols, rows),
 * in a buffer from `alloc`.
 */
export function transposeOf(X: Float32Array, off: number, count: number, rows: number, cols: number, alloc: Alloc): Float32Array {
  const T = alloc(count * rows * cols);
  for (let k = 0; k < count; k++) {
    const o = k * rows * cols;
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) T[o + j * rows + i] = X[off + o + i * cols + j] as number;
  }
  return T;
}

/** Per sample, a row times a matrix: out[b] (= or +=) h[b] (1 x r) Ms[b] (r x c), over b < B. */
function rowsTimesMatrices(B: number, r: number, c: number, H: Float32Array, hOff: number, Ms: Float32Array, mOff: number, out: Float32Array, outOff: number, accumulate: boolean): void {
  for (let b = 0; b < B; b++) {
    const h0 = hOff + b * r;
    const m0 = mOff + b * r * c;
    const o0 = outOff + b * c;
    for (let j = 0; j < c; j++) {
      let s = accumulate ? (out[o0 + j] as number) : 0;
      for (let a = 0; a < r; a++) s += (H[h0 + a] as number) * (Ms[m0 + a * c + j] as number);
      out[o0 + j] = s;
    }
  }
}

/** Per sample, a matrix times a column: out[b] (= or +=) Ms[b] (r x c) g[b] (c), over b < B. */
function matricesTimesRows(B: number, r: number, c: number, Ms: Float32Array, mOff: number, g: Float32Array, gOff: number, out: Float32Array, outOff: number, accumulate: boolean): void {
  for (let b = 0; b < B; b++) {
    const g0 = gOff + b * c;
    const m0 = mOff + b * r * c;
    const o0 = outOff + b * r;
    for (let a = 0; a < r; a++) {
      let s = accumulate ? (out[o0 + a] as number) : 0;
      for (let j = 0; j < c; j++) s += (Ms[m0 + a * c + j] as number) * (g[g0 + j] as number);
      out[o0 + a] = s;
    }
  }
}

/** Per sample, an outer product: O[b, a c + j] = u[b, a] v[b, j] (O is (B, r c) from `oOff`). */
function outerRows(B: number, r: number, c: number, u: Float32Array, uOff: number, v: Float32Array, vOff: number, O: Float32Array, oOff: number): void {
  for (let b = 0; b < B; b++) {
    const o0 = oOff + b * r * c;
    for (let a = 0; a < r; a++) {
      const x = u[uOff + b * r + a] as number;
      for (let j = 0; j < c; j++) O[o0 + a * c + j] = x * (v[vOff + b * c + j] as number);
    }
  }
}

/** A block of a Float32Array: the array and where the block starts. */
export interface At {
  readonly data: Float32Array;
  readonly off: number;
}

/**
 * The feature map forward: F[row, 0] = 1 and F[row, 1 + j] = act((X A)[row, j] + b[j]) for the
 * rows = B d rows of X (rows x inputDim), A (inputDim x (m - 1)) and b (m - 1) read from their
 * blocks. The product runs as X A0 into F itself, A0 being A with a zero column in front (so its
 * rows are m long, a multiple of 8 at the usual sizes: the SIMD kernels take all of it).
 */
export function featureMapForward(X: Float32Array, rows: number, inputDim: number, A: At, b: At, m: number, act: Activation, alloc: Alloc = freshAlloc): Float32Array {
  const w = m - 1;
  const A0 = alloc(inputDim * m);
  for (let i = 0; i < inputDim; i++) for (let j = 0; j < w; j++) A0[i * m + 1 + j] = A.data[A.off + i * w + j] as number;
  const F = alloc(rows * m);
  gemm(rows, m, inputDim, X, 0, inputDim, 1, A0, 0, m, 1, F, 0, m, false);
  const bias = b.data;
  for (let row = 0; row < rows; row++) {
    const f0 = row * m + 1;
    F[f0 - 1] = 1;
    // One loop per activation: the switch is paid per row, not per entry.
    switch (act) {
      case 'relu':
        // relu(v) = (v + |v|) / 2, exactly, and without a branch on the sign of v: a branch
        // mispredicted on half the entries measured 8x slower here.
        for (let j = 0; j < w; j++) {
          const v = (F[f0 + j] as number) + (bias[b.off + j] as number);
          F[f0 + j] = 0.5 * (v + Math.abs(v));
        }
        break;
      case 'identity':
        for (let j = 0; j < w; j++) F[f0 + j] = (F[f0 + j] as number) + (bias[b.off + j] as number);
        break;
      case 'sigmoid':
        for (let j = 0; j < w; j++) F[f0 + j] = 1 / (1 + Math.exp(-((F[f0 + j] as number) + (bias[b.off + j] as number))));
        break;
      case 'tanh':
        for (let j = 0; j < w; j++) F[f0 + j] = Math.tanh((F[f0 + j] as number) + (bias[b.off + j] as number));
        break;
    }
  }
  return F;
}

/**
 * The feature map backward, given dF from the multilinear part: dZ[row, j] = dF[row, 1 + j]
 * act'(.), with the derivative read off the output y = act(z) (relu's is 0 at z = 0, as in
 * TensorFlow.js), written over dF (its column 0, the constant feature's, set to 0); then the bias
 * gradient sum_row dZ[row, j] and dA = X^T dZ (as X^T dZ0 with the zero column, one product) are
 * added into their blocks of dTheta.
 */
export function featureMapBackward(X: Float32Array, F: Float32Array, dF: Float32Array, rows: number, inputDim: number, m: number, act: Activation, dA: At, db: At, alloc: Alloc = freshAlloc): void {
  const w = m - 1;
  for (let row = 0; row < rows; row++) {
    const f0 = row * m + 1;
    dF[f0 - 1] = 0;
    switch (act) {
      case 'relu':
        // The mask as a number, not a branch (see featureMapForward).
        for (let e = f0; e < f0 + w; e++) dF[e] = +((F[e] as number) > 0) * (dF[e] as number);
        break;
      case 'identity':
        break;
      case 'sigmoid':
        for (let e = f0; e < f0 + w; e++) {
          const y = F[e] as number;
          dF[e] = (dF[e] as number) * y * (1 - y);
        }
        break;
      case 'tanh':
        for (let e = f0; e < f0 + w; e++) {
          const y = F[e] as number;
          dF[e] = (dF[e] as number) * (1 - y * y);
        }
        break;
    }
  }
  const sums = db.data;
  for (let j = 0; j < w; j++) {
    let s = 0;
    for (let e = 1 + j; e < rows * m; e += m) s += dF[e] as number;
    sums[db.off + j] = (sums[db.off + j] as number) + s;
  }
  const dA0 = alloc(inputDim * m);
  gemm(inputDim, m, rows, X, 0, 1, inputDim, dF, 0, m, 1, dA0, 0, m, false);
  const out = dA.data;
  for (let i = 0; i < inputDim; i++) for (let j = 0; j < w; j++) out[dA.off + i * w + j] = (out[dA.off + i * w + j] as number) + (dA0[i * m + 1 + j] as number);
}

/**
 * Where a model's multilinear parameters sit in theta, and its sizes. Offsets are of the blocks
 * laid out as in models.ts: CP U (d, m, R) and W (R, C); TT first (m, r), middle (K, m, r, r) with
 * K = d - 2 cores (1 when shared), last (r, m, C); HT one block per tree node, a leaf's frame
 * (m, r) or an inner node's transfer tensor (r_left, r_right, r_node).
 */
export type MultilinearPlan =
  | { readonly kind: 'cp'; readonly d: number; readonly m: number; readonly rank: number; readonly classes: number; readonly U: number; readonly W: number }
  | { readonly kind: 'tt'; readonly d: number; readonly m: number; readonly rank: number; readonly classes: number; readonly first: number; readonly middle: number; readonly shared: boolean; readonly last: number }
  | { readonly kind: 'ht'; readonly d: number; readonly m: number; readonly classes: number; readonly tree: DimensionTree; readonly ranks: readonly number[]; readonly offsets: readonly number[] };

/**
 * The backward pass of one forward call: given dScores (B, C), adds the parameter gradients into
 * dTheta at the plan's offsets and returns dF (B, d, m).
 */
export type MultilinearBackward = (dScores: Float32Array, dTheta: Float32Array) => Float32Array;

/** Scores (B, C) of features F (B, d, m) under parameters theta, and the matching backward pass. */
export function multilinearForward(plan: MultilinearPlan, theta: Float32Array, F: Float32Array, B: number, alloc: Alloc = freshAlloc): { scores: Float32Array; backward: MultilinearBackward } {
  switch (plan.kind) {
    case 'cp':
      return cpForward(plan, theta, F, B, alloc);
    case 'tt':
      return ttForward(plan, theta, F, B, alloc);
    case 'ht':
      return htForward(plan, theta, F, B, alloc);
  }
}

/** Rows of position k inside F (B, d, m): offset k m, row stride d m. */
function positionRows(k: number, d: number, m: number): { off: number; stride: number } {
  return { off: k * m, stride: d * m };
}

/**
 * CP: P_k = F_k U_k (B, R) for every position, h = prod_k P_k elementwise, scores = h W.
 * Backward: dh = dS W^T, dW = h^T dS, dP_k = dh * prod_{j != k} P_j (prefix times suffix
 * products, no division), dU_k = F_k^T dP_k, dF_k = dP_k U_k^T.
 */
function cpForward(p: Extract<MultilinearPlan, { kind: 'cp' }>, theta: Float32Array, F: Float32Array, B: number, alloc: Alloc): { scores: Float32Array; backward: MultilinearBackward } {
  const { d, m, rank: R, classes: C } = p;
  const BR = B * R;
  const P = alloc(d * BR);
  for (let k = 0; k < d; k++) {
    const f = positionRows(k, d, m);
    gemm(B, R, m, F, f.off, f.stride, 1, theta, p.U + k * m * R, R, 1, P, k * BR, R, false);
  }
  const h = alloc(BR);
  for (let e = 0; e < BR; e++) {
    let prod = 1;
    for (let k = 0; k < d; k++) prod *= P[k * BR + e] as number;
    h[e] = prod;
  }
  const scores = alloc(B * C);
  gemm(B, C, R, h, 0, R, 1, theta, p.W, C, 1, scores, 0, C, false);
  const backward: MultilinearBackward = (dS, dTheta) => {
    gemm(R, C, B, h, 0, 1, R, dS, 0, C, 1, dTheta, p.W, C, true);
    const dh = alloc(BR);
    gemm(B, R, C, dS, 0, C, 1, transposeOf(theta, p.W, 1, R, C, alloc), 0, R, 1, dh, 0, R, false);
    // prefix[k] = prod_{j < k} P_j; the suffix product runs down from the last position.
    const prefix = alloc(d * BR);
    for (let e = 0; e < BR; e++) {
      let acc = 1;
      for (let k = 0; k < d; k++) {
        prefix[k * BR + e] = acc;
        acc *= P[k * BR + e] as number;
      }
    }
    const dP = alloc(d * BR);
    for (let e = 0; e < BR; e++) {
      let suffix = dh[e] as number;
      for (let k = d - 1; k >= 0; k--) {
        dP[k * BR + e] = suffix * (prefix[k * BR + e] as number);
        suffix *= P[k * BR + e] as number;
      }
    }
    const dF = alloc(B * d * m);
    const UT = transposeOf(theta, p.U, d, m, R, alloc);
    for (let k = 0; k < d; k++) {
      const f = positionRows(k, d, m);
      gemm(m, R, B, F, f.off, 1, f.stride, dP, k * BR, R, 1, dTheta, p.U + k * m * R, R, true);
      gemm(B, m, R, dP, k * BR, R, 1, UT, k * R * m, m, 1, dF, f.off, f.stride, false);
    }
    return dF;
  };
  return { scores, backward };
}

/**
 * TT: h_0 = F_0 G_first (B, r); for each middle position M_k = F_k G_k (B, r r) and
 * h_k[b] = h_{k-1}[b] M_k[b] (r x r per sample); then L[b] = sum_i F_last[b, i] G_last[:, i, :]
 * (r x C) and scores[b] = h[b] L[b]. The h_k and M_k are kept for the backward pass.
 */
function ttForward(p: Extract<MultilinearPlan, { kind: 'tt' }>, theta: Float32Array, F: Float32Array, B: number, alloc: Alloc): { scores: Float32Array; backward: MultilinearBackward } {
  const { d, m, rank: r, classes: C } = p;
  const K = d - 2;
  const rr = r * r;
  const coreOff = (k: number): number => p.middle + (p.shared ? 0 : k) * m * rr;
  const H = alloc((K + 1) * B * r);
  const f0 = positionRows(0, d, m);
  gemm(B, r, m, F, f0.off, f0.stride, 1, theta, p.first, r, 1, H, 0, r, false);
  const M = alloc(K * B * rr);
  for (let k = 0; k < K; k++) {
    const f = positionRows(k + 1, d, m);
    gemm(B, rr, m, F, f.off, f.stride, 1, theta, coreOff(k), rr, 1, M, k * B * rr, rr, false);
    rowsTimesMatrices(B, r, r, H, k * B * r, M, k * B * rr, H, (k + 1) * B * r, false);
  }
  // L[b, a, c] = sum_i F_last[b, i] G_last[a, i, c]: one (B x m)(m x C) product per a.
  const fl = positionRows(d - 1, d, m);
  const L = alloc(B * r * C);
  for (let a = 0; a < r; a++) gemm(B, C, m, F, fl.off, fl.stride, 1, theta, p.last + a * m * C, C, 1, L, a * C, r * C, false);
  const hLast = K * B * r;
  const scores = alloc(B * C);
  rowsTimesMatrices(B, r, C, H, hLast, L, 0, scores, 0, false);
  const backward: MultilinearBackward = (dS, dTheta) => {
    const dF = alloc(B * d * m);
    // dL[b, a, c] = h[b, a] dS[b, c]; dh[b, a] = sum_c L[b, a, c] dS[b, c].
    const dL = alloc(B * r * C);
    outerRows(B, r, C, H, hLast, dS, 0, dL, 0);
    let g = alloc(B * r);
    matricesTimesRows(B, r, C, L, 0, dS, 0, g, 0, false);
    const lastT = transposeOf(theta, p.last, r, m, C, alloc);
    for (let a = 0; a < r; a++) {
      gemm(m, C, B, F, fl.off, 1, fl.stride, dL, a * C, r * C, 1, dTheta, p.last + a * m * C, C, true);
      gemm(B, m, C, dL, a * C, r * C, 1, lastT, a * C * m, m, 1, dF, fl.off, fl.stride, a > 0);
    }
    const dM = alloc(B * rr);
    let gPrev = alloc(B * r);
    // The middle cores transposed, (r r) x m each: dF_k = dM_k G_k^T with B's columns contiguous.
    const middleT = transposeOf(theta, p.middle, K > 0 ? (p.shared ? 1 : K) : 0, m, rr, alloc);
    for (let k = K - 1; k >= 0; k--) {
      // dM_k[b] = h_{k-1}[b]^T g[b] (outer product); g_{k-1}[b] = M_k[b] g[b].
      outerRows(B, r, r, H, k * B * r, g, 0, dM, 0);
      matricesTimesRows(B, r, r, M, k * B * rr, g, 0, gPrev, 0, false);
      const f = positionRows(k + 1, d, m);
      gemm(m, rr, B, F, f.off, 1, f.stride, dM, 0, rr, 1, dTheta, coreOff(k), rr, true);
      gemm(B, m, rr, dM, 0, rr, 1, middleT, coreOff(k) - p.middle, m, 1, dF, f.off, f.stride, false);
      [g, gPrev] = [gPrev, g];
    }
    gemm(m, r, B, F, f0.off, 1, f0.stride, g, 0, r, 1, dTheta, p.first, r, true);
    gemm(B, m, r, g, 0, r, 1, transposeOf(theta, p.first, 1, m, r, alloc), 0, m, 1, dF, f0.off, f0.stride, false);
    return dF;
  };
  return { scores, backward };
}

/**
 * HT: leaves y_t = F_mode(t) U_t (B, r); inner nodes, children first, y_t = O_t B_t with the
 * outer products O_t[b, a r_right + a'] = y_left[b, a] y_right[b, a'] (B, r_left r_right); the
 * root's value is the scores. Backward in reverse: dB_t = O_t^T dy_t, dO = dy_t B_t^T, and dO
 * contracted with the other child's value gives each child's gradient.
 */
function htForward(p: Extract<MultilinearPlan, { kind: 'ht' }>, theta: Float32Array, F: Float32Array, B: number, alloc: Alloc): { scores: Float32Array; backward: MultilinearBackward } {
  const { d, m, tree, ranks, offsets } = p;
  const nodes = tree.nodes;
  const Y: Float32Array[] = [];
  const O: Float32Array[] = [];
  nodes.forEach((node, t) => {
    const rt = ranks[t] as number;
    const y = alloc(B * rt);
    if (node.kind === 'leaf') {
      const f = positionRows(node.mode, d, m);
      gemm(B, rt, m, F, f.off, f.stride, 1, theta, offsets[t] as number, rt, 1, y, 0, rt, false);
    } else {
      const rl = ranks[node.left] as number;
      const rr = ranks[node.right] as number;
      const o = alloc(B * rl * rr);
      outerRows(B, rl, rr, Y[node.left] as Float32Array, 0, Y[node.right] as Float32Array, 0, o, 0);
      gemm(B, rt, rl * rr, o, 0, rl * rr, 1, theta, offsets[t] as number, rt, 1, y, 0, rt, false);
      O[t] = o;
    }
    Y[t] = y;
  });
  const root = nodes.length - 1;
  const backward: MultilinearBackward = (dS, dTheta) => {
    const dF = alloc(B * d * m);
    const dY: Float32Array[] = nodes.map((_, t) => (t === root ? dS : alloc(B * (ranks[t] as number))));
    for (let t = root; t >= 0; t--) {
      const node = nodes[t] as (typeof nodes)[number];
      const rt = ranks[t] as number;
      const dy = dY[t] as Float32Array;
      if (node.kind === 'leaf') {
        const f = positionRows(node.mode, d, m);
        gemm(m, rt, B, F, f.off, 1, f.stride, dy, 0, rt, 1, dTheta, offsets[t] as number, rt, true);
        gemm(B, m, rt, dy, 0, rt, 1, transposeOf(theta, offsets[t] as number, 1, m, rt, alloc), 0, m, 1, dF, f.off, f.stride, false);
        continue;
      }
      const rl = ranks[node.left] as number;
      const rr = ranks[node.right] as number;
      const w = rl * rr;
      gemm(w, rt, B, O[t] as Float32Array, 0, 1, w, dy, 0, rt, 1, dTheta, offsets[t] as number, rt, true);
      const dO = alloc(B * w);
      gemm(B, w, rt, dy, 0, rt, 1, transposeOf(theta, offsets[t] as number, 1, w, rt, alloc), 0, w, 1, dO, 0, w, false);
      const yl = Y[node.left] as Float32Array;
      const yr = Y[node.right] as Float32Array;
      const dl = dY[node.left] as Float32Array;
      const dr = dY[node.right] as Float32Array;
      // dl[b] = dO[b] (rl x rr) yr[b]; dr[b] = yl[b] dO[b].
      matricesTimesRows(B, rl, rr, dO, 0, yr, 0, dl, 0, true);
      rowsTimesMatrices(B, rl, rr, yl, 0, dO, 0, dr, 0, true);
    }
    return dF;
  };
  return { scores: Y[root] as Float32Array, backward };
}

/** A loss and its gradient with respect to the scores. */
export interface LossValue {
  readonly loss: number;
  readonly dScores: Float32Array;
}

/**
 * Mean softmax cross-entropy of scores (B, C) against class labels, as tf.losses.softmaxCrossEntropy
 * with one-hot targets: mean_b (logsumexp(s_b) - s_b[label_b]); gradient (softmax(s_b) - onehot) / B.
 */
export function softmaxCrossEntropy(scores: Float32Array, labels: ArrayLike<number>, B: number, C: number, alloc: Alloc = freshAlloc): LossValue {
  const dScores = alloc(B * C);
  let total = 0;
  for (let b = 0; b < B; b++) {
    const s0 = b * C;
    let max = -Infinity;
    for (let c = 0; c < C; c++) max = Math.max(max, scores[s0 + c] as number);
    let z = 0;
    for (let c = 0; c < C; c++) z += Math.exp((scores[s0 + c] as number) - max);
    const label = labels[b] as number;
    total += Math.log(z) + max - (scores[s0 + label] as number);
    for (let c = 0; c < C; c++) dScores[s0 + c] = (Math.exp((scores[s0 + c] as number) - max) / z - (c === label ? 1 : 0)) / B;
  }
  return { loss: total / B, dScores };
}

/**
 * Mean squared error of scores (B, 1) against targets, as tf.losses.meanSquaredError:
 * mean_b (s_b - y_b)^2; gradient 2 (s_b - y_b) / B.
 */
export function meanSquaredError(scores: Float32Array, targets: ArrayLike<number>, B: number, alloc: Alloc = freshAlloc): LossValue {
  const dScores = alloc(B);
  let total = 0;
  for (let b = 0; b < B; b++) {
    const e = (scores[b] as number) - (targets[b] as number);
    total += e * e;
    dScores[b] = (2 * e) / B;
  }
  return { loss: total / B, dScores };
}
