/**
 * A consumer folder for tests: `check-theorem` resolves to this repository (its built dist/)
 * through a node_modules symlink, as an installed package would.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh ESM consumer folder with check-theorem linked in. */
export function consumerDir(prefix = 'ct-consumer-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(process.cwd(), join(dir, 'node_modules', 'check-theorem'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module', private: true }));
  return dir;
}
