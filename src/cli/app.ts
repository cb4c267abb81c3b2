/**
 * The `check-theorem` command line: a thin yargs layer over the library. Every option maps to a
 * typed library option; every failure is one line with a stable code and an exit code.
 *
 * @packageDocumentation
 */
import yargs, { type Argv } from 'yargs';
import { ExpressionError, ParameterError } from '../../proofs/types.js';
import { BudgetError, FormatError } from '../formats/types.js';
import { ShapeError } from '../tensor/shape.js';
import { trainCommand } from './commands/train.js';
import { EXIT, UsageError } from './errors.js';
import { STDIN_PATH, type CliIo } from './io.js';
import { SHARD_OPTION, KEYS_OPTION, LAYOUT_OPTION, ROUNDING_OPTION, MAX_SEED, NETWORK_OPTION, SIZES_OPTION, NETWORK_FORMATS, SEED, coercedError, choiceOption, flag, intListOption, intOption, limits, optionalSizeOptions, required, requireSizes, runOptions, sizeOptions, stringOption, theoremParams, withDefault } from './options.js';
import { LimitError } from '../runner/cost.js';
import { TOOL } from '../runner/tool.js';
import { setTextWidth, TEXT_WIDTH, wrapLines } from '../report/text.js';
import { DEFAULT_JOBS, setDefaultJobs } from '../runner/checkPool.js';
import { FileError } from '../io/files.js';

/** Examples shown by each command's --help. */
const EXAMPLES: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  list: [['$0 list', 'every statement with its id, bound, parameters and source']],
  prove: [
    ['$0 prove theorem1 -n 3 -r 3 -d 8 --out t1/', 'Theorem 1 at one instance; the proof bundle into t1/'],
    ['$0 prove generic-rank --network ring -n 3 -r 2 -d 4 --split modes:0,2', 'a loop network: generic rank in [8, 9]'],
    ['$0 prove model-cp-width --tensor tt.safetensors --keys cores.', 'a trained TT (PyTorch, TensorLy, NumPy files)'],
  ],
  verify: [
    ['$0 verify t1/', 'a bundle folder, with the trusted kernel alone'],
    ['$0 verify a.json b.json -', 'certificates and single-file bundles, - for standard input'],
  ],
  rank: [
    ['$0 rank --format tt -n 3 -r 2 -d 6', 'the generic odd/even rank of a TT, certified from both sides'],
    ['$0 rank --network einsum:ea,abi,bcj,cek --sizes a=2,b=2,c=2,e=2,i=3,j=3,k=3 --split modes:0', 'any network as einsum'],
    ['$0 rank --tensor model.npz --split prefix:2', 'the rank of one given tensor'],
  ],
  conjecture: [
    ["$0 conjecture --network ring -n 2..6 -r 2..3 -d 4..8/2 --relation '>=' --bound 'min(n,r)^(d/2)' --split odd-even", 'decide a conjecture on a grid'],
    ["$0 conjecture --network ring -n 2..40 -r 2..10 -d 3..10 --relation '>=' --bound 'n^min(k, d-k)' --search 100 --out cex/", 'search for a counterexample and write its certificates'],
  ],
  discover: [['$0 discover --format tt -n 2..5 -r 2,3 -d 4..8/2', 'certified generic ranks on a grid and the simplest closed form (a conjecture)']],
  experiment: [['$0 experiment relu-ranks --out relu/', 'random ReLU RNNs (M = 10, T = 6, ranks 1, 2, 4, 8): certified width bounds, a figure and one bundle per sample']],
  table: [['$0 table -n 3 -r 2 -d 8', "the paper's Table 2 with certified numbers"]],
  all: [
    ['$0 all', 'every statement on its default grid (the main job)'],
    ['$0 all --shard 1/3 --json > s1.json', 'a third of it (e.g. one CI job of three); merge with merge'],
  ],
  merge: [['$0 merge s1.json s2.json s3.json', 'the outputs of all --shard 1/3 --json, 2/3 and 3/3 as one']],
  gate: [
    ['$0 gate', 're-prove the committed baseline'],
    ['$0 gate --shard 2/4 --json > g2.json', 'the second quarter of it (merge the four outputs with merge)'],
    ['$0 gate --update', 'rewrite it (only when a change of results is intended)'],
  ],
};

/** Adds a command's examples to its builder. */
function examples<T>(y: Argv<T>, command: string): Argv<T> {
  let out = y;
  for (const [cmd, what] of EXAMPLES[command] ?? []) out = out.example(cmd, what);
  return out;
}

/**
 * Whether an argument may ask yargs for help: `--help` (also `--help=true`), the `help` command, or
 * a cluster of short flags with `h` (`-h`, `-qh`). A false positive only costs the layout's time.
 */
function asksForHelp(a: string): boolean {
  return a === 'help' || /^--help(=|$)/.test(a) || /^-[A-Za-z]*h[A-Za-z]*$/.test(a);
}

/** Turns library errors that are the user's to fix into usage errors. */
function asUsageError(e: unknown): UsageError | undefined {
  if (e instanceof UsageError) return e;
  const fromCoerce = coercedError(e);
  if (fromCoerce) return fromCoerce;
  if (e instanceof ParameterError) return new UsageError('E_BAD_PARAMETER', e.message);
  if (e instanceof ExpressionError) return new UsageError('E_BAD_EXPRESSION', e.message);
  if (e instanceof BudgetError || e instanceof LimitError) return new UsageError('E_BUDGET', e.message);
  if (e instanceof ShapeError || e instanceof FormatError) return new UsageError('E_BAD_PARAMETER', e.message);
  if (e instanceof FileError) return new UsageError(e.code, e.message);
  return undefined;
}

/** Runs the CLI on an argument vector (without node and script); resolves to the exit code. */
export async function runCli(argv0: readonly string[], io0: CliIo): Promise<number> {
  let exitCode: number = EXIT.OK;
  // --progress is global: commands see it through io.progressMode, set once the options are parsed.
  let progressMode: 'text' | 'ndjson' | 'none' = io0.progressMode ?? 'text';
  // Text on stdout is wrapped to --width; JSON never is.
  let wrapText = false;
  const io: CliIo = {
    out: (t) => io0.out(wrapText ? wrapLines(t) : t),
    err: (t) => io0.err(t),
    errIsTty: io0.errIsTty,
    get progressMode() {
      return progressMode;
    },
  };
  // yargs drops a lone "-" (standard input for verify): pass it through under another name.
  const argv = argv0.map((a) => (a === '-' ? STDIN_PATH : a));
  // Each command's code is imported by its handler, so a run loads only what it uses (`verify`
  // needs the kernel, not the theorem catalogue or the trainers). The catalogue is loaded up
  // front only for `prove`, whose help lists the statements.
  const theorems = argv.includes('prove') ? (await import('../../proofs/index.js')).THEOREMS : [];
  const base = yargs([...argv])
    .scriptName('check-theorem')
    .usage('$0 <command> [options]\n\nMachine-checked expressive-power theorems for CP, TT and HT tensor networks.')
    .option('progress', { ...choiceOption('progress', ['text', 'ndjson', 'none'] as const, { describe: 'progress on stderr: text (bar or lines; off with --quiet/--json), ndjson (one JSON event per line, also with --json), none' }), global: true })
    .option('width', { ...intOption('width', { min: 0, max: 10_000, describe: `columns text output wraps at (tables and prose; 0: no wrapping)` }), default: TEXT_WIDTH, global: true })
    .option('jobs', { ...intOption('jobs', { min: 1, max: 256, describe: `threads checking a bundle's certificates with the kernel, this one included (default: one per core); verdicts are the same for any number` }), global: true })
    .middleware((a) => {
      if (a['progress'] !== undefined) progressMode = a['progress'] as typeof progressMode;
      setDefaultJobs(typeof a['jobs'] === 'number' ? a['jobs'] : DEFAULT_JOBS);
      setTextWidth(typeof a['width'] === 'number' ? a['width'] : TEXT_WIDTH);
      wrapText = a['json'] !== true && a['width'] !== 0;
    }, true)
    .command('list', 'the statements, their ids and sources', (y) => examples(y.option('json', flag('print JSON')), 'list'), async (a) => {
      const { runList } = await import('./commands/list.js');
      exitCode = runList(a.json, io);
    })
    .command(
      'prove <theorem>',
      'prove one instance of a statement and check every certificate with the kernel',
      (y) =>
        examples(runOptions(optionalSizeOptions(y))
          .epilogue(theorems.length === 0 ? '' : `Statements and the parameters each takes:\n${theorems.map((t) => `  ${t.id.padEnd(16)} ${t.parameters.map((x) => `--${x}`).join(' ')}`).join('\n')}`)
          .positional('theorem', { type: 'string', demandOption: true, describe: 'statement id (see list)' })
          .option('tensor', stringOption('tensor', { describe: 'a tensor file (model-cp-width): JSON (written by check-theorem train), .npy, .npz or .safetensors' }))
          .option('layout', LAYOUT_OPTION)
          .option('keys', KEYS_OPTION)
          .option('rounding', ROUNDING_OPTION)
          .option('k', intOption('k', { min: 1, max: 8192, describe: 'the bound to certify (model-cp-width)' }))
          .option('split', stringOption('split', { describe: 'odd-even | prefix:K | modes:i,j,... (lemma1, generic-rank)' }))
          .option('format', choiceOption('format', NETWORK_FORMATS, { describe: 'format (generic-rank)' }))
          .option('network', NETWORK_OPTION)
          .option('sizes', SIZES_OPTION)
          .option('certificate', stringOption('certificate', { describe: 'write the main certificate to this file' }))
          .option('out', stringOption('out', { describe: 'write the proof bundle (manifest.json and every certificate) into this folder' }))
          .option('bundle', stringOption('bundle', { describe: 'write the proof bundle as one JSON file' }))
          .option('explain', flag('print the statement, source and argument')), 'prove'),
      async (a) => {
        const { runProve, theoremOrFail } = await import('./commands/prove.js');
        requireSizes(theoremOrFail(a.theorem), a);
        exitCode = runProve(a.theorem, { params: theoremParams(a), engine: a.engine, denseBudget: a['max-entries'], ...limits(a), json: a.json, quiet: a.quiet, explain: a.explain, certificate: a.certificate, out: a.out, bundle: a.bundle }, io);
      },
    )
    .command(
      'verify <paths..>',
      'check certificates and proof bundles with the trusted kernel alone',
      (y) =>
        examples(y
          .positional('paths', { type: 'string', array: true, demandOption: true, describe: 'certificate files, bundle folders (manifest.json inside) or single-file bundles; - reads standard input' })
          .option('json', flag('print the verdicts as JSON'))
          .option('quiet', flag('no progress output')), 'verify'),
      async (a) => {
        const { runVerify } = await import('./commands/verify.js');
        exitCode = runVerify((a.paths ?? []).map(String), a.json, io, a.quiet);
      },
    )
    .command(
      'rank',
      'the generic rank of one matricization, certified from both sides',
      (y) =>
        examples(runOptions(optionalSizeOptions(y))
          .option('format', choiceOption('format', NETWORK_FORMATS, { describe: 'a built-in format at (n, r, d)' }))
          .option('network', NETWORK_OPTION)
          .option('sizes', SIZES_OPTION)
          .option('tensor', stringOption('tensor', { describe: 'the rank of this one tensor (JSON, .npy, .npz or .safetensors) instead of a generic one' }))
          .option('layout', LAYOUT_OPTION)
          .option('keys', KEYS_OPTION)
          .option('rounding', ROUNDING_OPTION)
          .option('split', withDefault(stringOption('split', { describe: 'odd-even | prefix:K | modes:i,j,...' }), 'odd-even'))
          .option('certificate', stringOption('certificate', { describe: 'write the lower-bound certificate to this file' }))
          .option('out', stringOption('out', { describe: 'write the proof bundle into this folder' }))
          .option('bundle', stringOption('bundle', { describe: 'write the proof bundle as one JSON file' })), 'rank'),
      async (a) => {
        const { runRank } = await import('./commands/rank.js');
        exitCode = runRank({ params: theoremParams(a), engine: a.engine, denseBudget: a['max-entries'], ...limits(a), json: a.json, quiet: a.quiet, out: a.out, certificate: a.certificate, bundle: a.bundle }, io);
      },
    )
    .command(
      'conjecture',
      'your conjecture about a family of networks, decided by the kernel on a grid and searched with fast-check',
      (y) =>
        examples(runOptions(y)
          .option('network', NETWORK_OPTION)
          .option('format', choiceOption('format', NETWORK_FORMATS, { describe: 'a built-in family at (n, r, d)' }))
          .option('sizes', SIZES_OPTION)
          .option('n', stringOption('n', { describe: 'mode sizes: 3, 2,3,5, 2..6 or 4..12/2', maxLength: 200 }))
          .option('r', stringOption('r', { describe: 'ranks (bond sizes), as --n', maxLength: 200 }))
          .option('d', stringOption('d', { describe: 'orders (number of modes), as --n', maxLength: 200 }))
          .option('split', withDefault(stringOption('split', { describe: 'every | worst (every split up to symmetry) | odd-even | prefix:K | modes:i,j,...' }), 'every'))
          .option('relation', required(choiceOption('relation', ['>=', '<=', '=', 'ge', 'le', 'eq'] as const, { describe: 'generic rank RELATION bound' })))
          .option('bound', required(stringOption('bound', { describe: 'a mathjs expression over n, r, d, k (row modes) and cut (the split\'s minimum cut), e.g. "min(n, r)^(d/2)"', maxLength: 400 })))
          .option('search', withDefault(intOption('search', { min: 0, max: 100_000, describe: 'random points fast-check tries (and shrinks) within the ranges' }), 0))
          .option('search-seed', withDefault(intOption('search-seed', { min: 0, max: MAX_SEED, describe: "fast-check's seed (printed; replays the search)" }), 1))
          .option('seed', SEED)
          .option('out', stringOption('out', { describe: "write the minimal counterexample's proof bundle into this folder" }))
          .option('save', stringOption('save', { describe: 'write the conjecture and its grid as a statement file (for proofs/conjectures/ and the gate)' }))
          .option('name', stringOption('name', { describe: 'the conjecture\'s name in a saved file (lower-case, digits, dashes)', maxLength: 64 })), 'conjecture'),
      async (a) => {
        const relation = ({ ge: '>=', le: '<=', eq: '=' } as const)[a.relation as 'ge' | 'le' | 'eq'] ?? (a.relation as '>=' | '<=' | '=');
        const { runConjecture } = await import('./commands/conjecture.js');
        exitCode = runConjecture(
          { network: a.network, format: a.format, sizes: a.sizes, n: a.n, r: a.r, d: a.d, split: a.split, relation, bound: a.bound, search: a.search, searchSeed: a['search-seed'], seed: a.seed, engine: a.engine, denseBudget: a['max-entries'], ...limits(a), json: a.json, quiet: a.quiet, out: a.out, save: a.save, name: a.name },
          io,
        );
      },
    )
    .command(
      'discover',
      "certify a family's exact generic ranks on a grid and state the simplest closed form that fits them (a CONJECTURE)",
      (y) =>
        examples(runOptions(y)
          .option('network', choiceOption('network', ['ring', 'grid'] as const, { describe: 'a loop family at (n, r, d)' }))
          .option('format', choiceOption('format', NETWORK_FORMATS, { describe: 'a built-in family at (n, r, d)' }))
          .option('n', stringOption('n', { describe: 'mode sizes: 3, 2,3,5, 2..6 or 4..12/2', maxLength: 200 }))
          .option('r', stringOption('r', { describe: 'ranks, as --n', maxLength: 200 }))
          .option('d', stringOption('d', { describe: 'orders, as --n', maxLength: 200 }))
          .option('split', withDefault(stringOption('split', { describe: 'odd-even | prefix:K | modes:i,j,...' }), 'odd-even'))
          .option('seed', SEED)
          .option('save', stringOption('save', { describe: 'write the closed form as a conjecture file (relation =) over the grid' }))
          .option('name', stringOption('name', { describe: "the conjecture's name in a saved file", maxLength: 64 })), 'discover'),
      async (a) => {
        const { runDiscover } = await import('./commands/discover.js');
        exitCode = runDiscover({ network: a.network, format: a.format, n: a.n, r: a.r, d: a.d, split: a.split, seed: a.seed, engine: a.engine, denseBudget: a['max-entries'], ...limits(a), json: a.json, quiet: a.quiet, save: a.save, name: a.name }, io);
      },
    )
    .command(
      'experiment',
      'experiments whose numbers the kernel certifies (no training): relu-ranks',
      (y) =>
        y
          .command(
            'relu-ranks',
            'the rank distribution of random generalized (ReLU) RNNs (Khrulkov et al. 2019), each sample a kernel-checked width bound',
            (b) =>
              examples(runOptions(b)
                .option('m', withDefault(intOption('m', { min: 2, max: 64, describe: 'template size M (grid points per step)' }), 10))
                .option('t', withDefault(intOption('t', { min: 2, max: 20, describe: 'order T (sequence length, even)' }), 6))
                .option('ranks', withDefault(intListOption('ranks', { min: 1, max: 64, maxItems: 12, describe: 'RNN ranks to sample' }), '1,2,4,8'))
                .option('samples', withDefault(intOption('samples', { min: 1, max: 10_000, describe: 'random networks per rank' }), 10))
                .option('seed', SEED)
                .option('out', stringOption('out', { describe: 'folder for the JSON record, CSV, figure (SVG, PNG) and one proof bundle per sample' })), 'experiment'),
            async (a) => {
              const { runReluRanksCommand } = await import('./commands/experiment.js');
              exitCode = await runReluRanksCommand({ m: a.m, t: a.t, ranks: a.ranks, samples: a.samples, seed: a.seed, out: a.out, engine: a.engine, denseBudget: a['max-entries'], ...limits(a), json: a.json, quiet: a.quiet }, io);
            },
          )
          .demandCommand(1, 'name an experiment: relu-ranks'),
    )
    .command(
      'table',
      "the paper's Table 2 with certified numbers, marking where each bound is tight",
      (y) =>
        examples(runOptions(sizeOptions(y)), 'table'),
      async (a) => {
        const { runTable } = await import('./commands/table.js');
        exitCode = runTable({ params: theoremParams(a), engine: a.engine, denseBudget: a['max-entries'], ...limits(a), json: a.json, quiet: a.quiet }, io);
      },
    )
    .command(
      'all',
      'every statement proved on its default grid, as a table (the main job)',
      (y) =>
        examples(runOptions(y).option('seed', SEED).option('shard', SHARD_OPTION), 'all'),
      async (a) => {
        const { runAll } = await import('./commands/all.js');
        exitCode = runAll({ seed: a.seed, engine: a.engine, denseBudget: a['max-entries'], ...limits(a), json: a.json, quiet: a.quiet, shard: a.shard }, io);
      },
    )
    .command(
      'gate',
      're-prove the committed baseline (proofs/baseline.json) and fail on any change',
      (y) =>
        examples(y
          .option('baseline', stringOption('baseline', { describe: "baseline file (default: the package's proofs/baseline.json)" }))
          .option('update', flag('rewrite the baseline from the default grids'))
          .option('shard', SHARD_OPTION)
          .option('json', flag('print JSON'))
          .option('quiet', flag('no progress output')), 'gate'),
      async (a) => {
        const { runGateCommand } = await import('./commands/gate.js');
        exitCode = runGateCommand({ file: a.baseline, update: a.update, json: a.json, quiet: a.quiet, shard: a.shard }, io);
      },
    )
    .command(
      'merge <files..>',
      'merge the JSON outputs of all --shard i/n --json (or gate) into the one the whole run prints',
      (y) => examples(y.positional('files', { type: 'string', array: true, describe: 'one JSON output per shard' }), 'merge'),
      async (a) => {
        const { runMerge } = await import('./commands/merge.js');
        exitCode = runMerge({ files: (a.files as string[] | undefined) ?? [] }, io);
      },
    );
  const parser = trainCommand(base, { io, argv, setExit: (c) => (exitCode = c) })
    .example('$0 all', 'prove every statement on its default grid')
    .example('$0 prove theorem1 -n 3 -r 3 -d 8 --certificate t1.json', 'Theorem 1 at one instance, certificate to a file')
    .example('$0 verify t1.json', 'the trusted kernel alone')
    .example('$0 rank --format tt -n 3 -r 2 -d 6', 'the generic odd/even rank, certified from both sides')
    .example('$0 train mnist', 'TT vs CP vs HT on MNIST, JSON and plots in out/mnist')
    .completion('completion', 'print a bash/zsh completion script (source it: check-theorem completion >> ~/.bashrc)')
    .demandCommand(1, 'name a command (try --help)')
    .strict()
    .help()
    .alias('h', 'help')
    .version(TOOL.version)
    // yargs lays out the whole help text after every command it runs (it caches it in case a
    // handler asks for it; ours never do), and wrapping that text took a third of a small
    // `prove` (130 of 400 ms): wrap it only when help is what was asked for.
    .wrap(argv.some(asksForHelp) ? Math.min(110, process.stdout.columns ?? 100) : null)
    .exitProcess(false)
    .fail((msg, err) => {
      if (err) throw err;
      throw new UsageError('E_USAGE', (msg ?? 'bad usage').split('\n')[0] ?? 'bad usage');
    });
  try {
    let helpText: string | undefined;
    await parser.parseAsync([...argv], {}, (_err, _argv, output) => {
      if (output) helpText = output;
    });
    if (helpText !== undefined) io.out(helpText + '\n');
    return exitCode;
  } catch (e) {
    const usage = asUsageError(e);
    if (usage) {
      io.err(`error[${usage.code}]: ${usage.message.split('\n')[0]}\n`);
      return EXIT.USAGE;
    }
    const err = e as Error;
    io.err(`error[E_INTERNAL]: ${err.message}\n${err.stack ?? ''}\n(please report this: it is a bug in check-theorem)\n`);
    return EXIT.INTERNAL;
  }
}
