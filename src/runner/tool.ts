/**
 * The tool's name and version, as written into proof bundles (read from package.json once).
 *
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function version(): string {
  // dist/src/runner/tool.js or src/runner/tool.ts -> the package root.
  for (const up of [['..', '..', '..'], ['..', '..']]) {
    try {
      const pkg = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), ...up, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'check-theorem' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // try the next candidate
    }
  }
  return 'unknown';
}

/** Written into every bundle's manifest (informational: the kernel does not check it). */
export const TOOL: { readonly name: string; readonly version: string } = Object.freeze({ name: 'check-theorem', version: version() });
