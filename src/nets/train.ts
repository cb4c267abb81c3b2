/**
 * The training loop: seeded shuffling, Adam, cross-entropy for classes or squared error for
 * scores, evaluation in large batches, everything inside tf.tidy.
 *
 * @packageDocumentation
 */
import type * as TF from '@tensorflow/tfjs';
import { createRng } from '../exact/prng.js';
import type { Net, Targets } from './models.js';
import type { Tf } from './tf.js';

/** Inputs (count, d, inputDim) with either class labels or scalar targets. */
export interface Dataset {
  readonly count: number;
  readonly d: number;
  readonly inputDim: number;
  readonly x: Float32Array;
  readonly labels?: Uint8Array;
  readonly y?: Float32Array;
}

/** Training settings. */
export interface TrainOptions {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly seed: number;
  /** Called every `progressEvery` steps and at the end of each epoch. */
  readonly onProgress?: (e: { epoch: number; step: number; stepsPerEpoch: number; loss: number }) => void;
  readonly progressEvery?: number;
}

/** One epoch's record. */
export interface EpochRecord {
  readonly epoch: number;
  readonly loss: number;
  readonly train: number;
  readonly test: number;
}

/** What training produced. */
export interface TrainResult {
  readonly history: EpochRecord[];
  readonly steps: number;
  readonly seconds: number;
  readonly stepsPerSecond: number;
  /** Final metric on the training and test sets: accuracy (classes) or relative squared error (scores). */
  readonly train: number;
  readonly test: number;
}

/**
 * The inputs of a batch as a tensor, and its targets. The inputs are copied into `buffer` when one
 * is given: the training loop reuses one array for every step (a fresh 100 KB array per step
 * costs page faults), which is safe because each step disposes its batch tensor before the next
 * one fills the array (the cpu backend keeps a tensor's array by reference).
 */
function batchOf(tf: Tf, data: Dataset, idx: readonly number[], buffer?: Float32Array): { x: TF.Tensor3D; targets: Targets } {
  const per = data.d * data.inputDim;
  const xb = buffer ? buffer.subarray(0, idx.length * per) : new Float32Array(idx.length * per);
  idx.forEach((i, j) => xb.set(data.x.subarray(i * per, (i + 1) * per), j * per));
  const x = tf.tensor3d(xb, [idx.length, data.d, data.inputDim]);
  if (data.labels) {
    const labels = data.labels;
    return { x, targets: { kind: 'labels', labels: Int32Array.from(idx, (i) => labels[i] as number) } };
  }
  const y = data.y as Float32Array;
  return { x, targets: { kind: 'values', values: Float32Array.from(idx, (i) => y[i] as number) } };
}

/**
 * Accuracy (classification) or relative squared error sum (pred - y)^2 / sum (y - mean)^2
 * (regression) of the network on a dataset.
 */
export function evaluate(tf: Tf, net: Net, data: Dataset, batch = 1024): number {
  const classification = data.labels !== undefined;
  let correct = 0;
  let sse = 0;
  let sst = 0;
  let mean = 0;
  if (!classification) for (let i = 0; i < data.count; i++) mean += (data.y?.[i] as number) / data.count;
  for (let s = 0; s < data.count; s += batch) {
    const idx = Array.from({ length: Math.min(batch, data.count - s) }, (_, j) => s + j);
    const out = tf.tidy(() => {
      const { x } = batchOf(tf, data, idx);
      const scores = net.predict(x);
      return classification ? (tf.argMax(scores, 1).dataSync() as Int32Array) : (tf.reshape(scores, [idx.length]).dataSync() as Float32Array);
    });
    idx.forEach((i, j) => {
      if (classification) correct += out[j] === data.labels?.[i] ? 1 : 0;
      else {
        const y = data.y?.[i] as number;
        sse += ((out[j] as number) - y) ** 2;
        sst += (y - mean) ** 2;
      }
    });
  }
  return classification ? correct / data.count : sse / Math.max(sst, 1e-30);
}

/** The mean training loss (cross-entropy or squared error) of the network on a dataset. */
export function meanLoss(tf: Tf, net: Net, data: Dataset, batch = 1024): number {
  let total = 0;
  for (let s = 0; s < data.count; s += batch) {
    const idx = Array.from({ length: Math.min(batch, data.count - s) }, (_, j) => s + j);
    total += tf.tidy(() => {
      const { x, targets } = batchOf(tf, data, idx);
      return (net.loss(x, targets).dataSync()[0] as number) * idx.length;
    });
  }
  return total / data.count;
}

/** Trains `net` on `train`, evaluating on `test` after each epoch. */
export function train(tf: Tf, net: Net, trainSet: Dataset, testSet: Dataset, o: TrainOptions): TrainResult {
  const optimizer = tf.train.adam(o.learningRate);
  const rng = createRng(o.seed);
  const order = Array.from({ length: trainSet.count }, (_, i) => i);
  const stepsPerEpoch = Math.ceil(trainSet.count / o.batchSize);
  const batchBuffer = new Float32Array(Math.min(o.batchSize, trainSet.count) * trainSet.d * trainSet.inputDim);
  const history: EpochRecord[] = [];
  let steps = 0;
  const t0 = process.hrtime.bigint();
  let trainSeconds = 0;
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    // Fisher-Yates with the seeded generator: the same seed, the same batches.
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.below(i + 1);
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    let lossSum = 0;
    const e0 = process.hrtime.bigint();
    for (let s = 0; s < stepsPerEpoch; s++) {
      const idx = order.slice(s * o.batchSize, (s + 1) * o.batchSize);
      const loss = tf.tidy(() => {
        const { x, targets } = batchOf(tf, trainSet, idx, batchBuffer);
        const cost = optimizer.minimize(() => net.loss(x, targets), true, net.variables);
        return cost ? (cost.dataSync()[0] as number) : NaN;
      });
      lossSum += loss;
      steps++;
      if (o.onProgress && o.progressEvery && steps % o.progressEvery === 0) o.onProgress({ epoch, step: s + 1, stepsPerEpoch, loss });
    }
    trainSeconds += Number(process.hrtime.bigint() - e0) / 1e9;
    const record = { epoch, loss: lossSum / stepsPerEpoch, train: evaluate(tf, net, trainSet), test: evaluate(tf, net, testSet) };
    history.push(record);
    o.onProgress?.({ epoch, step: stepsPerEpoch, stepsPerEpoch, loss: record.loss });
  }
  optimizer.dispose();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const last = history[history.length - 1] ?? { train: evaluate(tf, net, trainSet), test: evaluate(tf, net, testSet) };
  return { history, steps, seconds, stepsPerSecond: steps / Math.max(trainSeconds, 1e-9), train: last.train, test: last.test };
}
