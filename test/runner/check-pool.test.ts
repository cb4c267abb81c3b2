/**
 * Certificates checked in worker threads (src/runner/checkPool.ts) give the kernel's verdicts
 * exactly: the bundle verdict equals checkBundle's alone, for valid and tampered bundles, for any
 * number of threads; a worker that dies mid-check (its heap exhausted) loses nothing, the calling
 * thread checks its certificate; and the CLI's prove, verify, all and gate print the same with
 * --jobs 1 and --jobs 2.
 *
 * Worker threads run compiled JavaScript, so these tests use the build in dist/ (`npm test`
 * builds first); from the TypeScript sources the pool checks in the calling thread.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { theorem1 } from '../../proofs/index.js';
import { runTheorem } from '../../src/runner/theorem.js';
import { checkBundle, checkCertificateText, sealCertificate } from '../../src/kernel/index.js';
import { stableJson } from '../../src/report/json.js';

const root = process.cwd();
const compiled = join(root, 'dist', 'src', 'runner', 'checkPool.js');
const bin = join(root, 'dist', 'src', 'cli', 'main.js');
if (!existsSync(compiled)) throw new Error('build first (npm run build): the worker threads run dist/src/runner/checkWorker.js');
const pool = (await import(compiled)) as typeof import('../../src/runner/checkPool.js');

const bundle = runTheorem(theorem1, { n: 3, r: 2, d: 8, seed: 1 }, { engine: 'auto', jobs: 1 }).bundle;
const names = [...bundle.files.keys()];

/** The bundle with some files replaced (undefined: removed). */
function edited(changes: Record<string, string | undefined>): Map<string, string> {
  const files = new Map(bundle.files);
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) files.delete(k);
    else files.set(k, v);
  }
  return files;
}

describe('certificates checked in worker threads', () => {
  const first = names[0] as string;
  const second = names[1] as string;
  const doc = JSON.parse(bundle.files.get(first) as string) as Record<string, unknown>;
  const cases: [string, Map<string, string>][] = [
    ['the bundle as written', new Map(bundle.files)],
    ['two files swapped', edited({ [first]: bundle.files.get(second), [second]: bundle.files.get(first) })],
    ['a file missing', edited({ [second]: undefined })],
    ['a certificate whose claim was raised, resealed', edited({ [first]: stableJson(sealCertificate({ ...doc, claim: { rankAtLeast: 9 } })) })],
    ['a file that is not JSON', edited({ [first]: '{"certificate": ' })],
  ];
  for (const [name, files] of cases) {
    it(`${name}: the same verdict as checkBundle alone, on 1, 2 and 3 threads`, () => {
      expect(names.length).toBeGreaterThanOrEqual(3);
      const serial = checkBundle(bundle.manifest, files);
      for (const jobs of [1, 2, 3]) expect(pool.checkBundleParallel(bundle.manifest, files, jobs)).toEqual(serial);
    });
  }

  it('the verdicts of the texts, in order, whatever thread checked each', () => {
    const texts = [...bundle.files.values(), '[]', bundle.manifest];
    expect(pool.checkTexts(texts, 3)).toEqual(texts.map((t) => checkCertificateText(t)));
  });

  it('a worker that dies (heap exhausted) loses no verdict: the calling thread checks what it was checking', () => {
    // In a process of its own (a worker's death must not be confused with the test runner's): one
    // worker whose heap is too small for a certificate with a large (ignored) provenance, while
    // this thread checks a 900 x 900 sketch, long enough that the (warm) worker takes the other.
    const script = `
      const pool = await import(${JSON.stringify(compiled)});
      const { checkCertificateText } = await import(${JSON.stringify(join(root, 'dist/src/kernel/index.js'))});
      const f = await import(${JSON.stringify(join(root, 'dist/src/formats/index.js'))});
      const { buildSketch } = await import(${JSON.stringify(join(root, 'dist/src/sketch/index.js'))});
      const { oddEvenModes } = await import(${JSON.stringify(join(root, 'dist/src/tensor/shape.js'))});
      const doc = JSON.parse(process.argv[2]);
      const x = f.tt.random({ shape: new Array(12).fill(4), rank: 4, seed: 5, entryBound: 100 });
      const slow = JSON.stringify(buildSketch(x, oddEvenModes(12), 900, 7).certificate);
      const huge = JSON.stringify({ ...doc, provenance: { padding: Array.from({ length: 3000000 }, (_, i) => [i]) } });
      const small = pool.createCheckPool(1, { maxOldGenerationSizeMb: 24, maxYoungGenerationSizeMb: 4 });
      const warm = small.check([slow.slice(0, 10), '[]']);
      const before = small.dead();
      const verdicts = small.check([slow, huge]);
      const after = small.dead();
      const again = small.check([huge]);
      const same = JSON.stringify([warm, verdicts, again], (k, v) => (typeof v === 'bigint' ? String(v) : v)) === JSON.stringify([[slow.slice(0, 10), '[]'].map(checkCertificateText), [slow, huge].map(checkCertificateText), [huge].map(checkCertificateText)], (k, v) => (typeof v === 'bigint' ? String(v) : v));
      console.log(JSON.stringify({ before, after, verdicts: verdicts.map((v) => v.verdict), same }));
      await small.close();
    `;
    const file = join(mkdtempSync(join(tmpdir(), 'check-pool-')), 'death.mjs');
    writeFileSync(file, script);
    const r = spawnSync(process.execPath, [file, JSON.stringify(doc)], { encoding: 'utf8', maxBuffer: 1 << 26 });
    rmSync(dirname(file), { recursive: true, force: true });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ before: 0, after: 1, verdicts: ['verified', 'verified'], same: true });
  });
});

describe('the CLI with --jobs 1 and --jobs 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'check-pool-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const cli = (jobs: number, ...args: string[]): { status: number | null; stdout: string } => {
    const r = spawnSync(process.execPath, [bin, '--jobs', String(jobs), '--progress', 'none', ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
    return { status: r.status, stdout: r.stdout };
  };
  const same = (...args: string[]): void => {
    const one = cli(1, ...args);
    const two = cli(2, ...args);
    expect(one.status).toBe(two.status);
    expect(two.stdout).toBe(one.stdout);
    expect(one.stdout.length).toBeGreaterThan(100);
  };
  it('prove (and the bundles written), then verify', () => {
    same('prove', 'theorem1', '-n', '3', '-r', '2', '-d', '8', '--json', '--out', join(dir, 'b'));
    same('verify', join(dir, 'b'), '--json');
    same('verify', join(dir, 'b'));
  });
  it('all and gate (a part of each)', () => {
    same('all', '--shard', '1/20', '--json');
    same('gate', '--shard', '1/20', '--json');
  });
});
