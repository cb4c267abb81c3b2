/**
 * `rank-lower-bound/kronecker`: one finite check that proves a rank bound for every even order.
 *
 * The certificate holds an order-2 pair tensor P (an n x n matrix: a TT with ranks (1, s, 1), or
 * an HT with two leaves of ranks s, s' under one root). For even d = 2k, its k-th power is the
 * network of order d made of k copies of P, copy t on modes (2t, 2t+1): a TT with ranks
 * (1, s, 1, s, ..., 1), or an HT whose sibling leaves (2t, 2t+1) are joined by P's transfer
 * tensor and whose higher nodes have rank 1 (any tree above the pairs). Its odd/even
 * matricization (rows (i_0, i_2, ...), columns (i_1, i_3, ...), both row-major) is exactly the
 * Kronecker power P (x) ... (x) P, and rank(A (x) B) = rank(A) rank(B) over any field. So a
 * nonsingular K x K minor of P mod p proves rank >= K^k for every k at once (leading = base = K).
 *
 * @packageDocumentation
 */
import type { FamilyLowerBoundClaim } from '../claims.js';
import { isNonsingularModP } from '../eliminate.js';
import { readNat, readObject, type JsonObject } from '../json.js';
import { readTensor, shapeOf } from '../structures.js';
import { reject } from '../verdict.js';
import { readMinorIndices, readPrime, tensorRef } from './matrix.js';
import { matricizationMinor } from './minor.js';

/** Checks a `rank-lower-bound/kronecker` certificate. */
export function checkKronecker(doc: JsonObject): FamilyLowerBoundClaim {
  const base = readNat(readObject(doc['claim'], '/claim', ['rankAtLeastPerPair'])['rankAtLeastPerPair'], '/claim/rankAtLeastPerPair');
  const pair = readTensor(doc['pair'], '/pair');
  const s = pair.structure;
  const shape = shapeOf(s);
  if (shape.length !== 2 || shape[0] !== shape[1] || (s.format !== 'tt' && s.format !== 'ht')) reject('BAD_TENSOR', '/pair', 'the pair must be an order-2 TT or HT with two modes of one size');
  const n = shape[0] as number;
  const prime = readPrime(doc['prime'], '/prime');
  const { rows, cols } = readMinorIndices(doc, n, n, base, '/claim/rankAtLeastPerPair');
  const minor = matricizationMinor(pair, [0], rows, cols, prime, '/pair');
  if (!isNonsingularModP(minor, rows.length, prime)) reject('SINGULAR_MINOR', '/rowIndices', `the ${rows.length} x ${rows.length} minor of the pair is singular mod ${prime}`);
  // The members' largest rank: the pair's (bonds between pairs, and HT nodes above them, have rank 1).
  const rank = s.format === 'tt' ? (s.ranks[1] as number) : Math.max(...s.nodes.slice(0, -1).map((x) => x.rank));
  return { kind: 'rank-lower-bound-family', method: 'kronecker', generator: tensorRef(pair), family: { format: s.format, size: n, rank }, leading: base, base, prime };
}
