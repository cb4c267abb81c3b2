/**
 * The kernel's arithmetic: exact integers on BigInt, and residues modulo a prime p < 2^26 held in
 * doubles. Pure functions only; the kernel shares no arithmetic objects (and so no mutable state)
 * with the engines.
 *
 * A residue is an integer in [0, p). A product of two is below 2^52, exact in a double. A sum of
 * {@link accumulationLimit}(p) products plus one residue stays below 2^53 - 4p, where
 * {@link reducer} is exact: it estimates floor(x / p) in floating point and corrects the
 * remainder into [0, p) (the estimate may be off by one; the corrected remainder cannot be).
 *
 * @packageDocumentation
 */
import type { Scalar } from './json.js';

/** Primes must be below this, so products of residues stay exact in a double. */
export const PRIME_LIMIT = 2 ** 26;

/** Primality of a safe integer by trial division up to its square root (<= 4096 divisions below 2^26). */
export function isPrime(n: number): boolean {
  if (!Number.isSafeInteger(n) || n < 2) return false;
  if (n % 2 === 0) return n === 2;
  for (let f = 3; f * f <= n; f += 2) if (n % f === 0) return false;
  return true;
}

/** The largest m with p + m (p-1)^2 <= 2^53 - 4p (computed in BigInt; at least 1). */
export function accumulationLimit(p: number): number {
  const P = BigInt(p);
  return Math.max(1, Number((2n ** 53n - 5n * P) / ((P - 1n) * (P - 1n))));
}

/** x mod p for an integer 0 <= x <= 2^53 - 4p held in a double. */
export function reducer(p: number): (x: number) => number {
  const pinv = 1 / p;
  return (x: number): number => {
    let r = x - Math.floor(x * pinv) * p;
    while (r < 0) r += p;
    while (r >= p) r -= p;
    return r;
  };
}

/** a^-1 mod p (a not divisible by p) by the extended Euclidean algorithm; every value stays below p. */
export function invMod(a: number, p: number): number {
  let r0 = p;
  let r1 = ((a % p) + p) % p;
  let t0 = 0;
  let t1 = 1;
  while (r1 !== 0) {
    const q = Math.floor(r0 / r1);
    [r0, r1] = [r1, r0 - q * r1];
    [t0, t1] = [t1, t0 - q * t1];
  }
  if (r0 !== 1) throw new RangeError(`${a} is not invertible mod ${p}`);
  return ((t0 % p) + p) % p;
}

/** a mod m for a BigInt, in [0, m). */
export function modBig(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

/** Greatest common divisor (non-negative). */
export function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** The reduced text of a scalar: "a" or "a/b" with b > 1 and gcd(a, b) = 1. */
export function scalarText(x: Scalar): string {
  if (x.den === 1n) return x.num.toString();
  const g = gcd(x.num, x.den);
  const num = x.num / g;
  const den = x.den / g;
  return den === 1n ? num.toString() : `${num}/${den}`;
}
