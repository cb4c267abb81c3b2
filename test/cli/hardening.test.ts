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

describe('every class of hostile invocation: one coded line, exit 2, before any work', () => {
  const nullBaseline = join(dir, 'null.json');
  writeFileSync(nullBaseline, 'null');
  const noParams = join(dir, 'noparams.json');
  writeFileSync(noParams, JSON.stringify({ engine: 'auto', instances: [{ theorem: 'theorem1', verdict: 'PROVED', bound: '4', claims: [] }] }));
  const cases: [string, string[], string, RegExp][] = [
    ['a baseline holding null', ['gate', '--baseline', nullBaseline], 'E_FILE', /is not a baseline file: expected an object/],
    ['a baseline instance without parameters', ['gate', '--baseline', noParams], 'E_FILE', /instance 0 has no parameters/],
    ['an endless device as a baseline (refused without reading)', ['gate', '--baseline', '/dev/urandom'], 'E_FILE', /is a device, not a regular file/],
    ['a device as a certificate', ['verify', '/dev/zero'], 'E_FILE', /is a device, not a regular file/],
    ['a directory as a baseline', ['gate', '--baseline', dir], 'E_FILE', /is a directory/],
    ['a repeated --datasets', ['train', 'toy', '--datasets', 'moons', '--datasets', 'circles'], 'E_REPEATED', /--datasets was given 2 times/],
    ['a repeated --models', ['train', 'mnist', '--models', 'tt', '--models', 'cp'], 'E_REPEATED', /--models was given 2 times/],
    ['a repeated --tt-ranks', ['train', 'expressivity', '--tt-ranks', '1', '--tt-ranks', '2'], 'E_REPEATED', /--tt-ranks was given 2 times/],
    ['a grid far too large', ['train', 'toy', '--grid', '1e6'], 'E_BAD_PARAMETER', /--grid must be between 2 and 1024, got 1000000/],
    ['a fractional seed', ['train', 'mnist', '--seed=1.5'], 'E_BAD_PARAMETER', /--seed must be an integer, got 1.5/],
    ['a fractional size', ['prove', 'theorem1', '--n', '2', '--r', '2.5', '--d', '4'], 'E_BAD_PARAMETER', /--r must be an integer/],
    ['a flag without its value', ['table', '--n', '2', '--r', '2', '--d'], 'E_USAGE', /--d needs a value/],
    ['an output path in a folder that does not exist', ['rank', '--format', 'tt', '--n', '2', '--r', '2', '--d', '4', '--certificate', join(dir, 'no', 'x.json')], 'E_FILE', /does not exist/],
    ['a timeout the whole grid passes', ['all', '--timeout', '0.001'], 'E_BUDGET', /above --timeout 0.001 s/],
    ['a table a timeout refuses up front', ['table', '--n', '3', '--r', '2', '--d', '16', '--timeout', '0.01'], 'E_BUDGET', /above --timeout 0.01 s/],
    ['training data that would not fit', ['train', 'expressivity', '--train-size', '200000', '--test-size', '100000', '--input-dim', '1024', '--orders', '20'], 'E_BUDGET', /GiB, estimate/],
  ];
  for (const [name, argv, code, detail] of cases) {
    it(`${name}: ${code}`, async () => {
      const r = await run(...argv);
      expect(r.code, r.err).toBe(2);
      expect(r.out).toBe('');
      const lines = r.err.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^error\\[${code}\\]: `));
      expect(lines[0]).toMatch(detail);
    });
  }
});
