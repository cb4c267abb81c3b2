import { describe, expect, it } from 'vitest';
import { isPrime, DEFAULT_PRIMES, previousPrime, MAX_PRIME_EXCLUSIVE } from '../../src/exact/primes.js';
import { parseRational, rational, ratFromDouble, ratToString, ratAdd, ratMul } from '../../src/exact/rational.js';
import { primeField, InvalidPrimeError } from '../../src/exact/fields.js';
import { createRng, deriveSeed } from '../../src/exact/prng.js';

describe('rationals', () => {
  it('are canonical', () => {
    expect(rational(6, -4)).toEqual({ num: -3n, den: 2n });
    expect(rational(0, 7)).toEqual({ num: 0n, den: 1n });
    expect(() => rational(1, 0)).toThrow(/division by zero/);
  });
  it('add and multiply exactly', () => {
    expect(ratToString(ratAdd(rational(1, 3), rational(1, 6)))).toBe('1/2');
    expect(ratToString(ratMul(rational(-2, 3), rational(9, 4)))).toBe('-3/2');
  });
  it('parse "a" and "a/b" and nothing else', () => {
    expect(parseRational('-12/8')).toEqual({ num: -3n, den: 2n });
    expect(parseRational('123456789012345678901234567890')).toEqual({ num: 123456789012345678901234567890n, den: 1n });
    for (const bad of ['', '1/0', '1/-2', '1.5', ' 1', '1/', '/2', 'x']) expect(parseRational(bad)).toBeUndefined();
  });
  it('read doubles exactly', () => {
    expect(ratFromDouble(0.75)).toEqual({ num: 3n, den: 4n });
    expect(ratFromDouble(0.1)).toEqual({ num: 3602879701896397n, den: 36028797018963968n });
  });
});

describe('primes', () => {
  it('DEFAULT_PRIMES are the eight largest primes below 2^23, descending', () => {
    const expected: number[] = [];
    let n = 2 ** 23;
    while (expected.length < 8) {
      n = previousPrime(n);
      expected.push(n);
    }
    expect(DEFAULT_PRIMES).toEqual(expected);
  });
  it('trial division agrees with a sieve below 10^5', () => {
    const N = 100_000;
    const sieve = new Uint8Array(N).fill(1);
    sieve[0] = sieve[1] = 0;
    for (let i = 2; i * i < N; i++) if (sieve[i]) for (let j = i * i; j < N; j += i) sieve[j] = 0;
    for (let i = 0; i < N; i++) expect(isPrime(i)).toBe(sieve[i] === 1);
  });
  it('prime fields refuse composites and primes at or above 2^26', () => {
    expect(() => primeField(15)).toThrow(InvalidPrimeError);
    expect(() => primeField(MAX_PRIME_EXCLUSIVE + 15)).toThrow(InvalidPrimeError);
    expect(primeField(67108859).mul(67108858, 67108858)).toBe(1);
  });
});

describe('the seeded generator', () => {
  it('is deterministic and pinned (changing it breaks certificates)', () => {
    const r = createRng(42);
    const first = [r.nextU32(), r.nextU32(), r.nextU32()];
    const again = createRng(42);
    expect([again.nextU32(), again.nextU32(), again.nextU32()]).toEqual(first);
    expect(first).toMatchInlineSnapshot(`
      [
        2837322924,
        544945897,
        479756282,
      ]
    `);
    expect(deriveSeed(42, 'core:0')).toMatchInlineSnapshot(`1471739743`);
  });
  it('draws below a bound uniformly enough (chi-square on 10 cells)', () => {
    const r = createRng(7);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) counts[r.below(10)]!++;
    const chi2 = counts.reduce((s, c) => s + (c - 10_000) ** 2 / 10_000, 0);
    expect(chi2).toBeLessThan(30); // 9 degrees of freedom: p < 0.001 beyond 27.9
  });
});

describe('residue arithmetic in doubles', () => {
  it('accumulationLimit is the exact largest safe count, also near 2^26', async () => {
    const { accumulationLimit } = await import('../../src/exact/modular.js');
    for (const p of [2, 3, 65537, DEFAULT_PRIMES[0] as number, 67108859]) {
      const m = BigInt(accumulationLimit(p));
      const P = BigInt(p);
      const limit = 2n ** 53n - 4n * P;
      expect(P + m * (P - 1n) ** 2n <= limit).toBe(true);
      if (m > 1n) expect(P + (m + 1n) * (P - 1n) ** 2n > limit).toBe(true);
    }
  });
  it('residueReducer agrees with BigInt remainders up to the accumulation bound', async () => {
    const { residueReducer } = await import('../../src/exact/modular.js');
    const r = createRng(3);
    for (const p of [3, 8388593, 67108859]) {
      const reduce = residueReducer(p);
      const top = 2 ** 53 - 4 * p;
      const xs = [0, 1, p - 1, p, p + 1, top, top - 1, ...Array.from({ length: 2000 }, () => Math.floor(r.unit() * top))];
      for (const x of xs) expect(reduce(x)).toBe(Number(BigInt(x) % BigInt(p)));
    }
  });
});
