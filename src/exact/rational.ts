/**
 * Canonical rationals on BigInt: the denominator is positive and coprime to the numerator, and
 * zero is 0/1. Canonical form makes equality structural.
 *
 * @packageDocumentation
 */
import { DivisionByZeroError } from './field.js';
import { absBig, gcdBig, parseBigInt } from './integer.js';

/** A rational number num/den in canonical form (den > 0, gcd(num, den) = 1). */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

/** Builds the canonical form of num/den; throws on a zero denominator. */
export function rational(num: bigint | number, den: bigint | number = 1n): Rational {
  let n = typeof num === 'bigint' ? num : BigInt(num);
  let d = typeof den === 'bigint' ? den : BigInt(den);
  if (d === 0n) throw new DivisionByZeroError('Q');
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const g = gcdBig(n, d);
  if (g > 1n) {
    n /= g;
    d /= g;
  }
  return { num: n, den: d };
}

export const RAT_ZERO: Rational = { num: 0n, den: 1n };
export const RAT_ONE: Rational = { num: 1n, den: 1n };

export function ratAdd(a: Rational, b: Rational): Rational {
  if (a.den === 1n && b.den === 1n) return { num: a.num + b.num, den: 1n };
  return rational(a.num * b.den + b.num * a.den, a.den * b.den);
}

export function ratSub(a: Rational, b: Rational): Rational {
  if (a.den === 1n && b.den === 1n) return { num: a.num - b.num, den: 1n };
  return rational(a.num * b.den - b.num * a.den, a.den * b.den);
}

export function ratMul(a: Rational, b: Rational): Rational {
  if (a.den === 1n && b.den === 1n) return { num: a.num * b.num, den: 1n };
  // Cross-cancel first so intermediate products stay small.
  const g1 = gcdBig(a.num, b.den);
  const g2 = gcdBig(b.num, a.den);
  const n = (g1 > 1n ? a.num / g1 : a.num) * (g2 > 1n ? b.num / g2 : b.num);
  const d = (g2 > 1n ? a.den / g2 : a.den) * (g1 > 1n ? b.den / g1 : b.den);
  return n === 0n ? RAT_ZERO : { num: n, den: d };
}

export function ratNeg(a: Rational): Rational {
  return { num: -a.num, den: a.den };
}

export function ratInv(a: Rational): Rational {
  if (a.num === 0n) throw new DivisionByZeroError('Q');
  return a.num < 0n ? { num: -a.den, den: -a.num } : { num: a.den, den: a.num };
}

export function ratDiv(a: Rational, b: Rational): Rational {
  return ratMul(a, ratInv(b));
}

export function ratEq(a: Rational, b: Rational): boolean {
  return a.num === b.num && a.den === b.den;
}

/** Sign of a - b: -1, 0 or 1. */
export function ratCmp(a: Rational, b: Rational): -1 | 0 | 1 {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

export function ratIsInteger(a: Rational): boolean {
  return a.den === 1n;
}

export function ratAbs(a: Rational): Rational {
  return { num: absBig(a.num), den: a.den };
}

/** `"-3/4"`, or `"5"` for integers. */
export function ratToString(a: Rational): string {
  return a.den === 1n ? a.num.toString() : `${a.num}/${a.den}`;
}

/** Nearest double (for display and for float evidence only). */
export function ratToNumber(a: Rational): number {
  if (a.den === 1n) return Number(a.num);
  return Number(a.num) / Number(a.den);
}

/**
 * Parses `"a"` or `"a/b"` (decimal integers, optional sign on `a`, b > 0 after parsing);
 * returns undefined for anything else, including a zero denominator.
 */
export function parseRational(s: string): Rational | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) {
    const n = parseBigInt(s);
    return n === undefined ? undefined : { num: n, den: 1n };
  }
  const n = parseBigInt(s.slice(0, slash));
  const dStr = s.slice(slash + 1);
  if (!/^\d+$/.test(dStr)) return undefined;
  const d = BigInt(dStr);
  if (n === undefined || d === 0n) return undefined;
  return rational(n, d);
}

/**
 * The exact rational value of a finite double (every double is a dyadic rational).
 * Used to export trained float weights without any rounding hidden from the user.
 */
export function ratFromDouble(x: number): Rational {
  if (!Number.isFinite(x)) throw new RangeError(`ratFromDouble: ${x} is not finite`);
  if (Number.isInteger(x)) return { num: BigInt(x), den: 1n };
  let den = 1n;
  let v = x;
  // Multiplying by 2 is exact in binary floating point; at most 1074 steps reach an integer.
  while (!Number.isInteger(v)) {
    v *= 2;
    den *= 2n;
  }
  return rational(BigInt(v), den);
}
