/**
 * Numerical rank in float64: evidence, never proof.
 *
 * @packageDocumentation
 */
import { FLOAT64_EPS } from '../numeric/float64.js';
import { singularValues } from '../numeric/svd.js';

/** How many singular values on each side of the cut a result reports. */
export const REPORTED_NEIGHBOURS = 3;

/** Float rank with the numbers that justify it. */
export interface FloatRank {
  readonly engine: 'float';
  readonly rank: number;
  /**
   * numpy.linalg.matrix_rank's default: S_max * max(M, N) * eps (eps = 2^-52). Singular values
   * strictly above it count.
   */
  readonly tolerance: number;
  /** The smallest singular value kept (sigma_r), or null when the rank is 0. */
  readonly sigmaLast: number | null;
  /** The largest singular value dropped (sigma_{r+1}), or null when the rank is full. */
  readonly sigmaNext: number | null;
  /** sigma_r / sigma_{r+1} (Infinity when sigma_{r+1} is 0; null when either is missing). */
  readonly gap: number | null;
  /** Singular values from index max(0, r - 3) to r + 2, with `firstIndex` the index of the first. */
  readonly aroundCut: { readonly firstIndex: number; readonly values: number[] };
  readonly largest: number;
}

/** Numerical rank of a row-major float matrix with numpy's default tolerance. */
export function rankFloat(data: ArrayLike<number>, rows: number, cols: number): FloatRank {
  const s = singularValues(data, rows, cols);
  const largest = s.length > 0 ? (s[0] as number) : 0;
  const tolerance = largest * Math.max(rows, cols) * FLOAT64_EPS;
  let r = 0;
  while (r < s.length && (s[r] as number) > tolerance) r++;
  const sigmaLast = r > 0 ? (s[r - 1] as number) : null;
  const sigmaNext = r < s.length ? (s[r] as number) : null;
  const gap = sigmaLast === null || sigmaNext === null ? null : sigmaNext === 0 ? Infinity : sigmaLast / sigmaNext;
  const firstIndex = Math.max(0, r - REPORTED_NEIGHBOURS);
  const values = Array.from(s.subarray(firstIndex, Math.min(s.length, r + REPORTED_NEIGHBOURS)));
  return { engine: 'float', rank: r, tolerance, sigmaLast, sigmaNext, gap, aroundCut: { firstIndex, values }, largest };
}
