/**
 * Lower bounds on matricization ranks by the chosen engine, with a cost plan made before any work.
 *
 * @packageDocumentation
 */
import { matricizationLowerBound } from '../certify/rank.js';
import { matricizationMinorCertificate, primeForExactMinor } from '../certify/minor.js';
import { Q } from '../exact/fields.js';
import { DEFAULT_PRIMES } from '../exact/primes.js';
import { inField, matricize, shapeOf } from '../formats/verbs.js';
import { BudgetError, DEFAULT_DENSE_BUDGET, type Tensor } from '../formats/types.js';
import { F64 } from '../numeric/float64.js';
import { rankExact, rankOfFloatMatrix } from '../rank/index.js';
import { matricizationSize, splitOf, type Shape } from '../tensor/shape.js';
import type { EngineChoice } from './types.js';
import { buildSketch, sketchSeed } from '../sketch/index.js';
import { chainCertificate } from '../certify/transfer.js';
import { MAX_ARRAY, MAX_MINOR_SIZE, MAX_WORK, readTensor, sketchCost } from '../kernel/index.js';
import { tensorToJson, type JsonScalarSource } from '../formats/json.js';
import type { Rational } from '../exact/rational.js';

/**
 * Largest matricization (entries) the exact engine takes: Bareiss on BigInt grows entry sizes
 * linearly, and 256 x 256 already takes ~20 s here (`npm run bench`).
 */
export const EXACT_ENGINE_MAX_ENTRIES = 256 * 256;

/** The engine a lower bound will use and what it will cost. */
export interface LowerBoundPlan {
  readonly engine: Exclude<EngineChoice, 'auto'>;
  readonly rows: bigint;
  readonly cols: bigint;
  /** Why this engine (for `auto`). */
  readonly reason: string;
  /** For `auto` with the transfer engine: the plan to use when an instance has no square, nonsingular blocks. */
  readonly fallback?: LowerBoundPlan;
}

/** Options of lower-bound runs. */
export interface LowerBoundOptions {
  readonly engine: EngineChoice;
  /** Largest matricization the dense engines may form (entries). */
  readonly denseBudget?: number;
}

/** Refuses sketches larger than the kernel checks, before anything is built. */
export function checkSketchSize(K: bigint): void {
  if (K > BigInt(MAX_MINOR_SIZE)) throw new BudgetError(`a ${K} x ${K} sketch`, K * K, MAX_MINOR_SIZE ** 2, `the kernel checks sketches up to ${MAX_MINOR_SIZE} x ${MAX_MINOR_SIZE}; the bound needs K = ${K}: lower n, r or d`);
}

/** Refuses sketches the kernel could not check (size, work or memory, by the kernel's own estimate), before any work. */
export function checkSketchBudget(x: Tensor<JsonScalarSource>, rowModes: readonly number[], K: bigint): void {
  checkSketchSize(K);
  const shape = shapeOf(x);
  const { work, peak } = sketchCost(readTensor(tensorToJson(x), ''), rowModes, splitOf(shape.length, rowModes).colModes, Number(K));
  if (work > MAX_WORK) throw new BudgetError(`evaluating the ${K} x ${K} sketch`, BigInt(Math.round(work)), MAX_WORK, 'lower n, r or d');
  if (peak > MAX_ARRAY) throw new BudgetError(`the ${K} x ${K} sketch's largest array`, BigInt(Math.round(peak)), MAX_ARRAY, 'lower n, r or d');
}

/**
 * Whether the transfer engine applies: a TT or shared-core TT instance of even order, all modes
 * of one size, on the odd/even split (rows the even modes).
 */
export function transferApplies(format: string, shape: Shape, rowModes: readonly number[]): boolean {
  const d = shape.length;
  return (format === 'tt' || format === 'tt-shared') && d % 2 === 0 && shape.every((m) => m === shape[0]) && rowModes.length === d / 2 && rowModes.every((m, i) => m === 2 * i);
}

/** Chooses the engine and checks the budget before any work (throws {@link BudgetError}). `format`: the instance's, for the transfer engine. */
export function planLowerBound(shape: Shape, rowModes: readonly number[], options: LowerBoundOptions, format = ''): LowerBoundPlan {
  const { rows, cols } = matricizationSize(shape, splitOf(shape.length, rowModes));
  const entries = rows * cols;
  const budget = options.denseBudget ?? DEFAULT_DENSE_BUDGET;
  const what = `the ${rows} x ${cols} matricization`;
  const transfer = transferApplies(format, shape, rowModes);
  switch (options.engine) {
    case 'transfer':
      if (!transfer) throw new BudgetError(what, entries, 0, 'the transfer engine takes the odd/even split of TT and shared-core TT networks; use --engine auto');
      return { engine: 'transfer', rows, cols, reason: 'engine transfer as asked' };
    case 'auto':
      if (transfer) return { engine: 'transfer', rows, cols, reason: `the odd/even split of a ${format === 'tt' ? 'TT' : 'shared-core TT'}: transfer blocks of the cores (a chain certificate), whatever the size of the ${rows} x ${cols} matricization`, fallback: planLowerBound(shape, rowModes, options) };
      if (entries <= BigInt(budget)) return { engine: 'modp', rows, cols, reason: `the ${rows} x ${cols} matricization fits the dense budget (${budget} entries): dense rank mod p` };
      return { engine: 'sketch', rows, cols, reason: `the ${rows} x ${cols} matricization exceeds the dense budget (${budget} entries): matrix-free sketch` };
    case 'modp':
    case 'float':
      if (entries > BigInt(budget)) throw new BudgetError(what, entries, budget, 'use --engine sketch (matrix-free) or --engine auto');
      return { engine: options.engine, rows, cols, reason: `engine ${options.engine} as asked` };
    case 'exact':
      if (entries > BigInt(Math.min(budget, EXACT_ENGINE_MAX_ENTRIES))) throw new BudgetError(what, entries, Math.min(budget, EXACT_ENGINE_MAX_ENTRIES), 'the exact engine is for small cases; use --engine modp (certified all the same)');
      return { engine: 'exact', rows, cols, reason: 'engine exact as asked' };
    case 'sketch':
      return { engine: 'sketch', rows, cols, reason: 'engine sketch as asked' };
  }
}

/** A lower bound found by an engine, with its certificate (none for float evidence). */
export interface LowerBoundOutcome {
  readonly rank: number;
  /** The engine that ran: one of the choices, or `witness-minor` (the witness's closed-form minor). */
  readonly engine: Exclude<EngineChoice, 'auto'> | 'witness-minor';
  readonly certificate?: object;
  readonly primes?: readonly number[];
  readonly note?: string;
}

/**
 * Runs the planned engine on one tensor. `subject` is the tensor the certificate names (default
 * `x`): a tensor whose matricization is a nonzero multiple of x's (e.g. the exact rational
 * entries of a file, of which x is the integer multiple), so the same pivots and sketches apply.
 */
export function lowerBound(x: Tensor<bigint>, rowModes: readonly number[], target: number, plan: LowerBoundPlan, seed: number, subject?: Tensor<Rational>): LowerBoundOutcome {
  switch (plan.engine) {
    case 'modp': {
      const r = matricizationLowerBound(x, rowModes, { target, budget: Number(plan.rows * plan.cols), ...(subject ? { subject } : {}) });
      return { rank: r.rank, engine: 'modp', certificate: r.certificate, primes: r.evidence.attempts.map((a) => a.prime) };
    }
    case 'exact': {
      const m = matricize(Q, inField(Q, x), rowModes, Number(plan.rows * plan.cols));
      const r = rankExact(m);
      const prime = primeForExactMinor(m, r.pivotRows, r.pivotCols);
      return { rank: r.rank, engine: 'exact', certificate: matricizationMinorCertificate(subject ?? x, rowModes, { ...r, prime }, { engine: 'exact' }), primes: [prime] };
    }
    case 'float': {
      const m = matricize(F64, inField(F64, x), rowModes, Number(plan.rows * plan.cols));
      const r = rankOfFloatMatrix(m);
      return {
        rank: r.rank,
        engine: 'float',
        note: `numerical rank with tolerance ${r.tolerance.toExponential(2)} (sigma_r = ${r.sigmaLast?.toExponential(3) ?? '-'}, sigma_r+1 = ${r.sigmaNext?.toExponential(3) ?? '-'}): evidence, not proof`,
      };
    }
    case 'transfer': {
      if (x.format !== 'tt' && x.format !== 'tt-shared') throw new RangeError('the transfer engine takes TT and shared-core TT tensors');
      // The certificate names the tensor itself (a subject that is a multiple of it would need the blocks of that one).
      const c = subject ? undefined : chainCertificate(x, { engine: 'transfer' });
      if (!c) return { rank: 0, engine: 'transfer', note: 'the transfer blocks of this instance are not all square and nonsingular' };
      // Beyond 2^53 the number is rounded (monotonically): the runner compares it with its target; the kernel decides.
      return { rank: Number(c.rank), engine: 'transfer', certificate: c.certificate, primes: [c.prime], note: `transfer blocks of the cores: rank >= ${c.rank} (prime ${c.prime})` };
    }
    case 'sketch': {
      checkSketchSize(BigInt(target));
      const s = buildSketch(x, rowModes, target, sketchSeed(seed, 0), subject ? { subject } : {});
      return {
        rank: s.engineRank ?? target,
        engine: 'sketch',
        certificate: s.certificate,
        primes: [s.prime],
        note: `K = ${target} sketch (seed ${s.seed})${s.engineRank !== undefined ? `, engine rank ${s.engineRank}` : ', rank left to the kernel'}`,
      };
    }
  }
}

/**
 * The witness's nonsingular minor, known in closed form: the odd/even matricization of the
 * paper's witness (and of its HT analogue) is the Kronecker product of d/2 blocks
 * diag(1, ..., 1, 0, ...) with q ones, so the rows and columns whose every pair of indices
 * (i_2t, i_2t+1) are equal and below q form a q^(d/2) x q^(d/2) identity minor. No matrix is formed;
 * the kernel evaluates the minor from the cores like any other.
 */
export function witnessMinor(x: Tensor<bigint>, q: number): LowerBoundOutcome {
  const shape = shapeOf(x);
  const d = shape.length;
  const half = d / 2;
  const n = shape[0] as number;
  const K = q ** half;
  const indices: number[] = [];
  for (let a = 0; a < K; a++) {
    // Digits of a in base q, most significant first, read as a base-n index over the d/2 modes.
    let rest = a;
    const digits: number[] = [];
    for (let t = 0; t < half; t++) {
      digits.unshift(rest % q);
      rest = Math.floor(rest / q);
    }
    indices.push(digits.reduce((acc, dgt) => acc * n + dgt, 0));
  }
  const rowModes = Array.from({ length: half }, (_, t) => 2 * t);
  const prime = DEFAULT_PRIMES[0] as number;
  return {
    rank: K,
    engine: 'witness-minor',
    certificate: matricizationMinorCertificate(x, rowModes, { pivotRows: indices, pivotCols: indices, prime }, { engine: 'witness-minor (closed form)' }),
    primes: [prime],
    note: `the witness's identity minor in closed form (${K} x ${K})`,
  };
}
