/**
 * A certificate in, a verdict out.
 *
 * The kernel trusts nothing in a certificate. It reads the text exactly (json.ts), then the
 * document strictly (unknown fields, wrong types and out-of-range values are rejections),
 * recomputes from the certificate's own data everything the claim depends on, and answers
 * Verified with the claim it checked, or Rejected with a stable code and the JSON Pointer of the
 * fault.
 *
 * Kinds (version 2): `rank-lower-bound/minor`, `rank-lower-bound/sketch`,
 * `rank-lower-bound/kronecker`, `rank-lower-bound/transfer`, `rank-lower-bound/chain`, `rank-upper-bound/cut`,
 * `rank-upper-bound/nullspace`, `rank-upper-bound/isolation`, `equality`
 * (see checks/).
 *
 * Every certificate carries `digest`: the SHA-256 of its canonical JSON without the `digest` and
 * `provenance` fields. It is checked last, after the mathematics, so every edit that breaks the
 * proof gets its own code first; an edit that leaves another valid proof (an entry outside the
 * minor, other sketch vectors) is still caught (DIGEST_MISMATCH). Bundles name certificates by
 * this digest. `provenance` (any object) is ignored.
 *
 * @packageDocumentation
 */
import type { Claim, Verdict } from './claims.js';
import { checkCut } from './checks/cut.js';
import { checkEquality } from './checks/equality.js';
import { checkIsolation } from './checks/isolation.js';
import { checkKronecker } from './checks/kronecker.js';
import { checkMinor } from './checks/minor.js';
import { checkNullspace } from './checks/nullspace.js';
import { checkSketch } from './checks/sketch.js';
import { checkChain, checkTransfer } from './checks/transfer.js';
import { canonicalJson, has, parseJson, readInt, readObject, readString, type Json, type JsonObject } from './json.js';
import { sha256Hex } from './sha256.js';
import { reject, Rejection } from './verdict.js';

/** The value of every certificate's `certificate` field. */
export const CERTIFICATE_TAG = 'check-theorem';
/** The certificate format version this kernel reads. */
export const CERTIFICATE_VERSION = 2;

const TOP = ['certificate', 'version', 'kind', 'claim', 'digest'];
const CHECKS: Readonly<Record<string, { readonly fields: readonly string[]; readonly check: (doc: JsonObject) => Claim }>> = Object.freeze({
  'rank-lower-bound/minor': { fields: ['matrix', 'prime', 'rowIndices', 'colIndices'], check: checkMinor },
  'rank-lower-bound/sketch': { fields: ['matrix', 'prime', 'sketch'], check: checkSketch },
  'rank-lower-bound/kronecker': { fields: ['pair', 'prime', 'rowIndices', 'colIndices'], check: checkKronecker },
  'rank-lower-bound/transfer': { fields: ['generator', 'prime', 'indices'], check: checkTransfer },
  'rank-lower-bound/chain': { fields: ['tensor', 'prime', 'indices'], check: checkChain },
  'rank-upper-bound/cut': { fields: ['network', 'rowModes', 'cut'], check: checkCut },
  'rank-upper-bound/nullspace': { fields: ['matrix', 'side', 'vectors', 'pivots'], check: checkNullspace },
  'rank-upper-bound/isolation': { fields: ['family', 'split', 'cut'], check: checkIsolation },
  equality: { fields: ['left', 'right'], check: checkEquality },
});

/** The certificate kinds this kernel reads. */
export const CERTIFICATE_KINDS: readonly string[] = Object.freeze(Object.keys(CHECKS));

/** The content digest of a certificate document (see the module comment). */
export function contentDigest(doc: object): string {
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (k !== 'digest' && k !== 'provenance') rest[k] = v;
  return sha256Hex(canonicalJson(rest));
}

/** A copy of a certificate with its digest (re)computed, placed last. */
export function sealCertificate<T extends object>(cert: T): T & { digest: string } {
  const { digest: _old, ...rest } = cert as T & { digest?: string };
  void _old;
  return { ...(rest as T), digest: contentDigest(rest) };
}

/** Runs a kernel function; a Rejection becomes the verdict, and so does running out of memory. */
export function guarded<T>(f: () => T, path = ''): T | { verdict: 'rejected'; code: Rejection['code']; path: string; detail: string } {
  try {
    return f();
  } catch (e) {
    if (e instanceof Rejection) return { verdict: 'rejected', code: e.code, path: e.path, detail: e.detail };
    if (e instanceof RangeError && /allocation failed|Invalid (typed )?array length|Maximum BigInt size|maximum size exceeded|Maximum call stack size exceeded/i.test(e.message)) return { verdict: 'rejected', code: 'BUDGET_EXCEEDED', path, detail: `out of memory (${e.message})` };
    throw e;
  }
}

/** Checks a certificate document (already read exactly). */
export function checkCertificateDoc(x: Json): Verdict {
  return guarded(() => {
    const head = readObject(x, '', TOP, ['provenance', 'matrix', 'prime', 'rowIndices', 'colIndices', 'sketch', 'pair', 'generator', 'tensor', 'indices', 'family', 'split', 'network', 'rowModes', 'cut', 'left', 'right', 'side', 'vectors', 'pivots']);
    if (readString(head['certificate'], '/certificate') !== CERTIFICATE_TAG) reject('WRONG_TYPE', '/certificate', `expected "${CERTIFICATE_TAG}"`);
    const version = readInt(head['version'], '/version');
    if (version !== CERTIFICATE_VERSION) reject('UNSUPPORTED_VERSION', '/version', `this kernel reads version ${CERTIFICATE_VERSION}, got ${version}`);
    const kind = readString(head['kind'], '/kind');
    const entry = Object.prototype.hasOwnProperty.call(CHECKS, kind) ? CHECKS[kind] : undefined;
    if (!entry) return reject('UNKNOWN_KIND', '/kind', `unknown certificate kind "${kind.slice(0, 60)}"; known: ${CERTIFICATE_KINDS.join(', ')}`);
    const doc = readObject(x, '', [...TOP, ...entry.fields], ['provenance']);
    const prov = doc['provenance'];
    if (has(doc, 'provenance') && (typeof prov !== 'object' || prov === null || Array.isArray(prov))) reject('WRONG_TYPE', '/provenance', 'expected an object');
    const digest = readString(doc['digest'], '/digest');
    const claim = entry.check(doc);
    const actual = contentDigest(doc);
    if (actual !== digest) reject('DIGEST_MISMATCH', '/digest', `the content's digest is ${actual}, the certificate says ${digest.slice(0, 80)}: it was edited after it was written`);
    return { verdict: 'verified' as const, claim, digest };
  });
}

/** Reads certificate text exactly and checks it. */
export function checkCertificateText(text: string): Verdict {
  return guarded(() => checkCertificateDoc(parseJson(text)));
}
