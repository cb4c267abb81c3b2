/**
 * CP (canonical polyadic) tensors: shallow networks of width R.
 *
 * X = sum_{r < R} w_r U_0[:, r] (x) ... (x) U_{d-1}[:, r]; factor k is n_k x R row-major
 * (entry (i, r) at i R + r); weights are optional (all ones when absent).
 *
 * @packageDocumentation
 */
import type { Field } from '../exact/field.js';
import { deriveSeed } from '../exact/prng.js';
import { checkShape, sizeOf, type Shape } from '../tensor/shape.js';
import { checkLength, checkPositive, DEFAULT_ENTRY_BOUND, randomIntegers } from './common.js';
import { BudgetError, DEFAULT_DENSE_BUDGET, FormatError, type CpTensor, type DenseTensor } from './types.js';

/** The CP tensor's structure: everything but the factors and weights. */
export type CpStructure = Pick<CpTensor<unknown>, 'format' | 'shape' | 'rank'>;

/** Throws a {@link FormatError} unless the shape and rank form a valid CP structure. */
export function validateStructure(x: CpStructure): void {
  try {
    checkShape(x.shape);
  } catch (e) {
    throw new FormatError('cp.shape', (e as Error).message);
  }
  checkPositive('cp.rank', x.rank);
}

/** Throws a {@link FormatError} unless `x` is a well-formed CP tensor. */
export function validate(x: CpTensor<unknown>): void {
  validateStructure(x);
  const d = x.shape.length;
  if (!Array.isArray(x.factors) || x.factors.length !== d) throw new FormatError('cp.factors', `expected ${d} factor matrices, got ${Array.isArray(x.factors) ? x.factors.length : typeof x.factors}`);
  x.shape.forEach((n, k) => checkLength(`cp.factors[${k}]`, x.factors[k], n * x.rank, `[n_${k}, R] = [${n}, ${x.rank}]`));
  if (x.weights !== undefined) checkLength('cp.weights', x.weights, x.rank, `R = ${x.rank}`);
}

export function shapeOf(x: CpTensor<unknown>): Shape {
  return x.shape;
}

/** [R]. */
export function ranksOf(x: CpTensor<unknown>): number[] {
  return [x.rank];
}

export function nParams(x: CpTensor<unknown>): number {
  return x.factors.reduce((s, f) => s + f.length, 0) + (x.weights?.length ?? 0);
}

/** Per-term values: out[r] = w_r * prod_k (U_k[:, r] . v_k). */
function termValues<T>(F: Field<T>, x: CpTensor<T>, vectors: readonly (readonly T[])[]): T[] {
  const R = x.rank;
  const acc = x.weights ? [...x.weights] : new Array<T>(R).fill(F.one);
  for (let k = 0; k < x.shape.length; k++) {
    const n = x.shape[k] as number;
    const u = x.factors[k] as readonly T[];
    const v = vectors[k] as readonly T[];
    for (let r = 0; r < R; r++) {
      let s = F.zero;
      for (let i = 0; i < n; i++) s = F.add(s, F.mul(u[i * R + r] as T, v[i] as T));
      acc[r] = F.mul(acc[r] as T, s);
    }
  }
  return acc;
}

export function contract<T>(F: Field<T>, x: CpTensor<T>, vectors: readonly (readonly T[])[]): T {
  return termValues(F, x, vectors).reduce((s, t) => F.add(s, t), F.zero);
}

export function entry<T>(F: Field<T>, x: CpTensor<T>, index: readonly number[]): T {
  const R = x.rank;
  let total = F.zero;
  for (let r = 0; r < R; r++) {
    let t = x.weights ? (x.weights[r] as T) : F.one;
    for (let k = 0; k < x.shape.length && !F.isZero(t); k++) t = F.mul(t, (x.factors[k] as readonly T[])[(index[k] as number) * R + r] as T);
    total = F.add(total, t);
  }
  return total;
}

/** Dense form: a (n_0 ... n_k) x R partial product per mode, summed over r at the end. */
export function toDense<T>(F: Field<T>, x: CpTensor<T>, budget = DEFAULT_DENSE_BUDGET): DenseTensor<T> {
  const total = sizeOf(x.shape);
  if (total > BigInt(budget)) throw new BudgetError('the dense form of this CP tensor', total, budget, 'use entry, contract or the sketch engine instead');
  const R = x.rank;
  let part: T[] = x.weights ? [...x.weights] : new Array<T>(R).fill(F.one);
  let rows = 1;
  for (let k = 0; k < x.shape.length; k++) {
    const n = x.shape[k] as number;
    const u = x.factors[k] as readonly T[];
    const next = new Array<T>(rows * n * R);
    for (let s = 0; s < rows; s++)
      for (let i = 0; i < n; i++)
        for (let r = 0; r < R; r++) next[(s * n + i) * R + r] = F.mul(part[s * R + r] as T, u[i * R + r] as T);
    part = next;
    rows *= n;
  }
  const data = new Array<T>(rows);
  for (let s = 0; s < rows; s++) {
    let acc = F.zero;
    for (let r = 0; r < R; r++) acc = F.add(acc, part[s * R + r] as T);
    data[s] = acc;
  }
  return { format: 'dense', shape: [...x.shape], data };
}

export function map<S, T>(x: CpTensor<S>, f: (s: S) => T): CpTensor<T> {
  return {
    format: 'cp',
    shape: [...x.shape],
    rank: x.rank,
    factors: x.factors.map((u) => u.map(f)),
    ...(x.weights ? { weights: x.weights.map(f) } : {}),
  };
}

/** A random integer CP tensor of rank R (seeded), weights folded into the factors. */
export function random(o: { readonly shape: Shape; readonly rank: number; readonly seed: number; readonly entryBound?: number }): CpTensor<bigint> {
  checkShape(o.shape);
  checkPositive('cp.rank', o.rank);
  const bound = o.entryBound ?? DEFAULT_ENTRY_BOUND;
  return {
    format: 'cp',
    shape: [...o.shape],
    rank: o.rank,
    factors: o.shape.map((n, k) => randomIntegers(deriveSeed(o.seed, `cp:factor:${k}`), n * o.rank, bound)),
  };
}
