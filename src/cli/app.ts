/**
 * The `check-theorem` command line: a thin yargs layer over the library. Every option maps to a
 * typed library option; every failure is one line with a stable code and an exit code.
 *
 * @packageDocumentation
 */
import yargs from 'yargs';
import { EXIT, UsageError } from './errors.js';
import type { CliIo } from './io.js';
import { runVerify } from './commands/verify.js';

/** Runs the CLI on an argument vector (without node and script); resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.OK;
  const parser = yargs([...argv])
    .scriptName('check-theorem')
    .usage('$0 <command> [options]\n\nMachine-checked expressive-power theorems for CP, TT and HT tensor networks.')
    .command(
      'verify <file>',
      'check a certificate with the trusted kernel alone',
      (y) =>
        y
          .positional('file', { type: 'string', demandOption: true, describe: 'certificate JSON file' })
          .option('json', { type: 'boolean', default: false, describe: 'print the verdict as JSON' }),
      (args) => {
        exitCode = runVerify(args.file, args.json, io);
      },
    )
    .demandCommand(1, 'name a command (try --help)')
    .strict()
    .help()
    .version()
    .wrap(Math.min(110, process.stdout.columns ?? 100))
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
    if (e instanceof UsageError) {
      io.err(`error[${e.code}]: ${e.message}\n`);
      return EXIT.USAGE;
    }
    const err = e as Error;
    io.err(`error[E_INTERNAL]: ${err.message}\n${err.stack ?? ''}\n(please report this: it is a bug in check-theorem)\n`);
    return EXIT.INTERNAL;
  }
}
