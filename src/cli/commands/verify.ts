/**
 * `check-theorem verify PATH...`: the kernel alone, on certificates and proof bundles.
 *
 * Each path is a certificate file, a bundle (a folder with manifest.json, or one JSON file with
 * the manifest and its certificates), or `-` for standard input. Files are checked to be regular
 * files under the kernel's size limit before they are read.
 *
 * @packageDocumentation
 */
import { readSync, readdirSync, statSync } from 'node:fs';
import { readBoundedText, regularFileSize } from '../../io/files.js';
import { join } from 'node:path';
import { checkBundle, checkCertificateText, guarded, MAX_TEXT_LENGTH, parseJson, type BundleVerdict, type Verdict } from '../../kernel/index.js';
import { describeClaim } from '../../report/claims.js';
import { jsonDocument } from '../../report/json.js';
import { EXIT, UsageError } from '../errors.js';
import { STDIN_PATH, type CliIo } from '../io.js';
import { createProgress } from '../../report/progress.js';
import { checkBundleParallel } from '../../runner/checkPool.js';

/** Reads a file the kernel may check: a regular file within the kernel's size limit (else a usage error). */
export function readCheckedFile(file: string, what: string): string {
  return readBoundedText(file, what, MAX_TEXT_LENGTH);
}

/** Standard input, refused beyond the kernel's size limit. */
function readStdin(): string {
  const chunks: Buffer[] = [];
  const buf = Buffer.alloc(1 << 20);
  let size = 0;
  for (;;) {
    let n: number;
    try {
      n = readSync(0, buf);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue;
      if (code === 'EOF') break;
      throw new UsageError('E_FILE', 'cannot read standard input');
    }
    if (n === 0) break;
    size += n;
    if (size > MAX_TEXT_LENGTH) throw new UsageError('E_FILE', `standard input is above the kernel's limit of ${MAX_TEXT_LENGTH} bytes`);
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return Buffer.concat(chunks).toString('utf8');
}


/** One item checked: a certificate's verdict or a bundle's. */
export type Checked = { readonly path: string; readonly certificate: Verdict } | { readonly path: string; readonly bundle: BundleVerdict };

/** The manifest's certificate file names (plain names inside the folder only). */
function bundleFiles(dir: string, manifest: string): Map<string, string> {
  const files = new Map<string, string>();
  const m = guarded(() => parseJson(manifest));
  const entries = m !== null && typeof m === 'object' && !Array.isArray(m) && Array.isArray((m as { certificates?: unknown }).certificates) ? ((m as { certificates: unknown[] }).certificates as unknown[]) : [];
  const present = new Set(readdirSync(dir));
  for (const e of entries) {
    const file = e !== null && typeof e === 'object' ? (e as { file?: unknown }).file : undefined;
    // Only plain names of files in the folder; anything else the kernel reports as missing.
    if (typeof file !== 'string' || file.includes('/') || file.includes('\\') || file === '..' || file === '.' || !present.has(file) || files.has(file)) continue;
    files.set(file, readCheckedFile(join(dir, file), 'certificate file'));
  }
  return files;
}

/** Checks one path (certificate, bundle file, bundle folder or "-"). */
export function checkPath(path0: string): Checked {
  const path = path0 === STDIN_PATH ? '-' : path0;
  if (path !== '-') {
    let dir = false;
    try {
      dir = statSync(path).isDirectory();
    } catch {
      throw new UsageError('E_FILE', `cannot read "${path}"`);
    }
    if (dir) {
      const manifestPath = join(path, 'manifest.json');
      let exists = false;
      try {
        exists = statSync(manifestPath).isFile();
      } catch {
        exists = false;
      }
      if (!exists) throw new UsageError('E_FILE', `"${path}" has no manifest.json: not a proof bundle, or one whose writing was interrupted (the manifest is written last)`);
      const manifest = readCheckedFile(manifestPath, 'bundle manifest');
      return { path, bundle: checkBundleParallel(manifest, bundleFiles(path, manifest)) };
    }
  }
  if (path !== '-') {
    // Not read at all: the kernel's verdict on a text above its limit.
    const size = regularFileSize(path, 'the certificate file');
    if (size > MAX_TEXT_LENGTH) return { path, certificate: { verdict: 'rejected', code: 'TOO_LARGE', path: '', detail: `the file has ${size} bytes, above the kernel's limit of ${MAX_TEXT_LENGTH}; it was not read` } };
  }
  const text = path === '-' ? readStdin() : readCheckedFile(path, 'certificate file');
  // A document with a "bundle" field is a single-file bundle; anything else is a certificate.
  if (/^\s*\{[\s\S]*"bundle"\s*:/.test(text.slice(0, 4096)) && !/^\s*\{\s*"certificate"\s*:/.test(text)) return { path, bundle: checkBundle(text) };
  return { path, certificate: checkCertificateText(text) };
}

/** "theorem1 n=3 r=3 d=8" from a bundle verdict (the seed is left out: it is not part of the statement). */
function bundleName(b: BundleVerdict): string {
  const p = b.parameters !== null && typeof b.parameters === 'object' && !Array.isArray(b.parameters) ? Object.entries(b.parameters as Record<string, unknown>).filter(([k]) => k !== 'seed') : [];
  return [b.theorem || '(no theorem)', ...p.map(([k, v]) => `${k}=${typeof v === 'string' || typeof v === 'number' ? v : JSON.stringify(v)}`)].join(' ');
}

/** The lines `verify` prints for one item: a headline, and for bundles one line per claim. */
export function checkedLines(c: Checked): string[] {
  if ('certificate' in c) {
    const v = c.certificate;
    return [v.verdict === 'verified' ? `VERIFIED ${describeClaim(v.claim)}` : `REJECTED ${v.code} at ${v.path || '/'}: ${v.detail}`];
  }
  const b = c.bundle;
  if (b.verdict === 'REJECTED') return [`REJECTED ${bundleName(b)}: ${b.rejection?.code} at ${b.rejection?.path || '/'}: ${b.rejection?.detail}`];
  const proof = [...new Set(b.claims.filter((x) => x.role === 'proof').map((x) => x.text))];
  const lines = [`${b.verdict.replace('_', ' ')} ${bundleName(b)}: ${proof.join('; and ')}`];
  // Claims outside the headline (sharpness, measures) also say what they state.
  for (const x of b.claims) lines.push(`  ${x.role} ${x.id}: ${x.outcome.toUpperCase()}${x.outcome === 'established' ? '' : ` (${x.detail})`}${x.role === 'proof' ? '' : `: ${x.text}`}`);
  for (const cert of b.certificates) if (cert.verdict.verdict === 'rejected') lines.push(`  certificate ${cert.file ?? cert.digest.slice(0, 16)}: REJECTED ${cert.verdict.code} at ${cert.verdict.path || '/'}: ${cert.verdict.detail}`);
  return lines;
}

/** Exit code of one item. */
export function checkedExit(c: Checked): number {
  if ('certificate' in c) return c.certificate.verdict === 'verified' ? EXIT.OK : EXIT.NOT_PROVED;
  return c.bundle.verdict === 'PROVED' ? EXIT.OK : c.bundle.verdict === 'NOT_PROVED' ? EXIT.INCONCLUSIVE : EXIT.NOT_PROVED;
}

/** JSON form of one item. */
export function checkedJson(c: Checked): object {
  if ('certificate' in c) {
    const v = c.certificate;
    return { file: c.path, kind: 'certificate', ...(v.verdict === 'verified' ? { verdict: 'verified', digest: v.digest, claim: describeClaim(v.claim) } : v) };
  }
  const b = c.bundle;
  return {
    file: c.path,
    kind: 'bundle',
    verdict: b.verdict,
    theorem: b.theorem,
    parameters: b.parameters,
    claims: b.claims,
    certificates: b.certificates.map((x) => ({ digest: x.digest, ...(x.file ? { file: x.file } : {}), verdict: x.verdict.verdict, ...(x.verdict.verdict === 'rejected' ? { code: x.verdict.code, path: x.verdict.path, detail: x.verdict.detail } : {}) })),
    ...(b.rejection ? { rejection: b.rejection } : {}),
  };
}

/** Runs `verify`; returns the exit code (0 all proved/verified, 1 any rejected/refuted, 4 any not proved). */
export function runVerify(paths: readonly string[], json: boolean, io: CliIo, quiet = false): number {
  if (paths.length === 0) throw new UsageError('E_USAGE', 'name at least one certificate, bundle or - (standard input)');
  // Paths that cannot be read are refused before any work (and before any progress line).
  for (const p of paths) {
    if (p === STDIN_PATH) continue;
    try {
      statSync(p);
    } catch {
      throw new UsageError('E_FILE', `cannot read "${p}"`);
    }
  }
  // One step per item (a line each off a terminal), so that long runs show where they are.
  const progress = createProgress(io, quiet || json || paths.length < 2);
  const items = paths.map((p, i) => {
    progress.step(i, paths.length, `verify ${p === STDIN_PATH ? '-' : p}`);
    return checkPath(p);
  });
  progress.done();
  if (json) io.out(jsonDocument('verify', { items: items.map(checkedJson) }));
  else for (const c of items) io.out(checkedLines(c).map((l) => `${l}\n`).join(''));
  const codes = items.map(checkedExit);
  return codes.includes(EXIT.NOT_PROVED) ? EXIT.NOT_PROVED : codes.includes(EXIT.INCONCLUSIVE) ? EXIT.INCONCLUSIVE : EXIT.OK;
}
