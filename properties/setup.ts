/**
 * Global fast-check settings for every property suite.
 *
 * CI runs with a fixed seed and a bounded number of runs so results replay; deep hunts override
 * both from the environment (`npm run properties -- --runs N --seed S` sets them):
 *   FC_SEED  the seed (default 42, the fast-check anchors' no-regression seed)
 *   FC_RUNS  runs per property (default: each property's own numRuns, else 100)
 */
import fc from 'fast-check';

const seed = process.env['FC_SEED'] === undefined ? 42 : Number(process.env['FC_SEED']);
const runs = process.env['FC_RUNS'] === undefined ? undefined : Number(process.env['FC_RUNS']);

fc.configureGlobal({
  seed,
  ...(runs !== undefined ? { numRuns: runs } : {}),
  // Print the seed and path of a failure, so it replays with { seed, path }.
  verbose: 1,
});
