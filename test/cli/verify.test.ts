import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './run.js';
import { minorCertificate } from '../../src/certify/minor.js';
import { rankExact } from '../../src/rank/index.js';

const dir = mkdtempSync(join(tmpdir(), 'ct-verify-'));
const A = { rows: 3, cols: 3, data: [1, 2, 3, 4, 5, 6, 2, 4, 6] };
const good = join(dir, 'good.json');
writeFileSync(good, JSON.stringify(minorCertificate(A, rankExact(A))));
const bad = join(dir, 'bad.json');
writeFileSync(bad, JSON.stringify({ ...minorCertificate(A, rankExact(A)), rowIndices: [0, 2] }));


describe('check-theorem verify', () => {
  it('prints VERIFIED and exits 0 for a valid certificate', async () => {
    const r = await run('verify', good);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^VERIFIED rank >= 2 /);
  });
  it('prints REJECTED with the code and exits 1 for a tampered one', async () => {
    const r = await run('verify', bad);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^REJECTED SINGULAR_MINOR at \/rowIndices/);
  });
  it('--json prints the verdict as JSON', async () => {
    const r = await run('verify', bad, '--json');
    expect(JSON.parse(r.out)).toMatchObject({ verdict: 'rejected', code: 'SINGULAR_MINOR' });
  });
  it('a missing file, a missing argument and an unknown option are usage errors (exit 2, one line)', async () => {
    for (const argv of [['verify', join(dir, 'nope.json')], ['verify'], ['verify', good, '--frobnicate'], []]) {
      const r = await run(...argv);
      expect(r.code).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(/^error\[E_[A-Z_]+\]: /);
    }
  });
  it('the installed bin runs (spawned), with the same exit codes', () => {
    const bin = join(process.cwd(), 'dist/src/cli/main.js');
    const ok = spawnSync(process.execPath, [bin, 'verify', good], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^VERIFIED/);
    const no = spawnSync(process.execPath, [bin, 'verify', bad], { encoding: 'utf8' });
    expect(no.status).toBe(1);
    expect(execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' }).trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
