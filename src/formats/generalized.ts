/**
 * Generalized tensor networks: the engine side. Generalized recurrent (TT) networks (Khrulkov,
 * Hrinchuk & Oseledets, ICLR 2019), generalized HT networks (Cohen & Shashua, ICML 2016:
 * convolutional rectifier networks) and generalized shallow (CP) networks, which are generalized
 * TT networks with diagonal cores. Random integer networks, their kernel JSON, and their whole grid
 * tensor, exactly: on doubles, after checking that no value can leave the safe integers. The
 * kernel (src/kernel/generalized.ts) evaluates the same scores its own way, from the sequences of
 * a minor; tests check that the two agree.
 *
 * Convention: a_t = C_t f_i (L values) for template point i, h_0 = (u), h_t[k] = sum_{a, j}
 * G_t[a, j, k] xi(a_t[a], h_{t-1}[j]); xi(x, y) = max(x, y, 0), u = 0 (relu) or xi = x y, u = 1.
 * HT: a leaf's state is a_t, an inner node's h_v[k] = sum_{i, j} G_v[i, j, k] xi(h_x[i], h_y[j]).
 * The grid tensor's index (i_1, ..., i_T) is row-major (i_1 most significant).
 *
 * @packageDocumentation
 */
import { createRng, deriveSeed } from '../exact/prng.js';
import { balancedTree } from './tree.js';

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

/** A generalized HT network with integer parameters: nodes children first, root last (rank 1). */
export interface GeneralizedHtNet {
  readonly format: 'generalized-ht';
  readonly xi: 'relu' | 'product';
  readonly M: number;
  readonly N: number;
  readonly L: number;
  readonly T: number;
  readonly nodes: readonly ({ readonly leaf: number } | { readonly children: readonly [number, number]; readonly rank: number })[];
  readonly features: readonly number[];
  readonly inputs: readonly (readonly number[])[];
  /** One per inner node, in node order: w_x x w_y x rank (a leaf's width is L). */
  readonly cores: readonly (readonly number[])[];
}

/** Either kind of generalized network. */
export type GeneralizedNet = GeneralizedRnn | GeneralizedHtNet;

const isHt = (n: GeneralizedNet): n is GeneralizedHtNet => 'format' in n && n.format === 'generalized-ht';

/** A node's state width: L for a leaf, its rank for an inner node. */
function htWidth(n: GeneralizedHtNet, v: number): number {
  const node = n.nodes[v] as GeneralizedHtNet['nodes'][number];
  return 'leaf' in node ? n.L : node.rank;
}

/** A random integer HT network on the balanced tree: every inner node but the root of rank `rank`. */
export function randomGeneralizedHt(o: { readonly xi?: 'relu' | 'product'; readonly M: number; readonly T: number; readonly rank: number; readonly L?: number; readonly N?: number; readonly seed: number; readonly bound?: number }): GeneralizedHtNet {
  const { M, T } = o;
  const L = o.L ?? M;
  const N = o.N ?? M;
  const bound = o.bound ?? 1;
  const tree = balancedTree(T).nodes;
  const nodes: GeneralizedHtNet['nodes'] = tree.map((v, t) => (v.kind === 'leaf' ? { leaf: v.mode } : { children: [v.left, v.right] as const, rank: t === tree.length - 1 ? 1 : o.rank }));
  const ints = (label: string, count: number): number[] => {
    const rng = createRng(deriveSeed(o.seed, label));
    return Array.from({ length: count }, () => rng.intIn(-bound, bound));
  };
  const partial: GeneralizedHtNet = { format: 'generalized-ht', xi: o.xi ?? 'relu', M, N, L, T, nodes, features: ints('features', M * N), inputs: Array.from({ length: T }, (_, t) => ints(`input:${t}`, L * N)), cores: [] };
  const cores = nodes.flatMap((v, t) => ('children' in v ? [ints(`core:${t}`, htWidth(partial, v.children[0]) * htWidth(partial, v.children[1]) * v.rank)] : []));
  return { ...partial, cores };
}

/**
 * A generalized shallow (CP) network of width R as a generalized TT (L = R inputs, diagonal cores):
 * h_t[r] = xi(a_t[r], h_(t-1)[r]) and the score sum_r lambda_r h_T[r], so that it is
 * sum_r lambda_r xi(a_1[r], ..., a_T[r]) (xi applied left to right; for relu max(a_1[r], ..., a_T[r], 0)).
 */
export function generalizedCp(o: { readonly xi: 'relu' | 'product'; readonly M: number; readonly N: number; readonly features: readonly number[]; readonly inputs: readonly (readonly number[])[]; readonly lambda: readonly number[] }): GeneralizedRnn {
  const T = o.inputs.length;
  const R = o.lambda.length;
  const ranks = [1, ...new Array<number>(T - 1).fill(R), 1];
  const cores = Array.from({ length: T }, (_, t) => {
    const r0 = ranks[t] as number;
    const r1 = ranks[t + 1] as number;
    const g = new Array<number>(R * r0 * r1).fill(0);
    for (let a = 0; a < R; a++) {
      const j = t === 0 ? 0 : a;
      if (t === T - 1) g[(a * r0 + j) * r1] = o.lambda[a] as number;
      else g[(a * r0 + j) * r1 + a] = 1;
    }
    return g;
  });
  return { xi: o.xi, M: o.M, N: o.N, L: R, T, ranks, features: [...o.features], inputs: o.inputs.map((c) => [...c]), cores };
}

const rows = (a: readonly number[], r: number, c: number): number[][] => Array.from({ length: r }, (_, i) => a.slice(i * c, (i + 1) * c));

/** The network in the kernel's JSON (src/kernel/generalized.ts). */
export function generalizedJson(n: GeneralizedNet): object {
  if (isHt(n)) {
    let k = 0;
    return {
      format: 'generalized-ht',
      xi: n.xi,
      features: rows(n.features, n.M, n.N),
      inputs: n.inputs.map((c) => rows(c, n.L, n.N)),
      nodes: n.nodes.map((v) => {
        if ('leaf' in v) return { leaf: v.leaf };
        const g = n.cores[k++] as readonly number[];
        const wx = htWidth(n, v.children[0]);
        const wy = htWidth(n, v.children[1]);
        return { children: [...v.children], rank: v.rank, core: Array.from({ length: wx }, (_, i) => rows(g.slice(i * wy * v.rank, (i + 1) * wy * v.rank), wy, v.rank)) };
      }),
    };
  }
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
function inputValues(n: GeneralizedNet): Float64Array[] {
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
export function gridTensor(n: GeneralizedNet): Float64Array {
  if (n.M ** n.T > MAX_GRID_ENTRIES) throw new GridRangeError(`a grid tensor of ${n.M}^${n.T} entries is above ${MAX_GRID_ENTRIES}`);
  if (isHt(n)) return htGrid(n);
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

/**
 * The grid tensor of an HT network: each node's states over every assignment of the modes below
 * it (a mixed-radix index, the smallest mode most significant), combined upwards; the root's is
 * the grid tensor in row-major order. Refuses values that could leave the safe integers.
 */
function htGrid(n: GeneralizedHtNet): Float64Array {
  const A = inputValues(n);
  const maxA = Math.max(1, ...A.map((a) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0)));
  const modes: number[][] = [];
  const states: Float64Array[] = [];
  const bounds: number[] = [];
  let k = 0;
  n.nodes.forEach((v) => {
    if ('leaf' in v) {
      modes.push([v.leaf]);
      states.push(A[v.leaf] as Float64Array);
      bounds.push(maxA);
      return;
    }
    const [x, y] = v.children;
    const g = n.cores[k++] as readonly number[];
    const wx = htWidth(n, x);
    const wy = htWidth(n, y);
    const maxG = g.reduce((m, w) => Math.max(m, Math.abs(w)), 0);
    const bx = bounds[x] as number;
    const by = bounds[y] as number;
    const b = wx * wy * maxG * (n.xi === 'relu' ? Math.max(bx, by) : bx * by);
    if (!(b < 2 ** 53)) throw new GridRangeError(`values of this network could reach about ${b.toExponential(2)}, beyond exact doubles: use smaller weights`);
    bounds.push(b);
    const mx = modes[x] as number[];
    const my = modes[y] as number[];
    const mv = [...mx, ...my].sort((p, q) => p - q);
    // For each assignment of mv (mixed radix, first mode most significant): its indices into x's and y's.
    const count = n.M ** mv.length;
    const sx = states[x] as Float64Array;
    const sy = states[y] as Float64Array;
    const out = new Float64Array(count * v.rank);
    const digits = new Array<number>(mv.length);
    for (let idx = 0; idx < count; idx++) {
      let rest = idx;
      for (let q = mv.length - 1; q >= 0; q--) {
        digits[q] = rest % n.M;
        rest = Math.floor(rest / n.M);
      }
      const at = (ms: readonly number[]): number => ms.reduce((acc, m) => acc * n.M + (digits[mv.indexOf(m)] as number), 0);
      const ix = at(mx) * wx;
      const iy = at(my) * wy;
      for (let i = 0; i < wx; i++)
        for (let j = 0; j < wy; j++) {
          const a = sx[ix + i] as number;
          const c = sy[iy + j] as number;
          const z = n.xi === 'relu' ? Math.max(a, c, 0) : a * c;
          if (z === 0) continue;
          for (let r = 0; r < v.rank; r++) out[idx * v.rank + r] = (out[idx * v.rank + r] as number) + (g[(i * wy + j) * v.rank + r] as number) * z;
        }
    }
    modes.push(mv);
    states.push(out);
  });
  return states[states.length - 1] as Float64Array;
}

/** The grid tensor's matricization (rows: the row modes in the listed order; columns the others increasing), row-major. */
export function gridMatricization(n: GeneralizedNet, grid: Float64Array, rowModes: readonly number[]): { rows: number; cols: number; data: Float64Array } {
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
