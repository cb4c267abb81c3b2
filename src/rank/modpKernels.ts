/**
 * The WebAssembly kernels of the modular elimination (src/rank/modp.ts), generated with the
 * emitter of src/wasm/emit.ts.
 *
 * Residues are integers in [0, p) held in doubles (p < 2^26). The trailing update is a matrix
 * product with delayed reduction: a sum of up to `accumulationLimit(p)` products plus one residue
 * stays below 2^53 - 4p (src/exact/modular.ts), so the k dimension is cut into blocks of at most
 * that many (128 for the default 23-bit primes) and each C entry is reduced once per block, in
 * registers, before it is stored. The product is blocked as in Goto and van de Geijn's GEMM: a
 * block of multipliers (MC rows x KC) and of pivot-row entries (KC x NC) are packed so that the
 * register tile of MR rows x 2*NV columns (f64x2 accumulators) reads both contiguously.
 *
 * The engine loads these bytes from src/rank/modpWasm.ts, written by `npm run wasm:update`
 * (test/rank/modpKernels.test.ts fails when that file is not what this generator gives now), so
 * a fresh process compiles them without running the generator.
 *
 * Exports (all addresses are byte offsets into the shared memory; matrix geometry, prime and
 * buffers are read from the parameter block at address 0, see PARAM in modpLayout.ts):
 * - `factor(r0, c0, c1) -> k`: eliminates the columns [c0, c1) over the rows r0.. one pivot at
 *   a time (the narrow base case), swapping whole rows; records pivots; returns how many.
 * - `update(chunk, thread, r0, k)`: for the chunk's columns (from the chunk bounds), solves
 *   the k pivot rows r0.. against their unit lower triangle (U12 = L11^-1 A12) and subtracts
 *   L21 U12 from the rows below. Chunks touch disjoint columns, so threads may run them at once.
 * - `check(address, count)`, `reduceIntegers(address, count)`: the input, validated as
 *   residues, or validated as integers and reduced.
 *
 * Row i of the matrix holds, left of the columns still to eliminate, the multipliers l of the
 * pivots above it in the pivot columns (the L factor), stored negated (p - l; 0 stays 0) so that
 * every update only multiplies and adds.
 *
 * @packageDocumentation
 */
import { emitModule, F64, FunctionBuilder, I32, OP, SIMD, V128, type Local } from '../wasm/emit.js';
import { MAX_PAGES, PARAM, scratchLayout, type KernelShape } from './modpLayout.js';

/** Function indices (emission order). */
const FN = { invmod: 0, micro: 1, edge: 2, packB: 3, packA: 4, gemm: 5, trsm: 6, update: 7, factor: 8, rowAxpy: 9, rowReduce: 10, check: 11, reduceIntegers: 12 } as const;

/** Parameters every function reads from the block. */
interface Geometry {
  n: Local;
  m: Local;
  base: Local;
  p: Local;
  pinv: Local;
}

function geometry(f: FunctionBuilder): Geometry {
  const g = { n: f.local(I32), m: f.local(I32), base: f.local(I32), p: f.local(F64), pinv: f.local(F64) };
  f.i32(0).mem(OP.i32_load, PARAM.n).set(g.n);
  f.i32(0).mem(OP.i32_load, PARAM.m).set(g.m);
  f.i32(0).mem(OP.i32_load, PARAM.matrix).set(g.base);
  f.i32(0).mem(OP.f64_load, PARAM.p).set(g.p);
  f.i32(0).mem(OP.f64_load, PARAM.pinv).set(g.pinv);
  return g;
}

/** Pushes the address of entry (row, col): base + (row * n + col) * 8. */
function entryAddress(f: FunctionBuilder, g: Geometry, row: Local, col: Local): void {
  f.get(g.base).get(row).get(g.n).op(OP.i32_mul).get(col).op(OP.i32_add).i32(3).op(OP.i32_shl).op(OP.i32_add);
}

/** Leaves x mod p on the stack for a double 0 <= x <= 2^53 - 4p held in local x (tmp: scratch f64). */
function reduceScalar(f: FunctionBuilder, x: Local, p: Local, pinv: Local, tmp: Local): void {
  f.get(x).get(x).get(pinv).op(OP.f64_mul).op(OP.f64_floor).get(p).op(OP.f64_mul).op(OP.f64_sub).set(tmp);
  // The quotient estimate is off by at most one, so one correction each way suffices.
  f.get(tmp).get(p).op(OP.f64_add).get(tmp).get(tmp).f64(0).op(OP.f64_lt).op(OP.select).set(tmp);
  f.get(tmp).get(p).op(OP.f64_sub).get(tmp).get(tmp).get(p).op(OP.f64_ge).op(OP.select);
}

/** Leaves x mod p (lane-wise) on the stack for a v128 local x; pv, pinvv splats, zero a zero vector. */
function reduceVector(f: FunctionBuilder, x: Local, pv: Local, pinvv: Local, zero: Local, tmp: Local): void {
  f.get(x).get(x).get(pinvv).simd(SIMD.f64x2_mul).simd(SIMD.f64x2_floor).get(pv).simd(SIMD.f64x2_mul).simd(SIMD.f64x2_sub).tee(tmp);
  f.get(tmp).get(zero).simd(SIMD.f64x2_lt).get(pv).simd(SIMD.v128_and).simd(SIMD.f64x2_add).tee(tmp);
  f.get(tmp).get(pv).simd(SIMD.f64x2_ge).get(pv).simd(SIMD.v128_and).simd(SIMD.f64x2_sub);
}

/** `for (i = from; i < to; i += step) body()` on i32 locals (signed comparison). */
function forRange(f: FunctionBuilder, i: Local, from: () => void, to: Local, step: number, body: () => void): void {
  from();
  f.set(i);
  f.block((exit) => {
    f.loop((top) => {
      f.get(i).get(to).op(OP.i32_ge_s).brIf(exit);
      body();
      f.get(i).i32(step).op(OP.i32_add).set(i);
      f.br(top);
    });
  });
}

/** a^-1 mod p for 0 < a < p by the extended Euclidean algorithm on i32 (every value below p). */
function invmod(): FunctionBuilder {
  const f = new FunctionBuilder('invmod', [I32, I32], [I32]);
  const a = f.param(0);
  const p = f.param(1);
  const r0 = f.local(I32), r1 = f.local(I32), t0 = f.local(I32), t1 = f.local(I32), q = f.local(I32), x = f.local(I32);
  f.get(p).set(r0).get(a).set(r1).i32(0).set(t0).i32(1).set(t1);
  f.block((exit) => {
    f.loop((top) => {
      f.get(r1).op(OP.i32_eqz).brIf(exit);
      f.get(r0).get(r1).op(OP.i32_div_s).set(q);
      f.get(r0).get(q).get(r1).op(OP.i32_mul).op(OP.i32_sub).set(x);
      f.get(r1).set(r0).get(x).set(r1);
      f.get(t0).get(q).get(t1).op(OP.i32_mul).op(OP.i32_sub).set(x);
      f.get(t1).set(t0).get(x).set(t1);
      f.br(top);
    });
  });
  f.get(t0).get(t0).get(p).op(OP.i32_add).get(t0).i32(0).op(OP.i32_lt_s).op(OP.select);
  return f;
}

/**
 * micro(ap, bp, c, ldc, kb): the register tile. C[MR x NR] (row stride ldc bytes) += A B over kb
 * steps, A packed MR per step, B packed NR per step, then every entry reduced mod p and stored.
 */
function micro(s: KernelShape): FunctionBuilder {
  const f = new FunctionBuilder('micro', [I32, I32, I32, I32, I32], []);
  const [ap, bp, c, ldc, kb] = [0, 1, 2, 3, 4].map((i) => f.param(i)) as [Local, Local, Local, Local, Local];
  const rows = Array.from({ length: s.mr }, () => f.local(I32));
  const acc = Array.from({ length: s.mr }, () => Array.from({ length: s.nv }, () => f.local(V128)));
  const b = Array.from({ length: s.nv }, () => f.local(V128));
  const av = f.local(V128);
  for (let r = 0; r < s.mr; r++) {
    f.get(c).get(ldc).i32(r).op(OP.i32_mul).op(OP.i32_add).set(rows[r] as Local);
    for (let v = 0; v < s.nv; v++) f.get(rows[r] as Local).simdMem(SIMD.v128_load, 16 * v).set(acc[r]?.[v] as Local);
  }
  f.loop((top) => {
    for (let v = 0; v < s.nv; v++) f.get(bp).simdMem(SIMD.v128_load, 16 * v).set(b[v] as Local);
    for (let r = 0; r < s.mr; r++) {
      f.get(ap).simdMem(SIMD.v128_load64_splat, 8 * r).set(av);
      for (let v = 0; v < s.nv; v++) {
        const x = acc[r]?.[v] as Local;
        f.get(x).get(av).get(b[v] as Local).simd(SIMD.f64x2_mul).simd(SIMD.f64x2_add).set(x);
      }
    }
    f.get(ap).i32(8 * s.mr).op(OP.i32_add).set(ap);
    f.get(bp).i32(16 * s.nv).op(OP.i32_add).set(bp);
    f.get(kb).i32(1).op(OP.i32_sub).tee(kb).brIf(top);
  });
  const pv = f.local(V128), pinvv = f.local(V128), zero = f.local(V128), tmp = f.local(V128);
  f.i32(0).simdMem(SIMD.v128_load64_splat, PARAM.p).set(pv);
  f.i32(0).simdMem(SIMD.v128_load64_splat, PARAM.pinv).set(pinvv);
  for (let r = 0; r < s.mr; r++) {
    for (let v = 0; v < s.nv; v++) {
      f.get(rows[r] as Local);
      reduceVector(f, acc[r]?.[v] as Local, pv, pinvv, zero, tmp);
      f.simdMem(SIMD.v128_store, 16 * v);
    }
  }
  return f;
}

/**
 * edge(ap, bp, c, ldc, rows, cols, kb, tile): a partial tile (rows < MR or cols < NR) through a
 * zero-padded copy, so the register tile never reads or writes outside the matrix.
 */
function edge(s: KernelShape): FunctionBuilder {
  const nr = 2 * s.nv;
  const f = new FunctionBuilder('edge', [I32, I32, I32, I32, I32, I32, I32, I32], []);
  const [ap, bp, c, ldc, rows, cols, kb, tile] = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => f.param(i)) as [Local, Local, Local, Local, Local, Local, Local, Local];
  const r = f.local(I32), q = f.local(I32), src = f.local(I32), dst = f.local(I32);
  const mr = f.local(I32), nrL = f.local(I32);
  f.i32(s.mr).set(mr).i32(nr).set(nrL);
  const copy = (inward: boolean): void => {
    forRange(f, r, () => f.i32(0), mr, 1, () => {
      forRange(f, q, () => f.i32(0), nrL, 1, () => {
        f.get(c).get(r).get(ldc).op(OP.i32_mul).op(OP.i32_add).get(q).i32(3).op(OP.i32_shl).op(OP.i32_add).set(src);
        f.get(tile).get(r).i32(nr).op(OP.i32_mul).get(q).op(OP.i32_add).i32(3).op(OP.i32_shl).op(OP.i32_add).set(dst);
        const inside = (): void => {
          f.get(r).get(rows).op(OP.i32_lt_s).get(q).get(cols).op(OP.i32_lt_s).op(OP.i32_and);
        };
        if (inward) {
          inside();
          f.if(
            () => f.get(dst).get(src).mem(OP.f64_load).mem(OP.f64_store),
            () => f.get(dst).f64(0).mem(OP.f64_store),
          );
        } else {
          inside();
          f.if(() => f.get(src).get(dst).mem(OP.f64_load).mem(OP.f64_store));
        }
      });
    });
  };
  copy(true);
  f.get(ap).get(bp).get(tile).i32(nr * 8).get(kb).call(FN.micro);
  copy(false);
  return f;
}

/**
 * packB(row0, kb, j0, j1, dst): the pivot rows row0..row0+kb-1, columns [j0, j1), as strips of NR
 * columns, each strip kb x NR contiguous (zero-padded past j1).
 */
function packB(s: KernelShape): FunctionBuilder {
  const nr = 2 * s.nv;
  const f = new FunctionBuilder('packB', [I32, I32, I32, I32, I32], []);
  const [row0, kb, j0, j1, dst] = [0, 1, 2, 3, 4].map((i) => f.param(i)) as [Local, Local, Local, Local, Local];
  const g = geometry(f);
  const t = f.local(I32), row = f.local(I32), j = f.local(I32), src = f.local(I32), out = f.local(I32), q = f.local(I32), stripBytes = f.local(I32), full = f.local(I32);
  f.get(kb).i32(nr * 8).op(OP.i32_mul).set(stripBytes);
  // Columns j0 .. full-1 come in whole strips.
  f.get(j0).get(j1).get(j0).op(OP.i32_sub).i32(nr).op(OP.i32_div_s).i32(nr).op(OP.i32_mul).op(OP.i32_add).set(full);
  forRange(f, t, () => f.i32(0), kb, 1, () => {
    f.get(row0).get(t).op(OP.i32_add).set(row);
    f.get(dst).get(t).i32(nr * 8).op(OP.i32_mul).op(OP.i32_add).set(out);
    forRange(f, j, () => f.get(j0), full, nr, () => {
      entryAddress(f, g, row, j);
      f.set(src);
      for (let v = 0; v < s.nv; v++) f.get(out).get(src).simdMem(SIMD.v128_load, 16 * v).simdMem(SIMD.v128_store, 16 * v);
      f.get(out).get(stripBytes).op(OP.i32_add).set(out);
    });
    f.get(full).get(j1).op(OP.i32_lt_s).if(() => {
      const last = f.local(I32);
      f.get(j1).get(full).op(OP.i32_sub).set(last);
      const nrL = f.local(I32);
      f.i32(nr).set(nrL);
      forRange(f, q, () => f.i32(0), nrL, 1, () => {
        f.get(out).get(q).i32(3).op(OP.i32_shl).op(OP.i32_add).set(src);
        f.get(q).get(last).op(OP.i32_lt_s).if(
          () => {
            f.get(full).get(q).op(OP.i32_add).set(j);
            f.get(src);
            entryAddress(f, g, row, j);
            f.mem(OP.f64_load).mem(OP.f64_store);
          },
          () => f.get(src).f64(0).mem(OP.f64_store),
        );
      });
    });
  });
  return f;
}

/**
 * packA(row0, rows, piv0, kb, dst, flags): the (negated) multipliers of rows row0..row0+rows-1
 * for the pivots piv0..piv0+kb-1, found in the pivot columns, as strips of MR rows, each kb x MR
 * contiguous; flags[strip] = 0 when the strip is all zero.
 */
function packA(s: KernelShape): FunctionBuilder {
  const f = new FunctionBuilder('packA', [I32, I32, I32, I32, I32, I32], []);
  const [row0, rows, piv0, kb, dst, flags] = [0, 1, 2, 3, 4, 5].map((i) => f.param(i)) as [Local, Local, Local, Local, Local, Local];
  const g = geometry(f);
  const pivots = f.local(I32);
  f.i32(0).mem(OP.i32_load, PARAM.pivotCols).get(piv0).i32(2).op(OP.i32_shl).op(OP.i32_add).set(pivots);
  const first = f.local(I32), contiguous = f.local(I32);
  f.get(pivots).get(kb).i32(1).op(OP.i32_sub).i32(2).op(OP.i32_shl).op(OP.i32_add).mem(OP.i32_load).get(pivots).mem(OP.i32_load).op(OP.i32_sub).get(kb).i32(1).op(OP.i32_sub).op(OP.i32_eq).set(contiguous);
  const strips = f.local(I32), r = f.local(I32), t = f.local(I32), row = f.local(I32), rowAddr = f.local(I32), out = f.local(I32), x = f.local(F64), nz = f.local(I32), total = f.local(I32), strip = f.local(I32);
  f.get(rows).i32(s.mr - 1).op(OP.i32_add).i32(s.mr).op(OP.i32_div_s).tee(strips).i32(s.mr).op(OP.i32_mul).set(total);
  forRange(f, strip, () => f.i32(0), strips, 1, () => {
    f.get(flags).get(strip).i32(2).op(OP.i32_shl).op(OP.i32_add).i32(0).mem(OP.i32_store);
  });
  forRange(f, r, () => f.i32(0), total, 1, () => {
    f.get(r).i32(s.mr).op(OP.i32_div_s).set(strip);
    // out = dst + ((strip * kb) * MR + r % MR) * 8
    f.get(dst).get(strip).get(kb).op(OP.i32_mul).i32(s.mr).op(OP.i32_mul).get(r).get(strip).i32(s.mr).op(OP.i32_mul).op(OP.i32_sub).op(OP.i32_add).i32(3).op(OP.i32_shl).op(OP.i32_add).set(out);
    f.get(r).get(rows).op(OP.i32_lt_s).if(
      () => {
        f.get(row0).get(r).op(OP.i32_add).set(row);
        // With contiguous pivot columns the row's multipliers are read in a run from the first.
        f.get(pivots).mem(OP.i32_load).set(first);
        entryAddress(f, g, row, first);
        f.set(rowAddr);
        f.i32(0).set(nz);
        forRange(f, t, () => f.i32(0), kb, 1, () => {
          f.get(contiguous).if(
            () => f.get(rowAddr).get(t).i32(3).op(OP.i32_shl).op(OP.i32_add).mem(OP.f64_load).set(x),
            () => f.get(g.base).get(row).get(g.n).op(OP.i32_mul).get(pivots).get(t).i32(2).op(OP.i32_shl).op(OP.i32_add).mem(OP.i32_load).op(OP.i32_add).i32(3).op(OP.i32_shl).op(OP.i32_add).mem(OP.f64_load).set(x),
          );
          f.get(out).get(x).mem(OP.f64_store);
          f.get(nz).get(x).f64(0).op(OP.f64_ne).op(OP.i32_or).set(nz);
          f.get(out).i32(s.mr * 8).op(OP.i32_add).set(out);
        });
        f.get(nz).if(() => {
          f.get(flags).get(strip).i32(2).op(OP.i32_shl).op(OP.i32_add).i32(1).mem(OP.i32_store);
        });
      },
      () => {
        forRange(f, t, () => f.i32(0), kb, 1, () => {
          f.get(out).f64(0).mem(OP.f64_store);
          f.get(out).i32(s.mr * 8).op(OP.i32_add).set(out);
        });
      },
    );
  });
  return f;
}

/**
 * gemm(thread, rowStart, rowEnd, piv0, k, j0, j1): rows [rowStart, rowEnd) of columns [j0, j1)
 * minus the product of their multipliers for pivots piv0..piv0+k-1 and those pivot rows, mod p.
 */
function gemm(s: KernelShape): FunctionBuilder {
  const nr = 2 * s.nv;
  const lay = scratchLayout(s);
  const f = new FunctionBuilder('gemm', [I32, I32, I32, I32, I32, I32, I32], []);
  const [thread, rowStart, rowEnd, piv0, k, j0, j1] = [0, 1, 2, 3, 4, 5, 6].map((i) => f.param(i)) as [Local, Local, Local, Local, Local, Local, Local];
  f.get(rowStart).get(rowEnd).op(OP.i32_ge_s).get(k).op(OP.i32_eqz).op(OP.i32_or).get(j0).get(j1).op(OP.i32_ge_s).op(OP.i32_or).if(() => f.op(OP.return));
  const g = geometry(f);
  const scratch = f.local(I32), kc = f.local(I32), pc = f.local(I32), kb = f.local(I32), ic = f.local(I32), ib = f.local(I32);
  const ir = f.local(I32), jr = f.local(I32), strips = f.local(I32), cstrips = f.local(I32), rowsIn = f.local(I32), colsIn = f.local(I32), cAddr = f.local(I32), apS = f.local(I32), bpS = f.local(I32), ldc = f.local(I32), width = f.local(I32), row = f.local(I32), col = f.local(I32);
  f.i32(0).mem(OP.i32_load, PARAM.scratch).get(thread).i32(0).mem(OP.i32_load, PARAM.scratchStride).op(OP.i32_mul).op(OP.i32_add).set(scratch);
  f.i32(0).mem(OP.i32_load, PARAM.kc).set(kc);
  f.get(g.n).i32(3).op(OP.i32_shl).set(ldc);
  f.get(j1).get(j0).op(OP.i32_sub).tee(width).i32(nr - 1).op(OP.i32_add).i32(nr).op(OP.i32_div_s).set(cstrips);
  forRange(f, pc, () => f.i32(0), k, 0, () => {
    // kb = min(kc, k - pc)
    f.get(k).get(pc).op(OP.i32_sub).tee(kb).get(kc).get(kb).get(kc).op(OP.i32_lt_s).op(OP.select).set(kb);
    f.get(piv0).get(pc).op(OP.i32_add).get(kb).get(j0).get(j1).get(scratch).call(FN.packB);
    forRange(f, ic, () => f.get(rowStart), rowEnd, s.mc, () => {
      f.get(rowEnd).get(ic).op(OP.i32_sub).tee(ib).i32(s.mc).get(ib).i32(s.mc).op(OP.i32_lt_s).op(OP.select).set(ib);
      f.get(ic).get(ib).get(piv0).get(pc).op(OP.i32_add).get(kb).get(scratch).i32(lay.a).op(OP.i32_add).get(scratch).i32(lay.flags).op(OP.i32_add).call(FN.packA);
      f.get(ib).i32(s.mr - 1).op(OP.i32_add).i32(s.mr).op(OP.i32_div_s).set(strips);
      forRange(f, ir, () => f.i32(0), strips, 1, () => {
        f.get(scratch).i32(lay.flags).op(OP.i32_add).get(ir).i32(2).op(OP.i32_shl).op(OP.i32_add).mem(OP.i32_load).if(() => {
          f.get(ib).get(ir).i32(s.mr).op(OP.i32_mul).op(OP.i32_sub).tee(rowsIn).i32(s.mr).get(rowsIn).i32(s.mr).op(OP.i32_lt_s).op(OP.select).set(rowsIn);
          f.get(scratch).i32(lay.a).op(OP.i32_add).get(ir).get(kb).op(OP.i32_mul).i32(s.mr * 8).op(OP.i32_mul).op(OP.i32_add).set(apS);
          f.get(ic).get(ir).i32(s.mr).op(OP.i32_mul).op(OP.i32_add).set(row);
          forRange(f, jr, () => f.i32(0), cstrips, 1, () => {
            f.get(width).get(jr).i32(nr).op(OP.i32_mul).op(OP.i32_sub).tee(colsIn).i32(nr).get(colsIn).i32(nr).op(OP.i32_lt_s).op(OP.select).set(colsIn);
            f.get(scratch).get(jr).get(kb).op(OP.i32_mul).i32(nr * 8).op(OP.i32_mul).op(OP.i32_add).set(bpS);
            f.get(j0).get(jr).i32(nr).op(OP.i32_mul).op(OP.i32_add).set(col);
            entryAddress(f, g, row, col);
            f.set(cAddr);
            f.get(rowsIn).i32(s.mr).op(OP.i32_eq).get(colsIn).i32(nr).op(OP.i32_eq).op(OP.i32_and).if(
              () => f.get(apS).get(bpS).get(cAddr).get(ldc).get(kb).call(FN.micro),
              () => f.get(apS).get(bpS).get(cAddr).get(ldc).get(rowsIn).get(colsIn).get(kb).get(scratch).i32(lay.tile).op(OP.i32_add).call(FN.edge),
            );
          });
        });
      });
    });
    f.get(pc).get(kb).op(OP.i32_add).set(pc);
  });
  return f;
}

/** rowAxpy(dst, src, count, coef): dst[0..count) += coef * src[0..count) (no reduction). */
function rowAxpy(): FunctionBuilder {
  const f = new FunctionBuilder('rowAxpy', [I32, I32, I32, F64], []);
  const [dst, src, count, coef] = [0, 1, 2, 3].map((i) => f.param(i)) as [Local, Local, Local, Local];
  const cv = f.local(V128), end = f.local(I32), pairEnd = f.local(I32);
  f.get(coef).simd(SIMD.f64x2_splat).set(cv);
  f.get(dst).get(count).i32(3).op(OP.i32_shl).op(OP.i32_add).set(end);
  f.get(dst).get(count).i32(-2).op(OP.i32_and).i32(3).op(OP.i32_shl).op(OP.i32_add).set(pairEnd);
  f.block((exit) => {
    f.loop((top) => {
      f.get(dst).get(pairEnd).op(OP.i32_ge_u).brIf(exit);
      f.get(dst).get(dst).simdMem(SIMD.v128_load).get(cv).get(src).simdMem(SIMD.v128_load).simd(SIMD.f64x2_mul).simd(SIMD.f64x2_add).simdMem(SIMD.v128_store);
      f.get(dst).i32(16).op(OP.i32_add).set(dst);
      f.get(src).i32(16).op(OP.i32_add).set(src);
      f.br(top);
    });
  });
  f.get(dst).get(end).op(OP.i32_lt_u).if(() => {
    f.get(dst).get(dst).mem(OP.f64_load).get(coef).get(src).mem(OP.f64_load).op(OP.f64_mul).op(OP.f64_add).mem(OP.f64_store);
  });
  return f;
}

/** rowReduce(dst, count): dst[0..count) mod p in place. */
function rowReduce(): FunctionBuilder {
  const f = new FunctionBuilder('rowReduce', [I32, I32], []);
  const [dst, count] = [0, 1].map((i) => f.param(i)) as [Local, Local];
  const pv = f.local(V128), pinvv = f.local(V128), zero = f.local(V128), tmp = f.local(V128), x = f.local(V128);
  const p = f.local(F64), pinv = f.local(F64), xs = f.local(F64), ts = f.local(F64), end = f.local(I32), pairEnd = f.local(I32);
  f.i32(0).mem(OP.f64_load, PARAM.p).tee(p).simd(SIMD.f64x2_splat).set(pv);
  f.i32(0).mem(OP.f64_load, PARAM.pinv).tee(pinv).simd(SIMD.f64x2_splat).set(pinvv);
  f.get(dst).get(count).i32(3).op(OP.i32_shl).op(OP.i32_add).set(end);
  f.get(dst).get(count).i32(-2).op(OP.i32_and).i32(3).op(OP.i32_shl).op(OP.i32_add).set(pairEnd);
  f.block((exit) => {
    f.loop((top) => {
      f.get(dst).get(pairEnd).op(OP.i32_ge_u).brIf(exit);
      f.get(dst).simdMem(SIMD.v128_load).set(x);
      f.get(dst);
      reduceVector(f, x, pv, pinvv, zero, tmp);
      f.simdMem(SIMD.v128_store);
      f.get(dst).i32(16).op(OP.i32_add).set(dst);
      f.br(top);
    });
  });
  f.get(dst).get(end).op(OP.i32_lt_u).if(() => {
    f.get(dst).mem(OP.f64_load).set(xs);
    f.get(dst);
    reduceScalar(f, xs, p, pinv, ts);
    f.mem(OP.f64_store);
  });
  return f;
}

/**
 * trsm(thread, r0, k, j0, j1): the pivot rows r0..r0+k-1 on columns [j0, j1) become
 * L11^-1 times themselves (L11 unit lower triangular, its entries the multipliers in the pivot
 * columns). Halves recursively, the off-diagonal block being a product (gemm); at most
 * `trsmBase` rows are solved directly, row by row with delayed reduction.
 */
function trsm(s: KernelShape): FunctionBuilder {
  const f = new FunctionBuilder('trsm', [I32, I32, I32, I32, I32], []);
  const [thread, r0, k, j0, j1] = [0, 1, 2, 3, 4].map((i) => f.param(i)) as [Local, Local, Local, Local, Local];
  f.get(k).i32(2).op(OP.i32_lt_s).if(() => f.op(OP.return));
  f.get(k).i32(s.trsmBase).op(OP.i32_gt_s).if(() => {
    const h = f.local(I32);
    f.get(k).i32(1).op(OP.i32_shr_s).set(h);
    f.get(thread).get(r0).get(h).get(j0).get(j1).call(FN.trsm);
    f.get(thread).get(r0).get(h).op(OP.i32_add).get(r0).get(k).op(OP.i32_add).get(r0).get(h).get(j0).get(j1).call(FN.gemm);
    f.get(thread).get(r0).get(h).op(OP.i32_add).get(k).get(h).op(OP.i32_sub).get(j0).get(j1).call(FN.trsm);
    f.op(OP.return);
  });
  const g = geometry(f);
  const maxAcc = f.local(I32), sIdx = f.local(I32), t = f.local(I32), row = f.local(I32), prow = f.local(I32), dst = f.local(I32), count = f.local(I32), acc = f.local(I32), l = f.local(F64), pivots = f.local(I32), pcol = f.local(I32);
  f.i32(0).mem(OP.i32_load, PARAM.maxAcc).set(maxAcc);
  f.i32(0).mem(OP.i32_load, PARAM.pivotCols).get(r0).i32(2).op(OP.i32_shl).op(OP.i32_add).set(pivots);
  f.get(j1).get(j0).op(OP.i32_sub).set(count);
  forRange(f, sIdx, () => f.i32(1), k, 1, () => {
    f.get(r0).get(sIdx).op(OP.i32_add).set(row);
    entryAddress(f, g, row, j0);
    f.set(dst);
    f.i32(0).set(acc);
    forRange(f, t, () => f.i32(0), sIdx, 1, () => {
      f.get(pivots).get(t).i32(2).op(OP.i32_shl).op(OP.i32_add).mem(OP.i32_load).set(pcol);
      entryAddress(f, g, row, pcol);
      f.mem(OP.f64_load).tee(l).f64(0).op(OP.f64_ne).if(() => {
        f.get(acc).get(maxAcc).op(OP.i32_ge_s).if(() => {
          f.get(dst).get(count).call(FN.rowReduce);
          f.i32(0).set(acc);
        });
        f.get(r0).get(t).op(OP.i32_add).set(prow);
        f.get(dst);
        entryAddress(f, g, prow, j0);
        f.get(count).get(l).call(FN.rowAxpy);
        f.get(acc).i32(1).op(OP.i32_add).set(acc);
      });
    });
    f.get(acc).if(() => f.get(dst).get(count).call(FN.rowReduce));
  });
  return f;
}

/** update(chunk, thread, r0, k): see the module comment; the chunk's columns are [bounds[chunk], bounds[chunk + 1]). */
function update(): FunctionBuilder {
  const f = new FunctionBuilder('update', [I32, I32, I32, I32], []);
  const [chunk, thread, r0, k] = [0, 1, 2, 3].map((i) => f.param(i)) as [Local, Local, Local, Local];
  const j0 = f.local(I32), j1 = f.local(I32), at = f.local(I32);
  f.i32(0).mem(OP.i32_load, PARAM.chunkBounds).get(chunk).i32(2).op(OP.i32_shl).op(OP.i32_add).tee(at).mem(OP.i32_load).set(j0);
  f.get(at).mem(OP.i32_load, 4).set(j1);
  f.get(j0).get(j1).op(OP.i32_ge_s).if(() => f.op(OP.return));
  f.get(thread).get(r0).get(k).get(j0).get(j1).call(FN.trsm);
  f.get(thread).get(r0).get(k).op(OP.i32_add).i32(0).mem(OP.i32_load, PARAM.m).get(r0).get(k).get(j0).get(j1).call(FN.gemm);
  return f;
}

/**
 * factor(r0, c0, c1) -> k: Gaussian elimination of the columns [c0, c1) over the rows r0..m-1.
 * The pivot of a column is the first row (in the current order) with a nonzero entry; it is
 * swapped, as a whole row, into place. Multipliers l = a / pivot are stored, negated (p - l),
 * where the eliminated entries were. The block's columns right of the pivot receive the products unreduced (at most
 * `maxAcc` pivots between reductions); an entry is reduced when it is read as a pivot candidate,
 * as a multiplier's numerator or as part of a pivot row, so the block leaves reduced.
 */
function factor(): FunctionBuilder {
  const f = new FunctionBuilder('factor', [I32, I32, I32], [I32]);
  const [r0, c0, c1] = [0, 1, 2].map((i) => f.param(i)) as [Local, Local, Local];
  const g = geometry(f);
  const rank = f.local(I32), c = f.local(I32), i = f.local(I32), addr = f.local(I32), stride = f.local(I32), found = f.local(I32);
  const prow = f.local(I32), irow = f.local(I32), j = f.local(I32), cnt = f.local(I32), perm = f.local(I32), x = f.local(I32);
  const maxAcc = f.local(I32), acc = f.local(I32);
  const inv = f.local(F64), v = f.local(F64), tmp = f.local(F64), xs = f.local(F64);
  f.i32(0).mem(OP.i32_load, PARAM.perm).set(perm);
  f.i32(0).mem(OP.i32_load, PARAM.maxAcc).set(maxAcc);
  f.get(g.n).i32(3).op(OP.i32_shl).set(stride);
  f.get(r0).set(rank);
  f.get(c0).set(c);
  f.block((done) => {
    f.loop((nextCol) => {
      f.get(c).get(c1).op(OP.i32_ge_s).brIf(done);
      f.get(rank).get(g.m).op(OP.i32_ge_s).brIf(done);
      // Pivot search down column c, reducing each entry read.
      f.i32(-1).set(found);
      f.get(rank).set(i);
      entryAddress(f, g, rank, c);
      f.set(addr);
      f.block((exit) => {
        f.loop((top) => {
          f.get(i).get(g.m).op(OP.i32_ge_s).brIf(exit);
          f.get(addr).mem(OP.f64_load).set(v);
          f.get(addr);
          reduceScalar(f, v, g.p, g.pinv, tmp);
          f.tee(v).mem(OP.f64_store);
          f.get(v).f64(0).op(OP.f64_ne).if(() => {
            f.get(i).set(found);
            f.br(exit);
          });
          f.get(i).i32(1).op(OP.i32_add).set(i);
          f.get(addr).get(stride).op(OP.i32_add).set(addr);
          f.br(top);
        });
      });
      f.get(found).i32(0).op(OP.i32_ge_s).if(() => {
        // Swap rows found and rank (whole rows) and their permutation entries.
        f.get(found).get(rank).op(OP.i32_ne).if(() => {
          const zc = f.local(I32);
          f.i32(0).set(zc);
          entryAddress(f, g, found, zc);
          f.set(irow);
          entryAddress(f, g, rank, zc);
          f.set(prow);
          forRange(f, j, () => f.i32(0), g.n, 1, () => {
            f.get(irow).mem(OP.f64_load).set(xs);
            f.get(irow).get(prow).mem(OP.f64_load).mem(OP.f64_store);
            f.get(prow).get(xs).mem(OP.f64_store);
            f.get(irow).i32(8).op(OP.i32_add).set(irow);
            f.get(prow).i32(8).op(OP.i32_add).set(prow);
          });
          f.get(perm).get(found).i32(2).op(OP.i32_shl).op(OP.i32_add).mem(OP.i32_load).set(x);
          f.get(perm).get(found).i32(2).op(OP.i32_shl).op(OP.i32_add).get(perm).get(rank).i32(2).op(OP.i32_shl).op(OP.i32_add).mem(OP.i32_load).mem(OP.i32_store);
          f.get(perm).get(rank).i32(2).op(OP.i32_shl).op(OP.i32_add).get(x).mem(OP.i32_store);
        });
        entryAddress(f, g, rank, c);
        f.set(prow);
        f.get(c1).get(c).op(OP.i32_sub).i32(1).op(OP.i32_sub).set(cnt);
        // The pivot row right of the pivot is a multiplicand from now on: reduce it.
        f.get(prow).i32(8).op(OP.i32_add).get(cnt).call(FN.rowReduce);
        f.get(prow).mem(OP.f64_load).op(OP.i32_trunc_f64_s).get(g.p).op(OP.i32_trunc_f64_s).call(FN.invmod).op(OP.f64_convert_i32_s).set(inv);
        // Keep the block's sums below the bound: reduce the rows below once maxAcc pivots were added.
        f.get(acc).get(maxAcc).op(OP.i32_ge_s).if(() => {
          forRange(f, i, () => f.get(rank).i32(1).op(OP.i32_add), g.m, 1, () => {
            entryAddress(f, g, i, c);
            f.i32(8).op(OP.i32_add).get(cnt).call(FN.rowReduce);
          });
          f.i32(0).set(acc);
        });
        forRange(f, i, () => f.get(rank).i32(1).op(OP.i32_add), g.m, 1, () => {
          entryAddress(f, g, i, c);
          f.tee(irow).mem(OP.f64_load).set(v);
          reduceScalar(f, v, g.p, g.pinv, tmp);
          f.tee(v).f64(0).op(OP.f64_ne).if(
            () => {
              f.get(v).get(inv).op(OP.f64_mul).set(v);
              // l != 0 (v and the inverse are units), so p - l is in [1, p).
              reduceScalar(f, v, g.p, g.pinv, tmp);
              f.set(v);
              f.get(irow).get(g.p).get(v).op(OP.f64_sub).tee(v).mem(OP.f64_store);
              f.get(irow).i32(8).op(OP.i32_add).get(prow).i32(8).op(OP.i32_add).get(cnt).get(v).call(FN.rowAxpy);
            },
            () => f.get(irow).f64(0).mem(OP.f64_store),
          );
        });
        f.get(acc).i32(1).op(OP.i32_add).set(acc);
        f.i32(0).mem(OP.i32_load, PARAM.pivotCols).get(rank).i32(2).op(OP.i32_shl).op(OP.i32_add).get(c).mem(OP.i32_store);
        f.get(rank).i32(1).op(OP.i32_add).set(rank);
      });
      f.get(c).i32(1).op(OP.i32_add).set(c);
      f.br(nextCol);
    });
  });
  f.get(rank).get(r0).op(OP.i32_sub);
  return f;
}

/** check(address, count) -> i32: the index of the first entry that is not an integer in [0, p), or -1. */
function check(): FunctionBuilder {
  const f = new FunctionBuilder('check', [I32, I32], [I32]);
  const [address, count] = [0, 1].map((i) => f.param(i)) as [Local, Local];
  const i = f.local(I32), x = f.local(F64), p = f.local(F64);
  f.i32(0).mem(OP.f64_load, PARAM.p).set(p);
  forRange(f, i, () => f.i32(0), count, 1, () => {
    f.get(address).get(i).i32(3).op(OP.i32_shl).op(OP.i32_add).mem(OP.f64_load).set(x);
    // NaN fails every comparison, so it is caught by the first test.
    f.get(x).f64(0).op(OP.f64_ge).get(x).get(p).op(OP.f64_lt).op(OP.i32_and).get(x).op(OP.f64_floor).get(x).op(OP.f64_eq).op(OP.i32_and).op(OP.i32_eqz).if(() => {
      f.get(i).op(OP.return);
    });
  });
  f.i32(-1);
  return f;
}

/**
 * reduceIntegers(address, count) -> i32: every entry x mod p in place, for integers |x| < 2^52
 * (then q = floor(x / p) estimated in floating point is off by at most one and q p is exact);
 * returns the index of the first entry that is not such an integer (NaN included), or -1.
 */
function reduceIntegers(): FunctionBuilder {
  const f = new FunctionBuilder('reduceIntegers', [I32, I32], [I32]);
  const [address, count] = [0, 1].map((i) => f.param(i)) as [Local, Local];
  const i = f.local(I32), at = f.local(I32), x = f.local(F64), p = f.local(F64), pinv = f.local(F64), tmp = f.local(F64);
  f.i32(0).mem(OP.f64_load, PARAM.p).set(p);
  f.i32(0).mem(OP.f64_load, PARAM.pinv).set(pinv);
  forRange(f, i, () => f.i32(0), count, 1, () => {
    f.get(address).get(i).i32(3).op(OP.i32_shl).op(OP.i32_add).tee(at).mem(OP.f64_load).set(x);
    f.get(x).op(OP.f64_floor).get(x).op(OP.f64_eq).get(x).f64(-(2 ** 52)).op(OP.f64_gt).op(OP.i32_and).get(x).f64(2 ** 52).op(OP.f64_lt).op(OP.i32_and).op(OP.i32_eqz).if(() => {
      f.get(i).op(OP.return);
    });
    f.get(at);
    reduceScalar(f, x, p, pinv, tmp);
    f.mem(OP.f64_store);
  });
  f.i32(-1);
  return f;
}

/** The module's bytes for a kernel shape, importing a shared memory of at most `maxPages`. */
export function modpModuleBytes(shape: KernelShape, maxPages = MAX_PAGES): Uint8Array {
  if (shape.mc % shape.mr !== 0) throw new RangeError(`modp kernels: the row block ${shape.mc} must be a multiple of the tile's ${shape.mr} rows`);
  if (shape.ncMax % (2 * shape.nv) !== 0) throw new RangeError(`modp kernels: the column chunk ${shape.ncMax} must be a multiple of the tile's ${2 * shape.nv} columns`);
  const functions = [invmod(), micro(shape), edge(shape), packB(shape), packA(shape), gemm(shape), trsm(shape), update(), factor(), rowAxpy(), rowReduce(), check(), reduceIntegers()];
  functions.forEach((fn, i) => {
    const expected = Object.entries(FN).find(([, idx]) => idx === i)?.[0];
    if (fn.name !== expected) throw new Error(`modp kernels: function ${i} is ${fn.name}, expected ${expected}`);
  });
  return emitModule({ memory: { minPages: 1, maxPages, shared: true }, functions });
}

/** The text of src/rank/modpWasm.ts for the default shape. */
export function modpWasmSource(shape: KernelShape): string {
  const b64 = Buffer.from(modpModuleBytes(shape)).toString('base64');
  const lines = b64.match(/.{1,100}/g) ?? [];
  return [
    '/**',
    ' * The modular elimination\'s WebAssembly module (base64), generated by src/rank/modpKernels.ts for',
    ` * the shape ${JSON.stringify(shape)}.`,
    ' * Do not edit: regenerate with `npm run wasm:update` (test/rank/modpKernels.test.ts checks it).',
    ' *',
    ' * @packageDocumentation',
    ' */',
    'export const MODP_WASM_BASE64 =',
    lines.map((l) => `  '${l}'`).join(' +\n') + ';',
    '',
  ].join('\n');
}
