/**
 * Exact rank over Q the way FLINT does it: a modular elimination for the lower bound, and, when
 * the matrix is not of full rank mod p, a basis of its null space over Q for the upper bound,
 * found mod p and lifted, then checked exactly. A full-rank matrix costs one modular elimination.
 *
 * Lifting: Dixon's p-adic iteration when the pivot block's entries are small enough for doubles
 * (one inverse mod p, then per step two products of r x r by r x f matrices in doubles: digit
 * X_i = S^-1 R_i mod p, residual R_(i+1) = (R_i - S X_i) / p, exact), else Chinese remaindering
 * over many primes (one modular solve each). Either way the p-adic or CRT image is turned into
 * rationals by rational reconstruction with a running common denominator, at step counts that
 * double, until the candidate passes the exact check. The check A N = 0 is multimodular: |A N|
 * is bounded by cols max|A| max|N|, and an integer below M in absolute value that vanishes
 * modulo primes whose product exceeds M is zero, so checking modulo enough 23-bit primes (products
 * of residues exact in doubles) decides it exactly, without big-integer products.
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

/** The bit length of |x|. */
const bits = (x: bigint): number => (x === 0n ? 0 : (x < 0n ? -x : x).toString(2).length);

/** Most products of two residues below 2^23 summed before a reduction (each below 2^46; the sum below 2^53). */
const ACC = 64;

/**
 * acc = row i of A (width n) times B (n x f, row-major), into acc: modulo p (residues below 2^23,
 * reduced every ACC products) when p is given, else exactly (the caller keeps the sums below 2^53).
 */
function rowTimes(A: Float64Array, i: number, n: number, B: Float64Array, f: number, acc: Float64Array, p?: number): void {
  acc.fill(0);
  let pending = 0;
  for (let k = 0; k < n; k++) {
    const w = A[i * n + k] as number;
    if (w === 0) continue;
    const o = k * f;
    for (let j = 0; j < f; j++) acc[j] = (acc[j] as number) + w * (B[o + j] as number);
    if (p !== undefined && ++pending === ACC) {
      for (let j = 0; j < f; j++) acc[j] = (acc[j] as number) % p;
      pending = 0;
    }
  }
  if (p !== undefined) for (let j = 0; j < f; j++) acc[j] = (acc[j] as number) % p;
}

/**
 * out = A B for A (m x n) and B (n x f), both row-major: modulo p (residues below 2^23, reduced
 * every ACC products) when p is given, else exactly (the caller keeps the sums below 2^53). The
 * bulk runs in 4 x 4 tiles of `out` held in sixteen locals, so each loaded entry of A and B serves
 * four products (rowTimes streams a row of `out` through memory once per entry of A); the edges
 * run row by row. Measured on the Dixon steps of a rank-384 null space of a 512 x 512 matrix: the
 * steps took 2.3x less time than row by row.
 */
export function times(A: Float64Array, m: number, n: number, B: Float64Array, f: number, out: Float64Array, p?: number): void {
  const f4 = f - (f % 4);
  const m4 = m - (m % 4);
  const mod = p ?? 0;
  for (let i = 0; i < m4; i += 4) {
    const a0 = i * n;
    const a1 = a0 + n;
    const a2 = a1 + n;
    const a3 = a2 + n;
    for (let j = 0; j < f4; j += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let k0 = 0; k0 < n; k0 += ACC) {
        const k1 = Math.min(n, k0 + ACC);
        for (let k = k0; k < k1; k++) {
          const b = k * f + j;
          const b0 = B[b] as number;
          const b1 = B[b + 1] as number;
          const b2 = B[b + 2] as number;
          const b3 = B[b + 3] as number;
          const w0 = A[a0 + k] as number;
          c00 += w0 * b0; c01 += w0 * b1; c02 += w0 * b2; c03 += w0 * b3;
          const w1 = A[a1 + k] as number;
          c10 += w1 * b0; c11 += w1 * b1; c12 += w1 * b2; c13 += w1 * b3;
          const w2 = A[a2 + k] as number;
          c20 += w2 * b0; c21 += w2 * b1; c22 += w2 * b2; c23 += w2 * b3;
          const w3 = A[a3 + k] as number;
          c30 += w3 * b0; c31 += w3 * b1; c32 += w3 * b2; c33 += w3 * b3;
        }
        if (mod !== 0) {
          c00 %= mod; c01 %= mod; c02 %= mod; c03 %= mod; c10 %= mod; c11 %= mod; c12 %= mod; c13 %= mod;
          c20 %= mod; c21 %= mod; c22 %= mod; c23 %= mod; c30 %= mod; c31 %= mod; c32 %= mod; c33 %= mod;
        }
      }
      const o = i * f + j;
      out[o] = c00; out[o + 1] = c01; out[o + 2] = c02; out[o + 3] = c03;
      out[o + f] = c10; out[o + f + 1] = c11; out[o + f + 2] = c12; out[o + f + 3] = c13;
      out[o + 2 * f] = c20; out[o + 2 * f + 1] = c21; out[o + 2 * f + 2] = c22; out[o + 2 * f + 3] = c23;
      out[o + 3 * f] = c30; out[o + 3 * f + 1] = c31; out[o + 3 * f + 2] = c32; out[o + 3 * f + 3] = c33;
    }
    // The last f mod 4 columns of these rows.
    for (let r = i; r < i + 4; r++)
      for (let j = f4; j < f; j++) {
        let c = 0;
        for (let k0 = 0; k0 < n; k0 += ACC) {
          const k1 = Math.min(n, k0 + ACC);
          for (let k = k0; k < k1; k++) c += (A[r * n + k] as number) * (B[k * f + j] as number);
          if (mod !== 0) c %= mod;
        }
        out[r * f + j] = c;
      }
  }
  const acc = new Float64Array(f);
  for (let i = m4; i < m; i++) {
    rowTimes(A, i, n, B, f, acc, p);
    out.set(acc, i * f);
  }
}

/**
 * Whether A N = 0 exactly, N given as columns (each a vector of length cols). Every entry of A N is
 * an integer of absolute value below 2^E with E = bits(cols) + max bits of A + max bits of N; it
 * is checked modulo distinct primes below 2^23 (each product of residues below 2^46, sums reduced
 * before 2^53) until their product exceeds 2^(E+1): an integer in (-2^E, 2^E) divisible by all of
 * them is 0. Deterministic, like a check over Z.
 */
export function annihilates(a: IntMatrix, vectors: readonly (readonly bigint[])[], rows: readonly number[] = Array.from({ length: a.rows }, (_, i) => i)): boolean {
  if (vectors.length === 0 || rows.length === 0) return true;
  let maxA = 0;
  for (const x of a.data) maxA = Math.max(maxA, bits(BigInt(x)));
  let maxN = 0;
  for (const v of vectors) for (const y of v) maxN = Math.max(maxN, bits(y));
  const E = bits(BigInt(a.cols)) + maxA + maxN;
  const f = vectors.length;
  // The rows checked, as one matrix.
  const checked: IntMatrix = { rows: rows.length, cols: a.cols, data: rows.flatMap((i) => a.data.slice(i * a.cols, (i + 1) * a.cols)) };
  const out = new Float64Array(rows.length * f);
  let covered = 0;
  for (let k = 0; covered <= E + 1; k++) {
    const p = primeAt(k);
    covered += Math.log2(p);
    const A = residues(checked, p);
    const P = BigInt(p);
    // N mod p, row-major cols x f.
    const N = new Float64Array(a.cols * f);
    vectors.forEach((v, j) => v.forEach((y, c) => (N[c * f + j] = y === 0n ? 0 : Number(((y % P) + P) % P))));
    times(A, rows.length, a.cols, N, f, out, p);
    for (let e = 0; e < out.length; e++) if (out[e] !== 0) return false;
  }
  return true;
}

/** Rational reconstruction of every entry of X (residues mod M) with a running common denominator: numerators and L, or undefined. */
function reconstructAll(X: (e: number) => bigint, count: number, M: bigint): { nums: bigint[]; L: bigint } | undefined {
  const bound = isqrt(M / 2n);
  const half = M / 2n;
  let L = 1n;
  const nums: bigint[] = [];
  for (let e = 0; e < count; e++) {
    // With the running denominator L most entries are integers already: a balanced residue
    // within the bound is the numerator (d = 1) without a Euclidean run.
    let y = (X(e) * L) % M;
    if (y < 0n) y += M;
    if (y > half) y -= M;
    const q = (y < 0n ? -y : y) <= bound ? { n: y, d: 1n } : reconstruct(y, M, bound);
    if (!q) return undefined;
    // x_e = n / (d L): scale the earlier numerators by d.
    if (q.d !== 1n) {
      for (let i = 0; i < nums.length; i++) nums[i] = (nums[i] as bigint) * q.d;
      L *= q.d;
    }
    nums.push(q.n);
  }
  return { nums, L };
}

/** The largest |entry| of an integer matrix, as a number (Infinity beyond doubles). */
function maxAbs(m: IntMatrix): number {
  let out = 0;
  for (const x of m.data) out = Math.max(out, Math.abs(Number(x)));
  return out;
}

/**
 * Dixon's p-adic lifting of X = -S^-1 B (S r x r nonsingular mod p, B r x f), when every step is
 * exact in doubles: |S X_i| <= r max|S| p and the residual stays below max(max|B|, r max|S|) + 1,
 * so r max|S| p < 2^52 and max|B| < 2^52 suffice. Yields, after each step, the digits so far;
 * undefined when the sizes do not allow doubles or S is singular mod p.
 */
function dixon(S: IntMatrix, B: IntMatrix, p: number): { step: () => Float64Array } | undefined {
  const r = S.rows;
  const f = B.cols;
  if (!(r * maxAbs(S) * p < 2 ** 52) || !(maxAbs(B) < 2 ** 52)) return undefined;
  const identity = new Float64Array(r * r);
  for (let i = 0; i < r; i++) identity[i * r + i] = 1;
  const inv = solveModP(residues(S, p), identity, r, r, p);
  if (!inv) return undefined;
  const s = Float64Array.from(S.data, Number);
  // R_0 = -B.
  const R = Float64Array.from(B.data, (x) => -Number(x));
  const rmod = new Float64Array(r * f);
  const SX = new Float64Array(r * f);
  return {
    step(): Float64Array {
      for (let e = 0; e < rmod.length; e++) {
        const v = (R[e] as number) % p;
        rmod[e] = v < 0 ? v + p : v;
      }
      // X_i = S^-1 R_i mod p.
      const X = new Float64Array(r * f);
      times(inv, r, r, rmod, f, X, p);
      // R_(i+1) = (R_i - S X_i) / p, exactly (R_i - S X_i = 0 mod p by the choice of X_i).
      times(s, r, r, X, f, SX);
      for (let e = 0; e < R.length; e++) {
        const d = ((R[e] as number) - (SX[e] as number)) / p;
        if (!Number.isInteger(d)) throw new Error('dixon: a residual is not divisible by p (a bug)');
        R[e] = d;
      }
      return X;
    },
  };
}

/** Digits a {@link PadicSum} keeps as doubles before adding them to its BigInt values. */
const BLOCK_DIGITS = 16;

/**
 * Sum_i X_i p^i for every entry. Digits are kept as arrays until BLOCK_DIGITS have arrived; then
 * each entry's block is combined by Horner's rule on small BigInts (two digits at a time, d0 + d1 p
 * < 2^46 exact in a double) and added, times p^(digits before the block), to the running value.
 * So a big-number product and sum happen once per sixteen digits rather than once per two (their
 * garbage was a third of the time of a rank-384 null space of a 512 x 512 matrix). Entries are
 * read one at a time ({@link entry}): a reconstruction attempt that fails at its first entry
 * builds nothing else.
 */
class PadicSum {
  private readonly value: bigint[];
  private power = 1n;
  private readonly block: Float64Array[] = [];
  private count = 0;
  private readonly P: bigint;
  private readonly P2: bigint;
  constructor(
    readonly n: number,
    readonly p: number,
  ) {
    this.value = new Array<bigint>(n).fill(0n);
    this.P = BigInt(p);
    this.P2 = this.P * this.P;
  }
  /** Adds the next digit array. */
  push(digit: Float64Array): void {
    this.count++;
    this.block.push(digit);
    if (this.block.length < BLOCK_DIGITS) return;
    for (let e = 0; e < this.n; e++) {
      const h = this.blockValue(e);
      if (h !== 0n) this.value[e] = (this.value[e] as bigint) + h * this.power;
    }
    this.power *= this.P ** BigInt(this.block.length);
    this.block.length = 0;
  }
  /** Entry e of the sum so far. */
  entry(e: number): bigint {
    const h = this.block.length === 0 ? 0n : this.blockValue(e);
    return h === 0n ? (this.value[e] as bigint) : (this.value[e] as bigint) + h * this.power;
  }
  /** The modulus of the sum so far, p^digits. */
  modulus(): bigint {
    return this.power * this.P ** BigInt(this.block.length);
  }
  get digits(): number {
    return this.count;
  }
  /** Sum_k block[k][e] p^k, highest digits first. */
  private blockValue(e: number): bigint {
    const p = this.p;
    let i = this.block.length;
    let h = 0n;
    if (i % 2 === 1) {
      h = BigInt((this.block[i - 1] as Float64Array)[e] as number);
      i--;
    }
    for (; i > 0; i -= 2) {
      const pair = ((this.block[i - 2] as Float64Array)[e] as number) + ((this.block[i - 1] as Float64Array)[e] as number) * p;
      h = h === 0n ? BigInt(pair) : h * this.P2 + BigInt(pair);
    }
    return h;
  }
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
  const maxS = S.data.reduce<bigint>((m, x) => (BigInt(x) < 0n ? (-BigInt(x) > m ? -BigInt(x) : m) : BigInt(x) > m ? BigInt(x) : m), 0n);
  const maxB = B.data.reduce<bigint>((m, x) => (BigInt(x) < 0n ? (-BigInt(x) > m ? -BigInt(x) : m) : BigInt(x) > m ? BigInt(x) : m), 0n);
  const others = Array.from({ length: a.rows }, (_, i) => i).filter((i) => !pivotRows.includes(i));
  let previous = '';
  /** The candidate from X = -S^-1 B mod M: undefined to go on lifting, 'fail' when it repeats and fails, else the vectors. */
  const attempt = (X: (e: number) => bigint, M: bigint): bigint[][] | undefined | 'fail' => {
    // A candidate needs the modulus to exceed its numerators and denominator squared: the first entry tells.
    const q = reconstructAll(X, r * f, M);
    if (!q) return undefined;
    // Columns N_f = [L x_P ; L e_f], reduced by their content.
    const vectors = free.map((fc, j) => {
      const v = new Array<bigint>(a.cols).fill(0n);
      pivotCols.forEach((pc, i) => (v[pc] = q.nums[i * f + j] as bigint));
      v[fc] = q.L;
      let g = 0n;
      for (const y of v) g = gcd(g, y);
      return g > 1n ? v.map((y) => y / g) : v;
    });
    // The pivot rows: S nums + L B = L (S X + B) = 0 mod M, and |S nums + L B| <= r max|S| max|nums|
    // + max|B| L; below M it is 0 exactly, so only the other rows need the check.
    let maxNum = 0n;
    for (const y of q.nums) if ((y < 0n ? -y : y) > maxNum) maxNum = y < 0n ? -y : y;
    const pivotsHold = BigInt(r) * maxS * maxNum + maxB * q.L < M;
    if (annihilates(a, vectors, pivotsHold ? others : undefined)) return vectors;
    // The same candidate twice that fails the exact check: the modular rank was below the rank
    // over Q (these are the true solutions of the pivot rows, but other rows are not annihilated).
    const key = vectors.map((v) => v.join(',')).join(';');
    if (key === previous) return 'fail';
    previous = key;
    return undefined;
  };
  // Dixon with the first prime that keeps S nonsingular, when doubles allow it.
  for (let k = 0; k < 4; k++) {
    const p = primeAt(k);
    const d = dixon(S, B, p);
    if (!d) {
      if (!(r * maxAbs(S) * p < 2 ** 52) || !(maxAbs(B) < 2 ** 52)) break;
      continue; // p divides det S
    }
    // Reconstruction is tried every few digits (a failing try usually stops at the first entry).
    const sum = new PadicSum(r * f, p);
    while (sum.digits < MAX_LIFT_PRIMES) {
      sum.push(d.step());
      if (sum.digits < 4 || sum.digits % Math.max(2, Math.min(8, sum.digits >> 3)) !== 0) continue;
      const out = attempt((e) => sum.entry(e), sum.modulus());
      if (out === 'fail') return undefined;
      if (out) return { vectors: out, pivots: free, primes: sum.digits };
    }
    return undefined;
  }
  // Chinese remaindering: one modular solve per prime.
  let M = 1n;
  const X = new Array<bigint>(r * f).fill(0n);
  let next = 4;
  for (let k = 0; k < MAX_LIFT_PRIMES; k++) {
    const p = primeAt(k);
    const x = solveModP(residues(S, p), residues(B, p), r, f, p);
    if (!x) continue; // this prime divides det S: skip it
    const P = BigInt(p);
    const Minv = BigInt(invModNum(Number(M % P), p));
    for (let e = 0; e < X.length; e++) {
      const target = (p - (x[e] as number)) % p; // -x mod p
      const cur = Number(modBig(X[e] as bigint, P));
      const t = (BigInt((((target - cur) % p) + p) % p) * Minv) % P;
      X[e] = (X[e] as bigint) + M * t;
    }
    M *= P;
    if (k + 1 < next && k + 1 < MAX_LIFT_PRIMES) continue;
    next *= 2;
    const out = attempt((e) => X[e] as bigint, M);
    if (out === 'fail') return undefined;
    if (out) return { vectors: out, pivots: free, primes: k + 1 };
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
