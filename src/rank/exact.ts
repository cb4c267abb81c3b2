/**
 * Exact rank over Q by fraction-free (Bareiss) elimination on BigInt.
 *
 * Rational rows are first scaled by the lcm of their denominators (this does not change the rank).
 * After k pivots every entry of the active submatrix is a (k+1) x (k+1) minor of the scaled
 * matrix, so the divisions by the previous pivot are exact (Sylvester's identity) and entry sizes
 * grow only linearly. Columns without a pivot are skipped; the pivots give a nonsingular minor.
 *
 * @packageDocumentation
 */
import { gcdBig } from '../exact/integer.js';
import type { Rational } from '../exact/rational.js';
import type { ExactScalar, Matrix } from '../tensor/matrix.js';

/** Result of fraction-free elimination. */
export interface ExactElimination {
  readonly rank: number;
  /** Original row indices of the pivots, in pivot order. */
  readonly pivotRows: number[];
  /** Column indices of the pivots, increasing. */
  readonly pivotCols: number[];
  /** The last pivot: the determinant (up to sign) of the pivot minor of the row-scaled matrix. */
  readonly lastPivot: bigint;
}

function isRational(x: ExactScalar): x is Rational {
  return typeof x === 'object';
}

/** Integer rows: each row multiplied by the lcm of its denominators. */
export function clearDenominators(a: Matrix<ExactScalar>): bigint[] {
  const out = new Array<bigint>(a.rows * a.cols);
  for (let i = 0; i < a.rows; i++) {
    let l = 1n;
    for (let j = 0; j < a.cols; j++) {
      const x = a.data[i * a.cols + j] as ExactScalar;
      if (isRational(x) && x.den !== 1n) l = (l / gcdBig(l, x.den)) * x.den;
    }
    for (let j = 0; j < a.cols; j++) {
      const x = a.data[i * a.cols + j] as ExactScalar;
      out[i * a.cols + j] = isRational(x) ? x.num * (l / x.den) : BigInt(x) * l;
    }
  }
  return out;
}

/** Fraction-free elimination of an integer (or rational) matrix. */
export function bareiss(a: Matrix<ExactScalar>): ExactElimination {
  const m = a.rows;
  const n = a.cols;
  const w = clearDenominators(a);
  const perm = Array.from({ length: m }, (_, i) => i);
  const pivotCols: number[] = [];
  let prev = 1n;
  let rank = 0;
  for (let c = 0; c < n && rank < m; c++) {
    let piv = -1;
    for (let i = rank; i < m; i++) {
      if (w[i * n + c] !== 0n) {
        piv = i;
        break;
      }
    }
    if (piv < 0) continue;
    if (piv !== rank) {
      for (let j = 0; j < n; j++) {
        const t = w[piv * n + j] as bigint;
        w[piv * n + j] = w[rank * n + j] as bigint;
        w[rank * n + j] = t;
      }
      const t = perm[piv] as number;
      perm[piv] = perm[rank] as number;
      perm[rank] = t;
    }
    const pr = rank * n;
    const pv = w[pr + c] as bigint;
    for (let i = rank + 1; i < m; i++) {
      const ir = i * n;
      const f = w[ir + c] as bigint;
      if (f === 0n) {
        // Still scale by pv / prev to keep the invariant that entries are minors.
        if (pv !== prev) for (let j = c + 1; j < n; j++) w[ir + j] = ((w[ir + j] as bigint) * pv) / prev;
        continue;
      }
      for (let j = c + 1; j < n; j++) w[ir + j] = ((w[ir + j] as bigint) * pv - f * (w[pr + j] as bigint)) / prev;
      w[ir + c] = 0n;
    }
    prev = pv;
    pivotCols.push(c);
    rank++;
  }
  return { rank, pivotRows: perm.slice(0, rank), pivotCols, lastPivot: rank === 0 ? 1n : prev };
}
