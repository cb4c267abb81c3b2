import { describe } from 'vitest';
import { primeField, Q } from '../src/exact/fields.js';
import { DEFAULT_PRIMES } from '../src/exact/primes.js';
import { FORMAT_NAMES } from '../src/formats/index.js';
import { F64 } from '../src/numeric/float64.js';
import { formatLaws } from './laws/format-laws.js';

// Every format over Q, Z/p (a default prime and a tiny one) and float64 (exact here: small
// integer entries keep every sum far below 2^53).
describe('format laws', () => {
  for (const format of FORMAT_NAMES) {
    formatLaws(format, Q, 40);
    formatLaws(format, primeField(DEFAULT_PRIMES[0] as number), 40);
    formatLaws(format, primeField(7), 25);
    formatLaws(format, F64, 25);
  }
});
