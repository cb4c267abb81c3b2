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
import type { Activation } from '../models.js';
import { createTeacher, teacherData } from '../data/teacher.js';
import type { TfRuntime } from '../tf.js';
import type { Dataset } from '../train.js';
import { writeChart, writeJson, type ExperimentIo } from './common.js';
import type { FitJob, FitOutcome } from './jobs.js';
import { runJobs } from './pool.js';

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
  /** Several seeds: the experiment runs once per seed and the figures show the spread. */
  readonly seeds?: readonly number[];
}

/** Defaults: about a minute on this 2-core machine with the wasm backend (56 s measured with the load average at 6, one worker; 195 s before the fused engine). */
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

/** One order's results for one seed. */
interface OrderResult {
  readonly d: number;
  readonly teacher: { readonly kind: string; readonly rank: number; readonly features: number; readonly certifiedCpRankAtLeast: number | null; readonly genericBound: number; readonly log2Scale: number };
  readonly tt: readonly { readonly rank: number; readonly test: number; readonly train: number; readonly params: number; readonly stepsPerSecond: number }[];
  readonly cp: readonly { readonly width: number; readonly test: number; readonly train: number; readonly params: number; readonly stepsPerSecond: number }[];
  readonly matchThreshold: number;
  readonly smallestMatchingCpWidth: number | null;
}

/** One teacher (one seed and order): its data, its certified CP-rank, and its students' jobs. */
interface TeacherRun {
  readonly seed: number;
  readonly d: number;
  readonly certified: number | null;
  readonly log2Scale: number;
  readonly cpJobs: readonly FitJob[];
  readonly ttJobs: readonly FitJob[];
}

/**
 * The teacher of one seed and order, on the main thread: its data, the certificate of its CP-rank
 * (an exact export of its weights and a kernel-checked minor), and the fit jobs of its students.
 * Students use the teacher's fixed feature map.
 */
function prepareTeacher(rt: TfRuntime, o: ExpressivityOptions, seed: number, d: number): TeacherRun {
  const teacher = createTeacher(rt.tf, { kind: o.teacher, d, inputDim: o.inputDim, features: o.features, rank: o.teacherRank, activation: o.activation, coreNoise: o.teacherNoise, seed: seed + d });
  try {
    const [trainSet, testSet] = split(teacherData(rt.tf, teacher, o.trainSize + o.testSize, seed + 100 * d), o.trainSize);
    const fixedFeatures = teacher.featureMap();
    const exported = toIntegerTensor(exportClassTensor(teacher, 0), { kind: 'exact' });
    const lb = matricizationLowerBound(exported.tensor, oddEvenModes(d));
    const certified = checkCertificateText(stableJson(lb.certificate)).verdict === 'verified' ? lb.rank : null;
    const fit = (kind: 'cp' | 'tt', rank: number): FitJob => ({
      kind: 'fit',
      config: { kind, d, inputDim: o.inputDim, features: o.features, rank, classes: 1, activation: o.activation, initNoise: 0.1, seed: seed + 7 * rank + d, fixedFeatures },
      train: trainSet,
      test: testSet,
      training: { epochs: o.epochs, batchSize: o.batchSize, learningRate: o.learningRate, seed: seed + rank },
    });
    return { seed, d, certified, log2Scale: exported.log2Scale, cpJobs: o.widths.map((R) => fit('cp', R)), ttJobs: o.ttRanks.map((r) => fit('tt', r)) };
  } finally {
    teacher.dispose();
  }
}

/** One order's results from its teacher and its students' outcomes (widths, then TT ranks). */
function orderResult(o: ExpressivityOptions, t: TeacherRun, cpOut: readonly FitOutcome[], ttOut: readonly FitOutcome[]): { result: OrderResult; row: string } {
  const q = Math.min(o.features, o.teacherRank);
  const strip = (r: FitOutcome) => ({ test: r.test, train: r.train, params: r.params, stepsPerSecond: r.stepsPerSecond });
  const cp = o.widths.map((R, i) => ({ width: R, ...strip(cpOut[i] as FitOutcome) }));
  const tt = o.ttRanks.map((r, i) => ({ rank: r, ...strip(ttOut[i] as FitOutcome) }));
  const ttBest = tt.reduce((a, b) => (b.test < a.test ? b : a));
  const threshold = Math.max(MATCH_FACTOR * ttBest.test, MATCH_FLOOR);
  const matching = cp.find((c) => c.test <= threshold);
  const d = t.d;
  const row = `${o.seeds && o.seeds.length > 1 ? `seed ${String(t.seed).padEnd(4)} ` : ''}d=${String(d).padEnd(3)} TT student (r=${ttBest.rank}) ${ttBest.test.toExponential(2)}  CP: ${cp.map((c) => `R=${c.width}:${c.test.toExponential(1)}`).join(' ')}  smallest matching CP width: ${matching ? matching.width : `> ${o.widths[o.widths.length - 1]}`}  theory: CP-rank >= ${q}^(d/2) = ${q ** (d / 2)}, certified for this teacher >= ${t.certified ?? '-'}`;
  return {
    row,
    result: {
      d,
      teacher: { kind: o.teacher, rank: o.teacherRank, features: o.features, certifiedCpRankAtLeast: t.certified, genericBound: q ** (d / 2), log2Scale: t.log2Scale },
      tt,
      cp,
      matchThreshold: threshold,
      smallestMatchingCpWidth: matching ? matching.width : null,
    },
  };
}

/** Every seed and order: teachers here, then all students' fits as one batch of jobs (pool.ts). */
async function runAll(rt: TfRuntime, o: ExpressivityOptions, seeds: readonly number[], io: ExperimentIo): Promise<{ seed: number; results: OrderResult[]; rows: string[] }[]> {
  const teachers = seeds.flatMap((seed) => o.orders.map((d) => prepareTeacher(rt, o, seed, d)));
  const jobs = teachers.flatMap((t) => [...t.cpJobs, ...t.ttJobs]);
  const labels = teachers.flatMap((t) => [...t.cpJobs, ...t.ttJobs].map((j) => `seed ${t.seed} d=${t.d} ${j.config.kind} rank ${j.config.rank}`));
  const outcomes = (await runJobs(rt, jobs, labels, io.workers, (fraction, label) => io.progress(label, fraction))) as FitOutcome[];
  let at = 0;
  const perTeacher = teachers.map((t) => {
    const cpOut = outcomes.slice(at, at + t.cpJobs.length);
    const ttOut = outcomes.slice(at + t.cpJobs.length, at + t.cpJobs.length + t.ttJobs.length);
    at += t.cpJobs.length + t.ttJobs.length;
    return orderResult(o, t, cpOut, ttOut);
  });
  return seeds.map((seed, s) => {
    const mine = perTeacher.slice(s * o.orders.length, (s + 1) * o.orders.length);
    return { seed, results: mine.map((x) => x.result), rows: mine.map((x) => x.row) };
  });
}

/** Median, min and max of some numbers. */
function spread(xs: readonly number[]): { median: number; min: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return { median: s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2, min: s[0] as number, max: s[s.length - 1] as number };
}

/**
 * Runs the experiment for each seed (`seeds`, default `[seed]`); returns the record written to
 * expressivity.json. With several seeds the figures draw the median and the min-max band.
 */
export async function runExpressivity(rt: TfRuntime, o: ExpressivityOptions, io: ExperimentIo): Promise<object> {
  const seeds = o.seeds && o.seeds.length > 0 ? o.seeds : [o.seed];
  const runs = await runAll(rt, o, seeds, io);
  io.progressDone();
  io.log(`\nExpressivity: relative test error (squared error / variance) of students fitting a random ${o.teacher.toUpperCase()} teacher (rank ${o.teacherRank}, m = ${o.features})${seeds.length > 1 ? `, seeds ${seeds.join(', ')}` : ''}\n`);
  for (const r of runs) for (const line of r.rows) io.log(line + '\n');
  const band = seeds.length > 1;
  const at = (d: number) => runs.map((r) => r.results.find((x) => x.d === d) as OrderResult);
  const cpSeries = o.orders.map((d, di) => {
    const per = o.widths.map((w) => spread(at(d).map((x) => Math.max((x.cp.find((c) => c.width === w) as { test: number }).test, 1e-6))));
    return { name: `CP d=${d}`, color: di, points: o.widths.map((w, k) => [w, (per[k] as { median: number }).median] as [number, number]), ...(band ? { band: per.map((p) => [p.min, p.max] as [number, number]) } : {}) };
  });
  const ttSeries = o.orders.map((d, di) => {
    const best = spread(at(d).map((x) => Math.max(x.tt.reduce((a, b) => (b.test < a.test ? b : a)).test, 1e-6)));
    const ends = [o.widths[0] as number, o.widths[o.widths.length - 1] as number];
    return { name: `TT student d=${d}`, color: di, dashed: true, points: ends.map((w) => [w, best.median] as [number, number]), ...(band ? { band: ends.map(() => [best.min, best.max] as [number, number]) } : {}) };
  });
  const charts = await writeChart(io, 'expressivity-error-vs-cp-width', {
    title: `Fitting a ${o.teacher.toUpperCase()} teacher: CP students vs width${band ? ` (median, min-max over ${seeds.length} seeds)` : ''}`,
    xLabel: 'CP width R',
    yLabel: 'relative test error',
    xLog: true,
    yLog: true,
    xTicks: o.widths,
    series: [...cpSeries, ...ttSeries],
  });
  // The matching width per d; where no width tried matched, a censored point at the largest one (">").
  const widest = o.widths[o.widths.length - 1] as number;
  const q = Math.min(o.features, o.teacherRank);
  const matchOf = (d: number) => at(d).map((x) => x.smallestMatchingCpWidth);
  const match = o.orders.map((d) => spread(matchOf(d).map((w) => w ?? widest)));
  const certified = o.orders.map((d) => at(d).map((x) => x.teacher.certifiedCpRankAtLeast).filter((x): x is number => x !== null));
  const charts2 = await writeChart(io, 'expressivity-matching-width-vs-d', {
    title: `CP width matching the TT student${band ? ` (median, min-max over ${seeds.length} seeds)` : ''}`,
    xLabel: 'order d',
    yLabel: 'CP width',
    yLog: true,
    xTicks: o.orders,
    series: [
      {
        name: 'smallest matching width',
        points: o.orders.map((d, k) => [d, (match[k] as { median: number }).median] as [number, number]),
        // Censored where the median itself is "more than the widest tried".
        censored: o.orders.map((d) => matchOf(d).filter((w) => w === null).length * 2 > seeds.length),
        ...(band ? { band: match.map((m) => [m.min, m.max] as [number, number]) } : {}),
      },
      { name: "teacher's CP-rank >= (certified)", points: o.orders.flatMap((d, k) => ((certified[k] as number[]).length > 0 ? [[d, spread(certified[k] as number[]).median] as [number, number]] : [])) },
      { name: `bound q^(d/2), q = ${q}`, points: o.orders.map((d) => [d, q ** (d / 2)] as [number, number]), dashed: true },
    ],
  });
  const record = {
    experiment: 'expressivity',
    backend: rt.description,
    settings: { ...o, seeds },
    results: (runs[0] as { results: OrderResult[] }).results,
    ...(band ? { seeds: runs.map((r) => ({ seed: r.seed, results: r.results })) } : {}),
    files: [...charts, ...charts2],
  };
  writeJson(io, 'expressivity.json', record);
  return record;
}
