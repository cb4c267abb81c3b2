/**
 * Generalized recurrent networks (Khrulkov, Hrinchuk & Oseledets, ICLR 2019) and their grid
 * tensors, read and evaluated exactly.
 *
 * A network `{"format": "generalized-tt", "xi": "relu" | "product", "features": F, "inputs":
 * [C_1..C_T], "cores": [G_1..G_T], "ranks": [R_0..R_T]}` with F an M x N matrix (row i: the
 * features of template point i), C_t an L x N matrix and G_t an L x R_{t-1} x R_t array (all
 * row-major, rational entries), R_0 = R_T = 1. Its score on the template sequence (i_1, ..., i_T):
 *
 *     a_t = C_t f_{i_t}  (L values),  h_0 = (u),  h_t[k] = sum_{a, j} G_t[a, j, k] xi(a_t[a], h_{t-1}[j]),
 *
 * the score h_T[0], with xi(x, y) = max(x, y, 0) and u = 0 (relu), or xi(x, y) = x y and u = 1
 * (product). The grid tensor is the M^T array of scores; its matricizations are the subjects of
 * grid rank claims. Arithmetic is exact (rationals, max by exact comparison).
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

/** A generalized network, read. */
export interface GeneralizedNetwork {
  readonly xi: 'relu' | 'product';
  /** Template size M, feature size N, input width L, order T. */
  readonly M: number;
  readonly N: number;
  readonly L: number;
  readonly T: number;
  readonly ranks: readonly number[];
  readonly features: readonly Scalar[];
  readonly inputs: readonly (readonly Scalar[])[];
  readonly cores: readonly (readonly Scalar[])[];
}

/** What claims and statements say about a network: its shape and identity digest (not its data). */
export interface GeneralizedRef {
  readonly xi: 'relu' | 'product';
  readonly template: number;
  readonly order: number;
  readonly ranks: readonly number[];
  readonly digest: string;
}

function readMatrix(x: unknown, path: string, rows: number, cols: number): Scalar[] {
  const out: Scalar[] = [];
  readArray(x, path, rows).forEach((row, i) => readArray(row, child(path, i), cols).forEach((v, j) => out.push(readScalar(v, child(child(path, i), j)))));
  return out;
}

/** Reads a generalized network strictly. */
export function readGeneralized(x: unknown, path: string): GeneralizedNetwork {
  const o = readObject(x, path, ['format', 'xi', 'features', 'inputs', 'cores', 'ranks']);
  if (readString(o['format'], child(path, 'format')) !== 'generalized-tt') reject('WRONG_TYPE', child(path, 'format'), 'expected "generalized-tt"');
  const xi = readString(o['xi'], child(path, 'xi'));
  if (xi !== 'relu' && xi !== 'product') reject('BAD_STATEMENT', child(path, 'xi'), 'expected "relu" or "product"');
  const ranks = readArray(o['ranks'], child(path, 'ranks')).map((v, t) => readInt(v, child(child(path, 'ranks'), t), 1, 1 << 12));
  const T = ranks.length - 1;
  if (T < 1 || T > MAX_GRID_ORDER) reject('BAD_TENSOR', child(path, 'ranks'), `the order must be 1..${MAX_GRID_ORDER}, got ${T}`);
  if (ranks[0] !== 1 || ranks[T] !== 1) reject('BAD_TENSOR', child(path, 'ranks'), 'the boundary ranks R_0 and R_T must be 1');
  const fp = child(path, 'features');
  const rowsF = readArray(o['features'], fp);
  const M = rowsF.length;
  if (M < 1 || M > MAX_TEMPLATE) reject('BAD_TENSOR', fp, `the template has 1..${MAX_TEMPLATE} points, got ${M}`);
  const N = readArray(rowsF[0], child(fp, 0)).length;
  const ip = child(path, 'inputs');
  const ins = readArray(o['inputs'], ip, T);
  const L = readArray(ins[0], child(ip, 0)).length;
  if (N < 1 || L < 1) reject('BAD_TENSOR', path, 'empty features or inputs');
  let params = M * N;
  for (let t = 1; t <= T; t++) params += L * N + L * (ranks[t - 1] as number) * (ranks[t] as number);
  if (params > MAX_GENERALIZED_PARAMS) reject('BUDGET_EXCEEDED', path, `${params} parameters, above the kernel's limit ${MAX_GENERALIZED_PARAMS}`);
  const features = readMatrix(o['features'], fp, M, N);
  const inputs = ins.map((c, t) => readMatrix(c, child(ip, t), L, N));
  const cp = child(path, 'cores');
  const cores = readArray(o['cores'], cp, T).map((g, t) => {
    const gp = child(cp, t);
    const a = readArray(g, gp, L);
    const out: Scalar[] = [];
    a.forEach((m, i) => {
      for (const v of readMatrix(m, child(gp, i), ranks[t] as number, ranks[t + 1] as number)) out.push(v);
    });
    return out;
  });
  for (const [a, where] of [[features, fp], ...inputs.map((c, t) => [c, child(ip, t)] as const), ...cores.map((g, t) => [g, child(cp, t)] as const)] as const)
    for (const q of a) if (bitLength(q.num) > MAX_PARAM_BITS || bitLength(q.den) > MAX_PARAM_BITS) reject('BUDGET_EXCEEDED', where, `a parameter with more than ${MAX_PARAM_BITS} bits in its numerator or denominator`);
  return { xi: xi as 'relu' | 'product', M, N, L, T, ranks, features, inputs, cores };
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
  return canonicalJson({ xi: n.xi, M: n.M, N: n.N, L: n.L, ranks: n.ranks, features: n.features.map(t), inputs: n.inputs.map((c) => c.map(t)), cores: n.cores.map((g) => g.map(t)) });
}

/** Most bits of a parameter's numerator or denominator. */
export const MAX_PARAM_BITS = 64;
/** Most bits of the common denominator of all parameters. */
export const MAX_DENOMINATOR_BITS = 256;
/** Most sequence entries (sequences times T) one evaluation takes, checked before any is built. */
export const MAX_SEQUENCE_ENTRIES = 1 << 24;
/** Most hidden-state values held at once (distinct prefixes of one length times the width). */
export const MAX_STATE_VALUES = 1 << 24;
/** Most cost units (multiply-adds, a rational one weighted by its numbers' size) of one evaluation. */
export const MAX_SCORE_COST = 2 ** 28;

const bitLength = (x: bigint): number => (x === 0n ? 0 : (x < 0n ? -x : x).toString(2).length);

/**
 * Sequences of template indices, flat (T entries each), as a prefix tree: for each length t the
 * distinct prefixes (ids 0..count-1) with their parent prefix and last index, and each sequence's
 * prefix id at length T. Keys are integers (parent id * M + index), never strings.
 */
export interface PrefixTree {
  readonly count: number;
  readonly parent: readonly Int32Array[];
  readonly last: readonly Int32Array[];
  readonly leaf: Int32Array;
}

/** Builds the prefix tree; refuses more than MAX_SEQUENCE_ENTRIES entries before reading them. */
export function prefixTree(n: GeneralizedNetwork, flat: Int32Array, path: string): PrefixTree {
  const T = n.T;
  if (flat.length > MAX_SEQUENCE_ENTRIES) reject('BUDGET_EXCEEDED', path, `${flat.length} sequence entries, above the kernel's limit ${MAX_SEQUENCE_ENTRIES}`);
  const count = flat.length / T;
  let ids = new Int32Array(count);
  const parent: Int32Array[] = [new Int32Array(0)];
  const last: Int32Array[] = [new Int32Array(0)];
  for (let t = 1; t <= T; t++) {
    const seen = new Map<number, number>();
    const par: number[] = [];
    const lst: number[] = [];
    const next = new Int32Array(count);
    for (let s = 0; s < count; s++) {
      const i = flat[s * T + t - 1] as number;
      const key = (ids[s] as number) * n.M + i;
      let id = seen.get(key);
      if (id === undefined) {
        id = par.length;
        seen.set(key, id);
        par.push(ids[s] as number);
        lst.push(i);
      }
      next[s] = id;
    }
    parent.push(Int32Array.from(par));
    last.push(Int32Array.from(lst));
    ids = next;
  }
  return { count, parent, last, leaf: ids };
}

/**
 * A bound on the bits of every value of an evaluation: its magnitude (log2) and, for rationals,
 * its denominator. With D the common denominator of all parameters, a_t has denominator D^2 and
 * h_t at most D^(t+2) (relu) or D^(3t) (product); magnitudes follow |a| <= N max|F| max|C| and
 * |h_t| <= L R_(t-1) max|G_t| (max(|a|, |h_(t-1)|) for relu, |a| |h_(t-1)| for product). For budgets
 * only (it decides no result): logarithms are rounded up generously.
 */
export function valueBits(n: GeneralizedNetwork): { magnitude: number; denominator: number } {
  const maxLog = (a: readonly Scalar[]): number => a.reduce((m, q) => Math.max(m, bitLength(q.num) - bitLength(q.den) + 1), 0);
  const logA = Math.log2(n.N) + 1 + maxLog(n.features) + Math.max(0, ...n.inputs.map(maxLog));
  let logH = n.xi === 'relu' ? 0 : 1;
  let mag = logA;
  for (let t = 1; t <= n.T; t++) {
    const g = maxLog(n.cores[t - 1] as readonly Scalar[]);
    logH = Math.log2(n.L * (n.ranks[t - 1] as number)) + 1 + g + (n.xi === 'relu' ? Math.max(logA, logH) : logA + logH);
    mag = Math.max(mag, logH);
  }
  let D = 1n;
  for (const a of [n.features, ...n.inputs, ...n.cores]) for (const q of a) if (q.den !== 1n) D = (D / gcd(D, q.den)) * q.den;
  const dBits = D === 1n ? 0 : bitLength(D);
  return { magnitude: Math.ceil(mag) + 1, denominator: dBits * (n.xi === 'relu' ? n.T + 2 : 3 * n.T) };
}

/** Whether every parameter is a safe integer (then the double path is tried, every operation checked). */
function integral(n: GeneralizedNetwork): boolean {
  return [n.features, ...n.inputs, ...n.cores].every((a) => a.every((q) => q.den === 1n && bitLength(q.num) <= 53));
}

/**
 * Checks the cost of evaluating the tree's scores before any is computed: memory (the widest
 * level's states) and work (multiply-adds; on the exact path, `exact`, each weighted by the
 * squared size in 64-bit words of the numbers valueBits bounds). An integral network is first
 * tried on doubles (cost = work); if a value leaves the safe integers the evaluation checks the
 * exact path's cost again before running it.
 */
export function checkScoreCost(n: GeneralizedNetwork, tree: PrefixTree, path: string, exact = !integral(n)): void {
  const bits = valueBits(n);
  if (bits.denominator > MAX_DENOMINATOR_BITS * (3 * n.T)) reject('BUDGET_EXCEEDED', path, 'the common denominator of the parameters is too large');
  let work = n.T * n.M * n.L * n.N;
  let widest = 0;
  for (let t = 1; t <= n.T; t++) {
    const c = (tree.parent[t] as Int32Array).length;
    work += c * n.L * (n.ranks[t - 1] as number) * (n.ranks[t] as number);
    widest = Math.max(widest, c * (n.ranks[t] as number));
  }
  if (widest > MAX_STATE_VALUES) reject('BUDGET_EXCEEDED', path, `${widest} hidden-state values at once, above the kernel's limit ${MAX_STATE_VALUES}`);
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

function evaluate<V>(n: GeneralizedNetwork, tree: PrefixTree, o: Ops<V>): V[] {
  const inputs: V[][] = [];
  for (let t = 0; t < n.T; t++)
    for (let i = 0; i < n.M; i++) {
      const c = n.inputs[t] as readonly Scalar[];
      const out: V[] = [];
      for (let a = 0; a < n.L; a++) {
        let s = o.zero;
        for (let k = 0; k < n.N; k++) s = o.add(s, o.mul(o.of(c[a * n.N + k] as Scalar), o.of(n.features[i * n.N + k] as Scalar)));
        out.push(s);
      }
      inputs.push(out);
    }
  let prev: V[][] = [[o.unit]];
  for (let t = 1; t <= n.T; t++) {
    const par = tree.parent[t] as Int32Array;
    const lst = tree.last[t] as Int32Array;
    const g = n.cores[t - 1] as readonly Scalar[];
    const gv = g.map((w) => (w.num === 0n ? undefined : o.of(w)));
    const r0 = n.ranks[t - 1] as number;
    const r1 = n.ranks[t] as number;
    const next: V[][] = [];
    for (let id = 0; id < par.length; id++) {
      const h = prev[par[id] as number] as V[];
      const a = inputs[(t - 1) * n.M + (lst[id] as number)] as V[];
      const out = new Array<V>(r1).fill(o.zero);
      for (let i = 0; i < n.L; i++)
        for (let j = 0; j < r0; j++) {
          const v = o.xi(a[i] as V, h[j] as V);
          if (o.isZero(v)) continue;
          for (let k = 0; k < r1; k++) {
            const w = gv[(i * r0 + j) * r1 + k];
            if (w !== undefined) out[k] = o.add(out[k] as V, o.mul(w, v));
          }
        }
      next.push(out);
    }
    prev = next;
  }
  return Array.from(tree.leaf, (id) => (prev[id] as V[])[0] as V);
}

/** The scores of the tree's sequences (in order), exactly; call checkScoreCost first. */
export function treeScores(n: GeneralizedNetwork, tree: PrefixTree, path: string): Scalar[] {
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
  const tree = prefixTree(n, flat, '');
  checkScoreCost(n, tree, '');
  return treeScores(n, tree, '');
}

/** The network in words (for statements and claims). */
export function generalizedText(r: GeneralizedRef): string {
  return `generalized TT network (xi = ${r.xi === 'relu' ? 'max(x, y, 0)' : 'x y'}) of order ${r.order}, ranks (${r.ranks.join(',')}), on a template of ${r.template} points, with identity ${r.digest.slice(0, 16)}`;
}
