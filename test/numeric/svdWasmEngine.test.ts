/**
 * The float SVD on its two engines (src/numeric/svdWasmEngine.ts: the reductions' row passes in
 * WebAssembly; svd.ts: the JavaScript reference loops): on matrices with known singular values
 * (clusters, zeros, tiny values; square, tall on both sides of the QR-first threshold, wide; odd
 * and even sides) both find the prescribed values, and they agree with each other; structured
 * inputs (zero rows and columns, rank one, constant, huge and tiny scales) and one memory reused
 * across shapes; the size rule of singularValues and its refusals.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/exact/prng.js';
import { preferredSvdEngine, singularValues, singularValuesWith, type SvdEngine } from '../../src/numeric/svd.js';
import { fitsWasm, wasmKernelsAvailable } from '../../src/numeric/svdWasmEngine.js';
import { descending, maxDiff, randomMatrix, spectra, withSingularValues } from '../support/svdMatrices.js';

/** Agreement with the prescribed values, relative to sigma_max (as in svd.test.ts). */
const AGREE = 1e-13;
/**
 * Agreement of the two engines, relative to sigma_max. Both reductions are backward stable, each
 * value within a small multiple of eps * sigma_max * (rows) of the truth; measured differences are
 * 1e-15 to 6e-15 up to 300 x 300, so 1e-13 is the bound of the task with room to spare.
 */
const ENGINES_AGREE = 1e-13;
const ENGINES: readonly SvdEngine[] = ['js', 'wasm'];

function bothEngines(a: ArrayLike<number>, rows: number, cols: number): { js: Float64Array; wasm: Float64Array } {
  return { js: singularValuesWith(a, rows, cols, 'js'), wasm: singularValuesWith(a, rows, cols, 'wasm') };
}

describe('the runtime', () => {
  it('Node >= 20 runs the kernels (WebAssembly SIMD)', () => {
    expect(wasmKernelsAvailable()).toBe(true);
  });
});

describe('both engines on known spectra', () => {
  const shapes: [number, number][] = [
    [33, 33], // odd: rows of odd length, misaligned pairs in every other row
    [64, 64],
    [91, 60], // tall below the QR-first threshold
    [151, 41], // tall above it
    [35, 121], // wide: the transpose, tall above the threshold
    [70, 101], // wide below it
  ];
  for (const [rows, cols] of shapes) {
    for (const { name, s } of spectra(Math.min(rows, cols))) {
      it(`${rows} x ${cols}, ${name}`, () => {
        const a = withSingularValues(rows, cols, s, rows * 1009 + cols);
        const copy = Float64Array.from(a);
        const want = descending(s);
        const got = bothEngines(a, rows, cols);
        expect(a).toEqual(copy);
        for (const engine of ENGINES) expect(maxDiff(got[engine], want, want[0] as number)).toBeLessThan(AGREE);
        expect(maxDiff(got.wasm, got.js, want[0] as number)).toBeLessThan(ENGINES_AGREE);
      });
    }
  }

  it('random shapes and spectra (fast-check): both engines find the values and agree', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 90 }),
        fc.integer({ min: 1, max: 90 }),
        fc.array(fc.oneof(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), fc.constant(0), fc.double({ min: 1e-20, max: 1e-12, noNaN: true })), { minLength: 90, maxLength: 90 }),
        fc.integer({ min: 0, max: 1 << 30 }),
        (rows, cols, pool, seed) => {
          const s = pool.slice(0, Math.min(rows, cols));
          const want = descending(s);
          const scale = Math.max(want[0] as number, Number.MIN_VALUE);
          const got = bothEngines(withSingularValues(rows, cols, s, seed), rows, cols);
          for (const engine of ENGINES) expect(maxDiff(got[engine], want, scale)).toBeLessThan(AGREE);
          expect(maxDiff(got.wasm, got.js, scale)).toBeLessThan(ENGINES_AGREE);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('both engines on structured inputs', () => {
  it('zero rows and columns, rank one, constant entries: the same values, exact zeros where the values are 0', () => {
    const rng = createRng(17);
    const [rows, cols] = [48, 37];
    const zeroLines = randomMatrix(rows, cols, 4);
    for (let i = 0; i < rows; i += 5) zeroLines.fill(0, i * cols, (i + 1) * cols);
    for (let j = 0; j < cols; j += 3) for (let i = 0; i < rows; i++) zeroLines[i * cols + j] = 0;
    const x = Array.from({ length: rows }, () => rng.intIn(-9, 9));
    const y = Array.from({ length: cols }, () => rng.intIn(-9, 9));
    const rankOne = Float64Array.from({ length: rows * cols }, (_, t) => (x[Math.floor(t / cols)] as number) * (y[t % cols] as number));
    const constant = new Float64Array(rows * cols).fill(-3);
    for (const a of [zeroLines, rankOne, constant]) {
      const got = bothEngines(a, rows, cols);
      expect(maxDiff(got.wasm, got.js, got.js[0] as number)).toBeLessThan(ENGINES_AGREE);
    }
    // Rank one: sigma_1 = |x| |y|, the rest within rounding of 0.
    const norm = (v: number[]): number => Math.sqrt(v.reduce((t, c) => t + c * c, 0));
    for (const engine of ENGINES) {
      const s = singularValuesWith(rankOne, rows, cols, engine);
      expect(Math.abs((s[0] as number) - norm(x) * norm(y)) / (s[0] as number)).toBeLessThan(AGREE);
      expect((s[1] as number) / (s[0] as number)).toBeLessThan(AGREE);
      // Constant: one value |c| sqrt(rows cols).
      const c = singularValuesWith(constant, rows, cols, engine);
      expect(Math.abs((c[0] as number) - 3 * Math.sqrt(rows * cols)) / (c[0] as number)).toBeLessThan(AGREE);
    }
  });

  it('scales near 1e200 and 1e-200, the zero matrix, non-finite entries', () => {
    const [rows, cols] = [40, 30];
    const a = randomMatrix(rows, cols, 5);
    const base = singularValuesWith(a, rows, cols, 'js');
    for (const f of [1e200, 1e-200]) {
      const got = singularValuesWith(a.map((x) => x * f), rows, cols, 'wasm');
      expect(maxDiff(got, base.map((x) => x * f), (base[0] as number) * f)).toBeLessThan(ENGINES_AGREE);
    }
    for (const engine of ENGINES) {
      expect([...singularValuesWith(new Float64Array(rows * cols), rows, cols, engine)]).toEqual(new Array<number>(cols).fill(0));
      const bad = Float64Array.from(a);
      bad[77] = Number.NaN;
      expect(() => singularValuesWith(bad, rows, cols, engine)).toThrow(RangeError);
    }
  });

  it('one memory across shapes: leftovers of a larger call never leak into a smaller one', () => {
    const order: [number, number][] = [[200, 150], [20, 17], [17, 20], [150, 200], [61, 3], [3, 61], [1, 1], [90, 90]];
    for (const [rows, cols] of order) {
      const a = randomMatrix(rows, cols, rows * 7 + cols);
      const got = bothEngines(a, rows, cols);
      expect(maxDiff(got.wasm, got.js, got.js[0] as number)).toBeLessThan(ENGINES_AGREE);
    }
  });
});

describe('the engine rule and its refusals', () => {
  it('small matrices run the JavaScript loops, large ones the kernels; singularValues is the preferred engine', () => {
    expect(preferredSvdEngine(2, 2)).toBe('js');
    expect(preferredSvdEngine(1000, 3)).toBe('js');
    expect(preferredSvdEngine(300, 200)).toBe('wasm');
    expect(preferredSvdEngine(200, 300)).toBe('wasm');
    const a = randomMatrix(120, 80, 9);
    expect(singularValues(a, 120, 80)).toEqual(singularValuesWith(a, 120, 80, preferredSvdEngine(120, 80)));
  });

  it('a matrix beyond the kernels memory runs the JavaScript loops, and the wasm engine refuses it', () => {
    const side = 20000; // 3.2 GB of doubles, past the 2 GiB memory
    expect(fitsWasm(side, side)).toBe(false);
    expect(fitsWasm(1000, 1000)).toBe(true);
    expect(preferredSvdEngine(side, side)).toBe('js');
    const huge = { length: side * side } as ArrayLike<number>;
    expect(() => singularValuesWith(huge, side, side, 'wasm')).toThrow(/does not fit/);
  });

  it('the input must have rows x cols entries', () => {
    for (const engine of ENGINES) expect(() => singularValuesWith([1, 2, 3], 2, 2, engine)).toThrow(/expected 2 x 2 = 4 entries, got 3/);
    expect(() => singularValues([1, 2, 3, 4, 5], 2, 2)).toThrow(RangeError);
  });
});
