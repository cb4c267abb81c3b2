/**
 * Human-readable descriptions of verified claims (structures in the kernel's own words).
 *
 * @packageDocumentation
 */
import { structureText, type Claim, type ExplicitSubject, type GridSubject, type MatricizationSubject } from '../kernel/index.js';
import { generalizedText } from '../kernel/generalized.js';

function describeModes(rowModes: readonly number[]): string {
  return `rows = modes {${rowModes.join(',')}}`;
}

function describeSubject(s: ExplicitSubject | MatricizationSubject | GridSubject): string {
  if (s.kind === 'explicit') return `the ${s.rows} x ${s.cols} explicit matrix`;
  if (s.kind === 'grid') return `the ${s.rows} x ${s.cols} grid-tensor matricization (${describeModes(s.rowModes)}) of the ${generalizedText(s.network)}`;
  return `the ${s.rows} x ${s.cols} matricization (${describeModes(s.rowModes)}) of the ${structureText(s.tensor.structure)} ${s.tensor.digest.slice(0, 16)}`;
}

/** One line describing what a verified claim says (every size, tree and rank that defines its subject). */
export function describeClaim(c: Claim): string {
  switch (c.kind) {
    case 'rank-lower-bound':
      return `rank >= ${c.bound} of ${describeSubject(c.subject)} (a ${c.bound} x ${c.bound} ${c.method} nonzero mod ${c.prime})`;
    case 'rank-upper-bound':
      return `rank <= ${c.bound} of the matricization (${describeModes(c.rowModes)}) of every ${structureText(c.structure)}, by the cut {${c.cut.join(', ')}}`;
    case 'matrix-rank-upper-bound':
      return `rank <= ${c.bound} of ${describeSubject(c.subject)} (independent null vectors, checked exactly)`;
    case 'equality':
      return `the ${structureText(c.left.structure)} ${c.left.digest.slice(0, 16)} equals the ${structureText(c.right.structure)} ${c.right.digest.slice(0, 16)}`;
    case 'rank-lower-bound-family':
      if (c.pair.structure.format === 'tt-shared')
        return `for every even d, rank >= ${c.base}^(d/2) of the odd/even matricization of the order-d member of the shared-core clock ${structureText(c.pair.structure)} ${c.pair.digest.slice(0, 16)} (the product over pairs of its order-2 member P; a ${c.base} x ${c.base} minor of P nonzero mod ${c.prime}; rank(A (x) B) = rank(A) rank(B))`;
      return `for every even d, rank >= ${c.base}^(d/2) of the odd/even matricization of the order-d power of the pair ${structureText(c.pair.structure)} ${c.pair.digest.slice(0, 16)} (d/2 copies on modes (2t, 2t+1); a ${c.base} x ${c.base} minor of the pair nonzero mod ${c.prime}; rank(A (x) B) = rank(A) rank(B))`;
  }
}
