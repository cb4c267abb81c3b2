/**
 * What the kernel answers, and the stable rejection codes.
 *
 * @packageDocumentation
 */

/**
 * Every reason the kernel can reject a certificate. Codes are stable: tests, golden files and
 * users' scripts match on them.
 */
export const REJECTION_CODES = [
  // Reading the document.
  'MALFORMED_JSON',
  'TOO_LARGE',
  'TOO_DEEP',
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
  'SIZE_MISMATCH',
  'CLAIM_MISMATCH',
  // Tensors.
  'BAD_TENSOR',
  'BAD_MODES',
  'UNKNOWN_GENERATOR',
  'UNKNOWN_CUT_ELEMENT',
  'UNSUPPORTED_PAIR',
  'BUDGET_EXCEEDED',
  // The mathematics.
  'SINGULAR_MINOR',
  'SINGULAR_SKETCH',
  'CUT_DOES_NOT_SEPARATE',
  'NOT_EQUAL',
  // Integrity (checked last).
  'DIGEST_MISMATCH',
] as const;

/** A stable rejection code. */
export type RejectionCode = (typeof REJECTION_CODES)[number];

/** The certificate does not prove its claim. `path` is a JSON Pointer (RFC 6901) to the fault. */
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

/** Shorthand for throwing a {@link Rejection}. */
export function reject(code: RejectionCode, path: string, detail: string): never {
  throw new Rejection(code, path, detail);
}
