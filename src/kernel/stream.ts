/**
 * The deterministic generator that expands a sketch certificate's seed into its vectors:
 * xoshiro128** seeded by splitmix32, on 32-bit integer operations only. Certificates name it
 * {@link STREAM_ID}; changing its output is a breaking change of the certificate format. (The
 * engines' seeded generator in src/exact/prng.ts is built on these same functions, so an engine
 * can draw the vectors the kernel will draw.)
 *
 * @packageDocumentation
 */

/** The generator's identifier in certificates. */
export const STREAM_ID = 'xoshiro128ss-splitmix32-v1';

/** A stream of uniform 32-bit words and of uniform integers below a bound. */
export interface Stream {
  nextU32(): number;
  /** Uniform in [0, bound) for an integer bound in [1, 2^32], by rejection (no modulo bias). */
  below(bound: number): number;
}

/** One splitmix32 step: the next state and its output word. */
export function splitmix32(state: number): [number, number] {
  const s = (state + 0x9e3779b9) | 0;
  let z = s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [s, z >>> 0];
}

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));

/** The stream of a seed (any integer, folded to 64 bits as two 32-bit words). */
export function createStream(seed: number | bigint): Stream {
  const big = BigInt.asUintN(64, typeof seed === 'bigint' ? seed : BigInt(Math.trunc(seed)));
  let st = Number(big & 0xffffffffn) ^ Math.imul(Number(big >> 32n), 0x27d4eb2d);
  const words: number[] = [];
  for (let i = 0; i < 4; i++) {
    const [next, out] = splitmix32(st);
    st = next;
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
    const limit = 2 ** 32 - (2 ** 32 % bound); // draws at or above it are rejected
    for (;;) {
      const x = nextU32();
      if (x < limit) return x % bound;
    }
  };
  return { nextU32, below };
}

/** A child seed from a seed and a label (FNV-1a over the label, then splitmix32). */
export function deriveSeed(seed: number | bigint, label: string): number {
  let h = Number(BigInt.asUintN(32, BigInt(seed))) ^ 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return splitmix32(h ^ Number(BigInt.asUintN(32, BigInt(seed) >> 32n)))[1];
}
