/**
 * Dense tensors, row-major (see `src/tensor/shape.ts`).
 *
 * @packageDocumentation
 */
import type { Field } from '../exact/field.js';
import { checkShape, linearIndex, safeSizeOf, sizeOf, type Shape } from '../tensor/shape.js';
import { checkLength, DEFAULT_ENTRY_BOUND, randomIntegers } from './common.js';
import { BudgetError, DEFAULT_DENSE_BUDGET, FormatError, type DenseTensor } from './types.js';

/** The dense tensor's structure: its shape. */
export type DenseStructure = Pick<DenseTensor<unknown>, 'format' | 'shape'>;

/** Throws a {@link FormatError} unless the shape is valid. */
export function validateStructure(x: DenseStructure): void {
  try {
    checkShape(x.shape);
  } catch (e) {
    throw new FormatError('dense.shape', (e as Error).message);
  }
}

/** Throws a {@link FormatError} unless `x` is a well-formed dense tensor. */
export function validate(x: DenseTensor<unknown>): void {
  validateStructure(x);
  checkLength('dense.data', x.data, safeSizeOf(x.shape), `the product of the shape (${x.shape.join(' x ')})`);
}

export function shapeOf(x: DenseTensor<unknown>): Shape {
  return x.shape;
}

/** A dense tensor has no inner ranks. */
export function ranksOf(_x: DenseTensor<unknown>): number[] {
  return [];
}

export function nParams(x: DenseTensor<unknown>): number {
  return x.data.length;
}

export function entry<T>(_F: Field<T>, x: DenseTensor<T>, index: readonly number[]): T {
  return x.data[linearIndex(x.shape, index)] as T;
}

/**
 * Full contraction, one mode at a time from the last: after contracting mode k the remaining
 * tensor has n_0 ... n_{k-1} entries.
 */
export function contract<T>(F: Field<T>, x: DenseTensor<T>, vectors: readonly (readonly T[])[]): T {
  let cur: readonly T[] = x.data;
  for (let k = x.shape.length - 1; k >= 0; k--) {
    const n = x.shape[k] as number;
    const v = vectors[k] as readonly T[];
    const outer = cur.length / n;
    const next = new Array<T>(outer);
    for (let s = 0; s < outer; s++) {
      let acc = F.zero;
      for (let i = 0; i < n; i++) acc = F.add(acc, F.mul(cur[s * n + i] as T, v[i] as T));
      next[s] = acc;
    }
    cur = next;
  }
  return cur[0] as T;
}

export function toDense<T>(_F: Field<T>, x: DenseTensor<T>, budget = DEFAULT_DENSE_BUDGET): DenseTensor<T> {
  const total = sizeOf(x.shape);
  if (total > BigInt(budget)) throw new BudgetError('this dense tensor', total, budget, 'raise the budget');
  return x;
}

export function map<S, T>(x: DenseTensor<S>, f: (s: S) => T): DenseTensor<T> {
  return { format: 'dense', shape: [...x.shape], data: x.data.map(f) };
}

/** A random integer dense tensor (seeded). */
export function random(o: { readonly shape: Shape; readonly seed: number; readonly entryBound?: number }): DenseTensor<bigint> {
  checkShape(o.shape);
  return { format: 'dense', shape: [...o.shape], data: randomIntegers(o.seed, safeSizeOf(o.shape), o.entryBound ?? DEFAULT_ENTRY_BOUND) };
}
