/**
 * TT arithmetic and the float side TensorLy / t3f users expect: sums, Hadamard products and scaling
 * of TT tensors over any field (exact over Q and Z/p), random float TTs, and TT-SVD of a dense
 * float tensor with a relative tolerance and a maximum rank (Oseledets 2011, Algorithm 1: each
 * unfolding truncated at delta = tol ||A||_F / sqrt(d - 1), so ||A - TT||_F <= tol ||A||_F).
 *
 * @packageDocumentation
 */
import type { Field } from '../exact/field.js';
import { createRng, deriveSeed } from '../exact/prng.js';
import { FormatError, type TtTensor } from './types.js';

function sameShape(x: TtTensor<unknown>, y: TtTensor<unknown>, what: string): void {
  if (x.shape.length !== y.shape.length || x.shape.some((n, k) => n !== y.shape[k])) throw new FormatError('tt', `${what} needs two TT tensors of the same shape, got ${x.shape.join('x')} and ${y.shape.join('x')}`);
}

/**
 * x + y with ranks r_x + r_y inside (cores block-diagonal; the first core is [G_x G_y], the last
 * [G_x; G_y]). Exact over an exact field; round it (ttRound) to the minimal ranks.
 */
export function ttAdd<T>(F: Field<T>, x: TtTensor<T>, y: TtTensor<T>): TtTensor<T> {
  sameShape(x, y, 'ttAdd');
  const d = x.shape.length;
  if (d === 1) return { format: 'tt', shape: [...x.shape], ranks: [1, 1], cores: [(x.cores[0] as T[]).map((v, i) => F.add(v, (y.cores[0] as T[])[i] as T))] };
  const ranks = x.ranks.map((r, k) => (k === 0 || k === d ? 1 : r + (y.ranks[k] as number)));
  const cores = x.shape.map((n, k) => {
    const [ax, bx, ay, by] = [x.ranks[k] as number, x.ranks[k + 1] as number, y.ranks[k] as number, y.ranks[k + 1] as number];
    const [a, b] = [ranks[k] as number, ranks[k + 1] as number];
    const out = new Array<T>(a * n * b).fill(F.zero);
    const gx = x.cores[k] as readonly T[];
    const gy = y.cores[k] as readonly T[];
    // Row offset of y's block: 0 in the first core (one shared row), ax elsewhere; column offset: 0 in the last core.
    const ro = k === 0 ? 0 : ax;
    const co = k === d - 1 ? 0 : bx;
    for (let p = 0; p < ax; p++) for (let i = 0; i < n; i++) for (let q = 0; q < bx; q++) out[(p * n + i) * b + q] = gx[(p * n + i) * bx + q] as T;
    for (let p = 0; p < ay; p++)
      for (let i = 0; i < n; i++)
        for (let q = 0; q < by; q++) {
          const at = ((p + ro) * n + i) * b + q + co;
          out[at] = F.add(out[at] as T, gy[(p * n + i) * by + q] as T);
        }
    return out;
  });
  return { format: 'tt', shape: [...x.shape], ranks, cores };
}

/** The entrywise (Hadamard) product x * y: cores are Kronecker products per index, ranks r_x r_y. */
export function ttHadamard<T>(F: Field<T>, x: TtTensor<T>, y: TtTensor<T>): TtTensor<T> {
  sameShape(x, y, 'ttHadamard');
  const ranks = x.ranks.map((r, k) => r * (y.ranks[k] as number));
  const cores = x.shape.map((n, k) => {
    const [ax, bx, ay, by] = [x.ranks[k] as number, x.ranks[k + 1] as number, y.ranks[k] as number, y.ranks[k + 1] as number];
    const b = bx * by;
    const out = new Array<T>(ax * ay * n * b);
    const gx = x.cores[k] as readonly T[];
    const gy = y.cores[k] as readonly T[];
    for (let p = 0; p < ax; p++)
      for (let s = 0; s < ay; s++)
        for (let i = 0; i < n; i++)
          for (let q = 0; q < bx; q++)
            for (let t = 0; t < by; t++) out[((p * ay + s) * n + i) * b + q * by + t] = F.mul(gx[(p * n + i) * bx + q] as T, gy[(s * n + i) * by + t] as T);
    return out;
  });
  return { format: 'tt', shape: [...x.shape], ranks, cores };
}

/** c x (the first core scaled). */
export function ttScale<T>(F: Field<T>, x: TtTensor<T>, c: T): TtTensor<T> {
  return { ...x, shape: [...x.shape], ranks: [...x.ranks], cores: x.cores.map((g, k) => (k === 0 ? g.map((v) => F.mul(c, v)) : [...g])) };
}

/** A random float TT: entries normal(0, 1) / sqrt(r_k n_k) from the seed (so the scale stays near 1 as d grows). */
export function randomFloatTt(o: { readonly shape: readonly number[]; readonly rank: number | readonly number[]; readonly seed: number }): TtTensor<number> {
  const d = o.shape.length;
  const ranks = [1, ...Array.from({ length: d - 1 }, (_, k) => (typeof o.rank === 'number' ? o.rank : (o.rank[k] as number))), 1];
  const cores = o.shape.map((n, k) => {
    const rng = createRng(deriveSeed(o.seed, `float-tt:${k}`));
    const size = (ranks[k] as number) * n * (ranks[k + 1] as number);
    const s = 1 / Math.sqrt((ranks[k] as number) * n);
    return Array.from({ length: size }, () => {
      // Box-Muller from two uniforms in (0, 1].
      const u = 1 - rng.unit();
      const v = rng.unit();
      return s * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    });
  });
  return { format: 'tt', shape: [...o.shape], ranks, cores };
}

/**
 * Thin SVD of an m x n row-major matrix by one-sided Jacobi rotations on its columns (accurate to
 * working precision, simple; for the moderate unfoldings TT-SVD meets). Returns U (m x k), the
 * singular values (descending) and V^T (k x n), k = min(m, n).
 */
export function svdJacobi(a: Float64Array, m: number, n: number): { u: Float64Array; s: Float64Array; vt: Float64Array; k: number } {
  const transpose = m < n;
  // Work on the tall orientation: columns of W (rows x cols, rows >= cols) are orthogonalised.
  const rows = transpose ? n : m;
  const cols = transpose ? m : n;
  const w = new Float64Array(rows * cols);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) w[transpose ? j * cols + i : i * cols + j] = a[i * n + j] as number;
  const v = new Float64Array(cols * cols);
  for (let j = 0; j < cols; j++) v[j * cols + j] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < cols - 1; p++)
      for (let q = p + 1; q < cols; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < rows; i++) {
          const x = w[i * cols + p] as number;
          const y = w[i * cols + q] as number;
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        if (Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta) || gamma === 0) continue;
        off = Math.max(off, Math.abs(gamma) / Math.sqrt(alpha * beta));
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let i = 0; i < rows; i++) {
          const x = w[i * cols + p] as number;
          const y = w[i * cols + q] as number;
          w[i * cols + p] = c * x - s * y;
          w[i * cols + q] = s * x + c * y;
        }
        for (let i = 0; i < cols; i++) {
          const x = v[i * cols + p] as number;
          const y = v[i * cols + q] as number;
          v[i * cols + p] = c * x - s * y;
          v[i * cols + q] = s * x + c * y;
        }
      }
    if (off < 1e-15) break;
  }
  const norms = Array.from({ length: cols }, (_, j) => {
    let t = 0;
    for (let i = 0; i < rows; i++) t += (w[i * cols + j] as number) ** 2;
    return Math.sqrt(t);
  });
  const order = norms.map((_, j) => j).sort((x, y) => (norms[y] as number) - (norms[x] as number));
  const k = cols;
  const s = Float64Array.from(order.map((j) => norms[j] as number));
  // Left vectors: W's columns normalised; right vectors: V's columns.
  const left = new Float64Array(rows * k);
  const right = new Float64Array(cols * k);
  order.forEach((j, t) => {
    const nrm = norms[j] as number;
    for (let i = 0; i < rows; i++) left[i * k + t] = nrm > 0 ? (w[i * cols + j] as number) / nrm : 0;
    for (let i = 0; i < cols; i++) right[i * k + t] = v[i * cols + j] as number;
  });
  // A = L S R^T (tall); for the wide case A = (L S R^T)^T = R S L^T.
  const u = transpose ? right : left; // m x k
  const other = transpose ? left : right; // n x k
  const vt = new Float64Array(k * n);
  for (let t = 0; t < k; t++) for (let j = 0; j < n; j++) vt[t * n + j] = other[j * k + t] as number;
  return { u, s, vt, k };
}

/**
 * TT-SVD of a dense float tensor (row-major, the given shape): ranks chosen so that the relative
 * Frobenius error is at most `tol` (default 1e-12), and never above `maxRank` (then the error may
 * be larger: relativeErrorBound says how large it can be, from the discarded singular values; the true relative error is at most that).
 */
export function ttSvd(data: ArrayLike<number>, shape: readonly number[], o: { readonly tol?: number; readonly maxRank?: number } = {}): { tt: TtTensor<number>; relativeErrorBound: number } {
  const d = shape.length;
  const total = shape.reduce((p, n) => p * n, 1);
  if (data.length !== total) throw new FormatError('tt', `ttSvd: ${data.length} entries for the shape ${shape.join('x')} (${total})`);
  const tol = o.tol ?? 1e-12;
  if (!(tol >= 0)) throw new FormatError('tt', `ttSvd: the option tol must be a non-negative number, got ${tol}`);
  const maxRank = o.maxRank ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isSafeInteger(maxRank) || maxRank < 1) throw new FormatError('tt', `ttSvd: the option maxRank must be a positive integer, got ${maxRank}`);
  let norm2 = 0;
  for (let i = 0; i < total; i++) norm2 += (data[i] as number) ** 2;
  const delta2 = d > 1 ? (tol * tol * norm2) / (d - 1) : 0;
  let discarded = 0;
  const ranks = [1];
  const cores: number[][] = [];
  let c = Float64Array.from(data as ArrayLike<number>);
  let r = 1;
  for (let k = 0; k < d - 1; k++) {
    const m = r * (shape[k] as number);
    const n = c.length / m;
    const { u, s, vt, k: kk } = svdJacobi(c, m, n);
    // The smallest rank whose tail is within delta (and at least 1), capped by maxRank.
    let keep = kk;
    let tail = 0;
    while (keep > 1 && tail + (s[keep - 1] as number) ** 2 <= delta2) tail += (s[--keep] as number) ** 2;
    keep = Math.min(keep, maxRank);
    for (let t = keep; t < kk; t++) discarded += (s[t] as number) ** 2;
    const core: number[] = [];
    for (let i = 0; i < m; i++) for (let t = 0; t < keep; t++) core.push(u[i * kk + t] as number);
    cores.push(core);
    const next = new Float64Array(keep * n);
    for (let t = 0; t < keep; t++) for (let j = 0; j < n; j++) next[t * n + j] = (s[t] as number) * (vt[t * n + j] as number);
    c = next;
    r = keep;
    ranks.push(keep);
  }
  cores.push(Array.from(c));
  ranks.push(1);
  return { tt: { format: 'tt', shape: [...shape], ranks, cores }, relativeErrorBound: norm2 > 0 ? Math.sqrt(discarded / norm2) : 0 };
}

/**
 * Left-orthogonalisation of a float TT: every core but the last gets orthonormal columns in its
 * left unfolding (r_k n_k x r_{k+1}), the tensor unchanged (up to rounding); ranks drop where an
 * unfolding has a zero singular value. (Through the SVD, so it is also the first sweep of rounding.)
 */
export function ttOrthogonalize(x: TtTensor<number>): TtTensor<number> {
  const d = x.shape.length;
  const ranks = [...x.ranks];
  const cores = x.cores.map((c) => Float64Array.from(c));
  for (let k = 0; k < d - 1; k++) {
    const n = x.shape[k] as number;
    const m = (ranks[k] as number) * n;
    const r = ranks[k + 1] as number;
    const { u, s, vt, k: kk } = svdJacobi(cores[k] as Float64Array, m, r);
    const keep = Math.max(1, s.reduce((c, v) => c + (v > (s[0] as number) * 1e-14 ? 1 : 0), 0));
    const q = new Float64Array(m * keep);
    for (let i = 0; i < m; i++) for (let t = 0; t < keep; t++) q[i * keep + t] = u[i * kk + t] as number;
    // The next core absorbs S V^T (keep x r) from the left.
    const nextN = x.shape[k + 1] as number;
    const nextR = ranks[k + 2] as number;
    const next = cores[k + 1] as Float64Array;
    const merged = new Float64Array(keep * nextN * nextR);
    for (let t = 0; t < keep; t++)
      for (let j = 0; j < r; j++) {
        const w = (s[t] as number) * (vt[t * r + j] as number);
        if (w === 0) continue;
        for (let c = 0; c < nextN * nextR; c++) merged[t * nextN * nextR + c] = (merged[t * nextN * nextR + c] as number) + w * (next[j * nextN * nextR + c] as number);
      }
    cores[k] = q;
    cores[k + 1] = merged;
    ranks[k + 1] = keep;
  }
  return { format: 'tt', shape: [...x.shape], ranks, cores: cores.map((c) => Array.from(c)) };
}
