/**
 * `check-theorem train <experiment>`: the empirical side. TensorFlow.js is loaded only here, so
 * the proof commands never pay for it.
 *
 * @packageDocumentation
 */
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { createProgress } from '../../report/progress.js';
import { stableJson } from '../../report/json.js';
import { EXIT, UsageError } from '../errors.js';
import { MAX_SEED, choiceListOption, choiceOption, countOrAutoOption, flag, intListOption, intOption, numberOption, required, stringOption, withDefault } from '../options.js';
import type { CliIo } from '../io.js';
import { MNIST_DEFAULTS } from '../../nets/experiments/classifyOptions.js';

const ACTIVATIONS = ['relu', 'identity', 'sigmoid', 'tanh'] as const;
const BACKENDS = ['auto', 'node-gpu', 'node', 'wasm', 'cpu'] as const;

/** Options every experiment takes. */
function common<T>(y: Argv<T>, experiment: string) {
  return y
    .option('out', withDefault(stringOption('out', { describe: 'folder for the JSON record, tables and plots (the record is written last)' }), join('out', experiment)))
    .option('backend', withDefault(choiceOption('backend', BACKENDS, { describe: 'TensorFlow.js backend (auto: node-gpu, node, wasm, cpu, the first available)' }), 'auto' as (typeof BACKENDS)[number]))
    .option('seed', withDefault(intOption('seed', { min: 0, max: MAX_SEED, describe: 'seed of data, initialisation and batches' }), 1))
    .option('quiet', flag('no progress output'))
    .option('json', flag('print the JSON record instead of the tables'))
    .option('workers', withDefault(countOrAutoOption('workers', { min: 1, max: MAX_WORKERS, describe: 'worker threads training models side by side (auto: the cores free now); the results are the same for every count' }), 'auto' as number | 'auto'));
}

/** Most worker threads --workers takes. */
const MAX_WORKERS = 64;

/** Most floats of training and test data one run may hold (4 GiB). */
export const MAX_DATA_FLOATS = 2 ** 30;

/** Refuses, before any work, a run whose data would not fit. */
function checkData(samples: number, d: number, inputDim: number): void {
  const floats = samples * d * inputDim;
  if (floats > MAX_DATA_FLOATS) throw new UsageError('E_BUDGET', `the data would hold ${samples} sequences of ${d} x ${inputDim} floats (${((floats * 4) / 2 ** 30).toFixed(1)} GiB, estimate), above ${(MAX_DATA_FLOATS * 4) / 2 ** 30} GiB; lower the sizes`);
}

interface Ctx {
  readonly io: CliIo;
  /** The argument vector as typed (to warn about deprecated aliases). */
  readonly argv: readonly string[];
  setExit(code: number): void;
}

async function runtime(backend: (typeof BACKENDS)[number], ctx: Ctx, quiet: boolean) {
  const { loadTf, BackendError } = await import('../../nets/tf.js');
  try {
    const rt = await loadTf(backend);
    if (!quiet) ctx.io.err(`backend: ${rt.description}\n`);
    return rt;
  } catch (e) {
    if (e instanceof BackendError) throw new UsageError('E_USAGE', e.message);
    throw e;
  }
}

async function experimentIo(out: string, workersChoice: number | 'auto', ctx: Ctx, quiet: boolean, json: boolean) {
  const workers = workersChoice === 'auto' ? (await import('../../nets/experiments/pool.js')).autoWorkers() : workersChoice;
  const { prepareOut } = await import('../../nets/experiments/common.js');
  try {
    prepareOut(out);
  } catch (e) {
    throw new UsageError('E_FILE', `cannot create the output folder ${out}: ${(e as Error).message}`);
  }
  const progress = createProgress(ctx.io, quiet || json);
  let last = -1;
  return {
    out,
    workers,
    log: (t: string) => {
      if (!json) ctx.io.out(t);
    },
    progress: (label: string, fraction: number) => {
      const pct = Math.floor(fraction * 100);
      // On a terminal redraw freely; in logs print a line only when the percentage moves.
      if (ctx.io.errIsTty || pct !== last) progress.step(Math.min(99, pct), 100, label);
      last = pct;
    },
    progressDone: () => progress.done(),
  };
}

/** Warns on stderr, once per name, when a deprecated alias was typed (it keeps working for one version). */
function warnDeprecated(ctx: Ctx, pairs: readonly (readonly [string, string])[]): void {
  for (const [old, name] of pairs) {
    const flags = old.length === 1 ? [`-${old}`, `--${old}`] : [`--${old}`];
    if (ctx.argv.some((a) => flags.some((f) => a === f || a.startsWith(`${f}=`)))) ctx.io.err(`warning: --${old} is deprecated and will be removed; use --${name}\n`);
  }
}

/** Registers `train <experiment>` with one subcommand per experiment. */
export function trainCommand<T>(y: Argv<T>, ctx: Ctx): Argv<T> {
  return y.command('train', 'train CP / TT / HT networks (TensorFlow.js) and write JSON, tables and plots', (t) =>
    t
      .command(
        'expressivity',
        "fit a random TT/HT teacher's scores with CP students of growing width, for growing d",
        (b) =>
          common(b, 'expressivity')
            .option('orders', withDefault({ ...intListOption('orders', { min: 2, max: 20, even: true, maxItems: 10, describe: 'orders d to run (--d: deprecated alias)' }), alias: 'd' }, '4,6,8,10'))
            .option('teacher', withDefault(choiceOption('teacher', ['tt', 'ht'] as const, { describe: 'the teacher network' }), 'tt' as 'tt' | 'ht'))
            .option('teacher-rank', withDefault(intOption('teacher-rank', { min: 1, max: 16, describe: "the teacher's rank" }), 2))
            .option('teacher-noise', withDefault(numberOption('teacher-noise', { min: 0, max: 10, describe: "noise of the teacher's cores around identity" }), 0.8))
            .option('features', withDefault(intOption('features', { min: 2, max: 64, describe: 'feature dimension m (constant feature included)' }), 3))
            .option('input-dim', withDefault(intOption('input-dim', { min: 1, max: 1024, describe: 'dimension of each input x_k' }), 4))
            .option('activation', withDefault(choiceOption('activation', ACTIVATIONS, { describe: 'activation of the feature map' }), 'tanh' as (typeof ACTIVATIONS)[number]))
            .option('widths', withDefault(intListOption('widths', { min: 1, max: 1024, maxItems: 16, describe: 'CP student widths' }), '1,2,4,8,16,32,64'))
            .option('tt-ranks', withDefault(intListOption('tt-ranks', { min: 1, max: 64, maxItems: 8, describe: 'TT student ranks' }), '1,2'))
            .option('train-size', withDefault({ ...intOption('train-size', { min: 1, max: 200_000, describe: 'training sequences (--train: deprecated alias)' }), alias: 'train' }, 4000))
            .option('test-size', withDefault({ ...intOption('test-size', { min: 1, max: 100_000, describe: 'test sequences (--test: deprecated alias)' }), alias: 'test' }, 1000))
            .option('epochs', withDefault(intOption('epochs', { min: 1, max: 10_000, describe: 'epochs' }), 60))
            .option('batch', withDefault(intOption('batch', { min: 1, max: 65_536, describe: 'batch size' }), 128))
            .option('lr', withDefault(numberOption('lr', { min: 0, exclusiveMin: true, max: 10, describe: 'learning rate' }), 0.02))
            .option('seeds', intListOption('seeds', { min: 0, max: 2 ** 31 - 1, maxItems: 32, describe: 'run once per seed and plot the median with the min-max band (instead of --seed)' })),
        async (a) => {
          const { runExpressivity } = await import('../../nets/experiments/expressivity.js');
          warnDeprecated(ctx, [['d', 'orders'], ['train', 'train-size'], ['test', 'test-size']]);
          checkData(a['train-size'] + a['test-size'], Math.max(...a.orders), a['input-dim']);
          const opts = {
            orders: a.orders,
            teacher: a.teacher,
            teacherRank: a['teacher-rank'],
            teacherNoise: a['teacher-noise'],
            features: a.features,
            inputDim: a['input-dim'],
            activation: a.activation,
            widths: a.widths,
            ttRanks: a['tt-ranks'],
            trainSize: a['train-size'],
            testSize: a['test-size'],
            epochs: a.epochs,
            batchSize: a.batch,
            learningRate: a.lr,
            seed: a.seed,
            ...(a.seeds !== undefined ? { seeds: a.seeds } : {}),
          };
          const rt = await runtime(a.backend, ctx, a.quiet || a.json);
          const record = await runExpressivity(rt, opts, await experimentIo(a.out, a.workers, ctx, a.quiet, a.json));
          if (a.json) ctx.io.out(stableJson(record) + '\n');
          ctx.setExit(EXIT.OK);
        },
      )
      .command(
        'mnist',
        'TT vs CP vs HT on MNIST over a grid of ranks (7 x 7 patches: d = 16)',
        (b) => classifyOptions(common(b, 'mnist')),
        async (a) => {
          const { loadMnist } = await import('../../nets/data/mnist.js');
          warnDeprecated(ctx, [['train', 'train-size'], ['test', 'test-size']]);
          const o = await classifySettings(a);
          const rt = await runtime(a.backend, ctx, a.quiet || a.json);
          const { runClassify } = await import('../../nets/experiments/classify.js');
          const record = await runClassify(rt, 'mnist', loadMnist('train', o.trainSize), loadMnist('test', o.testSize), o, await experimentIo(a.out, a.workers, ctx, a.quiet, a.json));
          if (a.json) ctx.io.out(stableJson(record) + '\n');
          ctx.setExit(EXIT.OK);
        },
      )
      .command(
        'cifar10',
        'TT vs CP vs HT on CIFAR-10 from a folder of the binary batch files (8 x 8 patches: d = 16)',
        (b) => classifyOptions(common(b, 'cifar10')).option('data', required(stringOption('data', { describe: 'folder with data_batch_*.bin and test_batch.bin' }))),
        async (a) => {
          const { loadCifar10 } = await import('../../nets/data/cifar10.js');
          const { DataFormatError } = await import('../../nets/data/idx.js');
          warnDeprecated(ctx, [['train', 'train-size'], ['test', 'test-size']]);
          const o = await classifySettings(a);
          let tr, te;
          try {
            tr = loadCifar10(a.data, 'train', o.trainSize);
            te = loadCifar10(a.data, 'test', o.testSize);
          } catch (e) {
            if (e instanceof DataFormatError) throw new UsageError('E_FILE', e.message);
            throw e;
          }
          const rt = await runtime(a.backend, ctx, a.quiet || a.json);
          const { runClassify } = await import('../../nets/experiments/classify.js');
          const record = await runClassify(rt, 'cifar10', tr, te, o, await experimentIo(a.out, a.workers, ctx, a.quiet, a.json));
          if (a.json) ctx.io.out(stableJson(record) + '\n');
          ctx.setExit(EXIT.OK);
        },
      )
      .command(
        'toy',
        'decision boundaries of TT-networks on moons and circles, as pictures',
        (b) =>
          common(b, 'toy')
            .option('datasets', withDefault(choiceListOption('datasets', ['moons', 'circles'] as const, { describe: 'the toy data sets' }), 'moons,circles'))
            .option('rank', withDefault(intOption('rank', { min: 1, max: 64, describe: 'TT rank' }), 4))
            .option('features', withDefault(intOption('features', { min: 2, max: 256, describe: 'feature dimension m (constant feature included)' }), 8))
            .option('activation', withDefault(choiceOption('activation', ACTIVATIONS, { describe: 'activation of the feature map' }), 'tanh' as (typeof ACTIVATIONS)[number]))
            .option('points', withDefault(intOption('points', { min: 4, max: 100_000, describe: 'points per data set' }), 600))
            .option('noise', withDefault(numberOption('noise', { min: 0, max: 10, describe: 'noise of the data' }), 0.1))
            .option('epochs', withDefault(intOption('epochs', { min: 1, max: 10_000, describe: 'epochs' }), 60))
            .option('lr', withDefault(numberOption('lr', { min: 0, exclusiveMin: true, max: 10, describe: 'learning rate' }), 0.02))
            .option('grid', withDefault(intOption('grid', { min: 2, max: 1024, describe: 'grid cells per side of the pictures' }), 120)),
        async (a) => {
          const { runToy } = await import('../../nets/experiments/toy.js');
          const opts = {
            datasets: a.datasets,
            rank: a.rank,
            features: a.features,
            activation: a.activation,
            points: a.points,
            noise: a.noise,
            epochs: a.epochs,
            learningRate: a.lr,
            seed: a.seed,
            grid: a.grid,
          };
          const rt = await runtime(a.backend, ctx, a.quiet || a.json);
          const record = await runToy(rt, opts, await experimentIo(a.out, a.workers, ctx, a.quiet, a.json));
          if (a.json) ctx.io.out(stableJson(record) + '\n');
          ctx.setExit(EXIT.OK);
        },
      )
      .demandCommand(1, 'name an experiment: expressivity, mnist, cifar10 or toy'),
  );
}

function classifyOptions<T>(y: Argv<T>) {
  return y
    .option('models', withDefault(choiceListOption('models', ['tt', 'cp', 'ht'] as const, { describe: 'model families to train' }), 'tt,cp,ht'))
    .option('ranks', withDefault(intListOption('ranks', { min: 1, max: 64, maxItems: 12, describe: 'ranks (CP widths for CP)' }), '1,2,4,6'))
    .option('features', withDefault(intOption('features', { min: 2, max: 256, describe: 'feature dimension m (constant feature included)' }), 32))
    .option('activation', withDefault(choiceOption('activation', ACTIVATIONS, { describe: 'activation of the feature map' }), 'relu' as (typeof ACTIVATIONS)[number]))
    .option('shared', flag('TT with one shared middle core (an ordinary RNN)'))
    .option('train-size', withDefault({ ...intOption('train-size', { min: 1, max: 60_000, describe: 'training images (60000 for the full MNIST run; --train: deprecated alias)' }), alias: 'train' }, MNIST_DEFAULTS.trainSize))
    .option('test-size', withDefault({ ...intOption('test-size', { min: 1, max: 10_000, describe: 'test images (10000 for the full run; --test: deprecated alias)' }), alias: 'test' }, MNIST_DEFAULTS.testSize))
    .option('epochs', withDefault(intOption('epochs', { min: 1, max: 1000, describe: 'epochs' }), MNIST_DEFAULTS.epochs))
    .option('batch', withDefault(intOption('batch', { min: 1, max: 60_000, describe: 'batch size' }), 32))
    .option('lr', withDefault(numberOption('lr', { min: 0, exclusiveMin: true, max: 10, describe: 'learning rate' }), 0.005))
    .option('init-noise', withDefault(numberOption('init-noise', { min: 0, max: 10, describe: 'noise around the near-identity initialisation' }), 0.05))
    .option('rounding', withDefault(stringOption('rounding', { describe: 'how the exported weights become exact numbers: exact | bits:K' }), 'exact'))
    .option('seeds', intListOption('seeds', { min: 0, max: 2 ** 31 - 1, maxItems: 32, describe: 'train every model once per seed and plot the median with the min-max band (instead of --seed)' }));
}

async function classifySettings(a: { seeds?: number[] | undefined; models: ('tt' | 'cp' | 'ht')[]; ranks: number[]; features: number; activation: (typeof ACTIVATIONS)[number]; shared: boolean; 'train-size': number; 'test-size': number; epochs: number; batch: number; lr: number; 'init-noise': number; rounding: string; seed: number }) {
  const { parseRounding } = await import('../../nets/export.js');
  const rounding = parseRounding(a.rounding);
  if (!rounding) throw new UsageError('E_BAD_PARAMETER', `--rounding must be exact or bits:K (1 <= K <= 60), got "${a.rounding.slice(0, 40)}"`);
  return {
    models: a.models,
    ranks: a.ranks,
    features: a.features,
    activation: a.activation,
    sharedCores: a.shared,
    trainSize: a['train-size'],
    testSize: a['test-size'],
    epochs: a.epochs,
    batchSize: a.batch,
    learningRate: a.lr,
    initNoise: a['init-noise'],
    seed: a.seed,
    ...(a.seeds !== undefined ? { seeds: a.seeds } : {}),
    rounding,
  };
}
