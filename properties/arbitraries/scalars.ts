/**
 * Arbitraries for field elements.
 */
import fc from 'fast-check';
import type { PrimeField } from '../../src/exact/fields.js';
import { rational, type Rational } from '../../src/exact/rational.js';

/** Rationals with numerators and denominators of up to ~80 bits (so BigInt paths are exercised). */
export function rationalArb(): fc.Arbitrary<Rational> {
  return fc
    .tuple(fc.bigInt({ min: -(1n << 80n), max: 1n << 80n }), fc.bigInt({ min: 1n, max: 1n << 80n }))
    .map(([n, d]) => rational(n, d));
}

/** Small rationals (the common case in tensors). */
export function smallRationalArb(): fc.Arbitrary<Rational> {
  return fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: 1, max: 12 })).map(([n, d]) => rational(n, d));
}

/** Residues of Z/p, with the edge values 0, 1 and p - 1 weighted in. */
export function residueArb(F: PrimeField): fc.Arbitrary<number> {
  return fc.oneof(fc.constantFrom(0, 1, F.p - 1), fc.integer({ min: 0, max: F.p - 1 }));
}
