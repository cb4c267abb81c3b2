/**
 * Trained weights from other tools as exact tensors of this library: the arrays of a .npy / .npz /
 * safetensors file (src/io/arrays.ts) read in one of the layouts below. Arrays are taken in natural
 * name order (`core_2` before `core_10`), optionally only those whose names start with a prefix.
 *
 * | layout      | arrays (C order)                                    | who writes it                         | ours          |
 * |-------------|-----------------------------------------------------|---------------------------------------|---------------|
 * | `tt`        | d cores G_k of shape (r_k, n_k, r_k+1), r_0 = r_d = 1 | TensorLy `TTTensor` factors, t3f `TensorTrain.tt_cores`, PyTorch TT layers | `tt`, identical |
 * | `tt-matrix` | d cores (r_k, m_k, n_k, r_k+1)                       | t3f TT-matrices (`TensorTrain` of a matrix) | `tt` with mode k of size m_k n_k, index i m... = i_k n_k + j_k |
 * | `tr`        | d cores (r_k, n_k, r_k+1), r_d = r_0 (any)           | TensorLy `TRTensor` (tensor ring)     | a `network` ring |
 * | `cp`        | d factors U_k of shape (n_k, R), optional weights (R) named `weights` | TensorLy `CPTensor` (weights, factors) | `cp`, identical |
 * | `ht`        | 2d - 1 arrays in our node order on the balanced tree: leaf frames (n, r_t), transfer tensors (r_left, r_right, r_t), root r = 1 | this library; the MATLAB htucker toolbox's U{t} / B{t} shapes | `ht` |
 * | `dense`     | one array                                            | any                                   | `dense`       |
 *
 * `auto` picks the only layout the shapes fit, and asks for `--layout` when several fit.
 *
 * @packageDocumentation
 */
import type { Rational } from '../exact/rational.js';
import { balancedTree } from '../formats/tree.js';
import type { Tensor } from '../formats/types.js';
import type { TnStructure } from '../formats/tn.js';
import { ArrayFileError, type NdArray } from './arrays.js';
import { naturalCompare } from '../report/order.js';

/** The layouts arrays can be read in. */
export const LAYOUTS = ['auto', 'tt', 'tt-matrix', 'tr', 'cp', 'ht', 'dense'] as const;
export type Layout = (typeof LAYOUTS)[number];

const fail = (msg: string): never => {
  throw new ArrayFileError(msg);
};

export { naturalCompare };

const dims = (a: NdArray): string => `(${a.shape.join(', ')})`;

function asTt(cores: readonly NdArray[], matrix: boolean): Tensor<Rational> {
  if (cores.length === 0) fail('a TT needs at least one core');
  const want = matrix ? 4 : 3;
  const ranks: number[] = [];
  const shape: number[] = [];
  cores.forEach((c, k) => {
    if (c.shape.length !== want) fail(`TT core ${k} (${c.name}) has shape ${dims(c)}; the ${matrix ? 'tt-matrix' : 'tt'} layout wants ${want}-D cores (r_k, ${matrix ? 'm_k, n_k' : 'n_k'}, r_k+1)`);
    const r0 = c.shape[0] as number;
    if (k === 0) ranks.push(r0);
    else if (r0 !== ranks[k]) fail(`TT core ${k} (${c.name}) starts with rank ${r0}, the previous core ends with ${ranks[k]}`);
    shape.push(matrix ? (c.shape[1] as number) * (c.shape[2] as number) : (c.shape[1] as number));
    ranks.push(c.shape[want - 1] as number);
  });
  if (ranks[0] !== 1 || ranks[ranks.length - 1] !== 1) fail(`a TT's boundary ranks are 1, these cores have ${ranks[0]} and ${ranks[ranks.length - 1]} (a tensor ring? use --layout tr)`);
  return { format: 'tt', shape, ranks, cores: cores.map((c) => c.values) };
}

function asRing(cores: readonly NdArray[]): Tensor<Rational> {
  const d = cores.length;
  if (d < 2) fail('a tensor ring needs at least two cores');
  cores.forEach((c, k) => {
    if (c.shape.length !== 3) fail(`ring core ${k} (${c.name}) has shape ${dims(c)}; the tr layout wants (r_k, n_k, r_k+1)`);
    const next = cores[(k + 1) % d] as NdArray;
    if (c.shape[2] !== next.shape[0]) fail(`ring core ${k} (${c.name}) ends with rank ${c.shape[2]}, core ${(k + 1) % d} starts with ${next.shape[0]}`);
  });
  const b = (k: number): string => `b${k % d}`;
  const structure: TnStructure = {
    format: 'network',
    nodes: cores.map((_, k) => ({ legs: [b(k), `i${k}`, b(k + 1)] })),
    modes: cores.map((c, k) => ({ leg: `i${k}`, size: c.shape[1] as number })),
    bonds: Object.fromEntries(cores.map((c, k) => [b(k), c.shape[0] as number])),
  };
  return { ...structure, data: cores.map((c) => c.values) };
}

function asCp(arrays: readonly NdArray[]): Tensor<Rational> {
  const isWeights = (a: NdArray): boolean => /(^|[._/])(weights|lambda)$/.test(a.name);
  const weights = arrays.filter(isWeights);
  const factors = arrays.filter((a) => !isWeights(a));
  if (weights.length > 1) fail(`several weight vectors: ${weights.map((w) => w.name).join(', ')}`);
  if (factors.length === 0) fail('a CP tensor needs at least one factor');
  const R = factors[0]?.shape[1] as number;
  factors.forEach((f, k) => {
    if (f.shape.length !== 2 || f.shape[1] !== R) fail(`CP factor ${k} (${f.name}) has shape ${dims(f)}; the cp layout wants (n_k, R) with one R (${R})`);
  });
  const w = weights[0];
  if (w && (w.shape.length !== 1 || w.shape[0] !== R)) fail(`the CP weights ${w.name} have shape ${dims(w)}, expected (${R})`);
  return { format: 'cp', shape: factors.map((f) => f.shape[0] as number), rank: R, factors: factors.map((f) => f.values), ...(w ? { weights: w.values } : {}) };
}

function asHt(arrays: readonly NdArray[]): Tensor<Rational> {
  const d = (arrays.length + 1) / 2;
  if (!Number.isInteger(d) || d < 2) fail(`an HT on the balanced tree of d modes has 2d - 1 arrays; got ${arrays.length}`);
  const tree = balancedTree(d);
  const rank = (t: number): number => {
    const node = tree.nodes[t];
    const a = arrays[t] as NdArray;
    return node?.kind === 'leaf' ? (a.shape[1] as number) : (a.shape[2] as number);
  };
  const shape = new Array<number>(d).fill(0);
  const nodes = tree.nodes.map((node, t) => {
    const a = arrays[t] as NdArray;
    if (node.kind === 'leaf') {
      if (a.shape.length !== 2) fail(`HT node ${t} (${a.name}) is the leaf of mode ${node.mode}: expected a frame (n, r), got ${dims(a)}`);
      shape[node.mode] = a.shape[0] as number;
      return { kind: 'leaf' as const, mode: node.mode, rank: a.shape[1] as number, frame: a.values };
    }
    if (a.shape.length !== 3 || a.shape[0] !== rank(node.left) || a.shape[1] !== rank(node.right)) fail(`HT node ${t} (${a.name}) has children of ranks ${rank(node.left)} and ${rank(node.right)}: expected a transfer tensor (${rank(node.left)}, ${rank(node.right)}, r), got ${dims(a)}`);
    return { kind: 'inner' as const, left: node.left, right: node.right, rank: a.shape[2] as number, transfer: a.values };
  });
  if (nodes[nodes.length - 1]?.rank !== 1) fail(`the HT root's rank must be 1, got ${nodes[nodes.length - 1]?.rank}`);
  return { format: 'ht', shape, nodes };
}

function asDense(arrays: readonly NdArray[]): Tensor<Rational> {
  if (arrays.length !== 1) fail(`the dense layout takes one array, got ${arrays.length}`);
  const a = arrays[0] as NdArray;
  if (a.shape.length === 0) fail(`${a.name} is a scalar, not a tensor`);
  return { format: 'dense', shape: [...a.shape], data: a.values };
}

/** The layouts the arrays' shapes fit (for `auto`). */
export function fittingLayouts(arrays: readonly NdArray[]): Layout[] {
  const out: Layout[] = [];
  for (const layout of ['tt', 'tt-matrix', 'tr', 'cp', 'ht', 'dense'] as const) {
    try {
      tensorOfLayout(arrays, layout);
      out.push(layout);
    } catch (e) {
      if (!(e instanceof ArrayFileError)) throw e;
    }
  }
  return out;
}

function tensorOfLayout(arrays: readonly NdArray[], layout: Exclude<Layout, 'auto'>): Tensor<Rational> {
  switch (layout) {
    case 'tt':
      return asTt(arrays, false);
    case 'tt-matrix':
      return asTt(arrays, true);
    case 'tr':
      return asRing(arrays);
    case 'cp':
      return asCp(arrays);
    case 'ht':
      return asHt(arrays);
    case 'dense':
      return asDense(arrays);
  }
}

/** The tensor the arrays hold in a layout (auto: the only one that fits). */
export function tensorFromArrays(all: readonly NdArray[], layout: Layout, prefix?: string): { tensor: Tensor<Rational>; layout: Exclude<Layout, 'auto'>; names: string[] } {
  const arrays = all.filter((a) => prefix === undefined || a.name.startsWith(prefix)).sort((a, b) => naturalCompare(a.name, b.name));
  if (arrays.length === 0) fail(prefix === undefined ? 'the file holds no arrays' : `no array's name starts with "${prefix}" (names: ${all.map((a) => a.name).slice(0, 8).join(', ')})`);
  let chosen: Exclude<Layout, 'auto'>;
  if (layout === 'auto') {
    const fits = fittingLayouts(arrays).filter((l) => !(l === 'tr' && fittingLayouts(arrays).includes('tt')));
    if (fits.length === 0) fail(`the arrays (${arrays.map((a) => `${a.name} ${dims(a)}`).slice(0, 6).join(', ')}) fit no layout (${LAYOUTS.slice(1).join(', ')})`);
    if (fits.length > 1) fail(`the arrays fit several layouts (${fits.join(', ')}): choose one with --layout`);
    chosen = fits[0] as Exclude<Layout, 'auto'>;
  } else chosen = layout;
  return { tensor: tensorOfLayout(arrays, chosen), layout: chosen, names: arrays.map((a) => a.name) };
}
