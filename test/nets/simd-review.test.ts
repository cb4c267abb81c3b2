/**
 * Review tests of the f32x4 GEMM kernels of src/nets/simd.ts, generated with the shared emitter
 * since commit 0688907: each kernel against a scalar float32 model of the same arithmetic (sums
 * from +0, one rounded product and one rounded add per p in order, then C's old value added with
 * `accumulate`), bit for bit, on random shapes, byte offsets that are not 16-aligned, transposed
 * and padded strides; nothing outside the M x N block of C is written; and the memories
 * (initial = maximum, never grown) that the module imports.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simdGemmOn, wasmMemory } from '../../src/nets/simd.js';

const f32 = Math.fround;

/** C (+)= A B in float32 with the kernel's order of operations, on Float32Array views by byte address. */
function model(mem: Float32Array, M: number, N: number, P: number, a: number, aRow: number, aCol: number, b: number, bRow: number, c: number, cRow: number, accumulate: boolean): void {
  for (let i = 0; i < M; i++)
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let p = 0; p < P; p++) s = f32(s + f32((mem[(a + i * aRow + p * aCol) / 4] as number) * (mem[(b + p * bRow + j * 4) / 4] as number)));
      const at = (c + i * cRow + j * 4) / 4;
      mem[at] = accumulate ? f32((mem[at] as number) + s) : s;
    }
}

describe('the generated SIMD kernels equal the scalar float32 model bit for bit', () => {
  it('gemm4x4 and gemm4x8 on random shapes, offsets, strides (A transposed or not) and accumulate (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1, 2),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 11 }),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (w, m4, nBlocks, P, transA, accumulate, pad, seed) => {
          const M = 4 * m4;
          const N = 4 * w * nBlocks;
          // Strides and addresses in bytes; every address a multiple of 4 but not of 16.
          const aRow = transA ? 4 : 4 * (P + pad);
          const aCol = transA ? 4 * (M + pad) : 4;
          const bRow = 4 * (N + pad);
          const cRow = 4 * (N + ((pad * 3) % 5));
          const a = 4 * (1 + (seed % 3));
          const aSpan = transA ? aCol * P + 4 * M : aRow * M + 4 * P;
          const b = a + aSpan + 4 * (1 + (seed % 5));
          const c = b + bRow * P + 4 * N + 4 * (1 + (seed % 7));
          const end = c + cRow * M + 4 * N + 64;
          const memory = wasmMemory(end);
          const simd = simdGemmOn(memory);
          expect(simd).toBeDefined();
          const view = new Float32Array(memory.buffer);
          let s = seed >>> 0;
          const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), s / 2 ** 32);
          // Values of many magnitudes and both signs, with zeros and signed zeros (rounding in every add).
          for (let e = 0; e < end / 4; e++) {
            const u = rnd();
            view[e] = u < 0.05 ? 0 : u < 0.1 ? -0 : f32((rnd() - 0.5) * 2 ** Math.floor(rnd() * 40 - 20));
          }
          const expected = Float32Array.from(view.subarray(0, end / 4));
          model(expected, M, N, P, a, aRow, aCol, b, bRow, c, cRow, accumulate);
          const kernel = w === 1 ? simd!.gemm4x4 : simd!.gemm4x8;
          kernel(M, N, P, a, aRow, aCol, b, bRow, c, cRow, accumulate ? 1 : 0);
          const got = new Uint32Array(memory.buffer, 0, end / 4);
          const want = new Uint32Array(expected.buffer);
          for (let e = 0; e < end / 4; e++) if (got[e] !== want[e]) expect({ e, got: view[e], want: expected[e] }).toBeUndefined();
        },
      ),
      { numRuns: 300 },
    );
  });
  it('P = 0 stores zeros (or leaves C unchanged with accumulate); M = 0 or N = 0 writes nothing', () => {
    const memory = wasmMemory(4096);
    const simd = simdGemmOn(memory)!;
    const view = new Float32Array(memory.buffer);
    view.fill(1.5);
    simd.gemm4x8(4, 8, 0, 0, 32, 4, 256, 32, 1024, 32, 1);
    expect(Array.from(view.subarray(256, 256 + 32))).toEqual(new Array(32).fill(1.5));
    simd.gemm4x8(4, 8, 0, 0, 32, 4, 256, 32, 1024, 32, 0);
    expect(Array.from(view.subarray(256, 256 + 32))).toEqual(new Array(32).fill(0));
    view.fill(2.5);
    simd.gemm4x4(0, 4, 3, 0, 16, 4, 256, 16, 1024, 16, 0);
    simd.gemm4x4(4, 0, 3, 0, 16, 4, 256, 16, 1024, 16, 0);
    expect(view.every((x) => x === 2.5)).toBe(true);
  });
});

describe('wasmMemory: the memories the module imports', () => {
  it('rounds up to whole pages, cannot grow (maximum = initial), and refuses more than 2^32 bytes', () => {
    for (const [bytes, pages] of [[0, 1], [1, 1], [65536, 1], [65537, 2], [3 * 65536, 3]] as const) {
      const m = wasmMemory(bytes);
      expect(m.buffer.byteLength).toBe(pages * 65536);
      expect(() => m.grow(1)).toThrow();
      expect(simdGemmOn(m)).toBeDefined();
    }
    expect(() => wasmMemory(2 ** 32 + 1)).toThrow(RangeError);
  });
});
