/**
 * `rank-lower-bound/minor`: a K x K minor of the subject matrix, nonsingular modulo a prime.
 *
 * @packageDocumentation
 */
import { DivisionByZeroError } from '../exact/field.js';
import { primeField } from '../exact/fields.js';
import type { Rational } from '../exact/rational.js';
import { entry, mapTensor } from '../formats/verbs.js';
import { matricizationIndex, matricizationSize, splitOf } from '../tensor/shape.js';
import type { ExplicitMatrixSubject, MatricizationSubject, MatrixSubject, Verified } from './claims.js';
import { isNonsingularModP } from './nonsingular.js';
import { child, readArray, readBigNat, readIndexList, readInt, readObject, readRational, readString, type JsonObject } from './reader.js';
import { readTensor } from './tensorJson.js';
import { reject } from './verdict.js';
import { readPrime } from './prime.js';

/** Largest minor the kernel will check (a K x K elimination; 8192^2 doubles = 512 MiB). */
export const MAX_MINOR_SIZE = 8192;
/** Largest explicit matrix (entries) the kernel will read. */
export const MAX_EXPLICIT_ENTRIES = 1 << 24;

function readExplicitMatrix(x: unknown, path: string): ExplicitMatrixSubject {
  const o = readObject(x, path, ['kind', 'rows', 'cols', 'entries']);
  const rows = readInt(o['rows'], child(path, 'rows'), 0, MAX_EXPLICIT_ENTRIES);
  const cols = readInt(o['cols'], child(path, 'cols'), 0, MAX_EXPLICIT_ENTRIES);
  if (rows * cols > MAX_EXPLICIT_ENTRIES) reject('BUDGET_EXCEEDED', path, `explicit matrix of ${rows * cols} entries exceeds ${MAX_EXPLICIT_ENTRIES}`);
  const rowArr = readArray(o['entries'], child(path, 'entries'), rows);
  const entries: Rational[] = [];
  rowArr.forEach((row, i) => {
    const rp = child(child(path, 'entries'), i);
    readArray(row, rp, cols).forEach((v, j) => entries.push(readRational(v, child(rp, j))));
  });
  return { kind: 'explicit', rows, cols, entries };
}

/** Reads row modes for an order-d tensor: distinct modes in [0, d). */
export function readRowModes(x: unknown, path: string, d: number): number[] {
  const modes = readIndexList(x, path, d);
  try {
    splitOf(d, modes);
  } catch (e) {
    reject('BAD_MODES', path, (e as Error).message);
  }
  return modes;
}

function readMatricization(x: unknown, path: string): MatricizationSubject {
  const o = readObject(x, path, ['kind', 'tensor', 'rowModes']);
  const tensor = readTensor(o['tensor'], child(path, 'tensor'));
  const shape = tensor.format === 'tt-shared' ? new Array<number>(tensor.order).fill(tensor.size) : tensor.shape;
  const rowModes = readRowModes(o['rowModes'], child(path, 'rowModes'), shape.length);
  const { rows, cols } = matricizationSize(shape, splitOf(shape.length, rowModes));
  return { kind: 'matricization', tensor, rowModes, rows, cols };
}

/** Reads the subject matrix of a rank claim. */
export function readMatrixSubject(x: unknown, path: string): MatrixSubject {
  const o = readObject(x, path, ['kind'], ['rows', 'cols', 'entries', 'tensor', 'rowModes']);
  const kind = readString(o['kind'], child(path, 'kind'));
  switch (kind) {
    case 'explicit':
      return readExplicitMatrix(o, path);
    case 'matricization':
      return readMatricization(o, path);
    default:
      return reject('UNKNOWN_KIND', child(path, 'kind'), `unknown matrix kind "${kind}"; known: explicit, matricization`);
  }
}

/** Rows and columns of a subject as safe numbers (indices must be safe integers). */
export function subjectDims(s: MatrixSubject, path: string): { rows: number; cols: number } {
  if (s.kind === 'explicit') return { rows: s.rows, cols: s.cols };
  const max = BigInt(Number.MAX_SAFE_INTEGER);
  if (s.rows > max || s.cols > max) reject('BUDGET_EXCEEDED', path, `a ${s.rows} x ${s.cols} matrix has indices beyond 2^53`);
  return { rows: Number(s.rows), cols: Number(s.cols) };
}

/** The minor's entries mod p, row-major, evaluated from the subject's own data. */
function minorResidues(s: MatrixSubject, rows: readonly number[], cols: readonly number[], p: number, path: string): Float64Array {
  const F = primeField(p);
  const k = rows.length;
  const out = new Float64Array(k * k);
  try {
    if (s.kind === 'explicit') {
      for (let a = 0; a < k; a++)
        for (let b = 0; b < k; b++) out[a * k + b] = F.fromRational(s.entries[(rows[a] as number) * s.cols + (cols[b] as number)] as Rational);
    } else {
      const x = mapTensor(s.tensor, (q: Rational) => F.fromRational(q));
      const shape = s.tensor.format === 'tt-shared' ? new Array<number>(s.tensor.order).fill(s.tensor.size) : s.tensor.shape;
      const split = splitOf(shape.length, s.rowModes);
      for (let a = 0; a < k; a++)
        for (let b = 0; b < k; b++) out[a * k + b] = entry(F, x, matricizationIndex(shape, split, rows[a] as number, cols[b] as number));
    }
  } catch (e) {
    if (e instanceof DivisionByZeroError) reject('PRIME_DIVIDES_DENOMINATOR', path, `the prime ${p} divides a denominator of the matrix's data`);
    throw e;
  }
  return out;
}

/** Checks a `rank-lower-bound/minor` certificate (top-level keys already read). */
export function checkMinor(doc: JsonObject, topFields: readonly string[], optionalTop: readonly string[]): Verified {
  readObject(doc, '', [...topFields, 'matrix', 'prime', 'rowIndices', 'colIndices'], optionalTop);
  const claim = readObject(doc['claim'], '/claim', ['rankAtLeast']);
  const bound = readBigNat(claim['rankAtLeast'], '/claim/rankAtLeast');
  const subject = readMatrixSubject(doc['matrix'], '/matrix');
  const prime = readPrime(doc['prime'], '/prime');
  const dims = subjectDims(subject, '/matrix');
  const rows = readIndexList(doc['rowIndices'], '/rowIndices', dims.rows);
  const cols = readIndexList(doc['colIndices'], '/colIndices', dims.cols);
  if (rows.length !== cols.length) reject('SIZE_MISMATCH', '/colIndices', `${rows.length} row indices but ${cols.length} column indices`);
  if (BigInt(rows.length) !== bound) reject('CLAIM_MISMATCH', '/claim/rankAtLeast', `claims rank >= ${bound} but the minor is ${rows.length} x ${rows.length}`);
  if (rows.length > MAX_MINOR_SIZE) reject('BUDGET_EXCEEDED', '/rowIndices', `a ${rows.length} x ${rows.length} minor exceeds the kernel's limit ${MAX_MINOR_SIZE}`);
  const residues = minorResidues(subject, rows, cols, prime, '/matrix');
  if (!isNonsingularModP(residues, rows.length, prime)) {
    reject('SINGULAR_MINOR', '/rowIndices', `the ${rows.length} x ${rows.length} minor is singular mod ${prime}`);
  }
  return { verdict: 'verified', claim: { kind: 'rank-lower-bound', method: 'minor', subject, bound, prime } };
}
