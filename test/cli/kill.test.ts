/**
 * Processes killed (SIGKILL) in the middle of their writes: every previously good file stays
 * intact, and nothing half-written is accepted by another command. The writes are made to pause,
 * through a test-only environment variable, between the temporary file and the rename, and the
 * process is killed there.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = join(process.cwd(), 'dist/src/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'ct-kill-'));

function cli(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Runs the CLI with paused writes, waits until `ready()` sees a write under way, kills it. */
async function killDuringWrite(args: string[], ready: () => boolean, timeoutMs = 60_000): Promise<void> {
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, CHECK_THEOREM_TEST_WRITE_PAUSE_MS: '30000' }, stdio: 'ignore' });
  const t0 = Date.now();
  try {
    while (!ready()) {
      if (Date.now() - t0 > timeoutMs) throw new Error(`no write began within ${timeoutMs} ms`);
      if (child.exitCode !== null) throw new Error(`the process ended (${child.exitCode}) before its write`);
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
  }
}

const tmpOf = (folder: string, name: string): boolean => readdirSync(folder).some((f) => f.startsWith(`.${name}.tmp-`));

describe('killed during a write', () => {
  it('prove --certificate F: the old F is intact and verifies', async () => {
    const f = join(dir, 'cert.json');
    expect(cli('prove', 'theorem1', '-n', '2', '-r', '2', '-d', '4', '--certificate', f, '--quiet').code).toBe(0);
    const before = readFileSync(f, 'utf8');
    await killDuringWrite(['prove', 'theorem1', '-n', '3', '-r', '2', '-d', '4', '--certificate', f, '--quiet'], () => tmpOf(dir, 'cert.json'));
    expect(readFileSync(f, 'utf8')).toBe(before);
    expect(cli('verify', f).code).toBe(0);
  });

  it('prove --out DIR over a bundle: the old bundle is intact and verifies; the half-written one is refused', async () => {
    const out = join(dir, 'bundle');
    expect(cli('prove', 'theorem1', '-n', '2', '-r', '2', '-d', '4', '--out', out, '--quiet').code).toBe(0);
    const before = readdirSync(out).map((f) => [f, readFileSync(join(out, f), 'utf8')]);
    const partial = (): string | undefined => readdirSync(dir).find((f) => f.startsWith('bundle.tmp-'));
    await killDuringWrite(['prove', 'theorem1', '-n', '3', '-r', '2', '-d', '4', '--out', out, '--quiet'], () => {
      const p = partial();
      return p !== undefined && readdirSync(join(dir, p)).length > 0;
    });
    expect(readdirSync(out).map((f) => [f, readFileSync(join(out, f), 'utf8')])).toEqual(before);
    expect(cli('verify', out).code).toBe(0);
    const p = partial() as string;
    const v = cli('verify', join(dir, p));
    expect(v.code).toBe(2);
    expect(v.err).toMatch(/no manifest.json: not a proof bundle, or one whose writing was interrupted/);
  });

  it('prove --out into a new folder: no manifest, and verify says the bundle is incomplete', async () => {
    const out = join(dir, 'fresh');
    await killDuringWrite(['prove', 'theorem1', '-n', '2', '-r', '2', '-d', '4', '--out', out, '--quiet'], () => existsSync(out) && readdirSync(out).length > 0);
    expect(existsSync(join(out, 'manifest.json'))).toBe(false);
    expect(cli('verify', out).err).toMatch(/no manifest.json/);
  });

  it('gate --update: the old baseline is intact and still read as a baseline', async () => {
    const b = join(dir, 'baseline.json');
    cpSync(join(process.cwd(), 'proofs', 'baseline.json'), b);
    const before = readFileSync(b, 'utf8');
    await killDuringWrite(['gate', '--update', '--baseline', b, '--quiet'], () => tmpOf(dir, 'baseline.json'), 120_000);
    expect(readFileSync(b, 'utf8')).toBe(before);
    expect(JSON.parse(before)).toMatchObject({ instances: expect.any(Array) });
  }, 180_000);

  it('train --out DIR: the previous record is intact', async () => {
    const out = join(dir, 'toy');
    const args = ['train', 'toy', '--datasets', 'moons', '--points', '40', '--epochs', '1', '--grid', '4', '--features', '3', '--rank', '2', '--out', out, '--quiet'];
    expect(cli(...args).code).toBe(0);
    const record = join(out, 'toy.json');
    const before = readFileSync(record, 'utf8');
    await killDuringWrite([...args, '--seed', '2'], () => readdirSync(out).some((f) => f.startsWith('.') && f.includes('.tmp-')), 120_000);
    expect(readFileSync(record, 'utf8')).toBe(before);
  }, 180_000);
});
