/**
 * float64 as a {@link Field}: the same algorithms that run over Q and Z/p run over doubles, for
 * evidence and for training. Nothing computed here is ever labelled as proved.
 *
 * @packageDocumentation
 */
import { DivisionByZeroError, type Field } from '../exact/field.js';
import { ratToNumber } from '../exact/rational.js';

/** IEEE double precision arithmetic. `isZero` is an exact comparison with 0; tolerances belong to the algorithms that document them. */
export const F64: Field<number> = {
  id: 'float64',
  exact: false,
  zero: 0,
  one: 1,
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  neg: (a) => -a,
  inv: (a) => {
    if (a === 0) throw new DivisionByZeroError('float64');
    return 1 / a;
  },
  div: (a, b) => {
    if (b === 0) throw new DivisionByZeroError('float64');
    return a / b;
  },
  eq: (a, b) => a === b,
  isZero: (a) => a === 0,
  fromInt: (n) => Number(n),
  fromRational: ratToNumber,
  toString: (a) => String(a),
};

/** Machine epsilon of float64 (2^-52), the unit numpy's rank tolerance is expressed in. */
export const FLOAT64_EPS = 2 ** -52;
