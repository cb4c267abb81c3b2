/**
 * Float rank against numpy in the same run: `rankOfFloatMatrix` vs `numpy.linalg.matrix_rank`
 * (LAPACK dgesdd, values only) on the same random integer matrices, numpy on one thread. The two
 * sides run in alternating rounds after a warm-up; the matrix goes to numpy as raw
 * float64, and numpy's singular values come back so the table also shows the agreement
 * (max |sigma_ours - sigma_numpy| / sigma_max) and both ranks.
 *
 * numpy's speed depends on the BLAS/LAPACK it loads (Debian's reference LAPACK is several times
 * slower than OpenBLAS), so the table names the library numpy actually mapped. To measure
 * against OpenBLAS without installing it system-wide: `apt-get download libopenblas0-pthread`,
 * `dpkg -x` it into a folder and run the bench with LD_LIBRARY_PATH=<folder>/usr/lib/x86_64-linux-gnu/openblas-pthread.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rankOfFloatMatrix, type FloatRank } from '../src/rank/index.js';
import { singularValues } from '../src/numeric/svd.js';
import { findPython, fmtRatio, fmtSeconds, printTable, randomIntMatrix, time } from './util.js';

/** Entries in [-1000, 1000], as in the rank benchmark: random matrices of full rank. */
const ENTRY_BOUND = 1000;
/** The sizes the float-rank target is stated at (1024 and 2048) and two smaller ones. */
const SIZES = [256, 512, 1024, 2048];
/**
 * Rounds per size. Each round times ours once and numpy once, back to back: the machine is shared
 * and its load drifts, so each ratio compares runs made under the same load; medians are reported.
 */
const ROUNDS = 3;
/** Warm-up calls before timing, and their size (measured: the fifth call at 256 runs at the steady rate, the first at a quarter of it). */
const WARM_UP_CALLS = 5;
const WARM_UP_SIZE = 256;
/** The target: ours at most 1.5x numpy's time. */
const TARGET_RATIO = 1.5;
/** Environment that keeps numpy's BLAS on one thread, whichever BLAS it is. */
const ONE_THREAD = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

/** numpy's side: reads the matrix, warms up, times one matrix_rank, optionally writes the singular values, names its LAPACK. */
const NUMPY_SCRIPT = `
import sys, time, numpy as np
path, n, values = sys.argv[1], int(sys.argv[2]), sys.argv[3] == '1'
a = np.fromfile(path + '/a.bin').reshape(n, n)
np.linalg.svd(a[:64, :64], compute_uv=False)
t = time.perf_counter(); r = np.linalg.matrix_rank(a); t = time.perf_counter() - t
if values: np.linalg.svd(a, compute_uv=False).tofile(path + '/s.bin')
libs = sorted({l.split()[-1] for l in open('/proc/self/maps') if 'lapack' in l or 'openblas' in l or 'mkl' in l})
print(int(r), t, ';'.join(libs))
`;

/** The python the other groups use for numpy (bench/util.ts: python3 on PATH first, whose numpy may link a faster BLAS). */
const numpyPython = (): string | null => findPython(['numpy']);

interface NumpyRun {
  readonly rank: number;
  readonly seconds: number;
  readonly lapack: string;
  /** numpy's singular values, when asked for. */
  readonly singularValues?: Float64Array;
}

/** One numpy run on the matrix in dir/a.bin; undefined when python fails. */
function runNumpy(python: string, dir: string, n: number, values: boolean): NumpyRun | undefined {
  const r = spawnSync(python, ['-c', NUMPY_SCRIPT, dir, String(n), values ? '1' : '0'], { encoding: 'utf8', timeout: 900_000, env: { ...process.env, ...ONE_THREAD } });
  if (r.status !== 0) return undefined;
  const [rank, seconds, lapack] = r.stdout.trim().split(' ');
  const run = { rank: Number(rank), seconds: Number(seconds), lapack: lapack ?? 'unknown' };
  if (!values) return run;
  const bytes = readFileSync(join(dir, 's.bin'));
  return { ...run, singularValues: new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)) };
}

const median = (xs: readonly number[]): number => [...xs].sort((x, y) => x - y)[xs.length >> 1] as number;

/** max_i |x_i - y_i| / y_0. */
function relativeToLargest(x: Float64Array, y: Float64Array): number {
  let d = 0;
  for (let i = 0; i < Math.min(x.length, y.length); i++) d = Math.max(d, Math.abs((x[i] as number) - (y[i] as number)));
  return d / (y[0] as number);
}

/** One size: ROUNDS rounds of (ours, numpy), then the agreement of the singular values. */
function benchSize(python: string | null, n: number): { row: string[]; lapack?: string } {
  const a = randomIntMatrix(n, n, ENTRY_BOUND, n);
  const dir = mkdtempSync(join(tmpdir(), 'ct-float-'));
  try {
    writeFileSync(join(dir, 'a.bin'), Float64Array.from(a.data));
    const ours: number[] = [];
    const peer: number[] = [];
    const ratios: number[] = [];
    let rank: FloatRank | undefined;
    let np: NumpyRun | undefined;
    for (let round = 0; round < ROUNDS; round++) {
      const t = time(() => rankOfFloatMatrix(a));
      rank = t.value;
      ours.push(t.seconds);
      np = python === null ? undefined : runNumpy(python, dir, n, round === ROUNDS - 1);
      if (np === undefined) continue;
      peer.push(np.seconds);
      ratios.push(t.seconds / np.seconds);
    }
    const ratio = ratios.length > 0 ? median(ratios) : undefined;
    const row = [
      String(n),
      `${fmtSeconds(median(ours))} (rank ${(rank as FloatRank).rank})`,
      np ? `${fmtSeconds(median(peer))} (rank ${np.rank})` : 'n/a',
      ratio === undefined ? 'n/a' : fmtRatio(ratio),
      ratio === undefined ? 'n/a' : ratio <= TARGET_RATIO ? 'yes' : 'no',
      np?.singularValues ? relativeToLargest(singularValues(a.data, n, n), np.singularValues).toExponential(1) : 'n/a',
    ];
    return np ? { row, lapack: np.lapack } : { row };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the float-rank benchmark and prints its table. */
export function benchFloat(options: { quick?: boolean } = {}): void {
  const sizes = options.quick ? SIZES.slice(0, 2) : SIZES;
  console.log(`\n## Float rank (SVD values, numpy's tolerance) vs numpy.linalg.matrix_rank, one thread, same matrices (entries in [-${ENTRY_BOUND}, ${ENTRY_BOUND}]), medians of ${ROUNDS} paired rounds (the ratio: median of the rounds' ratios)\n`);
  const python = numpyPython();
  if (python === null) console.log('numpy not found (no python3 imports numpy): apt-get install python3-numpy; ours only.\n');
  // JIT warm-up: V8 needs a few calls before every loop runs optimised code (a fresh process is bench/startup's subject).
  const warm = randomIntMatrix(WARM_UP_SIZE, WARM_UP_SIZE, ENTRY_BOUND, 1);
  for (let i = 0; i < WARM_UP_CALLS; i++) rankOfFloatMatrix(warm);
  const rows: string[][] = [];
  const libraries = new Set<string>();
  for (const n of sizes) {
    const { row, lapack } = benchSize(python, n);
    rows.push(row);
    if (lapack !== undefined) libraries.add(lapack);
  }
  printTable(['n', 'ours', 'numpy', 'ours / numpy', `<= ${TARGET_RATIO}x`, 'max |ds| / s_max'], rows);
  if (libraries.size > 0) console.log(`\nnumpy's LAPACK/BLAS as mapped: ${[...libraries].join(', ')}`);
}
