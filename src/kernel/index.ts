/**
 * The trusted kernel: everything a PROVED verdict rests on, and nothing else.
 *
 * It reads certificates and bundles exactly (json.ts), checks each certificate's mathematics from
 * its own data (checks/), and decides whether verified certificates establish a statement of its
 * closed vocabulary (statements.ts, bundle.ts). It imports nothing outside src/kernel: no engine,
 * no float deciding anything, no randomness, no clock, no I/O, no state shared with other code.
 *
 * @packageDocumentation
 */
export { checkCertificateDoc, checkCertificateText, contentDigest, guarded, sealCertificate, CERTIFICATE_KINDS, CERTIFICATE_TAG, CERTIFICATE_VERSION } from './certificate.js';
export { checkBundle, certificateTexts, BUNDLE_TAG, BUNDLE_VERSION, ROLES, type BundleVerdict, type ClaimVerdict } from './bundle.js';
export { readStatement, statementText, decide, STATEMENT_FORMS, type Statement, type Outcome } from './statements.js';
export type { Claim, Verdict, Verified, TensorRef, ExplicitSubject, MatricizationSubject, GridSubject, RankLowerBoundClaim, RankUpperBoundClaim, EqualityClaim, FamilyLowerBoundClaim } from './claims.js';
export { REJECTION_CODES, type RejectionCode, type Rejected } from './verdict.js';
export { parseJson, canonicalJson, MAX_TEXT_LENGTH, type Json } from './json.js';
export { sha256Hex } from './sha256.js';
export { readTensor, readStructure, tensorIdentity, structureText, embeds, layoutOf, type Structure, type Tensor as KernelTensor } from './structures.js';
export { tensorRef, MAX_MINOR_SIZE, MAX_EXPLICIT_ENTRIES } from './checks/matrix.js';
export { sketchVectorsFromSeed } from './checks/sketch.js';
export { sketch as kernelSketch, sketchCost, MAX_WORK, MAX_ARRAY, type SketchVectors } from './evaluate.js';
export { STREAM_ID, createStream, deriveSeed } from './stream.js';
export { readGeneralized, generalizedIdentity, generalizedText, type GeneralizedNetwork, type GeneralizedRef } from './generalized.js';
export { generalizedRef } from './checks/matrix.js';
