/**
 * Integer matrices whose rank is known by construction.
 *
 * A = X Y with X (m x r) of full column rank and Y (r x n) of full row rank, so rank A = r over Q.
 * X starts as [I_r ; Z] (unit top block, random Z below) and is scrambled by random unimodular
 * row operations (swaps and adding a small multiple of one row to another); Y likewise on columns.
 * Unimodular operations are invertible over Z and modulo every prime, so rank A = r also mod p
 * for every p: the modular engine must find exactly r on these inputs.
 */
import fc from 'fast-check';
import type { Matrix } from '../../src/tensor/matrix.js';

/** A matrix of known rank, with the recipe kept for readable counterexamples. */
export interface KnownRankMatrix {
  readonly matrix: Matrix<number>;
  readonly rank: number;
}

function identityStack(rows: number, r: number, fill: number[][]): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < rows; i++) {
    const row: number[] = [];
    for (let j = 0; j < r; j++) row.push(i < r ? (i === j ? 1 : 0) : (fill[i - r]?.[j] ?? 0));
    out.push(row);
  }
  return out;
}

interface Op {
  readonly a: number;
  readonly b: number;
  readonly k: number;
}

function applyRowOps(m: number[][], ops: readonly Op[]): void {
  const n = m.length;
  if (n < 2) return;
  for (const { a, b, k } of ops) {
    const i = a % n;
    const j = b % n;
    if (i === j) continue;
    if (k === 0) {
      const t = m[i] as number[];
      m[i] = m[j] as number[];
      m[j] = t;
    } else {
      const ri = m[i] as number[];
      const rj = m[j] as number[];
      for (let c = 0; c < ri.length; c++) ri[c] = (ri[c] as number) + k * (rj[c] as number);
    }
  }
}

function transpose(m: number[][], cols: number): number[][] {
  const out: number[][] = [];
  for (let j = 0; j < cols; j++) out.push(m.map((row) => row[j] as number));
  return out;
}

/** Options for {@link knownRankMatrix}. */
export interface KnownRankOptions {
  readonly maxRows?: number;
  readonly maxCols?: number;
  /** Bound on the random entries of Z and of the operation multipliers. */
  readonly entryBound?: number;
  /** Number of scrambling operations on each side. */
  readonly maxOps?: number;
}

/** Arbitrary integer matrices of known rank (see the module comment). */
export function knownRankMatrix(options: KnownRankOptions = {}): fc.Arbitrary<KnownRankMatrix> {
  const maxRows = options.maxRows ?? 12;
  const maxCols = options.maxCols ?? 12;
  const bound = options.entryBound ?? 5;
  const maxOps = options.maxOps ?? 12;
  const op = fc.record({ a: fc.nat(64), b: fc.nat(64), k: fc.integer({ min: -2, max: 2 }) });
  return fc
    .record({ m: fc.integer({ min: 1, max: maxRows }), n: fc.integer({ min: 1, max: maxCols }) })
    .chain(({ m, n }) =>
      fc.integer({ min: 0, max: Math.min(m, n) }).chain((r) =>
        fc.record({
          m: fc.constant(m),
          n: fc.constant(n),
          r: fc.constant(r),
          zx: fc.array(fc.array(fc.integer({ min: -bound, max: bound }), { minLength: r, maxLength: r }), { minLength: m - r, maxLength: m - r }),
          zy: fc.array(fc.array(fc.integer({ min: -bound, max: bound }), { minLength: r, maxLength: r }), { minLength: n - r, maxLength: n - r }),
          opsX: fc.array(op, { maxLength: maxOps }),
          opsY: fc.array(op, { maxLength: maxOps }),
        }),
      ),
    )
    .map(({ m, n, r, zx, zy, opsX, opsY }) => {
      const x = identityStack(m, r, zx);
      applyRowOps(x, opsX);
      const yt = identityStack(n, r, zy); // Y^T, scrambled by row ops = column ops on Y
      applyRowOps(yt, opsY);
      const y = transpose(yt, r);
      const data: number[] = [];
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let t = 0; t < r; t++) s += (x[i]?.[t] as number) * (y[t]?.[j] as number);
          data.push(s);
        }
      }
      return { matrix: { rows: m, cols: n, data }, rank: r };
    });
}
