/**
 * `npm run bench -- loops`: a survey of small loop networks (tensor rings, 2 x k grids) and, as a
 * control, tree networks. For every split up to the network's symmetry (and complement), the
 * generic rank is certified from both sides through the kernel (`generic-rank` with `--network`):
 * PROVED when a random draw reaches the minimum cut, else the interval [L, U] with L the bound the
 * kernel established and the Schwartz-Zippel bound of the draws' evidence that L is the rank.
 */
import { genericRank } from '../proofs/index.js';
import type { TheoremParams } from '../proofs/types.js';
import { runTheorem } from '../src/runner/theorem.js';
import { fmtSeconds, printTable, time } from './util.js';
import { gridSymmetries, ringSymmetries, splitsUpToSymmetry, type ModePermutation } from '../src/tensor/symmetry.js';

interface Family {
  readonly name: string;
  readonly network: string;
  readonly n: number;
  readonly r: number;
  readonly d: number;
  /** Symmetries of the modes (permutations: mode m goes to perm[m]). */
  readonly symmetries: readonly ModePermutation[];
}

/** Largest tensor (entries) surveyed: n^d; the matricizations are at most 256 x 256. */
const MAX_ENTRIES = 1 << 16;

function families(quick: boolean): Family[] {
  const out: Family[] = [];
  const fits = (n: number, d: number): boolean => n ** d <= (quick ? 4096 : MAX_ENTRIES);
  for (const d of quick ? [3, 4] : [3, 4, 5, 6, 7, 8])
    for (const n of [2, 3, 4])
      for (const r of quick ? [2, 3] : [2, 3, 4]) if (fits(n, d)) out.push({ name: 'ring', network: 'ring', n, r, d, symmetries: ringSymmetries(d) });
  for (const d of quick ? [4] : [4, 6, 8])
    for (const n of [2, 3, 4])
      for (const r of [2, 3]) if (fits(n, d)) out.push({ name: `grid 2x${d / 2}`, network: 'grid', n, r, d, symmetries: gridSymmetries(d) });
  for (const [tree, d] of [['((0 1) (2 3))', 4], ['((0 1 2) (3 4) 5)', 6]] as const) for (const n of [2, 3]) if (fits(n, d)) out.push({ name: `tree ${tree}`, network: `tree:${tree}`, n, r: 2, d, symmetries: [] });
  return out;
}

/** Runs the survey and prints, per family, how often the generic rank is proved and how often a gap stays. */
export function benchLoops(o: { quick: boolean }): void {
  console.log('\n## loops: generic rank vs minimum cut on small loop networks (every split up to symmetry)\n');
  const rows: string[][] = [];
  const gaps: string[][] = [];
  let total = 0;
  let proved = 0;
  let open = 0;
  let other = 0;
  const { seconds } = time(() => {
    for (const fam of families(o.quick)) {
      let famProved = 0;
      let famGap = 0;
      let famOther = 0;
      const splits = splitsUpToSymmetry(fam.d, fam.symmetries);
      for (const rowModes of splits) {
        const p: TheoremParams = { network: fam.network, n: fam.n, r: fam.r, d: fam.d, seed: 1, split: `modes:${rowModes.join(',')}` };
        const r = runTheorem(genericRank, p, { engine: 'auto' });
        total++;
        if (r.verdict === 'PROVED') famProved++;
        else if (r.gap) {
          famGap++;
          gaps.push([fam.name, String(fam.n), String(fam.r), `{${rowModes.join(',')}}`, String(r.gap.reached), r.gap.upper, r.obligations.find((x) => x.id === 'lower')?.reached?.outcome ?? '-', r.gap.all.toExponential(1)]);
        } else famOther++;
      }
      proved += famProved;
      open += famGap;
      other += famOther;
      rows.push([fam.name, String(fam.n), String(fam.r), String(splits.length), String(famProved), String(famGap), String(famOther)]);
    }
  });
  printTable(['network', 'n', 'r', 'splits', 'rank = min-cut (PROVED)', 'gap [L, U]', 'other'], rows);
  console.log(`\n${total} (network, split) pairs: ${proved} proved equal to the minimum cut, ${open} with a gap (generic rank in [L, U], L kernel-established, U the cut), ${other} other; ${fmtSeconds(seconds)}\n`);
  if (gaps.length > 0) {
    console.log('gaps (the kernel proves L <= generic rank <= U; the draws are evidence that it is L, with the Schwartz-Zippel bound of all draws together):\n');
    printTable(['network', 'n', 'r', 'rows', 'L', 'U', 'L established', 'P(draws all short | rank > L)'], gaps);
  }
  console.log('\nNo gap was closed by an upper bound stronger than the minimum cut: the product has no such certificate yet (see the README).');
}
