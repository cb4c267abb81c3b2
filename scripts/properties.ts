/**
 * `npm run properties -- [--runs N] [--seed S] [--path P] [--file F] [--filter NAME]`:
 * the property suites run far longer than CI does, to hunt for counterexamples. A failure prints
 * the command that replays it (seed and path).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

function flag(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

const args = process.argv.slice(2);
const known = new Set(['--runs', '--seed', '--path', '--file', '--filter', '--shard']);
for (let i = 0; i < args.length; i += 2) {
  if (!known.has(args[i] as string) || args[i + 1] === undefined) {
    console.error(`error[E_USAGE]: usage: npm run properties -- [--runs N] [--seed S] [--path P] [--file F] [--filter NAME] [--shard i/n] (got ${args[i]})`);
    process.exit(2);
  }
}
const runs = flag(args, 'runs') ?? '1000';
const seed = flag(args, 'seed') ?? String(Date.now() % 2 ** 31);
const path = flag(args, 'path');
const file = flag(args, 'file') ?? 'properties';
const filter = flag(args, 'filter');
const shard = flag(args, 'shard');
if (shard !== undefined && !/^\d+\/\d+$/.test(shard)) {
  console.error('error[E_BAD_PARAMETER]: --shard must be i/n');
  process.exit(2);
}
if (!/^\d+$/.test(runs) || !/^-?\d+$/.test(seed)) {
  console.error('error[E_BAD_PARAMETER]: --runs and --seed must be integers');
  process.exit(2);
}
const vitest = join(process.cwd(), 'node_modules', 'vitest', 'vitest.mjs');
if (!existsSync(vitest)) {
  console.error('error[E_USAGE]: vitest is not installed (run npm install in the repository)');
  process.exit(2);
}
console.log(`property hunt: ${runs} runs per property, seed ${seed}${path ? `, path ${path}` : ''} on ${file}${filter ? ` (${filter})` : ''}${shard ? `, shard ${shard}` : ''}`);
// vitest splits the test files into shards deterministically (by file).
const result = spawnSync(process.execPath, [vitest, 'run', file, ...(filter ? ['-t', filter] : []), ...(shard ? [`--shard=${shard}`] : []), '--testTimeout', '0'], {
  stdio: 'inherit',
  env: { ...process.env, FC_RUNS: runs, FC_SEED: seed, ...(path ? { FC_PATH: path } : {}) },
});
if (result.status !== 0) console.log(`\nA property failed; its replay command is printed above (seed ${seed}).`);
process.exit(result.status ?? 1);
