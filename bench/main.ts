/**
 * `npm run bench [-- group ...] [--quick] [--json FILE]`: benchmarks, timed in one run on this
 * machine, reported as times and as ratios between engines measured side by side. Groups: rank,
 * exact, float, formats, sketch, train, generic, loops, startup, peers (default: all). `--json FILE`
 * saves the numbers of the groups that keep them (peers).
 */
import { BenchArgsError, parseBenchArgs } from './args.js';
import { benchFloat } from './float.js';
import { benchFormats } from './formats.js';
import { benchGeneric } from './generic.js';
import { benchLoops } from './loops.js';
import { benchPeers } from './peers.js';
import { benchExactRank, benchRank } from './rank.js';
import { benchSketch } from './sketch.js';
import { benchStartup } from './startup.js';
import { benchTrain } from './train.js';

/** What every group is given. */
interface GroupOptions {
  readonly quick: boolean;
  readonly json?: string;
}

const GROUPS: Record<string, (o: GroupOptions) => void | Promise<void>> = {
  rank: benchRank,
  exact: benchExactRank,
  float: benchFloat,
  formats: benchFormats,
  sketch: benchSketch,
  train: benchTrain,
  generic: benchGeneric,
  loops: benchLoops,
  startup: benchStartup,
  peers: benchPeers,
};

async function main(): Promise<void> {
  let args;
  try {
    args = parseBenchArgs(process.argv.slice(2), Object.keys(GROUPS));
  } catch (e) {
    if (!(e instanceof BenchArgsError)) throw e;
    console.error(e.message);
    process.exit(2);
  }
  const options: GroupOptions = { quick: args.quick, ...(args.json !== undefined ? { json: args.json } : {}) };
  console.log(`# check-theorem benchmarks (node ${process.version}, ${new Date().toISOString()})`);
  for (const name of args.groups.length > 0 ? args.groups : Object.keys(GROUPS)) await (GROUPS[name] as (o: GroupOptions) => void | Promise<void>)(options);
}

void main();
