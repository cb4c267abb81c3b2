/**
 * The field instances: Q on canonical BigInt rationals and Z/p on safe-integer JS numbers.
 * (float64 lives in `src/numeric/` because it is not exact.)
 *
 * @packageDocumentation
 */
import { DivisionByZeroError, type Field } from './field.js';
import { invModNum, modBig, modNum } from './integer.js';
import { isPrime, MAX_PRIME_EXCLUSIVE } from './primes.js';
import { residueReducer } from './modular.js';
import {
  RAT_ONE,
  RAT_ZERO,
  ratAdd,
  ratDiv,
  ratEq,
  ratInv,
  ratMul,
  ratNeg,
  ratSub,
  ratToString,
  rational,
  type Rational,
} from './rational.js';

/** The rational numbers, exact. */
export const Q: Field<Rational> = {
  id: 'Q',
  exact: true,
  zero: RAT_ZERO,
  one: RAT_ONE,
  add: ratAdd,
  sub: ratSub,
  mul: ratMul,
  neg: ratNeg,
  inv: ratInv,
  div: ratDiv,
  eq: ratEq,
  isZero: (a) => a.num === 0n,
  fromInt: (n) => rational(n),
  fromRational: (q) => q,
  toString: ratToString,
};

/** Raised when a modulus is not a prime below {@link MAX_PRIME_EXCLUSIVE}. */
export class InvalidPrimeError extends Error {
  readonly code = 'INVALID_PRIME';
  constructor(readonly p: number) {
    super(`expected a prime below 2^26, got ${p}`);
    this.name = 'InvalidPrimeError';
  }
}

/** A prime field Z/p with elements the integers 0..p-1 held in JS numbers. */
export interface PrimeField extends Field<number> {
  readonly p: number;
}

const primeFieldCache = new Map<number, PrimeField>();

/**
 * The prime field Z/p. p must be prime and below 2^26 so that a product of two residues is an
 * integer below 2^52, exactly representable in a double.
 */
export function primeField(p: number): PrimeField {
  const cached = primeFieldCache.get(p);
  if (cached) return cached;
  if (!(p < MAX_PRIME_EXCLUSIVE) || !isPrime(p)) throw new InvalidPrimeError(p);
  const id = `Z/${p}`;
  const pb = BigInt(p);
  const inv = (a: number): number => {
    if (a === 0) throw new DivisionByZeroError(id);
    return invModNum(a, p);
  };
  // Products of residues are below 2^52; V8's % on doubles calls fmod and is several times slower.
  const reduce = residueReducer(p);
  const fromInt = (n: bigint | number): number =>
    typeof n === 'bigint' ? Number(modBig(n, pb)) : Number.isSafeInteger(n) ? modNum(n, p) : Number(modBig(BigInt(n), pb));
  const field: PrimeField = {
    id,
    p,
    exact: true,
    zero: 0,
    one: 1,
    add: (a, b) => {
      const s = a + b;
      return s >= p ? s - p : s;
    },
    sub: (a, b) => {
      const s = a - b;
      return s < 0 ? s + p : s;
    },
    mul: (a, b) => reduce(a * b),
    neg: (a) => (a === 0 ? 0 : p - a),
    inv,
    div: (a, b) => reduce(a * inv(b)),
    eq: (a, b) => a === b,
    isZero: (a) => a === 0,
    fromInt,
    fromRational: (q: Rational) => {
      const d = Number(modBig(q.den, pb));
      if (d === 0) throw new DivisionByZeroError(id);
      return (Number(modBig(q.num, pb)) * invModNum(d, p)) % p;
    },
    toString: (a) => String(a),
  };
  primeFieldCache.set(p, field);
  return field;
}
