/**
 * Hardened inputs: huge and deeply nested certificate files, and byte-identical JSON for the same
 * command and seed.
 */
import { closeSync, mkdtempSync, openSync, ftruncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './run.js';
import { MAX_TEXT_LENGTH as MAX_CERTIFICATE_BYTES } from '../../src/kernel/index.js';

const dir = mkdtempSync(join(tmpdir(), 'ct-hard-'));


describe('hostile certificate files', () => {
  it('a file above the size limit is refused without being read (sparse file, no memory used)', async () => {
    const file = join(dir, 'huge.json');
    const fd = openSync(file, 'w');
    ftruncateSync(fd, MAX_CERTIFICATE_BYTES + 1);
    closeSync(fd);
    const before = process.memoryUsage().rss;
    const r = await run('verify', file);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^REJECTED TOO_LARGE at \/: the file has \d+ bytes/);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });
  it('deeply nested JSON is refused before parsing', async () => {
    const file = join(dir, 'deep.json');
    writeFileSync(file, '{"a":'.repeat(200_000) + '1' + '}'.repeat(200_000));
    const r = await run('verify', file);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^REJECTED TOO_DEEP/);
  });
  it('a directory or an empty file is handled', async () => {
    expect((await run('verify', dir)).err).toMatch(/^error\[E_FILE\]/);
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, '');
    expect((await run('verify', empty)).out).toMatch(/^REJECTED MALFORMED_JSON/);
  });
});

describe('determinism: the same command and seed give the same bytes', () => {
  const commands: string[][] = [
    ['prove', 'theorem1', '--n', '3', '--r', '2', '--d', '6', '--seed', '7', '--json'],
    ['prove', 'theorem1', '--n', '2', '--r', '2', '--d', '12', '--engine', 'sketch', '--json'],
    ['prove', 'theorem2-ht-tt', '--n', '2', '--r', '2', '--d', '8', '--json'],
    ['rank', '--format', 'ht', '--n', '3', '--r', '2', '--d', '6', '--split', 'prefix:2', '--json'],
    ['table', '--n', '2', '--r', '2', '--d', '6', '--json'],
    ['list', '--json'],
  ];
  for (const argv of commands) {
    it(argv.slice(0, 2).join(' ') + ' ' + argv.slice(2).join(' '), async () => {
      const a = await run(...argv);
      const b = await run(...argv);
      expect(a.code).toBe(0);
      expect(a.out.length).toBeGreaterThan(10);
      expect(b.out).toBe(a.out);
    });
  }
  it('a different seed gives a different record (the seed is really used)', async () => {
    const a = await run('prove', 'theorem1', '--n', '3', '--r', '2', '--d', '6', '--seed', '7', '--json');
    const b = await run('prove', 'theorem1', '--n', '3', '--r', '2', '--d', '6', '--seed', '8', '--json');
    expect(b.out).not.toBe(a.out);
  });
});
