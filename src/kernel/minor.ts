/**
 * `rank-lower-bound/minor`: a K x K minor of the subject matrix, nonsingular modulo a prime.
 *
 * @packageDocumentation
 */
import { DivisionByZeroError } from '../exact/field.js';
import { primeField } from '../exact/fields.js';
import type { Rational } from '../exact/rational.js';
import { mapTensor, shapeOf } from '../formats/verbs.js';
import { sketchMatrix } from './sketch.js';
import { multiIndex, splitOf } from '../tensor/shape.js';
import type { MatrixSubject, Verified } from './claims.js';
import { readMatrixSubject, subjectDims } from './subject.js';
import { isNonsingularModP } from './nonsingular.js';
import { readBigNat, readIndexList, readObject, type JsonObject } from './reader.js';
import { reject } from './verdict.js';
import { readPrime } from './prime.js';

/** Largest minor the kernel will check (a K x K elimination; 8192^2 doubles = 512 MiB). */
export const MAX_MINOR_SIZE = 8192;

/**
 * Unit vectors selecting the given matricization rows: for each mode in `modes`, a K x n_m array
 * whose row a is e_{i_m(a)}, i_m(a) the mode's index in row number indices[a].
 */
function unitVectors(shape: readonly number[], modes: readonly number[], indices: readonly number[]): Float64Array[] {
  const K = indices.length;
  const out = modes.map((m) => new Float64Array(K * (shape[m] as number)));
  const sizes = modes.map((m) => shape[m] as number);
  indices.forEach((idx, a) => {
    multiIndex(sizes, idx).forEach((i, t) => ((out[t] as Float64Array)[a * (sizes[t] as number) + i] = 1));
  });
  return out;
}

/**
 * The minor's entries mod p, row-major, evaluated from the subject's own data. For a
 * matricization, the minor is the sketch whose vectors are unit vectors: M[rows, cols] =
 * Psi^T M Omega with Psi's column a = e_{rows[a]}, which is a Kronecker product of one unit vector
 * per row mode; so it is evaluated by the same batched contraction as sketches.
 */
function minorResidues(s: MatrixSubject, rows: readonly number[], cols: readonly number[], p: number, path: string): Float64Array {
  const F = primeField(p);
  const k = rows.length;
  try {
    if (s.kind === 'explicit') {
      const out = new Float64Array(k * k);
      for (let a = 0; a < k; a++)
        for (let b = 0; b < k; b++) out[a * k + b] = F.fromRational(s.entries[(rows[a] as number) * s.cols + (cols[b] as number)] as Rational);
      return out;
    }
    const x = mapTensor(s.tensor, (q: Rational) => F.fromRational(q));
    const shape = shapeOf(s.tensor);
    const split = splitOf(shape.length, s.rowModes);
    const vectors = { rows: unitVectors(shape, split.rowModes, rows), cols: unitVectors(shape, split.colModes, cols) };
    return sketchMatrix(x, split.rowModes, vectors, k, p);
  } catch (e) {
    if (e instanceof DivisionByZeroError) reject('PRIME_DIVIDES_DENOMINATOR', path, `the prime ${p} divides a denominator of the matrix's data`);
    throw e;
  }
}

/**
 * The minor a certificate names: its row and column indices (distinct, in range, as many of
 * each, as many as the claimed bound, within the kernel's size limit).
 */
export function readMinorIndices(doc: JsonObject, rowsBound: number, colsBound: number, bound: bigint, claimPath: string): { rows: number[]; cols: number[] } {
  const rows = readIndexList(doc['rowIndices'], '/rowIndices', rowsBound);
  const cols = readIndexList(doc['colIndices'], '/colIndices', colsBound);
  if (rows.length !== cols.length) reject('SIZE_MISMATCH', '/colIndices', `${rows.length} row indices but ${cols.length} column indices`);
  if (BigInt(rows.length) !== bound) reject('CLAIM_MISMATCH', claimPath, `claims ${bound} but the minor is ${rows.length} x ${rows.length}`);
  if (rows.length > MAX_MINOR_SIZE) reject('BUDGET_EXCEEDED', '/rowIndices', `a ${rows.length} x ${rows.length} minor exceeds the kernel's limit ${MAX_MINOR_SIZE}`);
  return { rows, cols };
}

/** Checks a `rank-lower-bound/minor` certificate (top-level keys already read). */
export function checkMinor(doc: JsonObject, topFields: readonly string[], optionalTop: readonly string[]): Verified {
  readObject(doc, '', [...topFields, 'matrix', 'prime', 'rowIndices', 'colIndices'], optionalTop);
  const claim = readObject(doc['claim'], '/claim', ['rankAtLeast']);
  const bound = readBigNat(claim['rankAtLeast'], '/claim/rankAtLeast');
  const subject = readMatrixSubject(doc['matrix'], '/matrix');
  const prime = readPrime(doc['prime'], '/prime');
  const dims = subjectDims(subject, '/matrix');
  const { rows, cols } = readMinorIndices(doc, dims.rows, dims.cols, bound, '/claim/rankAtLeast');
  const residues = minorResidues(subject, rows, cols, prime, '/matrix');
  if (!isNonsingularModP(residues, rows.length, prime)) {
    reject('SINGULAR_MINOR', '/rowIndices', `the ${rows.length} x ${rows.length} minor is singular mod ${prime}`);
  }
  return { verdict: 'verified', claim: { kind: 'rank-lower-bound', method: 'minor', subject, bound, prime } };
}
