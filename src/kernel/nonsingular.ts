/**
 * The kernel's one piece of linear algebra: is a square matrix of residues mod p nonsingular?
 *
 * Plain Gaussian elimination with row pivoting. Two concessions to speed, both easy to audit:
 * (1) columns are processed in blocks; rows below a block receive the block's pivot rows
 * together, so products accumulate before one reduction (the count of unreduced products is
 * bounded so a sum never passes 2^53 - 4p); (2) reduction computes the quotient estimate
 * floor(x / p) in floating point and then corrects the remainder exactly into [0, p): the
 * estimate can be off by one, the corrected remainder cannot be wrong. All values are integers
 * below 2^53, so every product and sum is exact in a double.
 *
 * @packageDocumentation
 */
import { invModNum } from '../exact/integer.js';

/** Columns per block (the block's pivot rows are reused by every row below). */
const BLOCK = 64;
/** Columns per tile of the row update, so a tile of the block's pivot rows stays in cache. */
const TILE = 1024;

/** Largest value an unreduced sum may reach: below 2^53 with room for the quotient estimate. */
function accumulationLimit(p: number): number {
  return Math.floor((2 ** 53 - 4 * p) / ((p - 1) * (p - 1)));
}

/** x mod p for an integer 0 <= x < 2^53 - 2p. */
function reduce(x: number, p: number, pinv: number): number {
  let r = x - Math.floor(x * pinv) * p;
  while (r < 0) r += p;
  while (r >= p) r -= p;
  return r;
}

/**
 * True iff the k x k matrix `a` (row-major residues in [0, p), p prime < 2^26) is nonsingular
 * mod p. Overwrites `a`.
 */
export function isNonsingularModP(a: Float64Array, k: number, p: number): boolean {
  const pinv = 1 / p;
  const maxAcc = Math.max(1, accumulationLimit(p));
  for (let c0 = 0; c0 < k; c0 += BLOCK) {
    const c1 = Math.min(k, c0 + BLOCK);
    // Eliminate the block's columns, updating only those columns.
    for (let c = c0; c < c1; c++) {
      let r = c;
      while (r < k && a[r * k + c] === 0) r++;
      if (r === k) return false;
      if (r !== c) {
        for (let j = 0; j < k; j++) {
          const t = a[r * k + j] as number;
          a[r * k + j] = a[c * k + j] as number;
          a[c * k + j] = t;
        }
      }
      const inv = invModNum(a[c * k + c] as number, p);
      for (let i = c + 1; i < k; i++) {
        const f = a[i * k + c] as number;
        if (f === 0) continue;
        const l = reduce(f * inv, p, pinv);
        a[i * k + c] = l; // the multiplier, used below for the columns right of the block
        for (let j = c + 1; j < c1; j++) a[i * k + j] = reduce((a[i * k + j] as number) + (p - l) * (a[c * k + j] as number), p, pinv);
      }
    }
    // Columns right of the block: first the block's own pivot rows (forward substitution), then
    // every row below, each adding (p - multiplier) * pivot row for the block's pivots.
    for (let j0 = c1; j0 < k; j0 += TILE) {
      const j1 = Math.min(k, j0 + TILE);
      for (let i = c0 + 1; i < k; i++) {
        const tEnd = Math.min(i, c1);
        let acc = 0;
        for (let t = c0; t < tEnd; t++) {
          const l = a[i * k + t] as number;
          if (l === 0) continue;
          if (acc === maxAcc) {
            for (let j = j0; j < j1; j++) a[i * k + j] = reduce(a[i * k + j] as number, p, pinv);
            acc = 0;
          }
          const nl = p - l;
          for (let j = j0; j < j1; j++) a[i * k + j] = (a[i * k + j] as number) + nl * (a[t * k + j] as number);
          acc++;
        }
        if (acc > 0) for (let j = j0; j < j1; j++) a[i * k + j] = reduce(a[i * k + j] as number, p, pinv);
      }
    }
  }
  return true;
}
