/**
 * `train toy`: decision boundaries of TT-networks on moons and circles, as pictures.
 *
 * @packageDocumentation
 */
import type { ToyName } from '../data/toy.js';
import type { Activation } from '../models.js';
import type { TfRuntime } from '../tf.js';
import { writeBoundary, writeJson, type ExperimentIo } from './common.js';
import type { ToyJob, ToyOutcome } from './jobs.js';
import { runJobs } from './pool.js';

/** Settings of the toy experiment. */
export interface ToyOptions {
  readonly datasets: readonly ToyName[];
  readonly rank: number;
  readonly features: number;
  readonly activation: Activation;
  readonly points: number;
  readonly noise: number;
  readonly epochs: number;
  readonly learningRate: number;
  readonly seed: number;
  /** Grid cells per side of the pictures. */
  readonly grid: number;
}

export const TOY_DEFAULTS: ToyOptions = { datasets: ['moons', 'circles'], rank: 4, features: 8, activation: 'tanh', points: 600, noise: 0.1, epochs: 60, learningRate: 0.02, seed: 1, grid: 120 };

/** Runs the experiment: one training job per data set (pool.ts), then the pictures. */
export async function runToy(rt: TfRuntime, o: ToyOptions, io: ExperimentIo): Promise<object> {
  const jobs: ToyJob[] = o.datasets.map((name, i) => ({
    kind: 'toy',
    name,
    config: { kind: 'tt', d: 2, inputDim: 1, features: o.features, rank: o.rank, classes: 2, activation: o.activation, initNoise: 0.3, seed: o.seed },
    points: o.points,
    noise: o.noise,
    dataSeed: o.seed + i,
    training: { epochs: o.epochs, batchSize: 32, learningRate: o.learningRate, seed: o.seed },
    grid: o.grid,
  }));
  const outcomes = (await runJobs(rt, jobs, o.datasets.map((name) => `${name}: training`), io.workers, (fraction, label) => io.progress(label, fraction))) as ToyOutcome[];
  const results: object[] = [];
  const files: string[] = [];
  for (const [i, name] of o.datasets.entries()) {
    const r = outcomes[i] as ToyOutcome;
    const picture = { title: `TT rank ${o.rank} on ${name}: test accuracy ${(r.test * 100).toFixed(1)}%`, grid: r.grid, size: o.grid, range: r.range, points: r.points };
    const written = await writeBoundary(io, `toy-${name}-boundary`, picture);
    files.push(...written);
    const png = written.find((f) => f.endsWith('.png')) ?? written[0];
    results.push({ dataset: name, train: r.train, test: r.test, params: r.params });
    io.log(`${name}: TT rank ${o.rank}, train accuracy ${r.train.toFixed(3)}, test accuracy ${r.test.toFixed(3)} -> ${png}\n`);
  }
  io.progressDone();
  const record = { experiment: 'toy', backend: rt.description, settings: o, results, files };
  writeJson(io, 'toy.json', record);
  return record;
}
