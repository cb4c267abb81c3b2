/**
 * `check-theorem conjecture`: a user's conjecture about a network family's generic ranks, decided
 * by the kernel at every point of a parameter grid, then searched with fast-check at random points
 * (shrinking any counterexample to the smallest), with the minimal counterexample's bundle and the
 * command that replays it.
 *
 * @packageDocumentation
 */
import fc from 'fast-check';
import { boundAt, conjectureModule, ExpressionError, splitId, splitsOf, type ConjectureSpec, type Relation } from '../../../proofs/conjecture.js';
import { conjectureToJson } from '../../../proofs/conjectureFile.js';
import { subjectOf } from '../../../proofs/genericRank.js';
import { ParameterError, type GridPoint, type TheoremModule, type TheoremParams } from '../../../proofs/types.js';
import { checkWritable, writeAtomic } from '../../io/files.js';
import { jsonDocument, stableJson } from '../../report/json.js';
import { createProgress } from '../../report/progress.js';
import { runTheorem } from '../../runner/theorem.js';
import { BudgetError } from '../../formats/types.js';
import { LimitError } from '../../runner/cost.js';
import type { NetworkFormat, TheoremResult } from '../../runner/types.js';
import { EXIT, UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { checkOutputs, worstExit, writeOutputs } from './prove.js';
import type { RunFlags } from './prove.js';

/** Most grid points one run takes. */
export const MAX_POINTS = 10_000;

/**
 * Values of a size option: "3", "2,3,5", "2..6" or "4..12/2" (a range with a step), combined with
 * commas ("2,4..6"). Exactly the integers written; at most {@link MAX_POINTS} values.
 */
export function parseValues(name: string, text: string | undefined, max: number): number[] | undefined {
  if (text === undefined) return undefined;
  const out: number[] = [];
  for (const part of text.split(',')) {
    const m = /^\s*(\d{1,9})\s*(?:\.\.\s*(\d{1,9})\s*(?:\/\s*(\d{1,9})\s*)?)?$/.exec(part);
    if (!m) throw new UsageError('E_BAD_PARAMETER', `--${name} takes integers, lists and ranges such as 3, 2,3,5, 2..6 or 4..12/2; got "${part.slice(0, 40)}"`);
    const lo = Number(m[1]);
    const hi = m[2] !== undefined ? Number(m[2]) : lo;
    const step = m[3] !== undefined ? Number(m[3]) : 1;
    if (step < 1) throw new UsageError('E_BAD_PARAMETER', `--${name}: the step of a range must be at least 1`);
    if (hi < lo) throw new UsageError('E_BAD_PARAMETER', `--${name}: the range ${lo}..${hi} is empty`);
    for (let v = lo; v <= hi; v += step) {
      if (v < 1 || v > max) throw new UsageError('E_BAD_PARAMETER', `--${name} must be in [1, ${max}], got ${v}`);
      out.push(v);
      if (out.length > MAX_POINTS) throw new UsageError('E_BAD_PARAMETER', `--${name} lists more than ${MAX_POINTS} values`);
    }
  }
  return [...new Set(out)].sort((a, b) => a - b);
}

/** A family over a grid of (n, r, d) values, as `conjecture` and `discover` take it; `--save` and `--name` write it. */
export interface FamilyGridArgs {
  readonly network?: string | undefined;
  readonly format?: NetworkFormat | undefined;
  readonly n?: string | undefined;
  readonly r?: string | undefined;
  readonly d?: string | undefined;
  readonly split: string;
  readonly seed: number;
  readonly save?: string | undefined;
  readonly name?: string | undefined;
}

/** Arguments of `conjecture`. */
export interface ConjectureArgs extends RunFlags, FamilyGridArgs {
  readonly sizes?: string | undefined;
  readonly relation: Relation;
  readonly bound: string;
  readonly search: number;
  readonly searchSeed: number;
  readonly out?: string | undefined;
}

/** One split's outcome: the bound there, the certified numbers, and the kernel's decision. */
interface SplitOutcome {
  readonly rows: string;
  readonly bound: string;
  /** The minimum cut (every network's rank is at most this, kernel-verified). */
  readonly cut?: string;
  /** The largest rank a random draw certified (when one was needed). */
  readonly reached?: string;
  readonly outcome: string;
  readonly detail: string;
}

/** One point's outcome, per split as the kernel decided it. */
interface PointOutcome {
  readonly params: TheoremParams;
  readonly verdict: TheoremResult['verdict'] | 'BUDGET';
  readonly splits: readonly SplitOutcome[];
  readonly note?: string;
  readonly result?: TheoremResult;
}

const label = (p: TheoremParams): string =>
  [...(p.network !== undefined ? [`network=${p.network}`] : []), ...(p.format !== undefined ? [`format=${p.format}`] : []), ...(['n', 'r', 'd'] as const).filter((k) => Number.isSafeInteger(p[k])).map((k) => `${k}=${p[k]}`), `split=${p.split ?? 'every'}`].join(' ');

function outcomeOf(module: TheoremModule, p: TheoremParams, r: TheoremResult): PointOutcome {
  const { d } = subjectOf(p);
  const splits = splitsOf(p, d, module.bound).map((rows): SplitOutcome => {
    const id = splitId(rows);
    const c = r.kernel.claims.find((x) => x.id === id);
    const cut = r.obligations.find((o) => o.id === id);
    const draw = r.obligations.find((o) => o.id === `${id}/draw`);
    return {
      rows: `{${rows.join(',')}}`,
      bound: boundAt(module.bound, p, d, rows).toString(),
      ...(cut?.value !== undefined ? { cut: cut.value } : {}),
      // Only kernel-verified numbers (never a float engine's evidence).
      ...(draw?.value !== undefined && draw.status !== 'evidence' ? { reached: draw.value } : {}),
      outcome: c?.outcome ?? 'not checked',
      detail: c?.detail ?? '',
    };
  });
  return { params: p, verdict: r.verdict, splits, result: r };
}

/** Runs one point; a budget refusal is an outcome (the point is too large), not an error. */
function runPoint(module: TheoremModule, p: TheoremParams, a: ConjectureArgs): PointOutcome {
  try {
    const r = runTheorem(module, p, { engine: a.engine, denseBudget: a.denseBudget, maxMemoryBytes: a.maxMemoryBytes, timeoutSeconds: a.timeoutSeconds });
    return outcomeOf(module, p, r);
  } catch (e) {
    if (e instanceof BudgetError || e instanceof LimitError) return { params: p, verdict: 'BUDGET', splits: [], note: e.message };
    throw e;
  }
}

/**
 * Lowers each parameter of a counterexample, one at a time, to the smallest value of its range that
 * keeps it a counterexample, until a full pass changes nothing: then no single parameter can be
 * lowered within its range.
 */
export function descend(p: TheoremParams, ranges: { readonly n?: readonly number[] | undefined; readonly r?: readonly number[] | undefined; readonly d?: readonly number[] | undefined }, fails: (p: TheoremParams) => boolean): TheoremParams {
  let cur = p;
  for (let changed = true; changed; ) {
    changed = false;
    for (const k of ['d', 'n', 'r'] as const) {
      const values = ranges[k];
      if (!values) continue;
      const lower = values.filter((v) => v < cur[k]);
      const hit = lower.find((v) => fails({ ...cur, [k]: v }));
      if (hit !== undefined) {
        cur = { ...cur, [k]: hit };
        changed = true;
      }
    }
  }
  return cur;
}

/** Smaller first: by d, then n, then r, then fewer row modes. */
function size(p: TheoremParams): number[] {
  const v = (x: number): number => (Number.isSafeInteger(x) ? x : 0);
  const rows = (p.split ?? '').startsWith('modes:') ? (p.split as string).split(',').length : 0;
  return [v(p.d) + v(p.n) + v(p.r), v(p.d), v(p.n), v(p.r), rows];
}

function smaller(a: TheoremParams, b: TheoremParams): boolean {
  const x = size(a);
  const y = size(b);
  for (let i = 0; i < x.length; i++) if ((x[i] as number) !== (y[i] as number)) return (x[i] as number) < (y[i] as number);
  return false;
}

/** Shell quoting for the replay command. */
const q = (s: string): string => (/^[A-Za-z0-9_.,:/=+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The command that replays one point at one split. */
export function replayCommand(a: ConjectureArgs, p: TheoremParams): string {
  const parts = ['check-theorem', 'conjecture'];
  if (p.network !== undefined) parts.push('--network', q(p.network));
  if (p.format !== undefined) parts.push('--format', p.format);
  if (p.sizes !== undefined) parts.push('--sizes', q(p.sizes));
  for (const k of ['n', 'r', 'd'] as const) if (Number.isSafeInteger(p[k])) parts.push(`--${k}`, String(p[k]));
  parts.push('--split', q(p.split ?? 'every'), '--relation', q(a.relation), '--bound', q(a.bound), '--seed', String(p.seed));
  return parts.join(' ');
}

/** Runs `conjecture`; returns the exit code. */
export function runConjecture(a: ConjectureArgs, io: CliIo): number {
  if ((a.network === undefined) === (a.format === undefined)) throw new UsageError('E_USAGE', 'name the family with exactly one of --network and --format');
  const spec: ConjectureSpec = { name: a.name ?? 'cli', relation: a.relation, bound: a.bound };
  const module = conjectureModule(spec);
  const ns = parseValues('n', a.n, 1 << 16);
  const rs = parseValues('r', a.r, 1 << 16);
  const ds = parseValues('d', a.d, 4096);
  const base: Omit<TheoremParams, 'n' | 'r' | 'd'> = {
    seed: a.seed,
    split: a.split,
    ...(a.network !== undefined ? { network: a.network } : {}),
    ...(a.format !== undefined ? { format: a.format } : {}),
    ...(a.sizes !== undefined ? { sizes: a.sizes } : {}),
  };
  // Without --search the ranges are a grid, every point decided; with it, the space fast-check draws from.
  const points: TheoremParams[] = [];
  if (a.search === 0)
    for (const n of ns ?? [Number.NaN])
      for (const r of rs ?? [Number.NaN])
        for (const d of ds ?? [Number.NaN]) {
          points.push({ ...base, n, r, d });
          if (points.length > MAX_POINTS) throw new UsageError('E_BAD_PARAMETER', `the grid has more than ${MAX_POINTS} points; narrow --n, --r or --d, or search it with --search N`);
        }
  if (a.search > 0 && ns === undefined && rs === undefined && ds === undefined) throw new UsageError('E_USAGE', '--search draws points from the ranges of --n, --r and --d; give at least one');
  if (a.out !== undefined) checkOutputs({ out: a.out });
  if (a.save !== undefined) {
    if (a.search > 0) throw new UsageError('E_USAGE', '--save records a grid; run it without --search');
    checkWritable(a.save, 'the conjecture file');
  }
  // Every grid point is validated (family, split, bound) before any work; budgets are per point.
  for (const p of points) module.validate(p);
  if (a.search > 0) module.validate({ ...base, n: ns?.[0] ?? Number.NaN, r: rs?.[0] ?? Number.NaN, d: ds?.[0] ?? Number.NaN });

  const progress = createProgress(io, a.quiet || a.json);
  const outcomes = points.map((p, i) => {
    progress.step(i, points.length, label(p));
    return runPoint(module, p, a);
  });
  progress.done();

  /** A point of the family where the bound evaluates (a searched point may fall outside, e.g. d odd for d/2). */
  const inFamily = (p: TheoremParams): boolean => {
    try {
      module.validate(p);
      return true;
    } catch (e) {
      if (e instanceof ParameterError || e instanceof ExpressionError) return false;
      throw e;
    }
  };
  // The search: random points in the ranges, shrunk by fast-check to the smallest counterexample.
  let search: { runs: number; seed: number; failed: boolean; counterexample?: TheoremParams; skipped: number; path?: string } | undefined;
  if (a.search > 0) {
    const pick = (values: number[] | undefined): fc.Arbitrary<number> => (values === undefined ? fc.constant(Number.NaN) : values.length === 1 ? fc.constant(values[0] as number) : fc.integer({ min: 0, max: values.length - 1 }).map((i) => values[i] as number));
    let skipped = 0;
    const property = fc.property(pick(ns), pick(rs), pick(ds), (n, r, d) => {
      const p: TheoremParams = { ...base, n, r, d };
      if (!inFamily(p)) {
        skipped++;
        return true;
      }
      const o = runPoint(module, p, a);
      if (o.verdict === 'BUDGET') skipped++;
      return o.verdict !== 'REFUTED';
    });
    const details = fc.check(property, { numRuns: a.search, seed: a.searchSeed });
    const ce = details.counterexample as [number, number, number] | null;
    // fast-check's shrinking stops at a local minimum of its own candidates; then every parameter
    // is lowered as far as its range allows while the point stays refuted, so no single parameter
    // can be lowered afterwards (checked, not assumed).
    const lowered = ce ? descend({ ...base, n: ce[0], r: ce[1], d: ce[2] }, { n: ns, r: rs, d: ds }, (p) => inFamily(p) && runPoint(module, p, a).verdict === 'REFUTED') : undefined;
    search = { runs: details.numRuns, seed: details.seed, failed: details.failed, skipped, ...(lowered ? { counterexample: lowered } : {}), ...(details.counterexamplePath ? { path: details.counterexamplePath } : {}) };
  }

  // The minimal counterexample: the smallest refuted point (grid or search), at its smallest refuted split.
  const refuted = outcomes.filter((o) => o.verdict === 'REFUTED').map((o) => o.params);
  if (search?.counterexample) refuted.push(search.counterexample);
  let minimal: { params: TheoremParams; outcome: PointOutcome } | undefined;
  if (refuted.length > 0) {
    const point = refuted.reduce((x, y) => (smaller(y, x) ? y : x));
    const full = outcomes.find((o) => o.params === point) ?? runPoint(module, point, a);
    const bad = full.splits.filter((s) => s.outcome === 'refuted').map((s) => s.rows.slice(1, -1));
    const rows = bad.sort((x, y) => x.split(',').length - y.split(',').length || (x < y ? -1 : 1))[0] as string;
    const params = { ...point, split: `modes:${rows}` };
    minimal = { params, outcome: runPoint(module, params, a) };
    if (minimal.outcome.verdict !== 'REFUTED') throw new Error(`the counterexample at ${label(params)} did not replay as REFUTED (${minimal.outcome.verdict})`);
  }
  if (minimal && a.out !== undefined && minimal.outcome.result) writeOutputs(minimal.outcome.result, { out: a.out }, io);

  if (a.save !== undefined) {
    const grid = points.map((p) => {
      const g: Record<string, string | number> = { split: p.split ?? 'every' };
      if (p.network !== undefined) g['network'] = p.network;
      if (p.format !== undefined) g['format'] = p.format;
      if (p.sizes !== undefined) g['sizes'] = p.sizes;
      for (const k of ['n', 'r', 'd'] as const) if (Number.isSafeInteger(p[k])) g[k] = p[k];
      return g as unknown as GridPoint;
    });
    writeAtomic(a.save, stableJson(conjectureToJson({ ...spec, grid })) + '\n');
    io.err(`conjecture saved to ${a.save} (${grid.length} point(s)); put it in proofs/conjectures/ as ${spec.name}.json and run gate --update to have the gate re-prove it\n`);
  }

  const all = [...outcomes, ...(minimal ? [minimal.outcome] : [])];
  const exit = worstExit(all.filter((o): o is PointOutcome & { verdict: TheoremResult['verdict'] } => o.verdict !== 'BUDGET'));
  const code = outcomes.some((o) => o.verdict === 'BUDGET') && exit === EXIT.OK ? EXIT.INCONCLUSIVE : exit;
  if (a.json) {
    io.out(
      jsonDocument('conjecture', {
        conjecture: { relation: a.relation, bound: module.bound.pretty, split: a.split, family: a.network ?? a.format },
        points: outcomes.map((o) => ({ parameters: label(o.params), verdict: o.verdict, splits: o.splits, ...(o.note ? { note: o.note } : {}) })),
        ...(search ? { search: { runs: search.runs, seed: search.seed, failed: search.failed, skipped: search.skipped, ...(search.counterexample ? { counterexample: label(search.counterexample) } : {}), ...(search.path ? { path: search.path } : {}) } } : {}),
        ...(minimal ? { counterexample: { parameters: label(minimal.params), splits: minimal.outcome.splits, replay: replayCommand(a, minimal.params) } } : {}),
      }),
    );
    return code;
  }
  const family = a.network !== undefined ? `--network ${a.network}` : `--format ${a.format}`;
  const lines = [`conjecture: the generic rank ${a.relation} ${module.bound.pretty} (${family}, split ${a.split}${a.split === 'every' || a.split === 'worst' ? ' up to symmetry' : ''})`];
  for (const o of outcomes) {
    if (o.verdict === 'BUDGET') {
      lines.push(`  ${label(o.params)}: INCONCLUSIVE (too large for the budgets: ${o.note})`);
      continue;
    }
    const refutedSplits = o.splits.filter((s) => s.outcome === 'refuted');
    const open = o.splits.filter((s) => s.outcome === 'not established');
    const shown = a.split === 'worst' ? worstSplit(o, a.relation) : undefined;
    const detail =
      o.verdict === 'PROVED'
        ? `${o.splits.length} split(s) established by the kernel${shown ? `; worst split ${shown.rows}: ${shown.detail}` : ''}`
        : refutedSplits.length > 0
          ? `${refutedSplits.map((s) => `${s.rows} (bound ${s.bound}): ${s.detail}`).join('; ')}`
          : `not decided at ${open.map((s) => `${s.rows} (bound ${s.bound}): ${s.detail}`).join('; ')}`;
    lines.push(`  ${label(o.params)}: ${o.verdict}: ${detail}`);
  }
  const count = (v: string): number => outcomes.filter((o) => o.verdict === v).length;
  if (outcomes.length > 0) lines.push(`${outcomes.length} point(s): ${count('PROVED')} PROVED, ${count('REFUTED')} REFUTED, ${outcomes.length - count('PROVED') - count('REFUTED')} INCONCLUSIVE`);
  if (search) {
    lines.push(
      search.failed
        ? `search: fast-check found a counterexample in ${search.runs} run(s) (--search-seed ${search.seed}) and shrank it to ${label(search.counterexample as TheoremParams)} (then checked: no single parameter can be lowered within its range and keep it a counterexample)`
        : `search: ${search.runs} random point(s) (seed ${search.seed}${search.skipped > 0 ? `, ${search.skipped} outside the budgets or the family` : ''}), no counterexample`,
    );
  }
  if (minimal) {
    const s = minimal.outcome.splits[0];
    lines.push(`REFUTED: minimal counterexample ${label(minimal.params)}: ${s ? `rows ${s.rows}, bound ${s.bound}: ${s.detail}` : ''}`);
    lines.push(`  replay: ${replayCommand(a, minimal.params)}${a.out === undefined ? ' --out DIR' : ''}`);
    lines.push(a.out !== undefined ? `  certificates: in ${a.out}; check them with: check-theorem verify ${a.out}` : '  certificates: add --out DIR to the replay to write them, then check-theorem verify DIR');
  }
  io.out(lines.join('\n') + '\n');
  return code;
}

/** The split where the conjecture has the least room: the certified number closest to the bound. */
function worstSplit(o: PointOutcome, relation: Relation): SplitOutcome | undefined {
  const margin = (s: SplitOutcome): bigint => {
    const B = BigInt(s.bound);
    if (relation === '<=') return s.cut !== undefined ? B - BigInt(s.cut) : 0n;
    if (relation === '>=') return s.reached !== undefined ? BigInt(s.reached) - B : 0n;
    return 0n;
  };
  return [...o.splits].sort((x, y) => (margin(x) < margin(y) ? -1 : margin(x) > margin(y) ? 1 : 0))[0];
}
