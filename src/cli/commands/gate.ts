/**
 * `check-theorem gate [--update]`: the regression gate over `proofs/baseline.json`.
 *
 * @packageDocumentation
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { THEOREMS } from '../../../proofs/index.js';
import type { TheoremModule } from '../../../proofs/types.js';
import { stableJson } from '../../report/json.js';
import { createProgress } from '../../report/progress.js';
import { BASELINE_UPDATE_COMMAND, buildBaseline, runGate, type Baseline } from '../../runner/gate.js';
import { EXIT, UsageError } from '../errors.js';
import type { CliIo } from '../io.js';

/** The committed baseline: proofs/baseline.json next to the package's proofs. */
export function defaultBaselinePath(): string {
  // dist/src/cli/commands -> package root
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'proofs', 'baseline.json');
}

function readBaseline(file: string): Baseline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError('E_FILE', `cannot read the baseline ${file}; create it with ${BASELINE_UPDATE_COMMAND}`);
  }
  try {
    const b = JSON.parse(text) as Baseline;
    if (!Array.isArray(b.instances)) throw new Error('no instances');
    return b;
  } catch (e) {
    throw new UsageError('E_FILE', `the baseline ${file} is not a baseline file (${(e as Error).message})`);
  }
}

/** Runs `gate`. `theorems` is injectable for tests. */
export function runGateCommand(a: { file?: string | undefined; update: boolean; json: boolean; quiet: boolean }, io: CliIo, theorems: readonly TheoremModule[] = THEOREMS): number {
  const file = a.file ?? defaultBaselinePath();
  const progress = createProgress(io, a.quiet || a.json);
  if (a.update) {
    const b = buildBaseline(theorems, 'auto', (i, total, label) => progress.step(i, total, label));
    progress.done();
    writeFileSync(file, stableJson(b) + '\n');
    io.out(`baseline written: ${b.instances.length} instances to ${file}\n`);
    return EXIT.OK;
  }
  const baseline = readBaseline(file);
  const t0 = process.hrtime.bigint();
  const report = runGate(baseline, theorems, (i, total, label) => progress.step(i, total, label));
  progress.done();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (a.json) {
    io.out(stableJson({ baseline: file, checked: report.checked, failures: report.failures, unrecorded: report.unrecorded }) + '\n');
  } else if (report.failures.length === 0) {
    io.out(`gate: ${report.checked} baseline instances re-proved, no change (${seconds.toFixed(1)} s)\n`);
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
