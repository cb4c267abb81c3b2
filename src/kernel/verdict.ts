/**
 * The kernel's rejection codes and the exception that carries one to the kernel's boundary.
 *
 * @packageDocumentation
 */

/**
 * Every reason the kernel can reject a certificate, a statement or a bundle. Codes are stable:
 * tests, golden files and users' scripts match on them.
 */
export const REJECTION_CODES = Object.freeze([
  // Reading the text.
  'MALFORMED_JSON',
  'INEXACT_NUMBER',
  'DUPLICATE_KEY',
  'TOO_LARGE',
  'TOO_DEEP',
  // The schema.
  'WRONG_TYPE',
  'MISSING_FIELD',
  'UNKNOWN_FIELD',
  'UNSUPPORTED_VERSION',
  'UNKNOWN_KIND',
  // Numbers and indices.
  'BAD_INTEGER',
  'BAD_ENTRY',
  'NOT_PRIME',
  'PRIME_TOO_LARGE',
  'PRIME_DIVIDES_DENOMINATOR',
  'INDEX_OUT_OF_RANGE',
  'DUPLICATE_INDEX',
  'BAD_INDICES',
  'SIZE_MISMATCH',
  'CLAIM_MISMATCH',
  // Tensors and networks.
  'BAD_TENSOR',
  'BAD_MODES',
  'UNKNOWN_GENERATOR',
  'UNKNOWN_CUT_ELEMENT',
  'BUDGET_EXCEEDED',
  // The mathematics.
  'SINGULAR_MINOR',
  'SINGULAR_SKETCH',
  'CUT_DOES_NOT_SEPARATE',
  'NOT_EQUAL',
  'NOT_IN_NULL_SPACE',
  'DEPENDENT_VECTORS',
  // Integrity.
  'DIGEST_MISMATCH',
  // Statements and bundles.
  'BAD_STATEMENT',
  'SUBJECT_MISMATCH',
  'MISSING_CERTIFICATE',
  'INCONSISTENT',
] as const);

/** A stable rejection code. */
export type RejectionCode = (typeof REJECTION_CODES)[number];

/** Why something was rejected: a code, the JSON Pointer (RFC 6901) of the fault and a sentence. */
export interface Rejected {
  readonly verdict: 'rejected';
  readonly code: RejectionCode;
  readonly path: string;
  readonly detail: string;
}

/** Thrown inside the kernel and turned into a {@link Rejected} value at its boundary. */
export class Rejection extends Error {
  constructor(
    readonly code: RejectionCode,
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${code} at ${path || '/'}: ${detail}`);
    this.name = 'Rejection';
  }
}

/** Throws a {@link Rejection}. */
export function reject(code: RejectionCode, path: string, detail: string): never {
  throw new Rejection(code, path, detail);
}

/** Runs `f`; a Rejection becomes a Rejected value, anything else propagates (a kernel bug). */
export function rejecting<T>(f: () => T): T | Rejected {
  try {
    return f();
  } catch (e) {
    if (e instanceof Rejection) return { verdict: 'rejected', code: e.code, path: e.path, detail: e.detail };
    throw e;
  }
}
