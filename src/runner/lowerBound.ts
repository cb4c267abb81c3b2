/**
 * Lower bounds on matricization ranks by the chosen engine, with a cost plan made before any work.
 *
 * @packageDocumentation
 */
import { matricizationLowerBound } from '../certify/rank.js';
import { matricizationMinorCertificate, primeForExactMinor } from '../certify/minor.js';
import { Q } from '../exact/fields.js';
import { inField, matricize, shapeOf } from '../formats/verbs.js';
import { BudgetError, DEFAULT_DENSE_BUDGET, type Tensor } from '../formats/types.js';
import { F64 } from '../numeric/float64.js';
import { rankExact, rankOfFloatMatrix } from '../rank/index.js';
import { matricizationSize, splitOf, type Shape } from '../tensor/shape.js';
import type { EngineChoice } from './types.js';

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
}

/** Options of lower-bound runs. */
export interface LowerBoundOptions {
  readonly engine: EngineChoice;
  /** Largest matricization the dense engines may form (entries). */
  readonly denseBudget?: number;
}

/** Chooses the engine and checks the budget before any work (throws {@link BudgetError}). */
export function planLowerBound(shape: Shape, rowModes: readonly number[], options: LowerBoundOptions): LowerBoundPlan {
  const { rows, cols } = matricizationSize(shape, splitOf(shape.length, rowModes));
  const entries = rows * cols;
  const budget = options.denseBudget ?? DEFAULT_DENSE_BUDGET;
  const what = `the ${rows} x ${cols} matricization`;
  switch (options.engine) {
    case 'auto':
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
  readonly engine: Exclude<EngineChoice, 'auto'>;
  readonly certificate?: object;
  readonly primes?: readonly number[];
  readonly note?: string;
}

/** Signature of the sketch engine, registered by `src/sketch` (kept apart to avoid a cycle). */
export type SketchLowerBound = (x: Tensor<bigint>, rowModes: readonly number[], target: number, seed: number) => LowerBoundOutcome;

let sketchEngine: SketchLowerBound | undefined;

/** Registers the sketch engine (called by `src/sketch/index.ts` on import). */
export function registerSketchEngine(engine: SketchLowerBound): void {
  sketchEngine = engine;
}

/** Runs the planned engine on one tensor. */
export function lowerBound(x: Tensor<bigint>, rowModes: readonly number[], target: number, plan: LowerBoundPlan, seed: number): LowerBoundOutcome {
  switch (plan.engine) {
    case 'modp': {
      const r = matricizationLowerBound(x, rowModes, { target, budget: Number(plan.rows * plan.cols) });
      return { rank: r.rank, engine: 'modp', certificate: r.certificate, primes: r.evidence.attempts.map((a) => a.prime) };
    }
    case 'exact': {
      const m = matricize(Q, inField(Q, x), rowModes, Number(plan.rows * plan.cols));
      const r = rankExact(m);
      const prime = primeForExactMinor(m, r.pivotRows, r.pivotCols);
      return { rank: r.rank, engine: 'exact', certificate: matricizationMinorCertificate(x, rowModes, { ...r, prime }, { engine: 'exact' }), primes: [prime] };
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
    case 'sketch': {
      if (!sketchEngine) throw new Error('the sketch engine is not loaded');
      return sketchEngine(x, rowModes, target, seed);
    }
  }
}

/** Shape of a tensor (re-exported for planners). */
export { shapeOf };
