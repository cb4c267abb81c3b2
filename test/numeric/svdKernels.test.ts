/**
 * The float SVD's WebAssembly kernels (src/numeric/svdKernels.ts): src/numeric/svdWasm.ts holds
 * exactly the bytes the generator gives now (regenerate: npm run wasm:update), and one step of
 * each kernel, for every group size the generator takes, does what the textbook step does: a
 * plain scalar loop over one row at a time, written here from the formulas. Steps are taken at
 * every column parity, with odd and even row lengths, misaligned arrays, and row counts that
 * leave every remainder after the groups.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/exact/prng.js';
import { GROUP_ROWS, svdModuleBytes, svdWasmSource } from '../../src/numeric/svdKernels.js';
import { SVD_WASM_BASE64 } from '../../src/numeric/svdWasm.js';
import { exportedFunction, PAGE_BYTES, wasmApi } from '../../src/wasm/api.js';

/**
 * Agreement asked of a kernel step with the reference, relative to the largest entry: the dot
 * products with u are summed in two halves (one per SIMD lane), so the results differ by rounding,
 * a few eps times the row length; 1e-13 leaves room for n = 70 with a wide margin.
 */
const STEP_AGREE = 1e-13;
const PAGES = 4;

interface Step {
  readonly n: number;
  readonly m: number;
  readonly k: number;
  readonly i0: number;
}

/** The reference: step k of the bidiagonalisation on rows i0..m-1, row by row (see the kernel's contract). */
function bidiagonalStepReference(a: Float64Array, { n, m, k, i0 }: Step, w: Float64Array, u: Float64Array, zNext: Float64Array): number {
  let norm2 = 0;
  for (let i = i0; i < m; i++) {
    const row = i * n;
    const v = a[row + k] as number;
    let s = 0;
    for (let j = k + 1; j < n; j++) {
      a[row + j] = (a[row + j] as number) - v * (w[j] as number);
      s += (a[row + j] as number) * (u[j] as number);
    }
    const b = (u[k] as number) * s;
    for (let j = k + 1; j < n; j++) a[row + j] = (a[row + j] as number) - b * (u[j] as number);
    const c = a[row + k + 1] as number;
    for (let j = k + 2; j < n; j++) zNext[j] = (zNext[j] as number) + c * (a[row + j] as number);
    norm2 += c * c;
  }
  return norm2;
}

/** The reference: step k of the Householder QR on rows i0..m-1. */
function qrStepReference(a: Float64Array, { n, m, k, i0 }: Step, w: Float64Array, zNext: Float64Array): number {
  let norm2 = 0;
  for (let i = i0; i < m; i++) {
    const row = i * n;
    const v = a[row + k] as number;
    for (let j = k + 1; j < n; j++) a[row + j] = (a[row + j] as number) - v * (w[j] as number);
    const c = a[row + k + 1] as number;
    for (let j = k + 2; j < n; j++) zNext[j] = (zNext[j] as number) + c * (a[row + j] as number);
    norm2 += c * c;
  }
  return norm2;
}

function maxAbsDiff(x: Float64Array, y: Float64Array): number {
  let d = 0;
  for (let i = 0; i < x.length; i++) d = Math.max(d, Math.abs((x[i] as number) - (y[i] as number)));
  return d;
}

const instances = new Map<number, { memory: { buffer: ArrayBuffer }; bidiagonalRows: (...args: number[]) => number; qrRows: (...args: number[]) => number }>();

/** The kernels of a module with groups of `rows`, instantiated once per size on a PAGES memory. */
function kernelsOf(rows: number): { memory: { buffer: ArrayBuffer }; bidiagonalRows: (...args: number[]) => number; qrRows: (...args: number[]) => number } {
  let k = instances.get(rows);
  if (!k) {
    const memory = new wasmApi.Memory({ initial: PAGES, maximum: PAGES, shared: false });
    const instance = new wasmApi.Instance(new wasmApi.Module(svdModuleBytes(rows, PAGES)), { env: { memory } });
    k = { memory, bidiagonalRows: exportedFunction(instance, 'bidiagonalRows'), qrRows: exportedFunction(instance, 'qrRows') };
    instances.set(rows, k);
  }
  return k;
}

/**
 * Runs one step of both kernels of a module (groups of `rows`) and the references on the same
 * random data, at byte offsets shifted by `shift` (0 or 8: 16-byte aligned or not), and returns
 * the largest difference relative to the largest entry.
 */
function kernelVersusReference(rows: number, step: Step, shift: number, seed: number): number {
  const { n, m, k, i0 } = step;
  const { memory, bidiagonalRows, qrRows } = kernelsOf(rows);
  const rng = createRng(seed);
  const random = (len: number): Float64Array => Float64Array.from({ length: len }, () => 2 * rng.unit() - 1);
  const a0 = random(m * n);
  const w = random(n);
  const u = random(n);
  const z0 = random(n);
  // Layout: w, u, zNext, then the matrix, each starting `shift` bytes past a 16-byte boundary.
  const slot = 16 * Math.ceil(n / 2) + 16;
  const [wAt, uAt, zAt, aAt] = [0, 1, 2, 3].map((i) => i * slot + shift) as [number, number, number, number];
  const view = (at: number, len: number): Float64Array => new Float64Array(memory.buffer, at, len);
  expect(aAt + 8 * m * n).toBeLessThan(PAGES * PAGE_BYTES);
  let worst = 0;
  for (const kind of ['bidiagonal', 'qr'] as const) {
    view(wAt, n).set(w);
    view(uAt, n).set(u);
    view(zAt, n).set(z0);
    view(aAt, m * n).set(a0);
    const a = Float64Array.from(a0);
    const z = Float64Array.from(z0);
    const want = kind === 'bidiagonal' ? bidiagonalStepReference(a, step, w, u, z) : qrStepReference(a, step, w, z);
    const got = kind === 'bidiagonal' ? bidiagonalRows(aAt, n, k, i0, m, wAt, uAt, zAt) : qrRows(aAt, n, k, i0, m, wAt, zAt);
    let scale = 1;
    for (const x of a) scale = Math.max(scale, Math.abs(x));
    for (const x of z) scale = Math.max(scale, Math.abs(x));
    worst = Math.max(worst, maxAbsDiff(view(aAt, m * n), a) / scale, maxAbsDiff(view(zAt, n), z) / (scale * scale), Math.abs(got - want) / Math.max(1, want));
  }
  return worst;
}

describe('committed WebAssembly module', () => {
  it('src/numeric/svdWasm.ts is current (update: npm run wasm:update)', () => {
    expect(readFileSync(join(process.cwd(), 'src', 'numeric', 'svdWasm.ts'), 'utf8')).toBe(svdWasmSource());
    expect(new Uint8Array(Buffer.from(SVD_WASM_BASE64, 'base64'))).toEqual(svdModuleBytes());
  });

  it('the generator validates for other group sizes and refuses a group of no rows', () => {
    for (const rows of [1, 2, 3, 4, 6, 8]) expect(wasmApi.validate(svdModuleBytes(rows))).toBe(true);
    expect(() => svdModuleBytes(0)).toThrow(/positive integer/);
    expect(() => svdModuleBytes(2.5)).toThrow(/positive integer/);
  });
});

describe('one kernel step against the textbook step', () => {
  const groups = [...new Set([1, 2, 3, GROUP_ROWS, 6])];
  for (const rows of groups) {
    it(`groups of ${rows}: every column parity, odd and even rows, every row remainder, aligned or not`, () => {
      let seed = rows * 1000;
      for (const n of [2, 3, 8, 9, 40, 41]) {
        for (const k of [...new Set([0, 1, Math.floor(n / 2), n - 3, n - 2])].filter((x) => x >= 0 && x <= n - 2)) {
          for (const extra of [0, 1, 2, 3, 4, 5, 6, 7, 9]) {
            const m = k + 1 + extra;
            for (const shift of [0, 8]) expect(kernelVersusReference(rows, { n, m, k, i0: k + 1 }, shift, seed++)).toBeLessThan(STEP_AGREE);
          }
        }
      }
    });
  }

  it('the comparison can fail: a step on other rows than asked is caught', () => {
    // Kernel and reference given different first rows: the matrices differ by O(1).
    const step = { n: 20, m: 30, k: 3, i0: 4 };
    const { memory, qrRows } = kernelsOf(GROUP_ROWS);
    const rng = createRng(3);
    const a0 = Float64Array.from({ length: step.m * step.n }, () => 2 * rng.unit() - 1);
    const w = Float64Array.from({ length: step.n }, () => 2 * rng.unit() - 1);
    const buf = new Float64Array(memory.buffer);
    buf.set(w, 0);
    buf.set(a0, 2 * step.n);
    qrRows(16 * step.n, step.n, step.k, step.i0 + 1, step.m, 0, 8 * step.n);
    const a = Float64Array.from(a0);
    qrStepReference(a, step, w, new Float64Array(step.n));
    expect(maxAbsDiff(buf.subarray(2 * step.n, 2 * step.n + step.m * step.n), a)).toBeGreaterThan(1e-3);
  });

  it('no rows below the step: nothing changes and the sum is 0', () => {
    const memory = new wasmApi.Memory({ initial: 1, maximum: 1, shared: false });
    const instance = new wasmApi.Instance(new wasmApi.Module(svdModuleBytes(GROUP_ROWS, 1)), { env: { memory } });
    const buf = new Float64Array(memory.buffer);
    buf.fill(0.5, 0, 64);
    const before = Float64Array.from(buf.subarray(0, 64));
    expect(exportedFunction(instance, 'bidiagonalRows')(192, 4, 1, 4, 4, 0, 64, 128)).toBe(0);
    expect(exportedFunction(instance, 'qrRows')(192, 4, 1, 4, 4, 0, 128)).toBe(0);
    expect(buf.subarray(0, 64)).toEqual(before);
  });
});
