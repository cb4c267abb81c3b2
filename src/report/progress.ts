/**
 * Progress on long work: redrawn in place on a terminal, one line per step otherwise (so logs of
 * CI runs show it too). Written to stderr so stdout stays clean for results and JSON.
 *
 * @packageDocumentation
 */
import type { CliIo } from '../cli/io.js';

/** A progress reporter. */
export interface Progress {
  step(index: number, total: number, label: string): void;
  done(): void;
}

const BAR_WIDTH = 24;

/** A progress reporter on io's stderr; silent when `quiet` (text mode), see {@link CliIo.progressMode}. */
export function createProgress(io: CliIo, quiet = false): Progress {
  const mode = io.progressMode ?? 'text';
  if (mode === 'none') return { step() {}, done() {} };
  if (mode === 'ndjson') {
    // Asked for explicitly: reported even with --json or --quiet; stdout stays the result alone.
    const t0 = Date.now();
    return {
      step(index, total, label) {
        io.err(JSON.stringify({ event: 'progress', step: index + 1, total, label, elapsedMs: Date.now() - t0 }) + '\n');
      },
      done() {
        io.err(JSON.stringify({ event: 'done', elapsedMs: Date.now() - t0 }) + '\n');
      },
    };
  }
  let drew = false;
  return {
    step(index, total, label) {
      if (quiet) return;
      if (io.errIsTty) {
        const filled = Math.round((BAR_WIDTH * index) / Math.max(1, total));
        const bar = '#'.repeat(filled) + '.'.repeat(BAR_WIDTH - filled);
        io.err(`\r\x1b[2K[${bar}] ${index + 1}/${total} ${label.slice(0, 80)}`);
        drew = true;
      } else {
        io.err(`progress ${index + 1}/${total} ${label}\n`);
      }
    },
    done() {
      if (drew) io.err('\r\x1b[2K');
      drew = false;
    },
  };
}
