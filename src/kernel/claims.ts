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

/** rank(subject) >= bound over Q: a minor, a sketch or transfer blocks (checks/transfer.ts) nonsingular mod a prime. */
export interface RankLowerBoundClaim {
  readonly kind: 'rank-lower-bound';
  readonly method: 'minor' | 'sketch' | 'transfer';
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
 * The families of networks that all-even-d claims are about: for every even d = 2k, networks of
 * shape size^d whose ranks are at most `rank` (TT: every bond; tt-shared: the shared rank, cores
 * 1..d-2 one shared core; HT: every node but the root). For HT the lower bounds (Kronecker) are
 * about dimension trees in which the leaves of modes 2t and 2t+1 (0-based) are siblings; the upper
 * bounds hold on any tree.
 */
export interface FamilyRef {
  readonly format: 'tt' | 'tt-shared' | 'ht';
  readonly size: number;
  readonly rank: number;
}

/**
 * For every k >= 1, the order-2k member of the generator's family has odd/even matricization rank
 * >= leading * base^(k-1), and that member is a network of the family `family` (ranks at most
 * family.rank). Kronecker (checks/kronecker.ts): the generator is an order-2 pair, the member its
 * k-th power, leading = base. Transfer (checks/transfer.ts): the generator is an order-4 TT (or
 * shared-core TT) whose middle two cores repeat.
 */
export interface FamilyLowerBoundClaim {
  readonly kind: 'rank-lower-bound-family';
  readonly method: 'kronecker' | 'transfer';
  readonly generator: TensorRef;
  readonly family: FamilyRef;
  readonly leading: bigint;
  readonly base: bigint;
  readonly prime: number;
}

/**
 * For every k >= 1, every network of the family of order 2k has odd/even matricization rank
 * <= leading * base^(k-1): a cut that isolates every column mode (checks/isolation.ts).
 */
export interface FamilyUpperBoundClaim {
  readonly kind: 'rank-upper-bound-family';
  readonly method: 'isolation';
  readonly family: FamilyRef;
  /** What the cut removes at each kind of column node (e.g. {middle: "leg", last: "bond"}). */
  readonly cut: Readonly<Record<string, string>>;
  readonly leading: bigint;
  readonly base: bigint;
}

/** Any claim. */
export type Claim = RankLowerBoundClaim | RankUpperBoundClaim | MatrixRankUpperBoundClaim | EqualityClaim | FamilyLowerBoundClaim | FamilyUpperBoundClaim;

/** A certificate proves its claim. */
export interface Verified {
  readonly verdict: 'verified';
  readonly claim: Claim;
  /** The certificate's content digest. */
  readonly digest: string;
}

/** The kernel's answer on a certificate. */
export type Verdict = Verified | Rejected;
