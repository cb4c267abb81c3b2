/**
 * Figures a paper can use: every chart is a Vega-Lite specification (written next to its data as
 * CSV, so it can be restyled), rendered to SVG by `vega` and to PNG by `@resvg/resvg-js` with the
 * DejaVu Sans font of `dejavu-fonts-ttf` (resvg draws no text without a font file, so the font is
 * loaded from that package explicitly, never from the system).
 *
 * The renderers are optional peer dependencies: without them the spec and the CSV are still
 * written and the caller is told the install command. Sizes: 3.3 x 2.2 in (a paper column) with
 * 8-9 pt text; the PNG at 300 dpi.
 *
 * @packageDocumentation
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { writeAtomic } from '../io/files.js';
import { stableJson } from './json.js';

/** One series of a line chart. */
export interface Series {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
  readonly dashed?: boolean;
  /** Index into the palette (defaults to the series index). */
  readonly color?: number;
  /**
   * Per point: the true value is above the plotted y (e.g. no width tried was enough, so the
   * point sits at the largest width tried). Drawn as an open triangle with a ">" label.
   */
  readonly censored?: readonly boolean[];
  /** Per point: a range [low, high] drawn as a shaded band (e.g. min and max over seeds). */
  readonly band?: readonly (readonly [number, number])[];
}

/** A line chart. */
export interface LineChart {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
  readonly xLog?: boolean;
  readonly yLog?: boolean;
  /** Explicit x ticks (e.g. the powers of two of a width axis). */
  readonly xTicks?: readonly number[];
}

/** A decision-boundary picture: class probabilities on a grid, and the data points. */
export interface BoundaryPicture {
  readonly title: string;
  /** Grid of P(class 1) in [0, 1], row-major, `size` x `size`, row 0 at the top (v = vMax). */
  readonly grid: Float32Array;
  readonly size: number;
  readonly range: { readonly uMin: number; readonly uMax: number; readonly vMin: number; readonly vMax: number };
  readonly points: readonly { readonly u: number; readonly v: number; readonly label: number }[];
}

/** Colour-blind-safe palette (Okabe-Ito). */
export const PALETTE: readonly string[] = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];

/** The font every figure uses (shipped by dejavu-fonts-ttf). */
export const FONT_FAMILY = 'DejaVu Sans';
/** Plot area in points (1/72 in): with axes and legend about 3.3 x 2.2 in. */
const WIDTH = 150;
const HEIGHT = 105;
/** PNG resolution. */
export const DPI = 300;

/** The install command for the renderers. */
export const RENDER_INSTALL = 'npm install vega vega-lite @resvg/resvg-js dejavu-fonts-ttf';

/** Text sizes (points) and the shared look. */
const CONFIG = {
  font: FONT_FAMILY,
  title: { fontSize: 9, fontWeight: 'normal', anchor: 'start', offset: 4 },
  axis: { labelFontSize: 8, titleFontSize: 8, titleFontWeight: 'normal', grid: true, gridColor: '#e6e6e6', tickColor: '#888888', domainColor: '#888888', labelColor: '#222222', titleColor: '#222222' },
  legend: { labelFontSize: 8, titleFontSize: 8, symbolSize: 40, rowPadding: 2, labelLimit: 220 },
  view: { stroke: null },
  background: 'white',
  padding: 4,
} as const;

const isInteger = (xs: readonly number[]): boolean => xs.length > 0 && xs.every((x) => Number.isInteger(x));

/** The axis of a quantitative channel: integer ticks where every value is an integer, log scales with round ticks. */
function axisOf(values: readonly number[], log: boolean | undefined, ticks: readonly number[] | undefined, title: string): object {
  const integer = isInteger(values);
  const axis: Record<string, unknown> = { title };
  if (ticks) axis['values'] = [...ticks];
  else if (integer && !log) axis['tickMinStep'] = 1;
  axis['format'] = integer ? (log ? '~s' : 'd') : '~g';
  const scale: Record<string, unknown> = log ? { type: 'log', nice: false } : { zero: false, nice: true };
  return { axis, scale };
}

/** A line chart as a Vega-Lite specification (data inline) and its rows for CSV. */
export function lineChartSpec(c: LineChart): { spec: object; rows: Record<string, string | number | boolean>[] } {
  const rows: Record<string, string | number | boolean>[] = [];
  c.series.forEach((s, i) =>
    s.points.forEach(([x, y], k) => {
      if (!Number.isFinite(x) || !Number.isFinite(y)) return;
      const b = s.band?.[k];
      rows.push({ series: s.name, x, y, low: b ? b[0] : '', high: b ? b[1] : '', censored: s.censored?.[k] ?? false, dashed: s.dashed ?? false, color: PALETTE[(s.color ?? i) % PALETTE.length] as string, order: k });
    }),
  );
  const names = c.series.map((s) => s.name);
  const colors = c.series.map((s, i) => PALETTE[(s.color ?? i) % PALETTE.length] as string);
  const x = { field: 'x', type: 'quantitative', ...axisOf(rows.map((r) => r['x'] as number), c.xLog, c.xTicks, c.xLabel) };
  const y = { field: 'y', type: 'quantitative', ...axisOf(rows.map((r) => r['y'] as number), c.yLog, undefined, c.yLabel) };
  const color = { field: 'series', type: 'nominal', title: null, scale: { domain: names, range: colors }, sort: names, legend: { symbolType: 'stroke', symbolStrokeWidth: 1.5 } };
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: c.title,
    width: WIDTH,
    height: HEIGHT,
    data: { values: rows },
    layer: [
      { mark: { type: 'line', strokeWidth: 1.25 }, encoding: { x, y, color, order: { field: 'order' }, strokeDash: { field: 'dashed', type: 'nominal', scale: { domain: [false, true], range: [[1, 0], [4, 2]] }, legend: null } } },
      { transform: [{ filter: '!datum.censored' }], mark: { type: 'point', filled: true, size: 14 }, encoding: { x, y, color } },
      { transform: [{ filter: 'datum.censored' }], mark: { type: 'point', shape: 'triangle-up', filled: false, size: 30, strokeWidth: 1 }, encoding: { x, y, color } },
      { transform: [{ filter: 'datum.censored' }], mark: { type: 'text', text: '>', dx: 7, dy: -5, fontSize: 8 }, encoding: { x, y, color } },
      // Bands last: the legend takes its symbols from the lines drawn first.
      ...(c.series.some((x) => x.band)
        ? [{ transform: [{ filter: "isValid(datum.low) && datum.low !== ''" }], mark: { type: 'area', opacity: 0.18 }, encoding: { x, y: { ...y, field: 'low' }, y2: { field: 'high' }, color } }]
        : []),
    ],
    config: CONFIG,
  };
  return { spec, rows };
}

/** A decision-boundary picture as a Vega-Lite specification: a heat map with a colour bar, the points with a class legend, axes. */
export function boundarySpec(p: BoundaryPicture, maxCells = 80): { spec: object; rows: Record<string, string | number | boolean>[] } {
  // Cells averaged down to at most maxCells per side (the SVG stays small).
  const step = Math.max(1, Math.ceil(p.size / maxCells));
  const n = Math.ceil(p.size / step);
  const { uMin, uMax, vMin, vMax } = p.range;
  const cells: Record<string, number>[] = [];
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++) {
      let sum = 0;
      let count = 0;
      for (let i = a * step; i < Math.min(p.size, (a + 1) * step); i++)
        for (let j = b * step; j < Math.min(p.size, (b + 1) * step); j++) {
          sum += p.grid[i * p.size + j] as number;
          count++;
        }
      const u0 = uMin + ((b * step) / p.size) * (uMax - uMin);
      const u1 = uMin + (Math.min(p.size, (b + 1) * step) / p.size) * (uMax - uMin);
      const v1 = vMax - ((a * step) / p.size) * (vMax - vMin);
      const v0 = vMax - (Math.min(p.size, (a + 1) * step) / p.size) * (vMax - vMin);
      cells.push({ u0, u1, v0, v1, p: sum / count });
    }
  const points = p.points.map((q) => ({ u: q.u, v: q.v, class: `class ${q.label}` }));
  const u = { type: 'quantitative', scale: { domain: [uMin, uMax], nice: false, zero: false }, axis: { title: 'x1', format: '~g' } };
  const v = { type: 'quantitative', scale: { domain: [vMin, vMax], nice: false, zero: false }, axis: { title: 'x2', format: '~g' } };
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: p.title,
    width: WIDTH,
    height: WIDTH,
    layer: [
      {
        data: { values: cells },
        mark: { type: 'rect', strokeWidth: 0 },
        encoding: {
          x: { field: 'u0', ...u },
          x2: { field: 'u1' },
          y: { field: 'v0', ...v },
          y2: { field: 'v1' },
          color: { field: 'p', type: 'quantitative', title: 'P(class 1)', scale: { domain: [0, 1], range: ['#b3d4ea', '#ffffff', '#f2c1a3'] }, legend: { gradientLength: 80, gradientThickness: 8, values: [0, 0.5, 1] } },
        },
      },
      {
        data: { values: points },
        mark: { type: 'point', filled: true, size: 8, opacity: 0.9 },
        encoding: { x: { field: 'u', ...u }, y: { field: 'v', ...v }, fill: { field: 'class', type: 'nominal', title: null, scale: { domain: ['class 0', 'class 1'], range: [PALETTE[0], PALETTE[1]] } }, stroke: { value: null } },
      },
    ],
    resolve: { scale: { color: 'independent' } },
    config: CONFIG,
  };
  return { spec, rows: points };
}

/** Rows as CSV (columns from the first row; strings quoted when needed). */
export function toCsv(rows: readonly Record<string, string | number | boolean>[]): string {
  if (rows.length === 0) return '';
  const cols = Object.keys(rows[0] as object);
  const cell = (v: string | number | boolean | undefined): string => {
    const t = String(v ?? '');
    return /[",\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
  };
  return [cols.join(','), ...rows.map((r) => cols.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

/** The renderers, loaded once; undefined when a package is missing. */
interface Renderers {
  readonly toSvg: (spec: object) => Promise<string>;
  readonly toPng: (svg: string) => Uint8Array;
  readonly fontFile: string;
}

let renderers: Promise<Renderers | undefined> | undefined;

async function loadRenderers(): Promise<Renderers | undefined> {
  try {
    const require = createRequire(import.meta.url);
    const fontFile = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
    const vega = (await import('vega')) as typeof import('vega');
    const vl = (await import('vega-lite')) as typeof import('vega-lite');
    const { Resvg } = (await import('@resvg/resvg-js')) as typeof import('@resvg/resvg-js');
    return {
      fontFile,
      toSvg: async (spec) => {
        const view = new vega.View(vega.parse(vl.compile(spec as never).spec), { renderer: 'none' });
        const svg = await view.toSVG();
        view.finalize();
        return svg;
      },
      toPng: (svg) => new Resvg(svg, { font: { fontFiles: [fontFile], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY }, fitTo: { mode: 'zoom', value: DPI / 72 } }).render().asPng(),
    };
  } catch {
    return undefined;
  }
}

/** The renderers if installed (vega, vega-lite, @resvg/resvg-js, dejavu-fonts-ttf). */
export function figureRenderers(): Promise<Renderers | undefined> {
  renderers ??= loadRenderers();
  return renderers;
}

/** Renders a specification to SVG and PNG; undefined without the renderers. */
export async function renderFigure(spec: object): Promise<{ svg: string; png: Uint8Array } | undefined> {
  const r = await figureRenderers();
  if (!r) return undefined;
  const svg = await r.toSvg(spec);
  return { svg, png: r.toPng(svg) };
}

/**
 * Writes a figure: `<base>.vl.json` (the Vega-Lite spec with its data), `<base>.csv`, and, with
 * the renderers installed, `<base>.svg` and `<base>.png`. Returns the paths written and a note
 * when the renderers are missing.
 */
export async function writeFigure(dir: string, base: string, figure: { spec: object; rows: readonly Record<string, string | number | boolean>[] }): Promise<{ files: string[]; note?: string }> {
  const files: string[] = [];
  const put = (name: string, data: string | Uint8Array): void => {
    const path = join(dir, name);
    writeAtomic(path, data);
    files.push(path);
  };
  put(`${base}.vl.json`, stableJson(figure.spec) + '\n');
  put(`${base}.csv`, toCsv(figure.rows));
  const out = await renderFigure(figure.spec);
  if (!out) return { files, note: `SVG and PNG not drawn: the renderers are optional; install them with: ${RENDER_INSTALL}` };
  put(`${base}.svg`, out.svg);
  put(`${base}.png`, out.png);
  return { files };
}
