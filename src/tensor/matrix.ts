/**
 * Matrices handed to the rank engines: row-major, entries of one scalar type.
 *
 * @packageDocumentation
 */
import type { Rational } from '../exact/rational.js';

/** A dense row-major matrix: entry (i, j) is `data[i * cols + j]`. */
export interface Matrix<T> {
  readonly rows: number;
  readonly cols: number;
  readonly data: readonly T[];
}

/** Entry types the exact engines accept: integers (safe numbers or BigInt) and rationals. */
export type ExactScalar = number | bigint | Rational;

/** Builds a matrix from nested rows; every row must have the same length. */
export function matrixFromRows<T>(rows: readonly (readonly T[])[]): Matrix<T> {
  const m = rows.length;
  const n = m === 0 ? 0 : (rows[0] as readonly T[]).length;
  const data: T[] = [];
  for (const row of rows) {
    if (row.length !== n) throw new RangeError(`matrixFromRows: ragged rows (${row.length} vs ${n})`);
    data.push(...row);
  }
  return { rows: m, cols: n, data };
}

/** Entry (i, j). */
export function at<T>(a: Matrix<T>, i: number, j: number): T {
  return a.data[i * a.cols + j] as T;
}

/** The submatrix on the given rows and columns, in the given order. */
export function subMatrix<T>(a: Matrix<T>, rows: readonly number[], cols: readonly number[]): Matrix<T> {
  const data: T[] = [];
  for (const i of rows) for (const j of cols) data.push(at(a, i, j));
  return { rows: rows.length, cols: cols.length, data };
}

/** Nested-array view (for JSON and display). */
export function toRows<T>(a: Matrix<T>): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < a.rows; i++) out.push(a.data.slice(i * a.cols, (i + 1) * a.cols) as T[]);
  return out;
}
