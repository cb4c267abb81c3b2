/**
 * CLI errors as data: a stable code, one line of text, an exit code.
 *
 * @packageDocumentation
 */

/** Exit codes of `check-theorem`. */
export const EXIT = {
  /** Proved / verified / success. */
  OK: 0,
  /** Refuted, or a certificate or bundle rejected, or a gate failure. */
  NOT_PROVED: 1,
  /** Bad usage: unknown option, bad value, missing file, work refused by a budget. */
  USAGE: 2,
  /** A bug: an exception nobody expected, or a bundle the kernel rejected as a whole. */
  INTERNAL: 3,
  /** Not proved and not refuted: unlucky draws, a budget hit, a bound the split cannot reach. */
  INCONCLUSIVE: 4,
  /** Float results only: evidence, never proof. */
  EVIDENCE: 5,
} as const;

/** Stable codes of usage errors. */
export type UsageErrorCode =
  | 'E_USAGE'
  | 'E_BAD_PARAMETER'
  | 'E_BAD_EXPRESSION'
  | 'E_UNKNOWN_THEOREM'
  | 'E_FILE'
  | 'E_TOO_LARGE'
  | 'E_REPEATED'
  | 'E_BUDGET'
  | 'E_UNSUPPORTED';

/** An error the user can fix: printed as one line `error[CODE]: message`, exit 2. */
export class UsageError extends Error {
  constructor(
    readonly code: UsageErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
