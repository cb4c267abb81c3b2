/**
 * `check-theorem experiment relu-ranks`: the rank-distribution experiment for generalized (ReLU)
 * RNNs (src/experiments/reluRanks.ts), as a table, JSON, CSV, a figure and one proof bundle per
 * sample that `verify` re-checks.
 *
 * @packageDocumentation
 */
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { reluRanksChart, reluRanksCsv, runReluRanks, type ReluRanksResult, type Spread } from '../../experiments/reluRanks.js';
import { checkWritable, writeAtomic, writeFolder } from '../../io/files.js';
import { jsonDocument } from '../../report/json.js';
import { lineChartSpec, writeFigure } from '../../report/figure.js';
import { createProgress } from '../../report/progress.js';
import { table } from '../../report/text.js';
import { EXIT, UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import type { RunFlags } from './prove.js';

/** Arguments of `experiment relu-ranks`. */
export interface ReluRanksArgs extends RunFlags {
  readonly m: number;
  readonly t: number;
  readonly ranks: readonly number[];
  readonly samples: number;
  readonly seed: number;
  readonly out?: string | undefined;
}

const spreadText = (s: Spread | undefined): string => (s ? `${s.min} / ${s.median} / ${s.max}` : '-');

/** The JSON body: settings, the summary per rank, every sample with its bundle's manifest digest. */
function body(r: ReluRanksResult, out: string | undefined): object {
  return {
    settings: r.settings,
    summary: r.summary.map((s) => ({ ...s, gridRank: s.gridRank ?? null, widthAtLeast: s.widthAtLeast ?? null })),
    samples: r.samples.map((x) => ({ rank: x.rank, seed: x.seed, verdict: x.verdict, gridRank: x.gridRank ?? null, widthAtLeast: x.widthAtLeast ?? null, ...(out !== undefined ? { bundle: bundleDir(x.rank, x.seed) } : {}) })),
  };
}

const bundleDir = (rank: number, seed: number): string => join('bundles', `ranks${rank}-seed${seed}`);

/** Runs the experiment; returns the exit code (0 when the kernel proved every sample). */
export async function runReluRanksCommand(a: ReluRanksArgs, io: CliIo): Promise<number> {
  if (a.t % 2 !== 0) throw new UsageError('E_BAD_PARAMETER', `--t (the order T) must be even for the odd/even split, got ${a.t}`);
  if (a.out !== undefined) checkWritable(join(a.out, 'relu-ranks.json'), 'the output folder', true);
  const progress = createProgress(io, a.quiet || a.json);
  let result: ReluRanksResult;
  try {
    result = runReluRanks({ M: a.m, T: a.t, ranks: a.ranks, samples: a.samples, firstSeed: a.seed }, { engine: a.engine, denseBudget: a.denseBudget, maxMemoryBytes: a.maxMemoryBytes, timeoutSeconds: a.timeoutSeconds }, (i, total, label) => progress.step(i, total, label));
  } finally {
    progress.done();
  }
  const written: string[] = [];
  if (a.out !== undefined) {
    mkdirSync(a.out, { recursive: true });
    for (const x of result.samples) writeFolder(join(a.out, bundleDir(x.rank, x.seed)), x.bundle.files, { name: 'manifest.json', data: x.bundle.manifest });
    const figure = await writeFigure(a.out, 'relu-ranks-distribution', lineChartSpec(reluRanksChart(result)));
    written.push(...figure.files);
    if (figure.note) io.err(`${figure.note}\n`);
    const files: [string, string | Uint8Array][] = [
      ['relu-ranks.csv', reluRanksCsv(result)],
      // The record last: a folder without it is an interrupted run.
      ['relu-ranks.json', jsonDocument('experiment', { experiment: 'relu-ranks', ...body(result, a.out) })],
    ];
    for (const [name, data] of files) {
      writeAtomic(join(a.out, name), data);
      written.push(join(a.out, name));
    }
  }
  const allProved = result.samples.every((x) => x.verdict === 'PROVED');
  if (a.json) {
    io.out(jsonDocument('experiment', { experiment: 'relu-ranks', ...body(result, a.out) }));
    return allProved ? EXIT.OK : EXIT.INCONCLUSIVE;
  }
  const s = result.settings;
  const lines = [
    `generalized RNNs with xi(x, y) = max(x, y, 0), M = ${s.M}, T = ${s.T}, ${s.samples} sample(s) per rank (seeds ${s.firstSeed}..${s.firstSeed + s.samples - 1}; integer weights uniform in [-${s.weightBound}, ${s.weightBound}]).`,
    `For each sample the kernel proved: every generalized shallow ReLU network with the same scores on the ${s.M}^${s.T} template grid has width >= ceil(K / ${s.perTermRank}), K the certified rank of the odd/even grid matricization.`,
    table(
      ['RNN ranks', 'proved', 'grid rank K (min / median / max)', 'width >= (min / median / max)', "paper's (2/(MT)) min(M,R)^(T/2)"],
      result.summary.map((x) => [String(x.rank), `${x.certified}/${x.samples}`, spreadText(x.gridRank), spreadText(x.widthAtLeast), x.paperBound]),
    ),
    "The last column is the paper's bound for the network its proof constructs (Theorem 5.2; not certified here); the other columns are certified for each random sample.",
  ];
  if (!allProved) lines.push(`${result.samples.filter((x) => x.verdict !== 'PROVED').length} sample(s) were not proved; see the JSON for their verdicts.`);
  if (written.length > 0) lines.push(`written: ${written.join(', ')} and one bundle per sample under ${join(a.out as string, 'bundles')}/ (check-theorem verify ${join(a.out as string, 'bundles', '*')})`);
  io.out(lines.join('\n') + '\n');
  return allProved ? EXIT.OK : EXIT.INCONCLUSIVE;
}
