/**
 * Kronecker (all even d at once) certificates for paired families, and the paper's witnesses as
 * paired families.
 *
 * @packageDocumentation
 */
import { CERTIFICATE_TAG, CERTIFICATE_VERSION, sealCertificate } from '../kernel/index.js';
import { tensorToJson } from '../formats/json.js';
import type { HtInner, HtLeaf, HtTensor, TtTensor } from '../formats/types.js';
import { balancedTree } from '../formats/tree.js';
import { rankExact } from '../rank/index.js';
import { primeForExactMinor } from './minor.js';

/** A pair with integer parameters (the same layouts as the kernel's families). */
export type IntegerPair =
  | { readonly format: 'tt-pairs'; readonly size: number; readonly pairRank: number; readonly first: readonly bigint[]; readonly second: readonly bigint[] }
  | { readonly format: 'ht-pairs'; readonly size: number; readonly pairRank: number; readonly left: readonly bigint[]; readonly right: readonly bigint[]; readonly transfer: readonly bigint[] };

/** The paper's witness pair (Eq. 9): first[i, a] = [i = a < q], second[a, j] = [a = j < q]; s = r. */
export function witnessPair(format: 'tt-pairs' | 'ht-pairs', n: number, r: number): IntegerPair {
  const q = Math.min(n, r);
  const delta = (rows: number, cols: number): bigint[] => Array.from({ length: rows * cols }, (_, lin) => (Math.floor(lin / cols) === lin % cols && lin % cols < q ? 1n : 0n));
  if (format === 'tt-pairs') return { format, size: n, pairRank: r, first: delta(n, r), second: delta(r, n) };
  return { format, size: n, pairRank: r, left: delta(n, r), right: delta(n, r), transfer: delta(r, r) };
}

/** The pair block P (n x n) over the integers. */
export function pairBlock(f: IntegerPair): bigint[] {
  const n = f.size;
  const s = f.pairRank;
  const P = new Array<bigint>(n * n).fill(0n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let acc = 0n;
      if (f.format === 'tt-pairs') for (let a = 0; a < s; a++) acc += (f.first[i * s + a] as bigint) * (f.second[a * n + j] as bigint);
      else for (let a = 0; a < s; a++) for (let b = 0; b < s; b++) acc += (f.left[i * s + a] as bigint) * (f.right[j * s + b] as bigint) * (f.transfer[a * s + b] as bigint);
      P[i * n + j] = acc;
    }
  return P;
}

/** The family's member of even order d as a TT (bonds s between the modes of a pair, 1 between pairs). */
export function pairTt(f: Extract<IntegerPair, { format: 'tt-pairs' }>, d: number): TtTensor<bigint> {
  const { size: n, pairRank: s } = f;
  const shape = new Array<number>(d).fill(n);
  const ranks = [1, ...Array.from({ length: d - 1 }, (_, k) => (k % 2 === 0 ? s : 1)), 1];
  const cores = shape.map((_, k) => [...(k % 2 === 0 ? f.first : f.second)]);
  return { format: 'tt', shape, ranks, cores };
}

/** The family's member of even order d as an HT on the balanced tree (pairs joined, then multiplied). */
export function pairHt(f: Extract<IntegerPair, { format: 'ht-pairs' }>, d: number): HtTensor<bigint> {
  const { size: n, pairRank: s } = f;
  const tree = balancedTree(d);
  const nodes = tree.nodes.map((node): HtLeaf<bigint> | HtInner<bigint> => {
    if (node.kind === 'leaf') return { kind: 'leaf', mode: node.mode, rank: s, frame: [...(node.mode % 2 === 0 ? f.left : f.right)] };
    const l = tree.nodes[node.left];
    const pair = l?.kind === 'leaf';
    return pair ? { kind: 'inner', left: node.left, right: node.right, rank: 1, transfer: [...f.transfer] } : { kind: 'inner', left: node.left, right: node.right, rank: 1, transfer: [1n] };
  });
  return { format: 'ht', shape: new Array<number>(d).fill(n), nodes };
}

/** The pair as an order-2 tensor (the form Kronecker certificates carry). */
export function pairTensor(f: IntegerPair): TtTensor<bigint> | HtTensor<bigint> {
  const n = f.size;
  const s = f.pairRank;
  if (f.format === 'tt-pairs') return { format: 'tt', shape: [n, n], ranks: [1, s, 1], cores: [[...f.first], [...f.second]] };
  return {
    format: 'ht',
    shape: [n, n],
    nodes: [
      { kind: 'leaf', mode: 0, rank: s, frame: [...f.left] },
      { kind: 'leaf', mode: 1, rank: s, frame: [...f.right] },
      { kind: 'inner', left: 0, right: 1, rank: 1, transfer: [...f.transfer] },
    ],
  };
}

/** A `rank-lower-bound/kronecker` certificate from the pair block's exact pivots. */
export function kroneckerCertificate(f: IntegerPair, provenance?: Record<string, unknown>): { certificate: object; base: number } {
  const n = f.size;
  const P = { rows: n, cols: n, data: pairBlock(f) };
  const r = rankExact(P);
  const prime = r.rank > 0 ? primeForExactMinor(P, r.pivotRows, r.pivotCols) : 8388593;
  const certificate = sealCertificate({
    certificate: CERTIFICATE_TAG,
    version: CERTIFICATE_VERSION,
    kind: 'rank-lower-bound/kronecker',
    claim: { rankAtLeastPerPair: r.rank },
    pair: tensorToJson(pairTensor(f)),
    prime,
    rowIndices: r.pivotRows,
    colIndices: r.pivotCols,
    ...(provenance ? { provenance } : {}),
  });
  return { certificate, base: r.rank };
}
