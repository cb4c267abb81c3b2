/**
 * The threads of checkPool.ts. A supervisor starts the checkers and does nothing else, so that its
 * event loop hears a checker die (while the caller is blocked waiting): it marks the checker dead
 * in shared memory and wakes the caller. A checker takes tasks of each batch it is sent from the
 * batch's shared counter, runs the kernel's checkCertificateText on the text, and answers on its
 * port before waking the caller.
 *
 * @packageDocumentation
 */
import { isMainThread, Worker, workerData, type MessagePort } from 'node:worker_threads';
import { checkCertificateText } from '../kernel/index.js';
import type { CheckAnswer, CheckBatch, WorkerHeapLimits } from './checkPool.js';

/** What the supervisor is started with: the shared life array and one port per checker. */
interface SupervisorData {
  readonly role: 'supervisor';
  readonly life: Int32Array;
  readonly ports: readonly MessagePort[];
  readonly resourceLimits?: WorkerHeapLimits;
}

/** What a checker is started with: its number, the shared life array and its port to the caller. */
interface CheckerData {
  readonly role: 'checker';
  readonly index: number;
  readonly life: Int32Array;
  readonly port: MessagePort;
}

/** One more event for the caller, who waits on life[0]. */
function wake(life: Int32Array): void {
  Atomics.add(life, 0, 1);
  Atomics.notify(life, 0);
}

function supervise(d: SupervisorData): void {
  d.ports.forEach((port, index) => {
    const data: CheckerData = { role: 'checker', index, life: d.life, port };
    const checker = new Worker(new URL(import.meta.url), { workerData: data, transferList: [port], ...(d.resourceLimits ? { resourceLimits: d.resourceLimits } : {}) });
    const dead = (): void => {
      if (Atomics.exchange(d.life, 1 + index, 1) === 0) wake(d.life);
    };
    checker.on('error', dead);
    checker.on('exit', dead);
  });
}

function serve(d: CheckerData): void {
  d.port.on('message', (job: CheckBatch) => {
    for (let i = Atomics.add(job.claim, 0, 1); i < job.texts.length; i = Atomics.add(job.claim, 0, 1)) {
      Atomics.store(job.owner, i, 1 + d.index);
      let answer: CheckAnswer;
      try {
        answer = { batch: job.batch, index: i, verdict: checkCertificateText(job.texts[i] as string) };
      } catch (e) {
        answer = { batch: job.batch, index: i, error: e instanceof Error ? e.message : String(e) };
      }
      d.port.postMessage(answer);
      wake(d.life);
    }
  });
}

if (!isMainThread) {
  const d = workerData as SupervisorData | CheckerData;
  if (d.role === 'supervisor') supervise(d);
  else serve(d);
}
