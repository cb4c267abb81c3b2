/**
 * Hierarchical Tucker (HT) tensors: deep convolutional networks with product pooling
 * (Cohen, Sharir & Shashua 2016).
 *
 * Leaf t (mode m) has a frame U_t [n_m, r_t] (entry (i, c) at i r_t + c); inner node t with
 * children (t1, t2) has a transfer tensor B_t [r_t1, r_t2, r_t] (entry (a, b, c) at
 * (a r_t2 + b) r_t + c). The node's value is the r_t-vector of subtree tensors
 * X_t[:, c] = sum_{a, b} B_t[a, b, c] X_t1[:, a] (x) X_t2[:, b]; the root has r = 1 and X = X_root.
 *
 * @packageDocumentation
 */
import type { Field } from '../exact/field.js';
import { deriveSeed } from '../exact/prng.js';
import { checkShape, matricizationTables, sizeOf, splitOf, type Shape } from '../tensor/shape.js';
import { checkLength, checkPositive, DEFAULT_ENTRY_BOUND, prod, randomIntegers } from './common.js';
import { balancedTree, leafOrders, rootOf, validateTree } from './tree.js';
import { BudgetError, DEFAULT_DENSE_BUDGET, FormatError, type DenseTensor, type DimensionTree, type HtInner, type HtLeaf, type HtTensor } from './types.js';

/** An HT node without its data. */
export type HtStructureNode = { readonly kind: 'leaf'; readonly mode: number; readonly rank: number } | { readonly kind: 'inner'; readonly left: number; readonly right: number; readonly rank: number };

/** The HT tensor's structure: shape, tree and ranks. */
export interface HtStructure {
  readonly format: 'ht';
  readonly shape: Shape;
  readonly nodes: readonly HtStructureNode[];
}

/** Throws a {@link FormatError} unless shape, tree and ranks form a valid HT structure. */
export function validateStructure(x: HtStructure): void {
  try {
    checkShape(x.shape);
  } catch (e) {
    throw new FormatError('ht.shape', (e as Error).message);
  }
  validateTree({ nodes: x.nodes }, x.shape.length);
  x.nodes.forEach((node, t) => checkPositive(`ht.nodes[${t}].rank`, node.rank));
  const root = x.nodes[x.nodes.length - 1] as { rank: number };
  if (root.rank !== 1) throw new FormatError(`ht.nodes[${x.nodes.length - 1}].rank`, `the root's rank must be 1, got ${root.rank}`);
}

/** Throws a {@link FormatError} unless `x` is a well-formed HT tensor. */
export function validate(x: HtTensor<unknown>): void {
  validateStructure(x);
  x.nodes.forEach((node, t) => {
    if (node.kind === 'leaf') {
      const n = x.shape[node.mode] as number;
      checkLength(`ht.nodes[${t}].frame`, node.frame, n * node.rank, `[n_${node.mode}, r_${t}] = [${n}, ${node.rank}]`);
    } else {
      const a = (x.nodes[node.left] as { rank: number }).rank;
      const b = (x.nodes[node.right] as { rank: number }).rank;
      checkLength(`ht.nodes[${t}].transfer`, node.transfer, a * b * node.rank, `[r_${node.left}, r_${node.right}, r_${t}] = [${a}, ${b}, ${node.rank}]`);
    }
  });
}

export function shapeOf(x: HtTensor<unknown>): Shape {
  return x.shape;
}

/** The rank of every node, in node order (the root's is 1). */
export function ranksOf(x: HtTensor<unknown>): number[] {
  return x.nodes.map((n) => n.rank);
}

export function nParams(x: HtTensor<unknown>): number {
  return x.nodes.reduce((s, n) => s + (n.kind === 'leaf' ? n.frame.length : n.transfer.length), 0);
}

/** y_t[c] = sum_{a,b} B[a, b, c] y1[a] y2[b]. */
export function combine<T>(F: Field<T>, node: HtInner<T>, y1: readonly T[], y2: readonly T[], r1: number, r2: number): T[] {
  const r = node.rank;
  const out = new Array<T>(r).fill(F.zero);
  const B = node.transfer;
  for (let a = 0; a < r1; a++) {
    const ya = y1[a] as T;
    if (F.isZero(ya)) continue;
    for (let b = 0; b < r2; b++) {
      const yab = F.mul(ya, y2[b] as T);
      if (F.isZero(yab)) continue;
      const off = (a * r2 + b) * r;
      for (let c = 0; c < r; c++) out[c] = F.add(out[c] as T, F.mul(yab, B[off + c] as T));
    }
  }
  return out;
}

/** U_t^T v: the leaf's r_t-vector after contracting its mode with v. */
export function absorbVector<T>(F: Field<T>, x: HtTensor<T>, leaf: HtLeaf<T>, v: readonly T[]): T[] {
  const n = x.shape[leaf.mode] as number;
  const r = leaf.rank;
  const out = new Array<T>(r).fill(F.zero);
  for (let i = 0; i < n; i++) {
    const vi = v[i] as T;
    if (F.isZero(vi)) continue;
    for (let c = 0; c < r; c++) out[c] = F.add(out[c] as T, F.mul(vi, leaf.frame[i * r + c] as T));
  }
  return out;
}

/** Bottom-up evaluation given every leaf's vector. */
export function evaluateLeaves<T>(F: Field<T>, x: HtTensor<T>, leafValue: (leaf: HtLeaf<T>) => T[]): T {
  const vals: T[][] = [];
  for (const node of x.nodes) {
    if (node.kind === 'leaf') vals.push(leafValue(node));
    else vals.push(combine(F, node, vals[node.left] as T[], vals[node.right] as T[], (x.nodes[node.left] as { rank: number }).rank, (x.nodes[node.right] as { rank: number }).rank));
  }
  return (vals[vals.length - 1] as T[])[0] as T;
}

export function contract<T>(F: Field<T>, x: HtTensor<T>, vectors: readonly (readonly T[])[]): T {
  return evaluateLeaves(F, x, (leaf) => absorbVector(F, x, leaf, vectors[leaf.mode] as readonly T[]));
}

export function entry<T>(F: Field<T>, x: HtTensor<T>, index: readonly number[]): T {
  return evaluateLeaves(F, x, (leaf) => {
    const i = index[leaf.mode] as number;
    return leaf.frame.slice(i * leaf.rank, (i + 1) * leaf.rank) as T[];
  });
}

/**
 * Dense form, bottom-up: node t holds a (product of its subtree's mode sizes) x r_t matrix with the
 * subtree's modes in leaf order; the root's is permuted into the natural mode order.
 */
export function toDense<T>(F: Field<T>, x: HtTensor<T>, budget = DEFAULT_DENSE_BUDGET): DenseTensor<T> {
  const total = sizeOf(x.shape);
  if (total > BigInt(budget)) throw new BudgetError('the dense form of this HT tensor', total, budget, 'use entry, contract or the sketch engine instead');
  const orders = leafOrders({ nodes: x.nodes });
  const mats: T[][] = [];
  const rowsOf: number[] = [];
  for (const node of x.nodes) {
    if (node.kind === 'leaf') {
      mats.push([...node.frame]);
      rowsOf.push(x.shape[node.mode] as number);
      continue;
    }
    const A = mats[node.left] as T[];
    const B = mats[node.right] as T[];
    const ra = (x.nodes[node.left] as { rank: number }).rank;
    const rb = (x.nodes[node.right] as { rank: number }).rank;
    const na = rowsOf[node.left] as number;
    const nb = rowsOf[node.right] as number;
    const r = node.rank;
    const out = new Array<T>(na * nb * r).fill(F.zero);
    // out[(s, u), c] = sum_{a,b} A[s, a] B[u, b] T[a, b, c]: first W[u, a, c] = sum_b B[u, b] T[a, b, c].
    const W = new Array<T>(nb * ra * r).fill(F.zero);
    for (let u = 0; u < nb; u++)
      for (let b = 0; b < rb; b++) {
        const ub = B[u * rb + b] as T;
        if (F.isZero(ub)) continue;
        for (let a = 0; a < ra; a++)
          for (let c = 0; c < r; c++) W[(u * ra + a) * r + c] = F.add(W[(u * ra + a) * r + c] as T, F.mul(ub, node.transfer[(a * rb + b) * r + c] as T));
      }
    for (let s = 0; s < na; s++)
      for (let a = 0; a < ra; a++) {
        const sa = A[s * ra + a] as T;
        if (F.isZero(sa)) continue;
        for (let u = 0; u < nb; u++)
          for (let c = 0; c < r; c++) out[(s * nb + u) * r + c] = F.add(out[(s * nb + u) * r + c] as T, F.mul(sa, W[(u * ra + a) * r + c] as T));
      }
    mats.push(out);
    rowsOf.push(na * nb);
  }
  const rootData = mats[mats.length - 1] as T[];
  const order = orders[orders.length - 1] as number[];
  // rowOf[lin] is the position of natural multi-index lin in leaf order.
  const { rowOf } = matricizationTables(x.shape, splitOf(x.shape.length, order));
  const data = new Array<T>(rootData.length);
  for (let lin = 0; lin < data.length; lin++) data[lin] = rootData[rowOf[lin] as number] as T;
  return { format: 'dense', shape: [...x.shape], data };
}

export function map<S, T>(x: HtTensor<S>, f: (s: S) => T): HtTensor<T> {
  return {
    format: 'ht',
    shape: [...x.shape],
    nodes: x.nodes.map((n) => (n.kind === 'leaf' ? { kind: 'leaf', mode: n.mode, rank: n.rank, frame: n.frame.map(f) } : { kind: 'inner', left: n.left, right: n.right, rank: n.rank, transfer: n.transfer.map(f) })),
  };
}

/**
 * The largest useful HT ranks: r_t <= min(product of the subtree's mode sizes, product of the
 * rest), at most the requested rank; the root's is 1.
 */
export function feasibleRanks(shape: Shape, tree: DimensionTree, requested: number | readonly number[]): number[] {
  const orders = leafOrders(tree);
  const total = prod(shape);
  const root = rootOf(tree);
  return tree.nodes.map((_, t) => {
    if (t === root) return 1;
    const want = typeof requested === 'number' ? requested : (requested[t] as number);
    const inside = prod((orders[t] as number[]).map((m) => shape[m] as number));
    return Math.max(1, Math.min(want, inside, total / inside));
  });
}

/** Options of {@link random}. */
export interface RandomHtOptions {
  readonly shape: Shape;
  /** Defaults to the balanced tree. */
  readonly tree?: DimensionTree;
  /** One rank for every non-root node, or one per node; clipped to the feasible maximum. */
  readonly rank: number | readonly number[];
  readonly seed: number;
  readonly entryBound?: number;
}

/** A random integer HT tensor (seeded). */
export function random(o: RandomHtOptions): HtTensor<bigint> {
  checkShape(o.shape);
  const tree = o.tree ?? balancedTree(o.shape.length);
  validateTree(tree, o.shape.length);
  const ranks = feasibleRanks(o.shape, tree, o.rank);
  const bound = o.entryBound ?? DEFAULT_ENTRY_BOUND;
  const nodes = tree.nodes.map((node, t): HtLeaf<bigint> | HtInner<bigint> => {
    const seed = deriveSeed(o.seed, `ht:node:${t}`);
    const r = ranks[t] as number;
    if (node.kind === 'leaf') return { kind: 'leaf', mode: node.mode, rank: r, frame: randomIntegers(seed, (o.shape[node.mode] as number) * r, bound) };
    return { kind: 'inner', left: node.left, right: node.right, rank: r, transfer: randomIntegers(seed, (ranks[node.left] as number) * (ranks[node.right] as number) * r, bound) };
  });
  return { format: 'ht', shape: [...o.shape], nodes };
}

/**
 * The HT analogue of the paper's witness on the balanced tree (even d, q = min(n, r)): leaves
 * U[i, i] = 1 (i < q); each node over a pair (2j, 2j+1) has B[a, a, 0] = 1 (a < q), joining the
 * pair into sum_{a<q} e_a (x) e_a; every higher node has B[0, 0, 0] = 1. The tensor is the same
 * product of pair tensors as the TT witness: odd/even rank exactly q^(d/2).
 */
export function witness(n: number, r: number, d: number): HtTensor<bigint> {
  if (d % 2 !== 0 || d < 2) throw new RangeError(`the witness needs an even order d >= 2, got ${d}`);
  const shape = new Array<number>(d).fill(n);
  const tree = balancedTree(d);
  const ranks = feasibleRanks(shape, tree, r);
  const q = Math.min(n, r);
  const isPair = (t: number): boolean => {
    const node = tree.nodes[t];
    if (!node || node.kind !== 'inner') return false;
    const l = tree.nodes[node.left];
    const rr = tree.nodes[node.right];
    return l?.kind === 'leaf' && rr?.kind === 'leaf' && l.mode % 2 === 0 && rr.mode === l.mode + 1;
  };
  const nodes = tree.nodes.map((node, t): HtLeaf<bigint> | HtInner<bigint> => {
    const rt = ranks[t] as number;
    if (node.kind === 'leaf') {
      const frame = new Array<bigint>(n * rt).fill(0n);
      for (let i = 0; i < q; i++) frame[i * rt + i] = 1n;
      return { kind: 'leaf', mode: node.mode, rank: rt, frame };
    }
    const ra = ranks[node.left] as number;
    const rb = ranks[node.right] as number;
    const transfer = new Array<bigint>(ra * rb * rt).fill(0n);
    if (isPair(t)) for (let a = 0; a < q; a++) transfer[(a * rb + a) * rt + 0] = 1n;
    else transfer[0] = 1n;
    return { kind: 'inner', left: node.left, right: node.right, rank: rt, transfer };
  });
  return { format: 'ht', shape, nodes };
}

/** An HT tensor's nodes paired with a tree (for building from data). */
export function fromTree<T>(shape: Shape, tree: DimensionTree, ranks: readonly number[], data: readonly (readonly T[])[]): HtTensor<T> {
  const nodes = tree.nodes.map((node, t): HtLeaf<T> | HtInner<T> =>
    node.kind === 'leaf'
      ? { kind: 'leaf', mode: node.mode, rank: ranks[t] as number, frame: data[t] as readonly T[] }
      : { kind: 'inner', left: node.left, right: node.right, rank: ranks[t] as number, transfer: data[t] as readonly T[] },
  );
  return { format: 'ht', shape: [...shape], nodes };
}
