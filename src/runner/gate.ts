/**
 * The regression gate: re-prove a committed baseline of instances and report, readably, every
 * lost certificate, changed verdict and changed certified number.
 *
 * @packageDocumentation
 */
import { shardIndices, type Shard } from './shard.js';
import { paramsAt, type TheoremModule, type TheoremParams } from '../../proofs/types.js';
import { canonicalJson, parseJson, type Verdict } from '../kernel/index.js';
import { runTheorem, usedParameters } from './theorem.js';
import type { EngineChoice, NetworkFormat, TheoremResult } from './types.js';

/**
 * One claim as recorded in the baseline: its statement and the subject of every certificate it
 * rests on (canonical JSON, one line each, so a diff shows what changed), and the kernel's outcome.
 */
export interface BaselineClaim {
  readonly id: string;
  readonly role: string;
  readonly outcome: string;
  readonly statement: string;
  /** Per certificate: its kind, what it is about (structure, split, tensor identity) and its number. */
  readonly subjects: readonly string[];
}

/** One instance as recorded in the baseline. */
export interface BaselineInstance {
  readonly theorem: string;
  readonly parameters: Readonly<Record<string, number | string>>;
  readonly verdict: string;
  readonly bound: string;
  readonly claims: readonly BaselineClaim[];
}

/** The baseline file. */
export interface Baseline {
  readonly regenerate: string;
  readonly engine: EngineChoice;
  readonly instances: readonly BaselineInstance[];
}

/** The command that rewrites the baseline (printed in the file and in failures). */
export const BASELINE_UPDATE_COMMAND = 'npx check-theorem gate --update';

/** What a verified certificate is about, without its data: kind, subject, number. */
function subjectOf(kind: string, v: Verdict): object {
  if (v.verdict === 'rejected') return { kind, rejected: v.code };
  const c = v.claim;
  switch (c.kind) {
    case 'rank-lower-bound':
      return { kind, rankAtLeast: c.bound.toString(), subject: c.subject.kind === 'explicit' ? { rows: c.subject.rows, cols: c.subject.cols } : c.subject.kind === 'grid' ? { network: c.subject.network, rowModes: c.subject.rowModes } : { tensor: c.subject.tensor, rowModes: c.subject.rowModes } };
    case 'rank-upper-bound':
      return { kind, rankAtMost: c.bound.toString(), structure: c.structure, rowModes: c.rowModes };
    case 'matrix-rank-upper-bound':
      return { kind, rankAtMost: c.bound.toString(), subject: c.subject.kind === 'explicit' ? { rows: c.subject.rows, cols: c.subject.cols } : { tensor: c.subject.tensor, rowModes: c.subject.rowModes } };
    case 'equality':
      return { kind, left: c.left, right: c.right };
    case 'rank-lower-bound-family':
      return c.method === 'kronecker' ? { kind, rankAtLeastPerPair: c.base.toString(), pair: c.generator } : { kind, leading: c.leading.toString(), base: c.base.toString(), generator: c.generator };
    case 'rank-upper-bound-family':
      return { kind, leading: c.leading.toString(), base: c.base.toString(), family: c.family, cut: c.cut };
  }
}

/** The baseline record of a result, read off the kernel's verdict on its bundle. */
export function recordOf(r: TheoremResult): BaselineInstance {
  const manifest = parseJson(r.bundle.manifest) as { claims: { id: string; statement: unknown; certificates: string[] }[] };
  const verdicts = new Map(r.kernel.certificates.map((c) => [c.digest, c.verdict]));
  const kinds = new Map(r.obligations.flatMap((o) => o.certificates.map((c) => [c.digest, (c.certificate as { kind?: string }).kind ?? 'unknown'] as const)));
  return {
    theorem: r.theorem,
    parameters: r.parameters,
    verdict: r.verdict,
    bound: r.bound.value,
    claims: manifest.claims.map((m) => ({
      id: m.id,
      role: r.kernel.claims.find((c) => c.id === m.id)?.role ?? '?',
      outcome: r.kernel.claims.find((c) => c.id === m.id)?.outcome ?? '?',
      statement: canonicalJson(m.statement),
      subjects: m.certificates.map((d) => canonicalJson(subjectOf(kinds.get(d) ?? 'unknown', verdicts.get(d) ?? { verdict: 'rejected', code: 'MISSING_CERTIFICATE', path: '', detail: '' }))),
    })),
  };
}

/** "theorem1 n=2 r=2 d=8 seed=1". */
export function instanceName(i: { theorem: string; parameters: Readonly<Record<string, number | string>> }): string {
  return `${i.theorem} ${Object.entries(i.parameters)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ')}`;
}

/** Theorem parameters from a baseline record (every parameter a module records, as recorded). */
export function paramsOf(i: BaselineInstance): TheoremParams {
  const p = i.parameters;
  const text = (name: string): Record<string, string> => (p[name] !== undefined ? { [name]: String(p[name]) } : {});
  return {
    n: p['n'] !== undefined ? Number(p['n']) : Number.NaN,
    r: p['r'] !== undefined ? Number(p['r']) : Number.NaN,
    d: p['d'] !== undefined ? Number(p['d']) : Number.NaN,
    seed: Number(p['seed'] ?? 1),
    ...text('split'),
    ...(p['format'] !== undefined ? { format: String(p['format']) as NetworkFormat } : {}),
    ...text('network'),
    ...text('sizes'),
    ...text('tensor'),
    ...(p['k'] !== undefined ? { k: Number(p['k']) } : {}),
  };
}

/** Differences between an expected and an actual record, one readable line each. */
export function diffInstance(expected: BaselineInstance, actual: BaselineInstance): string[] {
  const out: string[] = [];
  if (expected.verdict !== actual.verdict) out.push(`verdict ${expected.verdict} -> ${actual.verdict}`);
  if (expected.bound !== actual.bound) out.push(`bound ${expected.bound} -> ${actual.bound}`);
  for (const e of expected.claims ?? []) {
    const a = actual.claims.find((c) => c.id === e.id);
    if (!a) {
      out.push(`claim ${e.id}: gone`);
      continue;
    }
    if (e.role !== a.role) out.push(`claim ${e.id}: role ${e.role} -> ${a.role}`);
    if (e.outcome !== a.outcome) out.push(`claim ${e.id}: ${e.outcome} -> ${a.outcome}`);
    if (e.statement !== a.statement) out.push(`claim ${e.id}: statement changed: ${e.statement} -> ${a.statement}`);
    const lost = e.subjects.filter((x) => !a.subjects.includes(x));
    const added = a.subjects.filter((x) => !e.subjects.includes(x));
    for (const x of lost) out.push(`claim ${e.id}: certificate lost or changed: ${x}`);
    for (const x of added) out.push(`claim ${e.id}: new certificate: ${x}`);
  }
  for (const a of actual.claims) if (!(expected.claims ?? []).some((e) => e.id === a.id)) out.push(`claim ${a.id}: new (${a.outcome}): ${a.statement}`);
  return out;
}

/** The outcome of a gate run. */
export interface GateReport {
  readonly checked: number;
  readonly failures: readonly { readonly instance: string; readonly lines: readonly string[] }[];
  /** Default-grid instances missing from the baseline (informational). */
  readonly unrecorded: readonly string[];
}

/** Re-proves every baseline instance with the given theorem registry. */
export function runGate(
  baseline: Baseline,
  theorems: readonly TheoremModule[],
  onStep?: (i: number, total: number, label: string) => void,
  shard?: Shard,
): GateReport {
  const failures: { instance: string; lines: string[] }[] = [];
  const mine = shardIndices(baseline.instances.length, shard);
  mine.forEach((j, i) => {
    const expected = baseline.instances[j] as BaselineInstance;
    const name = instanceName(expected);
    onStep?.(i, mine.length, name);
    const module = theorems.find((t) => t.id === expected.theorem);
    if (!module) {
      failures.push({ instance: name, lines: [`theorem ${expected.theorem} no longer exists`] });
      return;
    }
    try {
      const actual = recordOf(runTheorem(module, paramsOf(expected), { engine: baseline.engine }));
      const lines = diffInstance(expected, actual);
      if (lines.length > 0) failures.push({ instance: name, lines });
    } catch (e) {
      failures.push({ instance: name, lines: [`no longer runs: ${(e as Error).message}`] });
    }
  });
  const recorded = new Set(baseline.instances.map(instanceName));
  const unrecorded = theorems.flatMap((t) => t.defaultGrid.map((g) => instanceName({ theorem: t.id, parameters: usedParameters(t, paramsAt(g, 1)) }))).filter((n) => !recorded.has(n));
  return { checked: mine.length, failures, unrecorded };
}

/** A new baseline: every theorem's default grid at seed 1. */
export function buildBaseline(theorems: readonly TheoremModule[], engine: EngineChoice, onStep?: (i: number, total: number, label: string) => void): Baseline {
  const jobs = theorems.flatMap((t) => t.defaultGrid.map((g) => ({ t, p: paramsAt(g, 1) })));
  const instances = jobs.map(({ t, p }, i) => {
    onStep?.(i, jobs.length, `${t.id}`);
    return recordOf(runTheorem(t, p, { engine }));
  });
  return { regenerate: `${BASELINE_UPDATE_COMMAND} (only when a change of these results is intended; the diff is part of the review)`, engine, instances };
}
