/**
 * --progress: ndjson events on stderr (also with --json, stdout staying one JSON document), none
 * is silent, and verify reports one step per item.
 */
import { describe, expect, it } from 'vitest';
import { run } from './run.js';

describe('--progress', () => {
  it('ndjson: one JSON event per line on stderr, ending with done, while --json keeps stdout a single document', async () => {
    const r = await run('prove', 'theorem1', '--n', '2', '--r', '2', '--d', '8', '--json', '--progress', 'ndjson');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ schema: 'check-theorem/theorem', verdict: 'PROVED' });
    const events = r.err.trim().split('\n').map((l) => JSON.parse(l) as { event: string; step?: number; total?: number; label?: string });
    expect(events.at(-1)?.event).toBe('done');
    const steps = events.filter((e) => e.event === 'progress');
    expect(steps.map((e) => e.step)).toEqual(steps.map((_, i) => i + 1));
    expect(steps.every((e) => e.total === steps.length && typeof e.label === 'string')).toBe(true);
  });
  it('none: nothing on stderr; text with --json: nothing either (as before)', async () => {
    expect((await run('prove', 'theorem1', '--n', '2', '--r', '2', '--d', '4', '--progress', 'none')).err).toBe('');
    expect((await run('prove', 'theorem1', '--n', '2', '--r', '2', '--d', '4', '--json')).err).toBe('');
  });
  it('verify reports one step per item', async () => {
    const r = await run('verify', 'test/golden/explicit-minor.json', 'test/golden/cut-tt-n3-r2-d6.json', '--progress', 'ndjson', '--json');
    const steps = r.err.trim().split('\n').map((l) => JSON.parse(l) as { event: string; label?: string }).filter((e) => e.event === 'progress');
    expect(steps.map((e) => e.label)).toEqual(['verify test/golden/explicit-minor.json', 'verify test/golden/cut-tt-n3-r2-d6.json']);
    expect((await run('verify', 'test/golden/explicit-minor.json', 'test/golden/cut-tt-n3-r2-d6.json')).err).toMatch(/^progress 1\/2 verify /);
  });
  it('an unknown mode is a usage error', async () => {
    expect((await run('list', '--progress', 'bars')).code).toBe(2);
  });
});
