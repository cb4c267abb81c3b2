/**
 * Reading a certificate's prime.
 *
 * @packageDocumentation
 */
import { isPrime, MAX_PRIME_EXCLUSIVE } from '../exact/primes.js';
import { reject } from './verdict.js';

/** A prime below 2^26 (so products of residues are exact in a double). */
export function readPrime(x: unknown, path: string): number {
  if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < 2) reject('BAD_INTEGER', path, `expected a prime, got ${JSON.stringify(x)}`);
  if (x >= MAX_PRIME_EXCLUSIVE) reject('PRIME_TOO_LARGE', path, `prime ${x} is not below 2^26 (products must stay exact)`);
  if (!isPrime(x)) reject('NOT_PRIME', path, `${x} is not prime`);
  return x;
}
