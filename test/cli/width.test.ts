/**
 * Text output fits 100 columns by default (tables narrow their widest columns and wrap cells,
 * prose wraps at spaces), says the same words as unwrapped, and JSON is never wrapped.
 */
import { describe, expect, it } from 'vitest';
import { table, wrapLines } from '../../src/report/text.js';
import { run } from './run.js';

const widest = (text: string): number => Math.max(...text.split('\n').map((l) => l.length));
const words = (text: string): string[] => text.split(/\s+/).filter((w) => w !== '' && !/^-+$/.test(w));

describe('--width', () => {
  const commands: string[][] = [
    ['prove', 'theorem1', '--n', '3', '--r', '3', '--d', '8', '--quiet'],
    ['rank', '--format', 'tt', '--n', '3', '--r', '2', '--d', '6', '--quiet'],
    ['table', '--n', '3', '--r', '2', '--d', '8', '--quiet'],
    ['list'],
    ['verify', 'test/golden/cut-tt-n3-r2-d6.json'],
  ];
  for (const argv of commands)
    it(`${argv.slice(0, 2).join(' ')}: at most 100 columns by default, every word kept`, async () => {
      const wrapped = await run(...argv, '--width', '100');
      const wide = await run(...argv, '--width', '0');
      expect(wrapped.code).toBe(wide.code);
      expect(widest(wrapped.out)).toBeLessThanOrEqual(100);
      // Tables interleave their wrapped cells, so the words are compared as a multiset.
      expect(words(wrapped.out).sort()).toEqual(words(wide.out).sort());
    });
  it('JSON is never wrapped', async () => {
    const r = await run('prove', 'theorem1', '--n', '3', '--r', '3', '--d', '8', '--json', '--width', '40');
    expect(JSON.parse(r.out)).toMatchObject({ verdict: 'PROVED' });
  });
  it('a table too wide narrows its widest column and wraps its cells', () => {
    const t = table(['a', 'long'], [['x', 'one two three four five six seven eight nine ten']], 20);
    expect(widest(t)).toBeLessThanOrEqual(20);
    expect(t.split('\n').length).toBeGreaterThan(4);
    expect(wrapLines('  ' + 'word '.repeat(30).trim(), 30).split('\n').every((l, i) => l.length <= 30 && (i === 0 || l.startsWith('      ')))).toBe(true);
  });
});
