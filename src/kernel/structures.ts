/**
 * The network structures the kernel accepts, read strictly from certificate JSON, and their
 * tensor-network layout: which index each mode is, which parameter block each node holds and
 * which indices it carries. Evaluation (contract.ts) and cuts (checks/cut.ts) both work on this
 * one layout, so a structure means the same thing to every check.
 *
 * Formats (mode m is the index `leg:m`; row-major data):
 * - `dense` {shape, data}: one node over all legs.
 * - `cp` {shape, rank, factors[, weights]}: factor m is [n_m, R] over (leg:m, rank); the index
 *   `rank` joins every factor (a hyperedge), and the weights [R] if given.
 * - `tt` {shape, ranks, cores}: core k is [r_k, n_k, r_{k+1}] over (bond:k, leg:k, bond:k+1);
 *   r_0 = r_d = 1 and those two bonds are dropped.
 * - `tt-shared` {order, size, rank, first, middle, last}: a TT whose cores 1..d-2 are all `middle`
 *   (one parameter block used d-2 times); first is [n, r], last [r, n].
 * - `ht` {shape, nodes}: nodes children first, root last with rank 1; leaf t {leaf: m, rank, frame
 *   [n_m, r_t]} over (leg:m, edge:t); inner t {children: [a, b], rank, transfer [r_a, r_b, r_t]}
 *   over (edge:a, edge:b, edge:t); the root's edge is dropped.
 * - `network` {nodes, modes, bonds[, hyperedges]}: any tensor network a user describes. Node t
 *   {legs: [names], data} is an array over its legs in that order; {legs, sameAs: s} uses node s's
 *   data (shared parameters, same leg sizes). `modes` [{leg, size}] are the open legs, in mode
 *   order: each on exactly one node. `bonds` {name: size} join exactly two nodes; `hyperedges`
 *   {name: size} are summed over every node that has them, one or more (a CP rank). Indices are
 *   named by the legs.
 *
 * @packageDocumentation
 */
import { scalarText } from './arith.js';
import { canonicalJson, child, has, readArray, readInt, readObject, readScalar, readString, type Json, type JsonObject, type Scalar } from './json.js';
import { reject } from './verdict.js';

/** Most modes of a structure. */
export const MAX_ORDER = 4096;
/** Largest mode size. */
export const MAX_MODE_SIZE = 1 << 20;
/** Largest rank (bond size). */
export const MAX_RANK = 1 << 16;
/** Most parameters one tensor may carry. */
export const MAX_TENSOR_PARAMS = 1 << 24;

/** A node of an HT structure: a leaf over one mode, or an inner node over two earlier nodes. */
export type HtNode = { readonly leaf: number; readonly rank: number } | { readonly children: readonly [number, number]; readonly rank: number };

/** A node of a `network` structure: its legs in the order of its data's axes, or shared data. */
export interface NetNode {
  readonly legs: readonly string[];
  readonly sameAs?: number;
}

/** Most nodes of a `network`, and most legs of one node. */
export const MAX_NODES = 1024;
export const MAX_LEGS = 32;

/** A structure: a format with its sizes, without parameters. Its JSON is exactly these fields. */
export type Structure =
  | { readonly format: 'dense'; readonly shape: readonly number[] }
  | { readonly format: 'cp'; readonly shape: readonly number[]; readonly rank: number }
  | { readonly format: 'tt'; readonly shape: readonly number[]; readonly ranks: readonly number[] }
  | { readonly format: 'tt-shared'; readonly order: number; readonly size: number; readonly rank: number }
  | { readonly format: 'ht'; readonly shape: readonly number[]; readonly nodes: readonly HtNode[] }
  | { readonly format: 'network'; readonly nodes: readonly NetNode[]; readonly modes: readonly { readonly leg: string; readonly size: number }[]; readonly bonds: Readonly<Record<string, number>>; readonly hyperedges?: Readonly<Record<string, number>> };

/** A tensor: a structure and its parameter blocks (in the layout's block order). */
export interface Tensor {
  readonly structure: Structure;
  readonly blocks: readonly (readonly Scalar[])[];
}

/** One node of the network: a parameter block over a list of indices (the block's axes, in order). */
export interface LayoutNode {
  readonly block: number;
  readonly indices: readonly number[];
}

/** The tensor network of a structure. */
export interface Layout {
  readonly shape: readonly number[];
  /** Index names and sizes; mode m is index `modes[m]`. */
  readonly names: readonly string[];
  readonly sizes: readonly number[];
  readonly modes: readonly number[];
  readonly nodes: readonly LayoutNode[];
  /** Where each parameter block lives in the tensor's JSON, and its length. */
  readonly blocks: readonly { readonly path: string; readonly length: number }[];
}

const FORMATS = ['dense', 'cp', 'tt', 'tt-shared', 'ht', 'network'] as const;

/** Mode sizes of a structure. */
export function shapeOf(s: Structure): readonly number[] {
  if (s.format === 'network') return s.modes.map((m) => m.size);
  return s.format === 'tt-shared' ? new Array<number>(s.order).fill(s.size) : s.shape;
}

/** Product of sizes, or Infinity once it passes `limit` (no overflow). */
function product(xs: readonly number[], limit: number): number {
  let p = 1;
  for (const x of xs) {
    p *= x;
    if (p > limit) return Infinity;
  }
  return p;
}

/** The network layout of a (valid) structure. */
export function layoutOf(s: Structure): Layout {
  const shape = shapeOf(s);
  const names: string[] = s.format === 'network' ? s.modes.map((m) => m.leg) : shape.map((_, m) => `leg:${m}`);
  const sizes: number[] = [...shape];
  const index = (name: string, size: number): number => {
    names.push(name);
    sizes.push(size);
    return names.length - 1;
  };
  const nodes: LayoutNode[] = [];
  const blocks: { path: string; length: number }[] = [];
  const block = (path: string, dims: readonly number[]): number => {
    blocks.push({ path, length: product(dims, Infinity) });
    return blocks.length - 1;
  };
  const node = (path: string, indices: number[]): void => {
    nodes.push({ block: block(path, indices.map((i) => sizes[i] as number)), indices });
  };
  const modes = shape.map((_, m) => m);
  const d = shape.length;
  switch (s.format) {
    case 'dense':
      node('/data', modes);
      break;
    case 'cp': {
      const rank = index('rank', s.rank);
      modes.forEach((m) => node(`/factors/${m}`, [m, rank]));
      break;
    }
    case 'tt':
    case 'tt-shared': {
      const ranks = s.format === 'tt' ? s.ranks : [1, ...new Array<number>(d - 1).fill(s.rank), 1];
      const bonds = ranks.map((r, k) => (k === 0 || k === d ? -1 : index(`bond:${k}`, r)));
      const axes = (k: number): number[] => [bonds[k] as number, k, bonds[k + 1] as number].filter((i) => i >= 0);
      if (s.format === 'tt') modes.forEach((k) => node(`/cores/${k}`, axes(k)));
      else {
        // One block for all middle cores: [r, n, r] whether or not d > 2.
        const first = block('/first', [s.size, s.rank]);
        const middle = block('/middle', [s.rank, s.size, s.rank]);
        const last = block('/last', [s.rank, s.size]);
        modes.forEach((k) => nodes.push({ block: k === 0 ? first : k === d - 1 ? last : middle, indices: axes(k) }));
      }
      break;
    }
    case 'network': {
      for (const [leg, size] of [...Object.entries(s.bonds), ...Object.entries(s.hyperedges ?? {})]) index(leg, size);
      const id = (leg: string): number => names.indexOf(leg);
      const own: number[] = [];
      s.nodes.forEach((n, t) => {
        const indices = n.legs.map(id);
        if (n.sameAs === undefined) {
          own[t] = block(`/nodes/${t}/data`, indices.map((i) => sizes[i] as number));
          nodes.push({ block: own[t] as number, indices });
        } else nodes.push({ block: own[n.sameAs] as number, indices });
      });
      break;
    }
    case 'ht': {
      const root = s.nodes.length - 1;
      const edges = s.nodes.map((n, t) => (t === root ? -1 : index(`edge:${t}`, n.rank)));
      s.nodes.forEach((n, t) => {
        const own = t === root ? [] : [edges[t] as number];
        if ('leaf' in n) node(`/nodes/${t}/frame`, [n.leaf, ...own]);
        else node(`/nodes/${t}/transfer`, [edges[n.children[0]] as number, edges[n.children[1]] as number, ...own]);
      });
      break;
    }
  }
  return { shape, names, sizes, modes, nodes, blocks };
}

function readShape(x: unknown, path: string): number[] {
  const a = readArray(x, path);
  if (a.length < 1 || a.length > MAX_ORDER) reject('BAD_TENSOR', path, `expected 1 to ${MAX_ORDER} modes, got ${a.length}`);
  return a.map((v, i) => readInt(v, child(path, i), 1, MAX_MODE_SIZE));
}

const rankAt = (x: unknown, path: string): number => readInt(x, path, 1, MAX_RANK);

function readHtNodes(x: unknown, path: string, d: number, data: boolean): HtNode[] {
  const a = readArray(x, path);
  if (a.length !== 2 * d - 1) reject('BAD_TENSOR', path, `a binary tree over ${d} modes has ${2 * d - 1} nodes, got ${a.length}`);
  const hasParent = new Array<boolean>(a.length).fill(false);
  const modeSeen = new Array<boolean>(d).fill(false);
  const nodes = a.map((v, t): HtNode => {
    const p = child(path, t);
    const o = readObject(v, p, ['rank'], data ? ['leaf', 'children', 'frame', 'transfer'] : ['leaf', 'children']);
    const rank = rankAt(o['rank'], child(p, 'rank'));
    if (has(o, 'leaf') === has(o, 'children')) reject('BAD_TENSOR', p, 'a node has either "leaf" (a mode) or "children" (two earlier nodes)');
    if (data && has(o, 'leaf') !== has(o, 'frame')) reject(has(o, 'leaf') ? 'MISSING_FIELD' : 'UNKNOWN_FIELD', child(p, 'frame'), 'a leaf has a "frame", an inner node none');
    if (data && has(o, 'children') !== has(o, 'transfer')) reject(has(o, 'children') ? 'MISSING_FIELD' : 'UNKNOWN_FIELD', child(p, 'transfer'), 'an inner node has a "transfer", a leaf none');
    if (has(o, 'leaf')) {
      const m = readInt(o['leaf'], child(p, 'leaf'), 0, d - 1);
      if (modeSeen[m]) reject('BAD_TENSOR', child(p, 'leaf'), `mode ${m} has two leaves`);
      modeSeen[m] = true;
      return { leaf: m, rank };
    }
    const c = readArray(o['children'], child(p, 'children'), 2).map((ci, i) => readInt(ci, child(child(p, 'children'), i), 0, Math.max(0, t - 1)));
    if (t === 0) reject('BAD_TENSOR', child(p, 'children'), 'children come before their parent; the first node cannot have any');
    const [l, r] = c as [number, number];
    if (l === r) reject('BAD_TENSOR', child(p, 'children'), 'the two children must differ');
    for (const ci of [l, r]) {
      if (hasParent[ci]) reject('BAD_TENSOR', child(p, 'children'), `node ${ci} already has a parent`);
      hasParent[ci] = true;
    }
    return { children: [l, r], rank };
  });
  if ((nodes[nodes.length - 1] as HtNode).rank !== 1) reject('BAD_TENSOR', child(child(path, nodes.length - 1), 'rank'), "the root's rank must be 1");
  return nodes;
}

const LEG_NAME = /^[A-Za-z_][A-Za-z0-9_:.-]{0,63}$/;

/** Reads a `network` structure and checks its graph (see the module comment). */
function readNetwork(x: unknown, path: string, data: boolean): Structure {
  const o = readObject(x, path, ['format', 'nodes', 'modes', 'bonds'], ['hyperedges']);
  const p = (k: string): string => child(path, k);
  const sizes = (v: unknown, at: string, max: number): Record<string, number> => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return reject('WRONG_TYPE', at, 'expected an object of leg names and sizes');
    const m = v as JsonObject;
    const out: Record<string, number> = Object.create(null) as Record<string, number>;
    for (const k of Object.keys(m)) {
      if (!LEG_NAME.test(k)) reject('BAD_TENSOR', child(at, k), `a leg name is a letter or _ then up to 63 of [A-Za-z0-9_:.-], got ${JSON.stringify(k.slice(0, 40))}`);
      out[k] = readInt(m[k], child(at, k), 1, max);
    }
    return out;
  };
  const bonds = sizes(o['bonds'], p('bonds'), MAX_RANK);
  const hyperedges = has(o, 'hyperedges') ? sizes(o['hyperedges'], p('hyperedges'), MAX_RANK) : undefined;
  const modeList = readArray(o['modes'], p('modes'));
  if (modeList.length < 1 || modeList.length > MAX_ORDER) reject('BAD_TENSOR', p('modes'), `expected 1 to ${MAX_ORDER} modes, got ${modeList.length}`);
  const modes = modeList.map((v, m) => {
    const mo = readObject(v, child(p('modes'), m), ['leg', 'size']);
    const leg = readString(mo['leg'], child(child(p('modes'), m), 'leg'));
    if (!LEG_NAME.test(leg)) reject('BAD_TENSOR', child(child(p('modes'), m), 'leg'), `a leg name is a letter or _ then up to 63 of [A-Za-z0-9_:.-], got ${JSON.stringify(leg.slice(0, 40))}`);
    return { leg, size: readInt(mo['size'], child(child(p('modes'), m), 'size'), 1, MAX_MODE_SIZE) };
  });
  const kind = new Map<string, 'mode' | 'bond' | 'hyper'>();
  const sizeOf = new Map<string, number>();
  for (const m of modes) {
    if (kind.has(m.leg)) reject('BAD_TENSOR', p('modes'), `the leg "${m.leg}" is listed twice`);
    kind.set(m.leg, 'mode');
    sizeOf.set(m.leg, m.size);
  }
  for (const [leg, size, k] of [...Object.entries(bonds).map(([l, z]) => [l, z, 'bond'] as const), ...Object.entries(hyperedges ?? {}).map(([l, z]) => [l, z, 'hyper'] as const)]) {
    if (kind.has(leg)) reject('BAD_TENSOR', path, `the leg "${leg}" is declared twice (as a mode, a bond or a hyperedge)`);
    kind.set(leg, k);
    sizeOf.set(leg, size);
  }
  const nodeList = readArray(o['nodes'], p('nodes'));
  if (nodeList.length < 1 || nodeList.length > MAX_NODES) reject('BAD_TENSOR', p('nodes'), `expected 1 to ${MAX_NODES} nodes, got ${nodeList.length}`);
  const count = new Map<string, number>();
  const nodes = nodeList.map((v, t): NetNode => {
    const np = child(p('nodes'), t);
    const no = readObject(v, np, ['legs'], data ? ['data', 'sameAs'] : ['sameAs']);
    const legs = readArray(no['legs'], child(np, 'legs'));
    if (legs.length > MAX_LEGS) reject('BAD_TENSOR', child(np, 'legs'), `a node has at most ${MAX_LEGS} legs, got ${legs.length}`);
    const names = legs.map((l, k) => {
      const leg = readString(l, child(child(np, 'legs'), k));
      if (!kind.has(leg)) reject('BAD_TENSOR', child(child(np, 'legs'), k), `the leg "${leg.slice(0, 40)}" is neither a mode nor a declared bond or hyperedge`);
      count.set(leg, (count.get(leg) ?? 0) + 1);
      return leg;
    });
    if (new Set(names).size !== names.length) reject('BAD_TENSOR', child(np, 'legs'), 'a node lists a leg twice');
    if (!has(no, 'sameAs')) {
      if (data && !has(no, 'data')) reject('MISSING_FIELD', child(np, 'data'), 'missing field "data" (or "sameAs")');
      return { legs: names };
    }
    if (has(no, 'data')) reject('UNKNOWN_FIELD', child(np, 'data'), 'a node with "sameAs" has no data of its own');
    const s = readInt(no['sameAs'], child(np, 'sameAs'), 0, Math.max(0, t - 1));
    if (t === 0) reject('BAD_TENSOR', child(np, 'sameAs'), 'the first node cannot share another node\'s data');
    const target = nodeList[s] as JsonObject;
    if (has(target, 'sameAs')) reject('BAD_TENSOR', child(np, 'sameAs'), `node ${s} shares data itself; name the node that holds it`);
    const tl = readArray(target['legs'], child(child(p('nodes'), s), 'legs')) as readonly string[];
    if (tl.length !== names.length || names.some((l, k) => sizeOf.get(l) !== sizeOf.get(tl[k] as string))) reject('BAD_TENSOR', child(np, 'sameAs'), `node ${t} shares node ${s}'s data, so its legs must have the same sizes in the same order`);
    return { legs: names, sameAs: s };
  });
  for (const [leg, k] of kind) {
    const c = count.get(leg) ?? 0;
    if (k === 'mode' && c !== 1) reject('BAD_TENSOR', p('modes'), `the open leg "${leg}" must be on exactly one node, it is on ${c}`);
    if (k === 'bond' && c !== 2) reject('BAD_TENSOR', p('bonds'), `the bond "${leg}" must join exactly two nodes, it is on ${c}${c > 2 ? ' (declare it under "hyperedges" if it is one)' : c === 1 ? ' (a dangling leg: make it a mode or remove it)' : ''}`);
    if (k === 'hyper' && c < 1) reject('BAD_TENSOR', p('hyperedges'), `the hyperedge "${leg}" is on no node`);
  }
  return { format: 'network', nodes, modes, bonds, ...(hyperedges ? { hyperedges } : {}) };
}

/** Reads a structure; with `data`, the object may also hold the parameter fields (not read here). */
function readStructureFields(x: unknown, path: string, data: boolean): Structure {
  const head = readObject(x, path, ['format'], ['shape', 'rank', 'ranks', 'order', 'size', 'nodes', 'data', 'factors', 'weights', 'cores', 'first', 'middle', 'last', 'modes', 'bonds', 'hyperedges']);
  const format = readString(head['format'], child(path, 'format'));
  const p = (k: string): string => child(path, k);
  const fields = (required: string[], dataFields: string[], optional: string[] = []): JsonObject =>
    readObject(x, path, ['format', ...required, ...(data ? dataFields : [])], data ? optional : []);
  switch (format as (typeof FORMATS)[number]) {
    case 'dense':
      return { format: 'dense', shape: readShape(fields(['shape'], ['data'])['shape'], p('shape')) };
    case 'cp': {
      const o = fields(['shape', 'rank'], ['factors'], ['weights']);
      return { format: 'cp', shape: readShape(o['shape'], p('shape')), rank: rankAt(o['rank'], p('rank')) };
    }
    case 'tt': {
      const o = fields(['shape', 'ranks'], ['cores']);
      const shape = readShape(o['shape'], p('shape'));
      const ranks = readArray(o['ranks'], p('ranks'), shape.length + 1).map((v, k) => rankAt(v, child(p('ranks'), k)));
      if (ranks[0] !== 1 || ranks[shape.length] !== 1) reject('BAD_TENSOR', p('ranks'), 'the boundary ranks r_0 and r_d must be 1');
      return { format: 'tt', shape, ranks };
    }
    case 'tt-shared': {
      const o = fields(['order', 'size', 'rank'], ['first', 'middle', 'last']);
      return { format: 'tt-shared', order: readInt(o['order'], p('order'), 2, MAX_ORDER), size: readInt(o['size'], p('size'), 1, MAX_MODE_SIZE), rank: rankAt(o['rank'], p('rank')) };
    }
    case 'ht': {
      const o = readObject(x, path, ['format', 'shape', 'nodes']);
      const shape = readShape(o['shape'], p('shape'));
      return { format: 'ht', shape, nodes: readHtNodes(o['nodes'], p('nodes'), shape.length, data) };
    }
    case 'network':
      return readNetwork(x, path, data);
    default:
      return reject('UNKNOWN_KIND', p('format'), `unknown format "${format.slice(0, 40)}"; known: ${FORMATS.join(', ')}`);
  }
}

/** Reads a structure (a format and its sizes, no parameters). */
export function readStructure(x: unknown, path: string): Structure {
  return readStructureFields(x, path, false);
}

/** The JSON value at a pointer below `x` (the pointer's segments are plain keys and indices). */
function at(x: unknown, pointer: string): unknown {
  let v = x;
  for (const key of pointer.split('/').slice(1)) v = (v as Record<string, unknown> | readonly unknown[] | undefined)?.[key as never];
  return v;
}

/** Reads a tensor: its structure, then every parameter block with its exact length. */
export function readTensor(x: unknown, path: string): Tensor {
  const structure = readStructureFields(x, path, true);
  // The containers of the blocks: exactly one array entry per block, nothing else.
  const o = x as JsonObject;
  if (structure.format === 'cp') readArray(o['factors'], child(path, 'factors'), structure.shape.length);
  if (structure.format === 'tt') readArray(o['cores'], child(path, 'cores'), structure.shape.length);
  const blocks = tensorBlocks(structure, has(o, 'weights'));
  const total = blocks.reduce((s, b) => s + b.length, 0);
  if (!(total <= MAX_TENSOR_PARAMS)) reject('BUDGET_EXCEEDED', path, `the tensor has ${total === Infinity ? 'too many' : total} parameters, above the kernel's limit ${MAX_TENSOR_PARAMS}`);
  return { structure, blocks: blocks.map((b) => readBlock(x, path, b)) };
}

/** The parameter blocks of a tensor of this structure (a CP tensor's weights last, when given). */
function tensorBlocks(s: Structure, weights: boolean): { path: string; length: number }[] {
  const blocks = [...layoutOf(s).blocks];
  if (s.format === 'cp' && weights) blocks.push({ path: '/weights', length: s.rank });
  return blocks;
}

function readBlock(x: unknown, path: string, b: { path: string; length: number }): Scalar[] {
  const where = path + b.path;
  return readArray(at(x, b.path), where, b.length).map((v, i) => readScalar(v as Json, child(where, i)));
}

/** The layout of a tensor (weights of a CP tensor become one more node over `rank`). */
export function tensorLayout(x: Tensor): Layout {
  const l = layoutOf(x.structure);
  if (x.blocks.length === l.blocks.length) return l;
  const rank = l.names.indexOf('rank');
  return { ...l, nodes: [...l.nodes, { block: l.blocks.length, indices: [rank] }], blocks: tensorBlocks(x.structure, true) };
}

/**
 * Whether every tensor of structure `small` is a tensor of structure `big`: the same format and
 * mode sizes (and tree), each rank of `small` at most the corresponding rank of `big`. Padding the
 * parameter blocks with zeros embeds the one in the other without changing the tensor (for a
 * shared-core TT the padded middle block is still shared; a CP tensor with weights has the same
 * structure as one without).
 */
export function embeds(small: Structure, big: Structure): boolean {
  const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((n, i) => n === b[i]);
  switch (small.format) {
    case 'dense':
      return big.format === 'dense' && sameShape(small.shape, big.shape);
    case 'cp':
      return big.format === 'cp' && sameShape(small.shape, big.shape) && small.rank <= big.rank;
    case 'tt':
      return big.format === 'tt' && sameShape(small.shape, big.shape) && small.ranks.every((r, k) => r <= (big.ranks[k] as number));
    case 'tt-shared':
      return big.format === 'tt-shared' && small.order === big.order && small.size === big.size && small.rank <= big.rank;
    case 'network': {
      if (big.format !== 'network' || small.nodes.length !== big.nodes.length || small.modes.length !== big.modes.length) return false;
      const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
      if (!small.nodes.every((n, t) => sameList(n.legs, (big.nodes[t] as NetNode).legs) && n.sameAs === (big.nodes[t] as NetNode).sameAs)) return false;
      if (!small.modes.every((m, i) => m.leg === big.modes[i]?.leg && m.size === big.modes[i]?.size)) return false;
      // The same bonds and hyperedges, each of a size at most the other's (padding with zeros).
      const within = (a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean => Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, z]) => b[k] !== undefined && z <= (b[k] as number));
      return within(small.bonds, big.bonds) && within(small.hyperedges ?? {}, big.hyperedges ?? {});
    }
    case 'ht':
      return (
        big.format === 'ht' &&
        sameShape(small.shape, big.shape) &&
        small.nodes.length === big.nodes.length &&
        small.nodes.every((a, t) => {
          const b = big.nodes[t] as HtNode;
          const sameNode = 'leaf' in a ? 'leaf' in b && a.leaf === b.leaf : 'children' in b && a.children[0] === b.children[0] && a.children[1] === b.children[1];
          return sameNode && a.rank <= b.rank;
        })
      );
  }
}

/** An HT tree as nested parentheses of its modes, e.g. "((0 1) (2 3))". */
export function treeText(nodes: readonly HtNode[]): string {
  const out: string[] = [];
  for (const n of nodes) out.push('leaf' in n ? String(n.leaf) : `(${out[n.children[0]]} ${out[n.children[1]]})`);
  return out[out.length - 1] ?? '';
}

/** "3^8", or "2 x 3 x 2". */
export function shapeText(shape: readonly number[]): string {
  return shape.length > 1 && shape.every((n) => n === shape[0]) ? `${shape[0]}^${shape.length}` : shape.join(' x ');
}

/** A structure in words, with every size that defines it. */
export function structureText(s: Structure): string {
  const shape = shapeText(shapeOf(s));
  switch (s.format) {
    case 'dense':
      return `dense tensor of shape ${shape}`;
    case 'cp':
      return `CP network of shape ${shape} and rank ${s.rank}`;
    case 'tt':
      return `TT network of shape ${shape} and ranks (${s.ranks.join(',')})`;
    case 'tt-shared':
      return `shared-core TT network of order ${s.order}, mode size ${s.size} and rank ${s.rank}`;
    case 'ht':
      return `HT network of shape ${shape} on the tree ${treeText(s.nodes)} with node ranks (${s.nodes.map((n) => n.rank).join(',')})`;
    case 'network': {
      const legs = (r: Readonly<Record<string, number>>): string => Object.entries(r).map(([k, z]) => `${k}:${z}`).join(' ');
      const nodes = s.nodes.map((n) => `[${n.legs.join(' ')}]${n.sameAs !== undefined ? `=${s.nodes[n.sameAs] ? `#${n.sameAs}` : ''}` : ''}`).join(' ');
      return `network of nodes ${nodes} with modes (${s.modes.map((m) => `${m.leg}:${m.size}`).join(' ')}) and bonds (${legs(s.bonds)})${s.hyperedges && Object.keys(s.hyperedges).length > 0 ? ` and hyperedges (${legs(s.hyperedges)})` : ''}`;
    }
  }
}

/**
 * The tensor's identity: canonical JSON of its structure and of every entry in reduced form
 * ("a" or "a/b"), so two spellings of the same numbers have the same identity.
 */
export function tensorIdentity(x: Tensor): string {
  return canonicalJson({ structure: x.structure, blocks: x.blocks.map((b) => b.map(scalarText)) });
}
