/**
 * The runner: turns a theorem's obligations into certificates (untrusted engines), has the kernel
 * check every one, compares each verified claim with what the theorem needs, and aggregates a
 * verdict. Budgets are checked for all obligations before any work starts.
 *
 * @packageDocumentation
 */
import { cutCertificate } from '../certify/cut.js';
import { equalityCertificate } from '../certify/equality.js';
import { cpToHt, cpToTt, htToTt, ttToHt } from '../convert/index.js';
import { kroneckerCertificate, pairHt, pairTt } from '../certify/kronecker.js';
import { minCut } from '../cuts/mincut.js';
import { structureOf } from '../cuts/network.js';
import { Q } from '../exact/fields.js';
import type { Rational } from '../exact/rational.js';
import { inField, ranksOf, shapeOf } from '../formats/verbs.js';
import type { CpTensor, HtTensor, Tensor, TtTensor } from '../formats/types.js';
import { verifyCertificate, type Verdict } from '../kernel/check.js';
import { describeClaim } from '../report/claims.js';
import { oddEvenModes } from '../tensor/shape.js';
import { buildInstance, describeInstance, estimateParams, MAX_INSTANCE_PARAMS, treeFor } from './instances.js';
import { BudgetError } from '../formats/types.js';
import { checkLimits, DEFAULT_MAX_MEMORY_BYTES, estimateLowerBound } from './cost.js';
import { checkSketchBudget, checkSketchSize, lowerBound, planLowerBound, witnessMinor, type LowerBoundOptions, type LowerBoundPlan } from './lowerBound.js';
import type {
  Attempt,
  CheckedCertificate,
  ConversionObligation,
  LowerBoundObligation,
  FamilyLowerBoundObligation,
  FamilyMemberObligation,
  Obligation,
  ObligationResult,
  TheoremVerdict,
  UpperBoundObligation,
} from './types.js';

/**
 * Random instances tried before a lower bound is called inconclusive. One success proves the
 * generic statement; a failure at a random point has probability at most D / S by
 * Schwartz-Zippel (D the minor's degree, S the entry range), so three independent failures in a
 * row mean the rank is really lower (and the cut check below then usually refutes).
 */
export const MAX_RANDOM_ATTEMPTS = 3;

export { DEFAULT_MAX_MEMORY_BYTES };

/** Progress of a run, for progress bars. */
export interface ProgressEvent {
  readonly index: number;
  readonly total: number;
  readonly label: string;
}

/** Options of a theorem run. */
export interface RunOptions extends LowerBoundOptions {
  readonly onProgress?: (e: ProgressEvent) => void;
  /** Refuse runs estimated to need more memory (default {@link DEFAULT_MAX_MEMORY_BYTES}). */
  readonly maxMemoryBytes?: number | undefined;
  /** Refuse runs estimated to take longer (seconds; default: no limit). */
  readonly timeoutSeconds?: number | undefined;
}

function checked(name: string, certificate: object): { cert: CheckedCertificate; verdict: Verdict } {
  const verdict = verifyCertificate(certificate);
  const v = verdict.verdict === 'verified' ? { verdict: 'verified' as const } : { verdict: 'rejected' as const, code: verdict.code, path: verdict.path, detail: verdict.detail };
  return { cert: { name, certificate, verdict: v, ...(verdict.verdict === 'verified' ? { claim: describeClaim(verdict.claim) } : {}) }, verdict };
}

/** Plans every lower-bound obligation (throws BudgetError / LimitError before any work). */
export function planObligations(obligations: readonly Obligation[], options: RunOptions): Map<string, LowerBoundPlan> {
  const plans = new Map<string, LowerBoundPlan>();
  let totalSeconds = 0;
  for (const ob of obligations) {
    if (ob.kind === 'upper-bound' || ob.kind === 'family-lower-bound') continue;
    const params = estimateParams(ob.instance);
    if (params > MAX_INSTANCE_PARAMS) {
      throw new BudgetError(`an instance with n=${ob.instance.n}, r=${ob.instance.r}, d=${ob.instance.d}`, BigInt(params), MAX_INSTANCE_PARAMS, 'its parameters alone would not fit; lower n, r or d');
    }
    if (ob.kind !== 'lower-bound') continue;
    const shape = ob.instance.given ? shapeOf(ob.instance.given) : new Array<number>(ob.instance.d).fill(ob.instance.n);
    const plan = planLowerBound(shape, ob.rowModes, options);
    if (plan.engine === 'sketch') checkSketchSize(ob.atLeast);
    if (plan.engine === 'sketch' && ob.instance.kind !== 'witness') checkSketchBudget(buildInstance(ob.instance).tensor, ob.atLeast);
    const est = estimateLowerBound(plan, ob.instance, Number(ob.atLeast));
    totalSeconds += est.seconds;
    checkLimits(`the ${plan.rows} x ${plan.cols} matricization with engine ${plan.engine}`, est, totalSeconds, options);
    plans.set(ob.id, plan);
  }
  return plans;
}

function sameModes(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((m, i) => m === b[i]);
}

function runLowerBound(ob: LowerBoundObligation, plan: LowerBoundPlan): ObligationResult {
  const attempts: Attempt[] = [];
  const certificates: CheckedCertificate[] = [];
  const tries = ob.instance.kind === 'witness' ? 1 : MAX_RANDOM_ATTEMPTS;
  const target = Number(ob.atLeast);
  const required = `rank >= ${ob.atLeast}`;
  let best = -1;
  let lastTensor: Tensor<bigint> | undefined;
  for (let t = 0; t < tries; t++) {
    const { tensor, seed } = buildInstance(ob.instance, t);
    lastTensor = tensor;
    // The witness's minor is known in closed form: no need to sketch a matrix too large to form.
    const closedForm = ob.instance.kind === 'witness' && plan.engine === 'sketch' && sameModes(ob.rowModes, oddEvenModes(ob.instance.d));
    const out = closedForm ? witnessMinor(tensor, Math.min(ob.instance.n, ob.instance.r)) : lowerBound(tensor, ob.rowModes, target, plan, seed ?? 0);
    attempts.push({ ...(seed !== undefined ? { seed } : {}), engine: out.engine, rank: out.rank, ...(out.primes ? { primes: out.primes } : {}), ...(out.note ? { note: out.note } : {}) });
    const base = { id: ob.id, kind: ob.kind, role: ob.role, description: ob.description, required, engine: out.engine };
    if (!out.certificate) {
      if (out.rank >= target) {
        return { ...base, status: 'evidence', established: `numerical rank ${out.rank} (float evidence, not proof)`, value: String(out.rank), attempts, certificates, note: `${describeInstance(ob.instance, seed)}; ${out.note ?? ''}` };
      }
      continue;
    }
    const { cert, verdict } = checked(`${ob.id}#${t}`, out.certificate);
    if (verdict.verdict === 'verified' && verdict.claim.kind === 'rank-lower-bound') best = Math.max(best, Number(verdict.claim.bound));
    if (verdict.verdict === 'verified' && verdict.claim.kind === 'rank-lower-bound' && verdict.claim.bound >= ob.atLeast) {
      certificates.push(cert);
      return { ...base, status: 'verified', established: `rank >= ${verdict.claim.bound}`, value: String(verdict.claim.bound), attempts, certificates, note: `${describeInstance(ob.instance, seed)}; ${closedForm ? (out.note ?? '') : plan.reason}` };
    }
    if (verdict.verdict === 'rejected') certificates.push(cert);
    if (verdict.verdict === 'rejected' && out.engine === 'sketch') attempts[attempts.length - 1] = { ...(attempts[attempts.length - 1] as Attempt), note: `${out.note ?? ''}; kernel: ${verdict.code}` };
  }
  // Not reached: does a verified cut show the requirement is false for every tensor?
  const x = lastTensor as Tensor<bigint>;
  const cut = minCut(structureOf(x), ob.rowModes);
  const { cert, verdict } = checked(`${ob.id}/cut`, cutCertificate(structureOf(x), ob.rowModes, cut));
  certificates.push(cert);
  const base = { id: ob.id, kind: ob.kind, role: ob.role, description: ob.description, required, engine: plan.engine, attempts, certificates };
  if (verdict.verdict === 'verified' && cut.bound < ob.atLeast) {
    return { ...base, status: 'refuted', established: `rank <= ${cut.bound} for every tensor of this structure`, value: String(cut.bound), note: `the cut {${cut.cut.join(', ')}} bounds the rank by ${cut.bound} < ${ob.atLeast}` };
  }
  return { ...base, status: 'failed', established: best >= 0 ? `rank >= ${best} only` : 'nothing', value: String(Math.max(best, 0)), note: `best rank ${best} after ${attempts.length} attempt(s); the cut allows up to ${cut.bound}` };
}

function runUpperBound(ob: UpperBoundObligation): ObligationResult {
  const cut = minCut(ob.structure, ob.rowModes);
  const { cert, verdict } = checked(ob.id, cutCertificate(ob.structure, ob.rowModes, cut));
  const base = { id: ob.id, kind: ob.kind, role: ob.role, description: ob.description, required: `rank <= ${ob.atMost}`, certificates: [cert] };
  if (verdict.verdict === 'verified' && verdict.claim.kind === 'rank-upper-bound' && verdict.claim.bound <= ob.atMost) {
    return { ...base, status: 'verified', established: `rank <= ${verdict.claim.bound} (every tensor)`, value: String(verdict.claim.bound), note: `cut {${cut.cut.join(', ')}}` };
  }
  return { ...base, status: 'failed', established: verdict.verdict === 'verified' ? `rank <= ${cut.bound} only` : 'nothing', value: String(cut.bound), note: `the smallest cut found multiplies to ${cut.bound}` };
}

function convert(name: ConversionObligation['conversion'], x: Tensor<Rational>, tree: ReturnType<typeof treeFor>): Tensor<Rational> {
  switch (name) {
    case 'cp-tt':
      return cpToTt(Q, x as CpTensor<Rational>);
    case 'cp-ht':
      return cpToHt(Q, x as CpTensor<Rational>, tree);
    case 'tt-ht':
      return ttToHt(Q, x as TtTensor<Rational>, tree);
    case 'ht-tt':
      return htToTt(Q, x as HtTensor<Rational>);
  }
}

function innerRanks(y: Tensor<unknown>): number[] {
  const r = ranksOf(y);
  // TT: drop the boundary 1s; HT: drop the root's 1; CP: its rank.
  if (y.format === 'tt' || y.format === 'tt-shared') return r.slice(1, -1);
  if (y.format === 'ht') return r.slice(0, -1);
  return r;
}

function runConversion(ob: ConversionObligation): ObligationResult {
  const { tensor, seed } = buildInstance(ob.instance);
  const x = inField(Q, tensor);
  const y = convert(ob.conversion, x, treeFor(ob.instance));
  const { cert, verdict } = checked(ob.id, equalityCertificate(x, y, { conversion: ob.conversion }));
  const ranks = innerRanks(y);
  const maxRank = ranks.length > 0 ? Math.max(...ranks) : 1;
  const base = { id: ob.id, kind: ob.kind, role: ob.role, description: ob.description, required: `equal, ranks <= ${ob.ranksAtMost}`, certificates: [cert], value: String(maxRank) };
  const note = `${describeInstance(ob.instance, seed)} -> ranks (${ranks.join(', ')})`;
  if (verdict.verdict !== 'verified') return { ...base, status: 'failed', established: `not equal (${verdict.code})`, note };
  if (BigInt(maxRank) > ob.ranksAtMost) return { ...base, status: 'failed', established: `equal, largest rank ${maxRank}`, note };
  return { ...base, status: 'verified', established: `equal, largest rank ${maxRank}`, note };
}

function runFamilyLowerBound(ob: FamilyLowerBoundObligation): ObligationResult {
  const { certificate } = kroneckerCertificate(ob.pair, { engine: 'exact pair block' });
  const { cert, verdict } = checked(ob.id, certificate);
  const base = { id: ob.id, kind: ob.kind, role: ob.role, description: ob.description, required: `rank >= ${ob.atLeastBase}^(d/2) for every even d`, certificates: [cert], engine: 'exact' };
  if (verdict.verdict === 'verified' && verdict.claim.kind === 'rank-lower-bound-family' && verdict.claim.base >= ob.atLeastBase) {
    return { ...base, status: 'verified', established: `rank >= ${verdict.claim.base}^(d/2) for every even d`, value: String(verdict.claim.base), note: `a ${verdict.claim.base} x ${verdict.claim.base} minor of the ${ob.pair.size} x ${ob.pair.size} pair block, nonzero mod ${verdict.claim.prime}` };
  }
  return { ...base, status: 'failed', established: verdict.verdict === 'verified' && verdict.claim.kind === 'rank-lower-bound-family' ? `rank >= ${verdict.claim.base}^(d/2) only` : 'nothing', note: 'the pair block has lower rank' };
}

function runFamilyMember(ob: FamilyMemberObligation): ObligationResult {
  const member = ob.pair.format === 'tt-pairs' ? pairTt(ob.pair, ob.d) : pairHt(ob.pair, ob.d);
  const { tensor } = buildInstance(ob.instance);
  const { cert, verdict } = checked(ob.id, equalityCertificate(member, tensor, { identification: `family member of order ${ob.d}` }));
  const base = { id: ob.id, kind: ob.kind, role: ob.role, description: ob.description, required: 'equal', certificates: [cert] };
  return verdict.verdict === 'verified'
    ? { ...base, status: 'verified', established: 'equal (||X - Y||^2 = 0 over Q)', value: String(ob.d) }
    : { ...base, status: 'failed', established: `not equal (${verdict.code})` };
}

/** Runs one obligation. */
export function runObligation(ob: Obligation, plans: Map<string, LowerBoundPlan>): ObligationResult {
  switch (ob.kind) {
    case 'family-lower-bound':
      return runFamilyLowerBound(ob);
    case 'family-member':
      return runFamilyMember(ob);
    case 'lower-bound':
      return runLowerBound(ob, plans.get(ob.id) as LowerBoundPlan);
    case 'upper-bound':
      return runUpperBound(ob);
    case 'conversion':
      return runConversion(ob);
  }
}

/** Runs obligations in order, reporting progress. */
export function runObligations(obligations: readonly Obligation[], options: RunOptions): ObligationResult[] {
  const plans = planObligations(obligations, options);
  return obligations.map((ob, i) => {
    options.onProgress?.({ index: i, total: obligations.length, label: ob.description });
    return runObligation(ob, plans);
  });
}

/** The verdict from the proof obligations (sharpness and measures are reported, not required). */
export function aggregateVerdict(results: readonly ObligationResult[]): TheoremVerdict {
  const proof = results.filter((r) => r.role === 'proof');
  if (proof.some((r) => r.status === 'refuted')) return 'REFUTED';
  if (proof.every((r) => r.status === 'verified')) return 'PROVED';
  if (proof.every((r) => r.status === 'verified' || r.status === 'evidence')) return 'EVIDENCE';
  return 'INCONCLUSIVE';
}
