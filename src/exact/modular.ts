/**
 * Residue arithmetic in doubles, shared by the engines with the kernel (whose definitions these
 * are: src/kernel/arith.ts): how many products may be summed before a reduction, and the
 * reduction itself.
 *
 * Residues are integers in [0, p) with p < 2^26 (see primes.ts). A product is below (p-1)^2 < 2^52;
 * a sum of `accumulationLimit(p)` products plus one residue stays below 2^53 - 4p, where every
 * value is an exact integer in a double and the reduction is exact.
 *
 * @packageDocumentation
 */
export { accumulationLimit, reducer as residueReducer } from '../kernel/arith.js';
