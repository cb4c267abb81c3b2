/**
 * `check-theorem gate [--update]`: the regression gate over `proofs/baseline.json`.
 *
 * @packageDocumentation
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { THEOREMS } from '../../../proofs/index.js';
import type { TheoremModule } from '../../../proofs/types.js';
import { loadConjectures } from '../../../proofs/conjectureFile.js';
import { jsonDocument, stableJson } from '../../report/json.js';
import { createProgress } from '../../report/progress.js';
import { BASELINE_UPDATE_COMMAND, buildBaseline, runGate, type Baseline } from '../../runner/gate.js';
import { EXIT, UsageError } from '../errors.js';
import { checkWritable, FileError, readBoundedText, writeAtomic } from '../../io/files.js';
import type { CliIo } from '../io.js';
import { shardIndices, type Shard } from '../../runner/shard.js';

/** The package root: the nearest folder above this module with check-theorem's package.json (from dist/ or from the sources). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        if ((JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === 'check-theorem') return dir;
      } catch {
        // not ours: keep looking
      }
    }
    dir = dirname(dir);
  }
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
}

/** The committed baseline: proofs/baseline.json in the package. */
export function defaultBaselinePath(): string {
  return join(packageRoot(), 'proofs', 'baseline.json');
}

/** The committed conjecture files the gate re-proves with the catalogue: proofs/conjectures/. */
export function defaultConjecturesDir(): string {
  return join(dirname(defaultBaselinePath()), 'conjectures');
}

/** The catalogue and the committed conjectures. */
export function gateTheorems(): TheoremModule[] {
  return [...THEOREMS, ...loadConjectures(defaultConjecturesDir())];
}

/** Largest baseline read (bytes). */
export const MAX_BASELINE_BYTES = 64 * 1024 * 1024;

/** Reads and checks a baseline file: a regular file within the limit, of the baseline's shape. */
export function readBaseline(file: string): Baseline {
  let text: string;
  try {
    text = readBoundedText(file, 'the baseline', MAX_BASELINE_BYTES);
  } catch (e) {
    if (e instanceof FileError && e.code === 'E_FILE' && /no such file/.test(e.message)) throw new UsageError('E_FILE', `cannot read the baseline ${file}; create it with ${BASELINE_UPDATE_COMMAND}`);
    throw e;
  }
  let b: unknown;
  try {
    b = JSON.parse(text);
  } catch (e) {
    throw new UsageError('E_FILE', `the baseline ${file} is not JSON (${(e as Error).message})`);
  }
  const problem = baselineProblem(b);
  if (problem) throw new UsageError('E_FILE', `the baseline ${file} is not a baseline file: ${problem}; rewrite it with ${BASELINE_UPDATE_COMMAND}`);
  return b as Baseline;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** What is wrong with a parsed baseline, or undefined. */
export function baselineProblem(b: unknown): string | undefined {
  if (!isObject(b)) return 'expected an object';
  if (b['engine'] !== undefined && !['auto', 'modp', 'exact', 'float', 'sketch', 'transfer'].includes(b['engine'] as string)) return 'an unknown engine';
  if (!Array.isArray(b['instances'])) return 'no list of instances';
  for (const [i, x] of (b['instances'] as unknown[]).entries()) {
    if (!isObject(x)) return `instance ${i} is not an object`;
    if (typeof x['theorem'] !== 'string') return `instance ${i} has no theorem`;
    if (!isObject(x['parameters']) || Object.values(x['parameters']).some((v) => typeof v !== 'number' && typeof v !== 'string')) return `instance ${i} has no parameters`;
    if (typeof x['verdict'] !== 'string' || typeof x['bound'] !== 'string') return `instance ${i} has no verdict or bound`;
    if (!Array.isArray(x['claims'])) return `instance ${i} has no claims (a baseline of an older version?)`;
    for (const c of x['claims'] as unknown[]) {
      if (!isObject(c) || typeof c['id'] !== 'string' || typeof c['statement'] !== 'string' || !Array.isArray(c['subjects']) || (c['subjects'] as unknown[]).some((s) => typeof s !== 'string')) return `instance ${i} has a malformed claim`;
    }
  }
  return undefined;
}

/** Runs `gate`. `theorems` is injectable for tests. */
export function runGateCommand(a: { file?: string | undefined; update: boolean; json: boolean; quiet: boolean; shard?: Shard | undefined }, io: CliIo, theorems: readonly TheoremModule[] = gateTheorems()): number {
  const file = a.file ?? defaultBaselinePath();
  const progress = createProgress(io, a.quiet || a.json);
  if (a.update) {
    if (a.shard) throw new UsageError('E_USAGE', 'gate --update rewrites the whole baseline: it takes no --shard');
    checkWritable(file, 'the baseline');
    const b = buildBaseline(theorems, 'auto', (i, total, label) => progress.step(i, total, label));
    progress.done();
    writeAtomic(file, stableJson(b) + '\n');
    io.out(`baseline written: ${b.instances.length} instances to ${file}\n`);
    return EXIT.OK;
  }
  const baseline = readBaseline(file);
  const t0 = process.hrtime.bigint();
  const report = runGate(baseline, theorems, (i, total, label) => progress.step(i, total, label), a.shard);
  const of = baseline.instances.length;
  const shard = a.shard ? { shard: { index: a.shard.index, count: a.shard.count, of, items: shardIndices(of, a.shard) } } : {};
  progress.done();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (a.json) {
    io.out(jsonDocument('gate', { baseline: file, checked: report.checked, failures: report.failures, unrecorded: report.unrecorded, ...shard }));
  } else if (report.failures.length === 0) {
    io.out(`gate: ${report.checked} baseline instances re-proved, no change (${seconds.toFixed(1)} s${a.shard ? `; shard ${a.shard.index}/${a.shard.count} of ${of}` : ''})\n`);
  } else {
    io.out(`gate: ${report.failures.length} of ${report.checked} baseline instances changed:\n`);
    for (const f of report.failures) {
      io.out(`  ${f.instance}\n`);
      for (const line of f.lines) io.out(`    ${line}\n`);
    }
    io.out(`If the change is intended, rewrite the baseline with ${BASELINE_UPDATE_COMMAND} and review its diff.\n`);
  }
  if (!a.json && report.unrecorded.length > 0) io.out(`note: ${report.unrecorded.length} default-grid instance(s) not in the baseline (add them with ${BASELINE_UPDATE_COMMAND}): ${report.unrecorded.join('; ')}\n`);
  return report.failures.length === 0 ? EXIT.OK : EXIT.NOT_PROVED;
}
