/**
 * Global fast-check settings for every property suite, and the replay line of a failure.
 *
 * CI runs with a fixed seed and each suite's bounded number of runs so results replay; deep hunts
 * override them from the environment (`npm run properties -- --runs N --seed S` sets these):
 *   FC_SEED  the seed (default 42, the fast-check anchors' no-regression seed)
 *   FC_RUNS  runs per property (default: each property's CI count, see runs.ts)
 *   FC_PATH  replay one counterexample path (with FC_SEED and the failing test's name)
 */
import fc from 'fast-check';
import { beforeEach } from 'vitest';

const seed = process.env['FC_SEED'] === undefined || process.env['FC_SEED'] === '' ? 42 : Number(process.env['FC_SEED']);
const path = process.env['FC_PATH'];

fc.configureGlobal({
  seed,
  ...(path ? { path, endOnFailure: true } : {}),
  // Print the seed and path of a failure, so it replays with { seed, path }.
  verbose: 1,
});

/** The command that replays a failing property, from fast-check's message. */
export function replayLine(message: string, file: string | undefined, name: string): string | undefined {
  const m = /seed: (-?\d+), path: "([^"]*)"/.exec(message);
  if (!m) return undefined;
  const rel = file ? file.slice(file.indexOf('properties/')) : 'properties';
  return `replay: npm run properties -- --seed ${m[1]} --path "${m[2]}" --file ${rel} --filter ${JSON.stringify(name)}`;
}

beforeEach((ctx) => {
  ctx.onTestFailed((t) => {
    for (const e of t.task.result?.errors ?? []) {
      const line = replayLine(String(e.message ?? ''), ctx.task.file?.filepath, ctx.task.name);
      if (line) process.stderr.write(`\n${line}\n`);
    }
  });
});
