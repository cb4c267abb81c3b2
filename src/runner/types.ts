/**
 * The vocabulary of theorem runs: instances, obligations, results and verdicts.
 *
 * @packageDocumentation
 */
import type { NetworkStructure } from '../cuts/network.js';
import type { GeneralizedNet } from '../formats/generalized.js';
import type { FormatName, Tensor } from '../formats/types.js';
import type { TnStructure } from '../formats/tn.js';
import type { Rational } from '../exact/rational.js';
import type { IntegerPair } from '../certify/kronecker.js';
import type { BundleVerdict } from '../kernel/index.js';

/**
 * A run's verdict. PROVED and REFUTED are the kernel's verdicts on the run's bundle; EVIDENCE
 * (float results only) and INCONCLUSIVE are the runner's words for a bundle the kernel did not
 * prove; ERROR means the kernel rejected the bundle itself (a malformed statement, or verified
 * certificates that contradict each other): a bug, never a result.
 */
export type TheoremVerdict = 'PROVED' | 'REFUTED' | 'EVIDENCE' | 'INCONCLUSIVE' | 'ERROR';

/** A statement in the kernel's vocabulary (src/kernel/statements.ts), as JSON. */
export type StatementJson = { readonly form: string } & Readonly<Record<string, unknown>>;

/**
 * Which engine computes lower bounds. `auto` picks by a cost estimate; `transfer` is for the
 * odd/even split of TT and shared-core TT instances (a chain certificate: small blocks of the
 * cores, src/certify/transfer.ts), and `auto` takes it there.
 */
export type EngineChoice = 'auto' | 'modp' | 'exact' | 'float' | 'sketch' | 'transfer';

/** The built-in families a theorem quantifies over at (n, r, d) (a `network` comes with its own structure). */
export type NetworkFormat = Exclude<FormatName, 'dense' | 'network'>;

/** The built-in families, as users name them. */
export const NETWORK_FORMATS: readonly NetworkFormat[] = ['cp', 'tt', 'tt-shared', 'ht'];

/** Tree shapes for HT instances. */
export type TreeShape = 'balanced' | 'caterpillar';

/** How to build one tensor: a seeded random integer instance, or the paper's witness. */
export interface InstanceSpec {
  readonly format: NetworkFormat | 'dense' | 'network';
  /** The structure of a `network` instance. */
  readonly network?: TnStructure;
  readonly n: number;
  readonly r: number;
  readonly d: number;
  /** A seeded random instance, the paper's witness, or a tensor given by the user (`given`). */
  readonly kind: 'random' | 'witness' | 'given';
  /** The tensor itself, for kind `given` (integer parameters, for the engines). */
  readonly given?: Tensor<bigint>;
  /** The given tensor's exact entries, when they are not integers: what certificates carry. */
  readonly givenExact?: Tensor<Rational>;
  /** Where a given tensor came from, written into its certificates' provenance. */
  readonly provenance?: Readonly<Record<string, string>>;
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
  /** Stable id within the run, e.g. "random". */
  readonly id: string;
  readonly role: ObligationRole;
  /** One line for people. */
  readonly description: string;
  /** What the kernel must find established, in its vocabulary. */
  readonly statement: StatementJson;
  /** Ids of other obligations whose certificates this statement also rests on. */
  readonly alsoUses?: readonly string[];
  /**
   * Further statements (role measure) that rest on this obligation's own certificates, e.g. the
   * witness's own CP-rank besides the generic statement its minor proves.
   */
  readonly alsoStates?: readonly { readonly id: string; readonly statement: StatementJson }[];
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
export type ConversionName = 'cp-tt' | 'cp-ht' | 'tt-ht' | 'ht-tt' | 'witness-cp';

/** A conversion of an instance, equal to it (equality certificate), with all ranks <= ranksAtMost. */
export interface ConversionObligation extends ObligationBase {
  readonly kind: 'conversion';
  readonly instance: InstanceSpec;
  readonly conversion: ConversionName;
  readonly ranksAtMost: bigint;
}

/** leading * base^(d/2 - 1) at every even order d: the bound of an all-even-d obligation. */
export interface FamilyBound {
  readonly leading: bigint;
  readonly base: bigint;
}

/** The bound in words: base^(d/2) when leading = base, else leading * base^(d/2 - 1). */
export function familyBoundText(b: FamilyBound): string {
  return b.leading === b.base ? `${b.base}^(d/2)` : `${b.leading} * ${b.base}^(d/2 - 1)`;
}

/**
 * For every even d: the family's order-d member has odd/even rank >= the bound. Kronecker: the
 * power of a pair (src/certify/kronecker.ts); transfer: a generator whose middle cores repeat,
 * drawn at random from a seed (src/certify/transfer.ts).
 */
export interface FamilyLowerBoundObligation extends ObligationBase {
  readonly kind: 'family-lower-bound';
  readonly construction: { readonly method: 'kronecker'; readonly pair: IntegerPair } | { readonly method: 'transfer'; readonly format: 'tt' | 'tt-shared'; readonly n: number; readonly r: number; readonly seed: number };
  readonly atLeast: FamilyBound;
}

/** For every even d: every network of the family has odd/even rank <= the bound (a cut isolating the column modes). */
export interface FamilyUpperBoundObligation extends ObligationBase {
  readonly kind: 'family-upper-bound';
  readonly family: { readonly format: 'tt' | 'tt-shared' | 'ht'; readonly n: number; readonly r: number };
  readonly atMost: FamilyBound;
}

/** rank >= atLeast of a matricization of a generalized network's grid tensor (src/formats/generalized.ts). */
export interface GridLowerBoundObligation extends ObligationBase {
  readonly kind: 'grid-lower-bound';
  readonly network: GeneralizedNet;
  readonly rowModes: readonly number[];
  readonly atLeast: bigint;
}

/** rank = value of one given tensor's matricization, from both sides: a minor and null vectors. */
export interface ExactRankObligation extends ObligationBase {
  readonly kind: 'exact-rank';
  /** Engines work on this integer tensor... */
  readonly tensor: Tensor<bigint>;
  /** ...and the certificates name this one (a positive multiple of it: same ranks, same null space). */
  readonly subject: Tensor<bigint> | Tensor<Rational>;
  readonly rowModes: readonly number[];
  readonly value: bigint;
}

/** Anything a theorem asks the runner to establish. */
export type Obligation = LowerBoundObligation | UpperBoundObligation | ConversionObligation | FamilyLowerBoundObligation | FamilyUpperBoundObligation | GridLowerBoundObligation | ExactRankObligation;

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
  /** Its file name in the run's bundle. */
  readonly name: string;
  readonly certificate: object;
  /** Its content digest (how the bundle's manifest names it). */
  readonly digest: string;
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
  /** The statement in the kernel's words. */
  readonly statement: string;
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
  /** A lower bound short of its target: the weaker bound the engines reached and the kernel's verdict on it. */
  readonly reached?: { readonly value: string; readonly outcome: 'established' | 'refuted' | 'not established'; readonly statement: string };
}

/** A proof bundle in memory: the manifest and the certificate files it names (text, exactly as written). */
export interface ProofBundle {
  readonly manifest: string;
  readonly files: ReadonlyMap<string, string>;
}

/** The result of a theorem run. */
export interface TheoremResult {
  readonly theorem: string;
  readonly title: string;
  readonly parameters: Readonly<Record<string, number | string>>;
  /** The bound: its expression, its value here (for statements about every even d, at d = 2), and for those its form at every order (e.g. "2 * 4^(d/2 - 1)"). */
  readonly bound: { readonly expression: string; readonly value: string; readonly direction: 'lower' | 'upper' | 'exact'; readonly perOrder?: string };
  readonly verdict: TheoremVerdict;
  readonly summary: string;
  readonly obligations: readonly ObligationResult[];
  /** The bundle the kernel checked; `verdict` is computed from its verdict. */
  readonly bundle: ProofBundle;
  /** The kernel's verdict on the bundle, with every statement in its words. */
  readonly kernel: BundleVerdict;
  /**
   * When a generic lower bound stopped below the proved upper bound: what the random draws
   * reached and the Schwartz-Zippel bound on that evidence (never part of a PROVED verdict).
   */
  readonly gap?: { readonly reached: number; readonly upper: string; readonly draws: number; readonly perDraw: number; readonly all: number; readonly text: string };
}
