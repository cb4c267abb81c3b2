/**
 * The catalogue's formulas, parsed once by mathjs into proofs/formulas.json (see proofs/bound.ts).
 *
 * @packageDocumentation
 */
import { parseFormula, type ParsedFormula } from './bound.js';
import { gateTheorems } from '../src/cli/commands/gate.js';
import { stableJson } from '../src/report/json.js';

/** Every formula text the catalogue and the committed conjectures use, sorted, once each. */
export function catalogueFormulas(): string[] {
  return [...new Set(gateTheorems().map((t) => t.bound.expression))].sort();
}

/** The file's text for these formulas (as mathjs parses them now). */
export function formulasJson(texts: readonly string[]): string {
  const out: Record<string, ParsedFormula> = {};
  for (const t of texts) out[t] = parseFormula(t);
  return stableJson(out) + '\n';
}
