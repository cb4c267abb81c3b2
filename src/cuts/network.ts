/**
 * A tensor format seen as a tensor network: vertices (cores, factors, tree nodes, and one
 * terminal per physical mode) joined by hyperedges (bonds of a given size). Removing a set of
 * hyperedges that separates the row modes' terminals from the column modes' terminals bounds the
 * matricization rank by the product of the removed sizes, for every tensor of that structure:
 * fixing the values of the removed indices writes the tensor as a sum of that many terms, each
 * a product of a row-side and a column-side factor.
 *
 * Names: `leg:m` joins the core owning mode m to terminal m (size n_m); `bond:k` joins TT cores
 * k-1 and k (size r_k, k = 1..d-1); `rank` joins all CP factors (size R; a hyperedge, cut once);
 * `edge:t` joins HT node t to its parent (size r_t).
 *
 * This module is part of the kernel's trusted base: plain construction and union-find.
 *
 * @packageDocumentation
 */
import type { CpStructure } from '../formats/cp.js';
import type { DenseStructure } from '../formats/dense.js';
import type { HtStructure } from '../formats/ht.js';
import type { TtStructure } from '../formats/tt.js';
import type { SharedTtStructure } from '../formats/ttShared.js';
import * as cp from '../formats/cp.js';
import * as dense from '../formats/dense.js';
import * as ht from '../formats/ht.js';
import * as tt from '../formats/tt.js';
import * as ttShared from '../formats/ttShared.js';
import type { Tensor } from '../formats/types.js';
import type { Shape } from '../tensor/shape.js';
import * as tn from '../formats/tn.js';
import type { TnStructure } from '../formats/tn.js';

/** A format's structure (shape, ranks, tree) without its parameters. */
export type NetworkStructure = DenseStructure | CpStructure | TtStructure | SharedTtStructure | HtStructure | TnStructure;

/** A hyperedge: a named index of the network joining the listed vertices. */
export interface Hyperedge {
  readonly name: string;
  readonly size: number;
  readonly vertices: readonly string[];
}

/** The network graph of a structure. */
export interface Network {
  readonly shape: Shape;
  readonly vertices: readonly string[];
  readonly edges: readonly Hyperedge[];
  /** The name of the edge that joins mode m's terminal (`leg:m`, or a network's own leg name). */
  readonly modeEdges: readonly string[];
}

/** The structure of a tensor (its data dropped). */
export function structureOf(x: Tensor<unknown>): NetworkStructure {
  switch (x.format) {
    case 'dense':
      return { format: 'dense', shape: [...x.shape] };
    case 'cp':
      return { format: 'cp', shape: [...x.shape], rank: x.rank };
    case 'tt':
      return { format: 'tt', shape: [...x.shape], ranks: [...x.ranks] };
    case 'tt-shared':
      return { format: 'tt-shared', order: x.order, size: x.size, rank: x.rank };
    case 'ht':
      return { format: 'ht', shape: [...x.shape], nodes: x.nodes.map((n) => (n.kind === 'leaf' ? { kind: 'leaf', mode: n.mode, rank: n.rank } : { kind: 'inner', left: n.left, right: n.right, rank: n.rank })) };
    case 'network':
      return { format: 'network', nodes: x.nodes.map((n) => ({ ...n, legs: [...n.legs] })), modes: x.modes.map((m) => ({ ...m })), bonds: { ...x.bonds }, ...(x.hyperedges ? { hyperedges: { ...x.hyperedges } } : {}) };
  }
}

/** Throws a FormatError unless the structure is valid. */
export function validateStructure(s: NetworkStructure): void {
  switch (s.format) {
    case 'dense':
      return dense.validateStructure(s);
    case 'cp':
      return cp.validateStructure(s);
    case 'tt':
      return tt.validateStructure(s);
    case 'tt-shared':
      return ttShared.validateStructure(s);
    case 'ht':
      return ht.validateStructure(s);
    case 'network':
      return tn.validateStructure(s);
  }
}

/** Mode sizes of a structure. */
export function structureShape(s: NetworkStructure): Shape {
  if (s.format === 'network') return tn.shapeOf(s);
  return s.format === 'tt-shared' ? ttShared.shapeOf(s) : s.shape;
}

function legs(shape: Shape, owner: (m: number) => string): Hyperedge[] {
  return shape.map((n, m) => ({ name: `leg:${m}`, size: n, vertices: [owner(m), `terminal:${m}`] }));
}

function ttEdges(shape: Shape, ranks: readonly number[]): Hyperedge[] {
  const edges = legs(shape, (m) => `core:${m}`);
  for (let k = 1; k < shape.length; k++) edges.push({ name: `bond:${k}`, size: ranks[k] as number, vertices: [`core:${k - 1}`, `core:${k}`] });
  return edges;
}

/** The network of a (valid) structure. */
export function networkOf(s: NetworkStructure): Network {
  const net = graphOf(s);
  return { ...net, modeEdges: s.format === 'network' ? s.modes.map((m) => m.leg) : net.shape.map((_, m) => `leg:${m}`) };
}

function graphOf(s: NetworkStructure): Omit<Network, 'modeEdges'> {
  const shape = structureShape(s);
  const terminals = shape.map((_, m) => `terminal:${m}`);
  switch (s.format) {
    case 'dense':
      return { shape, vertices: ['dense', ...terminals], edges: legs(shape, () => 'dense') };
    case 'cp': {
      const factors = shape.map((_, m) => `factor:${m}`);
      const edges = legs(shape, (m) => `factor:${m}`);
      edges.push({ name: 'rank', size: s.rank, vertices: factors });
      return { shape, vertices: [...factors, ...terminals], edges };
    }
    case 'tt':
      return { shape, vertices: [...shape.map((_, m) => `core:${m}`), ...terminals], edges: ttEdges(shape, s.ranks) };
    case 'tt-shared':
      return { shape, vertices: [...shape.map((_, m) => `core:${m}`), ...terminals], edges: ttEdges(shape, ttShared.ranksOf(s)) };
    case 'ht': {
      const edges: Hyperedge[] = [];
      const leafOf = new Map<number, number>();
      s.nodes.forEach((node, t) => {
        if (node.kind === 'leaf') leafOf.set(node.mode, t);
        else {
          for (const c of [node.left, node.right]) edges.push({ name: `edge:${c}`, size: (s.nodes[c] as { rank: number }).rank, vertices: [`node:${c}`, `node:${t}`] });
        }
      });
      edges.push(...legs(shape, (m) => `node:${leafOf.get(m) as number}`));
      return { shape, vertices: [...s.nodes.map((_, t) => `node:${t}`), ...terminals], edges };
    }
    case 'network': {
      // Indices are named by their legs: the modes' legs join their node to a terminal.
      const on = (leg: string): string[] => s.nodes.flatMap((n, t) => (n.legs.includes(leg) ? [`node:${t}`] : []));
      const edges: Hyperedge[] = s.modes.map((m, k) => ({ name: m.leg, size: m.size, vertices: [...on(m.leg), `terminal:${k}`] }));
      for (const [leg, size] of [...Object.entries(s.bonds), ...Object.entries(s.hyperedges ?? {})]) edges.push({ name: leg, size, vertices: on(leg) });
      return { shape, vertices: [...s.nodes.map((_, t) => `node:${t}`), ...terminals], edges };
    }
  }
}

/** Product of the sizes of the named hyperedges (names must exist). */
export function cutProduct(net: Network, cut: readonly string[]): bigint {
  let p = 1n;
  for (const name of cut) {
    const e = net.edges.find((x) => x.name === name);
    if (!e) throw new RangeError(`no hyperedge named ${name}`);
    p *= BigInt(e.size);
  }
  return p;
}

/**
 * Whether removing the named hyperedges leaves no path between a row mode's terminal and a column
 * mode's terminal (union-find over the remaining hyperedges).
 */
export function separates(net: Network, rowModes: readonly number[], cut: readonly string[]): boolean {
  const index = new Map<string, number>();
  net.vertices.forEach((v, i) => index.set(v, i));
  const parent = net.vertices.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i] as number] as number;
      i = parent[i] as number;
    }
    return i;
  };
  const removed = new Set(cut);
  for (const e of net.edges) {
    if (removed.has(e.name)) continue;
    const first = index.get(e.vertices[0] as string) as number;
    for (const v of e.vertices.slice(1)) {
      const a = find(first);
      const b = find(index.get(v) as number);
      if (a !== b) parent[a] = b;
    }
  }
  const rows = new Set(rowModes);
  const rowRoots = new Set<number>();
  for (const m of rowModes) rowRoots.add(find(index.get(`terminal:${m}`) as number));
  for (let m = 0; m < net.shape.length; m++) {
    if (rows.has(m)) continue;
    if (rowRoots.has(find(index.get(`terminal:${m}`) as number))) return false;
  }
  return true;
}
