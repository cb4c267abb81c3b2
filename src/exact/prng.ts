/**
 * The project's seeded generator: the kernel's stream (xoshiro128** seeded by splitmix32, see
 * src/kernel/stream.ts) with the conveniences the engines need. Every random object in the
 * project (random format instances, sketch vectors) is a pure function of a seed, so results
 * replay byte for byte, and an engine can draw exactly the sketch vectors the kernel will draw.
 *
 * @packageDocumentation
 */
import { createStream, deriveSeed as kernelDeriveSeed, STREAM_ID } from '../kernel/stream.js';

/** The generator's identifier written into certificates. */
export const PRNG_ID = STREAM_ID;

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

/** A generator seeded by an integer (folded to 64 bits). Equal seeds give equal streams. */
export function createRng(seed: number | bigint): Rng {
  const s = createStream(seed);
  return { nextU32: s.nextU32, below: s.below, intIn: (lo, hi) => lo + s.below(hi - lo + 1), unit: () => s.nextU32() / 2 ** 32 };
}

/** Derives a child seed from a parent seed and a label, so independent streams never overlap by accident. */
export function deriveSeed(seed: number | bigint, label: string): number {
  return kernelDeriveSeed(seed, label);
}
