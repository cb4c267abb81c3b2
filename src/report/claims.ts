/**
 * Human-readable descriptions of verified claims and of tensors.
 *
 * @packageDocumentation
 */
import type { NetworkStructure } from '../cuts/network.js';
import { structureOf, structureShape } from '../cuts/network.js';
import type { Claim, MatrixSubject } from '../kernel/claims.js';
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

function describeSubject(s: MatrixSubject): string {
  if (s.kind === 'explicit') return `the ${s.rows} x ${s.cols} explicit matrix`;
  return `the ${s.rows} x ${s.cols} matricization (${describeModes(s.rowModes)}) of the ${describeTensor(s.tensor)}`;
}

/** One line describing what a verified claim says. */
export function describeClaim(c: Claim): string {
  switch (c.kind) {
    case 'rank-lower-bound':
      return `rank >= ${c.bound} of ${describeSubject(c.subject)} (a ${c.method === 'minor' ? `${c.bound} x ${c.bound} minor` : `${c.bound} x ${c.bound} sketch`} nonzero mod ${c.prime})`;
    case 'rank-upper-bound':
      return `rank <= ${c.bound} of the matricization (${describeModes(c.rowModes)}) of every ${describeStructure(c.structure)}, by the cut {${c.cut.join(', ')}}`;
    case 'equality':
      return `the ${describeTensor(c.left)} equals the ${describeTensor(c.right)}`;
    case 'rank-lower-bound-family':
      return `for every even d, rank >= ${c.base}^(d/2) of the odd/even matricization of the order-d ${c.family.format === 'tt-pairs' ? 'TT' : 'HT'} made of d/2 copies of the given pair (n = ${c.family.size}; a ${c.base} x ${c.base} minor of the pair block nonzero mod ${c.prime}; Kronecker rank multiplicativity)`;
  }
}
