/**
 * The content digest every certificate carries: a 64-bit checksum of its canonical JSON (keys
 * sorted, no whitespace) without the `digest` and `provenance` fields.
 *
 * It is integrity, not security: anyone can recompute it, and soundness never depends on it.
 * What it gives is that a certificate edited after it was written is rejected (DIGEST_MISMATCH)
 * even where the edit happens to leave another valid proof (a matrix entry outside the minor,
 * another prime, other sketch vectors). The kernel checks it last, so every edit that breaks the
 * proof is reported with its own code first.
 *
 * @packageDocumentation
 */

/** The digest's algorithm name (part of the certificate format). */
export const DIGEST_ALGORITHM = 'fnv1a32x2-canonical-json-v1';

/** JSON with object keys sorted at every level and no whitespace. */
export function canonicalJson(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonicalJson).join(',')}]`;
  if (x !== null && typeof x === 'object') {
    const keys = Object.keys(x).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((x as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(x);
}

/**
 * Two independent 32-bit FNV-1a lanes over the UTF-16 code units (different offset bases; the
 * second also mixes the position), printed as 16 hex digits.
 */
export function contentDigest(doc: Readonly<Record<string, unknown>>): string {
  const rest: Record<string, unknown> = {};
  for (const k of Object.keys(doc)) if (k !== 'digest' && k !== 'provenance') rest[k] = doc[k];
  const s = canonicalJson(rest);
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ (c + i), 0x01000193);
  }
  const hex = (h: number): string => (h >>> 0).toString(16).padStart(8, '0');
  return hex(h1) + hex(h2);
}

/** A copy of a certificate with its digest (re)computed and placed last. */
export function sealCertificate<T extends object>(cert: T): T & { digest: string } {
  const { digest: _old, ...rest } = cert as T & { digest?: string };
  void _old;
  return { ...(rest as T), digest: contentDigest(rest as Record<string, unknown>) };
}
