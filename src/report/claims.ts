/**
 * Human-readable descriptions of verified claims.
 *
 * @packageDocumentation
 */
import type { Claim } from '../kernel/check.js';

/** One line describing what a verified claim says. */
export function describeClaim(c: Claim): string {
  switch (c.kind) {
    case 'rank-lower-bound':
      return `rank >= ${c.bound} of the ${c.subject.rows} x ${c.subject.cols} explicit matrix (a ${c.bound} x ${c.bound} minor nonzero mod ${c.prime})`;
  }
}
