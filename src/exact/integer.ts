/**
 * Integer helpers on native BigInt (and on safe JS integers where the values are known small).
 *
 * @packageDocumentation
 */
import { invMod } from '../kernel/arith.js';

/** |a| for a BigInt. */
export function absBig(a: bigint): bigint {
  return a < 0n ? -a : a;
}

/** Greatest common divisor, always non-negative; gcd(0, 0) = 0. */
export function gcdBig(a: bigint, b: bigint): bigint {
  a = absBig(a);
  b = absBig(b);
  while (b !== 0n) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** Mathematical (non-negative) remainder of a BigInt by a positive modulus. */
export function modBig(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

/**
 * Mathematical remainder of a safe integer by a positive safe modulus, as a number in [0, m).
 * `%` on JS numbers that are integers is exact (it is IEEE fmod), so no rounding happens here.
 */
export function modNum(a: number, m: number): number {
  const r = a % m;
  return r < 0 ? r + m : r;
}

/**
 * Inverse of `a` modulo `m` (both safe integers) by the extended Euclidean algorithm (the
 * kernel's, src/kernel/arith.ts); every intermediate stays below m in absolute value, so it is
 * exact in a double. Returns 0 when `a` is not invertible.
 */
export function invModNum(a: number, m: number): number {
  try {
    return invMod(a, m);
  } catch {
    return 0;
  }
}

/** b^e mod m on BigInt (e >= 0). */
export function powModBig(b: bigint, e: bigint, m: bigint): bigint {
  let result = 1n % m;
  b = modBig(b, m);
  while (e > 0n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return result;
}

/** n^k for BigInt base and a non-negative integer exponent. */
export function powBig(n: bigint, k: number): bigint {
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`powBig: exponent must be a non-negative integer, got ${k}`);
  let r = 1n;
  for (let i = 0; i < k; i++) r *= n;
  return r;
}

/** Product of a list of non-negative safe integers, as BigInt (no overflow). */
export function productBig(xs: readonly number[]): bigint {
  let p = 1n;
  for (const x of xs) p *= BigInt(x);
  return p;
}

const DECIMAL_INTEGER = /^[+-]?\d+$/;

/** Parses a decimal integer string (optional sign, digits only); returns undefined otherwise. */
export function parseBigInt(s: string): bigint | undefined {
  if (!DECIMAL_INTEGER.test(s)) return undefined;
  return BigInt(s);
}
