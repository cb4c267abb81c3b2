/**
 * Tensor trains (TT): multiplicative recurrent networks.
 *
 * Core k has shape [r_k, n_k, r_{k+1}] (row-major: entry (a, i, b) at (a n_k + i) r_{k+1} + b),
 * r_0 = r_d = 1, and X[i_0, ..., i_{d-1}] = G_0[:, i_0, :] G_1[:, i_1, :] ... G_{d-1}[:, i_{d-1}, :].
 *
 * @packageDocumentation
 */
import type { Field } from '../exact/field.js';
import { checkShape, sizeOf, type Shape } from '../tensor/shape.js';
import { checkLength, checkPositive, DEFAULT_ENTRY_BOUND, prod, randomIntegers } from './common.js';
import { deriveSeed } from '../exact/prng.js';
import { BudgetError, DEFAULT_DENSE_BUDGET, FormatError, type DenseTensor, type TtTensor } from './types.js';

/** The TT's structure: everything but the cores. */
export type TtStructure = Pick<TtTensor<unknown>, 'format' | 'shape' | 'ranks'>;

/** Throws a {@link FormatError} unless the shape and ranks form a valid TT structure. */
export function validateStructure(x: TtStructure): void {
  try {
    checkShape(x.shape);
  } catch (e) {
    throw new FormatError('tt.shape', (e as Error).message);
  }
  const d = x.shape.length;
  if (!Array.isArray(x.ranks) || x.ranks.length !== d + 1) throw new FormatError('tt.ranks', `expected d + 1 = ${d + 1} ranks, got ${Array.isArray(x.ranks) ? x.ranks.length : typeof x.ranks}`);
  x.ranks.forEach((r, k) => checkPositive(`tt.ranks[${k}]`, r));
  if (x.ranks[0] !== 1) throw new FormatError('tt.ranks[0]', `the boundary rank r_0 must be 1, got ${x.ranks[0]}`);
  if (x.ranks[d] !== 1) throw new FormatError(`tt.ranks[${d}]`, `the boundary rank r_d must be 1, got ${x.ranks[d]}`);
}

/** Throws a {@link FormatError} unless `x` is a well-formed TT. */
export function validate(x: TtTensor<unknown>): void {
  validateStructure(x);
  const d = x.shape.length;
  if (!Array.isArray(x.cores) || x.cores.length !== d) throw new FormatError('tt.cores', `expected ${d} cores, got ${Array.isArray(x.cores) ? x.cores.length : typeof x.cores}`);
  for (let k = 0; k < d; k++) {
    const a = x.ranks[k] as number;
    const n = x.shape[k] as number;
    const b = x.ranks[k + 1] as number;
    checkLength(`tt.cores[${k}]`, x.cores[k], a * n * b, `[r_${k}, n_${k}, r_${k + 1}] = [${a}, ${n}, ${b}]`);
  }
}

export function shapeOf(x: TtTensor<unknown>): Shape {
  return x.shape;
}

/** The TT ranks (r_0, ..., r_d). */
export function ranksOf(x: TtTensor<unknown>): number[] {
  return [...x.ranks];
}

export function nParams(x: TtTensor<unknown>): number {
  return x.cores.reduce((s, c) => s + c.length, 0);
}

/** The r_k x r_{k+1} matrix sum_i v[i] G_k[:, i, :] (row-major). */
export function absorbVector<T>(F: Field<T>, x: TtTensor<T>, k: number, v: readonly T[]): T[] {
  const a = x.ranks[k] as number;
  const n = x.shape[k] as number;
  const b = x.ranks[k + 1] as number;
  const g = x.cores[k] as readonly T[];
  const out = new Array<T>(a * b).fill(F.zero);
  for (let p = 0; p < a; p++) {
    for (let i = 0; i < n; i++) {
      const vi = v[i] as T;
      if (F.isZero(vi)) continue;
      const off = (p * n + i) * b;
      for (let q = 0; q < b; q++) out[p * b + q] = F.add(out[p * b + q] as T, F.mul(vi, g[off + q] as T));
    }
  }
  return out;
}

/** row (length a) times an a x b matrix. */
function rowTimes<T>(F: Field<T>, row: readonly T[], m: readonly T[], a: number, b: number): T[] {
  const out = new Array<T>(b).fill(F.zero);
  for (let p = 0; p < a; p++) {
    const rp = row[p] as T;
    if (F.isZero(rp)) continue;
    for (let q = 0; q < b; q++) out[q] = F.add(out[q] as T, F.mul(rp, m[p * b + q] as T));
  }
  return out;
}

/** The full contraction with one vector per mode: sum_i X[i] v_0[i_0] ... v_{d-1}[i_{d-1}]. */
export function contract<T>(F: Field<T>, x: TtTensor<T>, vectors: readonly (readonly T[])[]): T {
  let row: T[] = [F.one];
  for (let k = 0; k < x.shape.length; k++) {
    const m = absorbVector(F, x, k, vectors[k] as readonly T[]);
    row = rowTimes(F, row, m, x.ranks[k] as number, x.ranks[k + 1] as number);
  }
  return row[0] as T;
}

/** One entry, as a product of core slices. */
export function entry<T>(F: Field<T>, x: TtTensor<T>, index: readonly number[]): T {
  let row: T[] = [F.one];
  for (let k = 0; k < x.shape.length; k++) {
    const a = x.ranks[k] as number;
    const n = x.shape[k] as number;
    const b = x.ranks[k + 1] as number;
    const i = index[k] as number;
    const g = x.cores[k] as readonly T[];
    const out = new Array<T>(b).fill(F.zero);
    for (let p = 0; p < a; p++) {
      const rp = row[p] as T;
      if (F.isZero(rp)) continue;
      const off = (p * n + i) * b;
      for (let q = 0; q < b; q++) out[q] = F.add(out[q] as T, F.mul(rp, g[off + q] as T));
    }
    row = out;
  }
  return row[0] as T;
}

/**
 * The dense tensor, built left to right: after core k the partial product is a
 * (n_0 ... n_k) x r_{k+1} matrix; the work is about (number of entries) x r^2.
 */
export function toDense<T>(F: Field<T>, x: TtTensor<T>, budget = DEFAULT_DENSE_BUDGET): DenseTensor<T> {
  const total = sizeOf(x.shape);
  if (total > BigInt(budget)) throw new BudgetError('the dense form of this TT', total, budget, 'use entry, contract or the sketch engine instead');
  let part: T[] = [F.one];
  let rows = 1;
  for (let k = 0; k < x.shape.length; k++) {
    const a = x.ranks[k] as number;
    const n = x.shape[k] as number;
    const b = x.ranks[k + 1] as number;
    const g = x.cores[k] as readonly T[];
    const next = new Array<T>(rows * n * b).fill(F.zero);
    for (let s = 0; s < rows; s++) {
      for (let p = 0; p < a; p++) {
        const v = part[s * a + p] as T;
        if (F.isZero(v)) continue;
        for (let i = 0; i < n; i++) {
          const goff = (p * n + i) * b;
          const noff = (s * n + i) * b;
          for (let q = 0; q < b; q++) next[noff + q] = F.add(next[noff + q] as T, F.mul(v, g[goff + q] as T));
        }
      }
    }
    part = next;
    rows *= n;
  }
  return { format: 'dense', shape: [...x.shape], data: part };
}

/** Maps every parameter through f (e.g. from integers into a field). */
export function map<S, T>(x: TtTensor<S>, f: (s: S) => T): TtTensor<T> {
  return { format: 'tt', shape: [...x.shape], ranks: [...x.ranks], cores: x.cores.map((c) => c.map(f)) };
}

/**
 * The largest TT ranks a tensor of this shape can need: r_k <= min(n_0 ... n_{k-1}, n_k ... n_{d-1}),
 * and no more than the requested rank.
 */
export function feasibleRanks(shape: Shape, requested: number | readonly number[]): number[] {
  const d = shape.length;
  const ranks = [1];
  for (let k = 1; k < d; k++) {
    const want = typeof requested === 'number' ? requested : (requested[k] as number);
    const left = prod(shape.slice(0, k));
    const right = prod(shape.slice(k));
    ranks.push(Math.max(1, Math.min(want, left, right)));
  }
  ranks.push(1);
  return ranks;
}

/** Options of {@link random}. */
export interface RandomTtOptions {
  readonly shape: Shape;
  /** One rank for every inner bond, or the full list (r_0..r_d); clipped to the feasible maximum. */
  readonly rank: number | readonly number[];
  readonly seed: number;
  /** Entries uniform in [-entryBound, entryBound] (default {@link DEFAULT_ENTRY_BOUND}). */
  readonly entryBound?: number;
}

/** A random integer TT (seeded; the same options give the same tensor). */
export function random(o: RandomTtOptions): TtTensor<bigint> {
  checkShape(o.shape);
  const ranks = feasibleRanks(o.shape, o.rank);
  const bound = o.entryBound ?? DEFAULT_ENTRY_BOUND;
  const cores = o.shape.map((n, k) => randomIntegers(deriveSeed(o.seed, `tt:core:${k}`), (ranks[k] as number) * n * (ranks[k + 1] as number), bound));
  return { format: 'tt', shape: [...o.shape], ranks, cores };
}

/**
 * The paper's witness (Khrulkov et al. 2018, Eq. 9), for even d, mode size n and rank r, with
 * q = min(n, r): cores at even positions 2j put the mode index on the next bond,
 * G_{2j}[0, i, i] = 1 (i < q), and cores at odd positions read it back,
 * G_{2j+1}[i, i, 0] = 1 (i < q); every other entry is 0. The bonds between pairs carry index 0
 * only, so X = (sum_{i<q} e_i (x) e_i)^{(x) d/2}, whose odd/even matricization is a Kronecker
 * product of d/2 blocks diag(1, ..., 1, 0, ...) with q ones: rank exactly q^(d/2).
 * All ranks are r (clipped as in {@link feasibleRanks}).
 */
export function witness(n: number, r: number, d: number): TtTensor<bigint> {
  if (d % 2 !== 0 || d < 2) throw new RangeError(`the witness needs an even order d >= 2, got ${d}`);
  const shape = new Array<number>(d).fill(n);
  const ranks = feasibleRanks(shape, r);
  const q = Math.min(n, r);
  const cores = shape.map((_, k) => {
    const a = ranks[k] as number;
    const b = ranks[k + 1] as number;
    const g = new Array<bigint>(a * n * b).fill(0n);
    for (let i = 0; i < q; i++) {
      if (k % 2 === 0) g[(0 * n + i) * b + i] = 1n;
      else g[(i * n + i) * b + 0] = 1n;
    }
    return g;
  });
  return { format: 'tt', shape, ranks, cores };
}
