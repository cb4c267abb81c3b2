/**
 * A small deterministic pseudo-random generator on 32-bit integer operations only
 * (xoshiro128** seeded by splitmix32). Every random object in the project (random format
 * instances, sketch vectors) is a pure function of a seed through this generator, so results
 * replay byte for byte and the kernel can regenerate sketch vectors from a seed.
 *
 * Certificates name it as {@link PRNG_ID}; changing its output is a breaking change of the
 * certificate format.
 *
 * @packageDocumentation
 */

/** The generator's identifier written into certificates. */
export const PRNG_ID = 'xoshiro128ss-splitmix32-v1';

/** A stateful generator. */
export interface Rng {
  /** Next uniform 32-bit unsigned integer. */
  nextU32(): number;
  /** Uniform integer in [0, bound), bound an integer in [1, 2^32], by rejection (no modulo bias). */
  below(bound: number): number;
  /** Uniform integer in [lo, hi] (inclusive), hi - lo < 2^32. */
  intIn(lo: number, hi: number): number;
  /** Uniform double in [0, 1) with 32 random bits (for float initialisations only). */
  unit(): number;
}

function splitmix32(state: number): [number, number] {
  const s = (state + 0x9e3779b9) | 0;
  let z = s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [s, z >>> 0];
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * A generator seeded by a safe non-negative integer (or any integer; it is folded to 64 bits as
 * two 32-bit words). Equal seeds give equal streams.
 */
export function createRng(seed: number | bigint): Rng {
  let big = typeof seed === 'bigint' ? seed : BigInt(Math.trunc(seed));
  big = BigInt.asUintN(64, big);
  let st = Number(big & 0xffffffffn) ^ Math.imul(Number(big >> 32n), 0x27d4eb2d);
  const words: number[] = [];
  for (let i = 0; i < 4; i++) {
    const [ns, out] = splitmix32(st);
    st = ns;
    words.push(out);
  }
  let [a, b, c, d] = words as [number, number, number, number];
  if ((a | b | c | d) === 0) a = 1;
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  const below = (bound: number): number => {
    if (!Number.isInteger(bound) || bound < 1 || bound > 2 ** 32) throw new RangeError(`below: bad bound ${bound}`);
    // Largest multiple of bound not above 2^32: draws at or above it are rejected.
    const limit = 2 ** 32 - (2 ** 32 % bound);
    for (;;) {
      const x = nextU32();
      if (x < limit) return x % bound;
    }
  };
  return {
    nextU32,
    below,
    intIn: (lo, hi) => lo + below(hi - lo + 1),
    unit: () => nextU32() / 2 ** 32,
  };
}

/**
 * Derives a child seed from a parent seed and a label, so independent streams (one per core,
 * one per sketch side) never overlap by accident and stay stable when unrelated code changes.
 */
export function deriveSeed(seed: number | bigint, label: string): number {
  let h = Number(BigInt.asUintN(32, BigInt(seed))) ^ 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  }
  const [, out] = splitmix32(h ^ Number(BigInt.asUintN(32, BigInt(seed) >> 32n)));
  return out;
}
