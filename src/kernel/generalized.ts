/**
 * Generalized tensor networks with a generalized outer product xi, read and evaluated exactly:
 * generalized TT networks (recurrent networks, Khrulkov, Hrinchuk & Oseledets, ICLR 2019) and
 * generalized HT networks (convolutional networks with ReLU and pooling, Cohen & Shashua, ICML
 * 2016, "Convolutional rectifier networks as generalized tensor decompositions"). A generalized
 * shallow (CP) network is a generalized TT whose cores are diagonal.
 *
 * Both share features F (an M x N matrix, row i the features of template point i) and inputs
 * C_t (L x N matrices, one per mode t): mode t at template point i gives a_t = C_t f_i (L values).
 * Then a tree combines the states: at an inner node v with children x and y,
 *
 *     h_v[k] = sum_{i, j} G_v[i, j, k] xi(h_x[i], h_y[j]),
 *
 * with xi(x, y) = max(x, y, 0) (relu) or x y (product); the score is h_root[0].
 *
 * - `{"format": "generalized-tt", "xi", "features", "inputs": [C_1..C_T], "cores": [G_1..G_T],
 *   "ranks": [R_0..R_T]}`, G_t an L x R_(t-1) x R_t array, R_0 = R_T = 1: the caterpillar
 *   h_0 = (u), h_t = G_t combining (a_t, h_(t-1)), u = 0 (relu) or 1 (product).
 * - `{"format": "generalized-ht", "xi", "features", "inputs": [C_1..C_T], "nodes": [...]}`: nodes
 *   children first, root last; a leaf `{"leaf": t}` (0-based mode) has state a_t (width L); an inner
 *   node `{"children": [x, y], "rank": R, "core": G}` has width R, G a w_x x w_y x R array; every
 *   mode is one leaf, every node but the root one child, the root's rank 1.
 *
 * The grid tensor is the M^T array of scores; its matricizations are the subjects of grid rank
 * claims. Arithmetic is exact (rationals, max by exact comparison). Evaluations share work: the
 * states of a node are computed once per distinct assignment of the modes below it.
 *
 * @packageDocumentation
 */
import { gcd } from './arith.js';
import { canonicalJson, child, readArray, readInt, readObject, readScalar, readString, type Scalar } from './json.js';
import { reject } from './verdict.js';

/** Limits: the template, the order, the widths, and the parameters in all. */
export const MAX_TEMPLATE = 4096;
export const MAX_GRID_ORDER = 64;
export const MAX_GENERALIZED_PARAMS = 1 << 22;

/** A node of the evaluation tree: a mode's input, the unit state (TT), or a combination of two nodes. */
export type GeneralizedNode = { readonly kind: 'leaf'; readonly mode: number } | { readonly kind: 'unit' } | { readonly kind: 'inner'; readonly children: readonly [number, number]; readonly width: number; readonly core: readonly Scalar[] };

/** A generalized network, read: its parameters and its evaluation tree (root last). */
export interface GeneralizedNetwork {
  readonly format: 'generalized-tt' | 'generalized-ht';
  readonly xi: 'relu' | 'product';
  /** Template size M, feature size N, input width L, order T. */
  readonly M: number;
  readonly N: number;
  readonly L: number;
  readonly T: number;
  readonly features: readonly Scalar[];
  readonly inputs: readonly (readonly Scalar[])[];
  readonly nodes: readonly GeneralizedNode[];
  /** TT: R_0..R_T (its cores are the inner nodes'). HT: none. */
  readonly ranks?: readonly number[];
}

/** An HT network's tree without parameters, as claims and statements name it. */
export type GeneralizedTreeNode = { readonly leaf: number } | { readonly children: readonly [number, number]; readonly rank: number };

/** What claims and statements say about a network: its shape and identity digest (not its data). */
export type GeneralizedRef =
  | { readonly xi: 'relu' | 'product'; readonly template: number; readonly order: number; readonly ranks: readonly number[]; readonly digest: string }
  | { readonly format: 'generalized-ht'; readonly xi: 'relu' | 'product'; readonly template: number; readonly order: number; readonly nodes: readonly GeneralizedTreeNode[]; readonly digest: string };

/** Width of a node's state. */
export const widthOf = (n: GeneralizedNetwork, v: number): number => {
  const node = n.nodes[v] as GeneralizedNode;
  return node.kind === 'leaf' ? n.L : node.kind === 'unit' ? 1 : node.width;
};

function readMatrix(x: unknown, path: string, rows: number, cols: number): Scalar[] {
  const out: Scalar[] = [];
  readArray(x, path, rows).forEach((row, i) => readArray(row, child(path, i), cols).forEach((v, j) => out.push(readScalar(v, child(child(path, i), j)))));
  return out;
}

/** The largest inner-node rank. */
const MAX_GENERALIZED_RANK = 1 << 12;

/** Reads features and inputs (T matrices L x N): the part both formats share. */
function readInputs(o: Record<string, unknown>, path: string, T: number): { M: number; N: number; L: number; features: Scalar[]; inputs: Scalar[][] } {
  const fp = child(path, 'features');
  const rowsF = readArray(o['features'], fp);
  const M = rowsF.length;
  if (M < 1 || M > MAX_TEMPLATE) reject('BAD_TENSOR', fp, `the template has 1..${MAX_TEMPLATE} points, got ${M}`);
  const N = readArray(rowsF[0], child(fp, 0)).length;
  const ip = child(path, 'inputs');
  const ins = readArray(o['inputs'], ip, T);
  const L = readArray(ins[0], child(ip, 0)).length;
  if (N < 1 || L < 1) reject('BAD_TENSOR', path, 'empty features or inputs');
  if (M * N + T * L * N > MAX_GENERALIZED_PARAMS) reject('BUDGET_EXCEEDED', path, `${M * N + T * L * N} feature and input parameters, above the kernel's limit ${MAX_GENERALIZED_PARAMS}`);
  return { M, N, L, features: readMatrix(o['features'], fp, M, N), inputs: ins.map((c, t) => readMatrix(c, child(ip, t), L, N)) };
}

/** Reads a rows x cols1 x cols2 array (a list of rows matrices cols1 x cols2). */
function readCore(x: unknown, path: string, rows: number, cols1: number, cols2: number): Scalar[] {
  const out: Scalar[] = [];
  readArray(x, path, rows).forEach((m, i) => {
    for (const v of readMatrix(m, child(path, i), cols1, cols2)) out.push(v);
  });
  return out;
}

/** Reads a generalized network strictly. */
export function readGeneralized(x: unknown, path: string): GeneralizedNetwork {
  const format = readString(readObject(x, path, ['format'], ['xi', 'features', 'inputs', 'cores', 'ranks', 'nodes'])['format'], child(path, 'format'));
  if (format !== 'generalized-tt' && format !== 'generalized-ht') reject('WRONG_TYPE', child(path, 'format'), 'expected "generalized-tt" or "generalized-ht"');
  const o = readObject(x, path, format === 'generalized-tt' ? ['format', 'xi', 'features', 'inputs', 'cores', 'ranks'] : ['format', 'xi', 'features', 'inputs', 'nodes']);
  const xi = readString(o['xi'], child(path, 'xi'));
  if (xi !== 'relu' && xi !== 'product') reject('BAD_STATEMENT', child(path, 'xi'), 'expected "relu" or "product"');
  let net: GeneralizedNetwork;
  if (format === 'generalized-tt') {
    const ranks = readArray(o['ranks'], child(path, 'ranks')).map((v, t) => readInt(v, child(child(path, 'ranks'), t), 1, MAX_GENERALIZED_RANK));
    const T = ranks.length - 1;
    if (T < 1 || T > MAX_GRID_ORDER) reject('BAD_TENSOR', child(path, 'ranks'), `the order must be 1..${MAX_GRID_ORDER}, got ${T}`);
    if (ranks[0] !== 1 || ranks[T] !== 1) reject('BAD_TENSOR', child(path, 'ranks'), 'the boundary ranks R_0 and R_T must be 1');
    const io = readInputs(o, path, T);
    let params = 0;
    for (let t = 1; t <= T; t++) params += io.L * (ranks[t - 1] as number) * (ranks[t] as number);
    if (params > MAX_GENERALIZED_PARAMS) reject('BUDGET_EXCEEDED', path, `${params} core parameters, above the kernel's limit ${MAX_GENERALIZED_PARAMS}`);
    const cp = child(path, 'cores');
    const cores = readArray(o['cores'], cp, T).map((g, t) => readCore(g, child(cp, t), io.L, ranks[t] as number, ranks[t + 1] as number));
    // The caterpillar: leaves 0..T-1, the unit state T, then inner node t combining (leaf t - 1, the state before).
    const nodes: GeneralizedNode[] = [...Array.from({ length: T }, (_, t) => ({ kind: 'leaf' as const, mode: t })), { kind: 'unit' }];
    cores.forEach((core, t) => nodes.push({ kind: 'inner', children: [t, t === 0 ? T : T + t], width: ranks[t + 1] as number, core }));
    net = { format, xi: xi as 'relu' | 'product', ...io, T, nodes, ranks };
  } else {
    const np = child(path, 'nodes');
    const raw = readArray(o['nodes'], np);
    const T = raw.filter((v) => typeof v === 'object' && v !== null && Object.prototype.hasOwnProperty.call(v, 'leaf')).length;
    if (T < 1 || T > MAX_GRID_ORDER) reject('BAD_TENSOR', np, `the order (the number of leaves) must be 1..${MAX_GRID_ORDER}, got ${T}`);
    if (raw.length !== 2 * T - 1) reject('BAD_TENSOR', np, `a binary tree with ${T} leaves has ${2 * T - 1} nodes, got ${raw.length}`);
    const io = readInputs(o, path, T);
    const nodes: GeneralizedNode[] = [];
    const widths: number[] = [];
    const used = new Set<number>();
    const modes = new Set<number>();
    let params = 0;
    raw.forEach((v, t) => {
      const p = child(np, t);
      const head = readObject(v, p, [], ['leaf', 'children', 'rank', 'core']);
      if (Object.prototype.hasOwnProperty.call(head, 'leaf')) {
        const mode = readInt(readObject(v, p, ['leaf'])['leaf'], child(p, 'leaf'), 0, T - 1);
        if (modes.has(mode)) reject('BAD_TENSOR', child(p, 'leaf'), `mode ${mode} is on two leaves`);
        modes.add(mode);
        nodes.push({ kind: 'leaf', mode });
        widths.push(io.L);
        return;
      }
      const q = readObject(v, p, ['children', 'rank', 'core']);
      const ch = readArray(q['children'], child(p, 'children'), 2).map((c, k) => readInt(c, child(child(p, 'children'), k), 0, t - 1));
      for (const c of ch) {
        if (used.has(c)) reject('BAD_TENSOR', child(p, 'children'), `node ${c} is a child twice`);
        used.add(c);
      }
      const rank = readInt(q['rank'], child(p, 'rank'), 1, MAX_GENERALIZED_RANK);
      if (t === raw.length - 1 && rank !== 1) reject('BAD_TENSOR', child(p, 'rank'), 'the root has rank 1');
      const [x, y] = ch as [number, number];
      params += (widths[x] as number) * (widths[y] as number) * rank;
      if (params > MAX_GENERALIZED_PARAMS) reject('BUDGET_EXCEEDED', np, `more than ${MAX_GENERALIZED_PARAMS} core parameters`);
      nodes.push({ kind: 'inner', children: [x, y], width: rank, core: readCore(q['core'], child(p, 'core'), widths[x] as number, widths[y] as number, rank) });
      widths.push(rank);
    });
    if (nodes[nodes.length - 1]?.kind !== 'inner' && T > 1) reject('BAD_TENSOR', np, 'the root (last node) must be an inner node');
    if (T === 1) reject('BAD_TENSOR', np, 'a generalized HT network has at least two modes');
    net = { format, xi: xi as 'relu' | 'product', ...io, T, nodes };
  }
  for (const [a, where] of [[net.features, child(path, 'features')], ...net.inputs.map((c, t) => [c, child(child(path, 'inputs'), t)] as const), ...net.nodes.flatMap((v) => (v.kind === 'inner' ? [[v.core, path] as const] : []))] as const)
    for (const q of a) if (bitLength(q.num) > MAX_PARAM_BITS || bitLength(q.den) > MAX_PARAM_BITS) reject('BUDGET_EXCEEDED', where, `a parameter with more than ${MAX_PARAM_BITS} bits in its numerator or denominator`);
  return net;
}

const reduce = (q: Scalar): Scalar => {
  if (q.den === 1n) return q;
  const g = gcd(q.num, q.den);
  return g === 1n ? q : { num: q.num / g, den: q.den / g };
};
const add = (a: Scalar, b: Scalar): Scalar => (a.den === b.den ? reduce({ num: a.num + b.num, den: a.den }) : reduce({ num: a.num * b.den + b.num * a.den, den: a.den * b.den }));
const mul = (a: Scalar, b: Scalar): Scalar => reduce({ num: a.num * b.num, den: a.den * b.den });
const less = (a: Scalar, b: Scalar): boolean => a.num * b.den < b.num * a.den;
const ZERO: Scalar = { num: 0n, den: 1n };
const ONE: Scalar = { num: 1n, den: 1n };

/** xi of the network on exact values. */
function xiOf(n: GeneralizedNetwork, x: Scalar, y: Scalar): Scalar {
  if (n.xi === 'product') return mul(x, y);
  const m = less(x, y) ? y : x;
  return less(m, ZERO) ? ZERO : m;
}

/** The identity digest's text: the canonical JSON of the network in reduced form. */
export function generalizedIdentity(n: GeneralizedNetwork): string {
  const t = (q: Scalar): string => {
    const r = reduce(q.den < 0n ? { num: -q.num, den: -q.den } : q);
    return r.den === 1n ? r.num.toString() : `${r.num}/${r.den}`;
  };
  const inner = n.nodes.flatMap((v) => (v.kind === 'inner' ? [v] : []));
  // A TT's identity is its cores with its ranks (as since the format's first version); an HT's, its tree with the cores.
  if (n.format === 'generalized-tt') return canonicalJson({ xi: n.xi, M: n.M, N: n.N, L: n.L, ranks: n.ranks as readonly number[], features: n.features.map(t), inputs: n.inputs.map((c) => c.map(t)), cores: inner.map((v) => v.core.map(t)) });
  return canonicalJson({ format: n.format, xi: n.xi, M: n.M, N: n.N, L: n.L, tree: treeOf(n), features: n.features.map(t), inputs: n.inputs.map((c) => c.map(t)), cores: inner.map((v) => v.core.map(t)) });
}

/** An HT network's tree without parameters (leaves and inner nodes with their ranks). */
export function treeOf(n: GeneralizedNetwork): GeneralizedTreeNode[] {
  return n.nodes.map((v) => (v.kind === 'leaf' ? { leaf: v.mode } : v.kind === 'inner' ? { children: v.children, rank: v.width } : { leaf: -1 }));
}

/** Most bits of a parameter's numerator or denominator. */
export const MAX_PARAM_BITS = 64;
/** Most bits of the common denominator of all parameters. */
export const MAX_DENOMINATOR_BITS = 256;
/** Most bits valueBits' denominator bound may have (checkScoreCost): the budget per value of an order-T network. */
const denominatorBudget = (n: GeneralizedNetwork): number => MAX_DENOMINATOR_BITS * (3 * n.T);
/** Most sequence entries (sequences times T) one evaluation takes, checked before any is built. */
export const MAX_SEQUENCE_ENTRIES = 1 << 24;
/** Most state values of one node (distinct assignments below it times its width); evaluate releases a node's states once its parent is computed. */
export const MAX_STATE_VALUES = 1 << 24;
/** Most cost units (multiply-adds, a rational one weighted by its numbers' size) of one evaluation. */
export const MAX_SCORE_COST = 2 ** 28;

const bitLength = (x: bigint): number => (x === 0n ? 0 : (x < 0n ? -x : x).toString(2).length);

/**
 * Sequences of template indices, flat (T entries each), as a tree of shared sub-assignments: for
 * each node the distinct assignments of the modes below it (ids 0..count-1; a leaf's id is its
 * template index, the unit state's 0, an inner node's from its children's ids), each inner
 * node's pairs of child ids, and each sequence's root id. Keys are integers, never strings.
 */
export interface SequenceTree {
  readonly count: readonly number[];
  /** For inner node v: the children's ids of each of its ids, interleaved (x0, y0, x1, y1, ...). */
  readonly pairs: readonly (Int32Array | undefined)[];
  readonly root: Int32Array;
}

/** Builds the sequence tree; refuses more than MAX_SEQUENCE_ENTRIES entries before reading them. */
export function sequenceTree(n: GeneralizedNetwork, flat: Int32Array, path: string): SequenceTree {
  const T = n.T;
  if (flat.length > MAX_SEQUENCE_ENTRIES) reject('BUDGET_EXCEEDED', path, `${flat.length} sequence entries, above the kernel's limit ${MAX_SEQUENCE_ENTRIES}`);
  const count: number[] = [];
  const pairs: (Int32Array | undefined)[] = [];
  const S = flat.length / T;
  const ids: Int32Array[] = [];
  n.nodes.forEach((v) => {
    const out = new Int32Array(S);
    if (v.kind === 'leaf') {
      for (let s = 0; s < S; s++) out[s] = flat[s * T + v.mode] as number;
      count.push(n.M);
      pairs.push(undefined);
    } else if (v.kind === 'unit') {
      count.push(1);
      pairs.push(undefined);
    } else {
      const [x, y] = v.children;
      const ix = ids[x] as Int32Array;
      const iy = ids[y] as Int32Array;
      const cy = count[y] as number;
      const seen = new Map<number, number>();
      const pr: number[] = [];
      for (let s = 0; s < S; s++) {
        const key = (ix[s] as number) * cy + (iy[s] as number);
        let id = seen.get(key);
        if (id === undefined) {
          id = pr.length / 2;
          seen.set(key, id);
          pr.push(ix[s] as number, iy[s] as number);
        }
        out[s] = id;
      }
      count.push(pr.length / 2);
      pairs.push(Int32Array.from(pr));
    }
    ids.push(out);
  });
  return { count, pairs, root: ids[ids.length - 1] as Int32Array };
}

/**
 * A bound on the bits of every value of an evaluation: its magnitude (log2) and, for rationals,
 * its denominator. With D the common denominator of all parameters, a_t has denominator D^2 and a
 * node's state D^(1 + max of its children's exponents) (relu) or D^(1 + their sum) (product);
 * magnitudes follow |h_v| <= w_x w_y max|G_v| (max(|h_x|, |h_y|) for relu, |h_x| |h_y| for
 * product). For budgets only (it decides no result): logarithms are rounded up generously, and
 * the denominator is Infinity when D alone has more bits than checkScoreCost accepts.
 */
export function valueBits(n: GeneralizedNetwork): { magnitude: number; denominator: number } {
  const maxLog = (a: readonly Scalar[]): number => a.reduce((m, q) => Math.max(m, bitLength(q.num) - bitLength(q.den) + 1), 0);
  const logA = Math.log2(n.N) + 1 + maxLog(n.features) + Math.max(0, ...n.inputs.map(maxLog));
  const relu = n.xi === 'relu';
  const log: number[] = [];
  const exp: number[] = [];
  let mag = logA;
  n.nodes.forEach((v, t) => {
    if (v.kind === 'leaf') (log[t] = logA), (exp[t] = 2);
    else if (v.kind === 'unit') (log[t] = relu ? 0 : 1), (exp[t] = 0);
    else {
      const [x, y] = v.children;
      const wx = widthOf(n, x);
      const wy = widthOf(n, y);
      const lx = log[x] as number;
      const ly = log[y] as number;
      log[t] = Math.log2(wx * wy) + 1 + maxLog(v.core) + (relu ? Math.max(lx, ly) : lx + ly);
      exp[t] = 1 + (relu ? Math.max(exp[x] as number, exp[y] as number) : (exp[x] as number) + (exp[y] as number));
      mag = Math.max(mag, log[t] as number);
    }
  });
  // The common denominator grows by up to 64 bits per parameter, so its lcm is given up (Infinity)
  // as soon as it alone is above what checkScoreCost accepts: computed in full, 2^16 distinct
  // denominators took minutes (each step costs the size of D).
  const cap = denominatorBudget(n);
  let D = 1n;
  for (const a of [n.features, ...n.inputs, ...n.nodes.map((v) => (v.kind === 'inner' ? v.core : []))])
    for (const q of a)
      if (q.den !== 1n && D % q.den !== 0n) {
        D = (D / gcd(D, q.den)) * q.den;
        if (bitLength(D) > cap) return { magnitude: Math.ceil(mag) + 1, denominator: Infinity };
      }
  const dBits = D === 1n ? 0 : bitLength(D);
  return { magnitude: Math.ceil(mag) + 1, denominator: dBits * Math.max(0, ...exp) };
}

/** Whether every parameter is a safe integer (then the double path is tried, every operation checked). */
function integral(n: GeneralizedNetwork): boolean {
  return [n.features, ...n.inputs, ...n.nodes.map((v) => (v.kind === 'inner' ? v.core : []))].every((a) => a.every((q) => q.den === 1n && bitLength(q.num) <= 53));
}

/**
 * Checks the cost of evaluating the tree's scores before any is computed: memory (the widest
 * node's states) and work (multiply-adds; on the exact path, `exact`, each weighted by the
 * squared size in 64-bit words of the numbers valueBits bounds). An integral network is first
 * tried on doubles (cost = work); if a value leaves the safe integers the evaluation checks the
 * exact path's cost again before running it.
 */
export function checkScoreCost(n: GeneralizedNetwork, tree: SequenceTree, path: string, exact = !integral(n)): void {
  const bits = valueBits(n);
  if (bits.denominator > denominatorBudget(n)) reject('BUDGET_EXCEEDED', path, 'the common denominator of the parameters is too large');
  let work = n.T * n.M * n.L * n.N;
  let widest = 0;
  n.nodes.forEach((v, t) => {
    if (v.kind !== 'inner') return;
    const c = tree.count[t] as number;
    work += c * widthOf(n, v.children[0]) * widthOf(n, v.children[1]) * v.width;
    widest = Math.max(widest, c * v.width);
  });
  if (widest > MAX_STATE_VALUES) reject('BUDGET_EXCEEDED', path, `${widest} state values at once, above the kernel's limit ${MAX_STATE_VALUES}`);
  const words = Math.ceil((bits.magnitude + bits.denominator) / 64);
  const cost = exact ? work * 16 * Math.max(1, words * words) : work;
  if (cost > MAX_SCORE_COST) reject('BUDGET_EXCEEDED', path, `evaluating the scores${exact ? ' exactly' : ''} takes about ${cost.toExponential(2)} cost units (numbers of up to ${bits.magnitude + bits.denominator} bits), above the kernel's limit ${MAX_SCORE_COST.toExponential(2)}`);
}

/** Raised inside the double path when a value leaves the safe integers (then the exact path is costed and run). */
class Unsafe extends Error {}

const safe = (x: number): number => {
  if (!Number.isSafeInteger(x)) throw new Unsafe();
  return x;
};

/** The operations of one evaluation: on exact rationals, or on doubles (used only when exact). */
interface Ops<V> {
  readonly zero: V;
  readonly unit: V;
  readonly of: (q: Scalar) => V;
  readonly add: (a: V, b: V) => V;
  readonly mul: (a: V, b: V) => V;
  readonly xi: (a: V, b: V) => V;
  readonly isZero: (a: V) => boolean;
}

function evaluate<V>(n: GeneralizedNetwork, tree: SequenceTree, o: Ops<V>): V[] {
  // states[v][id]: the state of node v at its id-th distinct assignment; every node but the root is
  // one node's child, so its states are dropped once that parent is computed (else all nodes' are
  // held to the end: a TT certificate that took 0.5 GB before the tree evaluator took 1.7 GB).
  const states: (V[][] | undefined)[] = [];
  n.nodes.forEach((v, t) => {
    if (v.kind === 'leaf') {
      const c = n.inputs[v.mode] as readonly Scalar[];
      const out: V[][] = [];
      for (let i = 0; i < n.M; i++) {
        const a: V[] = [];
        for (let r = 0; r < n.L; r++) {
          let s = o.zero;
          for (let k = 0; k < n.N; k++) s = o.add(s, o.mul(o.of(c[r * n.N + k] as Scalar), o.of(n.features[i * n.N + k] as Scalar)));
          a.push(s);
        }
        out.push(a);
      }
      states.push(out);
      return;
    }
    if (v.kind === 'unit') {
      states.push([[o.unit]]);
      return;
    }
    const [x, y] = v.children;
    const wx = widthOf(n, x);
    const wy = widthOf(n, y);
    const gv = v.core.map((w) => (w.num === 0n ? undefined : o.of(w)));
    const pr = tree.pairs[t] as Int32Array;
    const sx = states[x] as V[][];
    const sy = states[y] as V[][];
    const out: V[][] = [];
    for (let id = 0; id < (tree.count[t] as number); id++) {
      const hx = sx[pr[2 * id] as number] as V[];
      const hy = sy[pr[2 * id + 1] as number] as V[];
      const h = new Array<V>(v.width).fill(o.zero);
      for (let i = 0; i < wx; i++)
        for (let j = 0; j < wy; j++) {
          const z = o.xi(hx[i] as V, hy[j] as V);
          if (o.isZero(z)) continue;
          for (let k = 0; k < v.width; k++) {
            const w = gv[(i * wy + j) * v.width + k];
            if (w !== undefined) h[k] = o.add(h[k] as V, o.mul(w, z));
          }
        }
      out.push(h);
    }
    states[x] = undefined;
    states[y] = undefined;
    states.push(out);
  });
  const top = states[states.length - 1] as V[][];
  return Array.from(tree.root, (id) => (top[id] as V[])[0] as V);
}

/** The scores of the tree's sequences (in order), exactly; call checkScoreCost first. */
export function treeScores(n: GeneralizedNetwork, tree: SequenceTree, path: string): Scalar[] {
  const relu = n.xi === 'relu';
  if (integral(n)) {
    try {
      // Every sum and product is checked to stay a safe integer, so the doubles are exact.
      const ints = evaluate<number>(n, tree, { zero: 0, unit: relu ? 0 : 1, of: (q) => Number(q.num), add: (a, b) => safe(a + b), mul: (a, b) => safe(a * b), xi: relu ? (a, b) => Math.max(a, b, 0) : (a, b) => safe(a * b), isZero: (a) => a === 0 });
      return ints.map((v) => ({ num: BigInt(v), den: 1n }));
    } catch (e) {
      if (!(e instanceof Unsafe)) throw e;
      checkScoreCost(n, tree, path, true);
    }
  }
  return evaluate<Scalar>(n, tree, { zero: ZERO, unit: relu ? ZERO : ONE, of: (q) => q, add, mul, xi: (a, b) => xiOf(n, a, b), isZero: (a) => a.num === 0n });
}

/** The scores of template sequences (each a list of T template indices), exactly, within the budgets. */
export function scores(n: GeneralizedNetwork, sequences: readonly (readonly number[])[]): Scalar[] {
  const flat = new Int32Array(sequences.length * n.T);
  sequences.forEach((s, i) => flat.set(s, i * n.T));
  const tree = sequenceTree(n, flat, '');
  checkScoreCost(n, tree, '');
  return treeScores(n, tree, '');
}

/**
 * An HT tree nested, as structures.ts writes HT trees, with each inner node's rank: the tree
 * 0, 1, (0 1), 2, 3, (3 4), (2 5) with ranks 2, 2, 1 is "((0 1):2 (2 3):2):1" (a flat list would
 * mix leaf modes with node indices). A child index that names no earlier node (a statement that
 * can match no certificate) is written "?".
 */
function htTreeText(nodes: readonly GeneralizedTreeNode[]): string {
  const out: string[] = [];
  for (const v of nodes) out.push('leaf' in v ? String(v.leaf) : `(${out[v.children[0]] ?? '?'} ${out[v.children[1]] ?? '?'}):${v.rank}`);
  return out[out.length - 1] ?? '';
}

/** The network in words (for statements and claims). */
export function generalizedText(r: GeneralizedRef): string {
  const xi = r.xi === 'relu' ? 'max(x, y, 0)' : 'x y';
  if ('nodes' in r) return `generalized HT network (xi = ${xi}) of order ${r.order} on the tree ${htTreeText(r.nodes)} (modes at the leaves, each inner node's rank after it), on a template of ${r.template} points, with identity ${r.digest.slice(0, 16)}`;
  return `generalized TT network (xi = ${xi}) of order ${r.order}, ranks (${r.ranks.join(',')}), on a template of ${r.template} points, with identity ${r.digest.slice(0, 16)}`;
}
