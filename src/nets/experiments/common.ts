/**
 * What every experiment shares: the output folder, the run record, tables and plots on disk.
 *
 * @packageDocumentation
 */
import { mkdirSync } from 'node:fs';
import { writeAtomic } from '../../io/files.js';
import { join } from 'node:path';
import { lineChartPng, lineChartSvg, type LineChart } from '../../report/plot.js';
import { stableJson } from '../../report/json.js';

/** Where an experiment writes, and how it reports progress and text. */
export interface ExperimentIo {
  readonly out: string;
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

/** Writes a chart as SVG and PNG; returns the two paths. */
export function writeChart(io: ExperimentIo, base: string, chart: LineChart): string[] {
  const svg = join(io.out, `${base}.svg`);
  const png = join(io.out, `${base}.png`);
  writeAtomic(svg, lineChartSvg(chart));
  writeAtomic(png, lineChartPng(chart));
  return [svg, png];
}

/** Parses a comma-separated list of positive integers. */
export function parseIntList(text: string, what: string): number[] {
  const xs = text.split(',').map((s) => Number(s.trim()));
  if (xs.length === 0 || xs.some((x) => !Number.isSafeInteger(x) || x < 1)) throw new RangeError(`${what} must be a comma-separated list of positive integers, got "${text}"`);
  return xs;
}
