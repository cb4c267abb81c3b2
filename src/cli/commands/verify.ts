/**
 * `check-theorem verify FILE`: the kernel alone on a certificate file.
 *
 * @packageDocumentation
 */
import { readFileSync, statSync } from 'node:fs';
import { verifyCertificateText, type Verdict } from '../../kernel/check.js';
import { MAX_CERTIFICATE_BYTES } from '../../kernel/reader.js';
import { describeClaim } from '../../report/claims.js';
import { EXIT } from '../errors.js';
import { UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { stableJson } from '../../report/json.js';

/**
 * Reads a certificate file. Missing or unreadable files are usage errors (E_FILE); a file above
 * the kernel's size limit is not read at all and gets the kernel's TOO_LARGE verdict.
 */
export function readCertificateFile(file: string): { text: string } | { rejected: Verdict } {
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch {
    throw new UsageError('E_FILE', `cannot read certificate file "${file}"`);
  }
  if (size > MAX_CERTIFICATE_BYTES) {
    return { rejected: { verdict: 'rejected', code: 'TOO_LARGE', path: '', detail: `the file has ${size} bytes, above the kernel's limit of ${MAX_CERTIFICATE_BYTES}; it was not read` } };
  }
  try {
    return { text: readFileSync(file, 'utf8') };
  } catch {
    throw new UsageError('E_FILE', `cannot read certificate file "${file}"`);
  }
}

/** One greppable line for a verdict. */
export function verdictLine(v: Verdict): string {
  return v.verdict === 'verified' ? `VERIFIED ${describeClaim(v.claim)}` : `REJECTED ${v.code} at ${v.path || '/'}: ${v.detail}`;
}

/** Runs `verify`; returns the exit code. */
export function runVerify(file: string, json: boolean, io: CliIo): number {
  const read = readCertificateFile(file);
  const v = 'rejected' in read ? read.rejected : verifyCertificateText(read.text);
  if (json) io.out(stableJson(verdictJson(v)) + '\n');
  else io.out(verdictLine(v) + '\n');
  return v.verdict === 'verified' ? EXIT.OK : EXIT.NOT_PROVED;
}

/** JSON form of a verdict. */
export function verdictJson(v: Verdict): object {
  if (v.verdict === 'rejected') return v;
  return { verdict: 'verified', claim: describeClaim(v.claim) };
}
