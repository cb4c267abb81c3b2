/**
 * CP -> HT on any dimension tree with all ranks R (root 1): leaves carry the CP factors,
 * inner nodes the diagonal tensor B[a, b, c] = [a = b = c], the root B[a, b, 0] = [a = b] w_a.
 * Exact over any field.
 *
 * @packageDocumentation
 */
import type { Field } from '../exact/field.js';
import { balancedTree, rootOf, validateTree } from '../formats/tree.js';
import type { CpTensor, DimensionTree, HtInner, HtLeaf, HtTensor } from '../formats/types.js';

export function cpToHt<T>(F: Field<T>, x: CpTensor<T>, tree: DimensionTree = balancedTree(x.shape.length)): HtTensor<T> {
  const d = x.shape.length;
  validateTree(tree, d, 'tree');
  const R = x.rank;
  const root = rootOf(tree);
  const w = (r: number): T => (x.weights ? (x.weights[r] as T) : F.one);
  const nodes = tree.nodes.map((node, t): HtLeaf<T> | HtInner<T> => {
    if (node.kind === 'leaf') {
      const u = x.factors[node.mode] as readonly T[];
      if (t !== root) return { kind: 'leaf', mode: node.mode, rank: R, frame: [...u] };
      // d = 1: the root is the only leaf; fold the terms into one column.
      const n = x.shape[node.mode] as number;
      const frame = Array.from({ length: n }, (_, i) => {
        let s = F.zero;
        for (let r = 0; r < R; r++) s = F.add(s, F.mul(w(r), u[i * R + r] as T));
        return s;
      });
      return { kind: 'leaf', mode: node.mode, rank: 1, frame };
    }
    const rank = t === root ? 1 : R;
    const transfer = new Array<T>(R * R * rank).fill(F.zero);
    for (let a = 0; a < R; a++) transfer[(a * R + a) * rank + (t === root ? 0 : a)] = t === root ? w(a) : F.one;
    return { kind: 'inner', left: node.left, right: node.right, rank, transfer };
  });
  return { format: 'ht', shape: [...x.shape], nodes };
}
