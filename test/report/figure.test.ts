/**
 * Figures: the Vega-Lite specs say what the data say (integer ticks, censored points, the series'
 * colours), the renderers draw real text with the shipped font (and none without it), and a figure
 * is written with its spec and CSV.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { FONT_FAMILY, figureRenderers, lineChartSpec, renderFigure, toCsv, writeFigure, type LineChart } from '../../src/report/figure.js';

type Doc = Record<string, any>;

/** Dark pixels (all channels below 128) of a PNG. */
function darkPixels(png: Uint8Array): number {
  const img = PNG.sync.read(Buffer.from(png));
  let n = 0;
  for (let i = 0; i < img.data.length; i += 4) if ((img.data[i] as number) < 128 && (img.data[i + 1] as number) < 128 && (img.data[i + 2] as number) < 128 && (img.data[i + 3] as number) > 0) n++;
  return n;
}

const chart: LineChart = {
  title: 'Smallest CP width',
  xLabel: 'order d',
  yLabel: 'CP width',
  yLog: true,
  xTicks: [4, 6, 8],
  series: [
    { name: 'measured', points: [[4, 4], [6, 8], [8, 64]], censored: [false, false, true] },
    { name: 'bound', points: [[4, 4], [6, 8], [8, 16]], dashed: true },
  ],
};

describe('figures', () => {
  it('the spec: integer ticks where the axis is an integer, the censored point marked, the data inline', () => {
    const { spec, rows } = lineChartSpec(chart);
    const s = spec as Doc;
    const x = s['layer'][0]['encoding']['x'];
    expect(x['axis']).toMatchObject({ values: [4, 6, 8], format: 'd', title: 'order d' });
    expect(s['layer'][0]['encoding']['y']['scale']).toMatchObject({ type: 'log' });
    expect(rows.filter((r) => r['censored'])).toEqual([expect.objectContaining({ series: 'measured', x: 8, y: 64 })]);
    expect(s['layer'].map((l: Doc) => l['mark']['type'])).toEqual(['line', 'point', 'point', 'text']);
    expect(s['layer'][3]['mark']['text']).toBe('>');
    // A band (e.g. min-max over seeds) adds a shaded area under the lines, its range in the data.
    const banded = lineChartSpec({ ...chart, series: [{ name: 'median', points: [[4, 4], [6, 9]], band: [[3, 5], [8, 12]] }] });
    expect((banded.spec as Doc)['layer'].at(-1)['mark']).toMatchObject({ type: 'area' });
    expect(banded.rows.map((r) => [r['low'], r['high']])).toEqual([[3, 5], [8, 12]]);
    expect(s['config']['font']).toBe(FONT_FAMILY);
  });
  it('CSV quotes what needs quoting', () => {
    expect(toCsv([{ a: 'x, y', b: 2, c: true }, { a: 'say "hi"', b: 3, c: false }])).toBe('a,b,c\n"x, y",2,true\n"say ""hi""",3,false\n');
  });
  it('the font file loads and text is drawn with it (and not without it)', async () => {
    const r = await figureRenderers();
    expect(r, 'vega, vega-lite, @resvg/resvg-js and dejavu-fonts-ttf are dev dependencies').toBeDefined();
    const font = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
    expect(r?.fontFile).toBe(font);
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30"><rect width="120" height="30" fill="white"/><text x="4" y="22" font-family="${FONT_FAMILY}" font-size="18" fill="black">rank d=8</text></svg>`;
    const withFont = new Resvg(svg, { font: { fontFiles: [font], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY } }).render().asPng();
    const without = new Resvg(svg, { font: { fontFiles: [], loadSystemFonts: false } }).render().asPng();
    expect(darkPixels(withFont)).toBeGreaterThan(100);
    expect(darkPixels(without)).toBe(0);
  });
  it('a rendered chart has text pixels in its title band and the SVG holds its words in the right case', async () => {
    const out = await renderFigure(lineChartSpec(chart).spec);
    expect(out).toBeDefined();
    if (!out) return;
    for (const word of ['Smallest CP width', 'order d', 'CP width', 'measured', 'bound']) expect(out.svg).toContain(word);
    const img = PNG.sync.read(Buffer.from(out.png));
    // 300 dpi: a few inches wide.
    expect(img.width).toBeGreaterThan(600);
    const band = new PNG({ width: img.width, height: Math.floor(img.height / 8) });
    img.data.copy(band.data, 0, 0, band.data.length);
    expect(darkPixels(PNG.sync.write(band))).toBeGreaterThan(200);
  });
  it('writeFigure writes the spec, the CSV, the SVG and the PNG', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ct-fig-'));
    const r = await writeFigure(dir, 'f', lineChartSpec(chart));
    expect(r.files.map((f) => f.slice(dir.length + 1))).toEqual(['f.vl.json', 'f.csv', 'f.svg', 'f.png']);
    expect(JSON.parse(readFileSync(join(dir, 'f.vl.json'), 'utf8'))['title']).toBe('Smallest CP width');
    expect(readFileSync(join(dir, 'f.csv'), 'utf8').split('\n')[0]).toBe('series,x,y,low,high,censored,dashed,color,order');
  });
});
