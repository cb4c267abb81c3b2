/**
 * Where the theory only bounds: the generic rank of random matricizations, certified from both
 * sides, over many small random cases. Counts how often the certified lower bound reaches the
 * network's minimum cut (PROVED exactly) and lists any case where it does not.
 */
import { genericRank } from '../proofs/index.js';
import { createRng } from '../src/exact/prng.js';
import { runTheorem } from '../src/runner/theorem.js';
import type { NetworkFormat } from '../src/runner/types.js';
import { printTable, time } from './util.js';

/** Runs the generic-rank survey. */
export function benchGeneric(options: { quick?: boolean } = {}): void {
  console.log('\n## Generic matricization ranks vs minimum cuts (random small cases, seed 99)\n');
  const rng = createRng(99);
  const formats: NetworkFormat[] = ['tt', 'ht', 'tt-shared', 'cp'];
  const tally = new Map<string, { proved: number; other: number }>();
  const odd: string[] = [];
  const target = options.quick ? 60 : 300;
  let done = 0;
  const t = time(() => {
    while (done < target) {
      const format = formats[rng.below(4)] as NetworkFormat;
      const n = 1 + rng.below(4);
      const r = 1 + rng.below(5);
      const d = 2 + rng.below(7);
      if (n ** d > 4096) continue;
      const modes: number[] = [];
      for (let m = 0; m < d; m++) if (rng.below(2)) modes.push(m);
      if (modes.length === 0 || modes.length === d) continue;
      const split = rng.below(2) ? `modes:${modes.join(',')}` : `prefix:${1 + rng.below(d - 1)}`;
      const res = runTheorem(genericRank, { format, n, r, d, split, seed: done }, { engine: 'auto' });
      const row = tally.get(format) ?? { proved: 0, other: 0 };
      if (res.verdict === 'PROVED') row.proved++;
      else {
        row.other++;
        odd.push(res.summary);
      }
      tally.set(format, row);
      done++;
    }
  });
  printTable(
    ['format', 'cases', 'generic rank = min cut (certified)', 'not shown'],
    formats.map((f) => {
      const row = tally.get(f) ?? { proved: 0, other: 0 };
      return [f, String(row.proved + row.other), String(row.proved), String(row.other)];
    }),
  );
  console.log(`\n${done} cases (n <= 4, r <= 5, d <= 8, n^d <= 4096; prefix and arbitrary splits) in ${t.seconds.toFixed(1)} s${odd.length ? `; not shown:\n${odd.join('\n')}` : '.'}`);
}
