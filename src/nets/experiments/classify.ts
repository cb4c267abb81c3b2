/**
 * `train mnist` and `train cifar10`: TT vs CP vs HT networks over a grid of ranks, train and test
 * accuracy against rank and against parameter count, and the trained TT model exported exactly
 * for `check-theorem prove model-cp-width`.
 *
 * @packageDocumentation
 */
import { writeAtomic } from '../../io/files.js';
import { join } from 'node:path';
import type { ModelKind } from '../models.js';
import type { SequenceDataset } from '../data/images.js';
import type { TfRuntime } from '../tf.js';
import { writeChart, writeJson, type ExperimentIo } from './common.js';
import type { ClassifyJob, ClassifyOutcome } from './jobs.js';
import { runJobs } from './pool.js';

export { MNIST_DEFAULTS, type ClassifyOptions } from './classifyOptions.js';
import type { ClassifyOptions } from './classifyOptions.js';

/** One trained model's numbers. */
export interface ClassifyRun {
  readonly model: ModelKind;
  readonly rank: number;
  readonly seed: number;
  readonly params: number;
  readonly train: number;
  readonly test: number;
  readonly stepsPerSecond: number;
  readonly seconds: number;
  readonly history: readonly { epoch: number; loss: number; train: number; test: number }[];
}

/** Runs the experiment on given data; `name` is mnist or cifar10. */
export async function runClassify(rt: TfRuntime, name: string, trainSet: SequenceDataset, testSet: SequenceDataset, o: ClassifyOptions, io: ExperimentIo): Promise<object> {
  const runs: ClassifyRun[] = [];
  const seeds = o.seeds && o.seeds.length > 0 ? o.seeds : [o.seed];
  const grid = seeds.flatMap((seed) => o.models.flatMap((model) => o.ranks.map((rank) => ({ seed, model, rank }))));
  // The TT model of the largest rank (first seed) is exported exactly for the kernel.
  const exportedAt = grid.findIndex((g) => g.model === 'tt' && g.rank === Math.max(...o.ranks) && g.seed === seeds[0]);
  const jobs: ClassifyJob[] = grid.map((g, i) => ({
    kind: 'classify',
    config: { kind: g.model, d: trainSet.d, inputDim: trainSet.inputDim, features: o.features, rank: g.rank, classes: trainSet.classes, activation: o.activation, sharedCores: o.sharedCores, initNoise: o.initNoise, seed: g.seed + g.rank },
    train: trainSet,
    test: testSet,
    training: { epochs: o.epochs, batchSize: o.batchSize, learningRate: o.learningRate, seed: g.seed },
    ...(i === exportedAt ? { exportRounding: o.rounding } : {}),
  }));
  const labels = grid.map((g) => `${seeds.length > 1 ? `seed ${g.seed} ` : ''}${g.model.toUpperCase()} rank ${g.rank}`);
  const outcomes = await runJobs(rt, jobs, labels, io.workers, (fraction, label) => io.progress(label, fraction));
  let exported: { file: string; rank: number; log2Scale: number; command: string } | undefined;
  grid.forEach((g, i) => {
    const r = outcomes[i] as ClassifyOutcome;
    runs.push({ model: g.model, rank: g.rank, seed: g.seed, params: r.params, train: r.train, test: r.test, stepsPerSecond: r.stepsPerSecond, seconds: r.seconds, history: r.history });
    if (r.exported) {
      const file = join(io.out, `${name}-tt-r${g.rank}-class0.tensor.json`);
      writeAtomic(file, r.exported.json + '\n');
      exported = { file, rank: g.rank, log2Scale: r.exported.log2Scale, command: `npx check-theorem prove model-cp-width --tensor ${file} --k 256` };
    }
  });
  io.progressDone();
  io.log(`\n${name}: ${trainSet.count} training and ${testSet.count} test images, ${o.epochs} epochs, batch ${o.batchSize}, m = ${o.features} features (${rt.description})\n\n`);
  io.log(`${seeds.length > 1 ? `${'seed'.padEnd(6)} ` : ''}${'model'.padEnd(6)} ${'rank'.padStart(4)} ${'params'.padStart(8)} ${'train'.padStart(7)} ${'test'.padStart(7)} ${'steps/s'.padStart(8)}\n`);
  for (const r of runs) io.log(`${seeds.length > 1 ? `${String(r.seed).padEnd(6)} ` : ''}${r.model.toUpperCase().padEnd(6)} ${String(r.rank).padStart(4)} ${String(r.params).padStart(8)} ${r.train.toFixed(4).padStart(7)} ${r.test.toFixed(4).padStart(7)} ${r.stepsPerSecond.toFixed(0).padStart(8)}\n`);
  if (exported) io.log(`\nThe TT rank-${exported.rank} model's class-0 weight tensor, exactly (${o.rounding.kind === 'exact' ? 'every float32 weight as its exact dyadic rational' : `rounded to multiples of 2^-${o.rounding.bits}`}), is in\n  ${exported.file}\ncertify the CP width a shallow network needs to imitate it with\n  ${exported.command}\n`);
  // One point per (model, rank): the median over seeds, with the min-max band when there are several.
  const band = seeds.length > 1;
  const median = (xs: number[]): number => {
    const t = [...xs].sort((a, b) => a - b);
    const m = t.length >> 1;
    return t.length % 2 === 1 ? (t[m] as number) : ((t[m - 1] as number) + (t[m] as number)) / 2;
  };
  const series = (metric: 'train' | 'test', x: 'rank' | 'params') =>
    o.models.map((m, i) => {
      const at = o.ranks.map((rank) => runs.filter((r) => r.model === m && r.rank === rank));
      return {
        name: `${m.toUpperCase()} ${metric}`,
        color: i,
        dashed: metric === 'train',
        points: at.map((rs) => [x === 'rank' ? (rs[0] as ClassifyRun).rank : median(rs.map((r) => r.params)), median(rs.map((r) => r[metric]))] as [number, number]),
        ...(band ? { band: at.map((rs) => [Math.min(...rs.map((r) => r[metric])), Math.max(...rs.map((r) => r[metric]))] as [number, number]) } : {}),
      };
    });
  const files = [
    ...(await writeChart(io, `${name}-accuracy-vs-rank`, { title: `${name}: accuracy vs rank${band ? ` (median, min-max over ${seeds.length} seeds)` : ''}`, xLabel: 'rank (CP width for CP)', yLabel: 'accuracy', xTicks: o.ranks, series: [...series('test', 'rank'), ...series('train', 'rank')] })),
    ...(await writeChart(io, `${name}-accuracy-vs-params`, { title: `${name}: accuracy vs parameters${band ? ` (median, min-max over ${seeds.length} seeds)` : ''}`, xLabel: 'parameters', yLabel: 'accuracy', xLog: true, series: [...series('test', 'params'), ...series('train', 'params')] })),
  ];
  const record = { experiment: name, backend: rt.description, settings: o, data: { train: trainSet.count, test: testSet.count, d: trainSet.d, inputDim: trainSet.inputDim }, runs, exported: exported ?? null, files };
  writeJson(io, `${name}.json`, record);
  return record;
}
