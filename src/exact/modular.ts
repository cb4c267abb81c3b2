/**
 * Residue arithmetic in doubles, shared by the engines and the kernel: how many products may be
 * summed before a reduction, and the reduction itself.
 *
 * Residues are integers in [0, p) with p < 2^26 (see primes.ts). A product is below (p-1)^2 < 2^52;
 * a sum of `accumulationLimit(p)` products plus one residue stays below 2^53 - 4p, where every
 * value is an exact integer in a double and the reduction below is exact.
 *
 * @packageDocumentation
 */

/**
 * The largest m with p + m (p-1)^2 <= 2^53 - 4p, computed in BigInt so no float rounding can
 * overstate it (at least 1 for every p < 2^26).
 */
export function accumulationLimit(p: number): number {
  const P = BigInt(p);
  const room = (2n ** 53n - 5n * P) / ((P - 1n) * (P - 1n));
  return Math.max(1, Number(room));
}

/**
 * x mod p for an integer 0 <= x <= 2^53 - 4p held in a double. The quotient floor(x / p) is
 * estimated in floating point and the remainder corrected into [0, p): the estimate can be off by
 * one, the corrected remainder cannot be wrong (every product and difference here is an exact
 * integer below 2^53).
 */
export function residueReducer(p: number): (x: number) => number {
  const pinv = 1 / p;
  return (x: number): number => {
    let r = x - Math.floor(x * pinv) * p;
    while (r < 0) r += p;
    while (r >= p) r -= p;
    return r;
  };
}
