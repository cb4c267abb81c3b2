/**
 * `check-theorem all`: every statement on its default grid, as a table (the main job).
 *
 * @packageDocumentation
 */
import { paramsAt, THEOREMS, type TheoremModule } from '../../../proofs/index.js';
import { jsonDocument } from '../../report/json.js';
import { createProgress } from '../../report/progress.js';
import { table, theoremJson } from '../../report/text.js';
import { planAll, runTheorem } from '../../runner/theorem.js';
import type { EngineChoice, TheoremResult } from '../../runner/types.js';
import type { RunOptions } from '../../runner/run.js';
import { worstExit } from './prove.js';
import type { CliIo } from '../io.js';
import { inShard, shardIndices, type Shard } from '../../runner/shard.js';

/** One row of the default grid. */
export interface GridRun {
  readonly result: TheoremResult;
  readonly seconds: number;
}

/** Every (theorem, grid point) of the registry's default grids, in order (what shards split). */
export function gridJobs(theorems: readonly TheoremModule[]): { t: TheoremModule; g: TheoremModule['defaultGrid'][number] }[] {
  return theorems.flatMap((t) => t.defaultGrid.map((g) => ({ t, g })));
}

/** Runs every theorem of the registry (default: all of them) on its default grid with the given seed. */
export function runGrid(seed: number, options: RunOptions, onStep: (i: number, total: number, label: string) => void, theorems: readonly TheoremModule[] = THEOREMS, shard?: Shard): GridRun[] {
  const jobs = gridJobs(theorems).filter((_, j) => inShard(j, shard));
  // The whole grid is planned first: a budget or --timeout refuses it before any instance runs.
  const planned = planAll(jobs.map(({ t, g }) => ({ module: t, params: paramsAt(g, seed) })), options);
  return jobs.map(({ t, g }, i) => {
    const label = `${t.id} ${Object.entries(g)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(' ')}`;
    onStep(i, jobs.length, label);
    const t0 = process.hrtime.bigint();
    const result = runTheorem(t, paramsAt(g, seed), options, planned[i]);
    return { result, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
  });
}

/** Short "established" text of a run, for the table. */
export function established(r: TheoremResult): string {
  const proof = r.obligations.filter((o) => o.role === 'proof');
  const sharp = r.obligations.find((o) => o.role === 'sharpness');
  const measure = r.obligations.find((o) => o.id === 'generic-upper') ?? r.obligations.find((o) => o.role === 'measure');
  const random = r.obligations.find((o) => o.id === 'random');
  const family = r.obligations.find((o) => o.kind === 'family-lower-bound');
  const exact = r.obligations.find((o) => o.kind === 'family-upper-bound');
  if (family && exact) return family.status === 'verified' && exact.status === 'verified' ? `odd/even rank = ${exact.value ?? '?'} exactly, all even d` : 'not shown';
  if (family) return family.status === 'verified' ? `CP-rank >= ${family.value ?? '?'}, all even d` : 'not shown';
  if (r.bound.direction === 'lower' && random?.value !== undefined) {
    // The statements bound a CP-rank; the odd/even rank is what is known exactly.
    return measure?.id === 'generic-upper' && measure.status === 'verified' ? `CP-rank >= ${random.value} (odd/even rank = ${measure.value} exactly)` : `CP-rank >= ${random.value}`;
  }
  if (r.bound.direction === 'exact') return r.verdict === 'PROVED' ? `= ${r.bound.value}` : 'interval';
  const worst = proof.filter((o) => o.kind === 'upper-bound').reduce((m, o) => (o.value !== undefined && BigInt(o.value) > m ? BigInt(o.value) : m), 0n);
  return `<= ${worst} (all cuts)${sharp?.status === 'verified' ? ', attained' : ''}`;
}

/** Runs `all`. `theorems` is injectable for tests. */
export function runAll(a: { seed: number; engine: EngineChoice; denseBudget: number; maxMemoryBytes?: number; timeoutSeconds?: number; json: boolean; quiet: boolean; shard?: Shard | undefined }, io: CliIo, theorems: readonly TheoremModule[] = THEOREMS): number {
  const progress = createProgress(io, a.quiet || a.json);
  const t0 = process.hrtime.bigint();
  const runs = runGrid(a.seed, { engine: a.engine, denseBudget: a.denseBudget, maxMemoryBytes: a.maxMemoryBytes, timeoutSeconds: a.timeoutSeconds }, (i, total, label) => progress.step(i, total, label), theorems, a.shard);
  const of = gridJobs(theorems).length;
  const shard = a.shard ? { shard: { index: a.shard.index, count: a.shard.count, of, items: shardIndices(of, a.shard) } } : {};
  progress.done();
  const total = Number(process.hrtime.bigint() - t0) / 1e9;
  const proved = runs.filter((r) => r.result.verdict === 'PROVED').length;
  if (a.json) {
    io.out(jsonDocument('all', { seed: a.seed, engine: a.engine, proved, total: runs.length, results: runs.map((r) => theoremJson(r.result)), ...shard }));
  } else {
    io.out(
      table(
        ['theorem', 'parameters', 'bound', 'established', 'certificates', 'verdict', 'time'],
        runs.map(({ result: r, seconds }) => [
          r.theorem,
          Object.entries(r.parameters)
            .filter(([k]) => k !== 'seed')
            .map(([k, v]) => `${k}=${v}`)
            .join(' '),
          `${r.bound.direction === 'lower' ? '>=' : r.bound.direction === 'upper' ? '<=' : '='} ${r.bound.perOrder ?? r.bound.value}`,
          established(r),
          String(r.obligations.reduce((s, o) => s + o.certificates.filter((c) => c.verdict.verdict === 'verified').length, 0)),
          r.verdict,
          `${seconds.toFixed(2)}s`,
        ]),
      ),
    );
    io.out(`\n${proved}/${runs.length} instances PROVED in ${total.toFixed(1)} s (seed ${a.seed}${a.shard ? `; shard ${a.shard.index}/${a.shard.count} of ${of} instances` : ''}); each verdict is the kernel's, on that instance's proof bundle.\n`);
  }
  return worstExit(runs.map((r) => r.result));
}
