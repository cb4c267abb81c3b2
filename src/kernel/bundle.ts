/**
 * Proof bundles: a manifest that states what is proved, in the kernel's statement vocabulary,
 * and the certificates each statement rests on. `check-theorem prove --out` writes one and
 * `check-theorem verify` re-checks it; the runner's verdict is this same function's.
 *
 * Manifest (JSON):
 *
 *     { "bundle": "check-theorem/proof-bundle", "version": 1,
 *       "tool": {...}, "theorem": "theorem1", "title": "...", "parameters": {...},
 *       "claims": [ { "id": "random", "role": "proof", "statement": {...}, "certificates": ["<digest>", ...] } ],
 *       "certificates": [ { "digest": "<digest>", "file": "random-0.json" } ] }
 *
 * In the single-file form an entry of `certificates` holds the document itself
 * (`{"digest", "certificate": {...}}`) instead of a file name. `tool`, `title` and `parameters`
 * are shown, not checked. Roles: `proof` (the verdict needs it), `sharpness` and `measure`
 * (reported only).
 *
 * Verdict: REJECTED if the manifest is malformed or two verified claims contradict each other
 * (a kernel bug, never a proof); PROVED if every proof statement is established by its own
 * certificates; REFUTED if one is refuted; NOT_PROVED otherwise. A certificate that fails the
 * kernel counts for nothing; one whose content does not have the digest the manifest gives, or
 * that is missing, makes the whole bundle REJECTED (it is not the bundle that was written).
 *
 * Checking the certificate files is most of the work, and each check is independent of the
 * others: {@link certificateTexts} lists the texts a manifest names, a caller may check them
 * anywhere with {@link checkCertificateText} (in other threads, in parallel), and checkBundle
 * takes those verdicts keyed by the very text each was computed on: a verdict counts only for
 * that exact text, a text without one is checked here, and all the rest is decided here.
 *
 * @packageDocumentation
 */
import { checkCertificateDoc, checkCertificateText, guarded } from './certificate.js';
import type { Claim, Verdict } from './claims.js';
import { child, has, parseJson, readArray, readObject, readString, type Json, type JsonObject } from './json.js';
import { decide, inconsistencies, readStatement, statementText, type Outcome } from './statements.js';
import { reject, type Rejected } from './verdict.js';

/** The value of a manifest's `bundle` field. */
export const BUNDLE_TAG = 'check-theorem/proof-bundle';
/** The manifest version this kernel reads. */
export const BUNDLE_VERSION = 1;
/** The claim roles. */
export const ROLES = Object.freeze(['proof', 'sharpness', 'measure'] as const);

/** One claim of a bundle and how it stands. */
export interface ClaimVerdict extends Outcome {
  readonly id: string;
  readonly role: (typeof ROLES)[number];
  /** The statement in words (the kernel's rendering of what it checked). */
  readonly text: string;
}

/** The kernel's verdict on a bundle. */
export interface BundleVerdict {
  readonly verdict: 'PROVED' | 'REFUTED' | 'NOT_PROVED' | 'REJECTED';
  readonly theorem: string;
  readonly parameters: Json;
  readonly claims: readonly ClaimVerdict[];
  readonly certificates: readonly { readonly digest: string; readonly file?: string; readonly verdict: Verdict }[];
  /** Why the bundle was rejected as a whole. */
  readonly rejection?: Rejected;
}

function rejected(r: Rejected, theorem = '', parameters: Json = null): BundleVerdict {
  return { verdict: 'REJECTED', theorem, parameters, claims: [], certificates: [], rejection: r };
}

/** The manifest's fields besides `certificates`. */
const MANIFEST_FIELDS = ['bundle', 'version', 'theorem', 'claims', 'tool', 'title', 'parameters'];

/** The manifest's certificate entries: a digest, and a file name or the document itself. */
function readEntries(man: JsonObject): { digest: string; path: string; file?: string; doc?: Json }[] {
  return readArray(man['certificates'], '/certificates').map((e, i) => {
    const p = child('/certificates', i);
    const o = readObject(e, p, ['digest'], ['file', 'certificate']);
    const digest = readString(o['digest'], child(p, 'digest'));
    if (has(o, 'file') === has(o, 'certificate')) reject('BAD_STATEMENT', p, 'an entry names a "file" or holds a "certificate", not both');
    return has(o, 'file') ? { digest, path: p, file: readString(o['file'], child(p, 'file')) } : { digest, path: p, doc: o['certificate'] as Json };
  });
}

/** The texts in `files` of the certificate files a manifest names, in its order (none when it cannot be read). */
export function certificateTexts(manifestText: string, files: ReadonlyMap<string, string>): string[] {
  const entries = guarded(() => readEntries(readObject(parseJson(manifestText), '', ['certificates'], MANIFEST_FIELDS)));
  return 'verdict' in entries ? [] : entries.flatMap((e) => (e.file !== undefined && files.has(e.file) ? [files.get(e.file) as string] : []));
}

/**
 * Checks a bundle: its manifest (read exactly from text) and, for the folder form, the texts of
 * the certificate files it names; `checked` holds verdicts of checkCertificateText computed
 * elsewhere, keyed by the text each was computed on. Never throws for bad input.
 *
 * `checked` is a trust boundary: those verdicts are not re-checked here, so a caller that
 * supplies them vouches that checkCertificateText computed them (the CLI's come from it, run in
 * src/runner/checkWorker.ts). A verdict filed under the wrong text is still caught: a verified
 * verdict carries the content digest of the text it was computed on, compared below with the
 * manifest's. With no `checked` (the CLI's `--jobs 1`) nothing outside the kernel is trusted.
 */
export function checkBundle(manifestText: string, files: ReadonlyMap<string, string> = new Map(), checked: ReadonlyMap<string, Verdict> = new Map()): BundleVerdict {
  let theorem = '';
  let parameters: Json = null;
  const head = guarded(() => {
    const man = readObject(parseJson(manifestText), '', ['bundle', 'version', 'theorem', 'claims', 'certificates'], ['tool', 'title', 'parameters']);
    if (readString(man['bundle'], '/bundle') !== BUNDLE_TAG) reject('WRONG_TYPE', '/bundle', `expected "${BUNDLE_TAG}"`);
    if (man['version'] !== BUNDLE_VERSION) reject('UNSUPPORTED_VERSION', '/version', `this kernel reads bundle version ${BUNDLE_VERSION}`);
    theorem = readString(man['theorem'], '/theorem');
    parameters = has(man, 'parameters') ? (man['parameters'] as Json) : null;
    // Certificates: each read and checked once, its content digest compared with the manifest's.
    const certificates = readEntries(man).map(({ digest, path: p, file, doc }) => {
      const text = file === undefined ? undefined : files.get(file);
      let verdict: Verdict = file === undefined ? checkCertificateDoc(doc as Json) : text === undefined ? { verdict: 'rejected', code: 'MISSING_CERTIFICATE', path: child(p, 'file'), detail: `the file "${file}" is not in the bundle` } : (checked.get(text) ?? checkCertificateText(text));
      if (verdict.verdict === 'verified' && verdict.digest !== digest) {
        verdict = { verdict: 'rejected', code: 'DIGEST_MISMATCH', path: child(p, 'digest'), detail: `the certificate's content digest is ${verdict.digest}, the manifest says ${digest.slice(0, 80)}` };
      }
      return { digest, ...(file !== undefined ? { file } : {}), verdict };
    });
    // A certificate that is not what the manifest says (another file swapped in, a file missing)
    // makes the bundle itself corrupt.
    const corrupt = certificates.find((c) => c.verdict.verdict === 'rejected' && (c.verdict.code === 'MISSING_CERTIFICATE' || (c.verdict.code === 'DIGEST_MISMATCH' && c.verdict.path.startsWith('/certificates/'))));
    if (corrupt && corrupt.verdict.verdict === 'rejected') reject(corrupt.verdict.code, corrupt.verdict.path, `${corrupt.file ?? corrupt.digest.slice(0, 16)}: ${corrupt.verdict.detail}`);
    const verified = new Map<string, Claim>();
    for (const c of certificates) if (c.verdict.verdict === 'verified') verified.set(c.digest, c.verdict.claim);
    const claims = readArray(man['claims'], '/claims').map((e, i): ClaimVerdict => {
      const p = child('/claims', i);
      const o = readObject(e, p, ['id', 'role', 'statement', 'certificates']);
      const id = readString(o['id'], child(p, 'id'));
      const role = readString(o['role'], child(p, 'role'));
      if (!(ROLES as readonly string[]).includes(role)) reject('BAD_STATEMENT', child(p, 'role'), `unknown role "${role.slice(0, 40)}"; known: ${ROLES.join(', ')}`);
      const statement = readStatement(o['statement'], child(p, 'statement'));
      const mine = readArray(o['certificates'], child(p, 'certificates')).map((d, k) => {
        const digest = readString(d, child(child(p, 'certificates'), k));
        if (!certificates.some((c) => c.digest === digest)) reject('MISSING_CERTIFICATE', child(child(p, 'certificates'), k), `no certificate with digest ${digest.slice(0, 80)} in the bundle`);
        return digest;
      });
      const own = mine.flatMap((digest) => (verified.has(digest) ? [{ digest, claim: verified.get(digest) as Claim }] : []));
      return { id, role: role as ClaimVerdict['role'], text: statementText(statement), ...decide(statement, own) };
    });
    const clash = inconsistencies([...verified].map(([digest, claim]) => ({ digest, claim })));
    if (clash.length > 0) reject('INCONSISTENT', '/certificates', `verified certificates contradict each other (a kernel bug): ${clash[0]}`);
    if (!claims.some((c) => c.role === 'proof')) reject('BAD_STATEMENT', '/claims', 'a bundle needs at least one claim with role "proof"');
    return { certificates, claims };
  });
  if ('verdict' in head) return rejected(head, theorem, parameters);
  const proof = head.claims.filter((c) => c.role === 'proof');
  const verdict = proof.every((c) => c.outcome === 'established') ? 'PROVED' : proof.some((c) => c.outcome === 'refuted') ? 'REFUTED' : 'NOT_PROVED';
  return { verdict, theorem, parameters, claims: head.claims, certificates: head.certificates };
}
