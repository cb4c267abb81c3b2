/**
 * `check-theorem table`: the paper's Table 2 at given (n, r, d), with certified numbers beside the
 * formulas and where each bound is tight.
 *
 * @packageDocumentation
 */
import { cohen2016, cpHt, cpTt, theorem1, theorem2HtTt, theorem2TtHt } from '../../../proofs/index.js';
import type { TheoremModule, TheoremParams } from '../../../proofs/types.js';
import { jsonDocument } from '../../report/json.js';
import { createProgress } from '../../report/progress.js';
import { table } from '../../report/text.js';
import { certifiedLower, planAll, runTheorem } from '../../runner/theorem.js';
import type { EngineChoice, TheoremResult } from '../../runner/types.js';
import { UsageError } from '../errors.js';
import { worstExit } from './prove.js';
import type { CliIo } from '../io.js';

interface Cell {
  readonly equivalent: 'TT' | 'HT' | 'CP';
  readonly given: 'TT' | 'HT' | 'CP';
  readonly paper: string;
  readonly theorem?: TheoremModule;
}

/** Table 2 of Khrulkov et al. 2018: width needed by a network of the row's kind to imitate a width-r network of the column's kind. */
const CELLS: readonly Cell[] = [
  { equivalent: 'TT', given: 'TT', paper: 'r' },
  { equivalent: 'TT', given: 'HT', paper: 'r^(log2(d)/2)', theorem: theorem2HtTt },
  { equivalent: 'TT', given: 'CP', paper: 'r', theorem: cpTt },
  { equivalent: 'HT', given: 'TT', paper: 'r^2', theorem: theorem2TtHt },
  { equivalent: 'HT', given: 'HT', paper: 'r' },
  { equivalent: 'HT', given: 'CP', paper: 'r', theorem: cpHt },
  { equivalent: 'CP', given: 'TT', paper: '>= r^(d/2)', theorem: theorem1 },
  { equivalent: 'CP', given: 'HT', paper: '>= r^(d/2)', theorem: cohen2016 },
  { equivalent: 'CP', given: 'CP', paper: 'r' },
];

/** A cell's numbers for --json: decimal strings for ranks, booleans (or null: unknown) for tightness. */
interface CellData {
  /** The bound's value at these sizes. */
  readonly bound: string;
  /** The quantity the statement bounds. */
  readonly quantity: 'CP-rank' | 'ranks of the equivalent network' | 'width';
  /** Certified lower / upper bounds on that quantity (kernel-verified). */
  readonly lower: string | null;
  readonly upper: string | null;
  /** The odd/even matricization's generic rank when certified from both sides (CP rows). */
  readonly oddEvenRank: string | null;
  /** Whether the bound is met, and by what: true / false when certified, null when unknown. */
  readonly tight: boolean | null;
  readonly tightFor: string | null;
}

function describe(r: TheoremResult | undefined, p: TheoremParams): { formula: string; certified: string; tight: string; verdict: string; data: CellData } {
  if (!r) return { formula: `${p.r}`, certified: 'identity (no conversion needed)', tight: 'yes (the same network)', verdict: '-', data: { bound: String(p.r), quantity: 'width', lower: String(p.r), upper: String(p.r), oddEvenRank: null, tight: true, tightFor: 'the same network' } };
  const value = r.bound.value;
  if (r.bound.direction === 'lower') {
    const random = r.obligations.find((o) => o.id === 'random');
    const upper = r.obligations.find((o) => o.id === 'generic-upper');
    const exact = random?.value !== undefined && random.value === upper?.value;
    // The statement bounds the CP-rank; what is known from both sides is the odd/even matricization's rank.
    const certified = exact ? `CP-rank >= ${random?.value}; odd/even rank = ${random?.value} exactly (generic)` : `CP-rank >= ${random?.value ?? '?'}; odd/even rank <= ${upper?.value ?? '?'}`;
    const tight = exact
      ? random?.value === value
        ? 'for the odd/even rank (it cannot certify more); CP-rank: no upper bound shown'
        : `no: the odd/even rank is ${random?.value} > ${value}`
      : 'unknown';
    const data: CellData = { bound: value, quantity: 'CP-rank', lower: certifiedLower(random) ?? null, upper: null, oddEvenRank: exact ? (random?.value ?? null) : null, tight: exact ? random?.value === value : null, tightFor: 'the odd/even matricization rank (the CP-rank has no certified upper bound)' };
    return { formula: `min(n,r)^(d/2) = ${value}`, certified, tight, verdict: r.verdict, data };
  }
  const cuts = r.obligations.filter((o) => o.role === 'proof' && o.kind === 'upper-bound');
  const worst = cuts.reduce((m, o) => (o.value !== undefined && BigInt(o.value) > m ? BigInt(o.value) : m), 0n);
  const sharp = r.obligations.find((o) => o.role === 'sharpness');
  const certified = `<= ${worst} for every network (${cuts.length} cut certificates); conversion exact`;
  const tight = sharp?.status === 'verified' ? `yes: a random network needs ${value} (certified)` : sharp ? 'not shown' : `not at these sizes (largest cut ${worst} < ${value})`;
  const data: CellData = { bound: value, quantity: 'ranks of the equivalent network', lower: sharp?.status === 'verified' ? value : null, upper: String(worst), oddEvenRank: null, tight: sharp?.status === 'verified' ? true : sharp ? null : false, tightFor: 'a random network needs the bound (sharpness certificate)' };
  return { formula: `${r.bound.expression} = ${value}`, certified, tight, verdict: r.verdict, data };
}

/** Runs `table`. */
export function runTable(a: { params: TheoremParams; engine: EngineChoice; denseBudget: number; maxMemoryBytes?: number; timeoutSeconds?: number; json: boolean; quiet: boolean }, io: CliIo): number {
  const p = a.params;
  if (p.d % 2 !== 0) throw new UsageError('E_BAD_PARAMETER', `d must be even for Table 2 (its CP row uses the odd/even matricization), got ${p.d}`);
  const options = { engine: a.engine, denseBudget: a.denseBudget, maxMemoryBytes: a.maxMemoryBytes, timeoutSeconds: a.timeoutSeconds };
  // Every cell is validated and planned before any runs: bad sizes or budgets refuse the table up front.
  const withTheorem = CELLS.filter((c) => c.theorem);
  const planned = planAll(withTheorem.map((c) => ({ module: c.theorem as TheoremModule, params: p })), options);
  const progress = createProgress(io, a.quiet || a.json);
  const results = CELLS.map((cell, i) => {
    progress.step(i, CELLS.length, `${cell.equivalent} given ${cell.given}`);
    return { cell, r: cell.theorem ? runTheorem(cell.theorem, p, options, planned[withTheorem.indexOf(cell)]) : undefined };
  });
  progress.done();
  const rows = results.map(({ cell, r }) => ({ cell, r, ...describe(r, p) }));
  if (a.json) {
    io.out(
      jsonDocument('table', {
        parameters: { n: p.n, r: p.r, d: p.d, seed: p.seed },
        cells: rows.map((x) => ({ equivalent: x.cell.equivalent, given: x.cell.given, paper: x.cell.paper, theorem: x.cell.theorem?.id ?? null, formula: x.formula, verdict: x.verdict, ...x.data, text: { certified: x.certified, tight: x.tight } })),
      }),
    );
  } else {
    io.out(`Table 2 (Khrulkov, Novikov & Oseledets 2018) at n=${p.n}, r=${p.r}, d=${p.d}: width a network of the first kind needs to imitate a width-r network of the second\n\n`);
    io.out(table(['equivalent', 'given', 'paper', 'here', 'certified', 'tight', 'verdict', 'theorem'], rows.map((x) => [x.cell.equivalent, x.cell.given, x.cell.paper, x.formula, x.certified, x.tight, x.verdict, x.cell.theorem?.id ?? '-'])));
    io.out('\nThe paper assumes n > r; here q = min(n, r) replaces r in the CP row. HT -> TT: the paper writes r^(log2(d)/2), which for odd log2(d) is not an integer power; what holds is r^ceil(log2(d)/2). CP rows, for every even d: the generic odd/even rank is exactly min(n, r) min(n, r^2)^(d/2 - 1) for TT and min(n, r)^(d/2) for HT (check-theorem prove tt-odd-even-all-d / ht-odd-even-all-d), a lower bound on the CP-rank, not its value.\n');
  }
  return worstExit(results.flatMap(({ r }) => (r ? [r] : [])));
}
