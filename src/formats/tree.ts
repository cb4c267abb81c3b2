/**
 * Binary dimension trees for HT tensors: builders and structural queries.
 *
 * Nodes are listed children first and the root last, so a forward pass over the list visits
 * every child before its parent.
 *
 * @packageDocumentation
 */
import { FormatError, type DimensionTree, type TreeInner, type TreeLeaf } from './types.js';

/**
 * The balanced tree on modes 0..d-1, left-complete: an interval of length L splits after its first
 * 2^(ceil(log2 L) - 1) modes. For d = 2^k this is the perfect binary tree; for any d the sibling
 * pairs (2j, 2j+1) are leaves of one node, so the odd/even split cuts every pair (the shape the
 * Cohen et al. 2016 theorem needs).
 */
export function balancedTree(d: number): DimensionTree {
  if (!Number.isSafeInteger(d) || d < 1) throw new RangeError(`a dimension tree needs d >= 1 modes, got ${d}`);
  const nodes: (TreeLeaf | TreeInner)[] = [];
  const build = (lo: number, hi: number): number => {
    if (hi - lo === 1) {
      nodes.push({ kind: 'leaf', mode: lo });
      return nodes.length - 1;
    }
    const len = hi - lo;
    const mid = lo + 2 ** (Math.ceil(Math.log2(len)) - 1);
    const left = build(lo, mid);
    const right = build(mid, hi);
    nodes.push({ kind: 'inner', left, right });
    return nodes.length - 1;
  };
  build(0, d);
  return { nodes };
}

/** The linear ("caterpillar") tree (((0, 1), 2), ...): the HT form of a TT's sequential order. */
export function caterpillarTree(d: number): DimensionTree {
  if (!Number.isSafeInteger(d) || d < 1) throw new RangeError(`a dimension tree needs d >= 1 modes, got ${d}`);
  const nodes: (TreeLeaf | TreeInner)[] = [{ kind: 'leaf', mode: 0 }];
  let acc = 0;
  for (let m = 1; m < d; m++) {
    nodes.push({ kind: 'leaf', mode: m });
    nodes.push({ kind: 'inner', left: acc, right: nodes.length - 1 });
    acc = nodes.length - 1;
  }
  return { nodes };
}

/** Index of the root (the last node). */
export function rootOf(tree: DimensionTree): number {
  return tree.nodes.length - 1;
}

/**
 * Throws a {@link FormatError} unless the tree is a binary tree over exactly the modes 0..d-1,
 * children listed before parents, every node but the root with exactly one parent.
 */
export function validateTree(tree: DimensionTree, d: number, where = 'ht.nodes'): void {
  const nodes = tree.nodes;
  if (!Array.isArray(nodes) || nodes.length === 0) throw new FormatError(where, 'expected a non-empty list of nodes');
  if (nodes.length !== 2 * d - 1) throw new FormatError(where, `a binary tree over ${d} modes has ${2 * d - 1} nodes, got ${nodes.length}`);
  const parents = new Array<number>(nodes.length).fill(-1);
  const modeSeen = new Array<boolean>(d).fill(false);
  nodes.forEach((node, t) => {
    if (node.kind === 'leaf') {
      if (!Number.isInteger(node.mode) || node.mode < 0 || node.mode >= d) throw new FormatError(`${where}[${t}].mode`, `expected a mode in [0, ${d - 1}], got ${node.mode}`);
      if (modeSeen[node.mode]) throw new FormatError(`${where}[${t}].mode`, `mode ${node.mode} has two leaves`);
      modeSeen[node.mode] = true;
    } else if (node.kind === 'inner') {
      for (const [side, c] of [['left', node.left], ['right', node.right]] as const) {
        if (!Number.isInteger(c) || c < 0 || c >= t) throw new FormatError(`${where}[${t}].${side}`, `a child must be an earlier node (children first), expected an index in [0, ${t - 1}], got ${c}`);
        if (parents[c] !== -1) throw new FormatError(`${where}[${t}].${side}`, `node ${c} already has parent ${parents[c]}`);
        parents[c] = t;
      }
      if (node.left === node.right) throw new FormatError(`${where}[${t}]`, 'the two children must differ');
    } else {
      throw new FormatError(`${where}[${t}]`, `expected a leaf or an inner node, got ${JSON.stringify(node)}`);
    }
  });
  parents.forEach((p, t) => {
    if (t < nodes.length - 1 && p === -1) throw new FormatError(`${where}[${t}]`, `node ${t} has no parent (only the last node, the root, may have none)`);
  });
}

/** For every node, its modes in leaf order (left subtree first). */
export function leafOrders(tree: DimensionTree): number[][] {
  const out: number[][] = [];
  for (const node of tree.nodes) out.push(node.kind === 'leaf' ? [node.mode] : [...(out[node.left] as number[]), ...(out[node.right] as number[])]);
  return out;
}

/** For every node, its parent (-1 for the root). */
export function parentsOf(tree: DimensionTree): number[] {
  const parents = new Array<number>(tree.nodes.length).fill(-1);
  tree.nodes.forEach((node, t) => {
    if (node.kind === 'inner') {
      parents[node.left] = t;
      parents[node.right] = t;
    }
  });
  return parents;
}

/**
 * For every node, its modes as an interval [lo, hi) when they are contiguous and in order
 * (left child's interval first), else null. Balanced and caterpillar trees have only intervals.
 */
export function intervalsOf(tree: DimensionTree): ({ lo: number; hi: number } | null)[] {
  const out: ({ lo: number; hi: number } | null)[] = [];
  for (const node of tree.nodes) {
    if (node.kind === 'leaf') out.push({ lo: node.mode, hi: node.mode + 1 });
    else {
      const l = out[node.left];
      const r = out[node.right];
      out.push(l && r && l.hi === r.lo ? { lo: l.lo, hi: r.hi } : null);
    }
  }
  return out;
}

/** Structural equality of two trees (same nodes, same children, same leaf modes). */
export function sameTree(a: DimensionTree, b: DimensionTree): boolean {
  if (a.nodes.length !== b.nodes.length) return false;
  return a.nodes.every((x, t) => {
    const y = b.nodes[t];
    if (!y || x.kind !== y.kind) return false;
    if (x.kind === 'leaf') return y.kind === 'leaf' && x.mode === y.mode;
    return y.kind === 'inner' && x.left === y.left && x.right === y.right;
  });
}

/** The tree of an HT tensor (its nodes without data). */
export function treeOf(x: { readonly nodes: readonly (TreeLeaf | TreeInner)[] }): DimensionTree {
  return { nodes: x.nodes.map((n) => (n.kind === 'leaf' ? { kind: 'leaf', mode: n.mode } : { kind: 'inner', left: n.left, right: n.right })) };
}
