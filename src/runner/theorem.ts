/**
 * Running a theorem module on one parameter set: validate, plan (budgets first), run the
 * obligations, aggregate the verdict and write a one-line summary.
 *
 * @packageDocumentation
 */
import type { TheoremModule, TheoremParams } from '../../proofs/types.js';
import { aggregateVerdict, runObligations, type RunOptions } from './run.js';
import type { ObligationResult, TheoremResult } from './types.js';

/** The bound's exact value at these parameters. */
export function boundValue(module: TheoremModule, p: TheoremParams): bigint {
  return module.boundValue ? module.boundValue(p) : module.bound.evaluate({ n: p.n, r: p.r, d: p.d });
}

/** The parameters a module uses, in its order, for reports and replay commands. */
export function usedParameters(module: TheoremModule, p: TheoremParams): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const name of module.parameters) {
    const v = p[name];
    if (v !== undefined) out[name] = v;
  }
  out['seed'] = p.seed;
  return out;
}

function find(results: readonly ObligationResult[], id: string): ObligationResult | undefined {
  return results.find((r) => r.id === id);
}

function summarize(module: TheoremModule, p: TheoremParams, value: bigint, verdict: TheoremResult['verdict'], results: readonly ObligationResult[]): string {
  const rel = module.direction === 'lower' ? '>=' : module.direction === 'upper' ? '<=' : '=';
  const params = module.parameters
    .filter((name) => p[name] !== undefined)
    .map((name) => `${name}=${String(p[name])}`)
    .join(', ');
  let line = `${verdict}: ${module.quantity} ${rel} ${value} (${module.bound.pretty}) at ${params}`;
  if (module.direction === 'exact' && verdict !== 'PROVED') {
    const lo = find(results, 'lower');
    return `${verdict}: ${module.quantity} in [${lo?.value ?? '?'}, ${value}] (certified interval; ${module.bound.pretty} = ${value}) at ${params}`;
  }
  if (module.direction === 'exact') return line;
  const failed = results.filter((r) => r.role === 'proof' && r.status !== 'verified');
  if (failed.length > 0) line += `; not established: ${failed.map((r) => `${r.id} (${r.established})`).join(', ')}`;
  // Lower-bound theorems: the generic rank between the certified lower bound and the cut.
  const random = find(results, 'random');
  const upper = find(results, 'generic-upper');
  if (random?.status === 'verified' && upper?.status === 'verified' && random.value !== undefined && upper.value !== undefined) {
    if (random.value === upper.value) {
      line += `; generic odd/even rank = ${random.value} exactly${BigInt(random.value) > value ? ` (> ${value}: the bound is not tight here)` : ' (the bound is tight)'}`;
    } else {
      line += `; generic odd/even rank in [${random.value}, ${upper.value}]`;
    }
  }
  const sharp = find(results, 'sharpness') ?? find(results, 'attained');
  if (module.direction === 'upper') {
    if (sharp?.status === 'verified') line += `; sharp: attained by a random instance (${sharp.established})`;
    else if (sharp) line += `; sharpness not shown (${sharp.established})`;
    else line += '; not attainable at these sizes (every cut is smaller)';
  }
  return line;
}

/** Validates, plans and runs one theorem instance. Throws ParameterError / BudgetError before work. */
export function runTheorem(module: TheoremModule, p: TheoremParams, options: RunOptions): TheoremResult {
  module.validate(p);
  const value = boundValue(module, p);
  const obligations = module.obligations(p);
  const results = runObligations(obligations, options);
  const verdict = aggregateVerdict(results);
  return {
    theorem: module.id,
    title: module.title,
    parameters: usedParameters(module, p),
    bound: { expression: module.bound.pretty, value: value.toString(), direction: module.direction },
    verdict,
    summary: summarize(module, p, value, verdict, results),
    obligations: results,
  };
}
