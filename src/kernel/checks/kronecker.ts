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
 * nonsingular K x K minor of P mod p proves rank >= K^k for every k at once.
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
  const shape = shapeOf(pair.structure);
  if (shape.length !== 2 || (pair.structure.format !== 'tt' && pair.structure.format !== 'ht')) reject('BAD_TENSOR', '/pair', 'the pair must be an order-2 TT or HT');
  const prime = readPrime(doc['prime'], '/prime');
  const { rows, cols } = readMinorIndices(doc, shape[0] as number, shape[1] as number, base, '/claim/rankAtLeastPerPair');
  const minor = matricizationMinor(pair, [0], rows, cols, prime, '/pair');
  if (!isNonsingularModP(minor, rows.length, prime)) reject('SINGULAR_MINOR', '/rowIndices', `the ${rows.length} x ${rows.length} minor of the pair is singular mod ${prime}`);
  return { kind: 'rank-lower-bound-family', pair: tensorRef(pair), base, prime };
}
