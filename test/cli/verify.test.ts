import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
    expect(JSON.parse(r.out)).toMatchObject({ schema: 'check-theorem/verify', schemaVersion: 1, items: [{ verdict: 'rejected', code: 'SINGULAR_MINOR' }] });
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

describe('check-theorem verify on proof bundles', () => {
  const a = join(dir, 'theorem1-bundle');
  const b = join(dir, 'cohen-bundle');
  const single = join(dir, 'theorem1.bundle.json');

  it('prove --out DIR then verify DIR: one PROVED line naming the theorem and parameters', async () => {
    const p = await run('prove', 'theorem1', '--n', '3', '--r', '3', '--d', '8', '--out', a, '--bundle', single, '--quiet');
    expect(p.code).toBe(0);
    const v = await run('verify', a);
    expect(v.code).toBe(0);
    const lines = v.out.trim().split('\n');
    expect(lines.filter((l) => /^PROVED/.test(l))).toHaveLength(1);
    expect(lines[0]).toBe('PROVED theorem1 n=3 r=3 d=8: almost every TT network of shape 3^8 and ranks (1,3,3,3,3,3,3,3,1) has CP-rank >= 81');
    // The single-file form says the same, and so does standard input.
    expect((await run('verify', single)).out).toBe(v.out);
    const bin = join(process.cwd(), 'dist/src/cli/main.js');
    const stdin = spawnSync(process.execPath, [bin, 'verify', '-', '--width', '0'], { input: readFileSync(single), encoding: 'utf8' });
    expect(stdin.status).toBe(0);
    expect(stdin.stdout).toBe(v.out);
  });

  it("a certificate swapped in from another statement's bundle makes it fail, with or without the manifest edited to match", async () => {
    expect((await run('prove', 'cohen2016', '--n', '3', '--r', '3', '--d', '8', '--out', b, '--quiet')).code).toBe(0);
    const swapped = join(dir, 'swapped');
    cpSync(a, swapped, { recursive: true });
    copyFileSync(join(b, 'random-0.json'), join(swapped, 'random-0.json'));
    const v = await run('verify', swapped);
    expect(v.code).toBe(1);
    expect(v.out).toMatch(/^REJECTED theorem1 n=3 r=3 d=8: DIGEST_MISMATCH at \/certificates\/\d+\/digest: random-0.json/);
    // An adversary who also puts the new certificate's digest into the manifest: the kernel sees
    // a valid certificate about an HT network, not about the TT networks the statement is about.
    const manifest = readFileSync(join(swapped, 'manifest.json'), 'utf8');
    const oldDigest = (JSON.parse(manifest) as { certificates: { file: string; digest: string }[] }).certificates.find((c) => c.file === 'random-0.json')?.digest as string;
    const newDigest = (JSON.parse(readFileSync(join(b, 'random-0.json'), 'utf8')) as { digest: string }).digest;
    writeFileSync(join(swapped, 'manifest.json'), manifest.split(oldDigest).join(newDigest));
    const w = await run('verify', swapped);
    expect(w.code).toBe(4);
    expect(w.out).toMatch(/^NOT PROVED theorem1 n=3 r=3 d=8/);
    expect(w.out).toMatch(/proof random: NOT ESTABLISHED \(no certificate about this subject\)/);
  });

  it('several paths at once, certificates and bundles mixed; the exit code is the worst', async () => {
    const r = await run('verify', good, a, bad);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^VERIFIED[\s\S]*\nPROVED theorem1[\s\S]*\nREJECTED SINGULAR_MINOR/);
    const j = (JSON.parse((await run('verify', good, a, '--json')).out) as { items: { kind: string; verdict: string }[] }).items;
    expect(j.map((x) => [x.kind, x.verdict])).toEqual([
      ['certificate', 'verified'],
      ['bundle', 'PROVED'],
    ]);
  });

  it('a folder without manifest.json (an interrupted --out) is a usage error that says so', async () => {
    const half = join(dir, 'half');
    cpSync(a, half, { recursive: true });
    rmSync(join(half, 'manifest.json'));
    const r = await run('verify', half);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error\[E_FILE\]: .* has no manifest.json: not a proof bundle, or one whose writing was interrupted/);
  });
});
