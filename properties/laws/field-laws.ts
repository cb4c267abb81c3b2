/**
 * The laws every exact Field<T> implementation must pass, as one shared suite.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { Field } from '../../src/exact/field.js';
import { runs } from '../runs.js';

/** Registers the field axioms for `F` on elements drawn from `arb`. */
export function fieldLaws<T>(F: Field<T>, arb: fc.Arbitrary<T>, numRuns = 200): void {
  const eq = (a: T, b: T): void => {
    expect(F.eq(a, b), `${F.toString(a)} = ${F.toString(b)}`).toBe(true);
  };
  it(`${F.id}: addition is associative and commutative, with identity and inverses`, () => {
    fc.assert(
      fc.property(arb, arb, arb, (a, b, c) => {
        eq(F.add(F.add(a, b), c), F.add(a, F.add(b, c)));
        eq(F.add(a, b), F.add(b, a));
        eq(F.add(a, F.zero), a);
        eq(F.add(a, F.neg(a)), F.zero);
        eq(F.sub(a, b), F.add(a, F.neg(b)));
      }),
      { numRuns: runs(numRuns) },
    );
  });
  it(`${F.id}: multiplication is associative and commutative, with identity, and distributes`, () => {
    fc.assert(
      fc.property(arb, arb, arb, (a, b, c) => {
        eq(F.mul(F.mul(a, b), c), F.mul(a, F.mul(b, c)));
        eq(F.mul(a, b), F.mul(b, a));
        eq(F.mul(a, F.one), a);
        eq(F.mul(a, F.add(b, c)), F.add(F.mul(a, b), F.mul(a, c)));
        eq(F.mul(a, F.zero), F.zero);
      }),
      { numRuns: runs(numRuns) },
    );
  });
  it(`${F.id}: every nonzero element has an inverse; division undoes multiplication; zero has none`, () => {
    fc.assert(
      fc.property(arb, arb, (a, b) => {
        if (F.isZero(a)) {
          expect(() => F.inv(a)).toThrow(/division by zero/);
          return;
        }
        eq(F.mul(a, F.inv(a)), F.one);
        eq(F.mul(F.div(b, a), a), b);
      }),
      { numRuns: runs(numRuns) },
    );
  });
  it(`${F.id}: fromInt is a ring homomorphism on integers`, () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(1n << 70n), max: 1n << 70n }), fc.bigInt({ min: -(1n << 70n), max: 1n << 70n }), (x, y) => {
        eq(F.fromInt(x + y), F.add(F.fromInt(x), F.fromInt(y)));
        eq(F.fromInt(x * y), F.mul(F.fromInt(x), F.fromInt(y)));
      }),
      { numRuns: runs(numRuns) },
    );
  });
}
