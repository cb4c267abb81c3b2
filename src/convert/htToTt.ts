/**
 * HT -> TT (Khrulkov et al. 2018, Theorem 2, after Grasedyck 2010).
 *
 * Construction: sweep the modes left to right keeping a stack of the completed maximal subtrees
 * (on a tree whose nodes cover intervals, a node completes when its last mode is read, and its
 * children are then the top of the stack). The TT bond before mode m is indexed by the tuple of
 * the stack nodes' ranks, so its size is the product of the HT ranks of the maximal subtrees
 * inside modes 0..m-1. Core m pushes leaf m's frame and applies the transfer tensors of the nodes
 * that complete at m. {@link htToTt} then reduces the ranks exactly ({@link ttRound}), so each
 * bond ends at the rank of its prefix matricization, which is at most the product of the ranks
 * of any set of tree edges separating the prefix from the rest (a cut).
 *
 * On the balanced tree with d = 2^L and all HT ranks r, the worst prefix needs ceil(L / 2) tree
 * edges, so TT ranks <= r^ceil(log2(d) / 2); the paper writes r^(log2(d) / 2), which is the same
 * for even L and not an integer exponent for odd L (e.g. d = 8: r^2, not r^1.5). The cut numbers
 * come from `src/cuts` and are certified there.
 *
 * @packageDocumentation
 */
import type { Field } from '../exact/field.js';
import { intervalsOf, parentsOf, treeOf } from '../formats/tree.js';
import type { HtInner, HtLeaf, HtTensor, TtTensor } from '../formats/types.js';
import { ttRound } from './ttRound.js';

/** Product of ranks of a stack of nodes. */
function stackDim(stack: readonly number[], rank: (t: number) => number): number {
  return stack.reduce((p, t) => p * rank(t), 1);
}

/** The TT of the left-to-right sweep, before rank reduction. */
export function htToTtSweep<T>(F: Field<T>, x: HtTensor<T>): TtTensor<T> {
  const d = x.shape.length;
  const tree = treeOf(x);
  const intervals = intervalsOf(tree);
  const bad = intervals.findIndex((iv) => iv === null);
  if (bad >= 0) throw new RangeError(`htToTt needs every tree node to cover an interval of modes in order; node ${bad} does not`);
  const parents = parentsOf(tree);
  const rank = (t: number): number => (x.nodes[t] as { rank: number }).rank;
  const leafOf = new Array<number>(d);
  x.nodes.forEach((node, t) => {
    if (node.kind === 'leaf') leafOf[node.mode] = t;
  });
  let stack: number[] = [];
  const ranks = [1];
  const cores: T[][] = [];
  for (let m = 0; m < d; m++) {
    // The chain of nodes completing at mode m: the leaf, then each parent of which it is the right child.
    const chain = [leafOf[m] as number];
    for (;;) {
      const top = chain[chain.length - 1] as number;
      const p = parents[top] as number;
      if (p < 0 || (x.nodes[p] as HtInner<T>).right !== top) break;
      chain.push(p);
    }
    const k = chain.length - 1; // number of merges, each pops one left child
    if (k > stack.length) throw new RangeError(`internal: stack underflow at mode ${m}`);
    const kept = stack.slice(0, stack.length - k);
    const popped = stack.slice(stack.length - k); // bottom-to-top; the top is the left child of chain[1]
    const newTop = chain[k] as number;
    const nextStack = [...kept, newTop];
    const inDim = stackDim(stack, rank);
    const keptDim = stackDim(kept, rank);
    const popDim = stackDim(popped, rank);
    const outTop = rank(newTop);
    const n = x.shape[m] as number;
    const outDim = keptDim * outTop;
    const core = new Array<T>(inDim * n * outDim).fill(F.zero);
    const leaf = x.nodes[chain[0] as number] as HtLeaf<T>;
    const popRanks = popped.map(rank);
    for (let popIdx = 0; popIdx < popDim; popIdx++) {
      // Decode the popped values, top first: v_j is the left child's index for merge j.
      const vals: number[] = [];
      let rest = popIdx;
      for (let s = popped.length - 1; s >= 0; s--) {
        const r = popRanks[s] as number;
        vals.push(rest % r);
        rest = Math.floor(rest / r);
      }
      for (let i = 0; i < n; i++) {
        let vec = leaf.frame.slice(i * leaf.rank, (i + 1) * leaf.rank) as T[];
        for (let j = 1; j <= k; j++) {
          const node = x.nodes[chain[j] as number] as HtInner<T>;
          const rl = rank(node.left);
          const rr = rank(node.right);
          const rt = node.rank;
          const v = vals[j - 1] as number;
          const out = new Array<T>(rt).fill(F.zero);
          for (let b = 0; b < rr; b++) {
            const y = vec[b] as T;
            if (F.isZero(y)) continue;
            for (let c = 0; c < rt; c++) out[c] = F.add(out[c] as T, F.mul(y, node.transfer[(v * rr + b) * rt + c] as T));
          }
          if (rl === 0) throw new RangeError('internal: empty rank');
          vec = out;
        }
        for (let keptIdx = 0; keptIdx < keptDim; keptIdx++) {
          const s = keptIdx * popDim + popIdx;
          for (let c = 0; c < outTop; c++) {
            const val = vec[c] as T;
            if (F.isZero(val)) continue;
            core[(s * n + i) * outDim + keptIdx * outTop + c] = val;
          }
        }
      }
    }
    cores.push(core);
    ranks.push(outDim);
    stack = nextStack;
  }
  return { format: 'tt', shape: [...x.shape], ranks, cores };
}

/** HT -> TT with the smallest TT ranks (exact; F must be Q or Z/p). */
export function htToTt<T>(F: Field<T>, x: HtTensor<T>): TtTensor<T> {
  return ttRound(F, htToTtSweep(F, x));
}
