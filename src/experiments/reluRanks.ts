/**
 * The rank-distribution experiment of Khrulkov, Hrinchuk & Oseledets (ICLR 2019, "Generalized
 * tensor models for recurrent neural networks"): sample random generalized RNNs with xi(x, y) =
 * max(x, y, 0) of several ranks, and for each one certify a lower bound on the width of every
 * generalized shallow network with the same scores on the template grid.
 *
 * Every sample is one run of the `relu-rnn-width` statement (proofs/reluRnn.ts): the engine
 * finds the rank K of the odd/even matricization of the RNN's grid tensor, writes the minor
 * certificate, and the kernel decides the bundle; a sample counts as certified only when the
 * kernel's verdict is PROVED. The paper samples Gaussian weights and reports the rank of the grid
 * matricization found numerically; here weights are small integers (uniform in [-2, 2]: exact
 * arithmetic, ties between max arguments are more frequent than with Gaussians) and every number
 * is exact.
 *
 * @packageDocumentation
 */
import { reluRnnWidth, perTerm, WEIGHT_BOUND } from '../../proofs/reluRnn.js';
import type { TheoremParams } from '../../proofs/types.js';
import type { LineChart } from '../report/figure.js';
import { planAll, runTheorem } from '../runner/theorem.js';
import type { RunOptions } from '../runner/run.js';
import type { ProofBundle } from '../runner/types.js';

/** Settings of the experiment. */
export interface ReluRanksSettings {
  /** Template size M. */
  readonly M: number;
  /** Order T (even). */
  readonly T: number;
  /** The RNN ranks to sample. */
  readonly ranks: readonly number[];
  /** Samples per rank (seeds firstSeed, firstSeed + 1, ...). */
  readonly samples: number;
  readonly firstSeed: number;
}

/** One sampled network and what the kernel decided about it. */
export interface ReluSample {
  readonly rank: number;
  readonly seed: number;
  /** The certified rank of the odd/even grid matricization (when PROVED). */
  readonly gridRank: number | undefined;
  /** The certified width lower bound ceil(K / (1 + M T/2)) (when PROVED). */
  readonly widthAtLeast: number | undefined;
  readonly verdict: string;
  readonly bundle: ProofBundle;
}

/** Order statistics of certified values. */
export interface Spread {
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

/** Per rank: the spread of the certified grid ranks and width bounds. */
export interface ReluRankSummary {
  readonly rank: number;
  readonly certified: number;
  readonly samples: number;
  readonly gridRank: Spread | undefined;
  readonly widthAtLeast: Spread | undefined;
  /** The paper's (2 / (M T)) min(M, R)^(T/2), for the network its proof constructs (not certified here), as a decimal string. */
  readonly paperBound: string;
}

/** The experiment's result. */
export interface ReluRanksResult {
  readonly settings: ReluRanksSettings & { readonly weightBound: number; readonly perTermRank: number };
  readonly samples: readonly ReluSample[];
  readonly summary: readonly ReluRankSummary[];
}

function spread(xs: readonly number[]): Spread | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { min: s[0] as number, median: s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2, max: s[s.length - 1] as number };
}

/** (2 / (M T)) min(M, R)^(T/2) to 2 decimals (exact integer arithmetic, rounded down). */
export function paperBound(M: number, T: number, R: number): string {
  const num = 2n * BigInt(Math.min(M, R)) ** BigInt(T / 2) * 100n;
  const q = num / BigInt(M * T);
  return `${q / 100n}.${String(q % 100n).padStart(2, '0')}`;
}

/** The parameters of every sample, in order (rank-major). */
export function sampleParams(s: ReluRanksSettings): TheoremParams[] {
  return s.ranks.flatMap((r) => Array.from({ length: s.samples }, (_, i) => ({ n: s.M, r, d: s.T, seed: s.firstSeed + i })));
}

/** Runs the experiment: validated and planned as a whole first, then one kernel-checked run per sample. */
export function runReluRanks(s: ReluRanksSettings, options: RunOptions, onSample?: (i: number, total: number, label: string) => void): ReluRanksResult {
  const params = sampleParams(s);
  const planned = planAll(params.map((p) => ({ module: reluRnnWidth, params: p })), options);
  const samples: ReluSample[] = params.map((p, i) => {
    onSample?.(i, params.length, `ranks ${p.r}, seed ${p.seed}`);
    const res = runTheorem(reluRnnWidth, p, options, planned[i]);
    const proved = res.verdict === 'PROVED';
    const grid = res.obligations.find((o) => o.id === 'grid');
    return {
      rank: p.r,
      seed: p.seed,
      gridRank: proved && grid?.value !== undefined ? Number(grid.value) : undefined,
      widthAtLeast: proved ? Number(res.bound.value) : undefined,
      verdict: res.verdict,
      bundle: res.bundle,
    };
  });
  const summary = s.ranks.map((r) => {
    const mine = samples.filter((x) => x.rank === r);
    const ok = mine.filter((x) => x.gridRank !== undefined);
    return {
      rank: r,
      certified: ok.length,
      samples: mine.length,
      gridRank: spread(ok.map((x) => x.gridRank as number)),
      widthAtLeast: spread(ok.map((x) => x.widthAtLeast as number)),
      paperBound: paperBound(s.M, s.T, r),
    };
  });
  return { settings: { ...s, weightBound: WEIGHT_BOUND, perTermRank: Number(perTerm(s.M, s.T, s.T / 2)) }, samples, summary };
}

/** The samples as CSV (one row per network; empty cells where the kernel did not prove). */
export function reluRanksCsv(r: ReluRanksResult): string {
  const rows = r.samples.map((x) => [x.rank, x.seed, x.gridRank ?? '', x.widthAtLeast ?? '', x.verdict].join(','));
  return ['rnn_rank,seed,grid_rank_certified,shallow_width_at_least,verdict', ...rows].join('\n') + '\n';
}

/** The distribution figure: for each RNN rank, the empirical CDF of the certified grid ranks. */
export function reluRanksChart(r: ReluRanksResult): LineChart {
  const series = r.settings.ranks.map((rank, i) => {
    const ks = r.samples.filter((x) => x.rank === rank && x.gridRank !== undefined).map((x) => x.gridRank as number).sort((a, b) => a - b);
    const points = ks.flatMap((k, j) => [[k, j / ks.length], [k, (j + 1) / ks.length]] as [number, number][]);
    return { name: `RNN ranks ${rank}`, points, color: i };
  });
  return {
    title: `ReLU RNNs, M=${r.settings.M}, T=${r.settings.T}: certified grid ranks`,
    xLabel: `certified odd/even grid rank K (width >= ceil(K/${r.settings.perTermRank}))`,
    yLabel: 'fraction of samples',
    series: series.filter((x) => x.points.length > 0),
  };
}
