/**
 * Rank modulo a prime: the workhorse engine.
 *
 * Recursive (Toledo-style) Gaussian elimination on residues in doubles, run by WebAssembly SIMD
 * kernels (src/rank/modpKernels.ts) on a shared memory: the columns are halved until a narrow
 * block is eliminated directly; between the halves, the right half's pivot rows are solved
 * against the left half's unit lower triangle and the rows below receive all of the left half's
 * pivots at once, a matrix product with delayed reduction. That product is nearly all of the
 * work: it is cut into column chunks that the caller's thread and a worker thread share
 * (src/wasm/pool.ts) when it is large enough to pay for the hand-off.
 *
 * The pivot of a column is the first row, in the current order, that is nonzero there; columns
 * without one are skipped. This is the rule of plain Gaussian elimination, and every path (serial,
 * parallel, any chunking) computes the same residues, so the pivots are the same on all of them,
 * and they give a nonsingular minor: the certificate's hint.
 *
 * The result mod p is a lower bound on the rank over Q (a minor nonzero mod p is nonzero over Z);
 * an unlucky prime can only make it smaller, never larger.
 *
 * @packageDocumentation
 */
import { isPrime, MAX_PRIME_EXCLUSIVE } from '../exact/primes.js';
import { accumulationLimit } from '../exact/modular.js';
import { exportedFunction, PAGE_BYTES, wasmApi, type WasmInstance, type WasmMemory, type WasmModule } from '../wasm/api.js';
import { defaultThreads, WasmPool } from '../wasm/pool.js';
import { align64, DEFAULT_SHAPE, MAX_PAGES, PARAM, scratchLayout } from './modpLayout.js';
import { MODP_WASM_BASE64 } from './modpWasm.js';

/** Result of one elimination: rank, and the pivots that give a nonsingular rank x rank minor. */
export interface ModPElimination {
  readonly prime: number;
  readonly rank: number;
  /** Original row indices of the pivots, in pivot order. */
  readonly pivotRows: number[];
  /** Column indices of the pivots, increasing. */
  readonly pivotCols: number[];
}

/**
 * A matrix that can produce its residues modulo a prime without being stored exactly. The engine
 * asks for them written straight into its memory when the source can (a copy of the matrix
 * saved), and first for plain integers, which it reduces itself.
 */
export interface ResidueSource {
  readonly rows: number;
  readonly cols: number;
  /** A fresh row-major array of residues in [0, p). */
  residues(p: number): Float64Array;
  /** The same residues written into `out` (rows * cols entries). */
  residuesInto?(p: number, out: Float64Array): void;
  /**
   * Writes the entries themselves into `out` and returns true when they can be numbers (the
   * engine then checks each is an integer below 2^52 in magnitude and reduces it, or else asks
   * for residues); false when they cannot.
   */
  integersInto?(out: Float64Array): boolean;
}

/** How to run an elimination; the defaults are what `npm run bench -- rank` measured best. */
export interface ModPTuning {
  /** Threads, the caller's included (default: `CHECK_THEOREM_THREADS`, else every core up to 8; 1 = serial). */
  readonly threads?: number;
  /** Multiply-adds an update must have before it is shared between threads (default {@link PARALLEL_MIN_WORK}). */
  readonly parallelMinWork?: number;
}

/** How many products may be added to a residue before reducing (exact; see exact/modular.ts). */
export const maxAccumulation = accumulationLimit;

/**
 * Columns eliminated directly, one pivot at a time, at the bottom of the recursion. Its cost grows as m n BASE_COLS / 2 products, the recursion's as log(n / BASE_COLS) levels of
 * smaller products; 8 to 48 measured within 3% of each other (CPU time, n = 512 and 1024).
 */
export const BASE_COLS = 16;

/**
 * Multiply-adds below which an update runs on the caller's thread alone (2^23: under a
 * millisecond): a hand-off costs a wake-up (tens of microseconds on an idle machine, a scheduling
 * delay of milliseconds on a loaded one, measured as 2 threads slower than 1 at load 4-8 on 2
 * cores) and the worker's cold caches. The updates below it are the deep levels of the
 * recursion: about 15% of the work at n = 1024, under 5% from n = 4096.
 */
export const PARALLEL_MIN_WORK = 1 << 23;

/**
 * Workers are started only by an elimination of at least this many times
 * {@link PARALLEL_MIN_WORK} multiply-adds in all (2^27: a square matrix of order 730), so a small
 * matrix never pays for starting a thread (tens of milliseconds before it takes a chunk); once
 * started they serve every large enough update of later eliminations too.
 */
const WORKER_START_FACTOR = 16;

/**
 * Narrowest column chunk of a shared update: each chunk re-packs the multipliers (rows x k), so a
 * chunk of c columns pays about 1 / c of its products again in packing.
 */
const MIN_CHUNK_COLS = 64;

/**
 * Splits the columns [c0, c1) into chunks, writing their bounds to `out` (chunk i is
 * [out[i], out[i + 1])) and returning how many. Alone: equal chunks of at most `ncMax` columns.
 * Shared: guided self-scheduling, each chunk a 1 / threads share of the columns left (between
 * MIN_CHUNK_COLS and `ncMax`): early chunks are large, the last ones small, so a thread slowed by
 * another process leaves the others little to wait for. Widths are multiples of the tile's `nr`.
 * Measured (CPU time, 2 threads, n = 1024 and 2048): shares of 1 / (2 threads) of the columns
 * left cost 5-8% more CPU (more re-packing), equal quarters 1-3% more.
 */
export function chunkBounds(c0: number, c1: number, threads: number, nr: number, ncMax: number, out: Int32Array): number {
  const roundUp = (w: number): number => Math.ceil(w / nr) * nr;
  let count = 0;
  if (threads === 1) {
    const width = roundUp(Math.ceil((c1 - c0) / Math.ceil((c1 - c0) / ncMax)));
    for (let j = c0; j < c1; j += width) out[count++] = j;
  } else {
    for (let j = c0; j < c1; count++) {
      out[count] = j;
      j = Math.min(c1, j + Math.min(ncMax, roundUp(Math.max(MIN_CHUNK_COLS, Math.ceil((c1 - j) / threads)))));
    }
  }
  out[count] = c1;
  return count;
}

/**
 * A memory larger than this is dropped (with its workers) once the process has not eliminated
 * anything for {@link IDLE_RELEASE_MS}, so one big matrix does not pin its size for the life of
 * the process, while a run of big eliminations reuses one memory (fresh pages cost a fault each:
 * about 100 ms per 32 MiB on this machine class).
 */
const RETAIN_BYTES = 64 * 1024 * 1024;
const IDLE_RELEASE_MS = 1000;

interface Engine {
  readonly module: WasmModule;
  readonly memory: WasmMemory;
  readonly instance: WasmInstance;
  readonly factor: (r0: number, c0: number, c1: number) => number;
  readonly update: (chunk: number, thread: number, r0: number, k: number) => void;
  readonly check: (address: number, count: number) => number;
  readonly reduceIntegers: (address: number, count: number) => number;
  readonly pools: Map<number, WasmPool>;
  release: ReturnType<typeof setTimeout> | undefined;
}

let compiled: WasmModule | undefined;
let engine: Engine | undefined;
/** Set during an elimination: a source that eliminated again while writing its residues would overwrite the matrix. */
let busy = false;

function moduleOnce(): WasmModule {
  compiled ??= new wasmApi.Module(Buffer.from(MODP_WASM_BASE64, 'base64'));
  return compiled;
}

/** The engine with a memory of at least `bytes`, created or grown on demand. */
function engineWith(bytes: number): Engine {
  const pages = Math.ceil(bytes / PAGE_BYTES);
  if (pages > MAX_PAGES) throw new RangeError(`eliminateModP: the matrix needs ${bytes} bytes, more than WebAssembly's 4 GiB`);
  if (!engine) {
    const module = moduleOnce();
    const memory = new wasmApi.Memory({ initial: pages, maximum: MAX_PAGES, shared: true });
    const instance = new wasmApi.Instance(module, { env: { memory } });
    engine = {
      module,
      memory,
      instance,
      factor: exportedFunction(instance, 'factor'),
      update: exportedFunction(instance, 'update'),
      check: exportedFunction(instance, 'check'),
      reduceIntegers: exportedFunction(instance, 'reduceIntegers'),
      pools: new Map(),
      release: undefined,
    };
  }
  if (engine.release !== undefined) clearTimeout(engine.release);
  engine.release = undefined;
  const have = engine.memory.buffer.byteLength / PAGE_BYTES;
  if (have < pages) engine.memory.grow(pages - have);
  return engine;
}

function poolOf(e: Engine, threads: number): WasmPool {
  let pool = e.pools.get(threads);
  if (!pool) {
    pool = new WasmPool(e.module, e.memory, e.instance, ['update'], threads);
    e.pools.set(threads, pool);
  }
  return pool;
}

function scheduleRelease(e: Engine): void {
  if (e.memory.buffer.byteLength <= RETAIN_BYTES) return;
  e.release = setTimeout(() => {
    for (const pool of e.pools.values()) pool.close();
    if (engine === e) engine = undefined;
  }, IDLE_RELEASE_MS);
  e.release.unref();
}

/**
 * Rank of an m x n matrix of residues mod p (integers in [0, p), row-major; left unchanged),
 * with the pivots of its elimination. p must be a prime below 2^26.
 *
 * @example
 * ```ts
 * const r = eliminateModP(Float64Array.from([1, 2, 2, 4]), 2, 2, 7); // r.rank === 1
 * const minor = [r.pivotRows, r.pivotCols]; // minor === [[0], [0]]
 * ```
 */
export function eliminateModP(a: Float64Array, m: number, n: number, p: number, tuning: ModPTuning = {}): ModPElimination {
  if (a.length !== m * n) throw new RangeError(`eliminateModP: expected ${m * n} entries, got ${a.length}`);
  return eliminateSource({ rows: m, cols: n, residues: () => a, residuesInto: (_, out) => out.set(a) }, p, tuning);
}

/** {@link eliminateModP} of the residues of a source mod p, written straight into the engine's memory. */
export function eliminateSource(src: ResidueSource, p: number, tuning: ModPTuning = {}): ModPElimination {
  const m = src.rows;
  const n = src.cols;
  if (!(p < MAX_PRIME_EXCLUSIVE) || !isPrime(p)) throw new RangeError(`eliminateModP: ${p} is not a prime below 2^26`);
  if (!Number.isSafeInteger(m) || !Number.isSafeInteger(n) || m < 0 || n < 0) throw new RangeError(`eliminateModP: bad shape ${m} x ${n}`);
  if (m === 0 || n === 0) return { prime: p, rank: 0, pivotRows: [], pivotCols: [] };
  const threads = tuning.threads ?? defaultThreads();
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`eliminateModP: threads must be a positive integer, got ${threads}`);
  const minWork = tuning.parallelMinWork ?? PARALLEL_MIN_WORK;

  const shape = DEFAULT_SHAPE;
  const permAt = PARAM.bytes;
  const pivotsAt = permAt + align64(4 * m);
  const boundsAt = pivotsAt + align64(4 * Math.min(m, n));
  const scratchAt = boundsAt + align64(4 * (Math.ceil(n / MIN_CHUNK_COLS) + 2));
  const stride = scratchLayout(shape).bytes;
  const matrixAt = scratchAt + threads * stride;
  if (busy) throw new Error('eliminateModP: called again from inside an elimination (a residue source must not eliminate)');
  const e = engineWith(matrixAt + 8 * m * n);
  busy = true;
  try {
    const buf = e.memory.buffer;
    const ints = new Int32Array(buf);
    ints[PARAM.n / 4] = n;
    ints[PARAM.m / 4] = m;
    ints[PARAM.matrix / 4] = matrixAt;
    ints[PARAM.pivotCols / 4] = pivotsAt;
    ints[PARAM.perm / 4] = permAt;
    ints[PARAM.scratch / 4] = scratchAt;
    ints[PARAM.chunkBounds / 4] = boundsAt;
    ints[PARAM.scratchStride / 4] = stride;
    const maxAcc = Math.min(maxAccumulation(p), 2 ** 30);
    ints[PARAM.kc / 4] = Math.min(shape.kcMax, maxAcc);
    ints[PARAM.maxAcc / 4] = maxAcc;
    const doubles = new Float64Array(buf);
    doubles[PARAM.p / 8] = p;
    doubles[PARAM.pinv / 8] = 1 / p;
    for (let i = 0; i < m; i++) ints[permAt / 4 + i] = i;
    const matrix = new Float64Array(buf, matrixAt, m * n);
    if (!(src.integersInto?.(matrix) === true && e.reduceIntegers(matrixAt, m * n) < 0)) {
      if (src.residuesInto) src.residuesInto(p, matrix);
      else matrix.set(src.residues(p));
      const bad = e.check(matrixAt, m * n);
      if (bad >= 0) throw new RangeError(`eliminateModP: entry ${bad} is ${matrix[bad]}, not a residue in [0, ${p})`);
    }

    const nr = 2 * shape.nv;
    const bounds = new Int32Array(buf, boundsAt, Math.ceil(n / MIN_CHUNK_COLS) + 2);
    const total = (m * n * Math.min(m, n)) / 3;
    const shared = threads > 1 && (e.pools.has(threads) || total >= WORKER_START_FACTOR * minWork);
    const update = (r0: number, k: number, c0: number, c1: number): void => {
      const work = k * (c1 - c0) * (m - r0 - k / 2);
      const parallel = shared && work >= minWork;
      const chunks = chunkBounds(c0, c1, parallel ? threads : 1, nr, shape.ncMax, bounds);
      if (parallel && chunks > 1) poolOf(e, threads).run('update', [r0, k], chunks);
      else for (let c = 0; c < chunks; c++) e.update(c, 0, r0, k);
    };
    const eliminate = (r0: number, c0: number, c1: number): number => {
      if (c1 - c0 <= BASE_COLS) return e.factor(r0, c0, c1);
      const cm = c0 + Math.ceil((c1 - c0) / 2);
      const k1 = eliminate(r0, c0, cm);
      if (r0 + k1 >= m) return k1;
      if (k1 > 0) update(r0, k1, cm, c1);
      return k1 + eliminate(r0 + k1, cm, c1);
    };
    const rank = eliminate(0, 0, n);
    return { prime: p, rank, pivotRows: Array.from(new Int32Array(buf, permAt, rank)), pivotCols: Array.from(new Int32Array(buf, pivotsAt, rank)) };
  } finally {
    busy = false;
    scheduleRelease(e);
  }
}
