/**
 * The runner: turns a theorem's obligations into certificates (untrusted engines), writes them
 * with the statements they must establish into a proof bundle, and takes the kernel's verdict on
 * that bundle. It never decides itself whether a statement is proved: that is `checkBundle`, the
 * same function `check-theorem verify` runs on the written files. Budgets are checked for all
 * obligations before any work starts.
 *
 * @packageDocumentation
 */
import { cutCertificate, isolationCertificate } from '../certify/cut.js';
import { equalityCertificate } from '../certify/equality.js';
import { cpToHt, cpToTt, htToTt, ttToHt } from '../convert/index.js';
import { kroneckerCertificate } from '../certify/kronecker.js';
import { transferCertificate } from '../certify/transfer.js';
import { minCut } from '../cuts/mincut.js';
import { structureOf } from '../cuts/network.js';
import { Q } from '../exact/fields.js';
import type { Rational } from '../exact/rational.js';
import { inField, shapeOf } from '../formats/verbs.js';
import type { CpTensor, HtTensor, Tensor, TtTensor } from '../formats/types.js';
import { contentDigest, type BundleVerdict, type Claim } from '../kernel/index.js';
import { checkBundleParallel } from './checkPool.js';
import { describeClaim } from '../report/claims.js';
import { stableJson } from '../report/json.js';
import { oddEvenModes } from '../tensor/shape.js';
import { buildInstance, describeInstance, estimateParams, MAX_INSTANCE_PARAMS, treeFor } from './instances.js';
import { BudgetError } from '../formats/types.js';
import { MAX_GRID_ENTRIES } from '../formats/generalized.js';
import { gridRankCertificate } from '../certify/grid.js';
import { matricizationExactRank } from '../certify/nullspace.js';
import { MAX_MINOR_SIZE } from '../kernel/index.js';
import { checkLimits, DEFAULT_MAX_MEMORY_BYTES, estimateLowerBound } from './cost.js';
import { checkSketchBudget, checkSketchSize, lowerBound, planLowerBound, witnessMinor, type LowerBoundOptions, type LowerBoundPlan } from './lowerBound.js';
import { familyBoundText, type StatementJson, type Attempt, type CheckedCertificate, type ConversionObligation, type LowerBoundObligation, type FamilyLowerBoundObligation, type FamilyUpperBoundObligation, type Obligation, type ObligationResult, type ProofBundle, type TheoremVerdict, type UpperBoundObligation } from './types.js';

/**
 * Random instances tried before a lower bound is called inconclusive. One success proves the
 * generic statement; a failure at a random point has probability at most D / S by
 * Schwartz-Zippel (D the minor's degree, S the entry range), so three independent failures in a
 * row mean the rank is really lower (and the cut certificate then usually refutes).
 */
export const MAX_RANDOM_ATTEMPTS = 3;

export { DEFAULT_MAX_MEMORY_BYTES };

/** How much cheaper (estimated) a sketch must be for `auto` to prefer it over a dense elimination that fits. */
export const SKETCH_ADVANTAGE = 8;
/** Dense eliminations estimated below this many seconds are kept (they also give the whole rank). */
export const MIN_SECONDS_TO_SWITCH = 1;

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
  /** Threads checking the bundle's certificates, this one included (default: checkPool's, one per core). */
  readonly jobs?: number | undefined;
}

/** What the engines produced for one obligation: certificates (not yet checked) and notes. */
export interface Produced {
  readonly ob: Obligation;
  readonly certificates: readonly { readonly name: string; readonly doc: object }[];
  readonly attempts?: readonly Attempt[];
  readonly engine?: string;
  readonly note?: string;
  /** Float evidence (no certificate): the numerical rank and how it was found. */
  readonly evidence?: { readonly rank: number; readonly note: string };
  /** Attempts used so far (lower bounds on random instances retry with fresh seeds). */
  readonly nextAttempt?: number;
  /**
   * A lower bound that fell short of its target: the largest rank an engine certified (the bundle
   * then also states the weaker generic bound it proves, claim `<id>/reached`, for the kernel to check).
   */
  readonly reached?: number;
}

/** The claim id of the weaker bound a lower bound reached when it fell short. */
export const reachedId = (id: string): string => `${id}/reached`;

/** The statement with its bound lowered to what the engines reached (forms with a `bound`). */
function reachedStatement(statement: StatementJson, reached: number): StatementJson | undefined {
  const form = (statement as { form?: unknown }).form;
  if (form !== 'generic-rank-at-least' && form !== 'generic-cp-rank-at-least' && form !== 'tensor-cp-rank-at-least') return undefined;
  return { ...statement, bound: reached };
}

/** A run's plan: the engine of each lower bound, and the estimated seconds of the whole run. */
export interface RunPlan {
  readonly plans: Map<string, LowerBoundPlan>;
  readonly seconds: number;
}

/**
 * Plans every lower-bound obligation (throws BudgetError / LimitError before any work). `before`
 * is the estimated time of the runs planned before this one (a grid is refused as a whole).
 */
export function planObligations(obligations: readonly Obligation[], options: RunOptions, before = 0): RunPlan {
  const plans = new Map<string, LowerBoundPlan>();
  let totalSeconds = before;
  for (const ob of obligations) {
    if (ob.kind === 'upper-bound' || ob.kind === 'family-lower-bound' || ob.kind === 'family-upper-bound' || ob.kind === 'exact-rank') continue;
    if (ob.kind === 'grid-lower-bound') {
      const entries = ob.network.M ** ob.network.T;
      if (entries > MAX_GRID_ENTRIES) throw new BudgetError(`the grid tensor of ${ob.network.M}^${ob.network.T} entries`, BigInt(entries), MAX_GRID_ENTRIES, 'lower M or T');
      continue;
    }
    const params = estimateParams(ob.instance);
    if (params > MAX_INSTANCE_PARAMS) {
      throw new BudgetError(`an instance with n=${ob.instance.n}, r=${ob.instance.r}, d=${ob.instance.d}`, BigInt(params), MAX_INSTANCE_PARAMS, 'its parameters alone would not fit; lower n, r or d');
    }
    if (ob.kind !== 'lower-bound') continue;
    const shape = ob.instance.given ? shapeOf(ob.instance.given) : ob.instance.network ? ob.instance.network.modes.map((m) => m.size) : new Array<number>(ob.instance.d).fill(ob.instance.n);
    let plan = planLowerBound(shape, ob.rowModes, options, ob.instance.kind === 'given' ? (ob.instance.given?.format ?? '') : ob.instance.format);
    // auto: a dense elimination that fits can still cost far more than a sketch of the target's
    // size; take the sketch when it is estimated at least SKETCH_ADVANTAGE times cheaper (dense
    // elimination finds the whole rank, which measures use, so it wins when close). The same for
    // the plan the transfer engine falls back to.
    const cheaper = (p: LowerBoundPlan): LowerBoundPlan => {
      if (options.engine !== 'auto' || p.engine !== 'modp' || ob.atLeast > BigInt(MAX_MINOR_SIZE)) return p;
      const sketch: LowerBoundPlan = { ...p, engine: 'sketch', reason: `a K = ${ob.atLeast} sketch is estimated much cheaper than eliminating the whole ${p.rows} x ${p.cols} matricization` };
      const dense = estimateLowerBound(p, ob.instance, Number(ob.atLeast)).seconds;
      return estimateLowerBound(sketch, ob.instance, Number(ob.atLeast)).seconds * SKETCH_ADVANTAGE < dense && dense > MIN_SECONDS_TO_SWITCH ? sketch : p;
    };
    plan = plan.fallback ? { ...plan, fallback: cheaper(plan.fallback) } : cheaper(plan);
    if (plan.engine === 'sketch') checkSketchSize(ob.atLeast);
    if (plan.engine === 'sketch' && ob.instance.kind !== 'witness') checkSketchBudget(buildInstance(ob.instance).tensor, ob.rowModes, ob.atLeast);
    const est = estimateLowerBound(plan, ob.instance, Number(ob.atLeast));
    totalSeconds += est.seconds;
    checkLimits(`the ${plan.rows} x ${plan.cols} matricization with engine ${plan.engine}`, est, totalSeconds, options);
    plans.set(ob.id, plan);
  }
  return { plans, seconds: totalSeconds - before };
}

const sameModes = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((m, i) => m === b[i]);

function produceLowerBound(ob: LowerBoundObligation, planned: LowerBoundPlan, firstAttempt: number): Produced {
  // An instance without square, nonsingular transfer blocks (e.g. a witness whose bonds exceed n) takes the engine auto would take without them.
  let plan = planned;
  if (plan.engine === 'transfer' && plan.fallback) {
    const trial = produceLowerBoundWith(ob, plan, firstAttempt);
    if (trial.certificates.some((c) => !c.name.endsWith('-cut')) || ob.instance.kind === 'random') return trial;
    plan = plan.fallback;
  }
  return produceLowerBoundWith(ob, plan, firstAttempt);
}

function produceLowerBoundWith(ob: LowerBoundObligation, plan: LowerBoundPlan, firstAttempt: number): Produced {
  const attempts: Attempt[] = [];
  const certificates: { name: string; doc: object }[] = [];
  const tries = ob.instance.kind === 'random' ? MAX_RANDOM_ATTEMPTS : 1;
  const target = Number(ob.atLeast);
  let best = -1;
  let note: string | undefined;
  let evidence: Produced['evidence'];
  let engine: string = plan.engine;
  let t = firstAttempt;
  // The transfer engine draws its random TT with every bond min(n, r) (a network of the structure: ranks at most r), so that its blocks are square.
  const spec = plan.engine === 'transfer' && ob.instance.kind === 'random' ? { ...ob.instance, r: Math.min(ob.instance.n, ob.instance.r) } : ob.instance;
  for (; t < tries; t++) {
    const { tensor, seed, subject } = buildInstance(spec, t);
    // The witness's minor is known in closed form: no need to sketch a matrix too large to form.
    const closedForm = ob.instance.kind === 'witness' && plan.engine === 'sketch' && sameModes(ob.rowModes, oddEvenModes(ob.instance.d));
    const out = closedForm ? witnessMinor(tensor, Math.min(ob.instance.n, ob.instance.r)) : lowerBound(tensor, ob.rowModes, target, plan, seed ?? 0, subject);
    engine = out.engine;
    attempts.push({ ...(seed !== undefined ? { seed } : {}), engine: out.engine, rank: out.rank, ...(out.primes ? { primes: out.primes } : {}), ...(out.note ? { note: out.note } : {}) });
    note = `${describeInstance(spec, seed)}; ${closedForm ? (out.note ?? '') : plan.reason}`;
    best = Math.max(best, out.rank);
    if (!out.certificate) {
      if (out.rank >= target) {
        evidence = { rank: out.rank, note: `${describeInstance(ob.instance, seed)}; ${out.note ?? ''}` };
        t++;
        break;
      }
      continue;
    }
    // Provenance is outside the digest: adding the instance's origin leaves the certificate sealed.
    const doc = ob.instance.provenance ? { ...out.certificate, provenance: { ...((out.certificate as { provenance?: object }).provenance ?? {}), ...ob.instance.provenance } } : out.certificate;
    certificates.push({ name: `${ob.id}-${t}`, doc });
    if (out.rank >= target) {
      t++;
      break;
    }
  }
  const certified = attempts.filter((a) => a.engine !== 'float').map((a) => a.rank);
  const reached = certified.length > 0 ? Math.max(...certified) : 0;
  if (best < target && !evidence) {
    // Not reached: a cut certificate may show the requirement false for every tensor (the kernel
    // decides whether it refutes the statement).
    const x = buildInstance(ob.instance, 0).tensor;
    certificates.push({ name: `${ob.id}-cut`, doc: cutCertificate(structureOf(x), ob.rowModes, minCut(structureOf(x), ob.rowModes), { engine: 'min-cut' }) });
  }
  return { ob, certificates, attempts, engine, ...(note !== undefined ? { note } : {}), ...(evidence ? { evidence } : {}), nextAttempt: t, ...(best < target && !evidence && reached > 0 ? { reached } : {}) };
}

function produceUpperBound(ob: UpperBoundObligation): Produced {
  const cut = minCut(ob.structure, ob.rowModes);
  return { ob, certificates: [{ name: ob.id, doc: cutCertificate(ob.structure, ob.rowModes, cut, { engine: 'min-cut' }) }], engine: 'min-cut', note: `cut {${cut.cut.join(', ')}}` };
}

/**
 * The CP decomposition of the paper's witness (TT or HT), in closed form: the witness is
 * (sum_{i<q} e_i (x) e_i)^{(x) d/2}, so it is the sum over a in [q]^(d/2) of the rank-one terms
 * with e_{a_t} at modes 2t and 2t+1: q^(d/2) terms. The equality certificate checks it.
 */
export function witnessCp(n: number, r: number, d: number): CpTensor<Rational> {
  const q = Math.min(n, r);
  const half = d / 2;
  const R = q ** half;
  const zero: Rational = { num: 0n, den: 1n };
  const one: Rational = { num: 1n, den: 1n };
  const factors = Array.from({ length: d }, (_, k) => {
    const t = Math.floor(k / 2);
    const f = new Array<Rational>(n * R).fill(zero);
    for (let term = 0; term < R; term++) {
      const digit = Math.floor(term / q ** (half - 1 - t)) % q;
      f[digit * R + term] = one;
    }
    return f;
  });
  return { format: 'cp', shape: new Array<number>(d).fill(n), rank: R, factors };
}

function convert(name: ConversionObligation['conversion'], x: Tensor<Rational>, tree: ReturnType<typeof treeFor>, spec: ConversionObligation['instance']): Tensor<Rational> {
  switch (name) {
    case 'witness-cp':
      if (spec.kind !== 'witness') throw new RangeError('witness-cp converts the witness only');
      return witnessCp(spec.n, spec.r, spec.d);
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

function produceConversion(ob: ConversionObligation): Produced {
  const { tensor, seed } = buildInstance(ob.instance);
  const x = inField(Q, tensor);
  const y = convert(ob.conversion, x, treeFor(ob.instance), ob.instance);
  return { ob, certificates: [{ name: ob.id, doc: equalityCertificate(tensor, y, { conversion: ob.conversion }) }], engine: ob.conversion, note: describeInstance(ob.instance, seed) };
}

function produceFamily(ob: FamilyLowerBoundObligation): Produced {
  const c = ob.construction;
  if (c.method === 'kronecker') {
    const { certificate } = kroneckerCertificate(c.pair, { engine: 'exact pair block' });
    return { ob, certificates: [{ name: ob.id, doc: certificate }], engine: 'exact', note: `the ${c.pair.size} x ${c.pair.size} pair block` };
  }
  const t = transferCertificate(c.format, c.n, c.r, c.seed, { engine: 'modp on the transfer blocks' });
  const k = t.leading * t.base;
  return { ob, certificates: [{ name: ob.id, doc: t.certificate }], engine: 'modp', note: `a ${c.format === 'tt' ? 'TT' : 'shared-core TT'} generator of order 4 (seed ${c.seed}, ${t.draws} draw${t.draws > 1 ? 's' : ''}); its ${k} x ${k} product-structured minor` };
}

function produceFamilyUpper(ob: FamilyUpperBoundObligation): Produced {
  const { certificate } = isolationCertificate(ob.family.format, ob.family.n, ob.family.r, { engine: 'isolation rule' });
  return { ob, certificates: [{ name: ob.id, doc: certificate }], engine: 'isolation', note: 'a cut isolating every column mode, at every even order' };
}

/** Runs the engines for one obligation. */
export function produce(ob: Obligation, plans: Map<string, LowerBoundPlan>, firstAttempt = 0): Produced {
  switch (ob.kind) {
    case 'family-lower-bound':
      return produceFamily(ob);
    case 'family-upper-bound':
      return produceFamilyUpper(ob);
    case 'grid-lower-bound': {
      const g = gridRankCertificate(ob.network, ob.rowModes, { engine: 'modp on the whole grid matricization' });
      return { ob, certificates: [{ name: ob.id, doc: g.certificate }], engine: 'modp', note: `the ${ob.network.M}^${ob.network.T} grid tensor; rank ${g.rank} mod ${g.prime}` };
    }
    case 'exact-rank': {
      const e = matricizationExactRank(ob.tensor, ob.rowModes, { subject: ob.subject });
      return {
        ob,
        certificates: [
          { name: `${ob.id}-minor`, doc: e.lower },
          { name: `${ob.id}-nullspace`, doc: e.upper },
        ],
        engine: 'modp + null space',
        note: `rank ${e.rank} mod ${e.evidence.prime}; ${e.evidence.vectors.length} ${e.evidence.side} null vector(s)${e.evidence.liftPrimes > 0 ? `, lifted to Q with ${e.evidence.liftPrimes} primes` : ''}`,
      };
    }
    case 'lower-bound':
      return produceLowerBound(ob, plans.get(ob.id) as LowerBoundPlan, firstAttempt);
    case 'upper-bound':
      return produceUpperBound(ob);
    case 'conversion':
      return produceConversion(ob);
  }
}

/** What a bundle's manifest says about the run, besides its claims. */
export interface BundleHead {
  readonly theorem: string;
  readonly title: string;
  readonly parameters: Readonly<Record<string, number | string>>;
  readonly tool: { readonly name: string; readonly version: string };
}

/** File names for certificates: safe characters, unique. */
function fileName(name: string, used: Set<string>): string {
  const base = name.replace(/[^A-Za-z0-9_.-]+/g, '_');
  let out = `${base}.json`;
  for (let k = 2; used.has(out); k++) out = `${base}.${k}.json`;
  used.add(out);
  return out;
}

/** Writes the run's certificates and statements into a bundle (manifest + certificate files). */
export function assembleBundle(head: BundleHead, produced: readonly Produced[]): ProofBundle & { readonly names: ReadonlyMap<object, { file: string; digest: string }> } {
  const used = new Set<string>(['manifest.json']);
  const names = new Map<object, { file: string; digest: string }>();
  const files = new Map<string, string>();
  const entries: { digest: string; file: string }[] = [];
  for (const p of produced)
    for (const c of p.certificates) {
      const file = fileName(c.name, used);
      const digest = contentDigest(c.doc);
      names.set(c.doc, { file, digest });
      // Each file also says where it came from (provenance is outside the digest and the kernel ignores it).
      const provenance = { ...((c.doc as { provenance?: object }).provenance ?? {}), theorem: head.theorem, parameters: head.parameters, obligation: p.ob.id, tool: head.tool };
      files.set(file, stableJson({ ...c.doc, provenance }) + '\n');
      entries.push({ digest, file });
    }
  const digestsOf = (id: string): string[] => (produced.find((p) => p.ob.id === id)?.certificates ?? []).map((c) => (names.get(c.doc) as { digest: string }).digest);
  const claims = produced.flatMap((p) => {
    const certificates = [...new Set([...digestsOf(p.ob.id), ...(p.ob.alsoUses ?? []).flatMap(digestsOf)])];
    const main = { id: p.ob.id, role: p.ob.role, statement: p.ob.statement, certificates };
    const weaker = p.reached !== undefined ? reachedStatement(p.ob.statement, p.reached) : undefined;
    const also = (p.ob.alsoStates ?? []).map((x) => ({ id: x.id, role: 'measure' as const, statement: x.statement, certificates: digestsOf(p.ob.id) }));
    return [main, ...(weaker ? [{ id: reachedId(p.ob.id), role: 'measure' as const, statement: weaker, certificates: digestsOf(p.ob.id) }] : []), ...also];
  });
  const manifest = { bundle: 'check-theorem/proof-bundle', version: 1, tool: head.tool, theorem: head.theorem, title: head.title, parameters: head.parameters, claims, certificates: entries };
  return { manifest: stableJson(manifest) + '\n', files, names };
}

function certifiedValue(ob: Obligation, claims: readonly Claim[]): string | undefined {
  if (ob.kind === 'family-lower-bound' || ob.kind === 'family-upper-bound') {
    const f = claims.find((c) => c.kind === (ob.kind === 'family-lower-bound' ? 'rank-lower-bound-family' : 'rank-upper-bound-family'));
    return f && (f.kind === 'rank-lower-bound-family' || f.kind === 'rank-upper-bound-family') ? familyBoundText(f) : undefined;
  }
  const bounds = claims.map((c) => (c.kind === 'rank-lower-bound' || c.kind === 'rank-upper-bound' ? c.bound : undefined)).filter((b): b is bigint => b !== undefined);
  if (ob.kind === 'conversion') {
    const eq = claims.find((c) => c.kind === 'equality');
    if (!eq || eq.kind !== 'equality') return undefined;
    const s = eq.right.structure;
    const ranks = s.format === 'tt' ? s.ranks.slice(1, -1) : s.format === 'ht' ? s.nodes.slice(0, -1).map((n) => n.rank) : s.format === 'cp' ? [s.rank] : [];
    return String(Math.max(1, ...ranks));
  }
  if (ob.kind === 'exact-rank') {
    const lo = claims.find((c) => c.kind === 'rank-lower-bound');
    const up = claims.find((c) => c.kind === 'matrix-rank-upper-bound');
    return lo && up && lo.kind === 'rank-lower-bound' && up.kind === 'matrix-rank-upper-bound' && lo.bound === up.bound ? String(lo.bound) : undefined;
  }
  if (ob.kind === 'lower-bound') {
    const lower = claims.flatMap((c) => (c.kind === 'rank-lower-bound' ? [c.bound] : []));
    return lower.length > 0 ? String(lower.reduce((a, b) => (b > a ? b : a))) : undefined;
  }
  if (bounds.length === 0) return undefined;
  const pick = ob.kind === 'upper-bound' ? bounds.reduce((a, b) => (b < a ? b : a)) : bounds.reduce((a, b) => (b > a ? b : a));
  return String(pick);
}

/** The kernel's verdict on the weaker bound a short lower bound reached. */
function reachedResult(p: Produced, kernel: BundleVerdict): Pick<ObligationResult, 'reached'> {
  if (p.reached === undefined) return {};
  const cv = kernel.claims.find((c) => c.id === reachedId(p.ob.id));
  if (!cv) return {};
  return { reached: { value: String(p.reached), outcome: cv.outcome, statement: cv.text } };
}

/** The obligation results, read off the kernel's verdict on the bundle. */
export function resultsOf(produced: readonly Produced[], bundle: ReturnType<typeof assembleBundle>, kernel: BundleVerdict): ObligationResult[] {
  const byDigest = new Map(kernel.certificates.map((c) => [c.digest, c.verdict]));
  return produced.map((p) => {
    const cv = kernel.claims.find((c) => c.id === p.ob.id);
    const certificates: CheckedCertificate[] = p.certificates.map((c) => {
      const { file, digest } = bundle.names.get(c.doc) as { file: string; digest: string };
      const v = byDigest.get(digest);
      const verdict = v === undefined ? { verdict: 'rejected' as const, code: 'MISSING_CERTIFICATE', path: '', detail: 'not checked' } : v.verdict === 'verified' ? { verdict: 'verified' as const } : { verdict: 'rejected' as const, code: v.code, path: v.path, detail: v.detail };
      return { name: file, certificate: c.doc, digest, verdict, ...(v?.verdict === 'verified' ? { claim: describeClaim(v.claim) } : {}) };
    });
    const claims = p.certificates.flatMap((c) => {
      const v = byDigest.get((bundle.names.get(c.doc) as { digest: string }).digest);
      return v?.verdict === 'verified' ? [v.claim] : [];
    });
    const value = certifiedValue(p.ob, claims);
    const outcome = cv?.outcome ?? 'not established';
    const status: ObligationResult['status'] = outcome === 'established' ? 'verified' : outcome === 'refuted' ? 'refuted' : p.evidence ? 'evidence' : 'failed';
    const shown: Record<Obligation['kind'], string> = { 'lower-bound': `rank >= ${value}`, 'upper-bound': `rank <= ${value} (every tensor)`, conversion: `equal, largest rank ${value}`, 'family-lower-bound': `rank >= ${value} for every even d`, 'family-upper-bound': `rank <= ${value} for every even d (every network)`, 'grid-lower-bound': `grid rank >= ${value}`, 'exact-rank': `rank = ${value} (this tensor)` };
    const established =
      status === 'verified' ? shown[p.ob.kind] : status === 'evidence' ? `numerical rank ${p.evidence?.rank} (float evidence, not proof)` : `${outcome}${cv ? `: ${cv.detail}` : ''}`;
    return {
      id: p.ob.id,
      kind: p.ob.kind,
      role: p.ob.role,
      description: p.ob.description,
      status,
      statement: cv?.text ?? '(not checked)',
      required: p.ob.kind === 'upper-bound' ? `rank <= ${p.ob.atMost}` : p.ob.kind === 'lower-bound' ? `rank >= ${p.ob.atLeast}` : p.ob.kind === 'conversion' ? `equal, ranks <= ${p.ob.ranksAtMost}` : p.ob.kind === 'grid-lower-bound' ? `grid rank >= ${p.ob.atLeast}` : p.ob.kind === 'exact-rank' ? `rank = ${p.ob.value}` : p.ob.kind === 'family-upper-bound' ? `rank <= ${familyBoundText(p.ob.atMost)} for every even d` : `rank >= ${familyBoundText(p.ob.atLeast)} for every even d`,
      established,
      ...(value !== undefined ? { value } : status === 'evidence' ? { value: String(p.evidence?.rank) } : {}),
      ...(p.engine ? { engine: p.engine } : {}),
      ...(p.attempts ? { attempts: p.attempts } : {}),
      certificates,
      ...(p.note || p.evidence ? { note: p.evidence?.note ?? p.note } : {}),
      ...reachedResult(p, kernel),
    };
  });
}

/** The run's verdict from the kernel's: the runner only adds EVIDENCE / INCONCLUSIVE / ERROR words. */
export function runVerdict(kernel: BundleVerdict, results: readonly ObligationResult[]): TheoremVerdict {
  switch (kernel.verdict) {
    case 'PROVED':
      return 'PROVED';
    case 'REFUTED':
      return 'REFUTED';
    case 'REJECTED':
      return 'ERROR';
    case 'NOT_PROVED':
      return results.filter((r) => r.role === 'proof').every((r) => r.status === 'verified' || r.status === 'evidence') ? 'EVIDENCE' : 'INCONCLUSIVE';
  }
}

/**
 * Runs every obligation, writes the bundle and has the kernel check it. A lower bound on a random
 * instance whose certificate the kernel rejected (an unlucky draw the engine could not see, e.g. a
 * large sketch it did not precheck) is retried with the next seed, and the bundle checked again.
 */
export function runAndCheck(obligations: readonly Obligation[], options: RunOptions, head: BundleHead, planned?: RunPlan): { produced: Produced[]; bundle: ReturnType<typeof assembleBundle>; kernel: BundleVerdict } {
  const { plans } = planned ?? planObligations(obligations, options);
  const produced = obligations.map((ob, i) => {
    options.onProgress?.({ index: i, total: obligations.length, label: ob.description });
    return produce(ob, plans);
  });
  for (;;) {
    const bundle = assembleBundle(head, produced);
    const kernel = checkBundleParallel(bundle.manifest, bundle.files, options.jobs);
    const retry = produced.findIndex((p) => {
      const cv = kernel.claims.find((c) => c.id === p.ob.id);
      return p.ob.kind === 'lower-bound' && p.ob.instance.kind === 'random' && cv?.outcome === 'not established' && (p.nextAttempt ?? MAX_RANDOM_ATTEMPTS) < MAX_RANDOM_ATTEMPTS && !p.certificates.some((c) => c.name.endsWith('-cut'));
    });
    if (retry < 0 || kernel.verdict === 'REJECTED') return { produced, bundle, kernel };
    const p = produced[retry] as Produced;
    const again = produce(p.ob, plans, p.nextAttempt);
    produced[retry] = { ...again, certificates: [...p.certificates, ...again.certificates], attempts: [...(p.attempts ?? []), ...(again.attempts ?? [])] };
  }
}
