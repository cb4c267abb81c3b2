/**
 * What every experiment shares: the output folder, the run record, tables and plots on disk.
 *
 * @packageDocumentation
 */
import { mkdirSync } from 'node:fs';
import { writeAtomic } from '../../io/files.js';
import { join } from 'node:path';
import { boundarySpec, lineChartSpec, writeFigure, type BoundaryPicture, type LineChart } from '../../report/figure.js';
import { stableJson } from '../../report/json.js';

/** Where an experiment writes, how it reports progress and text, and on how many threads it trains. */
export interface ExperimentIo {
  readonly out: string;
  /**
   * Worker threads for the training jobs (pool.ts); 1 trains on the main thread. Not a setting of
   * the experiment: the results are the same whatever the count.
   */
  readonly workers: number;
  log(text: string): void;
  progress(label: string, fraction: number): void;
  progressDone(): void;
}

/** Creates the output folder. */
export function prepareOut(dir: string): void {
  mkdirSync(dir, { recursive: true });
}

/**
 * Writes a JSON file (stable formatting), atomically. Every experiment writes its record last, so
 * a folder without the record is an interrupted run.
 */
export function writeJson(io: ExperimentIo, name: string, value: unknown): string {
  const path = join(io.out, name);
  writeAtomic(path, stableJson(value) + '\n');
  return path;
}

/** Writes a chart: its Vega-Lite spec and CSV, and SVG + PNG when the renderers are installed; returns the paths. */
export async function writeChart(io: ExperimentIo, base: string, chart: LineChart): Promise<string[]> {
  const r = await writeFigure(io.out, base, lineChartSpec(chart));
  if (r.note) io.log(`${base}: ${r.note}\n`);
  return r.files;
}

/** Writes a decision-boundary picture (heat map, colour bar, class legend, axes) like a chart. */
export async function writeBoundary(io: ExperimentIo, base: string, picture: BoundaryPicture): Promise<string[]> {
  const r = await writeFigure(io.out, base, boundarySpec(picture));
  if (r.note) io.log(`${base}: ${r.note}\n`);
  return r.files;
}

/** Parses a comma-separated list of positive integers. */
export function parseIntList(text: string, what: string): number[] {
  const xs = text.split(',').map((s) => Number(s.trim()));
  if (xs.length === 0 || xs.some((x) => !Number.isSafeInteger(x) || x < 1)) throw new RangeError(`${what} must be a comma-separated list of positive integers, got "${text}"`);
  return xs;
}
