/**
 * Singular values in float64: Householder bidiagonalisation, then the eigenvalues of the
 * Golub-Kahan (TGK) symmetric tridiagonal matrix by implicit QL with Wilkinson-type shifts.
 *
 * The TGK matrix of an n x n upper bidiagonal B (diagonal d, superdiagonal e) is the 2n x 2n
 * tridiagonal with zero diagonal and off-diagonal (d0, e0, d1, e1, ..., d(n-1)); its eigenvalues
 * are +-sigma_i. The QL iteration is backward stable, so each sigma carries an absolute error of
 * order eps * ||A||, which is the accuracy numpy's rank tolerance assumes.
 *
 * @packageDocumentation
 */
import { FLOAT64_EPS } from './float64.js';

/** Iteration cap per eigenvalue of the QL sweep; typical convergence takes 2-3. */
const MAX_QL_ITERATIONS = 60;

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
 */
export function bidiagonalize(a: Float64Array, m: number, n: number): { d: Float64Array; e: Float64Array } {
  if (m < n) throw new RangeError('bidiagonalize expects rows >= cols');
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const w = new Float64Array(n);
  const u = new Float64Array(n);
  let z = new Float64Array(n);
  let zNext = new Float64Array(n);
  // z and the squared norm of column 0 over all rows.
  let colNorm2 = 0;
  for (let i = 0; i < m; i++) {
    const off = i * n;
    const c = a[off] as number;
    if (c === 0) continue;
    colNorm2 += c * c;
    for (let j = 1; j < n; j++) z[j] = (z[j] as number) + c * (a[off + j] as number);
  }
  for (let k = 0; k < n; k++) {
    const rk = k * n;
    const akk = a[rk + k] as number;
    // Left reflector v = (akk - alpha, A[k+1.., k]); v^T A[:, j] = z[j] - alpha A[k, j].
    let vk = 0;
    let leftActive = false;
    if (colNorm2 > 0) {
      const alpha = akk >= 0 ? -Math.sqrt(colNorm2) : Math.sqrt(colNorm2);
      const beta = 1 / (colNorm2 - akk * alpha);
      vk = akk - alpha;
      d[k] = alpha;
      for (let j = k + 1; j < n; j++) w[j] = beta * ((z[j] as number) - alpha * (a[rk + j] as number));
      for (let j = k + 1; j < n; j++) a[rk + j] = (a[rk + j] as number) - vk * (w[j] as number);
      leftActive = true;
    } else {
      d[k] = 0;
    }
    if (k + 1 >= n) break;
    // Right reflector from row k.
    let rowNorm2 = 0;
    for (let j = k + 1; j < n; j++) {
      const x = a[rk + j] as number;
      rowNorm2 += x * x;
    }
    let betaU = 0;
    if (rowNorm2 > 0) {
      const ak = a[rk + k + 1] as number;
      const alphaU = ak >= 0 ? -Math.sqrt(rowNorm2) : Math.sqrt(rowNorm2);
      betaU = 1 / (rowNorm2 - ak * alphaU);
      for (let j = k + 1; j < n; j++) u[j] = a[rk + j] as number;
      u[k + 1] = ak - alphaU;
      e[k] = alphaU;
    } else {
      e[k] = 0;
      u.fill(0, k + 1, n);
    }
    if (!leftActive) w.fill(0, k + 1, n);
    // One pass over rows k+1..m-1: left update + dot with u, then right update + next z.
    // Four rows at a time share every load of w, u and zNext (about 2x over one row in V8).
    zNext.fill(0, k + 2, n);
    const lv = leftActive ? 1 : 0;
    let nextNorm2 = 0;
    let i = k + 1;
    for (; i + 3 < m; i += 4) {
      const o1 = i * n;
      const o2 = o1 + n;
      const o3 = o2 + n;
      const o4 = o3 + n;
      const v1 = lv * (a[o1 + k] as number);
      const v2 = lv * (a[o2 + k] as number);
      const v3 = lv * (a[o3 + k] as number);
      const v4 = lv * (a[o4 + k] as number);
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
      nextNorm2 += c1 * c1 + c2 * c2 + c3 * c3 + c4 * c4;
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
    }
    for (; i < m; i++) {
      const off = i * n;
      const vi = lv * (a[off + k] as number);
      let s = 0;
      for (let j = k + 1; j < n; j++) {
        const x = (a[off + j] as number) - vi * (w[j] as number);
        a[off + j] = x;
        s += x * (u[j] as number);
      }
      const bs = betaU * s;
      const c = (a[off + k + 1] as number) - bs * (u[k + 1] as number);
      a[off + k + 1] = c;
      nextNorm2 += c * c;
      for (let j = k + 2; j < n; j++) {
        const x = (a[off + j] as number) - bs * (u[j] as number);
        a[off + j] = x;
        zNext[j] = (zNext[j] as number) + c * x;
      }
    }
    const t = z;
    z = zNext;
    zNext = t;
    colNorm2 = nextNorm2;
  }
  return { d, e };
}

/**
 * Eigenvalues of a symmetric tridiagonal matrix (diagonal `diag`, off-diagonal `off` with
 * off[i] coupling i and i+1; off[N-1] is ignored) by implicit QL. Overwrites both arrays and
 * returns `diag` holding the eigenvalues (unsorted). Off-diagonals below eps times the local
 * diagonal, or below eps * ||T|| absolutely, are deflated: absolute accuracy is all a rank
 * tolerance of the form S_max * N * eps needs.
 */
export function tridiagonalEigenvalues(diag: Float64Array, off: Float64Array): Float64Array {
  const N = diag.length;
  if (N === 0) return diag;
  off[N - 1] = 0;
  let anorm = 0;
  for (let i = 0; i < N; i++) anorm = Math.max(anorm, Math.abs(diag[i] as number) + Math.abs(off[i] as number));
  const absTol = FLOAT64_EPS * anorm;
  for (let l = 0; l < N; l++) {
    let iter = 0;
    for (;;) {
      let mm = l;
      for (; mm < N - 1; mm++) {
        const dd = Math.abs(diag[mm] as number) + Math.abs(diag[mm + 1] as number);
        const em = Math.abs(off[mm] as number);
        if (em <= FLOAT64_EPS * dd || em <= absTol) break;
      }
      if (mm === l) break;
      if (++iter > MAX_QL_ITERATIONS) throw new Error('tridiagonalEigenvalues: no convergence');
      const dl = diag[l] as number;
      const el = off[l] as number;
      let g = ((diag[l + 1] as number) - dl) / (2 * el);
      let r = hypot(g, 1);
      g = (diag[mm] as number) - dl + el / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let pShift = 0;
      let i = mm - 1;
      let underflow = false;
      for (; i >= l; i--) {
        const f = s * (off[i] as number);
        const b = c * (off[i] as number);
        r = hypot(f, g);
        off[i + 1] = r;
        if (r === 0) {
          diag[i + 1] = (diag[i + 1] as number) - pShift;
          off[mm] = 0;
          underflow = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = (diag[i + 1] as number) - pShift;
        r = ((diag[i] as number) - g) * s + 2 * c * b;
        pShift = s * r;
        diag[i + 1] = g + pShift;
        g = c * r - b;
      }
      if (underflow) continue;
      diag[l] = (diag[l] as number) - pShift;
      off[l] = g;
      off[mm] = 0;
    }
  }
  return diag;
}

/**
 * sqrt(x^2 + y^2) without the cost of Math.hypot (several times slower in V8), scaling only when
 * the squares could overflow or underflow.
 */
function hypot(x: number, y: number): number {
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  const big = ax > ay ? ax : ay;
  if (big === 0) return 0;
  if (big < 1e150 && big > 1e-150) return Math.sqrt(x * x + y * y);
  const sx = ax / big;
  const sy = ay / big;
  return big * Math.sqrt(sx * sx + sy * sy);
}

/** Singular values of an upper bidiagonal matrix, descending. */
export function bidiagonalSingularValues(d: Float64Array, e: Float64Array): Float64Array {
  const n = d.length;
  const N = 2 * n;
  const diag = new Float64Array(N);
  const off = new Float64Array(N);
  for (let k = 0; k < n; k++) {
    off[2 * k] = d[k] as number;
    if (k + 1 < n) off[2 * k + 1] = e[k] as number;
  }
  const ev = tridiagonalEigenvalues(diag, off);
  const sorted = Array.from(ev).sort((x, y) => y - x);
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = Math.max(0, sorted[k] as number);
  return out;
}

/**
 * Singular values of a row-major m x n matrix, descending (min(m, n) of them). The input is not
 * modified.
 */
export function singularValues(data: ArrayLike<number>, m: number, n: number): Float64Array {
  if (m === 0 || n === 0) return new Float64Array(0);
  let a: Float64Array;
  let rows = m;
  let cols = n;
  if (m >= n) {
    a = Float64Array.from(data);
  } else {
    // Work on the transpose so the bidiagonalisation sees rows >= cols.
    a = new Float64Array(m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) a[j * m + i] = data[i * n + j] as number;
    rows = n;
    cols = m;
  }
  // Scale to max |entry| = 1 (singular values scale back linearly), so no sum of squares overflows.
  let amax = 0;
  for (let i = 0; i < a.length; i++) amax = Math.max(amax, Math.abs(a[i] as number));
  if (amax === 0) return new Float64Array(cols);
  if (!Number.isFinite(amax)) throw new RangeError('singularValues: the matrix has a non-finite entry');
  for (let i = 0; i < a.length; i++) a[i] = (a[i] as number) / amax;
  const { d, e } = bidiagonalize(a, rows, cols);
  const s = bidiagonalSingularValues(d, e);
  for (let i = 0; i < s.length; i++) s[i] = (s[i] as number) * amax;
  return s;
}
