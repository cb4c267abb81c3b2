/**
 * `train toy`: decision boundaries of TT-networks on moons and circles, as pictures.
 *
 * @packageDocumentation
 */
import { toyDataset, type ToyName } from '../data/toy.js';
import { createNet, type Activation } from '../models.js';
import type { TfRuntime } from '../tf.js';
import { train } from '../train.js';
import { writeBoundary, writeJson, type ExperimentIo } from './common.js';
import type * as TF from '@tensorflow/tfjs';

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

/** Runs the experiment. */
export async function runToy(rt: TfRuntime, o: ToyOptions, io: ExperimentIo): Promise<object> {
  const { tf } = rt;
  const results: object[] = [];
  const files: string[] = [];
  for (const [i, name] of o.datasets.entries()) {
    io.progress(`${name}: training`, i / o.datasets.length);
    const all = toyDataset(name, o.points, o.noise, o.seed + i);
    const nTrain = Math.floor(0.8 * all.count);
    const trainSet = { ...all, count: nTrain, x: all.x.slice(0, 2 * nTrain), labels: all.labels.slice(0, nTrain) };
    const testSet = { ...all, count: all.count - nTrain, x: all.x.slice(2 * nTrain), labels: all.labels.slice(nTrain) };
    const net = createNet(tf, { kind: 'tt', d: 2, inputDim: 1, features: o.features, rank: o.rank, classes: 2, activation: o.activation, initNoise: 0.3, seed: o.seed });
    const r = train(tf, net, trainSet, testSet, { epochs: o.epochs, batchSize: 32, learningRate: o.learningRate, seed: o.seed });
    const us: number[] = [];
    const vs: number[] = [];
    for (let k = 0; k < all.count; k++) {
      us.push(all.x[2 * k] as number);
      vs.push(all.x[2 * k + 1] as number);
    }
    const pad = 0.3;
    const range = { uMin: Math.min(...us) - pad, uMax: Math.max(...us) + pad, vMin: Math.min(...vs) - pad, vMax: Math.max(...vs) + pad };
    const G = o.grid;
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
    const picture = { title: `TT rank ${o.rank} on ${name}: test accuracy ${(r.test * 100).toFixed(1)}%`, grid, size: G, range, points: us.map((u, k) => ({ u, v: vs[k] as number, label: all.labels[k] as number })) };
    const written = await writeBoundary(io, `toy-${name}-boundary`, picture);
    files.push(...written);
    const png = written.find((f) => f.endsWith('.png')) ?? written[0];
    results.push({ dataset: name, train: r.train, test: r.test, params: net.nParams() });
    io.log(`${name}: TT rank ${o.rank}, train accuracy ${r.train.toFixed(3)}, test accuracy ${r.test.toFixed(3)} -> ${png}\n`);
    net.dispose();
  }
  io.progressDone();
  const record = { experiment: 'toy', backend: rt.description, settings: o, results, files };
  writeJson(io, 'toy.json', record);
  return record;
}
