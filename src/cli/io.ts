/**
 * Where the CLI writes: injected so tests run commands in-process and capture the text.
 *
 * @packageDocumentation
 */

/** How the CLI passes a lone "-" (standard input) through its argument parser. */
export const STDIN_PATH = '\u0000stdin';

/** Output sinks of one CLI run. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Whether stderr is an interactive terminal (progress bars redraw in place there). */
  readonly errIsTty: boolean;
  /**
   * How progress is reported on stderr (`--progress`): `text` (a bar on a terminal, lines
   * otherwise; off with --quiet or --json), `ndjson` (one JSON event per line, also with --json),
   * `none`. Default text.
   */
  readonly progressMode?: 'text' | 'ndjson' | 'none';
}

/** The process's stdout and stderr. */
export const processIo: CliIo = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  errIsTty: Boolean(process.stderr.isTTY),
};

/** An io that records everything (for tests). */
export function memoryIo(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => void stdout.push(t), err: (t) => void stderr.push(t), errIsTty: false };
}
