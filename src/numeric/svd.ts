/**
 * Singular values in float64, values only (the rank needs no U or V): Householder
 * bidiagonalisation (after a Householder QR when the matrix is tall enough for that to save
 * work), then implicit-shift QR on the bidiagonal.
 *
 * Accuracy: both stages are backward stable, so each singular value carries an absolute error
 * of a small multiple of eps * ||A||, which is what numpy's rank tolerance S_max * max(M, N) * eps
 * assumes (numpy's LAPACK path, dgesdd, has the same kind of bound).
 *
 * Speed: the reductions are level-2 loops fused so that each step streams the trailing rows
 * once or twice (see {@link bidiagonalize}). That pass over the rows below each step is nearly all
 * of the work; it runs as WebAssembly f64x2 kernels (src/numeric/svdKernels.ts, driven by
 * svdWasmEngine.ts), 3.5-5x faster than the scalar JavaScript loops kept here as the reference
 * and for runtimes without WebAssembly SIMD. With them the whole computation takes about numpy's
 * time (LAPACK dgesdd on one-thread OpenBLAS) at 1024 and 2048: `npm run bench -- float`.
 *
 * @packageDocumentation
 */
import { FLOAT64_EPS } from './float64.js';
import { fitsWasm, wasmKernelsAvailable, wasmReduction, wasmWorkDone } from './svdWasmEngine.js';

/**
 * Cap on QR sweeps between two deflations. With Wilkinson shifts a value converges in about 1.5
 * sweeps on average (measured on random 1024 x 1024 matrices: 1.6); the cap only stops a loop
 * that would not end.
 */
const MAX_QR_SWEEPS = 100;
/**
 * Rows / cols from which singularValues reduces a tall matrix to its n x n triangle by QR first.
 * Bidiagonalising directly costs 4mn^2 - 4n^3/3 flops; QR then bidiagonalising the triangle
 * costs 2mn^2 - 2n^3/3 + 8n^3/3, less from m > 5n/3 on. Measured with n = 600 (medians of 5,
 * shared machine): at m/n = 5/3 and 11/6 the two paths are within noise of each other, at 2 QR
 * first takes 0.86-0.93 of the time, at 4 0.77; hence 2.
 */
const QR_FIRST_ASPECT = 2;
/**
 * Smaller side from which singularValues runs the WebAssembly kernels. Measured (square random
 * matrices, medians of 7, warm): the kernels take 1.3x less time than the JavaScript loops at 2,
 * about the same at 4-8, 1.3-1.4x less at 12-32, 2.1x at 64. But the first WebAssembly use in a
 * process costs about 5 ms (the engine's start-up), and the first call of the JavaScript loops is
 * slow too (not yet compiled): cold, at 8 the kernels took 3.5-7.5 ms against 1.2-1.4 ms, at 16
 * 5-9.5 ms against 6-17 ms. From 16 on the kernels win cold or warm.
 */
const WASM_MIN_SIDE = 16;
/**
 * Squared norms of a column or row at or below which its reflector is skipped and its entries count
 * as zero: 2^-1000 (norm 2^-500). The reductions work on the matrix scaled to max |entry| = 1, whose
 * singular values carry errors of eps = 2^-52 anyway, so entries of that size change nothing a
 * double can show; above it, beta = 1 / (norm^2 + |a| norm) and the products it scales stay in
 * range. Without it, a rank-one integer matrix drove the trailing entries down to 1e-150, their
 * squares underflowed, 1 / norm^2 overflowed and the values came out NaN.
 */
const NEGLIGIBLE_NORM2 = 2 ** -1000;
/** Magnitudes inside which x^2 + y^2 neither overflows nor underflows in a double. */
const HYPOT_SAFE_MAX = 1e150;
const HYPOT_SAFE_MIN = 1e-150;

/**
 * z[j] = sum_i A[i, 0] A[i, j] (j >= 1) over all rows, and returns the squared norm of column 0:
 * the products the first left reflector needs.
 */
function firstColumnProducts(a: Float64Array, m: number, n: number, z: Float64Array): number {
  let colNorm2 = 0;
  for (let i = 0; i < m; i++) {
    const off = i * n;
    const c = a[off] as number;
    if (c === 0) continue;
    colNorm2 += c * c;
    for (let j = 1; j < n; j++) z[j] = (z[j] as number) + c * (a[off + j] as number);
  }
  return colNorm2;
}

/**
 * The left reflector of step k from column k (squared norm colNorm2 over rows k.., and
 * z[j] = sum_{i >= k} A[i, k] A[i, j]): sets w[j] = beta v^T A[:, j] for j > k (since
 * v^T A[:, j] = z[j] - alpha A[k, j]), applies it to row k and returns the new A[k, k] (alpha).
 * A zero (or negligible, see {@link NEGLIGIBLE_NORM2}) column needs no reflector: w = 0 and the
 * diagonal entry is 0.
 */
function leftReflector(a: Float64Array, n: number, k: number, colNorm2: number, z: Float64Array, w: Float64Array): number {
  const rk = k * n;
  if (colNorm2 <= NEGLIGIBLE_NORM2) {
    w.fill(0, k + 1, n);
    return 0;
  }
  const akk = a[rk + k] as number;
  const alpha = akk >= 0 ? -Math.sqrt(colNorm2) : Math.sqrt(colNorm2);
  const beta = 1 / (colNorm2 - akk * alpha);
  const vk = akk - alpha;
  for (let j = k + 1; j < n; j++) {
    const wj = beta * ((z[j] as number) - alpha * (a[rk + j] as number));
    w[j] = wj;
    a[rk + j] = (a[rk + j] as number) - vk * wj;
  }
  return alpha;
}

/**
 * The right reflector of step k from row k (entries k+1..): u = (A[k, k+1] - alpha, A[k, k+2..]),
 * with beta = 1 / (u^T u / 2) stored in u[k] (column k is outside the reflector). Returns alpha,
 * the superdiagonal entry; a zero (or negligible) row gives beta = 0 and alpha = 0.
 */
function rightReflector(a: Float64Array, n: number, k: number, u: Float64Array): number {
  const rk = k * n;
  let rowNorm2 = 0;
  for (let j = k + 1; j < n; j++) {
    const x = a[rk + j] as number;
    u[j] = x;
    rowNorm2 += x * x;
  }
  if (rowNorm2 <= NEGLIGIBLE_NORM2) {
    u[k] = 0;
    return 0;
  }
  const ak = a[rk + k + 1] as number;
  const alpha = ak >= 0 ? -Math.sqrt(rowNorm2) : Math.sqrt(rowNorm2);
  u[k] = 1 / (rowNorm2 - ak * alpha);
  u[k + 1] = ak - alpha;
  return alpha;
}

/**
 * Step k on rows i..i+3 (row-major offsets o1 = i * n, ...): the left update A[r, :] -= A[r, k] w
 * and the dot product with u share a loop; then the right update A[r, :] -= beta (A[r, :] . u) u
 * shares a loop with zNext[j] += A[r, k+1] A[r, j]. Four rows at a time share every load of w, u
 * and zNext (about 2x over one row in V8). Returns the rows' sum of squares in column k + 1.
 */
function bidiagonalStepFourRows(a: Float64Array, n: number, k: number, o1: number, w: Float64Array, u: Float64Array, zNext: Float64Array): number {
  const o2 = o1 + n;
  const o3 = o2 + n;
  const o4 = o3 + n;
  const v1 = a[o1 + k] as number;
  const v2 = a[o2 + k] as number;
  const v3 = a[o3 + k] as number;
  const v4 = a[o4 + k] as number;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  for (let j = k + 1; j < n; j++) {
    const wj = w[j] as number;
    const uj = u[j] as number;
    const x1 = (a[o1 + j] as number) - v1 * wj;
    const x2 = (a[o2 + j] as number) - v2 * wj;
    const x3 = (a[o3 + j] as number) - v3 * wj;
    const x4 = (a[o4 + j] as number) - v4 * wj;
    a[o1 + j] = x1;
    a[o2 + j] = x2;
    a[o3 + j] = x3;
    a[o4 + j] = x4;
    s1 += x1 * uj;
    s2 += x2 * uj;
    s3 += x3 * uj;
    s4 += x4 * uj;
  }
  const betaU = u[k] as number;
  const u1 = u[k + 1] as number;
  const b1 = betaU * s1;
  const b2 = betaU * s2;
  const b3 = betaU * s3;
  const b4 = betaU * s4;
  const c1 = (a[o1 + k + 1] as number) - b1 * u1;
  const c2 = (a[o2 + k + 1] as number) - b2 * u1;
  const c3 = (a[o3 + k + 1] as number) - b3 * u1;
  const c4 = (a[o4 + k + 1] as number) - b4 * u1;
  a[o1 + k + 1] = c1;
  a[o2 + k + 1] = c2;
  a[o3 + k + 1] = c3;
  a[o4 + k + 1] = c4;
  for (let j = k + 2; j < n; j++) {
    const uj = u[j] as number;
    const x1 = (a[o1 + j] as number) - b1 * uj;
    const x2 = (a[o2 + j] as number) - b2 * uj;
    const x3 = (a[o3 + j] as number) - b3 * uj;
    const x4 = (a[o4 + j] as number) - b4 * uj;
    a[o1 + j] = x1;
    a[o2 + j] = x2;
    a[o3 + j] = x3;
    a[o4 + j] = x4;
    zNext[j] = (zNext[j] as number) + c1 * x1 + c2 * x2 + c3 * x3 + c4 * x4;
  }
  return c1 * c1 + c2 * c2 + c3 * c3 + c4 * c4;
}

/** {@link bidiagonalStepFourRows} for one row (the last m - k - 1 mod 4 rows). */
function bidiagonalStepOneRow(a: Float64Array, n: number, k: number, off: number, w: Float64Array, u: Float64Array, zNext: Float64Array): number {
  const vi = a[off + k] as number;
  let s = 0;
  for (let j = k + 1; j < n; j++) {
    const x = (a[off + j] as number) - vi * (w[j] as number);
    a[off + j] = x;
    s += x * (u[j] as number);
  }
  const bs = (u[k] as number) * s;
  const c = (a[off + k + 1] as number) - bs * (u[k + 1] as number);
  a[off + k + 1] = c;
  for (let j = k + 2; j < n; j++) {
    const x = (a[off + j] as number) - bs * (u[j] as number);
    a[off + j] = x;
    zNext[j] = (zNext[j] as number) + c * x;
  }
  return c * c;
}

/**
 * The loops that apply one reduction step to the rows below it: the JavaScript reference
 * ({@link JS_ROWS}) or the WebAssembly kernels (src/numeric/svdWasmEngine.ts), which compute the
 * same values to rounding. Both index the arrays as the reference loops do; the kernels reach
 * them through their byte offsets, so they take only views of the kernels' own memory.
 */
export interface RowUpdates {
  /** Step k of the bidiagonalisation on rows i0..m-1 ({@link bidiagonalStepFourRows}); returns their sum of squares in column k + 1. */
  bidiagonalRows(a: Float64Array, n: number, k: number, i0: number, m: number, w: Float64Array, u: Float64Array, zNext: Float64Array): number;
  /** Step k of the Householder QR on rows i0..m-1 ({@link qrStepFourRows}); returns their sum of squares in column k + 1. */
  qrRows(a: Float64Array, n: number, k: number, i0: number, m: number, w: Float64Array, zNext: Float64Array): number;
}

/** The reference loops: four rows at a time, then the rest one by one. */
const JS_ROWS: RowUpdates = {
  bidiagonalRows(a, n, k, i0, m, w, u, zNext) {
    let norm2 = 0;
    let i = i0;
    for (; i + 3 < m; i += 4) norm2 += bidiagonalStepFourRows(a, n, k, i * n, w, u, zNext);
    for (; i < m; i++) norm2 += bidiagonalStepOneRow(a, n, k, i * n, w, u, zNext);
    return norm2;
  },
  qrRows(a, n, k, i0, m, w, zNext) {
    let norm2 = 0;
    let i = i0;
    for (; i + 3 < m; i += 4) norm2 += qrStepFourRows(a, n, k, i * n, w, zNext);
    for (; i < m; i++) norm2 += qrStepOneRow(a, n, k, i * n, w, zNext);
    return norm2;
  },
};

/**
 * The work vectors of a reduction with n columns, n entries each: the left reflector's products
 * w, the right reflector u, and the column products of this step (z) and of the next (zNext).
 */
export interface Scratch {
  readonly w: Float64Array;
  readonly u: Float64Array;
  readonly z: Float64Array;
  readonly zNext: Float64Array;
}

function freshScratch(n: number): Scratch {
  return { w: new Float64Array(n), u: new Float64Array(n), z: new Float64Array(n), zNext: new Float64Array(n) };
}

/**
 * {@link bidiagonalize} with the given row loops and work vectors (their previous contents do
 * not matter).
 */
function bidiagonalizeWith(a: Float64Array, m: number, n: number, rows: RowUpdates, scratch: Scratch): { d: Float64Array; e: Float64Array } {
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const { w, u } = scratch;
  let z = scratch.z.fill(0);
  let zNext = scratch.zNext;
  let colNorm2 = firstColumnProducts(a, m, n, z);
  for (let k = 0; k < n; k++) {
    d[k] = leftReflector(a, n, k, colNorm2, z, w);
    if (k + 1 === n) break;
    e[k] = rightReflector(a, n, k, u);
    zNext.fill(0, k + 2, n);
    colNorm2 = rows.bidiagonalRows(a, n, k, k + 1, m, w, u, zNext);
    const t = z;
    z = zNext;
    zNext = t;
  }
  return { d, e };
}

/**
 * Reduces a row-major m x n matrix (m >= n) to upper bidiagonal form in place and returns the
 * diagonal `d` (length n) and superdiagonal `e` (length n, the last entry 0).
 *
 * Householder reflections from the left (columns) and right (rows), fused so that each step
 * makes one pass over the trailing rows: for row i the left update and the right reflector's dot
 * product share a loop, and the right update shares a loop with the next step's column products
 * (z = sum_i A[i, k+1] A[i, :], which gives the next left reflector's w without another pass).
 * The input should be scaled so its entries are at most 1 in magnitude (singularValues does),
 * so sums of squares neither overflow nor need per-column scaling.
 *
 * This runs the JavaScript reference loops; {@link singularValues} runs the same reduction with
 * the WebAssembly kernels when they pay.
 *
 * Each loop lives in its own small function: V8 compiles each once with complete type feedback,
 * where one large function was recompiled and deoptimised several times on its first calls.
 */
export function bidiagonalize(a: Float64Array, m: number, n: number): { d: Float64Array; e: Float64Array } {
  if (m < n) throw new RangeError('bidiagonalize expects rows >= cols');
  return bidiagonalizeWith(a, m, n, JS_ROWS, freshScratch(n));
}

/**
 * Step k of the QR on rows i..i+3: A[r, :] -= A[r, k] w, and zNext[j] += A[r, k+1] A[r, j] in
 * the same loop. Returns the rows' sum of squares in column k + 1.
 */
function qrStepFourRows(a: Float64Array, n: number, k: number, o1: number, w: Float64Array, zNext: Float64Array): number {
  const o2 = o1 + n;
  const o3 = o2 + n;
  const o4 = o3 + n;
  const v1 = a[o1 + k] as number;
  const v2 = a[o2 + k] as number;
  const v3 = a[o3 + k] as number;
  const v4 = a[o4 + k] as number;
  const w1 = w[k + 1] as number;
  const c1 = (a[o1 + k + 1] as number) - v1 * w1;
  const c2 = (a[o2 + k + 1] as number) - v2 * w1;
  const c3 = (a[o3 + k + 1] as number) - v3 * w1;
  const c4 = (a[o4 + k + 1] as number) - v4 * w1;
  a[o1 + k + 1] = c1;
  a[o2 + k + 1] = c2;
  a[o3 + k + 1] = c3;
  a[o4 + k + 1] = c4;
  for (let j = k + 2; j < n; j++) {
    const wj = w[j] as number;
    const x1 = (a[o1 + j] as number) - v1 * wj;
    const x2 = (a[o2 + j] as number) - v2 * wj;
    const x3 = (a[o3 + j] as number) - v3 * wj;
    const x4 = (a[o4 + j] as number) - v4 * wj;
    a[o1 + j] = x1;
    a[o2 + j] = x2;
    a[o3 + j] = x3;
    a[o4 + j] = x4;
    zNext[j] = (zNext[j] as number) + c1 * x1 + c2 * x2 + c3 * x3 + c4 * x4;
  }
  return c1 * c1 + c2 * c2 + c3 * c3 + c4 * c4;
}

/** {@link qrStepFourRows} for one row. */
function qrStepOneRow(a: Float64Array, n: number, k: number, off: number, w: Float64Array, zNext: Float64Array): number {
  const vi = a[off + k] as number;
  const c = (a[off + k + 1] as number) - vi * (w[k + 1] as number);
  a[off + k + 1] = c;
  for (let j = k + 2; j < n; j++) {
    const x = (a[off + j] as number) - vi * (w[j] as number);
    a[off + j] = x;
    zNext[j] = (zNext[j] as number) + c * x;
  }
  return c * c;
}

/**
 * Householder QR of a row-major m x n matrix (m >= n) in place: afterwards its first n rows hold
 * the triangular factor R (zeros below the diagonal); the rows below are left over.
 *
 * The same fusion as {@link bidiagonalize}, with only left reflectors: one pass over the rows
 * below step k applies the reflector and accumulates z = sum_i A[i, k+1] A[i, :], which gives
 * the next reflector's products without another pass. Row k is final after step k (later steps
 * touch only the rows below it), so R is written over it there.
 */
function triangularizeWith(a: Float64Array, m: number, n: number, rows: RowUpdates, scratch: Scratch): void {
  const { w } = scratch;
  let z = scratch.z.fill(0);
  let zNext = scratch.zNext;
  let colNorm2 = firstColumnProducts(a, m, n, z);
  for (let k = 0; k < n; k++) {
    const rk = k * n;
    const alpha = leftReflector(a, n, k, colNorm2, z, w);
    a.fill(0, rk, rk + k);
    a[rk + k] = alpha;
    if (k + 1 === n) break;
    zNext.fill(0, k + 2, n);
    colNorm2 = rows.qrRows(a, n, k, k + 1, m, w, zNext);
    const t = z;
    z = zNext;
    zNext = t;
  }
}

/**
 * The triangular factor R (n x n, row-major, zeros below the diagonal) of a Householder QR of a
 * row-major m x n matrix (m >= n); `a` is overwritten. The input should be scaled as for
 * bidiagonalize. Runs the JavaScript reference loops, as {@link bidiagonalize} does.
 */
export function householderR(a: Float64Array, m: number, n: number): Float64Array {
  if (m < n) throw new RangeError('householderR expects rows >= cols');
  triangularizeWith(a, m, n, JS_ROWS, freshScratch(n));
  return a.slice(0, n * n);
}

/**
 * One Givens rotation: c, s, r with [c s; -s c] (f, g) = (r, 0). Written out instead of
 * Math.hypot, which is several times slower in V8; scaled only when the squares could overflow or
 * underflow.
 */
function rotation(f: number, g: number, out: Float64Array): void {
  const af = Math.abs(f);
  const ag = Math.abs(g);
  const big = af > ag ? af : ag;
  if (big === 0) {
    out[0] = 1;
    out[1] = 0;
    out[2] = 0;
    return;
  }
  let r: number;
  if (big < HYPOT_SAFE_MAX && big > HYPOT_SAFE_MIN) r = Math.sqrt(f * f + g * g);
  else {
    const sf = f / big;
    const sg = g / big;
    r = big * Math.sqrt(sf * sf + sg * sg);
  }
  out[0] = f / r;
  out[1] = g / r;
  out[2] = r;
}

/**
 * Wilkinson shift of the block lo..hi: the eigenvalue of the trailing 2 x 2 of B^T B that is
 * closer to its last diagonal entry (the quantity the block's smallest singular value squared
 * converges to).
 */
function wilkinsonShift(d: Float64Array, e: Float64Array, lo: number, hi: number): number {
  const dm = d[hi - 1] as number;
  const dn = d[hi] as number;
  const em = e[hi - 1] as number;
  const el = hi - 2 >= lo ? (e[hi - 2] as number) : 0;
  const t11 = dm * dm + el * el;
  const t22 = dn * dn + em * em;
  const t12 = dm * em;
  const half = (t11 - t22) / 2;
  const root = Math.sqrt(half * half + t12 * t12);
  const denom = half >= 0 ? half + root : half - root;
  return denom === 0 ? t22 : t22 - (t12 * t12) / denom;
}

/**
 * One implicit-shift QR sweep (Golub-Kahan) over the unreduced block lo..hi: a rotation from
 * the right creates a bulge from the shifted first column of B^T B, and alternating left and
 * right rotations chase it down; the block's bottom off-diagonal shrinks towards zero.
 */
function qrSweep(d: Float64Array, e: Float64Array, lo: number, hi: number, shift: number, rot: Float64Array): void {
  let y = (d[lo] as number) * (d[lo] as number) - shift;
  let z = (d[lo] as number) * (e[lo] as number);
  for (let k = lo; k < hi; k++) {
    rotation(y, z, rot);
    let c = rot[0] as number;
    let s = rot[1] as number;
    if (k > lo) e[k - 1] = rot[2] as number;
    const dk = d[k] as number;
    const ek = e[k] as number;
    const dk1 = d[k + 1] as number;
    y = c * dk + s * ek;
    const ek2 = c * ek - s * dk;
    z = s * dk1;
    const dk1b = c * dk1;
    rotation(y, z, rot);
    c = rot[0] as number;
    s = rot[1] as number;
    d[k] = rot[2] as number;
    y = c * ek2 + s * dk1b;
    d[k + 1] = c * dk1b - s * ek2;
    if (k + 1 < hi) {
      const ek1 = e[k + 1] as number;
      z = s * ek1;
      e[k + 1] = c * ek1;
    }
  }
  e[hi - 1] = y;
}

/**
 * Zeroes the off-diagonal entry of the row (or, at the block's end, the column) of a zero
 * diagonal entry by a chase of rotations, which splits the block there. Shifted QR converges
 * slowly on such a block; this takes one pass.
 */
function chaseZeroDiagonal(d: Float64Array, e: Float64Array, lo: number, hi: number, k: number, rot: Float64Array): void {
  d[k] = 0;
  if (k < hi) {
    // Rotate rows (j, k): the fill in row k moves right until it falls off the block.
    let f = e[k] as number;
    e[k] = 0;
    for (let j = k + 1; j <= hi; j++) {
      rotation(d[j] as number, f, rot);
      d[j] = rot[2] as number;
      if (j < hi) {
        const ej = e[j] as number;
        f = -(rot[1] as number) * ej;
        e[j] = (rot[0] as number) * ej;
      }
    }
  } else {
    // Rotate columns (j, hi): the fill in column hi moves up until it falls off the block.
    let f = e[hi - 1] as number;
    e[hi - 1] = 0;
    for (let j = hi - 1; j >= lo; j--) {
      rotation(d[j] as number, f, rot);
      d[j] = rot[2] as number;
      if (j > lo) {
        const ej = e[j - 1] as number;
        f = -(rot[1] as number) * ej;
        e[j - 1] = (rot[0] as number) * ej;
      }
    }
  }
}

/**
 * Singular values of an upper bidiagonal matrix (diagonal `d`, superdiagonal `e` with e[k]
 * coupling k and k + 1; entries past n - 2 are ignored), descending. The inputs are not modified.
 *
 * Implicit-shift QR on the bidiagonal itself (Golub-Kahan, values only), from the bottom block
 * up: an off-diagonal entry at most eps * ||B|| in magnitude is set to zero, which perturbs every
 * singular value by at most that much (Weyl), so each value carries an absolute error of a small
 * multiple of eps * ||B||: the accuracy numpy's rank tolerance S_max * max(M, N) * eps assumes.
 * A diagonal entry that small is set to zero and chased out (one pass splits the block).
 */
export function bidiagonalSingularValues(d: Float64Array, e: Float64Array): Float64Array {
  const n = d.length;
  // Scale to max |entry| = 1 (the values scale back linearly), so the squares in the shift and
  // the first rotation neither overflow nor underflow whatever the caller's scale.
  let big = 0;
  for (let k = 0; k < n; k++) big = Math.max(big, Math.abs(d[k] as number), k + 1 < n ? Math.abs(e[k] as number) : 0);
  if (big === 0) return new Float64Array(n);
  if (!Number.isFinite(big)) throw new RangeError('bidiagonalSingularValues: non-finite entry');
  const dd = new Float64Array(n);
  const ee = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    dd[k] = (d[k] as number) / big;
    if (k + 1 < n) ee[k] = (e[k] as number) / big;
  }
  let norm = 0;
  for (let k = 0; k < n; k++) norm = Math.max(norm, Math.abs(dd[k] as number) + Math.abs(ee[k] as number));
  const tol = FLOAT64_EPS * norm;
  const rot = new Float64Array(3);
  let sweeps = 0;
  let hi = n - 1;
  while (hi > 0) {
    if (Math.abs(ee[hi - 1] as number) <= tol) {
      ee[hi - 1] = 0;
      hi--;
      sweeps = 0;
      continue;
    }
    // The unreduced block lo..hi, and its lowest negligible diagonal entry (if any).
    let zeroAt = Math.abs(dd[hi] as number) <= tol ? hi : -1;
    let lo = hi - 1;
    for (;;) {
      if (zeroAt < 0 && Math.abs(dd[lo] as number) <= tol) zeroAt = lo;
      if (lo === 0 || Math.abs(ee[lo - 1] as number) <= tol) break;
      lo--;
    }
    if (lo > 0) ee[lo - 1] = 0;
    if (zeroAt >= 0) {
      chaseZeroDiagonal(dd, ee, lo, hi, zeroAt, rot);
      continue;
    }
    if (++sweeps > MAX_QR_SWEEPS) throw new Error('bidiagonalSingularValues: no convergence');
    qrSweep(dd, ee, lo, hi, wilkinsonShift(dd, ee, lo, hi), rot);
  }
  for (let k = 0; k < n; k++) dd[k] = Math.abs(dd[k] as number) * big;
  return dd.sort().reverse();
}

/** How {@link singularValuesWith} runs the two reductions: WebAssembly SIMD kernels or the JavaScript reference loops. */
export type SvdEngine = 'wasm' | 'js';

/** A reduction's matrix (rows x cols, row-major, rows >= cols), work vectors and row loops. */
interface Workspace {
  readonly a: Float64Array;
  readonly scratch: Scratch;
  readonly rows: RowUpdates;
}

/**
 * The engine {@link singularValues} takes for an m x n matrix: the WebAssembly kernels when the
 * smaller side has at least {@link WASM_MIN_SIDE} entries, the runtime has WebAssembly SIMD and
 * the matrix fits the kernels' memory; the JavaScript loops otherwise.
 */
export function preferredSvdEngine(m: number, n: number): SvdEngine {
  return Math.min(m, n) >= WASM_MIN_SIDE && fitsWasm(Math.max(m, n), Math.min(m, n)) && wasmKernelsAvailable() ? 'wasm' : 'js';
}

/**
 * Singular values of a row-major m x n matrix, descending (min(m, n) of them). The input is not
 * modified.
 *
 * @example
 * ```ts
 * const s = singularValues([3, 0, 0, 0, -2, 0], 2, 3); // s = [3, 2]
 * ```
 */
export function singularValues(data: ArrayLike<number>, m: number, n: number): Float64Array {
  return singularValuesWith(data, m, n, preferredSvdEngine(m, n));
}

/**
 * {@link singularValues} with the reductions run by the given engine ('wasm' throws when the
 * runtime lacks WebAssembly SIMD or the matrix does not fit the kernels' memory). The engines
 * agree to rounding: each value within a small multiple of eps * sigma_max of the other's.
 */
export function singularValuesWith(data: ArrayLike<number>, m: number, n: number, engine: SvdEngine): Float64Array {
  if (data.length !== m * n) throw new RangeError(`singularValues: expected ${m} x ${n} = ${m * n} entries, got ${data.length}`);
  if (m === 0 || n === 0) return new Float64Array(0);
  // Work on the transpose of a wide matrix, so the reductions see rows >= cols.
  const rows = Math.max(m, n);
  const cols = Math.min(m, n);
  const work: Workspace = engine === 'wasm' ? wasmWorkspace(rows, cols) : { a: new Float64Array(rows * cols), scratch: freshScratch(cols), rows: JS_ROWS };
  try {
    const a = work.a;
    if (m >= n) a.set(data);
    else for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) a[j * m + i] = data[i * n + j] as number;
    // Scale to max |entry| = 1 (singular values scale back linearly), so no sum of squares overflows.
    let amax = 0;
    for (let i = 0; i < a.length; i++) amax = Math.max(amax, Math.abs(a[i] as number));
    if (amax === 0) return new Float64Array(cols);
    if (!Number.isFinite(amax)) throw new RangeError('singularValues: the matrix has a non-finite entry');
    for (let i = 0; i < a.length; i++) a[i] = (a[i] as number) / amax;
    let square = a;
    if (rows >= QR_FIRST_ASPECT * cols) {
      triangularizeWith(a, rows, cols, work.rows, work.scratch);
      square = a.subarray(0, cols * cols);
    }
    const { d, e } = bidiagonalizeWith(square, square === a ? rows : cols, cols, work.rows, work.scratch);
    const s = bidiagonalSingularValues(d, e);
    for (let i = 0; i < s.length; i++) s[i] = (s[i] as number) * amax;
    return s;
  } finally {
    if (engine === 'wasm') wasmWorkDone();
  }
}

/** The workspace in the kernels' memory; throws when it cannot be had. */
function wasmWorkspace(rows: number, cols: number): Workspace {
  if (!wasmKernelsAvailable()) throw new Error('singularValues: this runtime has no WebAssembly SIMD; use the js engine');
  if (!fitsWasm(rows, cols)) throw new RangeError(`singularValues: a ${rows} x ${cols} matrix does not fit the WebAssembly kernels' memory; use the js engine`);
  return wasmReduction(rows, cols);
}
