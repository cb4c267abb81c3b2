/**
 * A matrix product in WebAssembly SIMD, written here as bytes: the inner kernel of kernels.ts's
 * `gemm` when its operands live in one WebAssembly memory (the buffers of a ScratchPool set).
 *
 * Why. The networks' products are small (a TT core is 32 x 16) and many (d per step, forward and
 * backward), so the JavaScript loop in kernels.ts did about half of a TT training step. The same
 * loop over f32x4 vectors ran 8-15x faster in an in-process A/B on the TT shapes (the wasm backend
 * of TensorFlow.js only sends unbatched, untransposed products to its SIMD library). The module is
 * generated at run time with the project's WebAssembly emitter (src/wasm/emit.ts): nothing is compiled at install, nothing is
 * downloaded, and where WebAssembly SIMD is missing `simdGemmOn` gives nothing and the
 * JavaScript loop does the work.
 *
 * The kernel, for M a multiple of 4 and N a multiple of 4 w (w = 1 or 2 vectors per row):
 *   C[i, j] (+)= sum_p A[i, p] B[p, j]
 * with A addressed by (byte address, row stride, column stride) in bytes, B by (byte address, row
 * stride) with contiguous columns, C by (byte address, row stride) with contiguous columns. A block
 * of 4 rows x 4 w columns of C is held in 4 w vector registers; each step of p loads w vectors of
 * B's row p and splats one entry of A per row.
 *
 * @packageDocumentation
 */

import { exportedFunction, PAGE_BYTES, wasmApi, type WasmMemory, type WasmModule } from '../wasm/api.js';
import { emitModule, FunctionBuilder, I32, OP, SIMD, V128, type Local } from '../wasm/emit.js';

/** Parameters of the exported kernels, in order (byte addresses and byte strides). */
const PARAMS = ['M', 'N', 'P', 'a', 'aRow', 'aCol', 'b', 'bRow', 'c', 'cRow', 'accumulate'] as const;

/** The kernel with w vectors per row (4 x 4w blocks of C), exported as `name`. */
function kernel(name: string, w: number): FunctionBuilder {
  const f = new FunctionBuilder(name, PARAMS.map(() => I32), []);
  const [M, N, P, a, aRow, aCol, b, bRow, c, cRow, accumulate] = PARAMS.map((_, k) => f.param(k)) as [Local, Local, Local, Local, Local, Local, Local, Local, Local, Local, Local];
  const [i, j, p, pa, pb, pc, aRow2, aRow3] = Array.from({ length: 8 }, () => f.local(I32)) as [Local, Local, Local, Local, Local, Local, Local, Local];
  const rows = [0, 1, 2, 3];
  const cols = Array.from({ length: w }, (_, v) => v);
  const sums = rows.map(() => cols.map(() => f.local(V128)));
  const sum = (r: number, v: number): Local => (sums[r] as Local[])[v] as Local;
  const bVector = cols.map(() => f.local(V128));
  const splatted = f.local(V128);
  /** Pushes base + r stride. */
  const rowAddr = (base: Local, stride: Local, r: number): void => {
    f.get(base);
    if (r > 0) f.get(stride).i32(r).op(OP.i32_mul).op(OP.i32_add);
  };
  /** Pushes the address of A's entry in row i + r at the current p (pa + r aRow). */
  const aAddr = (r: number): void => {
    f.get(pa);
    if (r > 0) f.get([aRow, aRow2, aRow3][r - 1] as Local).op(OP.i32_add);
  };
  const increment = (x: Local, by: Local | number): void => {
    f.get(x);
    if (typeof by === 'number') f.i32(by);
    else f.get(by);
    f.op(OP.i32_add).set(x);
  };
  f.get(aRow).get(aRow).op(OP.i32_add).set(aRow2);
  f.get(aRow2).get(aRow).op(OP.i32_add).set(aRow3);
  f.i32(0).set(i);
  f.block((iExit) => f.loop((iTop) => {
    f.get(i).get(M).op(OP.i32_ge_s).brIf(iExit);
    f.i32(0).set(j);
    f.block((jExit) => f.loop((jTop) => {
      f.get(j).get(N).op(OP.i32_ge_s).brIf(jExit);
      // The sums start at zero (the f64 0 splatted has every bit zero, as f32 zeros do).
      for (const r of rows) for (const v of cols) f.f64(0).simd(SIMD.f64x2_splat).set(sum(r, v));
      // pa = a + i aRow; pb = b + 4 j
      f.get(a).get(i).get(aRow).op(OP.i32_mul).op(OP.i32_add).set(pa);
      f.get(b).get(j).i32(4).op(OP.i32_mul).op(OP.i32_add).set(pb);
      f.i32(0).set(p);
      f.block((pExit) => f.loop((pTop) => {
        f.get(p).get(P).op(OP.i32_ge_s).brIf(pExit);
        for (const v of cols) f.get(pb).simdMem(SIMD.v128_load, 16 * v).set(bVector[v] as Local);
        for (const r of rows) {
          aAddr(r);
          f.mem(OP.f32_load).simd(SIMD.f32x4_splat).set(splatted);
          for (const v of cols) f.get(sum(r, v)).get(splatted).get(bVector[v] as Local).simd(SIMD.f32x4_mul).simd(SIMD.f32x4_add).set(sum(r, v));
        }
        increment(pa, aCol);
        increment(pb, bRow);
        increment(p, 1);
        f.br(pTop);
      }));
      // pc = c + i cRow + 4 j; with `accumulate`, add C's old values; store.
      f.get(c).get(i).get(cRow).op(OP.i32_mul).op(OP.i32_add).get(j).i32(4).op(OP.i32_mul).op(OP.i32_add).set(pc);
      f.get(accumulate).if(() => {
        for (const r of rows) for (const v of cols) {
          rowAddr(pc, cRow, r);
          f.simdMem(SIMD.v128_load, 16 * v).get(sum(r, v)).simd(SIMD.f32x4_add).set(sum(r, v));
        }
      });
      for (const r of rows) for (const v of cols) {
        rowAddr(pc, cRow, r);
        f.get(sum(r, v)).simdMem(SIMD.v128_store, 16 * v);
      }
      increment(j, 4 * w);
      f.br(jTop);
    }));
    increment(i, 4);
    f.br(iTop);
  }));
  return f;
}

/** Largest memory the module accepts, in pages (the 4 GiB of 32-bit addresses). */
const MAX_PAGES = 65536;

/** The module: imports env.memory, exports gemm4x4 (w = 1) and gemm4x8 (w = 2). */
function moduleBytes(): Uint8Array {
  return emitModule({ memory: { minPages: 1, maxPages: MAX_PAGES, shared: false }, functions: [kernel('gemm4x4', 1), kernel('gemm4x8', 2)] });
}

/** A kernel: (M, N, P, a, aRow, aCol, b, bRow, c, cRow, accumulate), addresses and strides in bytes. */
export type SimdKernel = (M: number, N: number, P: number, a: number, aRow: number, aCol: number, b: number, bRow: number, c: number, cRow: number, accumulate: number) => void;

/** The kernels bound to one memory. */
export interface SimdGemm {
  readonly gemm4x4: SimdKernel;
  readonly gemm4x8: SimdKernel;
}

/** The compiled module, or undefined where this WebAssembly has no SIMD. */
const simdModule: WasmModule | undefined = (() => {
  const bytes = moduleBytes();
  return wasmApi.validate(bytes) ? new wasmApi.Module(bytes) : undefined;
})();

/** A zeroed WebAssembly memory of at least `bytes` bytes. */
export function wasmMemory(bytes: number): WasmMemory {
  const pages = Math.max(1, Math.ceil(bytes / PAGE_BYTES));
  if (pages > MAX_PAGES) throw new RangeError(`wasmMemory: ${bytes} bytes do not fit 32-bit addresses`);
  return new wasmApi.Memory({ initial: pages, maximum: pages, shared: false });
}

/** The kernels on `memory`, one made by {@link wasmMemory} (the module imports a memory with a maximum); undefined where WebAssembly has no SIMD. */
export function simdGemmOn(memory: WasmMemory): SimdGemm | undefined {
  if (!simdModule) return undefined;
  const instance = new wasmApi.Instance(simdModule, { env: { memory } });
  return { gemm4x4: exportedFunction(instance, 'gemm4x4'), gemm4x8: exportedFunction(instance, 'gemm4x8') };
}
