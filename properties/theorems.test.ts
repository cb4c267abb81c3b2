/**
 * Counterexample search: every statement on random parameters within a budget. A failure shrinks
 * to a minimal parameter set and its message carries the command that replays it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { genericRank, htOddEvenAllOrders, sharedCoresAllOrders, THEOREMS, ttOddEvenAllOrders } from '../proofs/index.js';
import type { TheoremModule, TheoremParams } from '../proofs/types.js';
import { runTheorem } from '../src/runner/theorem.js';
import { runs } from './runs.js';

/** The command that replays one run. */
export function replayCommand(t: TheoremModule, p: TheoremParams): string {
  const flags = t.parameters.map((name) => `--${name} ${String(p[name])}`).join(' ');
  return `check-theorem prove ${t.id} ${flags} --seed ${p.seed}`;
}

/** Parameters within budget for a theorem (matricizations of at most ~4096 x 4096). */
export function paramsArb(t: TheoremModule): fc.Arbitrary<TheoremParams> {
  const even = t.id === 'theorem1' || t.id === 'cohen2016' || t.id === 'shared-cores' || t.id === 'relu-rnn-width' || t.id === 'relu-convac-width';
  // A template of one point has a one-entry grid tensor: the ReLU statement takes M >= 2.
  const minN = t.id === 'relu-rnn-width' || t.id === 'relu-convac-width' ? 2 : 1;
  return fc
    .record({
      n: fc.integer({ min: minN, max: 4 }),
      r: fc.integer({ min: 1, max: 4 }),
      half: fc.integer({ min: 1, max: 5 }),
      odd: fc.boolean(),
      seed: fc.integer({ min: 0, max: 1_000_000 }),
      split: fc.constantFrom('odd-even', 'prefix:1', 'modes:0'),
      format: fc.constantFrom('cp' as const, 'tt' as const, 'tt-shared' as const, 'ht' as const),
    })
    .map(({ n, r, half, odd, seed, split, format }) => {
      const d = even ? 2 * half : Math.max(2, 2 * half - (odd ? 1 : 0));
      return { n, r, d, seed, ...(t.parameters.includes('split') ? { split } : {}), ...(t.parameters.includes('format') ? { format } : {}) };
    })
    .filter((p) => p.n ** p.d <= 2 ** 16);
}

describe('every statement holds on random parameters', () => {
  for (const t of THEOREMS.filter((x) => !x.parameters.includes('tensor'))) {
    it(`${t.id}`, () => {
      fc.assert(
        fc.property(paramsArb(t), (p) => {
          const r = runTheorem(t, p, { engine: 'auto' });
          const ok = t.id === 'generic-rank' ? r.verdict !== 'REFUTED' : r.verdict === 'PROVED';
          expect(ok, `${r.summary}\nreplay: ${replayCommand(t, p)}`).toBe(true);
        }),
        { numRuns: runs(25) },
      );
    });
  }
});

describe('the every-d closed forms agree with the instance-by-instance generic rank', () => {
  it('tt, tt-shared and ht at random (n, r, d): generic-rank (a random network and the minimum cut) = leading * base^(d/2 - 1)', () => {
    const modules = { tt: ttOddEvenAllOrders, 'tt-shared': sharedCoresAllOrders, ht: htOddEvenAllOrders } as const;
    fc.assert(
      fc.property(fc.constantFrom('tt' as const, 'tt-shared' as const, 'ht' as const), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }), fc.constantFrom(2, 4, 6, 8), fc.nat(1000), (format, n, r, d, seed) => {
        if (n ** d > 4096 || (format === 'ht' && (d & (d - 1)) !== 0)) return;
        const m = modules[format];
        const b = m.perOrder?.({ n, r, d: Number.NaN, seed }) as { leading: bigint; base: bigint };
        const closed = b.leading * b.base ** BigInt(d / 2 - 1);
        const g = runTheorem(genericRank, { format, n, r, d, split: 'odd-even', seed }, { engine: 'auto' });
        expect(g.verdict, g.summary).toBe('PROVED');
        expect(BigInt(g.bound.value), `${format} n=${n} r=${r} d=${d}: ${g.summary}`).toBe(closed);
      }),
      { numRuns: runs(30) },
    );
  });
});
