/**
 * What the kernel can verify: the claims, as typed data returned with a Verified verdict.
 *
 * @packageDocumentation
 */
import type { Rational } from '../exact/rational.js';
import type { NetworkStructure } from '../cuts/network.js';
import type { Tensor } from '../formats/types.js';
import type { Rejected } from './verdict.js';

/** An explicit matrix. */
export interface ExplicitMatrixSubject {
  readonly kind: 'explicit';
  readonly rows: number;
  readonly cols: number;
  readonly entries: readonly Rational[];
}

/** The matricization of a tensor given by its exact parameters (columns: the other modes, increasing). */
export interface MatricizationSubject {
  readonly kind: 'matricization';
  readonly tensor: Tensor<Rational>;
  readonly rowModes: readonly number[];
  readonly rows: bigint;
  readonly cols: bigint;
}

/** What a rank claim is about. */
export type MatrixSubject = ExplicitMatrixSubject | MatricizationSubject;

/** rank(subject) >= bound over Q, shown by a minor or a sketch nonsingular mod a prime. */
export interface RankLowerBoundClaim {
  readonly kind: 'rank-lower-bound';
  readonly method: 'minor' | 'sketch';
  readonly subject: MatrixSubject;
  readonly bound: bigint;
  readonly prime: number;
}

/**
 * For every tensor with this structure (any values of its parameters, over any field), the
 * matricization with these row modes has rank <= bound: shown by a cut of the network.
 */
export interface RankUpperBoundClaim {
  readonly kind: 'rank-upper-bound';
  readonly method: 'cut';
  readonly structure: NetworkStructure;
  readonly rowModes: readonly number[];
  readonly cut: readonly string[];
  readonly bound: bigint;
}

/** Two tensors are equal (||X - Y||^2 = 0 over Q). */
export interface EqualityClaim {
  readonly kind: 'equality';
  readonly left: Tensor<Rational>;
  readonly right: Tensor<Rational>;
}

/** A paired family: for each even d, the order-d network made of d/2 copies of one pair. */
export type PairFamily =
  | { readonly format: 'tt-pairs'; readonly size: number; readonly pairRank: number; readonly first: readonly Rational[]; readonly second: readonly Rational[] }
  | { readonly format: 'ht-pairs'; readonly size: number; readonly pairRank: number; readonly left: readonly Rational[]; readonly right: readonly Rational[]; readonly transfer: readonly Rational[] };

/**
 * For every even d >= 2, the odd/even matricization of the family's order-d member has rank
 * >= base^(d/2) (the pair block has rank >= base, and the matricization is its Kronecker power).
 */
export interface FamilyLowerBoundClaim {
  readonly kind: 'rank-lower-bound-family';
  readonly family: PairFamily;
  readonly base: bigint;
  readonly prime: number;
}

/** Any claim the kernel can verify. */
export type Claim = RankLowerBoundClaim | RankUpperBoundClaim | EqualityClaim | FamilyLowerBoundClaim;

/** The certificate proves its claim. */
export interface Verified {
  readonly verdict: 'verified';
  readonly claim: Claim;
}

/** The kernel's answer. */
export type Verdict = Verified | Rejected;
