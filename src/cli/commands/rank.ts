/**
 * `check-theorem rank`: the generic rank of one matricization, certified from both sides.
 *
 * @packageDocumentation
 */
import { genericRank, modelCpWidth } from '../../../proofs/index.js';
import { loadTensorFile } from '../../../proofs/modelCpWidth.js';
import { UsageError } from '../errors.js';
import { subjectOf } from '../../../proofs/genericRank.js';
import type { TheoremParams } from '../../../proofs/types.js';
import { jsonDocument } from '../../report/json.js';
import { createProgress } from '../../report/progress.js';
import { theoremJson } from '../../report/text.js';
import { certifiedLower, runTheorem } from '../../runner/theorem.js';
import type { EngineChoice } from '../../runner/types.js';
import type { CliIo } from '../io.js';
import { checkOutputs, verdictExit, writeOutputs } from './prove.js';

/** Runs `rank`. */
export function runRank(a: { params: TheoremParams; engine: EngineChoice; denseBudget: number; maxMemoryBytes?: number; timeoutSeconds?: number; json: boolean; quiet: boolean; out?: string | undefined; certificate?: string | undefined; bundle?: string | undefined }, io: CliIo): number {
  checkOutputs(a);
  if (a.params.tensor !== undefined) return runTensorRank(a, io);
  const progress = createProgress(io, a.quiet || a.json);
  const r = runTheorem(genericRank, a.params, { engine: a.engine, denseBudget: a.denseBudget, maxMemoryBytes: a.maxMemoryBytes, timeoutSeconds: a.timeoutSeconds, onProgress: (e) => progress.step(e.index, e.total, e.label) });
  progress.done();
  writeOutputs(r, a, io);
  if (a.json) {
    io.out(jsonDocument('theorem', theoremJson(r)));
    return verdictExit(r);
  }
  const lower = r.obligations.find((o) => o.id === 'lower');
  const upper = r.obligations.find((o) => o.id === 'upper');
  const p = a.params;
  const what = `${p.split ?? 'odd-even'} matricization of the ${subjectOf(p).what}`;
  const reached = certifiedLower(lower);
  const head =
    r.verdict === 'PROVED'
      ? `generic rank of the ${what}: ${r.bound.value}, certified from both sides`
      : `generic rank of the ${what} in [${reached ?? '?'}, ${upper?.status === 'verified' ? upper.value : '?'}] (${r.verdict}: the minimum cut ${r.bound.value} is an upper bound only; the lower bound is what the kernel proved)`;
  const line = (label: string, o: typeof lower): string => {
    if (!o) return '';
    const cert = o.certificates.find((c) => c.verdict.verdict === 'verified' && c.claim?.startsWith('rank >=')) ?? o.certificates[o.certificates.length - 1];
    const kernel = cert ? (cert.verdict.verdict === 'verified' ? 'kernel VERIFIED' : `kernel REJECTED ${cert.verdict.code}`) : 'no certificate';
    return `  ${label}: ${o.established}; ${o.note ?? ''}; ${kernel}${cert?.claim ? `: ${cert.claim}` : ''}\n`;
  };
  const gap = r.gap;
  const proved = lower?.reached ? (lower.reached.outcome === 'established' ? `  proved: ${lower.reached.statement}\n` : `  not proved: ${lower.reached.statement} (the kernel: ${lower.reached.outcome})\n`) : '';
  io.out(`${head}\n${line('lower', lower)}${line('upper', upper)}${proved}${gap ? `  evidence: ${gap.text}\n` : ''}`);
  return verdictExit(r);
}

/** `rank --tensor FILE`: the rank of one given tensor's matricization (model-cp-width's certificates). */
function runTensorRank(a: Parameters<typeof runRank>[0], io: CliIo): number {
  const p = a.params;
  if (p.format !== undefined || p.network !== undefined) throw new UsageError('E_USAGE', 'give --tensor, or --format / --network, not both');
  const progress = createProgress(io, a.quiet || a.json);
  const r = runTheorem(modelCpWidth, p, { engine: a.engine, denseBudget: a.denseBudget, maxMemoryBytes: a.maxMemoryBytes, timeoutSeconds: a.timeoutSeconds, onProgress: (e) => progress.step(e.index, e.total, e.label) });
  progress.done();
  writeOutputs(r, a, io);
  if (a.json) {
    io.out(jsonDocument('theorem', theoremJson(r)));
    return verdictExit(r);
  }
  const file = loadTensorFile(p.tensor ?? '', { layout: p.layout, keys: p.keys, rounding: p.rounding });
  const lower = r.obligations.find((o) => o.id === 'model');
  const upper = r.obligations.find((o) => o.id === 'structure-upper');
  const how = file.imported ? ` (read as ${file.imported.layout} from ${file.imported.arrays.length} array(s): ${file.imported.arrays.slice(0, 6).join(', ')}${file.imported.arrays.length > 6 ? ', ...' : ''}; ${file.imported.rounding === 'exact' ? 'exact values' : `rounded ${file.imported.rounding}`})` : '';
  const what = `${p.split ?? 'odd-even'} matricization of the ${file.exact.format === 'network' ? 'network' : file.exact.format.toUpperCase()} in ${p.tensor}${how}`;
  const L = certifiedLower(lower);
  const U = upper?.status === 'verified' ? upper.value : undefined;
  const exact = r.obligations.find((o) => o.id === 'exact');
  const head = exact?.status === 'verified' ? `rank of the ${what}: ${exact.value}, certified from both sides (a minor and null vectors of this tensor${U !== undefined ? `; the cut of its structure allows ${U}` : ''})` : L !== undefined && U !== undefined && L === U ? `rank of the ${what}: ${L}, certified from both sides (a minor of this tensor; the cut of its structure)` : `rank of the ${what}: certified >= ${L ?? '?'} (this tensor)${U !== undefined ? `, <= ${U} (every tensor of its structure: the cut)` : ''}${lower?.status === 'evidence' ? `; float evidence (not proof): numerical rank ${lower.value}` : ''}`;
  io.out(`${head}\n  ${r.summary}\n`);
  return verdictExit(r);
}
