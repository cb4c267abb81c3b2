/**
 * Text reports of theorem runs, and their JSON form.
 *
 * @packageDocumentation
 */
import type { ObligationResult, TheoremResult } from '../runner/types.js';

/** Text output fits this many columns by default (tables wrap their widest cells, prose wraps at spaces). */
export const TEXT_WIDTH = 100;

let textWidth = TEXT_WIDTH;
/** Sets the width text reports wrap at (the CLI's --width); 0 turns wrapping off. */
export function setTextWidth(width: number): void {
  textWidth = width > 0 ? width : Number.MAX_SAFE_INTEGER;
}

/** Splits text into lines of at most `width` characters at spaces (a longer word stays whole). */
export function wrapWords(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      out.push(line);
      line = word;
    }
  }
  out.push(line);
  return out;
}

/** A paragraph wrapped to TEXT_WIDTH: its first line as given, the others indented by `indent` spaces. */
export function wrap(text: string, indent = 4, width = textWidth): string {
  const lead = /^ */.exec(text)?.[0].length ?? 0;
  const words = wrapWords(text.slice(lead), width - Math.max(lead, indent));
  return words.map((l, i) => `${' '.repeat(i === 0 ? lead : Math.max(lead, indent))}${l}`).join('\n');
}

/** Every line of a text longer than the width wrapped at spaces, continuation lines indented 4 more. */
export function wrapLines(text: string, width = textWidth): string {
  return text
    .split('\n')
    .map((line) => (line.length <= width ? line : wrap(line, (/^ */.exec(line)?.[0].length ?? 0) + 4, width)))
    .join('\n');
}

/**
 * Aligned columns within TEXT_WIDTH: when the natural widths do not fit, the widest columns are
 * narrowed (down to 12 characters) and their cells wrap onto continuation lines.
 */
export function table(header: readonly string[], rows: readonly (readonly string[])[], width = textWidth): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const total = (): number => widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);
  // Narrow the widest column one character at a time (so wide columns end up alike), not below
  // 12 characters or its header.
  const floor = (i: number): number => Math.max(12, (header[i] ?? '').length);
  while (total() > width) {
    let widest = -1;
    widths.forEach((w, i) => {
      if (w > floor(i) && (widest < 0 || w > (widths[widest] as number))) widest = i;
    });
    if (widest < 0) break;
    widths[widest] = (widths[widest] as number) - 1;
  }
  const lines = (cells: readonly string[]): string[] => {
    const parts = cells.map((c, i) => wrapWords(c, widths[i] as number));
    const height = Math.max(...parts.map((p) => p.length));
    return Array.from({ length: height }, (_, k) =>
      parts
        .map((p, i) => (p[k] ?? '').padEnd(widths[i] as number))
        .join('  ')
        .trimEnd(),
    );
  };
  return [...lines(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.flatMap(lines)].join('\n') + '\n';
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
  let out = `${wrap(`${r.theorem}: ${r.title}`)}\n  parameters: ${params}\n${wrap(`  bound: ${r.bound.expression}${r.bound.perOrder ? ` = ${r.bound.perOrder} for every even d` : ` = ${r.bound.value}`} (${r.bound.direction})`)}\n`;
  if (explain) out += `${wrap(`  statement: ${explain.statement}`)}\n${wrap(`  source: ${explain.source}`)}\n${wrap(`  argument: ${explain.argument}`)}\n`;
  out += '\n';
  // How each engine got there is detail: with --explain.
  out += table(
    ['role', 'obligation', 'status', 'required', 'established', 'engine', ...(explain ? ['how'] : [])],
    r.obligations.map((o) => [o.role, o.id, STATUS[o.status], o.required, o.established, o.engine ?? '-', ...(explain ? [o.note ?? ''] : [])]),
  );
  out += `\n${wrap(`the kernel on the bundle: ${r.kernel.verdict.replace('_', ' ')}${r.kernel.rejection ? ` (${r.kernel.rejection.code} at ${r.kernel.rejection.path || '/'}: ${r.kernel.rejection.detail})` : ''}`)}\n`;
  for (const c of r.kernel.claims) out += `${wrap(`  ${c.role} ${c.id} ${c.outcome.toUpperCase()}: ${c.text}`, 6)}\n`;
  out += `\n${wrap(r.summary)}\n`;
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
