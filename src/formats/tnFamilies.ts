/**
 * Network structures users reach for, as `network` structures (src/formats/tn.ts): the einsum
 * shorthand of opt_einsum / cotengra, tensor rings (periodic TT), tree tensor networks on any tree,
 * 2 x k grids (PEPS-like), and every built-in format written as a network (its index names the
 * kernel's: `leg:m`, `bond:k`, `rank`, `edge:t`, so cuts read the same in both forms).
 *
 * @packageDocumentation
 */
import { FormatError, type Tensor } from './types.js';
import { validateStructure, type TnNode, type TnStructure, type TnTensor } from './tn.js';

/**
 * A network from einsum notation: `"ea,abi,bcj,cek"` (one term per node, one letter per leg),
 * optionally `"->ijk"` for the order of the open legs (default: first appearance), with a size for
 * every letter. A letter on one node is an open leg (a mode), on two a bond; on more, a hyperedge,
 * allowed only when listed in `hyperedges`.
 */
export function fromEinsum(spec: string, sizes: Readonly<Record<string, number>>, hyperedges: readonly string[] = []): TnStructure {
  const [lhs, rhs] = spec.replace(/\s+/g, '').split('->') as [string, string | undefined];
  if (!/^[A-Za-z]*(,[A-Za-z]*)*$/.test(lhs) || (rhs !== undefined && !/^[A-Za-z]*$/.test(rhs))) throw new FormatError('network', `an einsum spec is comma-separated terms of letters, optionally "->" and the open legs, got "${spec.slice(0, 60)}"`);
  const terms = lhs.split(',');
  const count = new Map<string, number>();
  for (const t of terms) for (const c of t) count.set(c, (count.get(c) ?? 0) + 1);
  const order = rhs !== undefined ? [...rhs] : [...count.keys()].filter((c) => count.get(c) === 1);
  for (const c of order) if (count.get(c) !== 1) throw new FormatError('network', `the open leg "${c}" must be on exactly one node, it is on ${count.get(c) ?? 0}`);
  const size = (c: string): number => {
    const z = sizes[c];
    if (z === undefined || !Number.isSafeInteger(z) || z < 1) throw new FormatError('network', `the leg "${c}" needs a size that is a positive integer, got ${z === undefined ? 'none' : z}`);
    return z;
  };
  const bonds: Record<string, number> = {};
  const hyper: Record<string, number> = {};
  for (const [c, k] of count) {
    if (k === 1 && !order.includes(c)) throw new FormatError('network', `the leg "${c}" is on one node only but not among the open legs after "->"`);
    if (k === 2) bonds[c] = size(c);
    if (k > 2) {
      if (!hyperedges.includes(c)) throw new FormatError('network', `the leg "${c}" is on ${k} nodes: a hyperedge; list it as one if that is meant`);
      hyper[c] = size(c);
    }
  }
  const s: TnStructure = { format: 'network', nodes: terms.map((t) => ({ legs: [...t] })), modes: order.map((c) => ({ leg: c, size: size(c) })), bonds, ...(Object.keys(hyper).length > 0 ? { hyperedges: hyper } : {}) };
  validateStructure(s);
  return s;
}

/** A tensor ring (periodic TT): d nodes, node k over (b{k}, i{k}, b{k+1 mod d}), every bond r, every mode n. */
export function ring(n: number, r: number, d: number): TnStructure {
  if (!Number.isSafeInteger(d) || d < 2) throw new FormatError('network', `a ring needs d >= 2 nodes, got ${d}`);
  const b = (k: number): string => `b${k % d}`;
  const s: TnStructure = {
    format: 'network',
    nodes: Array.from({ length: d }, (_, k) => ({ legs: [b(k), `i${k}`, b(k + 1)] })),
    modes: Array.from({ length: d }, (_, k) => ({ leg: `i${k}`, size: n })),
    bonds: Object.fromEntries(Array.from({ length: d }, (_, k) => [b(k), r])),
  };
  validateStructure(s);
  return s;
}

/** A tree given as nested arrays of mode numbers, e.g. [[0, 1], [2, 3, 4]] (any arity). */
export type ModeTree = number | readonly ModeTree[];

/** Parses "((0 1) (2 3 4))" (spaces or commas) into a {@link ModeTree}. */
export function parseModeTree(text: string): ModeTree {
  let i = 0;
  const s = text.replace(/,/g, ' ');
  const ws = (): void => {
    while (s[i] === ' ') i++;
  };
  const node = (): ModeTree => {
    ws();
    if (s[i] === '(') {
      i++;
      const kids: ModeTree[] = [];
      for (;;) {
        ws();
        if (s[i] === ')') {
          i++;
          break;
        }
        if (i >= s.length) throw new FormatError('network', `unbalanced parentheses in the tree "${text.slice(0, 60)}"`);
        kids.push(node());
      }
      if (kids.length < 2) throw new FormatError('network', `a tree node needs at least two children in "${text.slice(0, 60)}"`);
      return kids;
    }
    const m = /^\d+/.exec(s.slice(i));
    if (!m) throw new FormatError('network', `expected a mode number or "(" at character ${i} of the tree "${text.slice(0, 60)}"`);
    i += m[0].length;
    return Number(m[0]);
  };
  const t = node();
  ws();
  if (i !== s.length) throw new FormatError('network', `text after the tree at character ${i} of "${text.slice(0, 60)}"`);
  return t;
}

/**
 * A tree tensor network: one leaf node per mode (legs: the mode, then its edge), one node per inner
 * vertex (legs: its children's edges, then its own; the root has none), every edge of size r.
 * The modes of the tree must be 0..d-1, each once.
 */
export function treeNetwork(tree: ModeTree, n: number, r: number): TnStructure {
  const nodes: TnNode[] = [];
  const bonds: Record<string, number> = {};
  const seen = new Set<number>();
  const build = (t: ModeTree, isRoot: boolean): string | undefined => {
    const id = nodes.length;
    const edge = isRoot ? undefined : `e${id}`;
    nodes.push({ legs: [] });
    if (typeof t === 'number') {
      if (seen.has(t)) throw new FormatError('network', `mode ${t} appears twice in the tree`);
      seen.add(t);
      nodes[id] = { legs: [`i${t}`, ...(edge ? [edge] : [])] };
    } else nodes[id] = { legs: [...t.map((c) => build(c, false) as string), ...(edge ? [edge] : [])] };
    if (edge) bonds[edge] = r;
    return edge;
  };
  build(tree, true);
  const d = seen.size;
  for (let m = 0; m < d; m++) if (!seen.has(m)) throw new FormatError('network', `the tree's modes must be 0..${d - 1}; mode ${m} is missing`);
  const s: TnStructure = { format: 'network', nodes, modes: Array.from({ length: d }, (_, m) => ({ leg: `i${m}`, size: n })), bonds };
  validateStructure(s);
  return s;
}

/**
 * The tree of a deep convolutional arithmetic circuit with pooling windows of k (Cohen, Sharir &
 * Shashua 2016): d = k^L leaves in order, grouped k consecutive at a time at every level.
 */
export function poolingTree(d: number, k: number): ModeTree {
  if (!Number.isSafeInteger(k) || k < 2) throw new FormatError('network', `a pooling window has k >= 2 inputs, got ${k}`);
  let level: ModeTree[] = Array.from({ length: d }, (_, m) => m);
  while (level.length > 1) {
    if (level.length % k !== 0) throw new FormatError('network', `pooling windows of ${k} need d to be a power of ${k}, got d = ${d}`);
    const next: ModeTree[] = [];
    for (let g = 0; g < level.length; g += k) next.push(level.slice(g, g + k));
    level = next;
  }
  return level[0] as ModeTree;
}

/**
 * The same network with weights shared across each layer (Cohen et al.'s shared case): every node
 * of a layer but the first uses the first one's parameters (leaves form one layer; the root is
 * alone). Layers are counted from the leaves, so they are well defined for a complete tree.
 */
export function shareLayers(s: TnStructure): TnStructure {
  // treeNetwork numbers nodes in pre-order, so of a bond's two nodes the parent has the smaller
  // number; the root is node 0. Height: leaves 0, a parent one more than its highest child.
  const owners = new Map<string, number[]>();
  s.nodes.forEach((n, t) => n.legs.forEach((l) => s.bonds[l] !== undefined && owners.set(l, [...(owners.get(l) ?? []), t])));
  const children: number[][] = s.nodes.map(() => []);
  for (const ends of owners.values()) if (ends.length === 2) (children[Math.min(...ends)] as number[]).push(Math.max(...ends));
  const root = 0;
  const height: number[] = [];
  const heightOf = (t: number): number => (height[t] ??= (children[t] as number[]).length === 0 ? 0 : 1 + Math.max(...(children[t] as number[]).map(heightOf)));
  const first = new Map<number, number>();
  const nodes = s.nodes.map((n, t) => {
    if (t === root) return n;
    const h = heightOf(t);
    const f = first.get(h);
    if (f === undefined) {
      first.set(h, t);
      return n;
    }
    return { ...n, sameAs: f };
  });
  const out: TnStructure = { ...s, nodes };
  validateStructure(out);
  return out;
}

/** A 2 x k grid: node (a, c) carries mode a*k + c and bonds to its right and lower neighbours, every bond r. */
export function grid(k: number, n: number, r: number): TnStructure {
  if (!Number.isSafeInteger(k) || k < 1) throw new FormatError('network', `a 2 x k grid needs k >= 1, got ${k}`);
  const bonds: Record<string, number> = {};
  const nodes: TnNode[] = [];
  for (let a = 0; a < 2; a++)
    for (let c = 0; c < k; c++) {
      const legs = [`i${a * k + c}`];
      if (c > 0) legs.push(`h${a}_${c - 1}`);
      if (c < k - 1) legs.push(`h${a}_${c}`);
      legs.push(`v${c}`);
      nodes.push({ legs });
      if (c < k - 1) bonds[`h${a}_${c}`] = r;
    }
  for (let c = 0; c < k; c++) bonds[`v${c}`] = r;
  const s: TnStructure = { format: 'network', nodes, modes: Array.from({ length: 2 * k }, (_, m) => ({ leg: `i${m}`, size: n })), bonds };
  validateStructure(s);
  return s;
}

/** Any tensor as a network with the kernel's index names (`leg:m`, `bond:k`, `rank`, `edge:t`). */
export function asNetwork<T>(x: Tensor<T>): TnTensor<T> {
  const modes = (shape: readonly number[]): { leg: string; size: number }[] => shape.map((n, m) => ({ leg: `leg:${m}`, size: n }));
  switch (x.format) {
    case 'network':
      return x;
    case 'dense':
      return { format: 'network', nodes: [{ legs: x.shape.map((_, m) => `leg:${m}`) }], modes: modes(x.shape), bonds: {}, data: [x.data] };
    case 'cp': {
      // The CP index joins every factor (and the weights): a hyperedge.
      const nodes: TnNode[] = x.shape.map((_, m) => ({ legs: [`leg:${m}`, 'rank'] }));
      return { format: 'network', nodes: x.weights ? [...nodes, { legs: ['rank'] }] : nodes, modes: modes(x.shape), bonds: {}, hyperedges: { rank: x.rank }, data: x.weights ? [...x.factors, x.weights] : x.factors };
    }
    case 'tt': {
      const d = x.shape.length;
      const bond = (k: number): string[] => (k === 0 || k === d ? [] : [`bond:${k}`]);
      return { format: 'network', nodes: x.shape.map((_, k) => ({ legs: [...bond(k), `leg:${k}`, ...bond(k + 1)] })), modes: modes(x.shape), bonds: Object.fromEntries(x.ranks.slice(1, -1).map((r, k) => [`bond:${k + 1}`, r])), data: x.cores };
    }
    case 'tt-shared': {
      const d = x.order;
      const nodes: TnNode[] = Array.from({ length: d }, (_, k) => (k === 0 ? { legs: ['leg:0', 'bond:1'] } : k === d - 1 ? { legs: [`bond:${k}`, `leg:${k}`] } : { legs: [`bond:${k}`, `leg:${k}`, `bond:${k + 1}`], ...(k > 1 ? { sameAs: 1 } : {}) }));
      const data = nodes.map((_, k) => (k === 0 ? x.first : k === d - 1 ? x.last : x.middle));
      return { format: 'network', nodes, modes: modes(new Array<number>(d).fill(x.size)), bonds: Object.fromEntries(Array.from({ length: d - 1 }, (_, k) => [`bond:${k + 1}`, x.rank])), data };
    }
    case 'ht': {
      const root = x.nodes.length - 1;
      const own = (t: number): string[] => (t === root ? [] : [`edge:${t}`]);
      return {
        format: 'network',
        nodes: x.nodes.map((n, t) => ({ legs: n.kind === 'leaf' ? [`leg:${n.mode}`, ...own(t)] : [`edge:${n.left}`, `edge:${n.right}`, ...own(t)] })),
        modes: modes(x.shape),
        bonds: Object.fromEntries(x.nodes.slice(0, -1).map((n, t) => [`edge:${t}`, n.rank])),
        data: x.nodes.map((n) => (n.kind === 'leaf' ? n.frame : n.transfer)),
      };
    }
  }
}
