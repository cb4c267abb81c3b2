/**
 * The WebAssembly emitter (src/wasm/emit.ts): LEB128 against the specification's examples, and
 * small modules that the runtime validates and runs (control flow with labels, memory, SIMD).
 */
import { describe, expect, it } from 'vitest';
import { exportedFunction, wasmApi } from '../../src/wasm/api.js';
import { emitModule, F64, FunctionBuilder, I32, OP, SIMD, sleb, uleb, V128 } from '../../src/wasm/emit.js';

function instantiate(functions: FunctionBuilder[], memory?: { pages: number }): { call: (name: string, ...args: number[]) => number; buffer: () => ArrayBuffer } {
  const bytes = emitModule({ functions, ...(memory ? { memory: { minPages: memory.pages, maxPages: memory.pages, shared: false } } : {}) });
  expect(wasmApi.validate(bytes)).toBe(true);
  const mem = memory ? new wasmApi.Memory({ initial: memory.pages, maximum: memory.pages, shared: false }) : undefined;
  const instance = new wasmApi.Instance(new wasmApi.Module(bytes), mem ? { env: { memory: mem } } : {});
  return { call: (name, ...args) => exportedFunction(instance, name)(...args), buffer: () => (mem as { buffer: ArrayBuffer }).buffer };
}

describe('LEB128', () => {
  it('encodes the specification examples and the edges of i32', () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(128)).toEqual([0x80, 0x01]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(uleb(0xffffffff)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-64)).toEqual([0x40]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb(-(2 ** 31))).toEqual([0x80, 0x80, 0x80, 0x80, 0x78]);
    expect(() => uleb(-1)).toThrow(RangeError);
    expect(() => sleb(2 ** 31)).toThrow(RangeError);
  });

  it('i32 constants round-trip through a module', () => {
    const values = [0, 1, -1, 63, 64, -64, -65, 8388593, -(2 ** 31), 2 ** 31 - 1];
    const fns = values.map((v, i) => {
      const f = new FunctionBuilder(`c${i}`, [], [I32]);
      f.i32(v);
      return f;
    });
    const m = instantiate(fns);
    values.forEach((v, i) => expect(m.call(`c${i}`)).toBe(v));
  });
});

describe('modules', () => {
  it('parameters, locals, loops with labels and calls', () => {
    const add = new FunctionBuilder('add', [I32, I32], [I32]);
    add.get(add.param(0)).get(add.param(1)).op(OP.i32_add);
    // sum(n) = 1 + 2 + ... + n, by a loop that calls add.
    const sum = new FunctionBuilder('sum', [I32], [I32]);
    const n = sum.param(0);
    const acc = sum.local(I32);
    sum.block((exit) => {
      sum.loop((top) => {
        sum.get(n).op(OP.i32_eqz).brIf(exit);
        sum.get(acc).get(n).call(0).set(acc);
        sum.get(n).i32(1).op(OP.i32_sub).set(n);
        sum.br(top);
      });
    });
    sum.get(acc);
    const m = instantiate([add, sum]);
    expect(m.call('add', 2, 40)).toBe(42);
    expect(m.call('sum', 100)).toBe(5050);
  });

  it('if / else, f64 arithmetic and memory', () => {
    const f = new FunctionBuilder('clamp', [F64], [F64]);
    const x = f.param(0);
    const out = f.local(F64);
    f.get(x).f64(0).op(OP.f64_lt).if(
      () => f.f64(0).set(out),
      () => f.get(x).op(OP.f64_floor).set(out),
    );
    f.i32(8).get(out).mem(OP.f64_store);
    f.i32(8).mem(OP.f64_load);
    const m = instantiate([f], { pages: 1 });
    expect(m.call('clamp', -3.5)).toBe(0);
    expect(m.call('clamp', 3.5)).toBe(3);
    expect(new Float64Array(m.buffer())[1]).toBe(3);
  });

  it('SIMD: f64x2 arithmetic, splat loads, lane extraction', () => {
    // dot2(addr) = sum over lanes of v[0..1] * splat(v[2]) + v[0..1]
    const f = new FunctionBuilder('dot2', [I32], [F64]);
    const a = f.param(0);
    const v = f.local(V128);
    f.get(a).simdMem(SIMD.v128_load).get(a).simdMem(SIMD.v128_load64_splat, 16).simd(SIMD.f64x2_mul).get(a).simdMem(SIMD.v128_load).simd(SIMD.f64x2_add).set(v);
    f.get(v).simdLane(SIMD.f64x2_extract_lane, 0).get(v).simdLane(SIMD.f64x2_extract_lane, 1).op(OP.f64_add);
    const m = instantiate([f], { pages: 1 });
    new Float64Array(m.buffer()).set([2, 5, 10], 4);
    expect(m.call('dot2', 32)).toBe(2 * 10 + 2 + 5 * 10 + 5);
  });

  it('rejects misuse while building', () => {
    const f = new FunctionBuilder('f', [I32], []);
    expect(() => f.param(1)).toThrow(RangeError);
    expect(() => f.mem(OP.i32_add)).toThrow(/not a memory instruction/);
  });
});
