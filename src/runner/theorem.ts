/**
 * Running a theorem module on one parameter set: validate, plan (budgets first), run the
 * obligations, have the kernel check the bundle, and write a one-line summary of what the kernel
 * established.
 *
 * @packageDocumentation
 */
import type { TheoremModule, TheoremParams } from '../../proofs/types.js';
import { planObligations, runAndCheck, resultsOf, runVerdict, type BundleHead, type RunOptions, type RunPlan } from './run.js';
import { familyBoundText, type Obligation, type ObligationResult, type TheoremResult } from './types.js';
import { TOOL } from './tool.js';
import { gapEvidence, type GapEvidence } from './gap.js';

/** The bound's exact value at these parameters. */
export function boundValue(module: TheoremModule, p: TheoremParams): bigint {
  return module.boundValue ? module.boundValue(p) : module.bound.evaluate({ n: p.n, r: p.r, d: p.d });
}

/** The parameters a module uses, in its order, for reports and replay commands. */
export function usedParameters(module: TheoremModule, p: TheoremParams): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const name of module.parameters) {
    const v = p[name];
    if (v !== undefined && !(typeof v === 'number' && Number.isNaN(v))) out[name] = v;
  }
  out['seed'] = p.seed;
  return out;
}

/**
 * The lower bound a result certifies through the kernel: its value when verified, or the weaker
 * bound the kernel established when it fell short; never a float engine's evidence.
 */
export function certifiedLower(r: ObligationResult | undefined): string | undefined {
  if (!r) return undefined;
  if (r.status === 'verified') return r.value;
  if (r.reached?.outcome === 'established') return r.reached.value;
  return r.status === 'evidence' ? undefined : r.certificates.some((c) => c.verdict.verdict === 'verified' && c.claim?.startsWith('rank >=')) ? r.value : undefined;
}

function find(results: readonly ObligationResult[], id: string): ObligationResult | undefined {
  return results.find((r) => r.id === id);
}

function summarize(module: TheoremModule, p: TheoremParams, value: bigint, verdict: TheoremResult['verdict'], results: readonly ObligationResult[], kernelOutcome: (id: string) => string | undefined = () => undefined): string {
  const rel = module.direction === 'lower' ? '>=' : module.direction === 'upper' ? '<=' : '=';
  const params = module.parameters
    .filter((name) => p[name] !== undefined)
    .map((name) => `${name}=${String(p[name])}`)
    .join(', ');
  if (verdict === 'ERROR') return `ERROR: the kernel rejected the run's bundle (a bug, not a result) at ${params}`;
  if (module.perOrder) {
    // Every even d at once: the bound is a formula in d.
    const failed = results.filter((r) => r.role === 'proof' && r.status !== 'verified');
    const line = `${verdict}: ${module.quantity} ${rel} ${familyBoundText(module.perOrder(p))} for every even d (${module.bound.pretty}) at ${params}`;
    return failed.length > 0 ? `${line}; not established: ${failed.map((r) => `${r.id} (${r.established})`).join(', ')}` : line;
  }
  if (module.direction === 'exact') {
    if (verdict === 'PROVED') return `${verdict}: ${module.quantity} = ${value} (${module.bound.pretty}) at ${params}`;
    const lower = find(results, 'lower');
    const upper = find(results, 'upper');
    return `${verdict}: ${module.quantity}: certified >= ${certifiedLower(lower) ?? '?'} (random network), <= ${upper?.status === 'verified' ? upper.value : '?'} (every network)${lower?.status === 'evidence' ? ` (float evidence: numerical rank ${lower.value})` : ''} at ${params}`;
  }
  let line = `${verdict}: ${module.quantity} ${rel} ${value} (${module.bound.pretty}) at ${params}`;
  const failed = results.filter((r) => r.role === 'proof' && r.status !== 'verified');
  if (failed.length > 0) line += `; not established: ${failed.map((r) => `${r.id} (${r.established})`).join(', ')}`;
  // What the split can reach at all: a lower bound on it never passes its cut.
  const cut = results.find((r) => r.role === 'measure' && r.kind === 'upper-bound');
  const exact = results.find((r) => r.kind === 'exact-rank' && r.status === 'verified');
  if (failed.some((r) => r.kind === 'lower-bound') && exact?.value !== undefined && BigInt(exact.value) < value) line += `; this split can certify at most ${exact.value} (the rank of this tensor's matricization, certified from both sides)`;
  else if (failed.some((r) => r.kind === 'lower-bound') && cut?.value !== undefined && BigInt(cut.value) < value) line += `; this split can certify at most ${cut.value} (its cut bounds the rank of every network of this structure)`;
  // The generic odd/even rank, where the module measures it (a cut and the random lower bound).
  const random = find(results, 'random');
  const upper = find(results, 'generic-upper');
  if (upper && random) {
    if (upper.status === 'verified') {
      line += BigInt(upper.value ?? '0') === value ? `; the odd/even matricization's generic rank is exactly ${value}: it cannot certify more` : `; generic odd/even rank = ${upper.value} exactly (> ${value})`;
    } else if (certifiedLower(random) !== undefined) line += `; odd/even rank: certified >= ${certifiedLower(random)} (random network), <= ${upper.value ?? '?'} (every network)`;
  }
  // The witness's own CP-rank, where both of its bounds are certified.
  const witnessCp = find(results, 'witness-cp');
  if (witnessCp?.status === 'verified' && kernelOutcome('witness/cp-rank-at-least') === 'established') line += `; the witness has CP-rank exactly ${value} (its minor, and a CP decomposition with ${value} terms)`;
  const sharp = find(results, 'sharpness') ?? find(results, 'attained');
  if (module.direction === 'upper') {
    if (sharp?.status === 'verified') line += `; sharp: a random network reaches ${sharp.value} (${sharp.id})`;
    else if (sharp) line += `; sharpness not shown (${sharp.established})`;
    else line += '; not attainable at these sizes (every cut is smaller)';
  }
  return line;
}

/** A theorem instance validated and planned, ready to run. */
export interface PlannedTheorem {
  readonly module: TheoremModule;
  readonly params: TheoremParams;
  readonly obligations: readonly Obligation[];
  readonly plan: RunPlan;
}

/**
 * Validates and plans one theorem instance, doing no work: throws ParameterError / BudgetError /
 * LimitError. `before` is the estimated seconds of instances planned before it in the same run.
 */
export function planTheorem(module: TheoremModule, p: TheoremParams, options: RunOptions, before = 0): PlannedTheorem {
  module.validate(p);
  boundValue(module, p);
  const obligations = module.obligations(p);
  return { module, params: p, obligations, plan: planObligations(obligations, options, before) };
}

/** Plans several instances first (so a budget refuses the whole run up front), then runs them. */
export function planAll(jobs: readonly { module: TheoremModule; params: TheoremParams }[], options: RunOptions): PlannedTheorem[] {
  let seconds = 0;
  return jobs.map((j) => {
    const planned = planTheorem(j.module, j.params, options, seconds);
    seconds += planned.plan.seconds;
    return planned;
  });
}

/** Validates, plans and runs one theorem instance. Throws ParameterError / BudgetError before work. */
export function runTheorem(module: TheoremModule, p: TheoremParams, options: RunOptions, planned?: PlannedTheorem): TheoremResult {
  const plannedRun = planned ?? planTheorem(module, p, options);
  // --engine float asks for no exact work: measures that are exact by nature are left out.
  const obligations = options.engine === 'float' ? plannedRun.obligations.filter((o) => o.kind !== 'exact-rank') : plannedRun.obligations;
  const plan = plannedRun.plan;
  const value = boundValue(module, p);
  const parameters = usedParameters(module, p);
  const head: BundleHead = { theorem: module.id, title: module.title, parameters: { ...parameters, ...(module.inputs?.(p) ?? {}) }, tool: TOOL };
  const { produced, bundle, kernel } = runAndCheck(obligations, options, head, plan);
  const results = resultsOf(produced, bundle, kernel);
  const verdict = runVerdict(kernel, results);
  const gap = gapOf(obligations, results);
  return {
    theorem: module.id,
    title: module.title,
    parameters,
    bound: { expression: module.bound.pretty, value: value.toString(), direction: module.direction, ...(module.perOrder ? { perOrder: familyBoundText(module.perOrder(p)) } : {}) },
    verdict,
    summary: summarize(module, p, value, verdict, results, (id) => kernel.claims.find((c) => c.id === id)?.outcome) + (gap ? `; evidence: ${gap.text}` : ''),
    obligations: results,
    bundle: { manifest: bundle.manifest, files: bundle.files },
    kernel,
    ...(gap ? { gap: { ...gap, upper: gap.upper.toString() } } : {}),
  };
}

/**
 * The evidence of random draws below a proved upper bound, for statements that measure a generic
 * rank from both sides (a lower bound `lower` and an upper bound `upper` on the same split).
 */
function gapOf(obligations: readonly Obligation[], results: readonly ObligationResult[]): GapEvidence | undefined {
  const ob = obligations.find((o) => o.id === 'lower');
  const lower = find(results, 'lower');
  const upper = find(results, 'upper');
  if (!ob || ob.kind !== 'lower-bound' || ob.instance.kind !== 'random' || !lower || lower.status === 'verified' || upper?.status !== 'verified' || upper.value === undefined) return undefined;
  return gapEvidence(lower, ob.instance, BigInt(upper.value));
}
