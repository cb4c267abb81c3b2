/**
 * `check-theorem prove <id>`: one theorem at one parameter set.
 *
 * @packageDocumentation
 */
import { join } from 'node:path';
import { checkWritable, writeAtomic, writeFolder } from '../../io/files.js';
import { findTheorem, THEOREMS } from '../../../proofs/index.js';
import type { TheoremModule, TheoremParams } from '../../../proofs/types.js';
import { jsonDocument, stableJson } from '../../report/json.js';
import { createProgress } from '../../report/progress.js';
import { theoremJson, theoremReport } from '../../report/text.js';
import { runTheorem } from '../../runner/theorem.js';
import type { EngineChoice, ProofBundle, TheoremResult } from '../../runner/types.js';
import { EXIT, UsageError } from '../errors.js';
import { BudgetError } from '../../formats/types.js';
import type { CliIo } from '../io.js';

/** The module for an id or alias, or a usage error listing the ids. */
export function theoremOrFail(id: string): TheoremModule {
  const t = findTheorem(id);
  if (!t) throw new UsageError('E_UNKNOWN_THEOREM', `unknown theorem "${id}"; known: ${THEOREMS.map((x) => x.id).join(', ')} (see check-theorem list)`);
  return t;
}

/** The run flags every proving command takes (runOptions in src/cli/options.ts). */
export interface RunFlags {
  readonly engine: EngineChoice;
  readonly denseBudget: number;
  readonly maxMemoryBytes?: number;
  readonly timeoutSeconds?: number;
  readonly json: boolean;
  readonly quiet: boolean;
}

/** Options of `prove`. */
export interface ProveArgs extends RunFlags {
  readonly params: TheoremParams;
  readonly explain: boolean;
  readonly certificate?: string | undefined;
  readonly out?: string | undefined;
  readonly bundle?: string | undefined;
}

/** Exit code of a verdict (README: exit codes). */
export function verdictExit(r: Pick<TheoremResult, 'verdict'>): number {
  switch (r.verdict) {
    case 'PROVED':
      return EXIT.OK;
    case 'REFUTED':
      return EXIT.NOT_PROVED;
    case 'ERROR':
      return EXIT.INTERNAL;
    case 'INCONCLUSIVE':
      return EXIT.INCONCLUSIVE;
    case 'EVIDENCE':
      return EXIT.EVIDENCE;
  }
}

/** The exit code of several runs: the first of ERROR, REFUTED, INCONCLUSIVE, EVIDENCE present, else 0. */
export function worstExit(results: readonly Pick<TheoremResult, 'verdict'>[]): number {
  const codes = results.map(verdictExit);
  for (const c of [EXIT.INTERNAL, EXIT.NOT_PROVED, EXIT.INCONCLUSIVE, EXIT.EVIDENCE]) if (codes.includes(c)) return c;
  return EXIT.OK;
}

/** The bundle as one JSON document: the manifest with every certificate embedded. */
export function singleFileBundle(bundle: ProofBundle): string {
  const m = JSON.parse(bundle.manifest) as { certificates: { digest: string; file: string }[] };
  const certificates = m.certificates.map((e) => ({ digest: e.digest, certificate: JSON.parse(bundle.files.get(e.file) ?? 'null') as unknown }));
  return stableJson({ ...m, certificates }) + '\n';
}

/**
 * Writes what a run produced, every file atomically: the main proof certificate; the bundle
 * (manifest.json and every certificate) into a folder, any old manifest removed first and the new
 * one written last, so an interrupted write leaves a folder `verify` calls incomplete; the
 * single-file bundle.
 */
export function writeOutputs(r: TheoremResult, o: OutputPaths, io: CliIo): void {
  if (o.certificate !== undefined) {
    const all = r.obligations.flatMap((ob) => ob.certificates.map((c) => ({ ob, c })));
    const primary = all.find(({ ob, c }) => ob.role === 'proof' && c.verdict.verdict === 'verified') ?? all[0];
    if (!primary) throw new UsageError('E_USAGE', 'this run produced no certificate to write');
    writeAtomic(o.certificate, r.bundle.files.get(primary.c.name) ?? '');
    io.err(`certificate (${primary.ob.id}) written to ${o.certificate}\n`);
  }
  if (o.out !== undefined) {
    writeFolder(o.out, r.bundle.files, { name: 'manifest.json', data: r.bundle.manifest });
    io.err(`bundle written to ${o.out} (manifest.json and ${r.bundle.files.size} certificate(s)); check it with: check-theorem verify ${o.out}\n`);
  }
  if (o.bundle !== undefined) {
    writeAtomic(o.bundle, singleFileBundle(r.bundle));
    io.err(`single-file bundle written to ${o.bundle}\n`);
  }
}

/** Where a run writes. */
export interface OutputPaths {
  readonly certificate?: string | undefined;
  readonly out?: string | undefined;
  readonly bundle?: string | undefined;
}

/** Refuses, before any work, output paths that could not be written. */
export function checkOutputs(o: OutputPaths): void {
  if (o.certificate !== undefined) checkWritable(o.certificate, 'the certificate');
  if (o.bundle !== undefined) checkWritable(o.bundle, 'the bundle');
  if (o.out !== undefined) checkWritable(join(o.out, 'manifest.json'), 'the bundle folder', true);
}

/**
 * A refusal of one instance of a statement that also has an every-even-d form (its `everyOrderOf`): the
 * refusal names that form, which proves the bound at this d (and every other) without the instance's
 * large matricization.
 */
function withEveryOrderHint(e: unknown, module: TheoremModule, params: TheoremParams): unknown {
  if (!(e instanceof BudgetError)) return e;
  const allOrders = THEOREMS.find((t) => t.everyOrderOf === module.id);
  if (!allOrders || params.n === undefined || params.r === undefined) return e;
  return new BudgetError(e.what, e.entries, e.budget, `${e.suggestion}; or, for every even d at once: check-theorem prove ${allOrders.id} --n ${params.n} --r ${params.r}`);
}

/** Runs `prove`; returns the exit code. */
export function runProve(id: string, a: ProveArgs, io: CliIo): number {
  const module = theoremOrFail(id);
  checkOutputs(a);
  // An option the statement does not take would be silently ignored: say so.
  for (const name of ['n', 'r', 'd', 'split', 'format', 'network', 'sizes', 'tensor', 'layout', 'keys', 'rounding', 'k'] as const) {
    const v = a.params[name];
    if (v !== undefined && !(typeof v === 'number' && Number.isNaN(v)) && !module.parameters.includes(name)) io.err(`warning: ${module.id} does not take --${name}; it is ignored (its parameters: ${module.parameters.map((x) => `--${x}`).join(' ')})\n`);
  }
  const progress = createProgress(io, a.quiet || a.json);
  let result: TheoremResult;
  try {
    result = runTheorem(module, a.params, { engine: a.engine, denseBudget: a.denseBudget, maxMemoryBytes: a.maxMemoryBytes, timeoutSeconds: a.timeoutSeconds, onProgress: (e) => progress.step(e.index, e.total, `${module.id}: ${e.label}`) });
  } catch (e) {
    throw withEveryOrderHint(e, module, a.params);
  } finally {
    progress.done();
  }
  writeOutputs(result, a, io);
  if (a.json) io.out(jsonDocument('theorem', theoremJson(result)));
  else io.out(theoremReport(result, a.explain ? module : undefined));
  return verdictExit(result);
}
