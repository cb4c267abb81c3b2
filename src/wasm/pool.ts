/**
 * Chunked parallel calls of WebAssembly exports over one shared memory: the caller's thread and
 * lazily started worker threads run `fn(chunk, thread, ...args)` for chunk = 0..chunks-1, and
 * {@link WasmPool.run} returns when every chunk is done. The API is synchronous: the caller
 * works on chunks itself and then blocks in `Atomics.wait` for the chunks a worker took.
 *
 * Scheduling is dynamic: each thread claims the next chunk with a compare-and-swap on a shared
 * counter, so a worker that is still starting, or a core taken by another process, simply gets
 * fewer chunks, and a pool whose workers never start still finishes (the caller does all the
 * work). The counter carries the job's generation in its high bits, so a worker late from one job
 * can never claim a chunk of the next one.
 *
 * Workers are started on the first `run`, reused, and unref'd: they never keep a process alive.
 * Their source is the small script {@link WORKER_SOURCE} (evaluated, not a file, so the pool
 * works the same from dist/ and from TypeScript sources under a test runner). The pool depends on
 * nothing in the project but src/wasm/api.ts, so any engine (the kernel's elimination included,
 * by copying it) can reuse it.
 *
 * @packageDocumentation
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { exportedFunction, type WasmInstance, type WasmMemory, type WasmModule } from './api.js';

/** Int32 slots of the control block. */
const CTL = { gen: 0, claim: 1, done: 2, chunks: 3, fn: 4, nargs: 5, failed: 6 } as const;
/** Byte offset of the Float64 arguments in the control block, and how many fit. */
const ARGS_OFFSET = 64;
const MAX_ARGS = 16;
/** Chunks per job: the claim counter keeps them in its low 16 bits. */
export const MAX_CHUNKS = 0xffff;

/**
 * The worker: instantiates the module on the shared memory, then waits for jobs and claims chunks
 * exactly as {@link WasmPool.run} does. Errors are reported through the `failed` slot, and the
 * chunk still counts as done, so the caller never waits for a chunk that will not finish.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, thread, names, ctl: C, argsOffset } = workerData;
const instance = new WebAssembly.Instance(module, { env: { memory } });
const fns = names.map((n) => instance.exports[n]);
const ctl = new Int32Array(control);
const args = new Float64Array(control, argsOffset);
let seen = 0;
for (;;) {
  Atomics.wait(ctl, C.gen, seen);
  const gen = Atomics.load(ctl, C.gen);
  seen = gen;
  const fn = fns[ctl[C.fn]];
  const a = Array.from(args.subarray(0, ctl[C.nargs]));
  const chunks = ctl[C.chunks];
  const tag = (gen & 0x7fff) << 16;
  for (;;) {
    const v = Atomics.load(ctl, C.claim);
    if ((v & ~0xffff) !== tag || (v & 0xffff) >= chunks) break;
    if (Atomics.compareExchange(ctl, C.claim, v, v + 1) !== v) continue;
    try { fn(v & 0xffff, thread, ...a); } catch { Atomics.store(ctl, C.failed, 1); }
    Atomics.add(ctl, C.done, 1);
    Atomics.notify(ctl, C.done);
  }
}
`;

/** Threads (the caller included) used when nothing else is said: every core, at most this many. */
export const MAX_DEFAULT_THREADS = 8;

/**
 * The default thread count: `CHECK_THEOREM_THREADS` if set (1 forces serial), otherwise the
 * machine's available parallelism, at most {@link MAX_DEFAULT_THREADS}.
 */
export function defaultThreads(): number {
  const env = process.env['CHECK_THEOREM_THREADS'];
  if (env !== undefined && env !== '') {
    const t = Number(env);
    if (!Number.isInteger(t) || t < 1) throw new RangeError(`CHECK_THEOREM_THREADS must be a positive integer, got '${env}'`);
    return t;
  }
  return Math.max(1, Math.min(MAX_DEFAULT_THREADS, availableParallelism()));
}

/** Runs chunked jobs of one module's exports on the caller's thread and `threads - 1` workers. */
export class WasmPool {
  readonly threads: number;
  private readonly module: WasmModule;
  private readonly memory: WasmMemory;
  private readonly names: readonly string[];
  private readonly local: ((...args: number[]) => number)[];
  private readonly control = new SharedArrayBuffer(ARGS_OFFSET + 8 * MAX_ARGS);
  private readonly ctl = new Int32Array(this.control);
  private readonly args = new Float64Array(this.control, ARGS_OFFSET, MAX_ARGS);
  private workers: Worker[] | undefined;
  private gen = 0;

  /**
   * @param instance the caller's instance of `module` on `memory` (thread 0)
   * @param names the exports jobs may call
   */
  constructor(module: WasmModule, memory: WasmMemory, instance: WasmInstance, names: readonly string[], threads: number) {
    if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`WasmPool: threads must be a positive integer, got ${threads}`);
    this.threads = threads;
    this.module = module;
    this.memory = memory;
    this.names = names;
    this.local = names.map((n) => exportedFunction(instance, n));
  }

  /** Calls `name(chunk, thread, ...args)` for every chunk in [0, chunks), spread over the threads. */
  run(name: string, args: readonly number[], chunks: number): void {
    const fn = this.names.indexOf(name);
    const local = this.local[fn];
    if (local === undefined) throw new RangeError(`WasmPool: ${name} is not one of ${this.names.join(', ')}`);
    if (args.length > MAX_ARGS) throw new RangeError(`WasmPool: at most ${MAX_ARGS} arguments, got ${args.length}`);
    if (!Number.isInteger(chunks) || chunks < 0 || chunks > MAX_CHUNKS) throw new RangeError(`WasmPool: chunks must be an integer in [0, ${MAX_CHUNKS}], got ${chunks}`);
    if (this.threads === 1 || chunks <= 1) {
      for (let c = 0; c < chunks; c++) local(c, 0, ...args);
      return;
    }
    this.startWorkers();
    const ctl = this.ctl;
    ctl[CTL.fn] = fn;
    ctl[CTL.nargs] = args.length;
    ctl[CTL.chunks] = chunks;
    this.args.set(args);
    Atomics.store(ctl, CTL.done, 0);
    Atomics.store(ctl, CTL.failed, 0);
    this.gen = (this.gen + 1) & 0x3fffffff;
    const tag = (this.gen & 0x7fff) << 16;
    Atomics.store(ctl, CTL.claim, tag);
    Atomics.store(ctl, CTL.gen, this.gen);
    Atomics.notify(ctl, CTL.gen);
    let error: unknown;
    for (;;) {
      const v = Atomics.load(ctl, CTL.claim);
      if ((v & 0xffff) >= chunks) break;
      if (Atomics.compareExchange(ctl, CTL.claim, v, v + 1) !== v) continue;
      try {
        local(v & 0xffff, 0, ...args);
      } catch (e) {
        error ??= e;
      }
      Atomics.add(ctl, CTL.done, 1);
    }
    for (;;) {
      const d = Atomics.load(ctl, CTL.done);
      if (d >= chunks) break;
      Atomics.wait(ctl, CTL.done, d);
    }
    if (error !== undefined) throw error;
    if (Atomics.load(ctl, CTL.failed) !== 0) throw new Error(`WasmPool: ${name} failed in a worker thread`);
  }

  /** Stops the workers (a later `run` starts new ones). */
  close(): void {
    for (const w of this.workers ?? []) void w.terminate();
    this.workers = undefined;
  }

  private startWorkers(): void {
    if (this.workers) return;
    this.workers = [];
    for (let t = 1; t < this.threads; t++) {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { module: this.module, memory: this.memory, control: this.control, thread: t, names: this.names, ctl: CTL, argsOffset: ARGS_OFFSET },
      });
      // A worker that fails to start only means fewer hands: the caller claims every chunk.
      worker.on('error', () => undefined);
      worker.unref();
      this.workers.push(worker);
    }
  }
}
