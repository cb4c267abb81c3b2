/**
 * The tensor formats, as plain data generic over the scalar type T.
 *
 * Every format stores its parameters row-major in flat arrays (see `src/tensor/shape.ts` for the
 * conventions):
 *
 * - dense: `data[linearIndex(shape, i)]`.
 * - CP (a shallow network of width R): factor k is an n_k x R matrix; X = sum_r w_r U_0[:, r] (x)
 *   ... (x) U_{d-1}[:, r], with the weights w optional (folded into the factors when absent).
 * - TT (a multiplicative RNN of width r): core k has shape [r_k, n_k, r_{k+1}] with
 *   ranks = (r_0, ..., r_d), r_0 = r_d = 1; X[i] = G_0[:, i_0, :] ... G_{d-1}[:, i_{d-1}, :].
 * - shared-core TT (an ordinary RNN): a TT whose cores 1..d-2 are one shared core; all modes have
 *   size n and all inner ranks are r.
 * - HT (a deep convolutional network with product pooling) on a binary dimension tree: leaf t has
 *   a frame U_t [n_t, r_t]; inner node t with children (t1, t2) has a transfer tensor
 *   B_t [r_t1, r_t2, r_t]; the root has rank 1. Nodes are listed children first, the root last.
 *
 * @packageDocumentation
 */
import type { Shape } from '../tensor/shape.js';
import type { TnTensor } from './tn.js';

/** A dense tensor. */
export interface DenseTensor<T> {
  readonly format: 'dense';
  readonly shape: Shape;
  readonly data: readonly T[];
}

/** A CP (canonical polyadic) tensor: a shallow network. */
export interface CpTensor<T> {
  readonly format: 'cp';
  readonly shape: Shape;
  /** R, the number of rank-one terms (the network's width). */
  readonly rank: number;
  /** factors[k] is the n_k x R factor matrix U_k, row-major. */
  readonly factors: readonly (readonly T[])[];
  /** Optional weights w_r; absent means all ones. */
  readonly weights?: readonly T[];
}

/** A tensor train: a multiplicative recurrent network. */
export interface TtTensor<T> {
  readonly format: 'tt';
  readonly shape: Shape;
  /** (r_0, ..., r_d) with r_0 = r_d = 1. */
  readonly ranks: readonly number[];
  /** cores[k] has shape [r_k, n_k, r_{k+1}], row-major. */
  readonly cores: readonly (readonly T[])[];
}

/** A TT with one shared middle core: an ordinary RNN. */
export interface SharedTtTensor<T> {
  readonly format: 'tt-shared';
  /** The order d >= 2. */
  readonly order: number;
  /** The mode size n (all modes). */
  readonly size: number;
  /** The inner rank r (all bonds). */
  readonly rank: number;
  /** The first core, [1, n, r]. */
  readonly first: readonly T[];
  /** The shared core of positions 1..d-2, [r, n, r]. */
  readonly middle: readonly T[];
  /** The last core, [r, n, 1]. */
  readonly last: readonly T[];
}

/** A leaf of a dimension tree. */
export interface TreeLeaf {
  readonly kind: 'leaf';
  readonly mode: number;
}

/** An inner node of a dimension tree: node indices of its two children. */
export interface TreeInner {
  readonly kind: 'inner';
  readonly left: number;
  readonly right: number;
}

/** A binary dimension tree: nodes listed children first, the root last. */
export interface DimensionTree {
  readonly nodes: readonly (TreeLeaf | TreeInner)[];
}

/** An HT leaf with its frame U_t [n_t, r_t]. */
export interface HtLeaf<T> extends TreeLeaf {
  readonly rank: number;
  readonly frame: readonly T[];
}

/** An HT inner node with its transfer tensor B_t [r_left, r_right, r_t]. */
export interface HtInner<T> extends TreeInner {
  readonly rank: number;
  readonly transfer: readonly T[];
}

/** A hierarchical Tucker tensor: a deep convolutional network with product pooling. */
export interface HtTensor<T> {
  readonly format: 'ht';
  readonly shape: Shape;
  /** Children first; the last node is the root, of rank 1. */
  readonly nodes: readonly (HtLeaf<T> | HtInner<T>)[];
}

/** Any tensor in any format (`network`: any tensor network a user describes, src/formats/tn.ts). */
export type Tensor<T> = DenseTensor<T> | CpTensor<T> | TtTensor<T> | SharedTtTensor<T> | HtTensor<T> | TnTensor<T>;

/** The format names. */
export type FormatName = Tensor<unknown>['format'];

/** All format names, for CLIs and property suites. */
export const FORMAT_NAMES: readonly FormatName[] = ['dense', 'cp', 'tt', 'tt-shared', 'ht', 'network'];

/** A format violation: the rule, what was expected and what came, and where. */
export class FormatError extends Error {
  readonly code = 'BAD_TENSOR';
  constructor(
    readonly where: string,
    message: string,
  ) {
    super(`${where}: ${message}`);
    this.name = 'FormatError';
  }
}

/** Raised when materialising would exceed a size budget; says how big and what to do instead. */
export class BudgetError extends Error {
  readonly code = 'BUDGET_EXCEEDED';
  constructor(
    readonly what: string,
    readonly entries: bigint,
    readonly budget: number,
    readonly suggestion: string,
  ) {
    super(`${what} would have ${entries} entries (about ${formatBytes(entries * 8n)} as doubles), above the budget of ${budget} entries; ${suggestion}`);
    this.name = 'BudgetError';
  }
}

/** "1.2 GiB"-style size for messages. */
export function formatBytes(bytes: bigint): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let v = Number(bytes);
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  if (!Number.isFinite(v)) return `${bytes} B`;
  return `${v < 10 ? v.toFixed(1) : v.toFixed(0)} ${units[u]}`;
}

/**
 * Default budget for materialising (toDense, matricize): 2^25 entries, 256 MiB as doubles.
 * Larger work belongs to the matrix-free sketch engine.
 */
export const DEFAULT_DENSE_BUDGET = 2 ** 25;
