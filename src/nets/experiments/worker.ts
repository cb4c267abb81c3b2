/**
 * A training worker thread (pool.ts): loads TensorFlow.js on the main thread's backend, then runs
 * each job it is sent and posts its progress and outcome (or the error that stopped it).
 *
 * @packageDocumentation
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadTf } from '../tf.js';
import { runJob } from './jobs.js';
import type { JobMessage, WorkerMessage, WorkerSetup } from './pool.js';

const port = parentPort;
if (!port) throw new Error('worker.js runs as a worker thread of pool.ts');
const setup = workerData as WorkerSetup;
const { tf } = await loadTf(setup.backend);
const post = (m: WorkerMessage): void => port.postMessage(m);
port.on('message', ({ id, job }: JobMessage) => {
  try {
    post({ id, outcome: runJob(tf, job, (progress, label) => post({ id, progress, label })) });
  } catch (e) {
    post({ id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
