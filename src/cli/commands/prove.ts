/**
 * `check-theorem prove <id>`: one theorem at one parameter set.
 *
 * @packageDocumentation
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findTheorem, THEOREMS } from '../../../proofs/index.js';
import type { TheoremModule, TheoremParams } from '../../../proofs/types.js';
import { stableJson } from '../../report/json.js';
import { createProgress } from '../../report/progress.js';
import { theoremJson, theoremReport } from '../../report/text.js';
import { runTheorem } from '../../runner/theorem.js';
import type { EngineChoice, ProofBundle, TheoremResult } from '../../runner/types.js';
import { EXIT, UsageError } from '../errors.js';
import type { CliIo } from '../io.js';

/** The module for an id or alias, or a usage error listing the ids. */
export function theoremOrFail(id: string): TheoremModule {
  const t = findTheorem(id);
  if (!t) throw new UsageError('E_UNKNOWN_THEOREM', `unknown theorem "${id}"; known: ${THEOREMS.map((x) => x.id).join(', ')} (see check-theorem list)`);
  return t;
}

/** Options of `prove`. */
export interface ProveArgs {
  readonly params: TheoremParams;
  readonly engine: EngineChoice;
  readonly denseBudget: number;
  readonly maxMemoryBytes?: number;
  readonly timeoutSeconds?: number;
  readonly json: boolean;
  readonly quiet: boolean;
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
 * Writes what a run produced: the main proof certificate to `file`; the bundle (manifest.json and
 * every certificate) into the folder `dir`, the manifest last; the single-file bundle to `bundleFile`.
 */
export function writeOutputs(r: TheoremResult, o: { certificate?: string | undefined; out?: string | undefined; bundle?: string | undefined }, io: CliIo): void {
  const write = (path: string, text: string): void => {
    try {
      writeFileSync(path, text);
    } catch (e) {
      throw new UsageError('E_FILE', `cannot write ${path}: ${(e as Error).message}`);
    }
  };
  if (o.certificate !== undefined) {
    const all = r.obligations.flatMap((ob) => ob.certificates.map((c) => ({ ob, c })));
    const primary = all.find(({ ob, c }) => ob.role === 'proof' && c.verdict.verdict === 'verified') ?? all[0];
    if (!primary) throw new UsageError('E_USAGE', 'this run produced no certificate to write');
    write(o.certificate, r.bundle.files.get(primary.c.name) ?? '');
    io.err(`certificate (${primary.ob.id}) written to ${o.certificate}\n`);
  }
  if (o.out !== undefined) {
    try {
      mkdirSync(o.out, { recursive: true });
    } catch (e) {
      throw new UsageError('E_FILE', `cannot write into ${o.out}: ${(e as Error).message}`);
    }
    for (const [name, text] of r.bundle.files) write(join(o.out, name), text);
    write(join(o.out, 'manifest.json'), r.bundle.manifest);
    io.err(`bundle written to ${o.out} (manifest.json and ${r.bundle.files.size} certificate(s)); check it with: check-theorem verify ${o.out}\n`);
  }
  if (o.bundle !== undefined) {
    write(o.bundle, singleFileBundle(r.bundle));
    io.err(`single-file bundle written to ${o.bundle}\n`);
  }
}

/** Runs `prove`; returns the exit code. */
export function runProve(id: string, a: ProveArgs, io: CliIo): number {
  const module = theoremOrFail(id);
  const progress = createProgress(io, a.quiet || a.json);
  const result = runTheorem(module, a.params, { engine: a.engine, denseBudget: a.denseBudget, maxMemoryBytes: a.maxMemoryBytes, timeoutSeconds: a.timeoutSeconds, onProgress: (e) => progress.step(e.index, e.total, `${module.id}: ${e.label}`) });
  progress.done();
  writeOutputs(result, a, io);
  if (a.json) io.out(stableJson(theoremJson(result)) + '\n');
  else io.out(theoremReport(result, a.explain ? module : undefined));
  return verdictExit(result);
}
