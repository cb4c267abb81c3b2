/**
 * `npm run bench -- train`: training speed of the MNIST networks (d = 16 patches of 49 pixels,
 * m = 32 features, rank 4, 10 classes, Adam): ours against PyTorch on one thread
 * (bench/peers/train_torch.py) at several batch sizes, in steps/s and examples/s; and our two
 * engines (fused, autodiff) on each available backend at batch 32.
 *
 * Every comparison alternates its sides epoch by epoch ({@link alternateEpochs}), so on a shared
 * machine each side sees the same load; each side keeps its median epoch. bench/peers.ts takes its
 * training rows (batch 32) from the same helpers.
 */
import { cpus, loadavg } from 'node:os';
import { loadMnist, mnistDataDir } from '../src/nets/data/mnist.js';
import { createNet, type Engine, type ModelKind } from '../src/nets/models.js';
import { loadTf, type BackendChoice } from '../src/nets/tf.js';
import { train } from '../src/nets/train.js';
import { startTorchPeer } from './torchPeer.js';
import { findPython, median, printTable } from './util.js';

/** The model of the training benchmarks (train_torch.py builds the same). */
export const TRAIN_MODEL = { d: 16, inputDim: 49, features: 32, rank: 4, classes: 10, activation: 'relu', initNoise: 0.05, seed: 1 } as const;
export const LEARNING_RATE = 0.005;
/** Samples of the warm-up pass before the measured epochs (10 steps at batch 32: every kernel compiled). */
export const WARMUP_SAMPLES = 320;

/** One side of a training comparison: one epoch's steps/s per call, on a warmed-up network. */
export interface TrainingSide {
  readonly params: number;
  readonly description: string;
  epoch(): Promise<number>;
  dispose(): void;
}

/** Our training loop on the first `count` MNIST images, warmed up. */
export async function oursTraining(o: { kind: ModelKind; count: number; batch: number; backend?: BackendChoice; engine?: Engine }): Promise<TrainingSide> {
  const rt = await loadTf(o.backend ?? 'auto');
  const data = loadMnist('train', o.count);
  const net = createNet(rt.tf, { kind: o.kind, ...TRAIN_MODEL, ...(o.engine ? { engine: o.engine } : {}) });
  const settings = (seed: number) => ({ epochs: 1, batchSize: o.batch, learningRate: LEARNING_RATE, seed });
  train(rt.tf, net, { ...data, count: Math.min(WARMUP_SAMPLES, o.count) }, { ...data, count: o.batch }, settings(1));
  let seed = 2;
  return {
    params: net.nParams(),
    description: `tfjs ${rt.description.split(';')[0]}, ${net.engine} engine`,
    epoch: async () => train(rt.tf, net, data, { ...data, count: o.batch }, settings(seed++)).stepsPerSecond,
    dispose: () => net.dispose(),
  };
}

/** PyTorch on the same data as a side (a train_torch.py process serving epochs). */
export async function torchTraining(o: { python: string; kind: ModelKind; count: number; batch: number }): Promise<TrainingSide & { readonly torch: string }> {
  let mnist: string | undefined;
  try {
    mnist = mnistDataDir();
  } catch {
    mnist = undefined;
  }
  const peer = await startTorchPeer({ python: o.python, kind: o.kind, count: o.count, warmup: Math.min(WARMUP_SAMPLES, o.count), batch: o.batch, ...(mnist !== undefined ? { mnist } : {}) });
  return { params: peer.header.params, torch: peer.header.torch, description: `PyTorch ${peer.header.torch} of ${o.python}, 1 thread`, epoch: peer.epoch, dispose: peer.close };
}

/** Runs the sides in turn, one epoch each, for `rounds` rounds: each side's steps/s per epoch. */
export async function alternateEpochs(sides: readonly TrainingSide[], rounds: number): Promise<number[][]> {
  const rates = sides.map((): number[] => []);
  for (let r = 0; r < rounds; r++) for (const [i, side] of sides.entries()) (rates[i] as number[]).push(await side.epoch());
  return rates;
}

/** The machine's load for the notes: the 1-minute load average and the core count. */
export function loadNote(): string {
  return `${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores`;
}

const KINDS: readonly ModelKind[] = ['tt', 'cp', 'ht'];

/** Ours against PyTorch at several batch sizes: steps/s and examples/s. */
async function batchSizes(quick: boolean): Promise<void> {
  const batches = quick ? [32, 128] : [16, 32, 64, 128, 256];
  const count = quick ? 1280 : 3200;
  const rounds = quick ? 2 : 3;
  const python = findPython(['torch', 'numpy']);
  console.log(`\n## Training speed against batch size (MNIST, d = 16, m = 32, rank 4; ours and PyTorch alternate epochs, median of ${rounds})\n`);
  const rows: string[][] = [];
  for (const kind of KINDS)
    for (const batch of batches) {
      const sides: TrainingSide[] = [await oursTraining({ kind, count, batch })];
      try {
        if (python !== null) sides.push(await torchTraining({ python, kind, count, batch }));
        const [ours, peer] = (await alternateEpochs(sides, rounds)).map(median) as [number, number | undefined];
        const cells = (r: number | undefined): string[] => (r === undefined ? ['n/a', 'n/a'] : [r.toFixed(0), (r * batch).toFixed(0)]);
        rows.push([kind.toUpperCase(), String(batch), ...cells(ours), ...cells(peer), peer === undefined ? 'n/a' : `${(ours / peer).toFixed(2)}x`]);
      } finally {
        sides.forEach((s) => s.dispose());
      }
    }
  printTable(['model', 'batch', 'ours steps/s', 'ours examples/s', 'PyTorch steps/s', 'PyTorch examples/s', 'ours / PyTorch'], rows);
  if (python === null) console.log('\n(PyTorch not found: apt-get install python3-torch)');
}

/** Our engines and backends at batch 32, alternating epochs. */
async function engines(quick: boolean): Promise<void> {
  const count = quick ? 640 : 3200;
  const rounds = quick ? 2 : 3;
  console.log(`\n## Training engines and backends (batch 32, alternating epochs, median of ${rounds})\n`);
  const rows: string[][] = [];
  const backends: BackendChoice[] = ['node-gpu', 'node', 'wasm', 'cpu'];
  for (const backend of backends) {
    try {
      await loadTf(backend);
    } catch (e) {
      rows.push([backend, '-', '-', 'not available', (e as Error).message.split(':').slice(1).join(':').trim() || (e as Error).message]);
      continue;
    }
    for (const kind of KINDS) {
      const variants: Engine[] = ['fused', 'autodiff'];
      const sides = await Promise.all(variants.map((engine) => oursTraining({ kind, count, batch: 32, backend, engine })));
      try {
        const rates = (await alternateEpochs(sides, rounds)).map(median);
        variants.forEach((engine, i) => rows.push([backend, kind.toUpperCase(), engine, `${(rates[i] as number).toFixed(0)} steps/s`, i === 0 ? '' : `fused ${((rates[0] as number) / (rates[i] as number)).toFixed(2)}x`]));
      } finally {
        sides.forEach((s) => s.dispose());
      }
    }
  }
  printTable(['backend', 'model', 'engine', 'speed', 'note'], rows);
}

/** Runs the training benchmark. */
export async function benchTrain(options: { quick?: boolean } = {}): Promise<void> {
  const quick = options.quick ?? false;
  const before = loadNote();
  await batchSizes(quick);
  await engines(quick);
  console.log(`\nmachine load (1-minute load average): ${before} before, ${loadNote()} after`);
}
