/**
 * Rank modulo a prime: the workhorse engine.
 *
 * Dense, right-looking, column-blocked Gaussian elimination on residues held in a Float64Array.
 * A panel of {@link PANEL_WIDTH} columns is eliminated with immediate reduction; the trailing
 * matrix then receives all of the panel's pivots at once, accumulating up to `maxAcc` products
 * per entry before reducing (delayed reduction), tiled over columns so the pivot rows stay in
 * cache. Columns without a pivot are skipped, so the pivots found give a nonsingular minor:
 * the certificate's hint.
 *
 * The result mod p is a lower bound on the rank over Q (a minor nonzero mod p is nonzero over Z);
 * an unlucky prime can only make it smaller, never larger.
 *
 * @packageDocumentation
 */
import { invModNum } from '../exact/integer.js';
import { isPrime, MAX_PRIME_EXCLUSIVE } from '../exact/primes.js';
import { accumulationLimit, residueReducer } from '../exact/modular.js';

/**
 * Columns per panel. The panel's own elimination reduces every product at once (cost ~ m n b / 2);
 * the trailing update amortises each pivot row over the whole panel. 48 to 96 measured about the
 * same in `npm run bench`; 64 is in that range.
 */
export const PANEL_WIDTH = 64;

/** Columns per tile of the trailing update: 64 pivot rows x 512 doubles = 256 KiB, an L2-sized block. */
export const TILE_COLS = 512;

/** Result of one elimination: rank, and the pivots that give a nonsingular rank x rank minor. */
export interface ModPElimination {
  readonly prime: number;
  readonly rank: number;
  /** Original row indices of the pivots, in pivot order. */
  readonly pivotRows: number[];
  /** Column indices of the pivots, increasing. */
  readonly pivotCols: number[];
}

/** How many products may be added to a residue before reducing (exact; see exact/modular.ts). */
export const maxAccumulation = accumulationLimit;

/**
 * Rank of an m x n matrix of residues mod p. `a` holds residues in [0, p) row-major and is
 * overwritten. p must be a prime below 2^26.
 */
export function eliminateModP(a: Float64Array, m: number, n: number, p: number): ModPElimination {
  if (!(p < MAX_PRIME_EXCLUSIVE) || !isPrime(p)) throw new RangeError(`eliminateModP: ${p} is not a prime below 2^26`);
  if (a.length !== m * n) throw new RangeError(`eliminateModP: expected ${m * n} entries, got ${a.length}`);
  const maxAcc = maxAccumulation(p);
  const perm = new Int32Array(m);
  for (let i = 0; i < m; i++) perm[i] = i;
  const pivotCols: number[] = [];
  let rank = 0;

  const reduce = residueReducer(p);

  const swapRows = (i: number, j: number): void => {
    if (i === j) return;
    const oi = i * n;
    const oj = j * n;
    for (let c = 0; c < n; c++) {
      const t = a[oi + c] as number;
      a[oi + c] = a[oj + c] as number;
      a[oj + c] = t;
    }
    const t = perm[i] as number;
    perm[i] = perm[j] as number;
    perm[j] = t;
  };

  for (let c0 = 0; c0 < n && rank < m; c0 += PANEL_WIDTH) {
    const c1 = Math.min(n, c0 + PANEL_WIDTH);
    const panelStart = rank;
    // Panel: eliminate columns c0..c1-1 over rows rank..m-1, touching only panel columns.
    for (let c = c0; c < c1 && rank < m; c++) {
      let piv = -1;
      for (let i = rank; i < m; i++) {
        if (a[i * n + c] !== 0) {
          piv = i;
          break;
        }
      }
      if (piv < 0) continue;
      swapRows(piv, rank);
      const pr = rank * n;
      const inv = invModNum(a[pr + c] as number, p);
      for (let i = rank + 1; i < m; i++) {
        const ir = i * n;
        const v = a[ir + c] as number;
        if (v === 0) continue;
        const l = reduce(v * inv);
        a[ir + c] = l; // multiplier, read by the trailing update
        const nl = p - l;
        for (let j = c + 1; j < c1; j++) a[ir + j] = reduce((a[ir + j] as number) + nl * (a[pr + j] as number));
      }
      pivotCols.push(c);
      rank++;
    }
    const k = rank - panelStart;
    if (k === 0 || c1 >= n) continue;
    const panelCols = pivotCols.slice(pivotCols.length - k);

    // U12: forward substitution among the panel's pivot rows (unit lower triangular L11).
    for (let s = 1; s < k; s++) {
      const rs = (panelStart + s) * n;
      let acc = 0;
      for (let t = 0; t < s; t++) {
        const l = a[rs + (panelCols[t] as number)] as number;
        if (l === 0) continue;
        const nl = p - l;
        const rt = (panelStart + t) * n;
        for (let j = c1; j < n; j++) a[rs + j] = (a[rs + j] as number) + nl * (a[rt + j] as number);
        if (++acc >= maxAcc) {
          for (let j = c1; j < n; j++) a[rs + j] = reduce(a[rs + j] as number);
          acc = 0;
        }
      }
      if (acc > 0) for (let j = c1; j < n; j++) a[rs + j] = reduce(a[rs + j] as number);
    }

    // A22 -= L21 U12, tiled over columns, delayed reduction.
    trailingUpdate(a, n, m, rank, panelStart, panelCols, c1, p, maxAcc, reduce);
  }
  const pivotRows: number[] = [];
  for (let s = 0; s < rank; s++) pivotRows.push(perm[s] as number);
  return { prime: p, rank, pivotRows, pivotCols };
}

/**
 * A22 -= L21 U12 for the rows rank..m-1 and columns c1..n-1, where U12 is the k pivot rows at
 * panelStart.. and L21 the multipliers stored in the pivot columns. Rows are taken two at a time
 * and pivot rows four at a time so each loaded value feeds several products (about 2x over a
 * plain axpy in V8, measured in `npm run bench`); sums are reduced only when `maxAcc` more
 * products could overflow 2^53.
 */
function trailingUpdate(
  a: Float64Array,
  n: number,
  m: number,
  rank: number,
  panelStart: number,
  panelCols: readonly number[],
  c1: number,
  p: number,
  maxAcc: number,
  reduce: (x: number) => number,
): void {
  const k = panelCols.length;
  const la = new Float64Array(k);
  const lb = new Float64Array(k);
  const wide = maxAcc >= 4;
  for (let j0 = c1; j0 < n; j0 += TILE_COLS) {
    const j1 = Math.min(n, j0 + TILE_COLS);
    for (let i = rank; i < m; i += 2) {
      const pair = i + 1 < m;
      const oa = i * n;
      const ob = pair ? oa + n : oa;
      let nz = 0;
      for (let t = 0; t < k; t++) {
        const col = panelCols[t] as number;
        const x = a[oa + col] as number;
        const y = pair ? (a[ob + col] as number) : 0;
        la[t] = x === 0 ? 0 : p - x;
        lb[t] = y === 0 ? 0 : p - y;
        if (x !== 0 || y !== 0) nz++;
      }
      if (nz === 0) continue;
      let acc = 0;
      let t = 0;
      if (wide) {
        for (; t + 3 < k; t += 4) {
          const a0 = la[t] as number, a1 = la[t + 1] as number, a2 = la[t + 2] as number, a3 = la[t + 3] as number;
          const b0 = lb[t] as number, b1 = lb[t + 1] as number, b2 = lb[t + 2] as number, b3 = lb[t + 3] as number;
          if (a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0 && b0 === 0 && b1 === 0 && b2 === 0 && b3 === 0) continue;
          if (acc + 4 > maxAcc) {
            reduceRange(a, oa + j0, oa + j1, reduce);
            if (pair) reduceRange(a, ob + j0, ob + j1, reduce);
            acc = 0;
          }
          const r0 = (panelStart + t) * n;
          const r1 = r0 + n;
          const r2 = r1 + n;
          const r3 = r2 + n;
          if (pair) {
            for (let j = j0; j < j1; j++) {
              const u0 = a[r0 + j] as number, u1 = a[r1 + j] as number, u2 = a[r2 + j] as number, u3 = a[r3 + j] as number;
              a[oa + j] = (a[oa + j] as number) + a0 * u0 + a1 * u1 + a2 * u2 + a3 * u3;
              a[ob + j] = (a[ob + j] as number) + b0 * u0 + b1 * u1 + b2 * u2 + b3 * u3;
            }
          } else {
            for (let j = j0; j < j1; j++) {
              a[oa + j] = (a[oa + j] as number) + a0 * (a[r0 + j] as number) + a1 * (a[r1 + j] as number) + a2 * (a[r2 + j] as number) + a3 * (a[r3 + j] as number);
            }
          }
          acc += 4;
        }
      }
      for (; t < k; t++) {
        const a0 = la[t] as number;
        const b0 = lb[t] as number;
        if (a0 === 0 && b0 === 0) continue;
        if (acc + 1 > maxAcc) {
          reduceRange(a, oa + j0, oa + j1, reduce);
          if (pair) reduceRange(a, ob + j0, ob + j1, reduce);
          acc = 0;
        }
        const r0 = (panelStart + t) * n;
        for (let j = j0; j < j1; j++) {
          const u = a[r0 + j] as number;
          a[oa + j] = (a[oa + j] as number) + a0 * u;
          if (pair) a[ob + j] = (a[ob + j] as number) + b0 * u;
        }
        acc += 1;
      }
      if (acc > 0) {
        reduceRange(a, oa + j0, oa + j1, reduce);
        if (pair) reduceRange(a, ob + j0, ob + j1, reduce);
      }
    }
  }
}

function reduceRange(a: Float64Array, from: number, to: number, reduce: (x: number) => number): void {
  for (let j = from; j < to; j++) a[j] = reduce(a[j] as number);
}
