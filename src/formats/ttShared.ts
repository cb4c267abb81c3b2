/**
 * TT with a shared middle core: ordinary recurrent networks (G_1 = ... = G_{d-2} in 0-based
 * positions, the paper's G_2 = ... = G_{d-1}), with free first and last cores.
 *
 * @packageDocumentation
 */
import type { Field } from '../exact/field.js';
import { deriveSeed } from '../exact/prng.js';
import type { Shape } from '../tensor/shape.js';
import { checkLength, checkPositive, DEFAULT_ENTRY_BOUND, randomIntegers } from './common.js';
import * as tt from './tt.js';
import { FormatError, type DenseTensor, type SharedTtTensor, type TtTensor } from './types.js';

/** The shared-core TT's structure: order, size and rank. */
export type SharedTtStructure = Pick<SharedTtTensor<unknown>, 'format' | 'order' | 'size' | 'rank'>;

/** Throws a {@link FormatError} unless order, size and rank are valid. */
export function validateStructure(x: SharedTtStructure): void {
  checkPositive('tt-shared.order', x.order);
  if (x.order < 2) throw new FormatError('tt-shared.order', `a shared-core TT needs order d >= 2, got ${x.order}`);
  checkPositive('tt-shared.size', x.size);
  checkPositive('tt-shared.rank', x.rank);
}

/** Throws a {@link FormatError} unless `x` is a well-formed shared-core TT. */
export function validate(x: SharedTtTensor<unknown>): void {
  validateStructure(x);
  const { size: n, rank: r } = x;
  checkLength('tt-shared.first', x.first, n * r, `[1, n, r] = [1, ${n}, ${r}]`);
  checkLength('tt-shared.middle', x.middle, r * n * r, `[r, n, r] = [${r}, ${n}, ${r}]`);
  checkLength('tt-shared.last', x.last, r * n, `[r, n, 1] = [${r}, ${n}, 1]`);
}

export function shapeOf(x: SharedTtStructure): Shape {
  return new Array<number>(x.order).fill(x.size);
}

/** (1, r, ..., r, 1). */
export function ranksOf(x: SharedTtStructure): number[] {
  return [1, ...new Array<number>(x.order - 1).fill(x.rank), 1];
}

/** Parameters stored (the shared core counted once). */
export function nParams(x: SharedTtTensor<unknown>): number {
  return x.first.length + x.middle.length + x.last.length;
}

/** The same tensor as an ordinary TT (the shared core repeated; no copies of entries are made). */
export function toTt<T>(x: SharedTtTensor<T>): TtTensor<T> {
  const d = x.order;
  const cores: (readonly T[])[] = [x.first];
  for (let k = 1; k < d - 1; k++) cores.push(x.middle);
  cores.push(x.last);
  return { format: 'tt', shape: shapeOf(x), ranks: ranksOf(x), cores };
}

export function entry<T>(F: Field<T>, x: SharedTtTensor<T>, index: readonly number[]): T {
  return tt.entry(F, toTt(x), index);
}

export function contract<T>(F: Field<T>, x: SharedTtTensor<T>, vectors: readonly (readonly T[])[]): T {
  return tt.contract(F, toTt(x), vectors);
}

export function toDense<T>(F: Field<T>, x: SharedTtTensor<T>, budget?: number): DenseTensor<T> {
  return tt.toDense(F, toTt(x), budget);
}

export function map<S, T>(x: SharedTtTensor<S>, f: (s: S) => T): SharedTtTensor<T> {
  return { format: 'tt-shared', order: x.order, size: x.size, rank: x.rank, first: x.first.map(f), middle: x.middle.map(f), last: x.last.map(f) };
}

/**
 * A random integer shared-core TT (seeded). The rank is not clipped: r is a parameter of the
 * network, and with r > n the bonds next to the ends simply cannot use all of it.
 */
export function random(o: { readonly order: number; readonly size: number; readonly rank: number; readonly seed: number; readonly entryBound?: number }): SharedTtTensor<bigint> {
  const { order: d, size: n, rank: r } = o;
  const bound = o.entryBound ?? DEFAULT_ENTRY_BOUND;
  const x: SharedTtTensor<bigint> = {
    format: 'tt-shared',
    order: d,
    size: n,
    rank: r,
    first: randomIntegers(deriveSeed(o.seed, 'tt-shared:first'), n * r, bound),
    middle: randomIntegers(deriveSeed(o.seed, 'tt-shared:middle'), r * n * r, bound),
    last: randomIntegers(deriveSeed(o.seed, 'tt-shared:last'), r * n, bound),
  };
  validate(x);
  return x;
}
