/**
 * The command line of `npm run bench`: group names, `--quick`, and `--json FILE` (or
 * `--json=FILE`) for the groups that save their numbers. Unknown options and groups are errors
 * that list what is known, so a typo does not silently run every group.
 */

/** What a benchmark run was asked for. */
export interface BenchArgs {
  /** The groups to run, in the order given (empty: every group). */
  readonly groups: readonly string[];
  readonly quick: boolean;
  /** Where groups that can save their numbers write them as JSON. */
  readonly json?: string;
}

/** A command line that cannot be run, with a message for the user. */
export class BenchArgsError extends Error {
  override readonly name = 'BenchArgsError';
}

/** Parses the arguments after `npm run bench --`; `known` lists the group names. */
export function parseBenchArgs(argv: readonly string[], known: readonly string[]): BenchArgs {
  const groups: string[] = [];
  let quick = false;
  let json: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--quick') quick = true;
    else if (a === '--json' || a.startsWith('--json=')) {
      const file = a === '--json' ? argv[++i] : a.slice('--json='.length);
      if (file === undefined || file === '' || file.startsWith('--')) throw new BenchArgsError('--json needs a file name, e.g. --json peers.json');
      json = file;
    } else if (a.startsWith('-')) throw new BenchArgsError(`unknown option ${a}; known: --quick, --json FILE`);
    else if (!known.includes(a)) throw new BenchArgsError(`unknown benchmark group ${a}; known: ${known.join(', ')}`);
    else groups.push(a);
  }
  return { groups, quick, ...(json !== undefined ? { json } : {}) };
}
