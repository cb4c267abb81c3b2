/**
 * Shapes, mode sets and row-major linearisation: the index conventions, written once.
 *
 * Conventions (tested in test/tensor/conventions.test.ts with the worked example below):
 *
 * - Modes are 0-based. The paper's 1-based mode k is the code's mode k - 1.
 * - A tensor of shape (n_0, ..., n_{d-1}) is stored row-major: the linear index of
 *   (i_0, ..., i_{d-1}) is i_0 n_1 ... n_{d-1} + ... + i_{d-2} n_{d-1} + i_{d-1}
 *   (the first mode is the most significant).
 * - A matricization names its row modes in a chosen order; the column modes are the remaining
 *   modes in increasing order. The row index is the row-major linear index of the row modes'
 *   indices in the listed order (the first listed mode most significant); likewise the column
 *   index over the column modes.
 * - The paper's "odd modes" {1, 3, ..., d-1} (1-based) are the code's {0, 2, ..., d-2}:
 *   {@link oddEvenModes}.
 *
 * Worked example: X of shape (2, 3, 2) with X[i, j, k] = 100 i + 10 j + k. Its matricization with
 * row modes (0, 2) is the 4 x 3 matrix with rows indexed (i, k) = (0,0), (0,1), (1,0), (1,1) and
 * columns j = 0, 1, 2:
 *
 *       j=0  j=1  j=2
 *   (0,0)  0   10   20
 *   (0,1)  1   11   21
 *   (1,0) 100 110  120
 *   (1,1) 101 111  121
 *
 * @packageDocumentation
 */

/** Mode sizes, one per mode. */
export type Shape = readonly number[];

/** A mode-set split: the row modes in their listed order and the column modes, increasing. */
export interface Split {
  readonly rowModes: readonly number[];
  readonly colModes: readonly number[];
}

/** Raised for inconsistent shapes, indices and mode sets; the message says rule, expected and got. */
export class ShapeError extends Error {
  readonly code = 'BAD_SHAPE';
  constructor(message: string) {
    super(message);
    this.name = 'ShapeError';
  }
}

/** Number of entries, exactly. */
export function sizeOf(shape: Shape): bigint {
  let s = 1n;
  for (const n of shape) s *= BigInt(n);
  return s;
}

/** Number of entries as a safe number, or throws when it is not one. */
export function safeSizeOf(shape: Shape): number {
  const s = sizeOf(shape);
  if (s > BigInt(Number.MAX_SAFE_INTEGER)) throw new ShapeError(`a tensor of shape (${shape.join(', ')}) has ${s} entries, more than 2^53`);
  return Number(s);
}

/** Checks that a shape has at least one mode and positive integer sizes. */
export function checkShape(shape: Shape, what = 'shape'): void {
  if (shape.length === 0) throw new ShapeError(`${what}: expected at least one mode, got none`);
  shape.forEach((n, k) => {
    if (!Number.isSafeInteger(n) || n < 1) throw new ShapeError(`${what}: mode ${k} must have a positive integer size, got ${n}`);
  });
}

/** Row-major linear index of a multi-index. */
export function linearIndex(shape: Shape, index: readonly number[]): number {
  if (index.length !== shape.length) throw new ShapeError(`index has ${index.length} components, expected ${shape.length}`);
  let lin = 0;
  for (let k = 0; k < shape.length; k++) {
    const n = shape[k] as number;
    const i = index[k] as number;
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new ShapeError(`index component ${k} must be in [0, ${n - 1}], got ${i}`);
    lin = lin * n + i;
  }
  return lin;
}

/** Multi-index of a row-major linear index. */
export function multiIndex(shape: Shape, lin: number): number[] {
  const out = new Array<number>(shape.length);
  for (let k = shape.length - 1; k >= 0; k--) {
    const n = shape[k] as number;
    out[k] = lin % n;
    lin = Math.floor(lin / n);
  }
  return out;
}

/** The split with the given row modes (validated: distinct, in range) and the complementary column modes. */
export function splitOf(d: number, rowModes: readonly number[]): Split {
  const seen = new Set<number>();
  for (const m of rowModes) {
    if (!Number.isInteger(m) || m < 0 || m >= d) throw new ShapeError(`row mode ${m} is not a mode of an order-${d} tensor (modes are 0..${d - 1})`);
    if (seen.has(m)) throw new ShapeError(`row mode ${m} is listed twice`);
    seen.add(m);
  }
  const colModes: number[] = [];
  for (let m = 0; m < d; m++) if (!seen.has(m)) colModes.push(m);
  return { rowModes: [...rowModes], colModes };
}

/** The paper's odd modes {1, 3, ..., d-1} (1-based) as the code's {0, 2, ..., d-2}. */
export function oddEvenModes(d: number): number[] {
  const out: number[] = [];
  for (let m = 0; m < d; m += 2) out.push(m);
  return out;
}

/** The first k modes {0, ..., k-1} (the TT bond after mode k-1). */
export function prefixModes(k: number): number[] {
  return Array.from({ length: k }, (_, i) => i);
}

/** Sizes of the matricization with the given split: rows = product over row modes, cols likewise. */
export function matricizationSize(shape: Shape, split: Split): { rows: bigint; cols: bigint } {
  return { rows: sizeOf(split.rowModes.map((m) => shape[m] as number)), cols: sizeOf(split.colModes.map((m) => shape[m] as number)) };
}

/**
 * The tensor multi-index of matricization entry (row, col) under a split (the inverse of the
 * convention above).
 */
export function matricizationIndex(shape: Shape, split: Split, row: number, col: number): number[] {
  const idx = new Array<number>(shape.length);
  const rIdx = multiIndex(split.rowModes.map((m) => shape[m] as number), row);
  const cIdx = multiIndex(split.colModes.map((m) => shape[m] as number), col);
  split.rowModes.forEach((m, t) => (idx[m] = rIdx[t] as number));
  split.colModes.forEach((m, t) => (idx[m] = cIdx[t] as number));
  return idx;
}

/**
 * For every linear index of the tensor, the (row, col) position in the matricization, as a
 * permutation table: `rowOf[lin]`, `colOf[lin]`. Used to matricize a dense tensor in one pass.
 */
export function matricizationTables(shape: Shape, split: Split): { rowOf: Int32Array | Float64Array; colOf: Int32Array | Float64Array } {
  const total = safeSizeOf(shape);
  const d = shape.length;
  // Weight of each mode in the row (or column) index.
  const rowW = new Array<number>(d).fill(0);
  const colW = new Array<number>(d).fill(0);
  let w = 1;
  for (let t = split.rowModes.length - 1; t >= 0; t--) {
    const m = split.rowModes[t] as number;
    rowW[m] = w;
    w *= shape[m] as number;
  }
  w = 1;
  for (let t = split.colModes.length - 1; t >= 0; t--) {
    const m = split.colModes[t] as number;
    colW[m] = w;
    w *= shape[m] as number;
  }
  const big = total > 2 ** 31 - 1;
  const rowOf = big ? new Float64Array(total) : new Int32Array(total);
  const colOf = big ? new Float64Array(total) : new Int32Array(total);
  const idx = new Array<number>(d).fill(0);
  let r = 0;
  let c = 0;
  for (let lin = 0; lin < total; lin++) {
    rowOf[lin] = r;
    colOf[lin] = c;
    // Odometer increment of the multi-index, updating r and c incrementally.
    for (let k = d - 1; k >= 0; k--) {
      const n = shape[k] as number;
      if ((idx[k] as number) + 1 < n) {
        idx[k] = (idx[k] as number) + 1;
        r += rowW[k] as number;
        c += colW[k] as number;
        break;
      }
      r -= (rowW[k] as number) * (n - 1);
      c -= (colW[k] as number) * (n - 1);
      idx[k] = 0;
    }
  }
  return { rowOf, colOf };
}
