/**
 * `check-theorem discover`: certify the exact generic rank of a family's matricization at every
 * point of a grid (generic-rank, PROVED by the kernel from both sides), fit the simplest closed form
 * of the candidate space (proofs/discover.ts), and state it as a CONJECTURE with the command that
 * tests it further; `--save` writes it as a conjecture file the gate re-proves.
 *
 * @packageDocumentation
 */
import { candidateText, fitClosedForm, type DataPoint } from '../../../proofs/discover.js';
import { conjectureToJson } from '../../../proofs/conjectureFile.js';
import { genericRank, htOddEvenAllOrders, sharedCoresAllOrders, ttOddEvenAllOrders } from '../../../proofs/index.js';
import type { GridPoint, TheoremModule, TheoremParams } from '../../../proofs/types.js';
import { checkWritable, writeAtomic } from '../../io/files.js';
import { jsonDocument, stableJson } from '../../report/json.js';
import { createProgress } from '../../report/progress.js';
import { table } from '../../report/text.js';
import { certifiedLower, planAll, runTheorem } from '../../runner/theorem.js';
import type { NetworkFormat } from '../../runner/types.js';
import { EXIT, UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { MAX_POINTS, parseValues, type FamilyGridArgs } from './conjecture.js';
import type { RunFlags } from './prove.js';

/** Arguments of `discover`. */
export type DiscoverArgs = RunFlags & FamilyGridArgs;

/** Runs `discover`; returns the exit code (0 when a closed form fits every certified point). */
export function runDiscover(a: DiscoverArgs, io: CliIo): number {
  if ((a.network === undefined) === (a.format === undefined)) throw new UsageError('E_USAGE', 'name the family with exactly one of --network and --format');
  if (a.network !== undefined && a.network !== 'ring' && a.network !== 'grid') throw new UsageError('E_BAD_PARAMETER', 'discover fits closed forms in n, r and d: --network ring or grid, or a --format');
  const ns = parseValues('n', a.n, 1 << 16) ?? [];
  const rs = parseValues('r', a.r, 1 << 16) ?? [];
  const ds = parseValues('d', a.d, 4096) ?? [];
  if (ns.length === 0 || rs.length === 0 || ds.length === 0) throw new UsageError('E_USAGE', 'discover needs --n, --r and --d (values or ranges)');
  const base = { seed: a.seed, split: a.split, ...(a.network !== undefined ? { network: a.network } : { format: a.format as NetworkFormat }) };
  const points: TheoremParams[] = [];
  for (const n of ns) for (const r of rs) for (const d of ds) points.push({ ...base, n, r, d });
  if (points.length > MAX_POINTS) throw new UsageError('E_BAD_PARAMETER', `the grid has ${points.length} points, above ${MAX_POINTS}`);
  if (a.save !== undefined) checkWritable(a.save, 'the conjecture file');
  const options = { engine: a.engine, denseBudget: a.denseBudget, maxMemoryBytes: a.maxMemoryBytes, timeoutSeconds: a.timeoutSeconds };
  // Validated and planned as a whole before any work.
  const planned = planAll(points.map((p) => ({ module: genericRank, params: p })), options);
  const progress = createProgress(io, a.quiet || a.json);
  const results = points.map((p, i) => {
    progress.step(i, points.length, `n=${p.n} r=${p.r} d=${p.d}`);
    return { p, r: runTheorem(genericRank, p, options, planned[i]) };
  });
  progress.done();
  const data: DataPoint[] = results.filter((x) => x.r.verdict === 'PROVED').map((x) => ({ n: x.p.n, r: x.p.r, d: x.p.d, rank: BigInt(x.r.bound.value) }));
  const open = results.filter((x) => x.r.verdict !== 'PROVED');
  const fit = fitClosedForm(data);
  const expression = fit.best[0] ? candidateText(fit.best[0]) : undefined;
  const family = a.network !== undefined ? `--network ${a.network}` : `--format ${a.format}`;
  const name = a.name ?? 'discovered';
  if (a.save !== undefined && expression !== undefined) {
    const grid = results.map((x) => ({ ...(a.network !== undefined ? { network: a.network } : { format: a.format }), n: x.p.n, r: x.p.r, d: x.p.d, split: a.split }) as unknown as GridPoint);
    writeAtomic(a.save, stableJson(conjectureToJson({ name, relation: '=', bound: expression, grid })) + '\n');
    io.err(`conjecture saved to ${a.save}; put it in proofs/conjectures/ as ${name}.json and run gate --update to have the gate re-prove it\n`);
  }
  // Where a statement proves the odd/even rank for every even d, say whether the data agrees with it.
  const allD = a.split === 'odd-even' && a.format !== undefined ? ({ tt: ttOddEvenAllOrders, 'tt-shared': sharedCoresAllOrders, ht: htOddEvenAllOrders } as Partial<Record<string, TheoremModule>>)[a.format] : undefined;
  const agrees =
    allD?.perOrder !== undefined &&
    data.length > 0 &&
    data.every((x) => {
      const b = allD.perOrder?.({ n: x.n, r: x.r, d: Number.NaN, seed: 1 }) as { leading: bigint; base: bigint };
      return x.d % 2 === 0 && b.leading * b.base ** BigInt(x.d / 2 - 1) === x.rank;
    });
  const provedText = agrees && allD ? `every certified point equals ${allD.bound.pretty}, which is PROVED for every even d: check-theorem prove ${allD.id} -n N -r R` : undefined;
  const test = expression !== undefined ? `check-theorem conjecture ${family} --split ${a.split} --relation = --bound '${expression}' --n ${ns[0]}..${2 * (ns[ns.length - 1] as number)} --r ${rs[0]}..${(rs[rs.length - 1] as number) + 1} --d ${ds.join(',')},${(ds[ds.length - 1] as number) + 2} --search 40` : undefined;
  if (a.json) {
    io.out(
      jsonDocument('discover', {
        family: a.network ?? a.format,
        split: a.split,
        points: results.map((x) => ({ n: x.p.n, r: x.p.r, d: x.p.d, verdict: x.r.verdict, ...(x.r.verdict === 'PROVED' ? { genericRank: x.r.bound.value } : { summary: x.r.summary }) })),
        fit: { status: expression !== undefined ? 'CONJECTURE' : 'NONE', ...(expression !== undefined ? { expression, ties: fit.best.map(candidateText) } : {}), admissibleMonomials: fit.admissible, certifiedPoints: data.length },
        ...(test ? { test } : {}),
        ...(agrees && allD ? { provedForEveryD: { theorem: allD.id, expression: allD.bound.pretty } } : {}),
      }),
    );
    return expression !== undefined ? EXIT.OK : EXIT.INCONCLUSIVE;
  }
  const lines: string[] = [];
  lines.push(`generic rank of the ${a.split} matricization (${family}), certified from both sides by the kernel at ${data.length} of ${points.length} point(s):`);
  lines.push(table(['n', 'r', 'd', 'generic rank', 'verdict'], results.map((x) => [String(x.p.n), String(x.p.r), String(x.p.d), x.r.verdict === 'PROVED' ? x.r.bound.value : `in [${certifiedLower(x.r.obligations.find((o) => o.id === 'lower')) ?? '?'}, ${x.r.bound.value}]`, x.r.verdict])));
  if (open.length > 0) lines.push(`${open.length} point(s) not certified exactly are left out of the fit.`);
  if (expression !== undefined) {
    lines.push(`CONJECTURE (not proved for all d): generic rank = ${expression}`);
    lines.push(`  the simplest expression of the candidate space (minima of up to 3 monomials c n^a r^b, exponents affine in d) matching all ${data.length} certified points${fit.best.length > 1 ? `; equally simple: ${fit.best.slice(1).map(candidateText).join('; ')}` : ''}`);
    lines.push(`  test it further: ${test}`);
  } else lines.push(`no expression of the candidate space matches all ${data.length} certified points (${fit.admissible} monomials stay above every point)`);
  if (provedText) lines.push(provedText);
  io.out(lines.join('\n') + '\n');
  return expression !== undefined ? EXIT.OK : EXIT.INCONCLUSIVE;
}
