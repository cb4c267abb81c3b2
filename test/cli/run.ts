/**
 * Runs the CLI in-process and captures what it printed (shared by the CLI tests).
 */
import { runCli } from '../../src/cli/app.js';
import { memoryIo } from '../../src/cli/io.js';

/**
 * The exit code, stdout and stderr of one CLI run. Text is not wrapped (`--width 0`) unless the
 * test asks for a width: tests match what is said; test/cli/width.test.ts checks the wrapping.
 */
export async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  const code = await runCli(argv.some((a) => a === '--width' || a.startsWith('--width=')) ? argv : ['--width', '0', ...argv], io);
  return { code, out: io.stdout.join(''), err: io.stderr.join('') };
}
