/**
 * The smallest cut (product of sizes) separating row modes from column modes in a tensor
 * network: a structural upper bound on the matricization rank. Untrusted search: the kernel
 * re-checks the separation and the product of any cut this returns.
 *
 * Method: minimum s-t cut with capacities log2(size) on the standard hypergraph gadget (each
 * hyperedge e becomes an arc e_in -> e_out of capacity log2|e|, with uncuttable arcs from its
 * vertices into e_in and from e_out back to them), by Edmonds-Karp on integer capacities
 * (log2 scaled by 2^24 and rounded). Rounding can only matter between cuts whose products agree
 * to about 1e-7 relative; the result is compared exactly with the two trivial cuts (all row legs,
 * all column legs) and the smaller product kept.
 *
 * @packageDocumentation
 */
import { naturalCompare } from '../report/order.js';
import { splitOf } from '../tensor/shape.js';
import { cutProduct, networkOf, separates, type Network, type NetworkStructure } from './network.js';

/** Scale of the integer capacities: log2(size) * 2^24. */
const CAPACITY_SCALE = 2 ** 24;
const INFINITE = Number.MAX_SAFE_INTEGER;

/** A cut and its bound. */
export interface Cut {
  /** Hyperedge names removed. */
  readonly cut: string[];
  /** Product of their sizes: an upper bound on the matricization rank. */
  readonly bound: bigint;
}

interface Arc {
  to: number;
  cap: number;
  rev: number;
}

function addArc(g: Arc[][], from: number, to: number, cap: number): void {
  (g[from] as Arc[]).push({ to, cap, rev: (g[to] as Arc[]).length });
  (g[to] as Arc[]).push({ to: from, cap: 0, rev: (g[from] as Arc[]).length - 1 });
}

function maxFlowSourceSide(g: Arc[][], s: number, t: number): boolean[] {
  const n = g.length;
  for (;;) {
    const prev = new Array<[number, number] | null>(n).fill(null);
    const seen = new Array<boolean>(n).fill(false);
    seen[s] = true;
    const queue = [s];
    while (queue.length > 0 && !seen[t]) {
      const u = queue.shift() as number;
      (g[u] as Arc[]).forEach((a, i) => {
        if (a.cap > 0 && !seen[a.to]) {
          seen[a.to] = true;
          prev[a.to] = [u, i];
          queue.push(a.to);
        }
      });
    }
    if (!seen[t]) return seen;
    let push = INFINITE;
    for (let v = t; v !== s; ) {
      const [u, i] = prev[v] as [number, number];
      push = Math.min(push, ((g[u] as Arc[])[i] as Arc).cap);
      v = u;
    }
    for (let v = t; v !== s; ) {
      const [u, i] = prev[v] as [number, number];
      const a = (g[u] as Arc[])[i] as Arc;
      a.cap -= push;
      ((g[a.to] as Arc[])[a.rev] as Arc).cap += push;
      v = u;
    }
  }
}

function flowCut(net: Network, rowModes: readonly number[], colModes: readonly number[]): string[] {
  const vIndex = new Map<string, number>();
  net.vertices.forEach((v, i) => vIndex.set(v, i));
  const V = net.vertices.length;
  const E = net.edges.length;
  const s = V + 2 * E;
  const t = s + 1;
  const g: Arc[][] = Array.from({ length: t + 1 }, () => []);
  net.edges.forEach((e, j) => {
    const ein = V + 2 * j;
    const eout = ein + 1;
    addArc(g, ein, eout, Math.round(Math.log2(e.size) * CAPACITY_SCALE));
    for (const v of e.vertices) {
      const vi = vIndex.get(v) as number;
      addArc(g, vi, ein, INFINITE);
      addArc(g, eout, vi, INFINITE);
    }
  });
  for (const m of rowModes) addArc(g, s, vIndex.get(`terminal:${m}`) as number, INFINITE);
  for (const m of colModes) addArc(g, vIndex.get(`terminal:${m}`) as number, t, INFINITE);
  const side = maxFlowSourceSide(g, s, t);
  return net.edges.filter((_, j) => side[V + 2 * j] && !side[V + 2 * j + 1]).map((e) => e.name);
}

/** The minimum cut for a structure and row modes (columns: the rest). */
export function minCut(structure: NetworkStructure, rowModes: readonly number[]): Cut {
  const net = networkOf(structure);
  const split = splitOf(net.shape.length, rowModes);
  const candidates: string[][] = [
    flowCut(net, split.rowModes, split.colModes),
    split.rowModes.map((m) => net.modeEdges[m] as string),
    split.colModes.map((m) => net.modeEdges[m] as string),
  ];
  let best: Cut | undefined;
  for (const cut of candidates) {
    if (!separates(net, split.rowModes, cut)) continue;
    const bound = cutProduct(net, cut);
    if (!best || bound < best.bound) best = { cut: [...cut].sort(naturalCompare), bound };
  }
  return best as Cut;
}

/**
 * Exhaustive minimum over all subsets of hyperedges (exponential; for tests on small networks).
 */
export function minCutBruteForce(structure: NetworkStructure, rowModes: readonly number[]): Cut {
  const net = networkOf(structure);
  const names = net.edges.map((e) => e.name);
  if (names.length > 20) throw new RangeError('minCutBruteForce: too many hyperedges');
  let best: Cut | undefined;
  for (let mask = 0; mask < 1 << names.length; mask++) {
    const cut = names.filter((_, i) => (mask >> i) & 1);
    if (!separates(net, rowModes, cut)) continue;
    const bound = cutProduct(net, cut);
    if (!best || bound < best.bound) best = { cut, bound };
  }
  return best as Cut;
}
