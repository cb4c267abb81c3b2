/**
 * Arbitrary argument vectors never end in a stack trace: each gets a result (exit 0 or 1) or a
 * one-line error with a stable code and exit 2. Never exit 3 (an internal error).
 */
import fc from 'fast-check';
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

// Heavy commands (all, gate) are exercised by their own tests; sizes stay tiny here on purpose.
const commands = ['list', 'prove', 'verify', 'rank', 'table', 'bogus', '--help', '--version', ''];
const theorems = ['theorem1', 'lemma1', 'cohen2016', 'shared-cores', 'theorem2-tt-ht', 'theorem2-ht-tt', 'cp-tt', 'cp-ht', 'generic-rank', 'cp_rank_ge_of_generic_tt', 'nope'];
const options = ['--n', '--r', '--d', '--seed', '--engine', '--split', '--format', '--json', '--quiet', '--explain', '--max-entries', '--max-memory', '--timeout', '--certificate', '--bogus', '-x', '--', '--help'];
const values = ['0', '1', '2', '3', '4', '-1', '2.5', 'abc', '', '1e400', 'NaN', '99999999999', 'odd-even', 'prefix:1', 'prefix:0', 'modes:0,2', 'modes:', 'tt', 'ht', 'cp', 'tt-shared', 'modp', 'sketch', 'float', 'exact', 'auto', '/nonexistent/file.json', good, garbage, '1GiB', '1KiB', join(dir, 'out.json')];

const token = fc.oneof(fc.constantFrom(...commands), fc.constantFrom(...theorems), fc.constantFrom(...options), fc.constantFrom(...values), fc.string({ maxLength: 6 }));
// Mostly well-shaped vectors (command, theorem, option/value pairs), some pure noise.
const shaped = fc
  .tuple(fc.constantFrom(...commands), fc.constantFrom(...theorems), fc.array(fc.tuple(fc.constantFrom(...options), fc.constantFrom(...values)), { maxLength: 6 }))
  .map(([c, t, pairs]) => [c, t, ...pairs.flat()]);
const argvArb = fc.oneof(shaped, fc.array(token, { maxLength: 8 }));

describe('CLI under arbitrary argument vectors', () => {
  it('every argv ends in a result or a one-line coded error, never a stack trace', async () => {
    await fc.assert(
      fc.asyncProperty(argvArb, async (argv) => {
        const io = memoryIo();
        const code = await runCli(argv, io);
        const err = io.stderr.join('');
        expect([0, 1, 2], `exit ${code} for ${JSON.stringify(argv)}: ${err}`).toContain(code);
        expect(err).not.toMatch(/\n\s+at /);
        if (code === 2) {
          const lines = err.trim().split('\n');
          expect(lines, `for ${JSON.stringify(argv)}`).toHaveLength(1);
          expect(lines[0]).toMatch(/^error\[E_[A-Z_]+\]: \S/);
        }
      }),
      { numRuns: runs(250) },
    );
  });
});
