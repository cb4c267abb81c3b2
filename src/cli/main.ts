#!/usr/bin/env node
/**
 * The `check-theorem` executable.
 *
 * @packageDocumentation
 */
import { runCli } from './app.js';
import { processIo } from './io.js';

// A reader that stops early (`check-theorem list | head`) closes the pipe: stop quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

process.exitCode = await runCli(process.argv.slice(2), processIo);
