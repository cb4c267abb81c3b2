/**
 * Runs the CLI in-process and captures what it printed (shared by the CLI tests).
 */
import { runCli } from '../../src/cli/app.js';
import { memoryIo } from '../../src/cli/io.js';

/** The exit code, stdout and stderr of one CLI run. */
export async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  const code = await runCli(argv, io);
  return { code, out: io.stdout.join(''), err: io.stderr.join('') };
}
