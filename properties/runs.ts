/**
 * Run counts for properties: each suite states its CI count; a deep hunt multiplies every count
 * (`npm run properties -- --runs N` sets FC_RUNS to N, used as the count for every property).
 */

/** The number of runs: FC_RUNS when set, else the suite's own CI count. */
export function runs(ci: number): number {
  const env = process.env['FC_RUNS'];
  if (env === undefined || env === '') return ci;
  const n = Number(env);
  return Number.isSafeInteger(n) && n > 0 ? n : ci;
}
