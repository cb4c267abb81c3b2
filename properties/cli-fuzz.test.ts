/**
 * Hostile argument vectors for every command never end in a stack trace: each gets a result or a
 * one-line error with a stable code and exit 2, never exit 3 (an internal error), and a run that
 * rejects its arguments does so before any work (nothing on stdout, no progress line: only the
 * error). Values include huge and fractional numbers, repeated and unknown flags, flags without
 * values, long strings, directories, devices, FIFOs and missing files.
 */
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/app.js';
import { memoryIo } from '../src/cli/io.js';
import { minorCertificate } from '../src/certify/minor.js';
import { rankExact } from '../src/rank/index.js';
import { runs } from './runs.js';

const dir = mkdtempSync(join(tmpdir(), 'ct-fuzz-'));
const good = join(dir, 'good.json');
const A = { rows: 2, cols: 2, data: [1, 2, 3, 4] };
writeFileSync(good, JSON.stringify(minorCertificate(A, rankExact(A))));
const garbage = join(dir, 'garbage.json');
writeFileSync(garbage, '{"certificate": [1, 2');
const fifo = join(dir, 'fifo');
spawnSync('mkfifo', [fifo]);
const baselineNull = join(dir, 'null-baseline.json');
writeFileSync(baselineNull, 'null');
const baselineNoParams = join(dir, 'noparams-baseline.json');
writeFileSync(baselineNoParams, JSON.stringify({ engine: 'auto', instances: [{ theorem: 'theorem1', verdict: 'PROVED', bound: '4', claims: [] }] }));

// Heavy runs are kept out: `all` always gets a tiny --timeout (refused up front when valid),
// `gate` always a hostile --baseline, `train` always one invalid option (its own tests train).
const commands = ['list', 'prove', 'verify', 'rank', 'table', 'all', 'gate', 'train', 'bogus', '--help', '--version', ''];
const theorems = ['theorem1', 'lemma1', 'cohen2016', 'shared-cores', 'theorem2-tt-ht', 'theorem2-ht-tt', 'cp-tt', 'cp-ht', 'generic-rank', 'cp_rank_ge_of_generic_tt', 'nope'];
const options = ['--n', '--r', '--d', '--seed', '--seed=1.5', '--engine', '--split', '--format', '--json', '--quiet', '--explain', '--max-entries', '--max-memory', '--timeout', '--certificate', '--out', '--bundle', '--tensor', '--k', '--baseline', '--bogus', '-x', '--', '--help', '--grid', '--datasets', '--models', '--tt-ranks', '--widths', '--ranks', '--epochs', '--batch', '--train', '--test', '--data', '--rounding'];
const values = ['0', '1', '2', '3', '4', '-1', '2.5', 'abc', '', '1e400', '1e6', 'NaN', 'Infinity', '99999999999', '9007199254740993', 'odd-even', 'prefix:1', 'prefix:0', 'modes:0,2', 'modes:', 'tt', 'ht', 'cp', 'tt-shared', 'modp', 'sketch', 'float', 'exact', 'auto', 'x'.repeat(5000), '/nonexistent/file.json', good, garbage, dir, '/dev/null', '/dev/zero', '/dev/urandom', fifo, baselineNull, baselineNoParams, '1GiB', '1KiB', join(dir, 'out.json'), join(dir, 'nodir', 'x.json'), 'moons', 'tt,cp', '1,,2', 'bits:99', 'theorem1', 'expressivity', 'toy', 'mnist'];

const token = fc.oneof(fc.constantFrom(...commands), fc.constantFrom(...theorems), fc.constantFrom(...options), fc.constantFrom(...values), fc.string({ maxLength: 6 }));
// Mostly well-shaped vectors (command, theorem, option/value pairs), some pure noise.
const shaped = fc
  .tuple(fc.constantFrom(...commands), fc.constantFrom(...theorems), fc.array(fc.tuple(fc.constantFrom(...options), fc.constantFrom(...values)), { maxLength: 6 }))
  .map(([c, t, pairs]) => [c, t, ...pairs.flat()]);
const hostileArb = fc.oneof(shaped, fc.array(token, { maxLength: 8 }));
/** Keeps heavy commands from doing real work (see above); everything else is as drawn. */
const tame = (argv: string[]): string[] => {
  if (argv[0] === 'all') return [...argv, '--timeout', '0.0001'];
  if (argv[0] === 'gate') return [...argv, '--baseline', baselineNull];
  if (argv[0] === 'train') return [...argv, '--grid', '0'];
  if (argv.includes('all') || argv.includes('gate') || argv.includes('train')) return ['bogus', ...argv];
  return argv;
};
const argvArb = hostileArb.map(tame);

describe('CLI under arbitrary argument vectors', () => {
  it('every argv ends in a result or a one-line coded error, never a stack trace', async () => {
    await fc.assert(
      fc.asyncProperty(argvArb, async (argv) => {
        const io = memoryIo();
        const code = await runCli(argv, io);
        const err = io.stderr.join('');
        expect([0, 1, 2, 4, 5], `exit ${code} for ${JSON.stringify(argv)}: ${err}`).toContain(code);
        expect(err).not.toMatch(/\n\s+at /);
        expect(err).not.toMatch(/E_INTERNAL/);
        if (code === 2) {
          // Rejected before any work: only the one coded line, nothing on stdout, no progress.
          const lines = err.trim().split('\n');
          expect(lines, `for ${JSON.stringify(argv)}`).toHaveLength(1);
          expect(lines[0]).toMatch(/^error\[E_[A-Z_]+\]: \S/);
          expect(io.stdout.join(''), `stdout for ${JSON.stringify(argv)}`).toBe('');
        }
      }),
      { numRuns: runs(400) },
    );
  });
});
