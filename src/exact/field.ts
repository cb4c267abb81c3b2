/**
 * The one interface every scalar domain implements: the rationals Q, the prime fields Z/p and
 * float64. Algorithms (contraction, conversion, elimination over small matrices) are written once
 * against it and never ask which field they were given.
 *
 * @packageDocumentation
 */
import type { Rational } from './rational.js';

/**
 * A field with elements of type `T`.
 *
 * `exact` is a property of the field, not a switch for algorithms: it is recorded in results so a
 * report can say whether a number came from exact arithmetic. Algorithms must not branch on it.
 */
export interface Field<T> {
  /** A stable name: `"Q"`, `"Z/1048573"` or `"float64"`. */
  readonly id: string;
  /** True for Q and Z/p; false for float64. */
  readonly exact: boolean;
  readonly zero: T;
  readonly one: T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  neg(a: T): T;
  /** Multiplicative inverse; throws {@link DivisionByZeroError} on zero. */
  inv(a: T): T;
  div(a: T, b: T): T;
  eq(a: T, b: T): boolean;
  isZero(a: T): boolean;
  /** The image of an integer. */
  fromInt(n: bigint | number): T;
  /** The image of a rational; Z/p throws {@link DivisionByZeroError} when p divides the denominator. */
  fromRational(q: Rational): T;
  toString(a: T): string;
}

/** Raised by `inv` and `div` on a zero divisor, and by Z/p on a rational whose denominator p divides. */
export class DivisionByZeroError extends Error {
  readonly code = 'DIVISION_BY_ZERO';
  constructor(fieldId: string) {
    super(`division by zero in ${fieldId}`);
    this.name = 'DivisionByZeroError';
  }
}

/** Sum of a list of field elements (zero for the empty list). */
export function sum<T>(field: Field<T>, xs: readonly T[]): T {
  let acc = field.zero;
  for (const x of xs) acc = field.add(acc, x);
  return acc;
}

/** Dot product of two equally long vectors. */
export function dot<T>(field: Field<T>, xs: readonly T[], ys: readonly T[]): T {
  if (xs.length !== ys.length) throw new RangeError(`dot: lengths differ (${xs.length} vs ${ys.length})`);
  let acc = field.zero;
  for (let i = 0; i < xs.length; i++) acc = field.add(acc, field.mul(xs[i] as T, ys[i] as T));
  return acc;
}
