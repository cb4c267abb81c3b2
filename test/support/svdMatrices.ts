/**
 * Matrices with known singular values, for the SVD tests: U diag(s) V^T with U and V products of
 * random Householder reflectors, and prescribed spectra with clusters, zeros and tiny values.
 */
import { createRng, type Rng } from '../../src/exact/prng.js';

/** A uniform double in [-1, 1). */
const sym = (rng: Rng): number => 2 * rng.unit() - 1;

/** M <- H M (side 'left', H of size rows) or M <- M H (side 'right', H of size cols) for a random reflector H. */
function reflect(mat: Float64Array, rows: number, cols: number, side: 'left' | 'right', rng: Rng): void {
  const len = side === 'left' ? rows : cols;
  const v = Float64Array.from({ length: len }, () => sym(rng));
  let vv = 0;
  for (const x of v) vv += x * x;
  if (side === 'left') {
    for (let j = 0; j < cols; j++) {
      let t = 0;
      for (let i = 0; i < rows; i++) t += (v[i] as number) * (mat[i * cols + j] as number);
      t = (2 * t) / vv;
      for (let i = 0; i < rows; i++) mat[i * cols + j] = (mat[i * cols + j] as number) - t * (v[i] as number);
    }
  } else {
    for (let i = 0; i < rows; i++) {
      let t = 0;
      for (let j = 0; j < cols; j++) t += (v[j] as number) * (mat[i * cols + j] as number);
      t = (2 * t) / vv;
      for (let j = 0; j < cols; j++) mat[i * cols + j] = (mat[i * cols + j] as number) - t * (v[j] as number);
    }
  }
}

/** U diag(s) V^T, rows x cols, with U and V products of as many random reflectors as their size (dense, generic). */
export function withSingularValues(rows: number, cols: number, s: readonly number[], seed: number): Float64Array {
  const rng = createRng(seed);
  const a = new Float64Array(rows * cols);
  s.forEach((x, i) => (a[i * cols + i] = x));
  for (let k = 0; k < rows; k++) reflect(a, rows, cols, 'left', rng);
  for (let k = 0; k < cols; k++) reflect(a, rows, cols, 'right', rng);
  return a;
}

/** Entries uniform in [-1, 1). */
export function randomMatrix(rows: number, cols: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: rows * cols }, () => sym(rng));
}

/** max_i |x_i - y_i| / scale; arrays of different lengths differ infinitely. */
export function maxDiff(x: ArrayLike<number>, y: ArrayLike<number>, scale: number): number {
  if (x.length !== y.length) return Infinity;
  let d = 0;
  for (let i = 0; i < x.length; i++) d = Math.max(d, Math.abs((x[i] as number) - (y[i] as number)));
  return d / scale;
}

export const descending = (xs: Iterable<number>): number[] => [...xs].sort((p, q) => q - p);

/** Prescribed spectra: clusters, exact zeros, tiny values, a wide range. */
export function spectra(k: number): { name: string; s: number[] }[] {
  const idx = Array.from({ length: k }, (_, i) => i);
  return [
    { name: 'geometric 1 .. 1e-6', s: idx.map((i) => 10 ** ((-6 * i) / Math.max(1, k - 1))) },
    { name: 'clusters (1 x3, 1e-3 x3 apart by 1e-12)', s: idx.map((i) => (i < 3 ? 1 : i < 6 ? 1e-3 + (i - 3) * 1e-12 : 0.5 / (i + 1))) },
    { name: 'exact rank k/2 (zeros)', s: idx.map((i) => (i < Math.floor(k / 2) ? 3 + i : 0)) },
    { name: 'tiny values below the tolerance', s: idx.map((i) => (i < k - 3 ? 7 - i / k : 10 ** (-14 - 2 * (i - k + 3)))) },
    { name: 'all equal', s: idx.map(() => 2.5) },
  ];
}
