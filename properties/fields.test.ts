import { describe } from 'vitest';
import { Q, primeField } from '../src/exact/fields.js';
import { DEFAULT_PRIMES } from '../src/exact/primes.js';
import { fieldLaws } from './laws/field-laws.js';
import { rationalArb, residueArb } from './arbitraries/scalars.js';

describe('field laws', () => {
  fieldLaws(Q, rationalArb());
  for (const p of [2, 3, 65537, DEFAULT_PRIMES[0] as number, 67108859]) {
    const F = primeField(p);
    fieldLaws(F, residueArb(F));
  }
});
