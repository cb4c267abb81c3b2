/**
 * The WebAssembly kernels of the float SVD's reductions (src/numeric/svd.ts), generated with the
 * emitter of src/wasm/emit.ts: the trailing update of one Householder step, which is nearly all
 * of the work (O(m n) per step against O(n) for the reflectors, which stay in JavaScript).
 *
 * They compute what the JavaScript reference loops of svd.ts compute (`bidiagonalStepFourRows`,
 * `qrStepFourRows` and their one-row variants), on f64x2 lanes: two columns per instruction, a
 * group of `rows` rows sharing every load of the reflector vectors and of the next step's column
 * products. Within a row the products are the same; the dot products with the right reflector are
 * summed in two interleaved halves (one per lane), so the results agree with the reference to
 * rounding, not bit for bit.
 *
 * The engine loads these bytes from src/numeric/svdWasm.ts, written by `npm run wasm:update`
 * (test/numeric/svdKernels.test.ts fails when that file is not what this generator gives now).
 *
 * Exports (addresses are byte offsets into the imported memory; the matrix is row-major with
 * row stride n doubles; w, u, zNext are arrays of n doubles indexed by column):
 * - `bidiagonalRows(a, n, k, i0, m, w, u, zNext) -> f64`: step k of the bidiagonalisation on rows
 *   i0..m-1: A[i, k+1..] -= A[i, k] w, then A[i, k+1..] -= beta (A[i, k+1..] . u) u with beta in
 *   u[k], while zNext[j] += A[i, k+1] A[i, j] (j >= k + 2). Returns the rows' sum of squares in
 *   column k + 1.
 * - `qrRows(a, n, k, i0, m, w, zNext) -> f64`: step k of the Householder QR on rows i0..m-1:
 *   A[i, k+1..] -= A[i, k] w while zNext[j] += A[i, k+1] A[i, j] (j >= k + 2). Returns the rows'
 *   sum of squares in column k + 1.
 *
 * @packageDocumentation
 */
import { emitModule, F64, FunctionBuilder, I32, OP, SIMD, V128, type Local } from '../wasm/emit.js';
import { SVD_MAX_PAGES } from './svdWasmEngine.js';

/**
 * Rows that share the loads of one pass (the remainder of the rows is done one at a time). Four
 * rows keep the splats, accumulators and loaded vectors of a pass within the 16 SIMD registers.
 * Measured (medians of 3 runs of singularValues, 3 rounds alternating): at 1024, 2 rows 239-308 ms,
 * 4 rows 216-226, 6 rows 253-294, 8 rows 295-313; at 2048, 2 rows 2.45-2.51 s, 4 rows 1.92-2.00,
 * 6 rows 2.08-2.16.
 */
export const GROUP_ROWS = 4;


/** Operations on one column (f64) or a pair of adjacent columns (f64x2). */
interface Lanes {
  /** Bytes per step: 8 or 16. */
  readonly bytes: number;
  load(f: FunctionBuilder): void;
  store(f: FunctionBuilder): void;
  add(f: FunctionBuilder): void;
  sub(f: FunctionBuilder): void;
  mul(f: FunctionBuilder): void;
}

const ONE: Lanes = {
  bytes: 8,
  load: (f) => f.mem(OP.f64_load),
  store: (f) => f.mem(OP.f64_store),
  add: (f) => f.op(OP.f64_add),
  sub: (f) => f.op(OP.f64_sub),
  mul: (f) => f.op(OP.f64_mul),
};

const PAIR: Lanes = {
  bytes: 16,
  load: (f) => f.simdMem(SIMD.v128_load),
  store: (f) => f.simdMem(SIMD.v128_store),
  add: (f) => f.simd(SIMD.f64x2_add),
  sub: (f) => f.simd(SIMD.f64x2_sub),
  mul: (f) => f.simd(SIMD.f64x2_mul),
};

/** A per-row scalar and its splat, for the lane width at hand. */
interface Splat {
  readonly one: Local;
  readonly pair: Local;
}

function splat(f: FunctionBuilder): Splat {
  return { one: f.local(F64), pair: f.local(V128) };
}

const pick = (x: Splat, lanes: Lanes): Local => (lanes === ONE ? x.one : x.pair);

/** Sets x.pair to the splat of x.one. */
function fillSplat(f: FunctionBuilder, x: Splat): void {
  f.get(x.one).simd(SIMD.f64x2_splat).set(x.pair);
}

/**
 * Columns j8 (a byte offset, 8 j) up to end8 in three parts: one column when j is odd, so the
 * pairs start at an even column (16-byte aligned in every row when n is even), then pairs, then a
 * last single column. `body(lanes)` emits one step at column offset j8 without advancing it.
 * Measured at 1024: without the first part (pairs at odd columns half the time) the whole SVD
 * took 317-381 ms instead of 238-252.
 */
function columns(f: FunctionBuilder, j8: Local, end8: Local, body: (lanes: Lanes) => void): void {
  f.get(j8).i32(8).op(OP.i32_and).i32(0).op(OP.i32_ne).get(j8).get(end8).op(OP.i32_lt_s).op(OP.i32_and).if(() => {
    body(ONE);
    f.get(j8).i32(8).op(OP.i32_add).set(j8);
  });
  f.block((exit) => {
    f.loop((top) => {
      f.get(j8).i32(16).op(OP.i32_add).get(end8).op(OP.i32_gt_s).brIf(exit);
      body(PAIR);
      f.get(j8).i32(16).op(OP.i32_add).set(j8);
      f.br(top);
    });
  });
  f.get(j8).get(end8).op(OP.i32_lt_s).if(() => body(ONE));
}

/** Pushes the address base + j8. */
function at(f: FunctionBuilder, base: Local, j8: Local): void {
  f.get(base).get(j8).op(OP.i32_add);
}

/** Shared parameters and loop state of both kernels. */
interface RowLoop {
  readonly a: Local;
  readonly n: Local;
  readonly k: Local;
  readonly i0: Local;
  readonly m: Local;
  /** The row being processed (first of its group). */
  readonly i: Local;
  /** n * 8. */
  readonly stride: Local;
  /** n * 8, the end of a row's columns. */
  readonly end8: Local;
  /** The column offset inside the column loops. */
  readonly j8: Local;
  /** The returned sum of squares. */
  readonly norm2: Local;
  /** Row base addresses of the group. */
  readonly base: readonly Local[];
}

function rowLoop(f: FunctionBuilder, a: Local, n: Local, k: Local, i0: Local, m: Local, rows: number): RowLoop {
  const loop = { a, n, k, i0, m, i: f.local(I32), stride: f.local(I32), end8: f.local(I32), j8: f.local(I32), norm2: f.local(F64), base: Array.from({ length: rows }, () => f.local(I32)) };
  f.get(n).i32(3).op(OP.i32_shl).tee(loop.stride).set(loop.end8);
  f.get(i0).set(loop.i);
  return loop;
}

/**
 * `while (i + rows <= m) { group(rows); i += rows }`, then the same one row at a time; `group`
 * emits the code for a group of that many rows, whose base addresses it finds in loop.base.
 */
function overRows(f: FunctionBuilder, loop: RowLoop, rows: number, group: (count: number) => void): void {
  for (const count of rows > 1 ? [rows, 1] : [1]) {
    f.block((exit) => {
      f.loop((top) => {
        f.get(loop.i).i32(count).op(OP.i32_add).get(loop.m).op(OP.i32_gt_s).brIf(exit);
        for (let r = 0; r < count; r++) {
          f.get(loop.a).get(loop.i).i32(r).op(OP.i32_add).get(loop.stride).op(OP.i32_mul).op(OP.i32_add).set(loop.base[r] as Local);
        }
        group(count);
        f.get(loop.i).i32(count).op(OP.i32_add).set(loop.i);
        f.br(top);
      });
    });
  }
}

/** Pushes 8 (k + plus): the byte offset of column k + plus. */
function column8(f: FunctionBuilder, k: Local, plus: number): void {
  f.get(k).i32(plus).op(OP.i32_add).i32(3).op(OP.i32_shl);
}

/**
 * The second half shared by both kernels: with c_r = A[r, k+1] (already updated, in `c`), and a
 * per-row multiplier `mult` of the vector `vec`, for j >= k + 2:
 * A[r, j] -= mult_r vec[j], zNext[j] += sum_r c_r A[r, j] (the new values), in one pass.
 * Adds sum_r c_r^2 to the returned norm.
 */
function updateAndAccumulate(f: FunctionBuilder, loop: RowLoop, count: number, mult: readonly Splat[], vec: Local, c: readonly Splat[], zNext: Local): void {
  const vj = { one: f.local(F64), pair: f.local(V128) };
  const t = { one: f.local(F64), pair: f.local(V128) };
  const x = { one: f.local(F64), pair: f.local(V128) };
  column8(f, loop.k, 2);
  f.set(loop.j8);
  columns(f, loop.j8, loop.end8, (lanes) => {
    at(f, vec, loop.j8);
    lanes.load(f);
    f.set(pick(vj, lanes));
    at(f, zNext, loop.j8);
    lanes.load(f);
    f.set(pick(t, lanes));
    for (let r = 0; r < count; r++) {
      const row = loop.base[r] as Local;
      at(f, row, loop.j8);
      at(f, row, loop.j8);
      lanes.load(f);
      f.get(pick(mult[r] as Splat, lanes)).get(pick(vj, lanes));
      lanes.mul(f);
      lanes.sub(f);
      f.tee(pick(x, lanes));
      lanes.store(f);
      f.get(pick(t, lanes)).get(pick(c[r] as Splat, lanes)).get(pick(x, lanes));
      lanes.mul(f);
      lanes.add(f);
      f.set(pick(t, lanes));
    }
    at(f, zNext, loop.j8);
    f.get(pick(t, lanes));
    lanes.store(f);
  });
  // norm2 += c_1^2 + ... + c_count^2, summed left to right as the reference does.
  f.get(loop.norm2);
  for (let r = 0; r < count; r++) {
    const cr = (c[r] as Splat).one;
    f.get(cr).get(cr).op(OP.f64_mul);
    if (r > 0) f.op(OP.f64_add);
  }
  f.op(OP.f64_add).set(loop.norm2);
}

/** Loads A[r, k + plus] of each row of the group into the scalars `into`. */
function loadColumn(f: FunctionBuilder, loop: RowLoop, count: number, plus: number, into: readonly Splat[]): void {
  for (let r = 0; r < count; r++) {
    f.get(loop.base[r] as Local);
    column8(f, loop.k, plus);
    f.op(OP.i32_add).mem(OP.f64_load).set((into[r] as Splat).one);
  }
}

/** Sets c_r = A[r, k+1] - mult_r * factor and stores it back, for each row of the group. */
function updateNextColumn(f: FunctionBuilder, loop: RowLoop, count: number, mult: readonly Splat[], factor: Local, c: readonly Splat[]): void {
  for (let r = 0; r < count; r++) {
    const cr = (c[r] as Splat).one;
    f.get(loop.base[r] as Local);
    column8(f, loop.k, 1);
    f.op(OP.i32_add).set(loop.j8);
    f.get(loop.j8).mem(OP.f64_load).get((mult[r] as Splat).one).get(factor).op(OP.f64_mul).op(OP.f64_sub).set(cr);
    f.get(loop.j8).get(cr).mem(OP.f64_store);
  }
}

/** bidiagonalRows(a, n, k, i0, m, w, u, zNext) -> f64: see the module comment. */
function bidiagonalRows(rows: number): FunctionBuilder {
  const f = new FunctionBuilder('bidiagonalRows', [I32, I32, I32, I32, I32, I32, I32, I32], [F64]);
  const [a, n, k, i0, m, w, u, zNext] = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => f.param(i)) as [Local, Local, Local, Local, Local, Local, Local, Local];
  const loop = rowLoop(f, a, n, k, i0, m, rows);
  const v = Array.from({ length: rows }, () => splat(f));
  const s = Array.from({ length: rows }, () => splat(f));
  const b = Array.from({ length: rows }, () => splat(f));
  const c = Array.from({ length: rows }, () => splat(f));
  const wj = splat(f);
  const uj = splat(f);
  const x = splat(f);
  const beta = f.local(F64);
  const u1 = f.local(F64);
  column8(f, k, 0);
  f.get(u).op(OP.i32_add).mem(OP.f64_load).set(beta);
  column8(f, k, 1);
  f.get(u).op(OP.i32_add).mem(OP.f64_load).set(u1);
  overRows(f, loop, rows, (count) => {
    // Left update and the dot product with u: A[r, j] -= A[r, k] w[j]; s_r += A[r, j] u[j].
    loadColumn(f, loop, count, 0, v);
    for (let r = 0; r < count; r++) {
      const sr = s[r] as Splat;
      fillSplat(f, v[r] as Splat);
      f.f64(0).set(sr.one).f64(0).simd(SIMD.f64x2_splat).set(sr.pair);
    }
    column8(f, k, 1);
    f.set(loop.j8);
    columns(f, loop.j8, loop.end8, (lanes) => {
      at(f, w, loop.j8);
      lanes.load(f);
      f.set(pick(wj, lanes));
      at(f, u, loop.j8);
      lanes.load(f);
      f.set(pick(uj, lanes));
      for (let r = 0; r < count; r++) {
        const row = loop.base[r] as Local;
        const acc = pick(s[r] as Splat, lanes);
        at(f, row, loop.j8);
        at(f, row, loop.j8);
        lanes.load(f);
        f.get(pick(v[r] as Splat, lanes)).get(pick(wj, lanes));
        lanes.mul(f);
        lanes.sub(f);
        f.tee(pick(x, lanes));
        lanes.store(f);
        f.get(acc).get(pick(x, lanes)).get(pick(uj, lanes));
        lanes.mul(f);
        lanes.add(f);
        f.set(acc);
      }
    });
    // b_r = beta (s_r), with the two lanes and the single columns summed.
    for (let r = 0; r < count; r++) {
      const sr = s[r] as Splat;
      const br = b[r] as Splat;
      f.get(sr.pair).simdLane(SIMD.f64x2_extract_lane, 0).get(sr.pair).simdLane(SIMD.f64x2_extract_lane, 1).op(OP.f64_add).get(sr.one).op(OP.f64_add);
      f.get(beta).op(OP.f64_mul).set(br.one);
      fillSplat(f, br);
    }
    updateNextColumn(f, loop, count, b, u1, c);
    for (let r = 0; r < count; r++) fillSplat(f, c[r] as Splat);
    updateAndAccumulate(f, loop, count, b, u, c, zNext);
  });
  f.get(loop.norm2);
  return f;
}

/** qrRows(a, n, k, i0, m, w, zNext) -> f64: see the module comment. */
function qrRows(rows: number): FunctionBuilder {
  const f = new FunctionBuilder('qrRows', [I32, I32, I32, I32, I32, I32, I32], [F64]);
  const [a, n, k, i0, m, w, zNext] = [0, 1, 2, 3, 4, 5, 6].map((i) => f.param(i)) as [Local, Local, Local, Local, Local, Local, Local];
  const loop = rowLoop(f, a, n, k, i0, m, rows);
  const v = Array.from({ length: rows }, () => splat(f));
  const c = Array.from({ length: rows }, () => splat(f));
  const w1 = f.local(F64);
  column8(f, k, 1);
  f.get(w).op(OP.i32_add).mem(OP.f64_load).set(w1);
  overRows(f, loop, rows, (count) => {
    loadColumn(f, loop, count, 0, v);
    for (let r = 0; r < count; r++) fillSplat(f, v[r] as Splat);
    updateNextColumn(f, loop, count, v, w1, c);
    for (let r = 0; r < count; r++) fillSplat(f, c[r] as Splat);
    updateAndAccumulate(f, loop, count, v, w, c, zNext);
  });
  f.get(loop.norm2);
  return f;
}

/** The module's bytes: groups of `rows` rows, importing a memory of at most `maxPages` (not shared: one thread). */
export function svdModuleBytes(rows = GROUP_ROWS, maxPages = SVD_MAX_PAGES): Uint8Array {
  if (!Number.isInteger(rows) || rows < 1) throw new RangeError(`svd kernels: rows per group must be a positive integer, got ${rows}`);
  return emitModule({ memory: { minPages: 1, maxPages, shared: false }, functions: [bidiagonalRows(rows), qrRows(rows)] });
}

/** The text of src/numeric/svdWasm.ts. */
export function svdWasmSource(): string {
  const b64 = Buffer.from(svdModuleBytes()).toString('base64');
  const lines = b64.match(/.{1,100}/g) ?? [];
  return [
    '/**',
    ` * The float SVD's WebAssembly module (base64), generated by src/numeric/svdKernels.ts (groups of ${GROUP_ROWS} rows).`,
    ' * Do not edit: regenerate with `npm run wasm:update` (test/numeric/svdKernels.test.ts checks it).',
    ' *',
    ' * @packageDocumentation',
    ' */',
    'export const SVD_WASM_BASE64 =',
    lines.map((l) => `  '${l}'`).join(' +\n') + ';',
    '',
  ].join('\n');
}
