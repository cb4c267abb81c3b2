/**
 * The regression gate: re-prove a committed baseline of instances and report, readably, every
 * lost certificate, changed verdict and changed certified number.
 *
 * @packageDocumentation
 */
import { paramsAt, type TheoremModule, type TheoremParams } from '../../proofs/types.js';
import { runTheorem } from './theorem.js';
import type { EngineChoice, NetworkFormat, TheoremResult } from './types.js';

/** One obligation as recorded in the baseline. */
export interface BaselineObligation {
  readonly id: string;
  readonly role: string;
  readonly status: string;
  readonly value: string | null;
  /** Kinds of the certificates the kernel verified. */
  readonly certificates: readonly string[];
}

/** One instance as recorded in the baseline. */
export interface BaselineInstance {
  readonly theorem: string;
  readonly parameters: Readonly<Record<string, number | string>>;
  readonly verdict: string;
  readonly bound: string;
  readonly obligations: readonly BaselineObligation[];
}

/** The baseline file. */
export interface Baseline {
  readonly regenerate: string;
  readonly engine: EngineChoice;
  readonly instances: readonly BaselineInstance[];
}

/** The command that rewrites the baseline (printed in the file and in failures). */
export const BASELINE_UPDATE_COMMAND = 'npx check-theorem gate --update';

/** The baseline record of a result. */
export function recordOf(r: TheoremResult): BaselineInstance {
  return {
    theorem: r.theorem,
    parameters: r.parameters,
    verdict: r.verdict,
    bound: r.bound.value,
    obligations: r.obligations.map((o) => ({
      id: o.id,
      role: o.role,
      status: o.status,
      value: o.value ?? null,
      certificates: o.certificates.filter((c) => c.verdict.verdict === 'verified').map((c) => (c.certificate as { kind?: string }).kind ?? 'unknown'),
    })),
  };
}

/** "theorem1 n=2 r=2 d=8 seed=1". */
export function instanceName(i: { theorem: string; parameters: Readonly<Record<string, number | string>> }): string {
  return `${i.theorem} ${Object.entries(i.parameters)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ')}`;
}

/** Theorem parameters from a baseline record. */
export function paramsOf(i: BaselineInstance): TheoremParams {
  const p = i.parameters;
  return {
    n: Number(p['n']),
    r: Number(p['r']),
    d: Number(p['d']),
    seed: Number(p['seed'] ?? 1),
    ...(p['split'] !== undefined ? { split: String(p['split']) } : {}),
    ...(p['format'] !== undefined ? { format: String(p['format']) as NetworkFormat } : {}),
  };
}

/** Differences between an expected and an actual record, one readable line each. */
export function diffInstance(expected: BaselineInstance, actual: BaselineInstance): string[] {
  const out: string[] = [];
  if (expected.verdict !== actual.verdict) out.push(`verdict ${expected.verdict} -> ${actual.verdict}`);
  if (expected.bound !== actual.bound) out.push(`bound ${expected.bound} -> ${actual.bound}`);
  for (const e of expected.obligations) {
    const a = actual.obligations.find((o) => o.id === e.id);
    if (!a) {
      out.push(`obligation ${e.id}: gone`);
      continue;
    }
    if (e.status !== a.status) out.push(`obligation ${e.id}: status ${e.status} -> ${a.status}`);
    if (e.value !== a.value) out.push(`obligation ${e.id}: certified number ${e.value ?? '-'} -> ${a.value ?? '-'}`);
    const lost = e.certificates.filter((k, i) => a.certificates[i] !== k);
    if (lost.length > 0 || a.certificates.length < e.certificates.length) out.push(`obligation ${e.id}: certificate lost (${e.certificates.join(', ') || 'none'} -> ${a.certificates.join(', ') || 'none'})`);
    else if (a.certificates.length > e.certificates.length) out.push(`obligation ${e.id}: certificates ${e.certificates.join(', ') || 'none'} -> ${a.certificates.join(', ')}`);
  }
  for (const a of actual.obligations) if (!expected.obligations.some((e) => e.id === a.id)) out.push(`obligation ${a.id}: new (${a.status}, ${a.value ?? '-'})`);
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
): GateReport {
  const failures: { instance: string; lines: string[] }[] = [];
  baseline.instances.forEach((expected, i) => {
    const name = instanceName(expected);
    onStep?.(i, baseline.instances.length, name);
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
  const unrecorded = theorems.flatMap((t) => t.defaultGrid.map((g) => instanceName({ theorem: t.id, parameters: { ...stringify(g), seed: 1 } }))).filter((n) => !recorded.has(n));
  return { checked: baseline.instances.length, failures, unrecorded };
}

function stringify(g: object): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const [k, v] of Object.entries(g)) if (v !== undefined) out[k] = v as number | string;
  return out;
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
