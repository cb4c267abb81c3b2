/**
 * `train expressivity`: fit a random TT (or HT) teacher's scores with CP students of growing
 * width and with TT students, for growing d; report the error against width, the smallest CP
 * width that matches the TT student, and the teacher's certified CP-rank lower bound.
 *
 * Students use the teacher's fixed feature map, so what they learn is the weight tensor W, the
 * object the theorems are about: a CP student of width R can only represent tensors of CP-rank
 * <= R, and Theorem 1 says a generic TT teacher has CP-rank >= min(m, r)^(d/2).
 *
 * @packageDocumentation
 */
import { matricizationLowerBound } from '../../certify/rank.js';
import { checkCertificateText } from '../../kernel/index.js';
import { stableJson } from '../../report/json.js';
import { oddEvenModes } from '../../tensor/shape.js';
import { exportClassTensor, toIntegerTensor } from '../export.js';
import { createNet, type Activation } from '../models.js';
import { createTeacher, teacherData } from '../data/teacher.js';
import type { TfRuntime } from '../tf.js';
import { train, type Dataset } from '../train.js';
import { writeChart, writeJson, type ExperimentIo } from './common.js';

/** Settings of the expressivity experiment (every one is a CLI flag). */
export interface ExpressivityOptions {
  readonly orders: readonly number[];
  readonly teacher: 'tt' | 'ht';
  readonly teacherRank: number;
  /** Feature dimension m, the constant feature included. */
  readonly features: number;
  readonly inputDim: number;
  readonly activation: Activation;
  readonly widths: readonly number[];
  readonly ttRanks: readonly number[];
  readonly trainSize: number;
  readonly testSize: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly teacherNoise: number;
  readonly seed: number;
}

/** Defaults: about two minutes on this 2-core machine with the wasm backend. */
export const EXPRESSIVITY_DEFAULTS: ExpressivityOptions = {
  orders: [4, 6, 8, 10],
  teacher: 'tt',
  teacherRank: 2,
  features: 3,
  inputDim: 4,
  activation: 'tanh',
  widths: [1, 2, 4, 8, 16, 32, 64],
  ttRanks: [1, 2],
  trainSize: 4000,
  testSize: 1000,
  epochs: 60,
  batchSize: 128,
  learningRate: 0.02,
  teacherNoise: 0.8,
  seed: 1,
};

/**
 * A CP student matches the TT student when its test error is at most twice the TT student's, or
 * below 1% of the variance: both fits then explain the teacher about equally well.
 */
export const MATCH_FACTOR = 2;
export const MATCH_FLOOR = 0.01;

function split(all: { count: number; d: number; inputDim: number; x: Float32Array; y: Float32Array }, n: number): [Dataset, Dataset] {
  const per = all.d * all.inputDim;
  return [
    { count: n, d: all.d, inputDim: all.inputDim, x: all.x.slice(0, n * per), y: all.y.slice(0, n) },
    { count: all.count - n, d: all.d, inputDim: all.inputDim, x: all.x.slice(n * per), y: all.y.slice(n) },
  ];
}

/** Runs the experiment; returns the record written to expressivity.json. */
export async function runExpressivity(rt: TfRuntime, o: ExpressivityOptions, io: ExperimentIo): Promise<object> {
  const { tf } = rt;
  const perOrder: object[] = [];
  const cpSeries: { name: string; points: [number, number][]; color: number }[] = [];
  const ttSeries: { name: string; points: [number, number][]; color: number; dashed: boolean }[] = [];
  const total = o.orders.length * (o.widths.length + o.ttRanks.length);
  let done = 0;
  const rows: string[] = [];
  o.orders.forEach((d, di) => {
    const teacher = createTeacher(tf, { kind: o.teacher, d, inputDim: o.inputDim, features: o.features, rank: o.teacherRank, activation: o.activation, coreNoise: o.teacherNoise, seed: o.seed + d });
    const [trainSet, testSet] = split(teacherData(tf, teacher, o.trainSize + o.testSize, o.seed + 100 * d), o.trainSize);
    const fixedFeatures = teacher.featureMap();
    // The teacher's CP-rank, certified: an exact export of its weights and a kernel-checked minor.
    const exported = toIntegerTensor(exportClassTensor(teacher, 0), { kind: 'exact' });
    const lb = matricizationLowerBound(exported.tensor, oddEvenModes(d));
    const teacherCertified = checkCertificateText(stableJson(lb.certificate)).verdict === 'verified' ? lb.rank : null;
    const q = Math.min(o.features, o.teacherRank);
    const fit = (kind: 'cp' | 'tt', rank: number): { test: number; train: number; params: number; stepsPerSecond: number } => {
      io.progress(`d=${d} ${kind} rank ${rank}`, done / total);
      const net = createNet(tf, { kind, d, inputDim: o.inputDim, features: o.features, rank, classes: 1, activation: o.activation, initNoise: 0.1, seed: o.seed + 7 * rank + d, fixedFeatures });
      const r = train(tf, net, trainSet, testSet, { epochs: o.epochs, batchSize: o.batchSize, learningRate: o.learningRate, seed: o.seed + rank });
      const out = { test: r.test, train: r.train, params: net.nParams(), stepsPerSecond: r.stepsPerSecond };
      net.dispose();
      done++;
      return out;
    };
    const cp = o.widths.map((R) => ({ width: R, ...fit('cp', R) }));
    const tt = o.ttRanks.map((r) => ({ rank: r, ...fit('tt', r) }));
    teacher.dispose();
    const ttBest = tt.reduce((a, b) => (b.test < a.test ? b : a));
    const threshold = Math.max(MATCH_FACTOR * ttBest.test, MATCH_FLOOR);
    const matching = cp.find((c) => c.test <= threshold);
    cpSeries.push({ name: `CP d=${d}`, points: cp.map((c) => [c.width, Math.max(c.test, 1e-6)]), color: di });
    ttSeries.push({ name: `TT r=${ttBest.rank} d=${d}`, points: [[o.widths[0] as number, Math.max(ttBest.test, 1e-6)], [o.widths[o.widths.length - 1] as number, Math.max(ttBest.test, 1e-6)]], color: di, dashed: true });
    rows.push(
      `d=${String(d).padEnd(3)} TT student (r=${ttBest.rank}) ${ttBest.test.toExponential(2)}  CP: ${cp.map((c) => `R=${c.width}:${c.test.toExponential(1)}`).join(' ')}  smallest matching CP width: ${matching ? matching.width : `> ${o.widths[o.widths.length - 1]}`}  theory: CP-rank >= ${q}^(d/2) = ${q ** (d / 2)}, certified for this teacher >= ${teacherCertified ?? '-'}`,
    );
    perOrder.push({
      d,
      teacher: { kind: o.teacher, rank: o.teacherRank, features: o.features, certifiedCpRankAtLeast: teacherCertified, genericBound: q ** (d / 2), log2Scale: exported.log2Scale },
      tt,
      cp,
      matchThreshold: threshold,
      smallestMatchingCpWidth: matching ? matching.width : null,
    });
  });
  io.progressDone();
  io.log(`\nExpressivity: relative test error (squared error / variance) of students fitting a random ${o.teacher.toUpperCase()} teacher (rank ${o.teacherRank}, m = ${o.features})\n`);
  for (const r of rows) io.log(r + '\n');
  const charts = await writeChart(io, 'expressivity-error-vs-cp-width', {
    title: `Fitting a ${o.teacher.toUpperCase()} teacher: CP students vs width`,
    xLabel: 'CP width R',
    yLabel: 'relative test error',
    xLog: true,
    yLog: true,
    xTicks: o.widths,
    series: [...cpSeries, ...ttSeries],
  });
  // The matching width per d; where no width tried matched, a censored point at the largest one (">").
  const widest = o.widths[o.widths.length - 1] as number;
  const per = perOrder as { d: number; smallestMatchingCpWidth: number | null; teacher: { certifiedCpRankAtLeast: number | null } }[];
  const q = Math.min(o.features, o.teacherRank);
  const charts2 = await writeChart(io, 'expressivity-matching-width-vs-d', {
    title: 'CP width matching the TT student',
    xLabel: 'order d',
    yLabel: 'CP width',
    yLog: true,
    xTicks: o.orders,
    series: [
      { name: 'smallest matching width', points: per.map((r) => [r.d, r.smallestMatchingCpWidth ?? widest] as [number, number]), censored: per.map((r) => r.smallestMatchingCpWidth === null) },
      { name: "teacher's CP-rank >= (certified)", points: per.filter((r) => r.teacher.certifiedCpRankAtLeast !== null).map((r) => [r.d, r.teacher.certifiedCpRankAtLeast as number] as [number, number]) },
      { name: `bound q^(d/2), q = ${q}`, points: o.orders.map((d) => [d, q ** (d / 2)] as [number, number]), dashed: true },
    ],
  });
  const record = { experiment: 'expressivity', backend: rt.description, settings: o, results: perOrder, files: [...charts, ...charts2] };
  writeJson(io, 'expressivity.json', record);
  return record;
}
