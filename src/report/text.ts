/**
 * Text reports of theorem runs, and their JSON form.
 *
 * @packageDocumentation
 */
import type { ObligationResult, TheoremResult } from '../runner/types.js';

/** Aligned columns. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}

const STATUS: Record<ObligationResult['status'], string> = {
  verified: 'VERIFIED',
  refuted: 'REFUTED',
  evidence: 'EVIDENCE',
  failed: 'NOT SHOWN',
};

/** The human report of one run. */
export function theoremReport(r: TheoremResult, explain?: { statement: string; argument: string; source: string }): string {
  const params = Object.entries(r.parameters)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  let out = `${r.theorem}: ${r.title}\n  parameters: ${params}\n  bound: ${r.bound.expression} = ${r.bound.value} (${r.bound.direction})\n`;
  if (explain) out += `  statement: ${explain.statement}\n  source: ${explain.source}\n  argument: ${explain.argument}\n`;
  out += '\n';
  out += table(
    ['role', 'obligation', 'status', 'required', 'established', 'engine', 'how'],
    r.obligations.map((o) => [o.role, o.id, STATUS[o.status], o.required, o.established, o.engine ?? '-', o.note ?? '']),
  );
  out += `\nthe kernel on the bundle: ${r.kernel.verdict.replace('_', ' ')}${r.kernel.rejection ? ` (${r.kernel.rejection.code} at ${r.kernel.rejection.path || '/'}: ${r.kernel.rejection.detail})` : ''}\n`;
  for (const c of r.kernel.claims) out += `  ${c.role} ${c.id} ${c.outcome.toUpperCase()}: ${c.text}\n`;
  out += `\n${r.summary}\n`;
  return out;
}

/**
 * The JSON form of a run: everything but the certificate bodies (those go to files with
 * --certificate / --out), so the output stays small and byte-for-byte reproducible.
 */
export function theoremJson(r: TheoremResult): object {
  const { bundle: _bundle, kernel, ...rest } = r;
  void _bundle;
  return {
    ...rest,
    kernel: { verdict: kernel.verdict, claims: kernel.claims, ...(kernel.rejection ? { rejection: kernel.rejection } : {}) },
    obligations: r.obligations.map((o) => ({
      ...o,
      certificates: o.certificates.map((c) => ({ name: c.name, digest: c.digest, kind: (c.certificate as { kind?: string }).kind ?? 'unknown', verdict: c.verdict, ...(c.claim ? { claim: c.claim } : {}) })),
    })),
  };
}
