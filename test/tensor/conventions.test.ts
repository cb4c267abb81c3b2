/**
 * The index conventions of src/tensor/shape.ts, with the worked example of its documentation.
 */
import { describe, expect, it } from 'vitest';
import { Q } from '../../src/exact/fields.js';
import { ratToNumber } from '../../src/exact/rational.js';
import * as f from '../../src/formats/index.js';
import { linearIndex, matricizationIndex, multiIndex, oddEvenModes, prefixModes, splitOf } from '../../src/tensor/shape.js';

// X of shape (2, 3, 2) with X[i, j, k] = 100 i + 10 j + k.
const shape = [2, 3, 2];
const data: bigint[] = [];
for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 2; k++) data.push(BigInt(100 * i + 10 * j + k));
const X = f.inField(Q, { format: 'dense', shape, data });

describe('index conventions (worked example: a 2 x 3 x 2 tensor)', () => {
  it('is row-major: the first mode is the most significant', () => {
    expect(linearIndex(shape, [1, 2, 1])).toBe(1 * 6 + 2 * 2 + 1);
    expect(multiIndex(shape, 11)).toEqual([1, 2, 1]);
    expect(ratToNumber(f.entry(Q, X, [1, 2, 1]))).toBe(121);
  });

  it('matricizes with rows over the listed row modes and columns over the rest, increasing', () => {
    const m = f.matricize(Q, X, [0, 2]);
    expect([m.rows, m.cols]).toEqual([4, 3]);
    const rows: number[][] = [];
    for (let r = 0; r < 4; r++) rows.push(m.data.slice(r * 3, r * 3 + 3).map(ratToNumber));
    expect(rows).toEqual([
      [0, 10, 20],
      [1, 11, 21],
      [100, 110, 120],
      [101, 111, 121],
    ]);
  });

  it('the order of the row modes is the order of significance', () => {
    const m = f.matricize(Q, X, [2, 0]);
    expect(m.data.slice(0, 3).map(ratToNumber)).toEqual([0, 10, 20]); // (k, i) = (0, 0)
    expect(m.data.slice(3, 6).map(ratToNumber)).toEqual([100, 110, 120]); // (k, i) = (0, 1)
    expect(matricizationIndex(shape, splitOf(3, [2, 0]), 1, 2)).toEqual([1, 2, 0]);
  });

  it("the paper's 1-based odd modes {1, 3, ..., d-1} are the code's {0, 2, ..., d-2}", () => {
    expect(oddEvenModes(8)).toEqual([0, 2, 4, 6]);
    expect(splitOf(8, oddEvenModes(8)).colModes).toEqual([1, 3, 5, 7]);
    expect(prefixModes(3)).toEqual([0, 1, 2]);
  });

  it('rejects bad mode sets with the rule', () => {
    expect(() => splitOf(3, [0, 0])).toThrow(/listed twice/);
    expect(() => splitOf(3, [3])).toThrow(/not a mode of an order-3 tensor/);
  });
});
