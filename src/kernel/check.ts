/**
 * The trusted kernel's entry point: a certificate in, a verdict out.
 *
 * The kernel trusts nothing in the certificate. It reads it strictly (unknown fields, wrong types
 * and out-of-range values are rejections), recomputes from the certificate's own data everything
 * the claim depends on, and answers Verified with the claim it checked, or Rejected with a stable
 * code and the JSON Pointer of the fault.
 *
 * It imports exact arithmetic, tensor index maths, format evaluation and the network graph only:
 * no engines, no floats deciding anything, no randomness, no clock, no I/O.
 *
 * Certificate kinds (version 1):
 * - `rank-lower-bound/minor`: subject matrix (explicit, or a matricization of a tensor given by
 *   its exact parameters), prime, row and column indices; checks the minor is nonsingular mod p.
 * - `rank-lower-bound/sketch`: a matricization, prime, K and the sketch vectors (or a seed);
 *   forms S = Psi^T M Omega mod p from the cores and checks it is nonsingular.
 * - `rank-lower-bound/kronecker`: a paired family (TT or HT pair parameters), a prime and a minor of
 *   the pair block; proves rank >= base^(d/2) for every even d (see family.ts).
 * - `rank-upper-bound/cut`: network structure, row modes, cut; checks separation and the product.
 * - `equality`: two tensors; checks ||X - Y||^2 = 0 over Q by contraction.
 *
 * Every certificate also carries a content digest (see `digest.ts`), checked after the claim.
 *
 * @packageDocumentation
 */
import type { Verdict, Verified } from './claims.js';
import { contentDigest } from './digest.js';
import { checkCut } from './cut.js';
import { checkEquality } from './equality.js';
import { checkMinor } from './minor.js';
import { checkSketch } from './sketch.js';
import { checkKronecker } from './family.js';
import { parseJsonText, readFreeObject, readInt, readObject, readString } from './reader.js';
import { Rejection, reject } from './verdict.js';

export type { Claim, Verdict, Verified, MatrixSubject, ExplicitMatrixSubject, MatricizationSubject, RankLowerBoundClaim, RankUpperBoundClaim, EqualityClaim, FamilyLowerBoundClaim, PairFamily } from './claims.js';
export { MAX_MINOR_SIZE } from './minor.js';
export { MAX_EXPLICIT_ENTRIES } from './subject.js';
export { MAX_SKETCH_SIZE, MAX_SKETCH_WORK } from './sketch.js';

/** The value of the `certificate` field of every certificate. */
export const CERTIFICATE_TAG = 'check-theorem';
/** The certificate format version this kernel reads. */
export const CERTIFICATE_VERSION = 1;
/** The certificate kinds this kernel reads. */
export const CERTIFICATE_KINDS = ['rank-lower-bound/minor', 'rank-lower-bound/sketch', 'rank-lower-bound/kronecker', 'rank-upper-bound/cut', 'equality'] as const;

const TOP_FIELDS = ['certificate', 'version', 'kind', 'claim', 'digest'] as const;
const OPTIONAL_TOP = ['provenance'] as const;
const KIND_FIELDS = ['matrix', 'prime', 'rowIndices', 'colIndices', 'network', 'rowModes', 'cut', 'left', 'right', 'sketch', 'family'] as const;

/** Checks a parsed certificate document. Never throws for bad input: every fault is a Rejected verdict. */
export function verifyCertificate(doc: unknown): Verdict {
  try {
    const top = readObject(doc, '', TOP_FIELDS, [...OPTIONAL_TOP, ...KIND_FIELDS]);
    if (readString(top['certificate'], '/certificate') !== CERTIFICATE_TAG) reject('WRONG_TYPE', '/certificate', `expected "${CERTIFICATE_TAG}"`);
    const version = readInt(top['version'], '/version', 0, Number.MAX_SAFE_INTEGER);
    if (version !== CERTIFICATE_VERSION) reject('UNSUPPORTED_VERSION', '/version', `this kernel reads version ${CERTIFICATE_VERSION}, got ${version}`);
    if ('provenance' in top) readFreeObject(top['provenance'], '/provenance');
    const digest = readString(top['digest'], '/digest');
    const kind = readString(top['kind'], '/kind');
    let verified: Verified;
    switch (kind) {
      case 'rank-lower-bound/minor':
        verified = checkMinor(top, TOP_FIELDS, OPTIONAL_TOP);
        break;
      case 'rank-lower-bound/sketch':
        verified = checkSketch(top, TOP_FIELDS, OPTIONAL_TOP);
        break;
      case 'rank-lower-bound/kronecker':
        verified = checkKronecker(top, TOP_FIELDS, OPTIONAL_TOP);
        break;
      case 'rank-upper-bound/cut':
        verified = checkCut(top, TOP_FIELDS, OPTIONAL_TOP);
        break;
      case 'equality':
        verified = checkEquality(top, TOP_FIELDS, OPTIONAL_TOP);
        break;
      default:
        return reject('UNKNOWN_KIND', '/kind', `unknown certificate kind "${kind}"; known: ${CERTIFICATE_KINDS.join(', ')}`);
    }
    // Last: the content must be what its writer sealed (see digest.ts: integrity, not soundness).
    const actual = contentDigest(top);
    if (actual !== digest) reject('DIGEST_MISMATCH', '/digest', `the content's digest is ${actual}, the certificate says ${digest}: it was edited after it was written`);
    return verified;
  } catch (e) {
    if (e instanceof Rejection) return { verdict: 'rejected', code: e.code, path: e.path, detail: e.detail };
    throw e;
  }
}

/** Parses certificate text (with size and nesting limits) and checks it. */
export function verifyCertificateText(text: string): Verdict {
  try {
    return verifyCertificate(parseJsonText(text));
  } catch (e) {
    if (e instanceof Rejection) return { verdict: 'rejected', code: e.code, path: e.path, detail: e.detail };
    throw e;
  }
}
