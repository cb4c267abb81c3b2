/**
 * Certificates checked in parallel, outside the kernel, by the kernel's own function.
 *
 * The certificates of a bundle are independent pure checks, so each may run in its own thread:
 * the kernel lists the certificate texts a manifest names (`certificateTexts`), this module has
 * `checkCertificateText` run on them in worker threads and in the calling thread at once, and
 * the kernel then decides the bundle (`checkBundle`) from those verdicts, keyed by the exact text
 * each was computed on. The kernel itself stays free of threads, I/O and clocks.
 *
 * The calls stay synchronous (the runner and the CLI are): the calling thread takes tasks from a
 * shared counter like the workers, then blocks on `Atomics.wait` until every verdict is in, and
 * reads the workers' messages with `receiveMessageOnPort`. A worker that dies (out of heap) sends
 * nothing, and a blocked thread cannot hear its `exit` event; so the workers are started by a
 * supervisor thread that does no work and hears them: it marks the dead one in shared memory and
 * wakes the caller, which then checks the lost certificate itself. Every batch has its own task
 * counter and id, so a late worker never takes or answers another batch's task.
 *
 * Running from the TypeScript sources (as under vitest) there is no compiled worker script: the
 * checks then run in the calling thread, one after another, with the same verdicts.
 *
 * @packageDocumentation
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { certificateTexts, checkBundle, checkCertificateText, type BundleVerdict, type Verdict } from '../kernel/index.js';

/** Threads checking certificates by default, the calling one included: one per core. */
export const DEFAULT_JOBS = Math.max(1, availableParallelism());

/** The worker script (supervisor and checker), compiled next to this module. */
const WORKER_SCRIPT = new URL('./checkWorker.js', import.meta.url);

/** What a checker answers for task `index` of batch `batch`: the verdict, or the error the check threw. */
export type CheckAnswer = { readonly batch: number; readonly index: number } & ({ readonly verdict: Verdict } | { readonly error: string });

/** A batch as the checkers receive it: `claim` is its shared task counter, `owner[i]` = 1 + the checker that took task i. */
export interface CheckBatch {
  readonly batch: number;
  readonly texts: readonly string[];
  readonly claim: Int32Array;
  readonly owner: Int32Array;
}

/** Worker threads that check certificate texts, reused from one batch to the next. */
export interface CheckPool {
  /** The verdict of checkCertificateText on each text, in order, on up to `checkers` workers and this thread. */
  check(texts: readonly string[], checkers?: number): Verdict[];
  /** How many workers have died (their tasks were checked by the calling thread). */
  dead(): number;
  /** Stops the workers. */
  close(): Promise<void>;
}

/** Heap limits of each worker (as Node's `resourceLimits`; declared here so the package's types need no Node types). */
export interface WorkerHeapLimits {
  readonly maxOldGenerationSizeMb?: number;
  readonly maxYoungGenerationSizeMb?: number;
}

const shared = (n: number): Int32Array => new Int32Array(new SharedArrayBuffer(4 * Math.max(1, n)));

/**
 * A pool of `checkers` worker threads (each with `resourceLimits`, if given), or undefined when
 * there is no compiled worker script to run.
 */
export function createCheckPool(checkers: number, resourceLimits?: WorkerHeapLimits): CheckPool | undefined {
  if (checkers < 1 || !existsSync(fileURLToPath(WORKER_SCRIPT))) return undefined;
  // life[0] counts events (answers and deaths) and is what the caller waits on; life[1 + w] = 1 once checker w is dead.
  const life = shared(1 + checkers);
  const channels = Array.from({ length: checkers }, () => new MessageChannel());
  const ports = channels.map((c) => c.port2);
  const supervisor = new Worker(WORKER_SCRIPT, { workerData: { role: 'supervisor', life, ports, ...(resourceLimits ? { resourceLimits } : {}) }, transferList: ports });
  supervisor.unref();
  const mine: MessagePort[] = channels.map((c) => c.port1);
  for (const port of mine) port.unref();
  let batches = 0;
  return {
    check(texts, most = checkers) {
      const batch = ++batches;
      const job: CheckBatch = { batch, texts, claim: shared(1), owner: shared(texts.length) };
      for (const port of mine.filter((_, w) => Atomics.load(life, 1 + w) === 0).slice(0, most)) port.postMessage(job);
      const out = new Array<Verdict | undefined>(texts.length);
      let done = 0;
      const record = (i: number, v: Verdict): void => {
        if (out[i] === undefined) done++;
        out[i] ??= v;
      };
      for (let i = Atomics.add(job.claim, 0, 1); i < texts.length; i = Atomics.add(job.claim, 0, 1)) {
        Atomics.store(job.owner, i, -1);
        record(i, checkCertificateText(texts[i] as string));
      }
      while (done < texts.length) {
        const seen = Atomics.load(life, 0);
        for (const port of mine)
          for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
            const a = m.message as CheckAnswer;
            if (a.batch !== batch) continue;
            if ('error' in a) throw new Error(`a certificate check failed in a worker thread: ${a.error}`);
            record(a.index, a.verdict);
          }
        // A task whose checker died, or taken by one that died before saying so: checked here.
        const lost = (i: number, owner = Atomics.load(job.owner, i)): boolean => out[i] === undefined && i < Atomics.load(job.claim, 0) && (owner === 0 || (owner > 0 && Atomics.load(life, owner) === 1));
        if (mine.some((_, w) => Atomics.load(life, 1 + w) === 1)) texts.forEach((t, i) => lost(i) && record(i, checkCertificateText(t)));
        if (done < texts.length) Atomics.wait(life, 0, seen);
      }
      return out as Verdict[];
    },
    dead: () => mine.filter((_, w) => Atomics.load(life, 1 + w) === 1).length,
    async close() {
      for (const port of mine) port.close();
      await supervisor.terminate();
    },
  };
}

/** The process's pool, started at the first call that can use it (undefined: none yet; null: none can run). */
let pool: CheckPool | null | undefined;
/** Threads when a call names none: {@link DEFAULT_JOBS} unless the CLI's --jobs set it. */
let defaultJobs = DEFAULT_JOBS;

/** Sets the number of threads of calls that name none (the CLI's global --jobs; 1: every check in the calling thread). */
export function setDefaultJobs(jobs: number): void {
  defaultJobs = jobs;
}

/** The verdict of checkCertificateText on each text, in order, on up to `jobs` threads. */
export function checkTexts(texts: readonly string[], jobs = defaultJobs): Verdict[] {
  const checkers = Math.min(jobs, texts.length) - 1;
  if (checkers >= 1 && pool === undefined) pool = createCheckPool(Math.max(jobs, DEFAULT_JOBS) - 1) ?? null;
  return checkers >= 1 && pool ? pool.check(texts, checkers) : texts.map((t) => checkCertificateText(t));
}

/**
 * The kernel's verdict on a bundle (`checkBundle`), with its certificate files checked on up to
 * `jobs` threads first: the same verdict as checkBundle alone, sooner.
 *
 * @example
 * ```ts
 * import { checkBundle, checkBundleParallel, findTheorem, runTheorem, type TheoremModule } from 'check-theorem';
 * const { bundle } = runTheorem(findTheorem('theorem1') as TheoremModule, { n: 2, r: 2, d: 6, seed: 1 }, { engine: 'auto' });
 * const v = checkBundleParallel(bundle.manifest, bundle.files, 2); // v.verdict === 'PROVED'
 * const same = JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? String(x) : x)) === JSON.stringify(checkBundle(bundle.manifest, bundle.files), (_, x) => (typeof x === 'bigint' ? String(x) : x)); // same === true
 * ```
 */
export function checkBundleParallel(manifestText: string, files: ReadonlyMap<string, string>, jobs = defaultJobs): BundleVerdict {
  // One job: the kernel alone, with no verdicts handed in (nothing outside it trusted).
  if (jobs <= 1) return checkBundle(manifestText, files);
  const texts = certificateTexts(manifestText, files);
  const verdicts = checkTexts(texts, jobs);
  return checkBundle(manifestText, files, new Map(texts.map((t, i) => [t, verdicts[i] as Verdict])));
}
