/**
 * Tensor networks of any shape a user describes (format `network`): nodes with named legs, open
 * legs as the tensor's modes, bonds joining two nodes, hyperedges joining several, and nodes that
 * share another node's parameters. The JSON form and its rules are the kernel's
 * (src/kernel/structures.ts); structures are validated by reading them through the kernel's reader,
 * so a network means the same thing to the engines and to the kernel.
 *
 * Every verb contracts the network pairwise in the order the kernel's planner picks (generic over
 * the field: the order changes the cost, never the value).
 *
 * @packageDocumentation
 */
import type { Field } from '../exact/field.js';
import { deriveSeed } from '../exact/prng.js';
import { guarded, readStructure } from '../kernel/index.js';
import { planContraction, type Plan, type Step } from '../kernel/contract.js';
import { layoutOf, type Structure as KernelStructure } from '../kernel/structures.js';
import type { Shape } from '../tensor/shape.js';
import { DEFAULT_ENTRY_BOUND, randomIntegers } from './common.js';
import { BudgetError, DEFAULT_DENSE_BUDGET, FormatError, type DenseTensor } from './types.js';

/** A node: its legs (the axes of its data, in order), or shared parameters (another node's). */
export interface TnNode {
  readonly legs: readonly string[];
  readonly sameAs?: number;
}

/** A network's structure: nodes, open legs (the modes, in order), bonds and hyperedges with sizes. */
export interface TnStructure {
  readonly format: 'network';
  readonly nodes: readonly TnNode[];
  readonly modes: readonly { readonly leg: string; readonly size: number }[];
  readonly bonds: Readonly<Record<string, number>>;
  readonly hyperedges?: Readonly<Record<string, number>>;
}

/** A network with parameters: data[t] for every node (a node with `sameAs` holds its target's array). */
export interface TnTensor<T> extends TnStructure {
  readonly data: readonly (readonly T[])[];
}

/** Throws a FormatError unless the structure follows the kernel's rules (read by the kernel's reader). */
export function validateStructure(s: TnStructure): void {
  const r = guarded(() => readStructure(JSON.parse(JSON.stringify({ format: s.format, nodes: s.nodes, modes: s.modes, bonds: s.bonds, ...(s.hyperedges ? { hyperedges: s.hyperedges } : {}) })), ''));
  if ('verdict' in r) throw new FormatError(`network${r.path.replace(/\//g, '.')}`, r.detail);
}

function sizeOf(s: TnStructure, leg: string): number {
  return s.modes.find((m) => m.leg === leg)?.size ?? s.bonds[leg] ?? (s.hyperedges?.[leg] as number);
}

/** Entries of node t's data. */
export function nodeSize(s: TnStructure, t: number): number {
  return (s.nodes[t] as TnNode).legs.reduce((p, l) => p * sizeOf(s, l), 1);
}

/** Throws a FormatError unless the network and its data are well formed. */
export function validate(x: TnTensor<unknown>): void {
  validateStructure(x);
  if (!Array.isArray(x.data) || x.data.length !== x.nodes.length) throw new FormatError('network.data', `expected one data array per node (${x.nodes.length})`);
  x.nodes.forEach((n, t) => {
    const own = n.sameAs === undefined ? t : n.sameAs;
    const want = nodeSize(x, own);
    const d = x.data[own];
    if (!Array.isArray(d) || d.length !== want) throw new FormatError(`network.nodes[${own}].data`, `expected ${want} entries (its legs ${(x.nodes[own] as TnNode).legs.join(', ')}), got ${Array.isArray(d) ? d.length : typeof d}`);
  });
}

export function shapeOf(s: TnStructure): Shape {
  return s.modes.map((m) => m.size);
}

/** Bond sizes, then hyperedge sizes, in their order of declaration. */
export function ranksOf(s: TnStructure): number[] {
  return [...Object.values(s.bonds), ...Object.values(s.hyperedges ?? {})];
}

/** Parameters stored (shared data counted once). */
export function nParams(x: TnTensor<unknown>): number {
  return x.nodes.reduce((p, n, t) => (n.sameAs === undefined ? p + nodeSize(x, t) : p), 0);
}

/** Maps every parameter (shared data stays shared). */
export function map<S, T>(x: TnTensor<S>, f: (s: S) => T): TnTensor<T> {
  const own = x.data.map((d, t) => ((x.nodes[t] as TnNode).sameAs === undefined ? d.map(f) : []));
  return { ...x, data: x.nodes.map((n, t) => (n.sameAs === undefined ? (own[t] as T[]) : (own[n.sameAs] as T[]))) };
}

/** A random integer instance (each own node's entries uniform in [-bound, bound], from the seed). */
export function random(o: { readonly structure: TnStructure; readonly seed: number; readonly entryBound?: number }): TnTensor<bigint> {
  validateStructure(o.structure);
  const s = o.structure;
  const own = s.nodes.map((n, t) => (n.sameAs === undefined ? randomIntegers(deriveSeed(o.seed, `network:node:${t}`), nodeSize(s, t), o.entryBound ?? DEFAULT_ENTRY_BOUND) : []));
  return { ...s, data: s.nodes.map((n, t) => (n.sameAs === undefined ? (own[t] as bigint[]) : (own[n.sameAs] as bigint[]))) };
}

// ---- Generic contraction over a field, in the kernel planner's order. ----

function permute<T>(src: readonly T[], dims: readonly number[], perm: readonly number[] | undefined): readonly T[] {
  if (!perm || perm.every((p, t) => p === t)) return src;
  const strides = new Array<number>(dims.length);
  for (let k = dims.length - 1, st = 1; k >= 0; k--) {
    strides[k] = st;
    st *= dims[k] as number;
  }
  const od = perm.map((p) => dims[p] as number);
  const os = perm.map((p) => strides[p] as number);
  const out = new Array<T>(src.length);
  const ix = new Array<number>(dims.length).fill(0);
  let off = 0;
  for (let n = 0; n < src.length; n++) {
    out[n] = src[off] as T;
    for (let t = dims.length - 1; t >= 0; t--) {
      off += os[t] as number;
      if (++(ix[t] as number) < (od[t] as number)) break;
      off -= (os[t] as number) * (od[t] as number);
      ix[t] = 0;
    }
  }
  return out;
}

function multiply<T>(F: Field<T>, X: readonly T[], Y: readonly T[], s: Step): T[] {
  const C = new Array<T>(s.nb * s.nfx * s.nfy).fill(F.zero);
  for (let b = 0; b < s.nb; b++)
    for (let i = 0; i < s.nfx; i++)
      for (let j = 0; j < s.nfy; j++) {
        let acc = F.zero;
        for (let k = 0; k < s.nc; k++) acc = F.add(acc, F.mul(X[b * s.x.sb + i * s.x.sf + k * s.x.ss] as T, Y[b * s.y.sb + j * s.y.sf + k * s.y.ss] as T));
        C[(b * s.nfx + i) * s.nfy + j] = acc;
      }
  return C;
}

/** Runs a plan over a field: the operands' data, then the result over the plan's output indices. */
export function runPlan<T>(F: Field<T>, plan: Plan, operands: readonly (readonly T[])[]): readonly T[] {
  const values: (readonly T[])[] = [...operands, ...plan.ones.map((i) => new Array<T>(plan.problem.sizes[i] as number).fill(F.one))];
  const n = values.length;
  plan.steps.forEach((s) => values.push(multiply(F, permute(values[s.x.id] as T[], s.x.dims, s.x.perm), permute(values[s.y.id] as T[], s.y.dims, s.y.perm), s)));
  return permute(values[plan.steps.length === 0 ? 0 : n + plan.steps.length - 1] as T[], plan.finalDims, plan.finalPerm);
}

/** The kernel's layout of the network: index sizes, each node's indices and data block. */
function layout(x: TnStructure): ReturnType<typeof layoutOf> {
  return layoutOf(x as unknown as KernelStructure);
}

/** The contraction with one vector per mode: the network's forward pass on features. */
export function contract<T>(F: Field<T>, x: TnTensor<T>, vectors: readonly (readonly T[])[]): T {
  const l = layout(x);
  const operands = [...l.nodes.map((n) => n.indices), ...l.modes.map((m) => [m])];
  const plan = planContraction({ sizes: l.sizes, operands, output: [] });
  return runPlan(F, plan, [...x.data, ...vectors])[0] as T;
}

/** One entry X[index]. */
export function entry<T>(F: Field<T>, x: TnTensor<T>, index: readonly number[]): T {
  return contract(F, x, shapeOf(x).map((n, m) => Array.from({ length: n }, (_, i) => (i === index[m] ? F.one : F.zero))));
}

/** The dense tensor (refused above `budget` entries). */
export function toDense<T>(F: Field<T>, x: TnTensor<T>, budget = DEFAULT_DENSE_BUDGET): DenseTensor<T> {
  const shape = shapeOf(x);
  const size = shape.reduce((p, n) => p * BigInt(n), 1n);
  if (size > BigInt(budget)) throw new BudgetError('the dense form of the network', size, budget, "use a matrix-free engine (the sketch engine; --engine sketch on the CLI) or raise the budget argument");
  const l = layout(x);
  const plan = planContraction({ sizes: l.sizes, operands: l.nodes.map((n) => n.indices), output: l.modes });
  return { format: 'dense', shape: [...shape], data: [...runPlan(F, plan, x.data)] };
}

/** <x, y> over the field: both networks joined on their modes and contracted. */
export function inner<T>(F: Field<T>, x: TnTensor<T>, y: TnTensor<T>): T {
  const lx = layout(x);
  const ly = layout(y);
  const shift = lx.sizes.length;
  const yIndex = (i: number): number => (ly.modes.includes(i) ? (lx.modes[ly.modes.indexOf(i)] as number) : shift + i);
  const plan = planContraction({ sizes: [...lx.sizes, ...ly.sizes], operands: [...lx.nodes.map((n) => n.indices), ...ly.nodes.map((n) => n.indices.map(yIndex))], output: [] });
  return runPlan(F, plan, [...x.data, ...y.data])[0] as T;
}
