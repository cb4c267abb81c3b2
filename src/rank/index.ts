/**
 * One entry point for matrix rank, three engines behind it:
 *
 * - `modp`: rank modulo primes (fast, a certified lower bound: its pivots give a minor the kernel
 *   can check); retries other primes when a target is not reached.
 * - `exact`: rank over Q by fraction-free elimination (exact, slower).
 * - `float`: numerical rank from singular values (evidence only).
 *
 * Each returns its evidence. No engine is trusted: certificates built from the evidence are
 * checked by `src/kernel`.
 *
 * @packageDocumentation
 */
import { modBig, modNum } from '../exact/integer.js';
import { DEFAULT_PRIMES } from '../exact/primes.js';
import type { Rational } from '../exact/rational.js';
import { primeField } from '../exact/fields.js';
import { DivisionByZeroError } from '../exact/field.js';
import { bareiss } from './exact.js';
import { rankFloat, type FloatRank } from './float.js';
import type { ExactScalar, Matrix } from '../tensor/matrix.js';
import { eliminateSource, type ModPElimination, type ModPTuning, type ResidueSource } from './modp.js';

export type { ResidueSource } from './modp.js';
import { integerRows, LiftError, rankWithNullspace } from './nullspace.js';

export type { FloatRank } from './float.js';

/** Names of the rank engines. */
export type RankEngine = 'modp' | 'exact' | 'float';

/** One attempt of the modular engine. */
export interface PrimeAttempt {
  readonly prime: number;
  readonly rank: number;
}

/** Rank modulo primes with pivots; `rank` is the best over the primes tried. */
export interface ModPRank {
  readonly engine: 'modp';
  readonly rank: number;
  readonly prime: number;
  readonly pivotRows: number[];
  readonly pivotCols: number[];
  /** Every prime tried, in order, with the rank it gave. */
  readonly attempts: PrimeAttempt[];
}

/** Exact rank over Q with pivots. */
export interface ExactRank {
  readonly engine: 'exact';
  readonly rank: number;
  readonly pivotRows: number[];
  readonly pivotCols: number[];
}

export type RankResult = ModPRank | ExactRank | FloatRank;

/** Options of {@link rankModP}; the tuning (threads) is passed to every elimination. */
export interface ModPOptions extends ModPTuning {
  /** Primes to try in order (default {@link DEFAULT_PRIMES}). */
  readonly primes?: readonly number[];
  /**
   * Stop as soon as this rank is reached. Without a target only the first prime is used;
   * with one, further primes are tried while the rank stays below it (an unlucky prime only
   * lowers the rank).
   */
  readonly target?: number;
}

function residueOf(x: ExactScalar, p: number): number {
  if (typeof x === 'number') {
    if (!Number.isSafeInteger(x)) throw new RangeError(`modular rank needs integer entries, got ${x}`);
    return modNum(x, p);
  }
  if (typeof x === 'bigint') return Number(modBig(x, BigInt(p)));
  return primeField(p).fromRational(x as Rational);
}

/** Residues of an exact matrix modulo p (throws if p divides a denominator). */
export function matrixResidues(a: Matrix<ExactScalar>): ResidueSource {
  return {
    rows: a.rows,
    cols: a.cols,
    residues: (p) => {
      const out = new Float64Array(a.rows * a.cols);
      fillResidues(a, p, out);
      return out;
    },
    residuesInto: (p, out) => fillResidues(a, p, out),
    integersInto: (out) => {
      // A native copy; a bigint throws, a rational becomes NaN (which the engine refuses, then
      // asking for residues).
      try {
        out.set(a.data as readonly number[]);
        return true;
      } catch (e) {
        if (e instanceof TypeError) return false;
        throw e;
      }
    },
  };
}

function fillResidues(a: Matrix<ExactScalar>, p: number, out: Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] = residueOf(a.data[i] as ExactScalar, p);
}

/** Rank modulo primes (see {@link ModPOptions}). */
export function rankModP(a: Matrix<ExactScalar> | ResidueSource, options: ModPOptions = {}): ModPRank {
  const src = 'residues' in a ? a : matrixResidues(a);
  const primes = options.primes ?? DEFAULT_PRIMES;
  if (primes.length === 0) throw new RangeError('rankModP: no primes given');
  const full = Math.min(src.rows, src.cols);
  const goal = Math.min(options.target ?? 0, full);
  const attempts: PrimeAttempt[] = [];
  const tuning: ModPTuning = { ...(options.threads !== undefined ? { threads: options.threads } : {}), ...(options.parallelMinWork !== undefined ? { parallelMinWork: options.parallelMinWork } : {}) };
  let best: ModPElimination | undefined;
  for (const p of primes) {
    const res = eliminateSource(src, p, tuning);
    attempts.push({ prime: p, rank: res.rank });
    if (!best || res.rank > best.rank) best = res;
    if (best.rank >= goal || best.rank === full) break;
  }
  const b = best as ModPElimination;
  return { engine: 'modp', rank: b.rank, prime: b.prime, pivotRows: b.pivotRows, pivotCols: b.pivotCols, attempts };
}

/**
 * Exact rank over Q. The rank mod p is at most the rank over Q, so when one modular elimination
 * finds full rank (min(rows, cols)) that is the rank, at the cost of that elimination (FLINT's
 * shortcut). Otherwise the null space is lifted from mod p and checked exactly (the rank from
 * both sides, src/rank/nullspace.ts; certificates: src/certify/nullspace.ts), and fraction-free
 * elimination decides only if that lifting does not converge.
 */
export function rankExact(a: Matrix<ExactScalar>): ExactRank {
  const full = Math.min(a.rows, a.cols);
  if (full > 0) {
    let mod: ModPRank | undefined;
    try {
      mod = rankModP(a);
    } catch (e) {
      if (!(e instanceof DivisionByZeroError) && !(e instanceof RangeError)) throw e; // a prime divides a denominator: decide by elimination
    }
    if (mod && mod.rank === full) return { engine: 'exact', rank: full, pivotRows: mod.pivotRows, pivotCols: mod.pivotCols };
    try {
      const r = rankWithNullspace(integerRows(a as Matrix<number | bigint | Rational>));
      return { engine: 'exact', rank: r.rank, pivotRows: [...r.pivotRows], pivotCols: [...r.pivotCols] };
    } catch (e) {
      if (!(e instanceof LiftError)) throw e;
    }
  }
  const r = bareiss(a);
  return { engine: 'exact', rank: r.rank, pivotRows: r.pivotRows, pivotCols: r.pivotCols };
}

/** Numerical rank of a float matrix (numpy's default tolerance). */
export function rankOfFloatMatrix(a: Matrix<number>): FloatRank {
  return rankFloat(a.data, a.rows, a.cols);
}

/** Converts exact entries to the nearest doubles (for the float engine). */
export function toFloatMatrix(a: Matrix<ExactScalar>): Matrix<number> {
  return {
    rows: a.rows,
    cols: a.cols,
    data: a.data.map((x) => (typeof x === 'object' ? Number(x.num) / Number(x.den) : Number(x))),
  };
}

/**
 * The rank of a matrix by the chosen engine (default `modp`).
 *
 * @example
 * ```ts
 * const a = matrixFromRows([[1, 2], [2, 4]]);
 * rank(a).rank;                       // 1 (mod p)
 * rank(a, { engine: 'exact' }).rank;  // 1
 * rank(a, { engine: 'float' }).rank;  // 1
 * ```
 */
export function rank(a: Matrix<ExactScalar>, options: ModPOptions & { readonly engine?: RankEngine } = {}): RankResult {
  switch (options.engine ?? 'modp') {
    case 'modp':
      return rankModP(a, options);
    case 'exact':
      return rankExact(a);
    case 'float':
      return rankOfFloatMatrix(toFloatMatrix(a));
  }
}
