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

/** Reads a certificate file, refusing missing, unreadable or oversized files with E_FILE. */
export function readCertificateFile(file: string): string {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new UsageError('E_FILE', `cannot read certificate file "${file}"`);
  }
  if (size > MAX_CERTIFICATE_BYTES) throw new UsageError('E_FILE', `certificate file "${file}" has ${size} bytes, limit ${MAX_CERTIFICATE_BYTES}`);
  try {
    return readFileSync(file, 'utf8');
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
  const v = verifyCertificateText(readCertificateFile(file));
  if (json) io.out(stableJson(verdictJson(v)) + '\n');
  else io.out(verdictLine(v) + '\n');
  return v.verdict === 'verified' ? EXIT.OK : EXIT.NOT_PROVED;
}

/** JSON form of a verdict. */
export function verdictJson(v: Verdict): object {
  if (v.verdict === 'rejected') return v;
  return { verdict: 'verified', claim: describeClaim(v.claim) };
}
