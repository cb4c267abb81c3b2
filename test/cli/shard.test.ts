/**
 * Shards: `all` and `gate` split their instances deterministically, `merge` puts the parts back
 * into the output the whole run prints, and refuses parts that do not fit together.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runAll } from '../../src/cli/commands/all.js';
import { memoryIo } from '../../src/cli/io.js';
import { lemma1, theorem1, theorem1AllOrders } from '../../proofs/index.js';
import { inShard, parseShard, shardIndices, shardProblem } from '../../src/runner/shard.js';
import { run } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'ct-shard-'));

describe('shard assignment', () => {
  it('the n shards are disjoint, cover every item and differ in size by at most one (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 40 }), (total, count) => {
        const parts = Array.from({ length: count }, (_, k) => shardIndices(total, { index: k + 1, count }));
        const all = parts.flat().sort((a, b) => a - b);
        expect(all).toEqual(Array.from({ length: total }, (_, j) => j));
        const sizes = parts.map((p) => p.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        expect(shardProblem(parts.map((items, k) => ({ index: k + 1, count, of: total, items })))).toBeUndefined();
      }),
    );
  });
  it('parse and refuse', () => {
    expect(parseShard('2/5')).toEqual({ index: 2, count: 5 });
    for (const bad of ['0/3', '4/3', '1/0', 'a/b', '1/3/4', '']) expect(() => parseShard(bad)).toThrow(/--shard must be i\/n/);
    expect(inShard(4, { index: 2, count: 3 })).toBe(true);
  });
  it('merge refuses a missing shard, a repeated shard, different shardings and stray items', () => {
    const rec = (index: number, count: number, of: number) => ({ index, count, of, items: shardIndices(of, { index, count }) });
    expect(shardProblem([rec(1, 3, 10), rec(3, 3, 10)])).toMatch(/missing shard\(s\) 2\/3/);
    expect(shardProblem([rec(1, 2, 10), rec(1, 2, 10), rec(2, 2, 10)])).toMatch(/given twice/);
    expect(shardProblem([rec(1, 2, 10), rec(2, 3, 10)])).toMatch(/different shardings/);
    expect(shardProblem([rec(1, 2, 10), { ...rec(2, 2, 10), items: [1, 3, 5, 7, 8] }])).toMatch(/cover every item exactly once|another shard/);
    expect(shardProblem([undefined])).toMatch(/without a shard record/);
  });
});

describe('all and gate in shards, merged', () => {
  const theorems = [lemma1, theorem1, theorem1AllOrders];
  const allJson = (shard?: { index: number; count: number }): string => {
    const io = memoryIo();
    runAll({ seed: 1, engine: 'auto', denseBudget: 1 << 25, json: true, quiet: true, shard }, io, theorems);
    return io.stdout.join('');
  };
  it('all: the merged shards give the whole run\'s results in its order', async () => {
    const whole = JSON.parse(allJson()) as { results: { theorem: string; parameters: object }[]; proved: number; total: number };
    const files = [1, 2, 3].map((i) => {
      const f = join(dir, `all-${i}.json`);
      writeFileSync(f, allJson({ index: i, count: 3 }));
      return f;
    });
    const merged = await run('merge', ...files);
    expect(merged.code, merged.err).toBe(0);
    const doc = JSON.parse(merged.out) as typeof whole & { shard?: unknown };
    expect(doc.shard).toBeUndefined();
    expect(doc.total).toBe(whole.total);
    expect(doc.proved).toBe(whole.proved);
    expect(doc.results.map((r) => [r.theorem, r.parameters])).toEqual(whole.results.map((r) => [r.theorem, r.parameters]));
    const missing = await run('merge', files[0] as string, files[2] as string);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/missing shard\(s\) 2\/3/);
  });
  it('gate: two halves of a small baseline merge into the whole check', async () => {
    const committed = JSON.parse(readFileSync(join(process.cwd(), 'proofs', 'baseline.json'), 'utf8')) as { instances: unknown[] };
    const baseline = join(dir, 'baseline.json');
    writeFileSync(baseline, JSON.stringify({ ...committed, instances: committed.instances.slice(0, 5) }));
    const parts = [];
    for (const i of [1, 2]) {
      const r = await run('gate', '--baseline', baseline, '--shard', `${i}/2`, '--json', '--quiet');
      expect(r.code).toBe(0);
      const f = join(dir, `gate-${i}.json`);
      writeFileSync(f, r.out);
      parts.push(f);
    }
    const counts = parts.map((f) => (JSON.parse(readFileSync(f, 'utf8')) as { checked: number }).checked);
    expect(counts).toEqual([3, 2]);
    const merged = await run('merge', ...parts);
    expect(merged.code).toBe(0);
    expect(JSON.parse(merged.out)).toMatchObject({ schema: 'check-theorem/gate', checked: 5, failures: [] });
    expect((await run('gate', '--update', '--shard', '1/2', '--baseline', baseline)).code).toBe(2);
    expect((await run('merge', parts[0] as string, join(dir, 'all-1.json'))).err).toMatch(/different kinds/);
  });
});
