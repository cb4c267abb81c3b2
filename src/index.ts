/**
 * check-theorem: machine-checked expressive-power theorems for CP, tensor-train (TT) and
 * hierarchical Tucker (HT) tensor networks.
 *
 * The library is layered so that only a small kernel has to be trusted:
 *
 * - exact arithmetic (`Q`, `primeField`) and a float64 field behind one {@link Field} interface;
 * - untrusted rank engines ({@link rank}: `modp`, `exact`, `float`) returning their evidence;
 * - certificate builders turning evidence into JSON certificates;
 * - the kernel ({@link verifyCertificate}) that re-checks a certificate from its own data and
 *   answers Verified or Rejected with a stable code.
 *
 * @example
 * ```ts
 * import { rankExact, minorCertificate, verifyCertificate } from 'check-theorem';
 * const a = { rows: 2, cols: 3, data: [1, 2, 3, 2, 4, 7] };
 * const r = rankExact(a);                              // r.rank === 2
 * const v = verifyCertificate(minorCertificate(a, r)); // v.verdict === 'verified'
 * ```
 *
 * @packageDocumentation
 */

// Exact arithmetic and fields.
export type { Field } from './exact/field.js';
export { DivisionByZeroError, dot, sum } from './exact/field.js';
export type { Rational } from './exact/rational.js';
export {
  rational,
  parseRational,
  ratAdd,
  ratSub,
  ratMul,
  ratDiv,
  ratNeg,
  ratInv,
  ratEq,
  ratCmp,
  ratToString,
  ratToNumber,
  ratFromDouble,
  RAT_ZERO,
  RAT_ONE,
} from './exact/rational.js';
export { Q, primeField, InvalidPrimeError, type PrimeField } from './exact/fields.js';
export { isPrime, previousPrime, DEFAULT_PRIMES, MAX_PRIME_EXCLUSIVE } from './exact/primes.js';
export { createRng, deriveSeed, PRNG_ID, type Rng } from './exact/prng.js';
export { F64, FLOAT64_EPS } from './numeric/float64.js';
export { singularValues } from './numeric/svd.js';

// Matrices and rank engines.
export type { Matrix, ExactScalar } from './tensor/matrix.js';
export { matrixFromRows, subMatrix, toRows } from './tensor/matrix.js';
export {
  rank,
  rankModP,
  rankExact,
  rankOfFloatMatrix,
  matrixResidues,
  type RankEngine,
  type RankResult,
  type ModPRank,
  type ExactRank,
  type FloatRank,
  type ModPOptions,
  type PrimeAttempt,
  type ResidueSource,
} from './rank/index.js';
export { rankOverField, rrefOverField, type GenericElimination, type Rref } from './rank/generic.js';
export { eliminateModP, type ModPElimination } from './rank/modp.js';

// Index conventions.
export {
  type Shape,
  type Split,
  ShapeError,
  sizeOf,
  linearIndex,
  multiIndex,
  splitOf,
  oddEvenModes,
  prefixModes,
  matricizationIndex,
  matricizationSize,
} from './tensor/shape.js';

// Tensor formats: one namespace per format (cp, tt, ttShared, ht, dense) with the same verbs,
// the verbs dispatched over any format, and cross-format inner products.
export * as formats from './formats/index.js';
export {
  type Tensor,
  type DenseTensor,
  type CpTensor,
  type TtTensor,
  type SharedTtTensor,
  type HtTensor,
  type HtLeaf,
  type HtInner,
  type DimensionTree,
  type FormatName,
  FORMAT_NAMES,
  FormatError,
  BudgetError,
  DEFAULT_DENSE_BUDGET,
  validate,
  shapeOf,
  orderOf,
  ranksOf,
  nParams,
  entry,
  contract,
  toDense,
  matricize,
  mapTensor,
  inField,
  inner,
  normSquared,
  distanceSquared,
  UnsupportedPairError,
  balancedTree,
  caterpillarTree,
  DEFAULT_ENTRY_BOUND,
} from './formats/index.js';
export { tensorToJson, structureToJson } from './formats/json.js';

// Exact conversions.
export { cpToTt, cpToHt, ttToHt, htToTt, htToTtSweep, ttRound } from './convert/index.js';
export { ttAdd, ttHadamard, ttScale, ttSvd, ttOrthogonalize, svdJacobi, randomFloatTt } from './formats/ttAlgebra.js';

// Networks and cuts.
export { type NetworkStructure, type Network, type Hyperedge, structureOf, networkOf, separates, cutProduct } from './cuts/network.js';
export { minCut, minCutBruteForce, type Cut } from './cuts/mincut.js';

// Certificates and the kernel.
export { minorCertificate, matricizationMinorCertificate, primeForExactMinor, type MinorHint } from './certify/minor.js';
export { cutCertificate, minCutCertificate } from './certify/cut.js';
export { equalityCertificate } from './certify/equality.js';
export {
  matricizationLowerBound,
  matricizationUpperBound,
  matricizationResidues,
  type LowerBound,
  type UpperBound,
  type ExactTensor,
} from './certify/rank.js';
// The trusted kernel (src/kernel: imports nothing outside itself).
export {
  checkCertificateText,
  checkCertificateDoc,
  checkBundle,
  certificateTexts,
  readStatement,
  statementText,
  STATEMENT_FORMS,
  CERTIFICATE_TAG,
  CERTIFICATE_VERSION,
  CERTIFICATE_KINDS,
  BUNDLE_TAG,
  BUNDLE_VERSION,
  REJECTION_CODES,
  contentDigest,
  canonicalJson,
  sealCertificate,
  parseJson,
  sha256Hex,
  sketchVectorsFromSeed,
  kernelSketch,
  type Verdict,
  type Verified,
  type Claim,
  type RankLowerBoundClaim,
  type RankUpperBoundClaim,
  type EqualityClaim,
  type FamilyLowerBoundClaim,
  type ExplicitSubject,
  type MatricizationSubject,
  type TensorRef,
  type BundleVerdict,
  type ClaimVerdict,
  type Statement,
  type RejectionCode,
  type Rejected,
  type SketchVectors,
} from './kernel/index.js';
export { describeClaim } from './report/claims.js';
export { verifyCertificate, verifyCertificateText } from './certify/verify.js';

// The matrix-free sketch.
export { buildSketch, sketchSeed, SKETCH_PRIME, PRECHECK_MAX_K, type SketchOptions, type SketchResult } from './sketch/index.js';

// Theorem runs.
export { runTheorem, boundValue } from './runner/theorem.js';
export { runAndCheck, assembleBundle, MAX_RANDOM_ATTEMPTS, type RunOptions, type ProgressEvent } from './runner/run.js';
// The kernel's certificate checks on worker threads (the kernel decides; see src/runner/checkPool.ts).
export { checkBundleParallel, checkTexts, createCheckPool, DEFAULT_JOBS, type CheckPool } from './runner/checkPool.js';
export type {
  TheoremVerdict,
  TheoremResult,
  ObligationResult,
  Obligation,
  InstanceSpec,
  ProofBundle,
  StatementJson,
  EngineChoice,
  NetworkFormat,
} from './runner/types.js';
export { THEOREMS, findTheorem, ParameterError, type TheoremModule, type TheoremParams } from '../proofs/index.js';
export { parseSplit } from './tensor/splitSpec.js';

// Networks and training: the subpath export 'check-theorem/nets' (src/nets/index.ts), kept apart
// so this entry point carries no TensorFlow.js types.
export { lineChartSpec, boundarySpec, renderFigure, writeFigure, toCsv, type LineChart, type Series, type BoundaryPicture } from './report/figure.js';
export { clearTensorDenominators } from './formats/integral.js';
export { runGate, buildBaseline, type Baseline, type GateReport } from './runner/gate.js';

// The command line, for embedding.
export { runCli } from './cli/app.js';
export { memoryIo, processIo, type CliIo } from './cli/io.js';
