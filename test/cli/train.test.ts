/**
 * `check-theorem train` end to end with tiny settings: every experiment writes its JSON record and
 * its plots as SVG and PNG into --out, and reports the backend.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { run } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'ct-train-'));


function pngOk(file: string): boolean {
  const b = readFileSync(file);
  return b.subarray(1, 4).toString('latin1') === 'PNG';
}

describe('check-theorem train', () => {
  it('expressivity writes expressivity.json and both plots (SVG + PNG)', async () => {
    const out = join(dir, 'expr');
    const r = await run('train', 'expressivity', '--orders', '4', '--widths', '1,2', '--tt-ranks', '1', '--train-size', '200', '--test-size', '50', '--epochs', '2', '--out', out);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^backend: /);
    expect(r.out).toMatch(/smallest matching CP width/);
    const rec = JSON.parse(readFileSync(join(out, 'expressivity.json'), 'utf8')) as { backend: string; settings: { seed: number }; results: { d: number; cp: unknown[] }[] };
    expect(rec.settings.seed).toBe(1);
    expect(rec.results[0]?.cp).toHaveLength(2);
    for (const base of ['expressivity-error-vs-cp-width', 'expressivity-matching-width-vs-d']) {
      expect(readFileSync(join(out, `${base}.svg`), 'utf8')).toMatch(/^<svg /);
      expect(pngOk(join(out, `${base}.png`))).toBe(true);
      expect(existsSync(join(out, `${base}.vl.json`)) && existsSync(join(out, `${base}.csv`))).toBe(true);
    }
    // The teacher's certified CP-rank and the bound are drawn next to the matching width.
    const svg = readFileSync(join(out, 'expressivity-matching-width-vs-d.svg'), 'utf8');
    expect(svg).toContain("teacher's CP-rank &gt;= (certified)");
    expect(svg).toMatch(/bound q\^\(d\/2\)/);
  });

  it('expressivity --seeds: one run per seed, the figures draw the median and the min-max band', async () => {
    const out = join(dir, 'expr-seeds');
    const r = await run('train', 'expressivity', '--orders', '4', '--widths', '1,2', '--tt-ranks', '1', '--train-size', '100', '--test-size', '40', '--epochs', '1', '--seeds', '3,4', '--out', out, '--quiet');
    expect(r.code, r.err).toBe(0);
    const rec = JSON.parse(readFileSync(join(out, 'expressivity.json'), 'utf8')) as { settings: { seeds: number[] }; seeds: { seed: number; results: unknown[] }[] };
    expect(rec.settings.seeds).toEqual([3, 4]);
    expect(rec.seeds.map((x) => x.seed)).toEqual([3, 4]);
    const csv = readFileSync(join(out, 'expressivity-error-vs-cp-width.csv'), 'utf8').trim().split('\n');
    const header = (csv[0] as string).split(',');
    const low = header.indexOf('low');
    const rows = csv.slice(1).map((l) => l.split(','));
    expect(rows.every((c) => c[low] !== '')).toBe(true);
    expect(readFileSync(join(out, 'expressivity-error-vs-cp-width.svg'), 'utf8')).toMatch(/median, min-max over 2 seeds/);
  });

  it('mnist writes mnist.json, plots, and the exact export of the TT model', async () => {
    const out = join(dir, 'mnist');
    const r = await run('train', 'mnist', '--models', 'tt,cp', '--ranks', '2', '--features', '4', '--train', '128', '--test', '64', '--epochs', '1', '--out', out, '--quiet');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/TT\s+2\s+\d+\s+0\.\d{4}/);
    // The old names still work for one version, with a warning naming the new one.
    expect(r.err).toMatch(/warning: --train is deprecated and will be removed; use --train-size/);
    expect(r.err).toMatch(/warning: --test is deprecated and will be removed; use --test-size/);
    const files = readdirSync(out);
    expect(files).toEqual(expect.arrayContaining(['mnist.json', 'mnist-accuracy-vs-rank.svg', 'mnist-accuracy-vs-rank.png', 'mnist-accuracy-vs-params.svg', 'mnist-accuracy-vs-params.png', 'mnist-tt-r2-class0.tensor.json']));
    const rec = JSON.parse(readFileSync(join(out, 'mnist.json'), 'utf8')) as { runs: { model: string; test: number }[]; exported: { file: string } };
    expect(rec.runs.map((x) => x.model)).toEqual(['tt', 'cp']);
    expect(existsSync(rec.exported.file)).toBe(true);
  });

  it('mnist --seeds: every model once per seed, the figures with the median and min-max band', async () => {
    const out = join(dir, 'mnist-seeds');
    const r = await run('train', 'mnist', '--models', 'tt', '--ranks', '1,2', '--features', '4', '--train-size', '64', '--test-size', '32', '--epochs', '1', '--seeds', '1,2', '--out', out, '--quiet');
    expect(r.code, r.err).toBe(0);
    const rec = JSON.parse(readFileSync(join(out, 'mnist.json'), 'utf8')) as { runs: { seed: number; rank: number }[] };
    expect(rec.runs.map((x) => [x.seed, x.rank])).toEqual([[1, 1], [1, 2], [2, 1], [2, 2]]);
    expect(readFileSync(join(out, 'mnist-accuracy-vs-rank.svg'), 'utf8')).toMatch(/median, min-max over 2 seeds/);
  });

  it('toy writes the decision-boundary pictures', async () => {
    const out = join(dir, 'toy');
    const r = await run('train', 'toy', '--datasets', 'circles', '--points', '200', '--epochs', '3', '--grid', '30', '--out', out, '--quiet');
    expect(r.code).toBe(0);
    expect(pngOk(join(out, 'toy-circles-boundary.png'))).toBe(true);
    // A real SVG: cells as rectangles, axes, a colour bar and a class legend (no embedded raster).
    const svg = readFileSync(join(out, 'toy-circles-boundary.svg'), 'utf8');
    expect(svg).not.toMatch(/data:image\/png;base64,/);
    for (const text of ['P(class 1)', 'class 0', 'class 1', 'x1', 'x2']) expect(svg).toContain(text);
  });

  /** A record with the measured timings left out and the output folder named X. */
  const withoutTimings = (file: string, out: string): string =>
    JSON.stringify(JSON.parse(readFileSync(file, 'utf8')), (k, v: unknown) => (k === 'stepsPerSecond' || k === 'seconds' ? undefined : v)).replaceAll(out, 'X');

  for (const [experiment, args] of [
    ['mnist', ['--models', 'tt,cp,ht', '--ranks', '1,2', '--features', '4', '--train-size', '96', '--test-size', '32', '--epochs', '2']],
    ['expressivity', ['--orders', '4,6', '--widths', '1,2', '--tt-ranks', '1', '--train-size', '120', '--test-size', '40', '--epochs', '2']],
    ['toy', ['--points', '60', '--epochs', '2', '--grid', '6']],
  ] as const) {
    it(`${experiment} --workers 2 writes what --workers 1 writes, byte for byte but for the measured timings`, async () => {
      const outs = [join(dir, `${experiment}-serial`), join(dir, `${experiment}-workers`)];
      const runs = [];
      for (const [i, out] of outs.entries()) runs.push(await run('train', experiment, ...args, '--workers', String(i + 1), '--out', out, '--quiet'));
      for (const r of runs) expect(r.code, r.err).toBe(0);
      expect(runs[1]?.out.replaceAll(outs[1] as string, 'X').replace(/ +\d+\n/g, '\n')).toBe(runs[0]?.out.replaceAll(outs[0] as string, 'X').replace(/ +\d+\n/g, '\n'));
      const files = readdirSync(outs[0] as string).sort();
      expect(readdirSync(outs[1] as string).sort()).toEqual(files);
      for (const f of files) {
        if (f.endsWith('.json') && !f.endsWith('.vl.json') && !f.endsWith('.tensor.json')) expect(withoutTimings(join(outs[1] as string, f), outs[1] as string), f).toBe(withoutTimings(join(outs[0] as string, f), outs[0] as string));
        // vega numbers an SVG's gradients by a counter of the process (these runs share one).
        else if (f.endsWith('.svg')) expect(readFileSync(join(outs[1] as string, f), 'utf8').replace(/gradient_\d+/g, 'gradient'), f).toBe(readFileSync(join(outs[0] as string, f), 'utf8').replace(/gradient_\d+/g, 'gradient'));
        else expect(readFileSync(join(outs[1] as string, f)).equals(readFileSync(join(outs[0] as string, f))), f).toBe(true);
      }
    });
  }

  it('bad settings are usage errors: an unknown option, a bad list, a missing data folder', async () => {
    expect((await run('train', 'toy', '--workers', '0')).err).toMatch(/^error\[E_BAD_PARAMETER\]: --workers must be auto or an integer from 1 to 64, got "0"/);
    expect((await run('train', 'toy', '--workers', 'two')).err).toMatch(/^error\[E_BAD_PARAMETER\]: --workers must be auto/);
    expect((await run('train', 'mnist', '--widths', '4')).err).toMatch(/^error\[E_USAGE\]: Unknown argument: widths/);
    expect((await run('train', 'expressivity', '--d', '3'))).toMatchObject({ code: 2 });
    expect((await run('train', 'mnist', '--ranks', 'a,b')).err).toMatch(/^error\[E_BAD_PARAMETER\]: --ranks must be/);
    expect((await run('train', 'cifar10', '--data', join(dir, 'nope'))).err).toMatch(/^error\[E_FILE\]: .*nope: not a folder/);
    expect((await run('train', 'cifar10', '--data', dir)).err).toMatch(/^error\[E_FILE\]: .*none of data_batch_1.bin/);
    let nodeInstalled = true;
    try {
      createRequire(import.meta.url).resolve('@tensorflow/tfjs-node');
    } catch {
      nodeInstalled = false;
    }
    // Where native TensorFlow could not install (as on this project's CI), asking for it is an error.
    if (!nodeInstalled) expect((await run('train', 'toy', '--backend', 'node')).err).toMatch(/^error\[E_USAGE\]: backend node is not available/);
  });
});
