/**
 * Small helpers shared by the benchmarks: timing, seeded data, table printing, finding Python.
 */
import { spawnSync } from 'node:child_process';
import { createRng } from '../src/exact/prng.js';

/** Wall time of one call in seconds, with its result. */
export function time<T>(f: () => T): { seconds: number; value: T } {
  const t0 = process.hrtime.bigint();
  const value = f();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { seconds, value };
}

/** Async variant of {@link time}. */
export async function timeAsync<T>(f: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const t0 = process.hrtime.bigint();
  const value = await f();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { seconds, value };
}

/** A seeded random integer matrix with entries in [-bound, bound]. */
export function randomIntMatrix(n: number, m: number, bound: number, seed: number): { rows: number; cols: number; data: number[] } {
  const rng = createRng(seed);
  const data = new Array<number>(n * m);
  for (let i = 0; i < data.length; i++) data[i] = rng.intIn(-bound, bound);
  return { rows: n, cols: m, data };
}

/** Prints rows as an aligned text table. */
export function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padStart(widths[i] as number)).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

/** Seconds with 3 significant digits. */
export function fmtSeconds(s: number): string {
  return s < 0.01 ? `${(s * 1000).toFixed(2)} ms` : s < 1 ? `${(s * 1000).toFixed(0)} ms` : `${s.toFixed(2)} s`;
}

/** A ratio such as "12.3x". */
export function fmtRatio(r: number): string {
  return `${r < 10 ? r.toFixed(2) : r.toFixed(1)}x`;
}

/** The middle value (the upper middle of an even count); NaN for none. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : (s[s.length >> 1] as number);
}

/** numpy's and PyTorch's BLAS on one thread: the peers compare one core against one core. */
export const ONE_THREAD_ENV = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1', BLIS_NUM_THREADS: '1' };

/**
 * Pythons to try, in order: the `python3` the PATH finds (the user's own), then Debian's, where
 * `apt-get install python3-numpy python3-torch` puts the peers' packages when the PATH's Python
 * (a pyenv shim, say) lacks them. Each use asks for the modules it needs, so numpy may come from
 * one and torch from the other.
 */
const PYTHON_CANDIDATES = ['python3', '/usr/bin/python3'];
const pythons = new Map<string, string | null>();

/** The first python3 that imports every one of `modules` (null when none does); probed once per set. */
export function findPython(modules: readonly string[]): string | null {
  const key = [...modules].sort().join(',');
  let found = pythons.get(key);
  if (found === undefined) {
    const probe = modules.map((m) => `import ${m}`).join('; ') || 'pass';
    found = PYTHON_CANDIDATES.find((py) => spawnSync(py, ['-c', probe], { encoding: 'utf8', timeout: 60_000 }).status === 0) ?? null;
    pythons.set(key, found);
  }
  return found;
}
