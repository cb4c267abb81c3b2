/**
 * Human-readable descriptions of verified claims and of tensors.
 *
 * @packageDocumentation
 */
import type { NetworkStructure } from '../cuts/network.js';
import { structureOf, structureShape } from '../cuts/network.js';
import { structureText, type Claim, type ExplicitSubject, type MatricizationSubject } from '../kernel/index.js';
import type { Tensor } from '../formats/types.js';

/** "2 x 2 x 2", or "2^8" when all modes are equal and there are more than 3. */
export function describeShape(shape: readonly number[]): string {
  if (shape.length > 3 && shape.every((n) => n === shape[0])) return `${shape[0]}^${shape.length}`;
  return shape.join(' x ');
}

/** "TT (shape 2^8, ranks 1,2,2,...,1)". */
export function describeStructure(s: NetworkStructure): string {
  const shape = describeShape(structureShape(s));
  switch (s.format) {
    case 'dense':
      return `dense tensor (shape ${shape})`;
    case 'cp':
      return `CP tensor (shape ${shape}, rank ${s.rank})`;
    case 'tt':
      return `TT (shape ${shape}, ranks ${s.ranks.join(',')})`;
    case 'tt-shared':
      return `shared-core TT (shape ${shape}, rank ${s.rank})`;
    case 'ht':
      return `HT (shape ${shape}, ${s.nodes.length} nodes, ranks ${s.nodes.map((n) => n.rank).join(',')})`;
  }
}

/** Description of a tensor by its structure. */
export function describeTensor(x: Tensor<unknown>): string {
  return describeStructure(structureOf(x));
}

function describeModes(rowModes: readonly number[]): string {
  return `rows = modes {${rowModes.join(',')}}`;
}

function describeSubject(s: ExplicitSubject | MatricizationSubject): string {
  if (s.kind === 'explicit') return `the ${s.rows} x ${s.cols} explicit matrix`;
  return `the ${s.rows} x ${s.cols} matricization (${describeModes(s.rowModes)}) of the ${structureText(s.tensor.structure)} ${s.tensor.digest.slice(0, 16)}`;
}

/** One line describing what a verified claim says (every size, tree and rank that defines its subject). */
export function describeClaim(c: Claim): string {
  switch (c.kind) {
    case 'rank-lower-bound':
      return `rank >= ${c.bound} of ${describeSubject(c.subject)} (a ${c.bound} x ${c.bound} ${c.method} nonzero mod ${c.prime})`;
    case 'rank-upper-bound':
      return `rank <= ${c.bound} of the matricization (${describeModes(c.rowModes)}) of every ${structureText(c.structure)}, by the cut {${c.cut.join(', ')}}`;
    case 'equality':
      return `the ${structureText(c.left.structure)} ${c.left.digest.slice(0, 16)} equals the ${structureText(c.right.structure)} ${c.right.digest.slice(0, 16)}`;
    case 'rank-lower-bound-family':
      return `for every even d, rank >= ${c.base}^(d/2) of the odd/even matricization of the order-d power of the pair ${structureText(c.pair.structure)} ${c.pair.digest.slice(0, 16)} (d/2 copies on modes (2t, 2t+1); a ${c.base} x ${c.base} minor of the pair nonzero mod ${c.prime}; rank(A (x) B) = rank(A) rank(B))`;
  }
}
