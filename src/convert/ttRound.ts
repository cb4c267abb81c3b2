/**
 * Exact TT rank reduction over a field: two sweeps of column- and row-basis factorisations (RREF),
 * the exact analogue of TT-SVD rounding. Afterwards bond k's rank equals the rank of the
 * matricization (modes 0..k-1 | k..d-1) of the tensor, the smallest possible.
 *
 * Why: the left sweep makes every prefix unfolding of full column rank (a basis factorisation
 * A = A[:, P] R keeps the column space); the right sweep then cuts each bond to the row rank of
 * the suffix side, which equals the matricization rank because the prefix side is injective.
 *
 * @packageDocumentation
 */
import type { Field } from '../exact/field.js';
import { rrefOverField } from '../rank/generic.js';
import type { TtTensor } from '../formats/types.js';

/** M (a x b, row-major) times core [b, n, c] -> [a, n, c]. */
function leftMultiply<T>(F: Field<T>, m: readonly T[], a: number, b: number, core: readonly T[], n: number, c: number): T[] {
  const out = new Array<T>(a * n * c).fill(F.zero);
  for (let p = 0; p < a; p++)
    for (let q = 0; q < b; q++) {
      const v = m[p * b + q] as T;
      if (F.isZero(v)) continue;
      for (let j = 0; j < n * c; j++) out[p * n * c + j] = F.add(out[p * n * c + j] as T, F.mul(v, core[q * n * c + j] as T));
    }
  return out;
}

/** core [a, n, b] times M (b x c) -> [a, n, c]. */
function rightMultiply<T>(F: Field<T>, core: readonly T[], a: number, n: number, b: number, m: readonly T[], c: number): T[] {
  const out = new Array<T>(a * n * c).fill(F.zero);
  for (let s = 0; s < a * n; s++)
    for (let q = 0; q < b; q++) {
      const v = core[s * b + q] as T;
      if (F.isZero(v)) continue;
      for (let t = 0; t < c; t++) out[s * c + t] = F.add(out[s * c + t] as T, F.mul(v, m[q * c + t] as T));
    }
  return out;
}

/** The zero tensor of a shape as a TT with all ranks 1 (TT ranks cannot be 0). */
function zeroTt<T>(F: Field<T>, x: TtTensor<T>): TtTensor<T> {
  return { format: 'tt', shape: [...x.shape], ranks: new Array<number>(x.shape.length + 1).fill(1), cores: x.shape.map((n) => new Array<T>(n).fill(F.zero)) };
}

/**
 * The same tensor with the smallest TT ranks, found exactly (F must be exact: Q or Z/p). The zero
 * tensor comes back with all ranks 1, the smallest a TT can have.
 */
export function ttRound<T>(F: Field<T>, x: TtTensor<T>): TtTensor<T> {
  // Exact elimination decides which columns are pivots; over float64 rounding errors would make
  // every column a pivot and the ranks silently non-minimal. Floats have ttSvd (a tolerance).
  if (!F.exact) throw new TypeError(`ttRound needs an exact field (Q or Z/p), got ${F.id}; for floats use ttSvd(dense, shape, { tol, maxRank })`);
  const d = x.shape.length;
  const ranks = [...x.ranks];
  const cores = x.cores.map((c) => [...c]);
  // Left to right: core k's left unfolding (r_k n_k x r_{k+1}) = C X with C its pivot columns.
  for (let k = 0; k < d - 1; k++) {
    const a = ranks[k] as number;
    const n = x.shape[k] as number;
    const b = ranks[k + 1] as number;
    const core = cores[k] as T[];
    const rref = rrefOverField(F, { rows: a * n, cols: b, data: core });
    const rho = rref.rank;
    if (rho === 0) return zeroTt(F, x);
    if (rho === b) continue;
    const C = new Array<T>(a * n * rho);
    for (let s = 0; s < a * n; s++) rref.pivotCols.forEach((col, t) => (C[s * rho + t] = core[s * b + col] as T));
    cores[k] = C;
    const nn = x.shape[k + 1] as number;
    const c = ranks[k + 2] as number;
    cores[k + 1] = leftMultiply(F, rref.rows, rho, b, cores[k + 1] as T[], nn, c);
    ranks[k + 1] = rho;
  }
  // Right to left: core k's right unfolding (r_k x n_k r_{k+1}) = Y R with R its pivot rows.
  for (let k = d - 1; k > 0; k--) {
    const a = ranks[k] as number;
    const n = x.shape[k] as number;
    const b = ranks[k + 1] as number;
    const core = cores[k] as T[];
    // Row basis of the a x (n b) unfolding = column basis of its transpose.
    const t: T[] = new Array<T>(n * b * a);
    for (let p = 0; p < a; p++) for (let j = 0; j < n * b; j++) t[j * a + p] = core[p * n * b + j] as T;
    const rref = rrefOverField(F, { rows: n * b, cols: a, data: t });
    const rho = rref.rank;
    if (rho === 0) return zeroTt(F, x);
    if (rho === a) continue;
    // core = Y R: R = the pivot rows of the unfolding; Y (a x rho) = transpose of the RREF rows.
    const R = new Array<T>(rho * n * b);
    rref.pivotCols.forEach((row, s) => {
      for (let j = 0; j < n * b; j++) R[s * n * b + j] = core[row * n * b + j] as T;
    });
    const Y = new Array<T>(a * rho);
    for (let s = 0; s < rho; s++) for (let p = 0; p < a; p++) Y[p * rho + s] = rref.rows[s * a + p] as T;
    cores[k] = R;
    const prevA = ranks[k - 1] as number;
    const prevN = x.shape[k - 1] as number;
    cores[k - 1] = rightMultiply(F, cores[k - 1] as T[], prevA, prevN, a, Y, rho);
    ranks[k] = rho;
  }
  return { format: 'tt', shape: [...x.shape], ranks, cores };
}
