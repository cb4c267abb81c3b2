/**
 * `rank-upper-bound/cut`: a set of indices of the structure's network (see structures.ts for the
 * names: `leg:m`, `bond:k`, `rank`, `edge:t`) whose removal leaves no path from a row mode to a
 * column mode. Fixing the values of the removed indices writes every tensor of the structure as a
 * sum of (product of their sizes) terms, each a row-side factor times a column-side factor, so
 * its matricization has rank at most that product, whatever the parameters.
 *
 * @packageDocumentation
 */
import type { RankUpperBoundClaim } from '../claims.js';
import { child, readArray, readNat, readObject, readString, type JsonObject } from '../json.js';
import { layoutOf, readStructure, shapeOf, type Layout } from '../structures.js';
import { reject } from '../verdict.js';
import { readRowModes } from './matrix.js';

/** Whether removing the `cut` indices separates the row modes from the other modes (union-find). */
export function separates(l: Layout, rowModes: readonly number[], cut: ReadonlySet<number>): boolean {
  // Vertices: the nodes, then one terminal per mode.
  const parent = Array.from({ length: l.nodes.length + l.shape.length }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] as number] as number;
    return i;
  };
  const join = (a: number, b: number): void => {
    parent[find(a)] = find(b);
  };
  const first = new Array<number>(l.sizes.length).fill(-1);
  l.nodes.forEach((node, v) =>
    node.indices.forEach((i) => {
      if (cut.has(i)) return;
      if ((first[i] as number) < 0) first[i] = v;
      else join(first[i] as number, v);
    }),
  );
  l.modes.forEach((i, m) => {
    if (!cut.has(i) && (first[i] as number) >= 0) join(first[i] as number, l.nodes.length + m);
  });
  const rowRoots = new Set(rowModes.map((m) => find(l.nodes.length + m)));
  return l.shape.every((_, m) => rowModes.includes(m) || !rowRoots.has(find(l.nodes.length + m)));
}

/** Checks a `rank-upper-bound/cut` certificate. */
export function checkCut(doc: JsonObject): RankUpperBoundClaim {
  const bound = readNat(readObject(doc['claim'], '/claim', ['rankAtMost'])['rankAtMost'], '/claim/rankAtMost');
  const structure = readStructure(doc['network'], '/network');
  const rowModes = readRowModes(doc['rowModes'], '/rowModes', shapeOf(structure).length);
  const l = layoutOf(structure);
  const cut = new Set<number>();
  const names = readArray(doc['cut'], '/cut').map((v, k) => {
    const name = readString(v, child('/cut', k));
    const i = l.names.indexOf(name);
    if (i < 0) reject('UNKNOWN_CUT_ELEMENT', child('/cut', k), `no index named "${name.slice(0, 40)}" in this network`);
    if (cut.has(i)) reject('DUPLICATE_INDEX', child('/cut', k), `"${name}" is listed twice`);
    cut.add(i);
    return name;
  });
  const product = [...cut].reduce((p, i) => p * BigInt(l.sizes[i] as number), 1n);
  if (product !== bound) reject('CLAIM_MISMATCH', '/claim/rankAtMost', `the cut's sizes multiply to ${product}, the claim says ${bound}`);
  if (!separates(l, rowModes, cut)) reject('CUT_DOES_NOT_SEPARATE', '/cut', 'a row mode is still connected to a column mode after removing the cut');
  return { kind: 'rank-upper-bound', method: 'cut', structure, rowModes, cut: names, bound };
}
