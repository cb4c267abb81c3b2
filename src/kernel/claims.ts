/**
 * What a verified certificate proves: its claim, as typed data. Claims name their subject by
 * structure and identity (the SHA-256 of the tensor's canonical form, see structures.ts), so a
 * statement can be matched against them without the tensor's data.
 *
 * @packageDocumentation
 */
import type { Scalar } from './json.js';
import type { Structure } from './structures.js';
import type { Rejected } from './verdict.js';
import type { GeneralizedRef } from './generalized.js';

/** A tensor named by its structure and identity digest. */
export interface TensorRef {
  readonly structure: Structure;
  readonly digest: string;
}

/** An explicit matrix (rows x cols, row-major). */
export interface ExplicitSubject {
  readonly kind: 'explicit';
  readonly rows: number;
  readonly cols: number;
  readonly entries: readonly Scalar[];
}

/** The matricization of a tensor: rows = the row modes in the listed order, columns the others increasing. */
export interface MatricizationSubject {
  readonly kind: 'matricization';
  readonly tensor: TensorRef;
  readonly rowModes: readonly number[];
  readonly rows: bigint;
  readonly cols: bigint;
}

/**
 * A matricization of the grid tensor of a generalized network (src/kernel/generalized.ts): rows =
 * the row modes in the listed order, columns the others increasing, each mode over the template.
 */
export interface GridSubject {
  readonly kind: 'grid';
  readonly network: GeneralizedRef;
  readonly rowModes: readonly number[];
  readonly rows: bigint;
  readonly cols: bigint;
}

/** rank(subject) >= bound over Q: a minor or a sketch nonsingular mod a prime. */
export interface RankLowerBoundClaim {
  readonly kind: 'rank-lower-bound';
  readonly method: 'minor' | 'sketch';
  readonly subject: ExplicitSubject | MatricizationSubject | GridSubject;
  readonly bound: bigint;
  readonly prime: number;
}

/** For every tensor of the structure, the matricization with these row modes has rank <= bound (a cut). */
export interface RankUpperBoundClaim {
  readonly kind: 'rank-upper-bound';
  readonly method: 'cut';
  readonly structure: Structure;
  readonly rowModes: readonly number[];
  readonly cut: readonly string[];
  readonly bound: bigint;
}

/** This one matrix (explicit, or one tensor's matricization) has rank <= bound over Q: null vectors. */
export interface MatrixRankUpperBoundClaim {
  readonly kind: 'matrix-rank-upper-bound';
  readonly method: 'nullspace';
  readonly subject: ExplicitSubject | MatricizationSubject;
  readonly bound: bigint;
}

/** Two tensors are equal (||left - right||^2 = 0 over Q). */
export interface EqualityClaim {
  readonly kind: 'equality';
  readonly left: TensorRef;
  readonly right: TensorRef;
}

/**
 * For every even d, the order-d power of the pair (d/2 copies of the order-2 pair tensor, one per
 * modes (2t, 2t+1)) has odd/even matricization rank >= base^(d/2): the matricization is the
 * Kronecker power of the pair's 2 x 2-mode matrix, and rank(A (x) B) = rank(A) rank(B).
 */
export interface FamilyLowerBoundClaim {
  readonly kind: 'rank-lower-bound-family';
  readonly pair: TensorRef;
  readonly base: bigint;
  readonly prime: number;
}

/** Any claim. */
export type Claim = RankLowerBoundClaim | RankUpperBoundClaim | MatrixRankUpperBoundClaim | EqualityClaim | FamilyLowerBoundClaim;

/** A certificate proves its claim. */
export interface Verified {
  readonly verdict: 'verified';
  readonly claim: Claim;
  /** The certificate's content digest. */
  readonly digest: string;
}

/** The kernel's answer on a certificate. */
export type Verdict = Verified | Rejected;
