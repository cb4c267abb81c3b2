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
import type { EngineChoice, TheoremResult } from '../../runner/types.js';
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
}

/** Exit code of a verdict. */
export function verdictExit(r: TheoremResult): number {
  return r.verdict === 'PROVED' ? EXIT.OK : EXIT.NOT_PROVED;
}

/** Writes the run's certificates: the first proof certificate to `file`, all of them into `dir`. */
export function writeCertificates(r: TheoremResult, file: string | undefined, dir: string | undefined, io: CliIo): void {
  const all = r.obligations.flatMap((o) => o.certificates.map((c) => ({ o, c })));
  if (file !== undefined) {
    const primary = all.find(({ o, c }) => o.role === 'proof' && c.verdict.verdict === 'verified') ?? all[0];
    if (!primary) throw new UsageError('E_USAGE', 'this run produced no certificate to write');
    try {
      writeFileSync(file, stableJson(primary.c.certificate) + '\n');
    } catch (e) {
      throw new UsageError('E_FILE', `cannot write ${file}: ${(e as Error).message}`);
    }
    io.err(`certificate (${primary.o.id}) written to ${file}\n`);
  }
  if (dir !== undefined) {
    try {
      mkdirSync(dir, { recursive: true });
      for (const { c } of all) writeFileSync(join(dir, `${r.theorem}-${c.name.replace(/[^A-Za-z0-9_.-]+/g, '_')}.json`), stableJson(c.certificate) + '\n');
    } catch (e) {
      throw new UsageError('E_FILE', `cannot write into ${dir}: ${(e as Error).message}`);
    }
    io.err(`${all.length} certificate(s) written to ${dir}\n`);
  }
}

/** Runs `prove`; returns the exit code. */
export function runProve(id: string, a: ProveArgs, io: CliIo): number {
  const module = theoremOrFail(id);
  const progress = createProgress(io, a.quiet || a.json);
  const result = runTheorem(module, a.params, { engine: a.engine, denseBudget: a.denseBudget, maxMemoryBytes: a.maxMemoryBytes, timeoutSeconds: a.timeoutSeconds, onProgress: (e) => progress.step(e.index, e.total, `${module.id}: ${e.label}`) });
  progress.done();
  writeCertificates(result, a.certificate, a.out, io);
  if (a.json) io.out(stableJson(theoremJson(result)) + '\n');
  else io.out(theoremReport(result, a.explain ? module : undefined));
  return verdictExit(result);
}
