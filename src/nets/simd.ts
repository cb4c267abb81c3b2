/**
 * A matrix product in WebAssembly SIMD, written here as bytes: the inner kernel of kernels.ts's
 * `gemm` when its operands live in one WebAssembly memory (the buffers of a ScratchPool set).
 *
 * Why. The networks' products are small (a TT core is 32 x 16) and many (d per step, forward and
 * backward), so the JavaScript loop in kernels.ts did about half of a TT training step. The same
 * loop over f32x4 vectors ran 8-15x faster in an in-process A/B on the TT shapes (the wasm backend
 * of TensorFlow.js only sends unbatched, untransposed products to its SIMD library). The module is
 * generated at run time by the small encoder below: nothing is compiled at install, nothing is
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

const I32 = 0x7f;
const V128 = 0x7b;

function u32(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function s32(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const vec = (items: readonly (readonly number[])[]): number[] => [...u32(items.length), ...items.flat()];
const section = (id: number, body: readonly number[]): number[] => [id, ...u32(body.length), ...body];
const name = (s: string): number[] => vec([...new TextEncoder().encode(s)].map((b) => [b]));

/** The instructions used, as byte sequences (WebAssembly core and SIMD opcodes). */
const op = {
  get: (i: number) => [0x20, ...u32(i)],
  set: (i: number) => [0x21, ...u32(i)],
  i32: (n: number) => [0x41, ...s32(n)],
  add: [0x6a],
  mul: [0x6c],
  geS: [0x4e],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, ...u32(depth)],
  brIf: (depth: number) => [0x0d, ...u32(depth)],
  /** f32.load, 4-byte alignment hint. */
  f32Load: [0x2a, 2, 0],
  /** v128.load / v128.store at a constant offset; the alignment hint is 4 bytes (rows need not be 16-aligned). */
  vLoad: (offset: number) => [0xfd, 0x00, 2, ...u32(offset)],
  vStore: (offset: number) => [0xfd, 0x0b, 2, ...u32(offset)],
  vZero: [0xfd, 0x0c, ...new Array<number>(16).fill(0)],
  splat: [0xfd, 0x13],
  fAdd: [0xfd, 0xe4, 0x01],
  fMul: [0xfd, 0xe6, 0x01],
};

/** Parameters of the exported kernels, in order (byte addresses and byte strides). */
const PARAMS = ['M', 'N', 'P', 'a', 'aRow', 'aCol', 'b', 'bRow', 'c', 'cRow', 'accumulate'] as const;
const param = (p: (typeof PARAMS)[number]): number => PARAMS.indexOf(p);

/** The body of the kernel with w vectors per row (4 x 4w blocks of C). */
function kernelBody(w: number): number[] {
  // i32 locals after the parameters, then v128 locals: 4w sums, w rows of B, one splat.
  const [i, j, p, pa, pb, pc, aRow2, aRow3] = [11, 12, 13, 14, 15, 16, 17, 18];
  const sum = (r: number, v: number): number => 19 + r * w + v;
  const bRowV = (v: number): number => 19 + 4 * w + v;
  const splatted = 19 + 5 * w;
  const rowAddr = (base: number, stride: number, r: number): number[] => (r === 0 ? op.get(base) : [...op.get(base), ...op.get(stride), ...op.i32(r), ...op.mul, ...op.add]);
  const aAddr = (r: number): number[] => (r === 0 ? op.get(pa) : [...op.get(pa), ...op.get([param('aRow'), aRow2, aRow3][r - 1] as number), ...op.add]);
  const rows = [0, 1, 2, 3];
  const cols = Array.from({ length: w }, (_, v) => v);
  const body = [
    ...op.get(param('aRow')), ...op.get(param('aRow')), ...op.add, ...op.set(aRow2),
    ...op.get(aRow2), ...op.get(param('aRow')), ...op.add, ...op.set(aRow3),
    ...op.i32(0), ...op.set(i),
    ...op.block, ...op.loop,
    ...op.get(i), ...op.get(param('M')), ...op.geS, ...op.brIf(1),
    ...op.i32(0), ...op.set(j),
    ...op.block, ...op.loop,
    ...op.get(j), ...op.get(param('N')), ...op.geS, ...op.brIf(1),
    ...rows.flatMap((r) => cols.flatMap((v) => [...op.vZero, ...op.set(sum(r, v))])),
    // pa = a + i aRow; pb = b + 4 j
    ...op.get(param('a')), ...op.get(i), ...op.get(param('aRow')), ...op.mul, ...op.add, ...op.set(pa),
    ...op.get(param('b')), ...op.get(j), ...op.i32(4), ...op.mul, ...op.add, ...op.set(pb),
    ...op.i32(0), ...op.set(p),
    ...op.block, ...op.loop,
    ...op.get(p), ...op.get(param('P')), ...op.geS, ...op.brIf(1),
    ...cols.flatMap((v) => [...op.get(pb), ...op.vLoad(16 * v), ...op.set(bRowV(v))]),
    ...rows.flatMap((r) => [
      ...aAddr(r), ...op.f32Load, ...op.splat, ...op.set(splatted),
      ...cols.flatMap((v) => [...op.get(sum(r, v)), ...op.get(splatted), ...op.get(bRowV(v)), ...op.fMul, ...op.fAdd, ...op.set(sum(r, v))]),
    ]),
    ...op.get(pa), ...op.get(param('aCol')), ...op.add, ...op.set(pa),
    ...op.get(pb), ...op.get(param('bRow')), ...op.add, ...op.set(pb),
    ...op.get(p), ...op.i32(1), ...op.add, ...op.set(p),
    ...op.br(0),
    ...op.end, ...op.end,
    // pc = c + i cRow + 4 j; with `accumulate`, add C's old values; store.
    ...op.get(param('c')), ...op.get(i), ...op.get(param('cRow')), ...op.mul, ...op.add, ...op.get(j), ...op.i32(4), ...op.mul, ...op.add, ...op.set(pc),
    ...op.get(param('accumulate')), ...op.if,
    ...rows.flatMap((r) => cols.flatMap((v) => [...rowAddr(pc, param('cRow'), r), ...op.vLoad(16 * v), ...op.get(sum(r, v)), ...op.fAdd, ...op.set(sum(r, v))])),
    ...op.end,
    ...rows.flatMap((r) => cols.flatMap((v) => [...rowAddr(pc, param('cRow'), r), ...op.get(sum(r, v)), ...op.vStore(16 * v)])),
    ...op.get(j), ...op.i32(4 * w), ...op.add, ...op.set(j),
    ...op.br(0),
    ...op.end, ...op.end,
    ...op.get(i), ...op.i32(4), ...op.add, ...op.set(i),
    ...op.br(0),
    ...op.end, ...op.end,
  ];
  const locals = vec([
    [...u32(8), I32],
    [...u32(5 * w + 1), V128],
  ]);
  const code = [...locals, ...body, ...op.end];
  return [...u32(code.length), ...code];
}

/** The module: imports env.memory, exports gemm4x4 (w = 1) and gemm4x8 (w = 2). */
function moduleBytes(): Uint8Array {
  const type = [0x60, ...vec(PARAMS.map(() => [I32])), ...vec([])];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec([type])),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, ...u32(1)]])),
    ...section(3, vec([u32(0), u32(0)])),
    ...section(7, vec([[...name('gemm4x4'), 0x00, ...u32(0)], [...name('gemm4x8'), 0x00, ...u32(1)]])),
    ...section(10, vec([kernelBody(1), kernelBody(2)])),
  ]);
}

/** A kernel: (M, N, P, a, aRow, aCol, b, bRow, c, cRow, accumulate), addresses and strides in bytes. */
export type SimdKernel = (M: number, N: number, P: number, a: number, aRow: number, aCol: number, b: number, bRow: number, c: number, cRow: number, accumulate: number) => void;

/** The kernels bound to one memory. */
export interface SimdGemm {
  readonly gemm4x4: SimdKernel;
  readonly gemm4x8: SimdKernel;
}

/** A WebAssembly memory: its bytes (never grown here, so views on it stay valid). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

/**
 * The part of the WebAssembly JavaScript API used here, typed by hand: the project's `lib`
 * settings leave out the DOM declarations that carry it.
 */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** The compiled module, or undefined where this WebAssembly has no SIMD. */
const simdModule: object | undefined = (() => {
  const bytes = moduleBytes();
  return wasm.validate(bytes) ? new wasm.Module(bytes) : undefined;
})();

/** A zeroed WebAssembly memory of at least `bytes` bytes. */
export function wasmMemory(bytes: number): WasmMemory {
  return new wasm.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
}

/** The kernels on `memory` (undefined where WebAssembly has no SIMD). */
export function simdGemmOn(memory: WasmMemory): SimdGemm | undefined {
  if (!simdModule) return undefined;
  const exports = new wasm.Instance(simdModule, { env: { memory } }).exports;
  const kernel = (key: string): SimdKernel => {
    const f = exports[key];
    if (typeof f !== 'function') throw new Error(`internal: the SIMD module exports no ${key}`);
    return f as SimdKernel;
  };
  return { gemm4x4: kernel('gemm4x4'), gemm4x8: kernel('gemm4x8') };
}
