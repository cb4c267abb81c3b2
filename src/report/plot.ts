/**
 * Plots as SVG (vector, for people and papers) and PNG (raster, drawn here pixel by pixel and
 * encoded with pngjs): line charts with optional log axes, and image-plus-points pictures for
 * decision boundaries.
 *
 * @packageDocumentation
 */
import { PNG } from 'pngjs';
import { glyph, textWidth } from './font.js';

/** One series of a line chart. */
export interface Series {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
  readonly dashed?: boolean;
  /** Index into the palette (defaults to the series index). */
  readonly color?: number;
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

/** Colour-blind-safe palette (Okabe-Ito), as RGB. */
export const PALETTE: readonly (readonly [number, number, number])[] = [
  [0, 114, 178],
  [213, 94, 0],
  [0, 158, 115],
  [204, 121, 167],
  [230, 159, 0],
  [86, 180, 233],
  [0, 0, 0],
  [240, 228, 66],
];

const W = 720;
const H = 460;
const M = { left: 70, right: 170, top: 40, bottom: 50 };

function hex([r, g, b]: readonly [number, number, number]): string {
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

function niceTicks(lo: number, hi: number, count: number): number[] {
  if (!(hi > lo)) return [lo];
  const step0 = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 5, 10].map((f) => f * mag).find((s) => s >= step0) ?? step0;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

function fmt(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(0).replace('e+', 'e');
  return String(Number(v.toPrecision(3)));
}

interface Frame {
  x(v: number): number;
  y(v: number): number;
  xTicks: number[];
  yTicks: number[];
}

function frame(c: LineChart): Frame {
  const pts = c.series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!c.xLog || x > 0) && (!c.yLog || y > 0));
  const tx = (v: number): number => (c.xLog ? Math.log10(v) : v);
  const ty = (v: number): number => (c.yLog ? Math.log10(v) : v);
  let [x0, x1] = pts.length ? [Math.min(...pts.map((p) => tx(p[0]))), Math.max(...pts.map((p) => tx(p[0])))] : [0, 1];
  let [y0, y1] = pts.length ? [Math.min(...pts.map((p) => ty(p[1]))), Math.max(...pts.map((p) => ty(p[1])))] : [0, 1];
  if (x1 === x0) [x0, x1] = [x0 - 1, x1 + 1];
  if (y1 === y0) [y0, y1] = [y0 - 1, y1 + 1];
  const pad = (y1 - y0) * 0.05;
  y0 -= pad;
  y1 += pad;
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const ticks = (lo: number, hi: number, log: boolean | undefined): number[] =>
    log ? Array.from({ length: Math.floor(hi) - Math.ceil(lo) + 1 }, (_, i) => 10 ** (Math.ceil(lo) + i)) : niceTicks(lo, hi, 6);
  const xTicks = c.xTicks ? [...c.xTicks] : ticks(x0, x1, c.xLog);
  const yTicks = ticks(y0, y1, c.yLog);
  // With a log axis and a narrow range, add the ends so there are labels.
  if (c.xLog && xTicks.length < 2 && !c.xTicks) xTicks.push(10 ** x0, 10 ** x1);
  if (c.yLog && yTicks.length < 2) yTicks.push(10 ** y0, 10 ** y1);
  return {
    x: (v) => M.left + ((tx(v) - x0) / (x1 - x0)) * pw,
    y: (v) => M.top + ph - ((ty(v) - y0) / (y1 - y0)) * ph,
    xTicks,
    yTicks,
  };
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The chart as an SVG document. */
export function lineChartSvg(c: LineChart): string {
  const f = frame(c);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2 - M.right / 2}" y="22" text-anchor="middle" font-size="15">${esc(c.title)}</text>`,
    `<rect x="${M.left}" y="${M.top}" width="${W - M.left - M.right}" height="${H - M.top - M.bottom}" fill="none" stroke="#444"/>`,
  ];
  for (const t of f.xTicks) {
    const x = f.x(t);
    if (x < M.left - 0.5 || x > W - M.right + 0.5) continue;
    parts.push(`<line x1="${x}" y1="${M.top}" x2="${x}" y2="${H - M.bottom}" stroke="#ddd"/>`, `<text x="${x}" y="${H - M.bottom + 16}" text-anchor="middle">${fmt(t)}</text>`);
  }
  for (const t of f.yTicks) {
    const y = f.y(t);
    if (y < M.top - 0.5 || y > H - M.bottom + 0.5) continue;
    parts.push(`<line x1="${M.left}" y1="${y}" x2="${W - M.right}" y2="${y}" stroke="#ddd"/>`, `<text x="${M.left - 6}" y="${y + 4}" text-anchor="end">${fmt(t)}</text>`);
  }
  parts.push(`<text x="${(M.left + W - M.right) / 2}" y="${H - 12}" text-anchor="middle">${esc(c.xLabel)}</text>`);
  parts.push(`<text transform="translate(16 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(c.yLabel)}</text>`);
  c.series.forEach((s, i) => {
    const color = hex(PALETTE[(s.color ?? i) % PALETTE.length] as [number, number, number]);
    const pts = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!c.xLog || x > 0) && (!c.yLog || y > 0));
    if (pts.length > 1) parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''} points="${pts.map(([x, y]) => `${f.x(x).toFixed(1)},${f.y(y).toFixed(1)}`).join(' ')}"/>`);
    for (const [x, y] of pts) parts.push(`<circle cx="${f.x(x).toFixed(1)}" cy="${f.y(y).toFixed(1)}" r="3" fill="${color}"/>`);
    const ly = M.top + 10 + i * 18;
    parts.push(`<line x1="${W - M.right + 12}" y1="${ly}" x2="${W - M.right + 36}" y2="${ly}" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`, `<text x="${W - M.right + 42}" y="${ly + 4}">${esc(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

/** An RGBA raster with the few drawing operations the plots need. */
export class Raster {
  readonly data: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = new Uint8Array(width * height * 4).fill(255);
  }
  set(x: number, y: number, [r, g, b]: readonly [number, number, number], alpha = 1): void {
    const xi = Math.round(x);
    const yi = Math.round(y);
    if (xi < 0 || yi < 0 || xi >= this.width || yi >= this.height) return;
    const o = (yi * this.width + xi) * 4;
    this.data[o] = Math.round((this.data[o] as number) * (1 - alpha) + r * alpha);
    this.data[o + 1] = Math.round((this.data[o + 1] as number) * (1 - alpha) + g * alpha);
    this.data[o + 2] = Math.round((this.data[o + 2] as number) * (1 - alpha) + b * alpha);
    this.data[o + 3] = 255;
  }
  line(x0: number, y0: number, x1: number, y1: number, color: readonly [number, number, number], width = 1, dashed = false): void {
    const len = Math.hypot(x1 - x0, y1 - y0);
    const steps = Math.max(1, Math.ceil(len * 2));
    for (let i = 0; i <= steps; i++) {
      const t = i / steps;
      if (dashed && Math.floor((t * len) / 5) % 2 === 1) continue;
      const x = x0 + (x1 - x0) * t;
      const y = y0 + (y1 - y0) * t;
      for (let dx = 0; dx < width; dx++) for (let dy = 0; dy < width; dy++) this.set(x + dx - (width - 1) / 2, y + dy - (width - 1) / 2, color);
    }
  }
  disc(cx: number, cy: number, radius: number, color: readonly [number, number, number], alpha = 1): void {
    for (let y = -radius; y <= radius; y++) for (let x = -radius; x <= radius; x++) if (x * x + y * y <= radius * radius) this.set(cx + x, cy + y, color, alpha);
  }
  rect(x: number, y: number, w: number, h: number, color: readonly [number, number, number]): void {
    this.line(x, y, x + w, y, color);
    this.line(x + w, y, x + w, y + h, color);
    this.line(x + w, y + h, x, y + h, color);
    this.line(x, y + h, x, y, color);
  }
  /** Text with the 3 x 5 font at `scale` pixels per font pixel; anchor start, middle or end. */
  text(s: string, x: number, y: number, color: readonly [number, number, number] = [0, 0, 0], scale = 2, anchor: 'start' | 'middle' | 'end' = 'start'): void {
    const w = textWidth(s) * scale;
    let cx = anchor === 'start' ? x : anchor === 'middle' ? x - w / 2 : x - w;
    for (const ch of s) {
      glyph(ch).forEach((row, gy) =>
        row.forEach((on, gx) => {
          if (!on) return;
          for (let dy = 0; dy < scale; dy++) for (let dx = 0; dx < scale; dx++) this.set(cx + gx * scale + dx, y + gy * scale + dy, color);
        }),
      );
      cx += 4 * scale;
    }
  }
  png(): Uint8Array {
    const png = new PNG({ width: this.width, height: this.height });
    png.data = Buffer.from(this.data);
    return PNG.sync.write(png);
  }
}

/** The chart drawn as a PNG. */
export function lineChartPng(c: LineChart): Uint8Array {
  const f = frame(c);
  const img = new Raster(W, H);
  const grey: [number, number, number] = [221, 221, 221];
  const dark: [number, number, number] = [68, 68, 68];
  for (const t of f.xTicks) {
    const x = f.x(t);
    if (x < M.left - 0.5 || x > W - M.right + 0.5) continue;
    img.line(x, M.top, x, H - M.bottom, grey);
    img.text(fmt(t), x, H - M.bottom + 8, [0, 0, 0], 2, 'middle');
  }
  for (const t of f.yTicks) {
    const y = f.y(t);
    if (y < M.top - 0.5 || y > H - M.bottom + 0.5) continue;
    img.line(M.left, y, W - M.right, y, grey);
    img.text(fmt(t), M.left - 6, y - 5, [0, 0, 0], 2, 'end');
  }
  img.rect(M.left, M.top, W - M.left - M.right, H - M.top - M.bottom, dark);
  img.text(c.title, (W - M.right) / 2, 12, [0, 0, 0], 2, 'middle');
  img.text(c.xLabel, (M.left + W - M.right) / 2, H - 20, [0, 0, 0], 2, 'middle');
  img.text(c.yLabel, 4, 24, [0, 0, 0], 2, 'start');
  c.series.forEach((s, i) => {
    const color = PALETTE[(s.color ?? i) % PALETTE.length] as [number, number, number];
    const pts = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!c.xLog || x > 0) && (!c.yLog || y > 0));
    for (let k = 1; k < pts.length; k++) {
      const [ax, ay] = pts[k - 1] as readonly [number, number];
      const [bx, by] = pts[k] as readonly [number, number];
      img.line(f.x(ax), f.y(ay), f.x(bx), f.y(by), color, 2, s.dashed);
    }
    for (const [x, y] of pts) img.disc(f.x(x), f.y(y), 3, color);
    const ly = M.top + 10 + i * 18;
    img.line(W - M.right + 12, ly, W - M.right + 36, ly, color, 2, s.dashed);
    img.text(s.name, W - M.right + 42, ly - 5, [0, 0, 0], 2);
  });
  return img.png();
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

function boundaryColor(p: number): [number, number, number] {
  const a = PALETTE[0] as readonly [number, number, number];
  const b = PALETTE[1] as readonly [number, number, number];
  const t = Math.min(1, Math.max(0, p));
  // Pale towards the decision boundary (p = 0.5), saturated where the network is sure.
  const mix = (c: readonly [number, number, number], s: number): [number, number, number] => [255 + (c[0] - 255) * s, 255 + (c[1] - 255) * s, 255 + (c[2] - 255) * s];
  return t >= 0.5 ? mix(b, 0.55 * (2 * t - 1)) : mix(a, 0.55 * (1 - 2 * t));
}

/** The picture as PNG (one pixel per grid cell, scaled to 400 px) and as SVG (embedding the PNG). */
export function boundaryImages(pic: BoundaryPicture): { png: Uint8Array; svg: string } {
  const S = 400;
  const top = 30;
  const img = new Raster(S, S + top);
  for (let py = 0; py < S; py++)
    for (let px = 0; px < S; px++) {
      const gi = Math.min(pic.size - 1, Math.floor((py / S) * pic.size));
      const gj = Math.min(pic.size - 1, Math.floor((px / S) * pic.size));
      img.set(px, py + top, boundaryColor(pic.grid[gi * pic.size + gj] as number));
    }
  const { uMin, uMax, vMin, vMax } = pic.range;
  const toX = (u: number): number => ((u - uMin) / (uMax - uMin)) * S;
  const toY = (v: number): number => top + ((vMax - v) / (vMax - vMin)) * S;
  for (const p of pic.points) img.disc(toX(p.u), toY(p.v), 2, PALETTE[p.label === 1 ? 1 : 0] as [number, number, number]);
  img.text(pic.title, S / 2, 8, [0, 0, 0], 2, 'middle');
  const png = img.png();
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${S}" height="${S + top}" viewBox="0 0 ${S} ${S + top}">`,
    `<image x="0" y="0" width="${S}" height="${S + top}" xlink:href="data:image/png;base64,${Buffer.from(png).toString('base64')}"/>`,
    '</svg>',
  ].join('\n');
  return { png, svg: svg + '\n' };
}
