/**
 * The units of work the experiments train, one model each, as plain data: a job says everything
 * its result depends on (model, data, settings, seeds), so it gives the same result, bit for bit,
 * on the main thread or in a worker thread (pool.ts). Data arrays may live in SharedArrayBuffers,
 * which workers read without copies.
 *
 * @packageDocumentation
 */
import { tensorToJson } from '../../formats/json.js';
import { stableJson } from '../../report/json.js';
import { toyDataset, type ToyName } from '../data/toy.js';
import { exportClassTensor, toIntegerTensor, type RoundingPolicy } from '../export.js';
import { createNet, type ModelConfig } from '../models.js';
import type { Tf } from '../tf.js';
import { train, type Dataset, type EpochRecord } from '../train.js';
import type * as TF from '@tensorflow/tfjs';

/** Training settings of one job. */
export interface JobTraining {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly seed: number;
}

/** Train one classifier of a grid (mnist, cifar10); optionally export its class-0 weight tensor. */
export interface ClassifyJob {
  readonly kind: 'classify';
  readonly config: ModelConfig;
  readonly train: Dataset;
  readonly test: Dataset;
  readonly training: JobTraining;
  /** Export the class-0 weight tensor exactly under this policy (for `prove model-cp-width`). */
  readonly exportRounding?: RoundingPolicy;
}

/** Fit one student to a teacher's scores (expressivity). */
export interface FitJob {
  readonly kind: 'fit';
  readonly config: ModelConfig;
  readonly train: Dataset;
  readonly test: Dataset;
  readonly training: JobTraining;
}

/** Train one TT network on a 2-D toy set and evaluate it on a grid (toy). */
export interface ToyJob {
  readonly kind: 'toy';
  readonly name: ToyName;
  readonly config: ModelConfig;
  readonly points: number;
  readonly noise: number;
  /** Seed of the data set. */
  readonly dataSeed: number;
  readonly training: JobTraining;
  /** Grid cells per side. */
  readonly grid: number;
}

export type Job = ClassifyJob | FitJob | ToyJob;

/** What a classify job gives back. */
export interface ClassifyOutcome {
  readonly kind: 'classify';
  readonly params: number;
  readonly train: number;
  readonly test: number;
  readonly stepsPerSecond: number;
  readonly seconds: number;
  readonly history: readonly EpochRecord[];
  readonly exported?: { readonly json: string; readonly log2Scale: number };
}

/** What a fit job gives back. */
export interface FitOutcome {
  readonly kind: 'fit';
  readonly test: number;
  readonly train: number;
  readonly params: number;
  readonly stepsPerSecond: number;
}

/** What a toy job gives back: accuracies and the picture's data. */
export interface ToyOutcome {
  readonly kind: 'toy';
  readonly train: number;
  readonly test: number;
  readonly params: number;
  /** P(class 1) on the grid, row by row from the top. */
  readonly grid: Float32Array;
  readonly range: { readonly uMin: number; readonly uMax: number; readonly vMin: number; readonly vMax: number };
  readonly points: readonly { readonly u: number; readonly v: number; readonly label: number }[];
}

export type Outcome = ClassifyOutcome | FitOutcome | ToyOutcome;

/** Progress inside a job: the fraction done and what is happening. */
export type JobProgress = (fraction: number, label: string) => void;

/** Runs one job. */
export function runJob(tf: Tf, job: Job, progress: JobProgress): Outcome {
  switch (job.kind) {
    case 'classify':
      return runClassifyJob(tf, job, progress);
    case 'fit':
      return runFitJob(tf, job);
    case 'toy':
      return runToyJob(tf, job);
  }
}

function runClassifyJob(tf: Tf, job: ClassifyJob, progress: JobProgress): ClassifyOutcome {
  const net = createNet(tf, job.config);
  try {
    const { epochs, batchSize } = job.training;
    const stepsPerEpoch = Math.ceil(job.train.count / batchSize);
    const r = train(tf, net, job.train, job.test, {
      ...job.training,
      progressEvery: 50,
      onProgress: (e) => progress((e.epoch - 1 + e.step / stepsPerEpoch) / epochs, `epoch ${e.epoch}/${epochs} loss ${e.loss.toFixed(3)}`),
    });
    const outcome = { kind: 'classify', params: net.nParams(), train: r.train, test: r.test, stepsPerSecond: r.stepsPerSecond, seconds: r.seconds, history: r.history } as const;
    if (!job.exportRounding) return outcome;
    const { tensor, log2Scale } = toIntegerTensor(exportClassTensor(net, 0), job.exportRounding);
    return { ...outcome, exported: { json: stableJson(tensorToJson(tensor)), log2Scale } };
  } finally {
    net.dispose();
  }
}

function runFitJob(tf: Tf, job: FitJob): FitOutcome {
  const net = createNet(tf, job.config);
  try {
    const r = train(tf, net, job.train, job.test, job.training);
    return { kind: 'fit', test: r.test, train: r.train, params: net.nParams(), stepsPerSecond: r.stepsPerSecond };
  } finally {
    net.dispose();
  }
}

/** Margin around the data in the toy pictures. */
const TOY_PAD = 0.3;

function runToyJob(tf: Tf, job: ToyJob): ToyOutcome {
  const all = toyDataset(job.name, job.points, job.noise, job.dataSeed);
  const nTrain = Math.floor(0.8 * all.count);
  const trainSet = { ...all, count: nTrain, x: all.x.slice(0, 2 * nTrain), labels: all.labels.slice(0, nTrain) };
  const testSet = { ...all, count: all.count - nTrain, x: all.x.slice(2 * nTrain), labels: all.labels.slice(nTrain) };
  const net = createNet(tf, job.config);
  try {
    const r = train(tf, net, trainSet, testSet, job.training);
    const us: number[] = [];
    const vs: number[] = [];
    for (let k = 0; k < all.count; k++) {
      us.push(all.x[2 * k] as number);
      vs.push(all.x[2 * k + 1] as number);
    }
    const range = { uMin: Math.min(...us) - TOY_PAD, uMax: Math.max(...us) + TOY_PAD, vMin: Math.min(...vs) - TOY_PAD, vMax: Math.max(...vs) + TOY_PAD };
    const G = job.grid;
    const grid = tf.tidy(() => {
      const pts = new Float32Array(G * G * 2);
      for (let gi = 0; gi < G; gi++)
        for (let gj = 0; gj < G; gj++) {
          pts[(gi * G + gj) * 2] = range.uMin + ((gj + 0.5) / G) * (range.uMax - range.uMin);
          pts[(gi * G + gj) * 2 + 1] = range.vMax - ((gi + 0.5) / G) * (range.vMax - range.vMin);
        }
      const p = tf.softmax(net.predict(tf.tensor3d(pts, [G * G, 2, 1]) as TF.Tensor3D));
      return tf.reshape(tf.slice(p, [0, 1], [G * G, 1]), [G * G]).dataSync() as Float32Array;
    });
    return { kind: 'toy', train: r.train, test: r.test, params: net.nParams(), grid, range, points: us.map((u, k) => ({ u, v: vs[k] as number, label: all.labels[k] as number })) };
  } finally {
    net.dispose();
  }
}
