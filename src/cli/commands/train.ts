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
import type { CliIo } from '../io.js';
import { MNIST_DEFAULTS } from '../../nets/experiments/classify.js';

const ACTIVATIONS = ['relu', 'identity', 'sigmoid', 'tanh'] as const;
const BACKENDS = ['auto', 'node-gpu', 'node', 'wasm', 'cpu'] as const;

/** Options every experiment takes. */
function common<T>(y: Argv<T>, experiment: string) {
  return y
    .option('out', { type: 'string', default: join('out', experiment), describe: 'folder for the JSON record, tables and plots' })
    .option('backend', { choices: BACKENDS, default: 'auto' as const, describe: 'TensorFlow.js backend (auto: node-gpu, node, wasm, cpu, the first available)' })
    .option('seed', { type: 'number', default: 1, describe: 'seed of data, initialisation and batches' })
    .option('quiet', { type: 'boolean', default: false, describe: 'no progress output' })
    .option('json', { type: 'boolean', default: false, describe: 'print the JSON record instead of the tables' });
}

function list(text: string, what: string): number[] {
  const xs = text.split(',').map((s) => Number(s.trim()));
  if (xs.length === 0 || xs.some((x) => !Number.isSafeInteger(x) || x < 1)) throw new UsageError('E_BAD_PARAMETER', `--${what} must be a comma-separated list of positive integers, got "${text}"`);
  return xs;
}

function positive(v: number, what: string, integer = true): number {
  if (!(v > 0) || (integer && !Number.isSafeInteger(v))) throw new UsageError('E_BAD_PARAMETER', `--${what} must be a positive ${integer ? 'integer' : 'number'}, got ${v}`);
  return v;
}

interface Ctx {
  readonly io: CliIo;
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

async function experimentIo(out: string, ctx: Ctx, quiet: boolean, json: boolean) {
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

/** Registers `train <experiment>` with one subcommand per experiment. */
export function trainCommand<T>(y: Argv<T>, ctx: Ctx): Argv<T> {
  return y.command('train', 'train CP / TT / HT networks (TensorFlow.js) and write JSON, tables and plots', (t) =>
    t
      .command(
        'expressivity',
        "fit a random TT/HT teacher's scores with CP students of growing width, for growing d",
        (b) =>
          common(b, 'expressivity')
            .option('d', { type: 'string', default: '4,6,8,10', describe: 'orders d to run' })
            .option('teacher', { choices: ['tt', 'ht'] as const, default: 'tt' as const })
            .option('teacher-rank', { type: 'number', default: 2 })
            .option('teacher-noise', { type: 'number', default: 0.8, describe: "noise of the teacher's cores around identity" })
            .option('features', { type: 'number', default: 3, describe: 'feature dimension m (constant feature included)' })
            .option('input-dim', { type: 'number', default: 4 })
            .option('activation', { choices: ACTIVATIONS, default: 'tanh' as const })
            .option('widths', { type: 'string', default: '1,2,4,8,16,32,64', describe: 'CP student widths' })
            .option('tt-ranks', { type: 'string', default: '1,2', describe: 'TT student ranks' })
            .option('train', { type: 'number', default: 4000 })
            .option('test', { type: 'number', default: 1000 })
            .option('epochs', { type: 'number', default: 60 })
            .option('batch', { type: 'number', default: 128 })
            .option('lr', { type: 'number', default: 0.02 }),
        async (a) => {
          const { runExpressivity } = await import('../../nets/experiments/expressivity.js');
          const orders = list(a.d, 'd');
          if (orders.some((d) => d < 2 || d % 2 !== 0 || d > 20)) throw new UsageError('E_BAD_PARAMETER', `--d must list even orders in [2, 20], got ${a.d}`);
          const opts = {
            orders,
            teacher: a.teacher,
            teacherRank: positive(a['teacher-rank'], 'teacher-rank'),
            teacherNoise: positive(a['teacher-noise'], 'teacher-noise', false),
            features: positive(a.features, 'features'),
            inputDim: positive(a['input-dim'], 'input-dim'),
            activation: a.activation,
            widths: list(a.widths, 'widths'),
            ttRanks: list(a['tt-ranks'], 'tt-ranks'),
            trainSize: positive(a.train, 'train'),
            testSize: positive(a.test, 'test'),
            epochs: positive(a.epochs, 'epochs'),
            batchSize: positive(a.batch, 'batch'),
            learningRate: positive(a.lr, 'lr', false),
            seed: a.seed,
          };
          if (opts.features < 2) throw new UsageError('E_BAD_PARAMETER', '--features must be at least 2 (the constant feature and one learned)');
          const rt = await runtime(a.backend, ctx, a.quiet || a.json);
          const record = runExpressivity(rt, opts, await experimentIo(a.out, ctx, a.quiet, a.json));
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
          const o = await classifySettings(a);
          const rt = await runtime(a.backend, ctx, a.quiet || a.json);
          const { runClassify } = await import('../../nets/experiments/classify.js');
          const record = runClassify(rt, 'mnist', loadMnist('train', o.trainSize), loadMnist('test', o.testSize), o, await experimentIo(a.out, ctx, a.quiet, a.json));
          if (a.json) ctx.io.out(stableJson(record) + '\n');
          ctx.setExit(EXIT.OK);
        },
      )
      .command(
        'cifar10',
        'TT vs CP vs HT on CIFAR-10 from a folder of the binary batch files (8 x 8 patches: d = 16)',
        (b) => classifyOptions(common(b, 'cifar10')).option('data', { type: 'string', demandOption: true, describe: 'folder with data_batch_*.bin and test_batch.bin' }),
        async (a) => {
          const { loadCifar10 } = await import('../../nets/data/cifar10.js');
          const { DataFormatError } = await import('../../nets/data/idx.js');
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
          const record = runClassify(rt, 'cifar10', tr, te, o, await experimentIo(a.out, ctx, a.quiet, a.json));
          if (a.json) ctx.io.out(stableJson(record) + '\n');
          ctx.setExit(EXIT.OK);
        },
      )
      .command(
        'toy',
        'decision boundaries of TT-networks on moons and circles, as pictures',
        (b) =>
          common(b, 'toy')
            .option('datasets', { type: 'string', default: 'moons,circles' })
            .option('rank', { type: 'number', default: 4 })
            .option('features', { type: 'number', default: 8 })
            .option('activation', { choices: ACTIVATIONS, default: 'tanh' as const })
            .option('points', { type: 'number', default: 600 })
            .option('noise', { type: 'number', default: 0.1 })
            .option('epochs', { type: 'number', default: 60 })
            .option('lr', { type: 'number', default: 0.02 })
            .option('grid', { type: 'number', default: 120, describe: 'grid cells per side of the pictures' }),
        async (a) => {
          const names = a.datasets.split(',').map((s) => s.trim());
          if (names.some((n) => n !== 'moons' && n !== 'circles')) throw new UsageError('E_BAD_PARAMETER', `--datasets must list moons and/or circles, got "${a.datasets}"`);
          const { runToy } = await import('../../nets/experiments/toy.js');
          const opts = {
            datasets: names as ('moons' | 'circles')[],
            rank: positive(a.rank, 'rank'),
            features: positive(a.features, 'features'),
            activation: a.activation,
            points: positive(a.points, 'points'),
            noise: a.noise >= 0 ? a.noise : positive(a.noise, 'noise', false),
            epochs: positive(a.epochs, 'epochs'),
            learningRate: positive(a.lr, 'lr', false),
            seed: a.seed,
            grid: positive(a.grid, 'grid'),
          };
          const rt = await runtime(a.backend, ctx, a.quiet || a.json);
          const record = runToy(rt, opts, await experimentIo(a.out, ctx, a.quiet, a.json));
          if (a.json) ctx.io.out(stableJson(record) + '\n');
          ctx.setExit(EXIT.OK);
        },
      )
      .demandCommand(1, 'name an experiment: expressivity, mnist, cifar10 or toy'),
  );
}

function classifyOptions<T>(y: Argv<T>) {
  return y
    .option('models', { type: 'string', default: 'tt,cp,ht', describe: 'model families to train' })
    .option('ranks', { type: 'string', default: '1,2,4,6', describe: 'ranks (CP widths for CP)' })
    .option('features', { type: 'number', default: 32, describe: 'feature dimension m (constant feature included)' })
    .option('activation', { choices: ACTIVATIONS, default: 'relu' as const })
    .option('shared', { type: 'boolean', default: false, describe: 'TT with one shared middle core (an ordinary RNN)' })
    .option('train', { type: 'number', default: MNIST_DEFAULTS.trainSize, describe: 'training images (60000 for the full MNIST run)' })
    .option('test', { type: 'number', default: MNIST_DEFAULTS.testSize, describe: 'test images (10000 for the full run)' })
    .option('epochs', { type: 'number', default: MNIST_DEFAULTS.epochs })
    .option('batch', { type: 'number', default: 32 })
    .option('lr', { type: 'number', default: 0.005 })
    .option('init-noise', { type: 'number', default: 0.05, describe: 'noise around the near-identity initialisation' })
    .option('rounding', { type: 'string', default: 'exact', describe: 'how the exported weights become exact numbers: exact | bits:K' });
}

async function classifySettings(a: { models: string; ranks: string; features: number; activation: (typeof ACTIVATIONS)[number]; shared: boolean; train: number; test: number; epochs: number; batch: number; lr: number; 'init-noise': number; rounding: string; seed: number }) {
  const { parseRounding } = await import('../../nets/export.js');
  const models = a.models.split(',').map((s) => s.trim());
  if (models.length === 0 || models.some((m) => m !== 'tt' && m !== 'cp' && m !== 'ht')) throw new UsageError('E_BAD_PARAMETER', `--models must list tt, cp and/or ht, got "${a.models}"`);
  const rounding = parseRounding(a.rounding);
  if (!rounding) throw new UsageError('E_BAD_PARAMETER', `--rounding must be exact or bits:K (1 <= K <= 60), got "${a.rounding}"`);
  if (a.features < 2) throw new UsageError('E_BAD_PARAMETER', '--features must be at least 2 (the constant feature and one learned)');
  return {
    models: models as ('tt' | 'cp' | 'ht')[],
    ranks: list(a.ranks, 'ranks'),
    features: positive(a.features, 'features'),
    activation: a.activation,
    sharedCores: a.shared,
    trainSize: positive(a.train, 'train'),
    testSize: positive(a.test, 'test'),
    epochs: positive(a.epochs, 'epochs'),
    batchSize: positive(a.batch, 'batch'),
    learningRate: positive(a.lr, 'lr', false),
    initNoise: positive(a['init-noise'], 'init-noise', false),
    seed: a.seed,
    rounding,
  };
}
