/**
 * `rank-lower-bound/transfer`: one finite check that proves the odd/even rank of a TT family for
 * every even order, by a transfer-matrix induction.
 *
 * The certificate holds a generator: an order-4 TT with cores F [1, n, a], H [a, n, b],
 * G [b, n, a], g [a, n, 1] (ranks (1, a, b, a, 1)), or an order-4 shared-core TT (first = F,
 * middle = H = G, last = g; a = b = its rank). Its family's member of order d = 2k is the TT with
 * cores F, H, G, H, G, ..., H, G, g (k - 1 copies of H G); for a shared-core generator that is the
 * shared-core TT of order 2k with the same three blocks. Every member has ranks <= max(a, b).
 *
 * The certificate also gives a minor of the generator's odd/even matricization (rows (i_0, i_2),
 * columns (i_1, i_3), row-major: row index i_0 n + i_2, column index i_1 n + i_3) whose rows are
 * exactly a product set A x T and whose columns are exactly a product set I x C, with |A| = |C| = a
 * and |T| = |I| = m. The kernel checks that it is nonsingular mod p. Then, for every k >= 1, the
 * order-2k member has odd/even rank >= a m^(k-1) (leading a, base m):
 *
 * Write F' = F[A, :] (a x a), g' = g[:, C] (a x a) and the transfer matrix
 * K[(c, t), (i, e)] = sum_b H[c, i, b] G[b, t, e] for c, e < a, t in T, i in I (am x am). The
 * generator's minor is M_2' = (F' (x) 1_T) K (1_I (x) g') (indices (x0, t) -> (c, t) -> (i, e) ->
 * (i, x3)), a product of three square matrices, so it is nonsingular iff F', K and g' all are.
 * For the member of order 2k, let Q_j be the matrix with rows (i_0 in A, i_2, ..., i_{2j-2} in T)
 * and columns (i_1, ..., i_{2j-3} in I, c < a): the contraction of its first 2j - 1 cores with the
 * last bond left open. Q_1 = F'. Appending H, G gives
 * Q_{j+1}[(R, t), (J, i, e)] = sum_c Q_j[R, (J, c)] K[(c, t), (i, e)], that is
 * Q_{j+1} = (Q_j (x) 1_T) (1_J (x) K): square, and nonsingular when Q_j and K are. The submatrix
 * of the member's odd/even matricization with rows (A, T, ..., T) and columns (I, ..., I, C) is
 * Q_k (1 (x) g'), nonsingular: rank >= a m^(k-1). Every step holds over any field, so over Z/p;
 * a determinant nonzero mod p is nonzero over Q.
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

/** The distinct values of f over the list, in first-seen order. */
const distinct = (xs: readonly number[], f: (x: number) => number): number[] => [...new Set(xs.map(f))];

/** Checks a `rank-lower-bound/transfer` certificate. */
export function checkTransfer(doc: JsonObject): FamilyLowerBoundClaim {
  const c = readObject(doc['claim'], '/claim', ['leading', 'base']);
  const leading = readNat(c['leading'], '/claim/leading');
  const base = readNat(c['base'], '/claim/base');
  const gen = readTensor(doc['generator'], '/generator');
  const s = gen.structure;
  const shape = shapeOf(s);
  const n = shape[0] as number;
  if (shape.length !== 4 || shape.some((x) => x !== n)) reject('BAD_TENSOR', '/generator', 'the generator must be an order-4 tensor with four modes of one size');
  let a: number;
  let b: number;
  if (s.format === 'tt') {
    [, a, b] = s.ranks as [number, number, number, number, number];
    if (s.ranks[3] !== a) reject('BAD_TENSOR', '/generator/ranks', `the ranks must be (1, a, b, a, 1) so that H G can repeat; got (${s.ranks.join(', ')})`);
  } else if (s.format === 'tt-shared') a = b = s.rank;
  else return reject('BAD_TENSOR', '/generator', 'the generator must be a TT or a shared-core TT');
  const prime = readPrime(doc['prime'], '/prime');
  const { rows, cols } = readMinorIndices(doc, n * n, n * n, leading * base, '/claim');
  // Rows exactly A x T and columns exactly I x C (indices are distinct, so the counts decide it).
  const A = distinct(rows, (x) => Math.floor(x / n));
  const T = distinct(rows, (x) => x % n);
  const I = distinct(cols, (x) => Math.floor(x / n));
  const C = distinct(cols, (x) => x % n);
  if (A.length * T.length !== rows.length) reject('BAD_INDICES', '/rowIndices', 'the rows must be all pairs (i_0, i_2) of a set of i_0 values and a set of i_2 values');
  if (I.length * C.length !== cols.length) reject('BAD_INDICES', '/colIndices', 'the columns must be all pairs (i_1, i_3) of a set of i_1 values and a set of i_3 values');
  if (A.length !== a || C.length !== a) reject('BAD_INDICES', '/rowIndices', `the first and last modes must each give a = ${a} indices (got ${A.length} and ${C.length})`);
  if (T.length !== I.length) reject('BAD_INDICES', '/colIndices', `modes 2 and 1 must give as many indices as each other (got ${T.length} and ${I.length})`);
  if (BigInt(a) !== leading || BigInt(T.length) !== base) reject('CLAIM_MISMATCH', '/claim', `the minor's index sets give leading ${a} and base ${T.length}, the claim says ${leading} and ${base}`);
  const minor = matricizationMinor(gen, [0, 2], rows, cols, prime, '/generator');
  if (!isNonsingularModP(minor, rows.length, prime)) reject('SINGULAR_MINOR', '/rowIndices', `the ${rows.length} x ${rows.length} minor of the generator is singular mod ${prime}`);
  return { kind: 'rank-lower-bound-family', method: 'transfer', generator: tensorRef(gen), family: { format: s.format, size: n, rank: Math.max(a, b) }, leading, base, prime };
}
