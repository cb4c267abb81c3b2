/**
 * Exact rank over Q the way FLINT does it: a modular elimination for the lower bound, and, when
 * the matrix is not of full rank mod p, a basis of its null space over Q for the upper bound,
 * found mod p and lifted (Chinese remaindering over primes below 2^23 with rational
 * reconstruction), then checked exactly by multiplication. A full-rank matrix costs one modular
 * elimination.
 *
 * Untrusted: the vectors become a `rank-upper-bound/nullspace` certificate that the kernel checks
 * (src/kernel/checks/nullspace.ts), and the pivots a minor certificate.
 *
 * The null space of A with pivot rows R and pivot columns P (A_RP nonsingular mod p, so over Q)
 * and free columns F: for f in F, x_f = 1, the other free entries 0, and A_RP x_P = -A_Rf. If
 * A x = 0 holds for every row (not only R), rank A <= |P| = r; with the minor, rank A = r.
 *
 * @packageDocumentation
 */
import { previousPrime } from '../exact/primes.js';
import { invModNum, modBig } from '../exact/integer.js';
import { eliminateModP } from './modp.js';

/** An integer matrix, row-major (entries as safe numbers or BigInt). */
export interface IntMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: readonly (number | bigint)[];
}

/** What the engine found: the rank, the minor's pivots, and null vectors of A (right) or A^T (left). */
export interface NullspaceRank {
  readonly rank: number;
  readonly prime: number;
  readonly pivotRows: readonly number[];
  readonly pivotCols: readonly number[];
  readonly side: 'right' | 'left';
  /** Integer null vectors, each of length cols (right) or rows (left). */
  readonly vectors: readonly (readonly bigint[])[];
  /** Vector j is nonzero at pivots[j] and zero at the others. */
  readonly pivots: readonly number[];
  /** Primes used to lift the null space (0 when none was needed). */
  readonly liftPrimes: number;
}

/** Clears each row's denominators (a positive factor per row: the same rank and right null space). */
export function integerRows(a: { readonly rows: number; readonly cols: number; readonly data: readonly (number | bigint | { readonly num: bigint; readonly den: bigint })[] }): IntMatrix {
  const data: (number | bigint)[] = [];
  for (let i = 0; i < a.rows; i++) {
    const row = a.data.slice(i * a.cols, (i + 1) * a.cols);
    let den = 1n;
    for (const x of row) if (typeof x === 'object' && x.den !== 1n) den = (den * x.den) / gcd(den, x.den);
    for (const x of row) data.push(typeof x === 'object' ? (x.num * den) / x.den : den === 1n ? x : BigInt(x) * den);
  }
  return { rows: a.rows, cols: a.cols, data };
}

/** Raised when the lifting does not converge within its prime budget (then use Bareiss). */
export class LiftError extends Error {}

/** Most primes the lifting tries (each adds about 23 bits; 4096 primes: 94,000 bits). */
export const MAX_LIFT_PRIMES = 4096;

const primeList: number[] = [];
/** The i-th prime below 2^23, descending. */
function primeAt(i: number): number {
  while (primeList.length <= i) primeList.push(previousPrime(primeList.length === 0 ? 2 ** 23 : (primeList[primeList.length - 1] as number)));
  return primeList[i] as number;
}

function residues(a: IntMatrix, p: number): Float64Array {
  const out = new Float64Array(a.data.length);
  const P = BigInt(p);
  for (let i = 0; i < out.length; i++) {
    const x = a.data[i] as number | bigint;
    // % on doubles is exact (fmod), also beyond 2^53; a fraction has no residue here.
    if (typeof x === 'number' && !Number.isInteger(x)) throw new RangeError(`the exact rank needs integer entries, got ${x}`);
    const r = typeof x === 'number' ? x % p : Number(x % P);
    out[i] = r < 0 ? r + p : r;
  }
  return out;
}

function transpose(a: IntMatrix): IntMatrix {
  const data = new Array<number | bigint>(a.data.length);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) data[j * a.rows + i] = a.data[i * a.cols + j] as number | bigint;
  return { rows: a.cols, cols: a.rows, data };
}

/**
 * Solves S X = B mod p (S r x r, B r x f), X row-major r x f; undefined if S is singular mod p.
 * Forward elimination on [S | B] then back substitution. Residues stay in [0, p) with p < 2^23,
 * so x + g y < 2^47 is exact and is reduced by a floating quotient (a multiply, not a division),
 * corrected by one step either way.
 */
function solveModP(S: Float64Array, B: Float64Array, r: number, f: number, p: number): Float64Array | undefined {
  const w = r + f;
  const m = new Float64Array(r * w);
  for (let i = 0; i < r; i++) {
    m.set(S.subarray(i * r, (i + 1) * r), i * w);
    m.set(B.subarray(i * f, (i + 1) * f), i * w + r);
  }
  const inv = 1 / p;
  const red = (v: number): number => {
    let x = v - Math.floor(v * inv) * p;
    if (x >= p) x -= p;
    else if (x < 0) x += p;
    return x;
  };
  for (let c = 0; c < r; c++) {
    let piv = -1;
    for (let i = c; i < r; i++)
      if (m[i * w + c] !== 0) {
        piv = i;
        break;
      }
    if (piv < 0) return undefined;
    const cw = c * w;
    if (piv !== c) {
      const pw = piv * w;
      for (let j = c; j < w; j++) {
        const t = m[cw + j] as number;
        m[cw + j] = m[pw + j] as number;
        m[pw + j] = t;
      }
    }
    const h = invModNum(m[cw + c] as number, p);
    for (let j = c; j < w; j++) m[cw + j] = red((m[cw + j] as number) * h);
    for (let i = c + 1; i < r; i++) {
      const iw = i * w;
      const g = m[iw + c] as number;
      if (g === 0) continue;
      const ng = p - g;
      for (let j = c + 1; j < w; j++) m[iw + j] = red((m[iw + j] as number) + ng * (m[cw + j] as number));
      m[iw + c] = 0;
    }
  }
  // Back substitution: the rows are unit upper triangular.
  const X = new Float64Array(r * f);
  for (let i = r - 1; i >= 0; i--) {
    const iw = i * w;
    for (let j = 0; j < f; j++) {
      let v = m[iw + r + j] as number;
      for (let k = i + 1; k < r; k++) {
        const a = m[iw + k] as number;
        if (a !== 0) v = red(v + (p - a) * (X[k * f + j] as number));
      }
      X[i * f + j] = v;
    }
  }
  return X;
}

/** n / d with |n|, d <= sqrt(M / 2) and n = d u mod M, or undefined (Wang's rational reconstruction). */
function reconstruct(u: bigint, M: bigint, bound: bigint): { n: bigint; d: bigint } | undefined {
  let r0 = M;
  let r1 = ((u % M) + M) % M;
  let t0 = 0n;
  let t1 = 1n;
  while (r1 > bound) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [t0, t1] = [t1, t0 - q * t1];
  }
  if (t1 === 0n) return undefined;
  const neg = t1 < 0n;
  const d = neg ? -t1 : t1;
  const n = neg ? -r1 : r1;
  if (d > bound) return undefined;
  return { n, d };
}

const gcd = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b) [a, b] = [b, a % b];
  return a;
};

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  // Newton's iteration from a power of two above the root decreases to floor(sqrt(n)).
  let x = 1n << BigInt((n.toString(2).length >> 1) + 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** Whether A N = 0 exactly, N given as columns (each a vector of length cols). */
function annihilates(a: IntMatrix, vectors: readonly (readonly bigint[])[]): boolean {
  const row = new Array<bigint>(a.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) row[j] = BigInt(a.data[i * a.cols + j] as number | bigint);
    for (const v of vectors) {
      let s = 0n;
      for (let j = 0; j < a.cols; j++) if (v[j] !== 0n && row[j] !== 0n) s += (row[j] as bigint) * (v[j] as bigint);
      if (s !== 0n) return false;
    }
  }
  return true;
}

/** The right null space of A over Q given pivot rows/cols of rank r mod p: integer vectors, lifted; undefined if the check fails. */
function liftNullspace(a: IntMatrix, pivotRows: readonly number[], pivotCols: readonly number[]): { vectors: bigint[][]; pivots: number[]; primes: number } | undefined {
  const r = pivotCols.length;
  const free = Array.from({ length: a.cols }, (_, j) => j).filter((j) => !pivotCols.includes(j));
  const f = free.length;
  if (f === 0) return { vectors: [], pivots: [], primes: 0 };
  const sub = (cols: readonly number[]): IntMatrix => ({ rows: r, cols: cols.length, data: pivotRows.flatMap((i) => cols.map((j) => a.data[i * a.cols + j] as number | bigint)) });
  const S = sub(pivotCols);
  const B = sub(free);
  // X = -S^{-1} B, lifted entry by entry by CRT.
  let M = 1n;
  let X = new Array<bigint>(r * f).fill(0n);
  let next = 4;
  let previous = '';
  for (let k = 0; k < MAX_LIFT_PRIMES; k++) {
    const p = primeAt(k);
    const x = solveModP(residues(S, p), residues(B, p), r, f, p);
    if (!x) continue; // this prime divides det S: skip it
    const P = BigInt(p);
    const Minv = BigInt(invModNum(Number(M % P), p));
    for (let e = 0; e < X.length; e++) {
      const target = (p - (x[e] as number)) % p; // -x mod p
      const cur = Number(modBig(X[e] as bigint, P));
      const t = BigInt((((target - cur) % p) + p) % p) * Minv % P;
      X[e] = (X[e] as bigint) + M * t;
    }
    M *= P;
    if (k + 1 < next && k + 1 < MAX_LIFT_PRIMES) continue;
    next *= 2;
    const bound = isqrt(M / 2n);
    // Rational reconstruction with a running common denominator L.
    let L = 1n;
    const nums: bigint[] = [];
    let ok = true;
    const half = M / 2n;
    for (let e = 0; e < X.length && ok; e++) {
      // With the running denominator L most entries are integers already: a balanced residue
      // within the bound is the numerator (d = 1) without a Euclidean run.
      let y = ((X[e] as bigint) * L) % M;
      if (y > half) y -= M;
      const q = (y < 0n ? -y : y) <= bound ? { n: y, d: 1n } : reconstruct(y, M, bound);
      if (!q) ok = false;
      else {
        // x_e = n / (d L): scale the earlier numerators by d.
        if (q.d !== 1n) {
          for (let i = 0; i < nums.length; i++) nums[i] = (nums[i] as bigint) * q.d;
          L *= q.d;
        }
        nums.push(q.n);
      }
    }
    if (!ok) continue;
    // Columns N_f = [L x_P ; L e_f], reduced by their content.
    const vectors = free.map((fc, j) => {
      const v = new Array<bigint>(a.cols).fill(0n);
      pivotCols.forEach((pc, i) => (v[pc] = nums[i * f + j] as bigint));
      v[fc] = L;
      let g = 0n;
      for (const y of v) g = gcd(g, y);
      return g > 1n ? v.map((y) => y / g) : v;
    });
    if (annihilates(a, vectors)) return { vectors, pivots: free, primes: k + 1 };
    // The same candidate twice that fails the exact check: the modular rank was below the rank
    // over Q (these are the true solutions of the pivot rows, but other rows are not annihilated).
    const key = vectors.map((v) => v.join(',')).join(';');
    if (key === previous) return undefined;
    previous = key;
  }
  return undefined;
}

/**
 * Exact rank with certificates from both sides: the pivots of a modular elimination (a minor)
 * and, if the matrix is not of full rank, integer null vectors on the smaller side, checked
 * exactly. Throws LiftError when no prime of the first few gives the rank over Q or the lifting
 * does not converge.
 */
export function rankWithNullspace(a: IntMatrix, tries = 3): NullspaceRank {
  for (let t = 0; t < tries; t++) {
    const p = primeAt(t);
    const e = eliminateModP(residues(a, p), a.rows, a.cols, p);
    const r = e.rank;
    const base = { rank: r, prime: p, pivotRows: e.pivotRows, pivotCols: e.pivotCols };
    if (r === a.cols) return { ...base, side: 'right', vectors: [], pivots: [], liftPrimes: 0 };
    if (r === a.rows) return { ...base, side: 'left', vectors: [], pivots: [], liftPrimes: 0 };
    // The side with fewer null vectors: right (cols - r) or left (rows - r, on A^T).
    const right = a.cols <= a.rows;
    const lifted = right ? liftNullspace(a, e.pivotRows, e.pivotCols) : liftNullspace(transpose(a), e.pivotCols, e.pivotRows);
    if (lifted) return { ...base, side: right ? 'right' : 'left', vectors: lifted.vectors, pivots: lifted.pivots, liftPrimes: lifted.primes };
  }
  throw new LiftError(`the null space did not lift to Q within ${MAX_LIFT_PRIMES} primes after ${tries} eliminations`);
}
