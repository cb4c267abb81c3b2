/**
 * From a trained network to a tensor format: the weight tensor W_c of one class, as the CP / TT /
 * HT format of `src/formats`, first in float64 (for checks), then exactly as integers for the
 * kernel.
 *
 * Rounding policy. Every float32 weight is a dyadic rational; `exact` keeps it exactly (no
 * rounding at all), `bits:k` rounds it to the nearest multiple of 2^-k first (smaller integers,
 * a different but documented model). Each parameter array (a core, a factor matrix, the weights)
 * is then multiplied by the power of two that clears its denominators. Scaling one core by a
 * nonzero constant scales W_c, so every matricization rank, and so every certified bound, is that
 * of the exported model's W_c.
 *
 * @packageDocumentation
 */
import { ratFromDouble, type Rational } from '../exact/rational.js';
import { balancedTree } from '../formats/tree.js';
import type { CpTensor, HtInner, HtLeaf, HtTensor, SharedTtTensor, Tensor, TtTensor } from '../formats/types.js';
import { mapTensor } from '../formats/verbs.js';
import type { Net } from './models.js';

/** How float weights become exact numbers. */
export type RoundingPolicy = { readonly kind: 'exact' } | { readonly kind: 'bits'; readonly bits: number };

/** Parses `exact` or `bits:k`. */
export function parseRounding(text: string): RoundingPolicy | undefined {
  if (text === 'exact') return { kind: 'exact' };
  const m = /^bits:(\d+)$/.exec(text);
  if (m && Number(m[1]) >= 1 && Number(m[1]) <= 60) return { kind: 'bits', bits: Number(m[1]) };
  return undefined;
}

function slice(data: Float32Array, shape: readonly number[], lastIndex: number): number[] {
  const last = shape[shape.length - 1] as number;
  const out: number[] = [];
  for (let i = lastIndex; i < data.length; i += last) out.push(data[i] as number);
  return out;
}

/** The class-c weight tensor of a network, in its own format (float64 entries). */
export function exportClassTensor(net: Net, c: number): Tensor<number> {
  const { kind, d, features: m, rank: r, classes: C } = net.config;
  if (!Number.isInteger(c) || c < 0 || c >= C) throw new RangeError(`class must be in [0, ${C - 1}], got ${c}`);
  const cores = net.cores();
  const get = (name: string): { shape: number[]; data: Float32Array } => {
    const found = cores.find((x) => x.name === name);
    if (!found) throw new Error(`internal: no parameter ${name}`);
    return found;
  };
  const shape = new Array<number>(d).fill(m);
  switch (kind) {
    case 'cp': {
      const U = get('factors');
      const W = get('head');
      const factors = Array.from({ length: d }, (_, k) => Array.from(U.data.subarray(k * m * r, (k + 1) * m * r)));
      const x: CpTensor<number> = { format: 'cp', shape, rank: r, factors, weights: slice(W.data, W.shape, c) };
      return x;
    }
    case 'tt': {
      const first = get('first');
      const last = get('last');
      const middles = cores.filter((x) => x.name.startsWith('middle_'));
      if (net.config.sharedCores && d >= 3) {
        const shared: SharedTtTensor<number> = { format: 'tt-shared', order: d, size: m, rank: r, first: Array.from(first.data), middle: Array.from(middles[0]?.data ?? []), last: slice(last.data, last.shape, c) };
        return shared;
      }
      const ttCores: number[][] = [Array.from(first.data)];
      for (let k = 1; k < d - 1; k++) ttCores.push(Array.from((net.config.sharedCores ? middles[0] : middles[k - 1])?.data ?? []));
      ttCores.push(slice(last.data, last.shape, c));
      const x: TtTensor<number> = { format: 'tt', shape, ranks: [1, ...new Array<number>(d - 1).fill(r), 1], cores: ttCores };
      return x;
    }
    case 'ht': {
      const tree = balancedTree(d);
      const root = tree.nodes.length - 1;
      const nodes = tree.nodes.map((node, t): HtLeaf<number> | HtInner<number> => {
        if (node.kind === 'leaf') return { kind: 'leaf', mode: node.mode, rank: r, frame: Array.from(get(`leaf_${t}_mode_${node.mode}`).data) };
        const p = get(`node_${t}`);
        return t === root ? { kind: 'inner', left: node.left, right: node.right, rank: 1, transfer: slice(p.data, p.shape, c) } : { kind: 'inner', left: node.left, right: node.right, rank: r, transfer: Array.from(p.data) };
      });
      const x: HtTensor<number> = { format: 'ht', shape, nodes };
      return x;
    }
  }
}

/** A float as an exact rational under the policy. */
export function toRational(x: number, policy: RoundingPolicy): Rational {
  if (policy.kind === 'exact') return ratFromDouble(x);
  const scale = 2 ** policy.bits;
  return ratFromDouble(Math.round(x * scale) / scale);
}

/** Multiplies one parameter array by the power of two clearing its denominators. */
function integerArray(xs: readonly Rational[]): { ints: bigint[]; shift: number } {
  let maxDen = 1n;
  for (const q of xs) if (q.den > maxDen) maxDen = q.den;
  const shift = maxDen.toString(2).length - 1; // denominators are powers of two
  return { ints: xs.map((q) => q.num * (maxDen / q.den)), shift };
}

/** The exported tensor with exact integer parameters, and the power of two W_c was scaled by. */
export function toIntegerTensor(x: Tensor<number>, policy: RoundingPolicy): { tensor: Tensor<bigint>; log2Scale: number } {
  const q = mapTensor(x, (v: number) => toRational(v, policy));
  let total = 0;
  const fix = (arr: readonly Rational[]): bigint[] => {
    const { ints, shift } = integerArray(arr);
    total += shift;
    return ints;
  };
  switch (q.format) {
    case 'cp':
      return { tensor: { format: 'cp', shape: [...q.shape], rank: q.rank, factors: q.factors.map(fix), ...(q.weights ? { weights: fix(q.weights) } : {}) }, log2Scale: total };
    case 'tt':
      return { tensor: { format: 'tt', shape: [...q.shape], ranks: [...q.ranks], cores: q.cores.map(fix) }, log2Scale: total };
    case 'tt-shared':
      return { tensor: { format: 'tt-shared', order: q.order, size: q.size, rank: q.rank, first: fix(q.first), middle: fix(q.middle), last: fix(q.last) }, log2Scale: total };
    case 'ht':
      return {
        tensor: { format: 'ht', shape: [...q.shape], nodes: q.nodes.map((n) => (n.kind === 'leaf' ? { ...n, frame: fix(n.frame) } : { ...n, transfer: fix(n.transfer) })) },
        log2Scale: total,
      };
    case 'dense':
      return { tensor: { format: 'dense', shape: [...q.shape], data: fix(q.data) }, log2Scale: total };
    case 'network': {
      const own = q.data.map((d, t) => (q.nodes[t]?.sameAs === undefined ? fix(d) : []));
      return { tensor: { ...q, data: q.nodes.map((n, t) => (n.sameAs === undefined ? (own[t] as bigint[]) : (own[n.sameAs] as bigint[]))) }, log2Scale: total };
    }
  }
}
