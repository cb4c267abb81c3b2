/**
 * `experiment relu-ranks`: every sample's number is the exact rank (checked here by Bareiss on the
 * whole matricization, an independent algorithm), every bundle it writes is PROVED by `verify`,
 * and the record, CSV and figure say the same thing.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gridMatricization, gridTensor } from '../../src/formats/generalized.js';
import { rankExact } from '../../src/rank/index.js';
import { reluNetwork, perTerm } from '../../proofs/reluRnn.js';
import { paperBound } from '../../src/experiments/reluRanks.js';
import { run } from './run.js';

describe('experiment relu-ranks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ct-relu-'));
  it('certifies every sample, writes the record, CSV, figure and bundles, and verify proves each bundle', async () => {
    const r = await run('experiment', 'relu-ranks', '--m', '4', '--t', '4', '--ranks', '1,2,3', '--samples', '3', '--seed', '5', '--out', dir, '--quiet');
    expect(r.code, r.err).toBe(0);
    const rec = JSON.parse(readFileSync(join(dir, 'relu-ranks.json'), 'utf8')) as { samples: { rank: number; seed: number; gridRank: number; widthAtLeast: number; verdict: string; bundle: string }[]; settings: { perTermRank: number } };
    expect(rec.samples.length).toBe(9);
    expect(rec.settings.perTermRank).toBe(Number(perTerm(4, 4, 2)));
    for (const s of rec.samples) {
      const net = reluNetwork({ n: 4, r: s.rank, d: 4, seed: s.seed });
      const m = gridMatricization(net, gridTensor(net), [0, 2]);
      expect(s.gridRank, `ranks ${s.rank} seed ${s.seed}`).toBe(rankExact({ rows: m.rows, cols: m.cols, data: [...m.data] }).rank);
      expect(s.widthAtLeast).toBe(Math.ceil(s.gridRank / 9));
      expect(s.verdict).toBe('PROVED');
      const v = await run('verify', join(dir, s.bundle));
      expect(v.code).toBe(0);
      expect(v.out).toMatch(new RegExp(`^PROVED relu-rnn-width n=4 r=${s.rank} d=4: .* has width >= ${s.widthAtLeast}`));
    }
    const csv = readFileSync(join(dir, 'relu-ranks.csv'), 'utf8').trim().split('\n');
    expect(csv.length).toBe(10);
    expect(csv[1]).toBe(`1,5,${rec.samples[0]?.gridRank},${rec.samples[0]?.widthAtLeast},PROVED`);
    const svg = readFileSync(join(dir, 'relu-ranks-distribution.svg'), 'utf8');
    for (const k of [1, 2, 3]) expect(svg).toContain(`RNN ranks ${k}`);
    expect([...readFileSync(join(dir, 'relu-ranks-distribution.png')).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(readFileSync(join(dir, 'relu-ranks-distribution.csv'), 'utf8').split('\n')[0]).toBe('series,x,y,low,high,censored,dashed,color,order');
  });
  it('a bundle whose network was edited is rejected by verify', async () => {
    const b = join(dir, 'bundles', 'ranks2-seed5');
    const manifest = JSON.parse(readFileSync(join(b, 'manifest.json'), 'utf8')) as { certificates: { file: string }[] };
    const file = join(b, manifest.certificates[0]?.file as string);
    const text = readFileSync(file, 'utf8');
    const { writeFileSync } = await import('node:fs');
    const edited = text.replace(/("features": \[\s*\[\s*)(-?\d+)/, (_m, head: string, v: string) => `${head}${Number(v) + 1}`);
    expect(edited).not.toBe(text);
    writeFileSync(file, edited);
    const v = await run('verify', b);
    expect(v.code).not.toBe(0);
    expect(v.out).toMatch(/REJECTED/);
  });
  it("the paper's reference bound (2/(MT)) min(M,R)^(T/2), rounded down", () => {
    expect(paperBound(10, 6, 8)).toBe('17.06');
    expect(paperBound(10, 6, 1)).toBe('0.03');
    expect(paperBound(4, 4, 4)).toBe('2.00');
  });
});
