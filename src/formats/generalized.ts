/**
 * Generalized recurrent networks (Khrulkov, Hrinchuk & Oseledets, ICLR 2019): the engine side.
 * Random integer networks, their kernel JSON, and their whole grid tensor computed level by level
 * (every prefix's hidden state once), exactly: on doubles, after checking that no value can leave
 * the safe integers. The kernel (src/kernel/generalized.ts) evaluates the same scores its own way,
 * entry by entry; tests check that the two agree.
 *
 * Convention: a_t = C_t f_i (L values) for template point i, h_0 = (u), h_t[k] = sum_{a, j}
 * G_t[a, j, k] xi(a_t[a], h_{t-1}[j]); xi(x, y) = max(x, y, 0), u = 0 (relu) or xi = x y, u = 1.
 * The grid tensor's index (i_1, ..., i_T) is row-major (i_1 most significant).
 *
 * @packageDocumentation
 */
import { createRng, deriveSeed } from '../exact/prng.js';

/** A generalized TT network with integer parameters. */
export interface GeneralizedRnn {
  readonly xi: 'relu' | 'product';
  /** Template size M, feature size N, input width L, order T. */
  readonly M: number;
  readonly N: number;
  readonly L: number;
  readonly T: number;
  /** R_0 = 1, R_1..R_{T-1}, R_T = 1. */
  readonly ranks: readonly number[];
  /** M x N, row-major. */
  readonly features: readonly number[];
  /** T matrices L x N. */
  readonly inputs: readonly (readonly number[])[];
  /** T arrays L x R_{t-1} x R_t. */
  readonly cores: readonly (readonly number[])[];
}

/** A random integer network: every parameter uniform in [-bound, bound] from the seed. */
export function randomGeneralized(o: { readonly xi?: 'relu' | 'product'; readonly M: number; readonly T: number; readonly rank: number; readonly L?: number; readonly N?: number; readonly seed: number; readonly bound?: number }): GeneralizedRnn {
  const { M, T } = o;
  const L = o.L ?? M;
  const N = o.N ?? M;
  const bound = o.bound ?? 1;
  const ranks = [1, ...new Array<number>(T - 1).fill(o.rank), 1];
  const ints = (label: string, count: number): number[] => {
    const rng = createRng(deriveSeed(o.seed, label));
    return Array.from({ length: count }, () => rng.intIn(-bound, bound));
  };
  return {
    xi: o.xi ?? 'relu',
    M,
    N,
    L,
    T,
    ranks,
    features: ints('features', M * N),
    inputs: Array.from({ length: T }, (_, t) => ints(`input:${t}`, L * N)),
    cores: Array.from({ length: T }, (_, t) => ints(`core:${t}`, L * (ranks[t] as number) * (ranks[t + 1] as number))),
  };
}

const rows = (a: readonly number[], r: number, c: number): number[][] => Array.from({ length: r }, (_, i) => a.slice(i * c, (i + 1) * c));

/** The network in the kernel's JSON (src/kernel/generalized.ts). */
export function generalizedJson(n: GeneralizedRnn): object {
  return {
    format: 'generalized-tt',
    xi: n.xi,
    features: rows(n.features, n.M, n.N),
    inputs: n.inputs.map((c) => rows(c, n.L, n.N)),
    cores: n.cores.map((g, t) => Array.from({ length: n.L }, (_, a) => rows(g.slice(a * (n.ranks[t] as number) * (n.ranks[t + 1] as number), (a + 1) * (n.ranks[t] as number) * (n.ranks[t + 1] as number)), n.ranks[t] as number, n.ranks[t + 1] as number))),
    ranks: [...n.ranks],
  };
}

/** Raised when a grid tensor's values could leave the exactly representable integers. */
export class GridRangeError extends RangeError {}

/** The inputs a_t for every template point: T arrays M x L. */
function inputValues(n: GeneralizedRnn): Float64Array[] {
  return n.inputs.map((c) => {
    const out = new Float64Array(n.M * n.L);
    for (let i = 0; i < n.M; i++)
      for (let a = 0; a < n.L; a++) {
        let s = 0;
        for (let k = 0; k < n.N; k++) s += (c[a * n.N + k] as number) * (n.features[i * n.N + k] as number);
        out[i * n.L + a] = s;
      }
    return out;
  });
}

/** Most grid entries computed at once (M^T). */
export const MAX_GRID_ENTRIES = 1 << 24;

/**
 * The whole grid tensor (M^T scores, row-major), exact. Refuses (GridRangeError) networks whose
 * values could pass 2^53 by a bound computed from the parameters before anything runs.
 */
export function gridTensor(n: GeneralizedRnn): Float64Array {
  if (n.M ** n.T > MAX_GRID_ENTRIES) throw new GridRangeError(`a grid tensor of ${n.M}^${n.T} entries is above ${MAX_GRID_ENTRIES}`);
  const A = inputValues(n);
  const maxA = Math.max(1, ...A.map((a) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0)));
  let bound = n.xi === 'relu' ? 0 : 1;
  for (let t = 1; t <= n.T; t++) {
    const maxG = (n.cores[t - 1] as readonly number[]).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    bound = n.L * (n.ranks[t - 1] as number) * maxG * (n.xi === 'relu' ? Math.max(maxA, bound) : maxA * bound);
    if (!(bound < 2 ** 53)) throw new GridRangeError(`values of this network could reach about ${bound.toExponential(2)} at step ${t}, beyond exact doubles: use smaller weights`);
  }
  let prev = new Float64Array([n.xi === 'relu' ? 0 : 1]);
  let count = 1;
  for (let t = 1; t <= n.T; t++) {
    const r0 = n.ranks[t - 1] as number;
    const r1 = n.ranks[t] as number;
    const g = n.cores[t - 1] as readonly number[];
    const a = A[t - 1] as Float64Array;
    const next = new Float64Array(count * n.M * r1);
    for (let p = 0; p < count; p++)
      for (let i = 0; i < n.M; i++) {
        const base = (p * n.M + i) * r1;
        for (let x = 0; x < n.L; x++) {
          const ax = a[i * n.L + x] as number;
          for (let j = 0; j < r0; j++) {
            const h = prev[p * r0 + j] as number;
            const v = n.xi === 'relu' ? Math.max(ax, h, 0) : ax * h;
            if (v === 0) continue;
            for (let k = 0; k < r1; k++) next[base + k] = (next[base + k] as number) + (g[(x * r0 + j) * r1 + k] as number) * v;
          }
        }
      }
    prev = next;
    count *= n.M;
  }
  return prev;
}

/** The grid tensor's matricization (rows: the row modes in the listed order; columns the others increasing), row-major. */
export function gridMatricization(n: GeneralizedRnn, grid: Float64Array, rowModes: readonly number[]): { rows: number; cols: number; data: Float64Array } {
  const colModes = Array.from({ length: n.T }, (_, m) => m).filter((m) => !rowModes.includes(m));
  const rowsN = n.M ** rowModes.length;
  const colsN = n.M ** colModes.length;
  const data = new Float64Array(rowsN * colsN);
  const digits = new Array<number>(n.T).fill(0);
  for (let r = 0; r < rowsN; r++)
    for (let c = 0; c < colsN; c++) {
      for (const [modes, index] of [[rowModes, r], [colModes, c]] as const) {
        let rest = index;
        for (let t = modes.length - 1; t >= 0; t--) {
          digits[modes[t] as number] = rest % n.M;
          rest = Math.floor(rest / n.M);
        }
      }
      let idx = 0;
      for (let t = 0; t < n.T; t++) idx = idx * n.M + (digits[t] as number);
      data[r * colsN + c] = grid[idx] as number;
    }
  return { rows: rowsN, cols: colsN, data };
}
