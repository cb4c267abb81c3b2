/**
 * Reading the matrix a rank claim is about: an explicit matrix, or a matricization of a tensor
 * given by its exact parameters.
 *
 * @packageDocumentation
 */
import type { Rational } from '../exact/rational.js';
import { shapeOf } from '../formats/verbs.js';
import { matricizationSize, splitOf } from '../tensor/shape.js';
import type { ExplicitMatrixSubject, MatricizationSubject, MatrixSubject } from './claims.js';
import { child, readArray, readIndexList, readInt, readObject, readRational, readString } from './reader.js';
import { readTensor } from './tensorJson.js';
import { reject } from './verdict.js';

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
  const shape = shapeOf(tensor);
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

