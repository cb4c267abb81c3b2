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
 * Shared cores (a clock): the pair may also be a shared-core TT of order 2 (`tt-shared`: first,
 * middle, last, rank r) whose middle core alternates between a closed bond state 0 and open
 * states 1..r-1: middle[j][i][k] = 0 unless exactly one of j, k is 0; first = middle's row 0 and
 * last = middle's column 0 (so both vanish on state 0). Its order-d member (first, d-2 copies of
 * middle, last) then opens a bond at every odd position and closes it at the next: a vector on the
 * open states times middle(i) lands on state 0 with value sum_k v_k middle[k][i][0], and state 0
 * times middle(i) is middle[0][i][.] (open), so by induction the member is the product over pairs
 * of P(i_(2t-1), i_(2t)) with P(i, j) = sum_k middle[0][i][k] middle[k][j][0] = first(i) . last(j),
 * the order-2 member. Again its odd/even matricization is the Kronecker power of P.
 *
 * @packageDocumentation
 */
import type { FamilyLowerBoundClaim } from '../claims.js';
import { isNonsingularModP } from '../eliminate.js';
import { readNat, readObject, type JsonObject } from '../json.js';
import { readTensor, shapeOf, type Tensor } from '../structures.js';
import type { Scalar } from '../json.js';
import { reject } from '../verdict.js';
import { readMinorIndices, readPrime, tensorRef } from './matrix.js';
import { matricizationMinor } from './minor.js';

/** a = b exactly (denominators positive). */
const same = (a: Scalar, b: Scalar): boolean => a.num * b.den === b.num * a.den;

/** The clock structure of a shared-core pair (see the module comment), exactly. */
function checkClock(pair: Tensor): void {
  if (pair.structure.format !== 'tt-shared') return;
  const { size: n, rank: r } = pair.structure;
  const [first, middle, last] = pair.blocks as [readonly Scalar[], readonly Scalar[], readonly Scalar[]];
  for (let j = 0; j < r; j++)
    for (let i = 0; i < n; i++)
      for (let k = 0; k < r; k++) {
        const v = middle[(j * n + i) * r + k] as Scalar;
        if ((j === 0) === (k === 0) && v.num !== 0n) reject('BAD_TENSOR', `/pair/middle`, `middle[${j}][${i}][${k}] must be 0: the shared core moves the bond between state 0 and the others only`);
      }
  for (let i = 0; i < n; i++)
    for (let k = 0; k < r; k++) {
      if (!same(first[i * r + k] as Scalar, middle[i * r + k] as Scalar)) reject('BAD_TENSOR', '/pair/first', `first[${i}][${k}] must equal middle[0][${i}][${k}]`);
      if (!same(last[k * n + i] as Scalar, middle[(k * n + i) * r] as Scalar)) reject('BAD_TENSOR', '/pair/last', `last[${k}][${i}] must equal middle[${k}][${i}][0]`);
    }
}

/** Checks a `rank-lower-bound/kronecker` certificate. */
export function checkKronecker(doc: JsonObject): FamilyLowerBoundClaim {
  const base = readNat(readObject(doc['claim'], '/claim', ['rankAtLeastPerPair'])['rankAtLeastPerPair'], '/claim/rankAtLeastPerPair');
  const pair = readTensor(doc['pair'], '/pair');
  const shape = shapeOf(pair.structure);
  if (shape.length !== 2 || (pair.structure.format !== 'tt' && pair.structure.format !== 'ht' && pair.structure.format !== 'tt-shared')) reject('BAD_TENSOR', '/pair', 'the pair must be an order-2 TT, HT or shared-core TT');
  if (pair.structure.format === 'tt-shared') checkClock(pair);
  const prime = readPrime(doc['prime'], '/prime');
  const { rows, cols } = readMinorIndices(doc, shape[0] as number, shape[1] as number, base, '/claim/rankAtLeastPerPair');
  const minor = matricizationMinor(pair, [0], rows, cols, prime, '/pair');
  if (!isNonsingularModP(minor, rows.length, prime)) reject('SINGULAR_MINOR', '/rowIndices', `the ${rows.length} x ${rows.length} minor of the pair is singular mod ${prime}`);
  return { kind: 'rank-lower-bound-family', pair: tensorRef(pair), base, prime };
}
