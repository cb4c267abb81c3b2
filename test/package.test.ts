/**
 * The package as a user installs it: its `exports` resolve, and its type declarations compile
 * against a consumer written with NodeNext resolution.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consumerDir } from './support/consumer.js';

const root = process.cwd();

describe('the published package', () => {
  it('the nets subpath resolves and compiles for a consumer with the DOM lib (TensorFlow.js types need it)', () => {
    const dir = consumerDir();
    writeFileSync(
      join(dir, 'main.ts'),
      `import { createNet, loadTf, type ModelConfig } from 'check-theorem/nets';
const config: ModelConfig = { kind: 'tt', d: 4, inputDim: 2, features: 3, rank: 2, classes: 2, activation: 'relu', initNoise: 0.1, seed: 1 };
export async function make(): Promise<number> { const { tf } = await loadTf(); return createNet(tf, config).nParams(); }`,
    );
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, types: [], skipLibCheck: true, lib: ['ES2022', 'DOM'] }, files: ['main.ts'] }),
    );
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    execFileSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
    writeFileSync(join(dir, 'run.mjs'), `import { toyDataset } from 'check-theorem/nets'; console.log(toyDataset('moons', 10, 0, 1).count);`);
    expect(execFileSync(process.execPath, ['run.mjs'], { cwd: dir, encoding: 'utf8' }).trim()).toBe('10');
  });

  it('resolves by name and runs the documented example', () => {
    const dir = consumerDir();
    writeFileSync(
      join(dir, 'main.mjs'),
      `import { rankExact, minorCertificate, verifyCertificate } from 'check-theorem';
const a = { rows: 2, cols: 3, data: [1, 2, 3, 2, 4, 7] };
const r = rankExact(a);
console.log(r.rank, verifyCertificate(minorCertificate(a, r)).verdict);`,
    );
    expect(execFileSync(process.execPath, ['main.mjs'], { cwd: dir, encoding: 'utf8' }).trim()).toBe('2 verified');
  });

  it('ships type declarations a NodeNext consumer compiles against', () => {
    const dir = consumerDir();
    writeFileSync(
      join(dir, 'main.ts'),
      `import { rank, verifyCertificate, type Verdict, type Matrix } from 'check-theorem';
const a: Matrix<number> = { rows: 1, cols: 1, data: [3] };
const r = rank(a, { engine: 'exact' });
const v: Verdict = verifyCertificate({});
export const out: [number, string] = [r.rank, v.verdict];`,
    );
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, types: [], skipLibCheck: false, lib: ['ES2022'] }, files: ['main.ts'] }),
    );
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    execFileSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
  });

  it('the packed manifest declares the native TensorFlow.js backends as optional peers, and postpack restores package.json byte for byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ct-pack-'));
    copyFileSync(join(root, 'package.json'), join(dir, 'package.json'));
    const before = readFileSync(join(dir, 'package.json'), 'utf8');
    const script = join(root, 'scripts', 'pack-manifest.mjs');
    execFileSync(process.execPath, [script, 'prepack'], { cwd: dir });
    const packed = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { optionalDependencies?: object; peerDependencies: Record<string, string>; peerDependenciesMeta: Record<string, { optional: boolean }> };
    expect(packed.optionalDependencies).toBeUndefined();
    for (const name of ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu']) {
      expect(packed.peerDependencies[name]).toBeDefined();
      expect(packed.peerDependenciesMeta[name]).toEqual({ optional: true });
    }
    execFileSync(process.execPath, [script, 'postpack'], { cwd: dir });
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toBe(before);
    expect(existsSync(join(dir, 'package.json.unpacked'))).toBe(false);
  });

  it('--version is the version of the package wherever it runs', () => {
    const dir = consumerDir();
    const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
    expect(execFileSync(process.execPath, [join(root, 'dist', 'src', 'cli', 'main.js'), '--version'], { cwd: dir, encoding: 'utf8' }).trim()).toBe(version);
  });
});
