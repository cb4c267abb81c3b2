/**
 * Certificates from engine evidence (untrusted code: what it writes, the kernel checks).
 *
 * @packageDocumentation
 */
import { DEFAULT_PRIMES, previousPrime } from '../exact/primes.js';
import { ratToString, type Rational } from '../exact/rational.js';
import { CERTIFICATE_TAG, CERTIFICATE_VERSION, sealCertificate } from '../kernel/index.js';
import { bareiss } from '../rank/exact.js';
import type { ExactScalar, Matrix } from '../tensor/matrix.js';
import { subMatrix } from '../tensor/matrix.js';
import { absBig, modBig } from '../exact/integer.js';
import { tensorToJson, type JsonScalarSource } from '../formats/json.js';
import type { Tensor } from '../formats/types.js';

/** JSON form of an exact scalar: a number when it is a safe integer, else a string ("a" or "a/b"). */
export function scalarToJson(x: ExactScalar): number | string {
  if (typeof x === 'number') {
    if (!Number.isSafeInteger(x)) throw new RangeError(`not an exact integer: ${x}`);
    return x;
  }
  if (typeof x === 'bigint') return x >= BigInt(Number.MIN_SAFE_INTEGER) && x <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(x) : x.toString();
  const q = x as Rational;
  if (q.den === 1n) return scalarToJson(q.num);
  return ratToString(q);
}

/** The `matrix` field of a certificate for an explicit matrix. */
export function explicitMatrixJson(a: Matrix<ExactScalar>): object {
  const entries: (number | string)[][] = [];
  for (let i = 0; i < a.rows; i++) {
    const row: (number | string)[] = [];
    for (let j = 0; j < a.cols; j++) row.push(scalarToJson(a.data[i * a.cols + j] as ExactScalar));
    entries.push(row);
  }
  return { kind: 'explicit', rows: a.rows, cols: a.cols, entries };
}

/** Pivots of a rank engine: a claimed nonsingular minor. */
export interface MinorHint {
  readonly pivotRows: readonly number[];
  readonly pivotCols: readonly number[];
  /** The prime the engine found the minor nonsingular for, if it worked modulo a prime. */
  readonly prime?: number;
}

/**
 * A prime for which a minor known to be nonsingular over Q stays nonsingular: the first default
 * prime not dividing its determinant (then primes further down, which must end because a nonzero
 * integer has finitely many prime divisors).
 */
export function primeForExactMinor(a: Matrix<ExactScalar>, rows: readonly number[], cols: readonly number[]): number {
  const minor = subMatrix(a, rows, cols);
  const det = bareiss(minor).lastPivot;
  if (rows.length > 0 && det === 0n) throw new RangeError('primeForExactMinor: the minor is singular');
  const d = absBig(det);
  for (const p of DEFAULT_PRIMES) if (modBig(d, BigInt(p)) !== 0n) return p;
  let p = DEFAULT_PRIMES[DEFAULT_PRIMES.length - 1] as number;
  for (;;) {
    p = previousPrime(p);
    if (modBig(d, BigInt(p)) !== 0n) return p;
  }
}

/**
 * A `rank-lower-bound/minor` certificate for an explicit matrix from an engine's pivots. When the
 * hint carries no prime (exact engine), one that keeps the minor nonsingular is chosen.
 */
export function minorCertificate(a: Matrix<ExactScalar>, hint: MinorHint, provenance?: Record<string, unknown>): object {
  const prime = hint.prime ?? primeForExactMinor(a, hint.pivotRows, hint.pivotCols);
  return sealCertificate({
    certificate: CERTIFICATE_TAG,
    version: CERTIFICATE_VERSION,
    kind: 'rank-lower-bound/minor',
    claim: { rankAtLeast: hint.pivotRows.length },
    matrix: explicitMatrixJson(a),
    prime,
    rowIndices: [...hint.pivotRows],
    colIndices: [...hint.pivotCols],
    ...(provenance ? { provenance } : {}),
  });
}

/**
 * A `rank-lower-bound/minor` certificate for a matricization of a tensor given by its exact
 * parameters: the kernel evaluates only the minor's entries, from the cores. `hint.prime` is
 * required (use the modular engine's pivots).
 */
export function matricizationMinorCertificate(
  tensor: Tensor<JsonScalarSource>,
  rowModes: readonly number[],
  hint: MinorHint & { readonly prime: number },
  provenance?: Record<string, unknown>,
): object {
  return sealCertificate({
    certificate: CERTIFICATE_TAG,
    version: CERTIFICATE_VERSION,
    kind: 'rank-lower-bound/minor',
    claim: { rankAtLeast: hint.pivotRows.length },
    matrix: { kind: 'matricization', tensor: tensorToJson(tensor), rowModes: [...rowModes] },
    prime: hint.prime,
    rowIndices: [...hint.pivotRows],
    colIndices: [...hint.pivotCols],
    ...(provenance ? { provenance } : {}),
  });
}
