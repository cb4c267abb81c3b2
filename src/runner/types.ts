/**
 * The vocabulary of theorem runs: instances, obligations, results and verdicts.
 *
 * @packageDocumentation
 */
import type { NetworkStructure } from '../cuts/network.js';
import type { FormatName, Tensor } from '../formats/types.js';
import type { IntegerPair } from '../certify/kronecker.js';

/** A run's verdict. */
export type TheoremVerdict = 'PROVED' | 'REFUTED' | 'EVIDENCE' | 'INCONCLUSIVE';

/** Which engine computes lower bounds. `auto` picks by a cost estimate. */
export type EngineChoice = 'auto' | 'modp' | 'exact' | 'float' | 'sketch';

/** The formats a theorem quantifies over. */
export type NetworkFormat = Exclude<FormatName, 'dense'>;

/** Tree shapes for HT instances. */
export type TreeShape = 'balanced' | 'caterpillar';

/** How to build one tensor: a seeded random integer instance, or the paper's witness. */
export interface InstanceSpec {
  readonly format: NetworkFormat | 'dense';
  readonly n: number;
  readonly r: number;
  readonly d: number;
  /** A seeded random instance, the paper's witness, or a tensor given by the user (`given`). */
  readonly kind: 'random' | 'witness' | 'given';
  /** The tensor itself, for kind `given`. */
  readonly given?: Tensor<bigint>;
  /** For random instances; a failed attempt retries with seeds derived from it. */
  readonly seed?: number;
  readonly tree?: TreeShape;
}

/** What an obligation counts for. */
export type ObligationRole =
  /** Part of the proof: the verdict needs it verified. */
  | 'proof'
  /** Shows the statement's bound is attained (sharp) at these parameters. */
  | 'sharpness'
  /** Measures a quantity the theory only bounds (reported, not needed for the verdict). */
  | 'measure';

interface ObligationBase {
  /** Stable id within the run, e.g. "lower-bound/random". */
  readonly id: string;
  readonly role: ObligationRole;
  /** One line for people. */
  readonly description: string;
}

/** rank(matricization) >= atLeast for a generic tensor, shown at one instance. */
export interface LowerBoundObligation extends ObligationBase {
  readonly kind: 'lower-bound';
  readonly instance: InstanceSpec;
  readonly rowModes: readonly number[];
  readonly atLeast: bigint;
}

/** rank(matricization) <= atMost for every tensor with this structure, shown by a cut. */
export interface UpperBoundObligation extends ObligationBase {
  readonly kind: 'upper-bound';
  readonly structure: NetworkStructure;
  readonly rowModes: readonly number[];
  readonly atMost: bigint;
}

/** Names of the constructive conversions. */
export type ConversionName = 'cp-tt' | 'cp-ht' | 'tt-ht' | 'ht-tt';

/** A conversion of an instance, equal to it (equality certificate), with all ranks <= ranksAtMost. */
export interface ConversionObligation extends ObligationBase {
  readonly kind: 'conversion';
  readonly instance: InstanceSpec;
  readonly conversion: ConversionName;
  readonly ranksAtMost: bigint;
}

/** For every even d: the family's order-d member has odd/even rank >= base^(d/2) (Kronecker). */
export interface FamilyLowerBoundObligation extends ObligationBase {
  readonly kind: 'family-lower-bound';
  readonly pair: IntegerPair;
  readonly atLeastBase: bigint;
}

/** The family's member of order d equals a given instance (an equality certificate). */
export interface FamilyMemberObligation extends ObligationBase {
  readonly kind: 'family-member';
  readonly pair: IntegerPair;
  readonly d: number;
  readonly instance: InstanceSpec;
}

/** Anything a theorem asks the runner to establish. */
export type Obligation = LowerBoundObligation | UpperBoundObligation | ConversionObligation | FamilyLowerBoundObligation | FamilyMemberObligation;

/** How one obligation ended. */
export type ObligationStatus =
  /** Kernel-verified and meets the requirement. */
  | 'verified'
  /** A kernel-verified certificate contradicts the requirement. */
  | 'refuted'
  /** Only float evidence (never proof). */
  | 'evidence'
  /** Not established: unlucky draws, a budget, a construction above its bound. */
  | 'failed';

/** A certificate with the kernel's verdict on it. */
export interface CheckedCertificate {
  readonly name: string;
  readonly certificate: object;
  readonly verdict: { readonly verdict: 'verified' } | { readonly verdict: 'rejected'; readonly code: string; readonly path: string; readonly detail: string };
  /** The verified claim in words. */
  readonly claim?: string;
}

/** One attempt of a lower-bound search. */
export interface Attempt {
  readonly seed?: number;
  readonly engine: string;
  readonly rank: number;
  readonly primes?: readonly number[];
  readonly note?: string;
}

/** The result of one obligation. */
export interface ObligationResult {
  readonly id: string;
  readonly kind: Obligation['kind'];
  readonly role: ObligationRole;
  readonly description: string;
  readonly status: ObligationStatus;
  /** What was required, e.g. "rank >= 16". */
  readonly required: string;
  /** What was established, e.g. "rank >= 16" or "rank <= 36". */
  readonly established: string;
  /** The certified number (rank bound or largest rank), for tables and the regression gate. */
  readonly value?: string;
  readonly engine?: string;
  readonly attempts?: readonly Attempt[];
  readonly certificates: readonly CheckedCertificate[];
  readonly note?: string;
}

/** The result of a theorem run. */
export interface TheoremResult {
  readonly theorem: string;
  readonly title: string;
  readonly parameters: Readonly<Record<string, number | string>>;
  readonly bound: { readonly expression: string; readonly value: string; readonly direction: 'lower' | 'upper' | 'exact' };
  readonly verdict: TheoremVerdict;
  readonly summary: string;
  readonly obligations: readonly ObligationResult[];
}
