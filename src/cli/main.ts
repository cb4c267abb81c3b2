#!/usr/bin/env node
/**
 * The `check-theorem` executable.
 *
 * @packageDocumentation
 */
import { runCli } from './app.js';
import { processIo } from './io.js';

process.exitCode = await runCli(process.argv.slice(2), processIo);
