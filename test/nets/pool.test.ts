/**
 * Training jobs on worker threads: outcomes in job order and equal, bit for bit, to the main
 * thread's (but for measured timings), whatever order the workers finish in; a job that throws in
 * a worker stops the run with its error. Worker threads run the compiled dist/ (npm test builds
 * first).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runJobs } from '../../src/nets/experiments/pool.js';
import type { FitJob, Outcome } from '../../src/nets/experiments/jobs.js';
import { loadTf, type TfRuntime } from '../../src/nets/tf.js';
import { createTeacher, teacherData } from '../../src/nets/data/teacher.js';

let rt: TfRuntime;
beforeAll(async () => {
  rt = await loadTf('auto');
});

function fitJobs(): FitJob[] {
  const teacher = createTeacher(rt.tf, { kind: 'tt', d: 4, inputDim: 2, features: 3, rank: 2, activation: 'tanh', coreNoise: 0.8, seed: 5 });
  const data = teacherData(rt.tf, teacher, 160, 9);
  const fixedFeatures = teacher.featureMap();
  teacher.dispose();
  const train = { ...data, count: 120, x: data.x.slice(0, 120 * 8), y: data.y.slice(0, 120) };
  const test = { ...data, count: 40, x: data.x.slice(120 * 8), y: data.y.slice(120) };
  // Different widths and epochs: the workers finish out of order.
  return [8, 1, 4, 2, 6].map((width, i) => ({
    kind: 'fit',
    config: { kind: i === 4 ? 'tt' : 'cp', d: 4, inputDim: 2, features: 3, rank: width, classes: 1, activation: 'tanh', initNoise: 0.1, seed: 11 + width, fixedFeatures },
    train,
    test,
    training: { epochs: 1 + ((i * 3) % 4), batchSize: 16, learningRate: 0.02, seed: 3 + i },
  }));
}

const untimed = (outcomes: Outcome[]): unknown[] => outcomes.map((o) => ({ ...o, stepsPerSecond: undefined }));

describe('runJobs', () => {
  it('gives the main thread outcomes, in job order, on two worker threads', async () => {
    const jobs = fitJobs();
    const labels = jobs.map((_, i) => `job ${i}`);
    const fractions: number[] = [];
    const serial = await runJobs(rt, jobs, labels, 1, (f) => fractions.push(f));
    const threaded = await runJobs(rt, jobs, labels, 2, () => undefined);
    expect(untimed(threaded)).toEqual(untimed(serial));
    expect(serial.map((o) => o.kind)).toEqual(['fit', 'fit', 'fit', 'fit', 'fit']);
    expect(fractions[fractions.length - 1]).toBe(1);
  });

  it('stops with the error of a job that throws, on the main thread and in a worker', async () => {
    const [good] = fitJobs();
    const bad: FitJob = { ...(good as FitJob), config: { ...(good as FitJob).config, d: 1 } };
    await expect(runJobs(rt, [bad], ['bad'], 1, () => undefined)).rejects.toThrow(/d must be at least 2/);
    await expect(runJobs(rt, [good as FitJob, bad], ['good', 'bad'], 2, () => undefined)).rejects.toThrow(/training job 1 failed in a worker thread: RangeError: d must be at least 2/);
  });
});
