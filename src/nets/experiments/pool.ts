/**
 * Runs an experiment's jobs (jobs.ts) on the main thread or on worker threads, results in job
 * order either way. A job is a pure function of its description, so the results are the same bit
 * for bit whatever the number of workers (only measured timings differ). With one worker the jobs
 * run here, one after the other; with more, each worker thread loads TensorFlow.js on the same
 * backend and takes the next job when it is free. Data arrays are moved into SharedArrayBuffers
 * once, so workers read them without copies.
 *
 * @packageDocumentation
 */
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Dataset } from '../train.js';
import type { BackendChoice, TfRuntime } from '../tf.js';
import { runJob, type Job, type Outcome } from './jobs.js';

/** What the main thread sends a worker: one job. */
export interface JobMessage {
  readonly id: number;
  readonly job: Job;
}

/** What a worker sends back: progress, the outcome, or the error that stopped the job. */
export type WorkerMessage = { readonly id: number; readonly progress: number; readonly label: string } | { readonly id: number; readonly outcome: Outcome } | { readonly id: number; readonly error: string };

/** What a worker is started with. */
export interface WorkerSetup {
  readonly backend: BackendChoice;
}

/**
 * The worker count `auto` stands for: the cores that are free now (cores minus the 1-minute load
 * average, rounded), at least one. Why the load: on a shared machine a second worker on a busy
 * core only slows both; the results do not depend on the count.
 */
export function autoWorkers(): number {
  const cores = availableParallelism();
  return Math.min(cores, Math.max(1, Math.round(cores - (loadavg()[0] ?? 0))));
}

/** Progress of the whole run: the fraction of all jobs done and the label of a job in flight. */
export type PoolProgress = (fraction: number, label: string) => void;

/** Runs the jobs on `workers` threads (1: here); outcomes in job order. `labels[i]` names job i in progress lines. */
export async function runJobs(rt: TfRuntime, jobs: readonly Job[], labels: readonly string[], workers: number, progress: PoolProgress): Promise<Outcome[]> {
  const fractions = jobs.map(() => 0);
  const report = (i: number, fraction: number, label: string): void => {
    fractions[i] = fraction;
    progress(fractions.reduce((s, f) => s + f, 0) / Math.max(1, jobs.length), `${labels[i] ?? ''} ${label}`.trim());
  };
  const count = Math.min(workers, jobs.length);
  if (count <= 1) return jobs.map((job, i) => {
    report(i, 0, '');
    const outcome = runJob(rt.tf, job, (f, label) => report(i, f, label));
    report(i, 1, '');
    return outcome;
  });
  return runOnWorkers(rt.choice, jobs.map(shareJob), count, report);
}

async function runOnWorkers(backend: BackendChoice, jobs: readonly Job[], count: number, report: (i: number, fraction: number, label: string) => void): Promise<Outcome[]> {
  const outcomes: (Outcome | undefined)[] = jobs.map(() => undefined);
  const threads = Array.from({ length: count }, () => new Worker(workerScript(), { workerData: { backend } satisfies WorkerSetup }));
  let next = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let done = 0;
      const give = (w: Worker): void => {
        if (next >= jobs.length) return;
        const id = next++;
        report(id, 0, '');
        w.postMessage({ id, job: jobs[id] as Job } satisfies JobMessage);
      };
      for (const w of threads) {
        w.on('message', (m: WorkerMessage) => {
          if ('progress' in m) report(m.id, m.progress, m.label);
          else if ('error' in m) reject(new Error(`training job ${m.id} failed in a worker thread: ${m.error}`));
          else {
            outcomes[m.id] = m.outcome;
            report(m.id, 1, '');
            if (++done === jobs.length) resolve();
            else give(w);
          }
        });
        w.on('error', reject);
        w.on('exit', (code) => {
          if (done < jobs.length) reject(new Error(`a training worker thread exited (code ${code}) before its jobs were done`));
        });
        give(w);
      }
    });
  } finally {
    await Promise.all(threads.map((w) => w.terminate()));
  }
  return outcomes.map((o, i) => {
    if (o === undefined) throw new Error(`internal: job ${i} has no outcome`);
    return o;
  });
}

/**
 * The worker's script: the compiled worker.js beside this module, or, when this module runs from
 * its TypeScript source (the tests), the one the build put in dist/.
 */
function workerScript(): URL {
  const beside = new URL('./worker.js', import.meta.url);
  if (existsSync(fileURLToPath(beside))) return beside;
  const built = new URL('../../../dist/src/nets/experiments/worker.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return built;
  throw new Error('worker threads need the compiled worker script (dist/src/nets/experiments/worker.js): run npm run build, or use --workers 1');
}

/** Copies of arrays in SharedArrayBuffers (workers then read them without a copy each). */
function sharedFloats(x: Float32Array): Float32Array {
  const copy = new Float32Array(new SharedArrayBuffer(x.byteLength));
  copy.set(x);
  return copy;
}
function sharedBytes(x: Uint8Array): Uint8Array {
  const copy = new Uint8Array(new SharedArrayBuffer(x.byteLength));
  copy.set(x);
  return copy;
}

/** The dataset with its arrays shared, the same object for the same dataset (one copy per dataset). */
const sharedDatasets = new WeakMap<Dataset, Dataset>();
function shareDataset(ds: Dataset): Dataset {
  let s = sharedDatasets.get(ds);
  if (!s) {
    s = { ...ds, x: sharedFloats(ds.x), ...(ds.labels ? { labels: sharedBytes(ds.labels) } : {}), ...(ds.y ? { y: sharedFloats(ds.y) } : {}) };
    sharedDatasets.set(ds, s);
  }
  return s;
}

function shareJob(job: Job): Job {
  return job.kind === 'toy' ? job : { ...job, train: shareDataset(job.train), test: shareDataset(job.test) };
}
