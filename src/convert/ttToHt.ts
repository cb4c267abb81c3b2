/**
 * TT -> HT (Grasedyck 2010; Khrulkov et al. 2018, Theorem 2: TT-ranks <= r gives HT-ranks <= r^2).
 *
 * On a tree whose nodes cover intervals [lo, hi) of modes, node t carries the pair of TT bonds at
 * the ends of its interval: rank r_lo r_hi. Leaf m: U[i, (a, b)] = G_m[a, i, b]. Inner node with
 * children [lo, mid) and [mid, hi): B[(a, e), (e', b), (a', b')] = [a = a'][e = e'][b = b'],
 * which sums over the shared bond e. The root covers [0, d): rank r_0 r_d = 1. Exact over any
 * field; the ranks are the bound r_lo r_hi <= r^2 itself (no compression).
 *
 * @packageDocumentation
 */
import type { Field } from '../exact/field.js';
import { balancedTree, intervalsOf, validateTree } from '../formats/tree.js';
import type { DimensionTree, HtInner, HtLeaf, HtTensor, TtTensor } from '../formats/types.js';

export function ttToHt<T>(F: Field<T>, x: TtTensor<T>, tree: DimensionTree = balancedTree(x.shape.length)): HtTensor<T> {
  const d = x.shape.length;
  validateTree(tree, d, 'tree');
  const intervals = intervalsOf(tree);
  const bad = intervals.findIndex((iv) => iv === null);
  if (bad >= 0) throw new RangeError(`ttToHt needs every tree node to cover an interval of modes in order; node ${bad} does not`);
  const nodes = tree.nodes.map((node, t): HtLeaf<T> | HtInner<T> => {
    const { lo, hi } = intervals[t] as { lo: number; hi: number };
    const ra = x.ranks[lo] as number;
    const rb = x.ranks[hi] as number;
    const rank = ra * rb;
    if (node.kind === 'leaf') {
      const n = x.shape[node.mode] as number;
      const G = x.cores[node.mode] as readonly T[];
      const frame = new Array<T>(n * rank).fill(F.zero);
      for (let a = 0; a < ra; a++) for (let i = 0; i < n; i++) for (let b = 0; b < rb; b++) frame[i * rank + a * rb + b] = G[(a * n + i) * rb + b] as T;
      return { kind: 'leaf', mode: node.mode, rank, frame };
    }
    const mid = (intervals[node.left] as { hi: number }).hi;
    const re = x.ranks[mid] as number;
    const r1 = ra * re;
    const r2 = re * rb;
    const transfer = new Array<T>(r1 * r2 * rank).fill(F.zero);
    for (let a = 0; a < ra; a++) for (let e = 0; e < re; e++) for (let b = 0; b < rb; b++) transfer[((a * re + e) * r2 + (e * rb + b)) * rank + (a * rb + b)] = F.one;
    return { kind: 'inner', left: node.left, right: node.right, rank, transfer };
  });
  return { format: 'ht', shape: [...x.shape], nodes };
}
