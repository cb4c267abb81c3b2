/**
 * Primes for modular arithmetic in doubles.
 *
 * Elements of Z/p are held in JS numbers. A product of two residues is below p^2; it is exact in a
 * double when p^2 <= 2^53, i.e. p <= 2^26.5. We cap p below 2^26 so every product is below 2^52
 * and a sum of two products stays exact as well.
 *
 * @packageDocumentation
 */

/** Exclusive upper bound for a prime used by the double-based Z/p arithmetic (2^26). */
export const MAX_PRIME_EXCLUSIVE = 2 ** 26;

/**
 * Primality of a safe integer by trial division up to sqrt(n). For n < 2^26 that is at most
 * 4096 odd divisors: plain, obviously correct, and fast enough for the kernel.
 */
export function isPrime(n: number): boolean {
  if (!Number.isSafeInteger(n) || n < 2) return false;
  if (n < 4) return true;
  if (n % 2 === 0) return false;
  for (let f = 3; f * f <= n; f += 2) {
    if (n % f === 0) return false;
  }
  return true;
}

/** The largest prime strictly below `bound` (bound >= 3). */
export function previousPrime(bound: number): number {
  for (let n = bound - 1; n >= 2; n--) if (isPrime(n)) return n;
  throw new RangeError(`no prime below ${bound}`);
}

/**
 * Default primes for the modular rank engine, largest first. They lie just below 2^23: then a
 * delayed-reduction block of up to 2^53 / p^2 = 128 products accumulates exactly in a double
 * (see `rank/modp.ts`), and the chance that a fixed nonzero integer vanishes mod p is about
 * 1.2e-7 per prime. Computed once as the eight largest primes below 2^23; the list is checked by
 * a unit test.
 */
export const DEFAULT_PRIMES: readonly number[] = [
  8388593, 8388587, 8388581, 8388571, 8388547, 8388539, 8388473, 8388461,
];
