/**
 * Gaussian elimination over any {@link Field}: the reference algorithm, written once.
 * Slow (one generic call per operation) and used where independence matters more than speed:
 * cross-checks of the specialised engines, and small matrices over Q or Z/p.
 *
 * @packageDocumentation
 */
import type { Field } from '../exact/field.js';
import type { Matrix } from '../tensor/matrix.js';

/** Rank with pivots (original row indices, increasing column indices). */
export interface GenericElimination {
  readonly rank: number;
  readonly pivotRows: number[];
  readonly pivotCols: number[];
}

/**
 * Rank of a matrix over the field F (entries already in F), with pivots: the reduced row echelon
 * form below, keeping track of which original rows became pivot rows. Its row operations only mix
 * pivot rows among themselves or add pivot rows to other rows, so the original pivot rows and the
 * pivot columns give a nonsingular minor.
 */
export function rankOverField<T>(F: Field<T>, a: Matrix<T>): GenericElimination {
  const r = rrefOverField(F, a);
  return { rank: r.rank, pivotRows: r.pivotRows, pivotCols: r.pivotCols };
}

/** Maps every entry of a matrix through f. */
export function mapMatrix<S, T>(a: Matrix<S>, f: (x: S) => T): Matrix<T> {
  return { rows: a.rows, cols: a.cols, data: a.data.map(f) };
}

/** Reduced row echelon form: the nonzero rows (rank x cols, row-major) and the pivot columns. */
export interface Rref<T> {
  readonly rank: number;
  readonly pivotCols: number[];
  /** The rank nonzero rows of the RREF; A = A[:, pivotCols] * rows. */
  readonly rows: T[];
  /** Original indices of the rows that became the pivot rows, in pivot order. */
  readonly pivotRows: number[];
}

/**
 * Reduced row echelon form over F. For any matrix A with pivot columns P and RREF rows R,
 * A = A[:, P] R: the column-basis factorisation used by exact TT rank reduction.
 */
export function rrefOverField<T>(F: Field<T>, a: Matrix<T>): Rref<T> {
  const m = a.rows;
  const n = a.cols;
  const w = a.data.slice();
  const perm = Array.from({ length: m }, (_, i) => i);
  const pivotCols: number[] = [];
  let r = 0;
  for (let c = 0; c < n && r < m; c++) {
    let piv = -1;
    for (let i = r; i < m; i++) {
      if (!F.isZero(w[i * n + c] as T)) {
        piv = i;
        break;
      }
    }
    if (piv < 0) continue;
    if (piv !== r) {
      for (let j = 0; j < n; j++) {
        const t = w[piv * n + j] as T;
        w[piv * n + j] = w[r * n + j] as T;
        w[r * n + j] = t;
      }
      [perm[piv], perm[r]] = [perm[r] as number, perm[piv] as number];
    }
    const inv = F.inv(w[r * n + c] as T);
    for (let j = c; j < n; j++) w[r * n + j] = F.mul(w[r * n + j] as T, inv);
    for (let i = 0; i < m; i++) {
      if (i === r) continue;
      const f = w[i * n + c] as T;
      if (F.isZero(f)) continue;
      for (let j = c; j < n; j++) w[i * n + j] = F.sub(w[i * n + j] as T, F.mul(f, w[r * n + j] as T));
    }
    pivotCols.push(c);
    r++;
  }
  return { rank: r, pivotCols, rows: w.slice(0, r * n), pivotRows: perm.slice(0, r) };
}
