/**
 * The kernel's minors of matricizations: evaluated together as a sub-tensor (when the minor's
 * rows and columns span a small grid, as product sets do) or entry by entry (a sketch with unit
 * vectors), they are the same residues, and both equal the matricization formed by the engines.
 * Tensors of every format (TT, HT, CP, shared TT, networks, dense); minors on product sets in
 * shuffled order, on parts of product sets, and on arbitrary index sets; a prime where sums of
 * products are reduced in chunks and one where each product is reduced at once.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { primeField } from '../src/exact/fields.js';
import * as f from '../src/formats/index.js';
import { tensorToJson } from '../src/formats/json.js';
import { readTensor } from '../src/kernel/index.js';
import { matricizationMinor } from '../src/kernel/checks/minor.js';
import { sketch, sketchCost, subtensorPlan, unitRows } from '../src/kernel/evaluate.js';
import { splitOf } from '../src/tensor/shape.js';
import { anyTensorArb, tensorWithSplitArb } from './arbitraries/formats.js';
import { runs } from './runs.js';

/** The sketch prime, and the largest prime below 2^26 (where every product is reduced at once: no two are summed unreduced). */
const PRIMES = [8388593, 67108859] as const;
const arb = tensorWithSplitArb(anyTensorArb({ maxOrder: 6, maxRank: 3, maxMode: 4, maxEntries: 4096, entryBound: 1000 }));

/** Index `idx`'s digit in each of `modes` (the first most significant). */
function digits(shape: readonly number[], modes: readonly number[], idx: number): number[] {
  const out = new Array<number>(modes.length);
  for (let t = modes.length - 1; t >= 0; t--) {
    const n = shape[modes[t] as number] as number;
    out[t] = idx % n;
    idx = Math.floor(idx / n);
  }
  return out;
}

/** The indices of the product of per-mode digit lists (the first mode most significant). */
function productSet(shape: readonly number[], modes: readonly number[], lists: readonly (readonly number[])[]): number[] {
  let out = [0];
  modes.forEach((m, t) => (out = out.flatMap((o) => (lists[t] as number[]).map((d) => o * (shape[m] as number) + d))));
  return out;
}

describe('minors of matricizations, evaluated together and entry by entry', () => {
  it('agree with each other and with the matricization, on product sets and on any index sets', () => {
    let together = 0;
    fc.assert(
      fc.property(arb, fc.nat(), fc.constantFrom('product', 'part', 'any'), fc.constantFrom(...PRIMES), ({ x, rowModes }, seed, kind, P) => {
        const F = primeField(P);
        const shape = f.shapeOf(x);
        const { colModes } = splitOf(shape.length, rowModes);
        const M = f.matricize(F, f.inField(F, x), rowModes);
        // Per-mode digit lists: a random non-empty subset of each mode, in random order.
        let s = seed;
        const next = (n: number): number => {
          s = (s * 1103515245 + 12345) % 2 ** 31;
          return s % n;
        };
        const shuffle = (xs: number[]): number[] => {
          for (let i = xs.length - 1; i > 0; i--) {
            const j = next(i + 1);
            [xs[i], xs[j]] = [xs[j] as number, xs[i] as number];
          }
          return xs;
        };
        const subset = (n: number): number[] => shuffle(Array.from({ length: n }, (_, i) => i)).slice(0, 1 + next(n));
        let rows: number[];
        let cols: number[];
        if (kind === 'any') {
          rows = shuffle(Array.from({ length: M.rows }, (_, i) => i));
          cols = shuffle(Array.from({ length: M.cols }, (_, j) => j));
        } else {
          rows = shuffle(productSet(shape, rowModes, rowModes.map((m) => subset(shape[m] as number))));
          cols = shuffle(productSet(shape, colModes, colModes.map((m) => subset(shape[m] as number))));
        }
        const K = kind === 'product' ? Math.min(rows.length, cols.length) : 1 + next(Math.min(rows.length, cols.length));
        rows = rows.slice(0, K);
        cols = cols.slice(0, K);
        const kx = readTensor(tensorToJson(x), '');
        const minor = matricizationMinor(kx, rowModes, rows, cols, P, '');
        // Entry by entry: the sketch whose vectors are the unit vectors of the indices' digits.
        const units = (modes: readonly number[], idx: readonly number[]): Float64Array[] => modes.map((m, t) => unitRows(shape[m] as number, idx.map((i) => digits(shape, modes, i)[t] as number)));
        const oneByOne = sketch(kx, rowModes, colModes, { rows: units(rowModes, rows), cols: units(colModes, cols) }, K, P, '');
        expect(Array.from(minor)).toEqual(Array.from(oneByOne));
        rows.forEach((i, a) => cols.forEach((j, b) => expect(minor[a * K + b]).toBe(M.data[i * M.cols + j])));
        // Whether the kernel took the sub-tensor (it does when that costs less).
        const keep = [...rowModes.map((_, t) => rows.map((i) => digits(shape, rowModes, i)[t] as number)), ...colModes.map((_, t) => cols.map((j) => digits(shape, colModes, j)[t] as number))].map((d) => [...new Set(d)].sort((u, v) => u - v));
        if (subtensorPlan(kx, [...rowModes, ...colModes], keep).work <= sketchCost(kx, rowModes, colModes, K).work - K * K) together++;
      }),
      { numRuns: runs(150) },
    );
    // The property is not vacuous: most product-set minors were evaluated together.
    expect(together).toBeGreaterThan(runs(150) / 6);
  });
});
