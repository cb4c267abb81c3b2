/**
 * Shards: `all`, `gate` and `npm run properties` split their work into n parts so that users who
 * outgrow one machine run the parts on a CI matrix or a batch scheduler, then `merge` the JSON
 * outputs. The assignment is deterministic: item j (0-based, in the command's own order) belongs
 * to shard (j mod n) + 1, so the n shards are disjoint, cover every item, and are balanced.
 *
 * @packageDocumentation
 */

/** Shard i of n (1-based). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Most shards. */
export const MAX_SHARDS = 4096;

/** Parses "i/n" (1 <= i <= n <= MAX_SHARDS); throws RangeError with a readable message. */
export function parseShard(text: string): Shard {
  const m = /^(\d{1,5})\/(\d{1,5})$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || count > MAX_SHARDS || index < 1 || index > count) throw new RangeError(`--shard must be i/n with 1 <= i <= n <= ${MAX_SHARDS}, got "${text.slice(0, 40)}"`);
  return { index, count };
}

/** Whether item j belongs to the shard. */
export function inShard(j: number, s: Shard | undefined): boolean {
  return s === undefined || j % s.count === s.index - 1;
}

/** The indices of `total` items that belong to the shard. */
export function shardIndices(total: number, s: Shard | undefined): number[] {
  return Array.from({ length: total }, (_, j) => j).filter((j) => inShard(j, s));
}

/** What a sharded JSON output records about its shard: which part, of how many items, which ones. */
export interface ShardRecord {
  readonly index: number;
  readonly count: number;
  /** Items in the whole (unsharded) run. */
  readonly of: number;
  /** The items this shard ran, in order (0-based positions in the whole run). */
  readonly items: readonly number[];
}

/**
 * Checks that shard records fit together: the same count and total, every shard once, and their
 * items exactly 0..of-1 once each. Returns a problem in words, or undefined.
 */
export function shardProblem(records: readonly (ShardRecord | undefined)[]): string | undefined {
  if (records.length === 0) return 'nothing to merge';
  if (records.some((r) => r === undefined)) return 'an output without a shard record (run with --shard i/n)';
  const rs = records as ShardRecord[];
  const first = rs[0] as ShardRecord;
  if (rs.some((r) => r.count !== first.count || r.of !== first.of)) return 'outputs of different shardings (shard counts or totals differ)';
  const seen = new Set<number>();
  for (const r of rs) {
    if (seen.has(r.index)) return `shard ${r.index}/${r.count} given twice`;
    seen.add(r.index);
  }
  const missing = Array.from({ length: first.count }, (_, k) => k + 1).filter((k) => !seen.has(k));
  if (missing.length > 0) return `missing shard(s) ${missing.map((k) => `${k}/${first.count}`).join(', ')}`;
  const items = rs.flatMap((r) => [...r.items]).sort((a, b) => a - b);
  if (items.length !== first.of || items.some((x, k) => x !== k)) return 'the shards do not cover every item exactly once';
  for (const r of rs) if (r.items.some((j) => !inShard(j, r))) return `shard ${r.index}/${r.count} lists an item of another shard`;
  return undefined;
}
