/**
 * `npm run bench [-- group ...] [--quick]`: benchmarks, timed in one run on this machine, reported
 * as times and as ratios between engines measured side by side. Groups: rank, exact, float, formats, sketch, train, generic, loops, startup (default: all).
 */
import { benchFloat } from './float.js';
import { benchFormats } from './formats.js';
import { benchGeneric } from './generic.js';
import { benchLoops } from './loops.js';
import { benchExactRank, benchRank } from './rank.js';
import { benchSketch } from './sketch.js';
import { benchStartup } from './startup.js';
import { benchTrain } from './train.js';

const GROUPS: Record<string, (o: { quick: boolean }) => void | Promise<void>> = {
  rank: benchRank,
  exact: benchExactRank,
  float: benchFloat,
  formats: benchFormats,
  sketch: benchSketch,
  train: benchTrain,
  generic: benchGeneric,
  loops: benchLoops,
  startup: benchStartup,
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const names = args.filter((a) => !a.startsWith('--'));
  const unknown = names.filter((n) => !(n in GROUPS));
  if (unknown.length > 0) {
    console.error(`unknown benchmark group(s): ${unknown.join(', ')}; known: ${Object.keys(GROUPS).join(', ')}`);
    process.exit(2);
  }
  console.log(`# check-theorem benchmarks (node ${process.version}, ${new Date().toISOString()})`);
  for (const name of names.length > 0 ? names : Object.keys(GROUPS)) await (GROUPS[name] as (o: { quick: boolean }) => void | Promise<void>)({ quick });
}

void main();
