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
    a.forEach((m, i) => out.push(...readMatrix(m, child(gp, i), ranks[t] as number, ranks[t + 1] as number)));
    return out;
  });
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

/** The distinct prefixes of each length (the hidden states the evaluation computes). */
function prefixCounts(T: number, sequences: readonly (readonly number[])[]): number[] {
  const sets = Array.from({ length: T + 1 }, () => new Set<string>());
  for (const s of sequences) for (let t = 1; t <= T; t++) sets[t]?.add(s.slice(0, t).join(','));
  return sets.map((x) => x.size);
}

/** Work of evaluating these scores (multiply-adds over the distinct hidden states), for budgets. */
export function scoreWork(n: GeneralizedNetwork, sequences: readonly (readonly number[])[]): number {
  const counts = prefixCounts(n.T, sequences);
  let work = n.T * n.M * n.L * n.N;
  for (let t = 1; t <= n.T; t++) work += (counts[t] as number) * n.L * (n.ranks[t - 1] as number) * (n.ranks[t] as number);
  return work;
}

/** The operations of one evaluation: on exact rationals, or on doubles that must stay safe integers. */
interface Ops<V> {
  readonly zero: V;
  readonly unit: V;
  readonly of: (q: Scalar) => V;
  readonly add: (a: V, b: V) => V;
  readonly mul: (a: V, b: V) => V;
  readonly xi: (a: V, b: V) => V;
  readonly isZero: (a: V) => boolean;
}

/** Raised inside the double path when a value leaves the safe integers (then the exact path runs). */
class Unsafe extends Error {}

const safe = (x: number): number => {
  if (!Number.isSafeInteger(x)) throw new Unsafe();
  return x;
};

function evaluate<V>(n: GeneralizedNetwork, sequences: readonly (readonly number[])[], o: Ops<V>): V[] {
  const inputs = new Map<number, V[]>();
  const input = (t: number, i: number): V[] => {
    const key = t * n.M + i;
    const hit = inputs.get(key);
    if (hit) return hit;
    const c = n.inputs[t] as readonly Scalar[];
    const out: V[] = [];
    for (let a = 0; a < n.L; a++) {
      let s = o.zero;
      for (let k = 0; k < n.N; k++) s = o.add(s, o.mul(o.of(c[a * n.N + k] as Scalar), o.of(n.features[i * n.N + k] as Scalar)));
      out.push(s);
    }
    inputs.set(key, out);
    return out;
  };
  const states = new Map<string, V[]>();
  const state = (seq: readonly number[], t: number): V[] => {
    if (t === 0) return [o.unit];
    const key = seq.slice(0, t).join(',');
    const hit = states.get(key);
    if (hit) return hit;
    const prev = state(seq, t - 1);
    const a = input(t - 1, seq[t - 1] as number);
    const g = n.cores[t - 1] as readonly Scalar[];
    const r0 = n.ranks[t - 1] as number;
    const r1 = n.ranks[t] as number;
    const out = new Array<V>(r1).fill(o.zero);
    for (let i = 0; i < n.L; i++)
      for (let j = 0; j < r0; j++) {
        const v = o.xi(a[i] as V, prev[j] as V);
        if (o.isZero(v)) continue;
        for (let k = 0; k < r1; k++) {
          const w = g[(i * r0 + j) * r1 + k] as Scalar;
          if (w.num !== 0n) out[k] = o.add(out[k] as V, o.mul(o.of(w), v));
        }
      }
    states.set(key, out);
    return out;
  };
  return sequences.map((s) => state(s, n.T)[0] as V);
}

/** Whether every parameter is a safe integer (then scores are evaluated on doubles, checked safe). */
export function isIntegral(n: GeneralizedNetwork): boolean {
  return [n.features, ...n.inputs, ...n.cores].every((a) => a.every((q) => q.den === 1n && Number.isSafeInteger(Number(q.num))));
}

/**
 * The scores of template sequences (each a list of T template indices), exactly. A network whose
 * parameters are all integers is evaluated on doubles as long as every value is a safe integer
 * (then exact); anything else, or any value leaving the safe integers, on rationals.
 */
export function scores(n: GeneralizedNetwork, sequences: readonly (readonly number[])[]): Scalar[] {
  const relu = n.xi === 'relu';
  if (isIntegral(n)) {
    try {
      const ints = evaluate<number>(n, sequences, {
        zero: 0,
        unit: relu ? 0 : 1,
        of: (q) => Number(q.num),
        add: (a, b) => safe(a + b),
        mul: (a, b) => safe(a * b),
        xi: relu ? (a, b) => Math.max(a, b, 0) : (a, b) => safe(a * b),
        isZero: (a) => a === 0,
      });
      return ints.map((v) => ({ num: BigInt(v), den: 1n }));
    } catch (e) {
      if (!(e instanceof Unsafe)) throw e;
    }
  }
  return evaluate<Scalar>(n, sequences, { zero: ZERO, unit: relu ? ZERO : ONE, of: (q) => q, add, mul, xi: (a, b) => xiOf(n, a, b), isZero: (a) => a.num === 0n });
}

/** The network in words (for statements and claims). */
export function generalizedText(r: GeneralizedRef): string {
  return `generalized TT network (xi = ${r.xi === 'relu' ? 'max(x, y, 0)' : 'x y'}) of order ${r.order}, ranks (${r.ranks.join(',')}), on a template of ${r.template} points, with identity ${r.digest.slice(0, 16)}`;
}
