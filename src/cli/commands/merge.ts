/**
 * `check-theorem merge FILE...`: the JSON outputs of `all --shard i/n --json` (or `gate --shard i/n
 * --json`), one per shard, as the single output the unsharded run prints. Refuses outputs of
 * different kinds or shardings, a missing or repeated shard, or items covered twice or not at all.
 *
 * @packageDocumentation
 */
import { readBoundedText } from '../../io/files.js';
import { jsonDocument } from '../../report/json.js';
import { shardProblem, type ShardRecord } from '../../runner/shard.js';
import { EXIT, UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import type { TheoremVerdict } from '../../runner/types.js';
import { worstExit } from './prove.js';

/** Largest shard output read (bytes). */
export const MAX_SHARD_OUTPUT_BYTES = 256 * 1024 * 1024;

type Doc = Record<string, unknown>;

function readDoc(file: string): Doc {
  const text = readBoundedText(file, 'a shard output', MAX_SHARD_OUTPUT_BYTES);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UsageError('E_FILE', `${file} is not JSON (${(e as Error).message})`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new UsageError('E_FILE', `${file} is not a check-theorem JSON output`);
  return doc as Doc;
}

/** Merges shard outputs; returns the exit code the unsharded run would have. */
export function runMerge(a: { files: readonly string[] }, io: CliIo): number {
  if (a.files.length === 0) throw new UsageError('E_USAGE', 'merge needs the JSON outputs of every shard');
  const docs = a.files.map(readDoc);
  const kinds = new Set(docs.map((d) => d['schema']));
  if (kinds.size !== 1) throw new UsageError('E_USAGE', `the outputs are of different kinds: ${[...kinds].map(String).join(', ')}`);
  const kind = [...kinds][0];
  if (kind !== 'check-theorem/all' && kind !== 'check-theorem/gate') throw new UsageError('E_USAGE', `merge takes outputs of all --json and gate --json, got ${String(kind)}`);
  if (docs.some((d) => d['schemaVersion'] !== 1)) throw new UsageError('E_USAGE', 'the outputs are not of schemaVersion 1');
  const records = docs.map((d) => d['shard'] as ShardRecord | undefined);
  const problem = shardProblem(records);
  if (problem) throw new UsageError('E_USAGE', `cannot merge: ${problem}`);
  // Back into the whole run's order.
  const order = docs.map((d, k) => ({ d, r: records[k] as ShardRecord })).sort((x, y) => x.r.index - y.r.index);
  if (kind === 'check-theorem/all') {
    const first = order[0]?.d as Doc;
    if (order.some(({ d }) => d['seed'] !== first['seed'] || d['engine'] !== first['engine'])) throw new UsageError('E_USAGE', 'cannot merge: the shards ran with different seeds or engines');
    const byItem = new Map<number, unknown>();
    for (const { d, r } of order) r.items.forEach((j, k) => byItem.set(j, (d['results'] as unknown[])[k]));
    const results = [...byItem.keys()].sort((x, y) => x - y).map((j) => byItem.get(j));
    const proved = results.filter((x) => (x as Doc)['verdict'] === 'PROVED').length;
    io.out(jsonDocument('all', { seed: first['seed'], engine: first['engine'], proved, total: results.length, results }));
    // The exit code `all` gives: the worst verdict decides.
    return worstExit(results.map((x) => ({ verdict: (x as Doc)['verdict'] as TheoremVerdict })));
  }
  const first = order[0]?.d as Doc;
  if (order.some(({ d }) => d['baseline'] !== first['baseline'])) throw new UsageError('E_USAGE', 'cannot merge: the shards checked different baselines');
  const failures = order.flatMap(({ d }) => d['failures'] as unknown[]);
  const checked = order.reduce((s, { d }) => s + Number(d['checked']), 0);
  io.out(jsonDocument('gate', { baseline: first['baseline'], checked, failures, unrecorded: first['unrecorded'] }));
  return failures.length === 0 ? EXIT.OK : EXIT.NOT_PROVED;
}
