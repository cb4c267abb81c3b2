/**
 * The trusted kernel's entry point: a certificate in, a verdict out.
 *
 * The kernel trusts nothing in the certificate. It reads it strictly (unknown fields, wrong types
 * and out-of-range values are rejections), recomputes from the certificate's own data everything
 * the claim depends on, and answers {@link Verified} with the claim it checked, or
 * {@link Rejected} with a stable code and the JSON Pointer of the fault.
 *
 * It imports exact arithmetic, tensor index maths and format evaluation only: no engines, no
 * floats deciding anything, no randomness, no clock, no I/O.
 *
 * @packageDocumentation
 */
import { isPrime, MAX_PRIME_EXCLUSIVE } from '../exact/primes.js';
import { primeField } from '../exact/fields.js';
import { DivisionByZeroError } from '../exact/field.js';
import type { Rational } from '../exact/rational.js';
import { isNonsingularModP } from './nonsingular.js';
import { child, parseJsonText, readArray, readBigNat, readFreeObject, readIndexList, readInt, readObject, readRational, readString, type JsonObject } from './reader.js';
import { Rejection, reject, type Rejected } from './verdict.js';

/** The value of the `certificate` field of every certificate. */
export const CERTIFICATE_TAG = 'check-theorem';
/** The certificate format version this kernel reads. */
export const CERTIFICATE_VERSION = 1;

/** Largest minor the kernel will check (a K x K elimination; 8192^2 doubles = 512 MiB). */
export const MAX_MINOR_SIZE = 8192;
/** Largest explicit matrix (entries) the kernel will read. */
export const MAX_EXPLICIT_ENTRIES = 1 << 24;

/** An explicit matrix subject, as checked. */
export interface ExplicitMatrixSubject {
  readonly kind: 'explicit';
  readonly rows: number;
  readonly cols: number;
  readonly entries: readonly Rational[];
}

/** What a matrix claim is about. */
export type MatrixSubject = ExplicitMatrixSubject;

/** A verified rank lower bound: rank(subject) >= bound over Q. */
export interface RankLowerBoundClaim {
  readonly kind: 'rank-lower-bound';
  readonly method: 'minor';
  readonly subject: MatrixSubject;
  readonly bound: bigint;
  readonly prime: number;
}

/** Any claim the kernel can verify. */
export type Claim = RankLowerBoundClaim;

/** The certificate proves its claim. */
export interface Verified {
  readonly verdict: 'verified';
  readonly claim: Claim;
}

/** The kernel's answer. */
export type Verdict = Verified | Rejected;

const TOP_FIELDS = ['certificate', 'version', 'kind', 'claim'] as const;
const OPTIONAL_TOP = ['provenance'] as const;

function readPrime(x: unknown, path: string): number {
  if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < 2) reject('BAD_INTEGER', path, `expected a prime, got ${JSON.stringify(x)}`);
  if (x >= MAX_PRIME_EXCLUSIVE) reject('PRIME_TOO_LARGE', path, `prime ${x} is not below 2^26 (products must stay exact)`);
  if (!isPrime(x)) reject('NOT_PRIME', path, `${x} is not prime`);
  return x;
}

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

function readMatrixSubject(x: unknown, path: string): MatrixSubject {
  const o = readObject(x, path, ['kind'], ['rows', 'cols', 'entries']);
  const kind = readString(o['kind'], child(path, 'kind'));
  switch (kind) {
    case 'explicit':
      return readExplicitMatrix(o, path);
    default:
      return reject('UNKNOWN_KIND', child(path, 'kind'), `unknown matrix kind "${kind}"; known: explicit`);
  }
}

function subjectRows(s: MatrixSubject): number {
  return s.rows;
}

function subjectCols(s: MatrixSubject): number {
  return s.cols;
}

/** The minor's entries mod p, row-major. */
function minorResidues(s: MatrixSubject, rows: readonly number[], cols: readonly number[], p: number, path: string): Float64Array {
  const F = primeField(p);
  const k = rows.length;
  const out = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      const q = s.entries[(rows[a] as number) * s.cols + (cols[b] as number)] as Rational;
      try {
        out[a * k + b] = F.fromRational(q);
      } catch (e) {
        if (e instanceof DivisionByZeroError) {
          reject('PRIME_DIVIDES_DENOMINATOR', child(child(child(path, 'entries'), rows[a] as number), cols[b] as number), `the prime ${p} divides a denominator`);
        }
        throw e;
      }
    }
  }
  return out;
}

function checkMinor(doc: JsonObject): Verified {
  readObject(doc, '', [...TOP_FIELDS, 'matrix', 'prime', 'rowIndices', 'colIndices'], OPTIONAL_TOP);
  const claim = readObject(doc['claim'], '/claim', ['rankAtLeast']);
  const bound = readBigNat(claim['rankAtLeast'], '/claim/rankAtLeast');
  const subject = readMatrixSubject(doc['matrix'], '/matrix');
  const prime = readPrime(doc['prime'], '/prime');
  const rows = readIndexList(doc['rowIndices'], '/rowIndices', subjectRows(subject));
  const cols = readIndexList(doc['colIndices'], '/colIndices', subjectCols(subject));
  if (rows.length !== cols.length) reject('SIZE_MISMATCH', '/colIndices', `${rows.length} row indices but ${cols.length} column indices`);
  if (BigInt(rows.length) !== bound) reject('CLAIM_MISMATCH', '/claim/rankAtLeast', `claims rank >= ${bound} but the minor is ${rows.length} x ${rows.length}`);
  if (rows.length > MAX_MINOR_SIZE) reject('BUDGET_EXCEEDED', '/rowIndices', `a ${rows.length} x ${rows.length} minor exceeds the kernel's limit ${MAX_MINOR_SIZE}`);
  const residues = minorResidues(subject, rows, cols, prime, '/matrix');
  if (!isNonsingularModP(residues, rows.length, prime)) {
    reject('SINGULAR_MINOR', '/rowIndices', `the ${rows.length} x ${rows.length} minor is singular mod ${prime}`);
  }
  return { verdict: 'verified', claim: { kind: 'rank-lower-bound', method: 'minor', subject, bound, prime } };
}

/** Checks a parsed certificate document. Never throws for bad input: every fault is a Rejected verdict. */
export function verifyCertificate(doc: unknown): Verdict {
  try {
    const top = readObject(doc, '', TOP_FIELDS, [...OPTIONAL_TOP, 'matrix', 'prime', 'rowIndices', 'colIndices']);
    if (readString(top['certificate'], '/certificate') !== CERTIFICATE_TAG) {
      reject('WRONG_TYPE', '/certificate', `expected "${CERTIFICATE_TAG}"`);
    }
    const version = readInt(top['version'], '/version', 0, Number.MAX_SAFE_INTEGER);
    if (version !== CERTIFICATE_VERSION) reject('UNSUPPORTED_VERSION', '/version', `this kernel reads version ${CERTIFICATE_VERSION}, got ${version}`);
    if ('provenance' in top) readFreeObject(top['provenance'], '/provenance');
    const kind = readString(top['kind'], '/kind');
    switch (kind) {
      case 'rank-lower-bound/minor':
        return checkMinor(top);
      default:
        return reject('UNKNOWN_KIND', '/kind', `unknown certificate kind "${kind}"; known: rank-lower-bound/minor`);
    }
  } catch (e) {
    if (e instanceof Rejection) return { verdict: 'rejected', code: e.code, path: e.path, detail: e.detail };
    throw e;
  }
}

/** Parses certificate text (with size and nesting limits) and checks it. */
export function verifyCertificateText(text: string): Verdict {
  try {
    return verifyCertificate(parseJsonText(text));
  } catch (e) {
    if (e instanceof Rejection) return { verdict: 'rejected', code: e.code, path: e.path, detail: e.detail };
    throw e;
  }
}
