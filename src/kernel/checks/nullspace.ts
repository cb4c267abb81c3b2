/**
 * `rank-upper-bound/nullspace`: rank(A) <= N - k for one matrix A (explicit, or the matricization
 * of one tensor), from k vectors of its null space.
 *
 * The certificate lists k integer vectors of length N (N = the number of columns for `side:
 * "right"`, A v = 0; the number of rows for `"left"`, v^T A = 0) and k distinct `pivots`: vector
 * j is nonzero at pivots[j] and zero at every other pivot. The k x k block of the vectors at the
 * pivots is then diagonal with a nonzero diagonal, so the vectors are linearly independent, and
 * they annihilate A exactly (checked over the integers, every parameter block scaled by its
 * positive common denominator): the null space has dimension >= k, so rank(A) <= N - k.
 *
 * @packageDocumentation
 */
import type { ExplicitSubject, MatricizationSubject, MatrixRankUpperBoundClaim } from '../claims.js';
import { applyExact, MAX_ARRAY } from '../evaluate.js';
import { child, readArray, readIndexList, readNat, readObject, readScalar, readString, type JsonObject } from '../json.js';
import { shapeOf, type Tensor } from '../structures.js';
import { reject } from '../verdict.js';
import { colModesOf, indexBound, readSubject } from './matrix.js';

/** Checks a `rank-upper-bound/nullspace` certificate. */
export function checkNullspace(doc: JsonObject): MatrixRankUpperBoundClaim {
  const bound = readNat(readObject(doc['claim'], '/claim', ['rankAtMost'])['rankAtMost'], '/claim/rankAtMost');
  const read = readSubject(doc['matrix'], '/matrix');
  if ('network' in read) return reject('UNKNOWN_KIND', '/matrix/kind', 'null-space certificates take explicit matrices and matricizations of tensors');
  const side = readString(doc['side'], '/side');
  if (side !== 'right' && side !== 'left') reject('WRONG_TYPE', '/side', 'expected "right" (A v = 0) or "left" (v^T A = 0)');
  const s: ExplicitSubject | MatricizationSubject = read.subject;
  const length = BigInt(side === 'right' ? s.cols : s.rows);
  const vs = readArray(doc['vectors'], '/vectors');
  const k = vs.length;
  if (BigInt(k) * length > BigInt(MAX_ARRAY)) reject('BUDGET_EXCEEDED', '/vectors', `${k} vectors of length ${length}: above the kernel's limit of ${MAX_ARRAY} entries`);
  if (BigInt(k) > length || length - BigInt(k) !== bound) reject('CLAIM_MISMATCH', '/claim/rankAtMost', `${k} null vectors of length ${length} show rank <= ${length - BigInt(k)}, not ${bound}`);
  const N = Number(length);
  const flat: bigint[] = [];
  vs.forEach((v, j) =>
    readArray(v, child('/vectors', j), N).forEach((x, i) => {
      const q = readScalar(x, child(child('/vectors', j), i));
      if (q.den !== 1n) reject('BAD_ENTRY', child(child('/vectors', j), i), 'null vectors have integer entries');
      flat.push(q.num);
    }),
  );
  const pivots = readIndexList(doc['pivots'], '/pivots', indexBound(length));
  if (pivots.length !== k) reject('SIZE_MISMATCH', '/pivots', `${k} vectors but ${pivots.length} pivots`);
  for (let j = 0; j < k; j++)
    for (let i = 0; i < k; i++)
      if ((flat[j * N + (pivots[i] as number)] !== 0n) !== (i === j)) reject('DEPENDENT_VECTORS', child(child('/vectors', j), pivots[i] as number), i === j ? `vector ${j} is zero at its pivot` : `vector ${j} is nonzero at the pivot of vector ${i}`);
  // A as a tensor: the matricization's tensor, or the explicit matrix as a dense order-2 tensor.
  const x: Tensor = 'tensor' in read ? read.tensor : { structure: { format: 'dense', shape: [Number(s.rows), Number(s.cols)] }, blocks: [read.subject.entries] };
  const rowModes = 'tensor' in read ? read.subject.rowModes : [0];
  const cols = colModesOf(shapeOf(x.structure).length, rowModes);
  const [summed, kept] = side === 'right' ? [cols, rowModes] : [rowModes, cols];
  const out = k === 0 ? [] : applyExact(x, summed, kept, flat, k, '/matrix');
  const bad = out.findIndex((v) => v !== 0n);
  if (bad >= 0) {
    const per = out.length / k;
    reject('NOT_IN_NULL_SPACE', child('/vectors', Math.floor(bad / per)), `vector ${Math.floor(bad / per)} does not annihilate the matrix (entry ${bad % per} of ${side === 'right' ? 'A v' : 'v^T A'} is nonzero)`);
  }
  return { kind: 'matrix-rank-upper-bound', method: 'nullspace', subject: s, bound };
}
