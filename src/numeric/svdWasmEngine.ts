/**
 * The WebAssembly side of the float SVD's reductions: one memory holding the matrix and the work
 * vectors, the kernels of src/numeric/svdKernels.ts (compiled from the bytes committed in
 * svdWasm.ts), and the {@link RowUpdates} that call them. The reflectors, O(n) per step, stay in
 * JavaScript and work on views of the same memory; only the O(m n) pass over the rows below each
 * step crosses into WebAssembly, one call per step.
 *
 * One thread: the comparison that matters is with one-thread LAPACK, and the passes are bound by
 * memory bandwidth, which a second thread on this 2-core machine class would share.
 *
 * @packageDocumentation
 */
import { exportedFunction, PAGE_BYTES, wasmApi, type WasmMemory, type WasmModule } from '../wasm/api.js';
import type { RowUpdates, Scratch } from './svd.js';
import { SVD_WASM_BASE64 } from './svdWasm.js';

/** The largest memory the kernels are given: 2 GiB, so every address and offset is a non-negative i32. */
export const SVD_MAX_PAGES = 32768;

/**
 * A memory larger than this is dropped once the process has not computed singular values for
 * {@link IDLE_RELEASE_MS}, so one big matrix does not pin its size for the life of the process,
 * while a run of big ones reuses the memory (fresh pages cost a fault each, about 100 ms per
 * 32 MiB on this machine class, as measured for the modular engine). A 2048 x 2048 matrix takes
 * 32 MiB and stays.
 */
const RETAIN_BYTES = 64 * 1024 * 1024;
const IDLE_RELEASE_MS = 1000;

interface Kernels {
  readonly memory: WasmMemory;
  readonly bidiagonalRows: (a: number, n: number, k: number, i0: number, m: number, w: number, u: number, zNext: number) => number;
  readonly qrRows: (a: number, n: number, k: number, i0: number, m: number, w: number, zNext: number) => number;
  release: ReturnType<typeof setTimeout> | undefined;
}

/** The compiled module; null when the runtime cannot run it (no WebAssembly, or no SIMD). */
let compiled: WasmModule | null | undefined;
let kernels: Kernels | undefined;

function moduleOnce(): WasmModule | null {
  if (compiled === undefined) {
    const api = (globalThis as { WebAssembly?: unknown }).WebAssembly === undefined ? undefined : wasmApi;
    const bytes = Buffer.from(SVD_WASM_BASE64, 'base64');
    compiled = api !== undefined && api.validate(bytes) ? new api.Module(bytes) : null;
  }
  return compiled;
}

/** Whether the runtime can run the kernels (WebAssembly with SIMD). */
export function wasmKernelsAvailable(): boolean {
  return moduleOnce() !== null;
}

/** 16-byte aligned byte sizes of the work vectors (one) and of everything (total) for a rows x cols reduction. */
function layout(rows: number, cols: number): { vector: number; total: number } {
  const vector = 16 * Math.ceil(cols / 2);
  return { vector, total: 4 * vector + 8 * rows * cols };
}

/** Whether a rows x cols reduction fits the kernels' memory. */
export function fitsWasm(rows: number, cols: number): boolean {
  return layout(rows, cols).total <= SVD_MAX_PAGES * PAGE_BYTES;
}

/**
 * A rows x cols matrix (rows >= cols; contents left over from earlier calls), work vectors for
 * cols columns and the row loops, all in the kernels' memory. The views stay valid until the next
 * call (growing the memory detaches them).
 */
export function wasmReduction(rows: number, cols: number): { a: Float64Array; scratch: Scratch; rows: RowUpdates } {
  const module = moduleOnce();
  if (module === null) throw new Error('svd: WebAssembly SIMD is not available');
  const { vector, total } = layout(rows, cols);
  if (total > SVD_MAX_PAGES * PAGE_BYTES) throw new RangeError(`svd: ${total} bytes do not fit the kernels' ${SVD_MAX_PAGES * PAGE_BYTES}`);
  const pages = Math.max(1, Math.ceil(total / PAGE_BYTES));
  if (!kernels) {
    const memory = new wasmApi.Memory({ initial: pages, maximum: SVD_MAX_PAGES, shared: false });
    const instance = new wasmApi.Instance(module, { env: { memory } });
    kernels = { memory, bidiagonalRows: exportedFunction(instance, 'bidiagonalRows'), qrRows: exportedFunction(instance, 'qrRows'), release: undefined };
  }
  const k = kernels;
  if (k.release !== undefined) clearTimeout(k.release);
  k.release = undefined;
  const have = k.memory.buffer.byteLength / PAGE_BYTES;
  if (have < pages) k.memory.grow(pages - have);
  const buf = k.memory.buffer;
  const vec = (i: number): Float64Array => new Float64Array(buf, i * vector, cols);
  const scratch = { w: vec(0), u: vec(1), z: vec(2), zNext: vec(3) };
  const updates: RowUpdates = {
    bidiagonalRows: (a, n, step, i0, m, w, u, zNext) => k.bidiagonalRows(a.byteOffset, n, step, i0, m, w.byteOffset, u.byteOffset, zNext.byteOffset),
    qrRows: (a, n, step, i0, m, w, zNext) => k.qrRows(a.byteOffset, n, step, i0, m, w.byteOffset, zNext.byteOffset),
  };
  return { a: new Float64Array(buf, 4 * vector, rows * cols), scratch, rows: updates };
}

/** Called when a reduction is over: a large memory is dropped after a while without another. */
export function wasmWorkDone(): void {
  const k = kernels;
  if (!k || k.memory.buffer.byteLength <= RETAIN_BYTES) return;
  k.release = setTimeout(() => {
    if (kernels === k) kernels = undefined;
  }, IDLE_RELEASE_MS);
  k.release.unref();
}
