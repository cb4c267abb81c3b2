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
import { accumulationLimit, invMod, reducer } from './arith.js';

/** Columns per block (the block's pivot rows are reused by every row below). */
const BLOCK = 64;
/** Columns per tile of the row update: 64 pivot rows x 512 doubles = 256 KiB stays in the L2 cache. */
const TILE = 512;

/**
 * True iff the k x k matrix `a` (row-major residues in [0, p), p prime < 2^26) is nonsingular
 * mod p. Overwrites `a`.
 */
export function isNonsingularModP(a: Float64Array, k: number, p: number): boolean {
  const reduce = reducer(p);
  const maxAcc = accumulationLimit(p);
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
      const inv = invMod(a[c * k + c] as number, p);
      for (let i = c + 1; i < k; i++) {
        const f = a[i * k + c] as number;
        if (f === 0) continue;
        const l = reduce(f * inv);
        a[i * k + c] = l; // the multiplier, used below for the columns right of the block
        for (let j = c + 1; j < c1; j++) a[i * k + j] = reduce((a[i * k + j] as number) + (p - l) * (a[c * k + j] as number));
      }
    }
    // Columns right of the block: first the block's own pivot rows (forward substitution, one
    // row at a time because each uses the rows above it), then every row below, each adding
    // (p - multiplier) * pivot row for the block's pivots. Rows below go in pairs and pivot rows
    // in fours, so every load of a pivot row feeds two updates and every load of a row four.
    for (let j0 = c1; j0 < k; j0 += TILE) {
      const j1 = Math.min(k, j0 + TILE);
      for (let i = c0 + 1; i < c1; i++) addPivotRows(a, k, p, reduce, maxAcc, i, -1, c0, i, j0, j1);
      for (let i = c1; i < k; i += 2) addPivotRows(a, k, p, reduce, maxAcc, i, i + 1 < k ? i + 1 : -1, c0, c1, j0, j1);
    }
  }
  return true;
}

/**
 * Row i (and row i2 unless it is -1), columns j0..j1-1: add (p - l_t) * row t for pivot rows
 * t = t0..t1-1, where l_t is the row's multiplier in column t; reduce before the count of
 * unreduced products could pass maxAcc, and at the end.
 */
function addPivotRows(a: Float64Array, k: number, p: number, reduce: (x: number) => number, maxAcc: number, i: number, i2: number, t0: number, t1: number, j0: number, j1: number): void {
  const oi = i * k;
  const two = i2 >= 0;
  const o2 = two ? i2 * k : oi;
  // (p - l) for row o's pivot t; 0 where the multiplier is 0.
  const neg = (o: number, t: number): number => {
    const l = a[o + t] as number;
    return l === 0 ? 0 : p - l;
  };
  let acc = 0;
  for (let t = t0; t < t1; ) {
    // Four pivot rows at a time when four more products fit before a reduction, else one.
    const n = t + 4 <= t1 && maxAcc >= 4 ? 4 : 1;
    const x0 = neg(oi, t);
    const x1 = n === 4 ? neg(oi, t + 1) : 0;
    const x2 = n === 4 ? neg(oi, t + 2) : 0;
    const x3 = n === 4 ? neg(oi, t + 3) : 0;
    const y0 = neg(o2, t);
    const y1 = n === 4 ? neg(o2, t + 1) : 0;
    const y2 = n === 4 ? neg(o2, t + 2) : 0;
    const y3 = n === 4 ? neg(o2, t + 3) : 0;
    if (x0 !== 0 || x1 !== 0 || x2 !== 0 || x3 !== 0 || y0 !== 0 || y1 !== 0 || y2 !== 0 || y3 !== 0) {
      if (acc + n > maxAcc) acc = reduceRows(a, oi, o2, j0, j1, reduce);
      // Pivot rows t..t+3 (row t alone, with zero multipliers for the others, when one).
      const u0 = t * k;
      const u1 = n === 4 ? u0 + k : u0;
      const u2 = n === 4 ? u1 + k : u0;
      const u3 = n === 4 ? u2 + k : u0;
      if (two) {
        for (let j = j0; j < j1; j++) {
          const v0 = a[u0 + j] as number;
          const v1 = a[u1 + j] as number;
          const v2 = a[u2 + j] as number;
          const v3 = a[u3 + j] as number;
          a[oi + j] = (a[oi + j] as number) + x0 * v0 + x1 * v1 + x2 * v2 + x3 * v3;
          a[o2 + j] = (a[o2 + j] as number) + y0 * v0 + y1 * v1 + y2 * v2 + y3 * v3;
        }
      } else for (let j = j0; j < j1; j++) a[oi + j] = (a[oi + j] as number) + x0 * (a[u0 + j] as number) + x1 * (a[u1 + j] as number) + x2 * (a[u2 + j] as number) + x3 * (a[u3 + j] as number);
      acc += n;
    }
    t += n;
  }
  if (acc > 0) reduceRows(a, oi, o2, j0, j1, reduce);
}

/** Reduces rows oi and o2 (the same row when there is one), columns j0..j1-1; returns 0, the new count of unreduced products. */
function reduceRows(a: Float64Array, oi: number, o2: number, j0: number, j1: number, reduce: (x: number) => number): number {
  for (let j = j0; j < j1; j++) a[oi + j] = reduce(a[oi + j] as number);
  if (o2 !== oi) for (let j = j0; j < j1; j++) a[o2 + j] = reduce(a[o2 + j] as number);
  return 0;
}
