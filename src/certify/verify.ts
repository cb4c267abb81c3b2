/**
 * Conveniences for library users: hand a certificate object to the kernel the way `verify` does,
 * as JSON text (so the kernel reads exactly what a file would hold).
 *
 * @packageDocumentation
 */
import { checkCertificateText, type Verdict } from '../kernel/index.js';
import { stableJson } from '../report/json.js';

/** The kernel's verdict on a certificate object (written as JSON text first). */
export function verifyCertificate(doc: unknown): Verdict {
  return checkCertificateText(stableJson(doc));
}

/** The kernel's verdict on certificate text. */
export function verifyCertificateText(text: string): Verdict {
  return checkCertificateText(text);
}
