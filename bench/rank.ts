/**
 * Rank engines on random dense integer matrices, timed in one run, with ratios to rank mod p.
 *
 * Peers measured in the same run where they exist on the machine: mathjs fraction elimination
 * (the package the user named; capped, the cap giving a lower bound on the ratio), numpy's
 * LAPACK SVD (if python3 with numpy is installed) and FLINT's nmod_mat_rank (if gcc and Debian's
 * libflint-dev are installed: `apt-get install libflint-dev`), with our prime and a 60-bit one.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { create, all, type MathJsInstance, type Fraction } from 'mathjs';
import { DEFAULT_PRIMES } from '../src/exact/primes.js';
import { rankExact, rankModP, rankOfFloatMatrix } from '../src/rank/index.js';
import { bareiss } from '../src/rank/exact.js';
import { eliminateModP } from '../src/rank/modp.js';
import { defaultThreads } from '../src/wasm/pool.js';
import { rankWithNullspace } from '../src/rank/nullspace.js';
import { findPython, fmtRatio, fmtSeconds, printTable, randomIntMatrix, time } from './util.js';

/** Entries in [-1000, 1000]: wide enough that random matrices are full rank. */
const ENTRY_BOUND = 1000;
/** Sizes the issue asks for. */
const SIZES = [256, 512, 1024, 2048];
/** Largest size the exact engine runs at (Bareiss on 2048^2 entries of growing size would take hours). */
const EXACT_MAX = 256;
/** Seconds mathjs may take before it is stopped (its time is then a lower bound). */
const MATHJS_CAP_SECONDS = 120;

class Deadline extends Error {}

function rankMathjs(math: MathJsInstance, rows: number, cols: number, data: readonly number[], capSeconds: number): number {
  const a: Fraction[][] = [];
  for (let i = 0; i < rows; i++) a.push(data.slice(i * cols, (i + 1) * cols).map((x) => math.fraction(x)));
  const t0 = Date.now();
  let r = 0;
  for (let c = 0; c < cols && r < rows; c++) {
    let piv = -1;
    for (let i = r; i < rows; i++) if (!math.isZero((a[i] as Fraction[])[c] as Fraction)) { piv = i; break; }
    if (piv < 0) continue;
    [a[piv], a[r]] = [a[r] as Fraction[], a[piv] as Fraction[]];
    const pr = a[r] as Fraction[];
    for (let i = r + 1; i < rows; i++) {
      const ri = a[i] as Fraction[];
      if (math.isZero(ri[c] as Fraction)) continue;
      const f = math.divide(ri[c] as Fraction, pr[c] as Fraction) as Fraction;
      for (let j = c; j < cols; j++) ri[j] = math.subtract(ri[j] as Fraction, math.multiply(f, pr[j] as Fraction) as Fraction) as Fraction;
      if ((Date.now() - t0) / 1000 > capSeconds) throw new Deadline();
    }
    r++;
  }
  return r;
}

/** FLINT peers in bench/peers/, each compiled once if gcc and libflint-dev are present (null when not). */
const peerBinaries = new Map<string, string | null>();
export function flintPeer(name: string): string | null {
  let bin = peerBinaries.get(name);
  if (bin === undefined) {
    const src = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench', 'peers', `${name}.c`);
    const out = join(mkdtempSync(join(tmpdir(), 'ct-flint-')), name);
    bin = spawnSync('gcc', ['-O2', src, '-lflint', '-o', out], { encoding: 'utf8' }).status === 0 ? out : null;
    peerBinaries.set(name, bin);
  }
  return bin;
}

/** FLINT's nmod_mat_rank (bench/peers/flint_rank.c) on its own random n x n matrix. */
function flintRankSeconds(n: number, prime: bigint): number | undefined {
  const flintBinary = flintPeer('flint_rank');
  if (flintBinary === null) return undefined;
  const r = spawnSync(flintBinary, [String(n), prime.toString()], { encoding: 'utf8', timeout: 600_000 });
  const secs = Number(r.stdout.trim().split(' ')[1]);
  return r.status === 0 && Number.isFinite(secs) ? secs : undefined;
}

/** A 60-bit prime (2^60 - 93), as in the reference FLINT figure. */
const PRIME_60_BITS = 1152921504606846883n;

function numpySvdSeconds(n: number): number | undefined {
  const script = `import numpy as np, time\nrng=np.random.default_rng(1)\na=rng.integers(-${ENTRY_BOUND},${ENTRY_BOUND}+1,size=(${n},${n})).astype(float)\nnp.linalg.svd(a[:64,:64],compute_uv=False)\nt=time.perf_counter();np.linalg.matrix_rank(a);print(time.perf_counter()-t)`;
  const python = findPython(['numpy']);
  const r = python === null ? undefined : spawnSync(python, ['-c', script], { encoding: 'utf8', timeout: 600_000 });
  if (r?.status !== 0) return undefined;
  const s = Number(r.stdout.trim());
  return Number.isFinite(s) ? s : undefined;
}

/** Sizes of the rank mod p table against FLINT. */
const FLINT_SIZES = [1024, 2048, 4096];
/** Runs per engine and size in that table (interleaved; the median is reported). */
const FLINT_RUNS = 3;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1] as number;
}

/** Wall seconds and the cores kept busy (process CPU time / wall time, every thread counted). */
function timeCores(f: () => void): { seconds: number; cores: number } {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  f();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  return { seconds, cores: (c.user + c.system) / 1e6 / seconds };
}

/**
 * The elimination alone (residues already in a Float64Array, as FLINT's matrix is already filled)
 * against FLINT's nmod_mat_rank with the same prime, in the same run: with every core, and
 * serial. Runs are interleaved (ours on all cores, ours serial, FLINT) so that load from other
 * processes falls on all three alike; medians of {@link FLINT_RUNS}. The engine's memory is kept
 * between the runs of one size, as FLINT's timing leaves out allocating and filling its matrix.
 */
function benchModpAgainstFlint(quick: boolean): void {
  const p = DEFAULT_PRIMES[0] as number;
  const threads = defaultThreads();
  console.log(`\n## Rank mod p (${p}) against FLINT nmod_mat_rank, same prime, same run (median of ${FLINT_RUNS}; ours with ${threads} thread(s) and with 1)\n`);
  const warm = Float64Array.from(randomIntMatrix(512, 512, ENTRY_BOUND, 2).data, (x) => (x < 0 ? x + p : x));
  eliminateModP(warm, 512, 512, p, { threads: 1 });
  eliminateModP(warm, 512, 512, p, { threads, parallelMinWork: 0 }); // starts the workers
  const rows: string[][] = [];
  for (const n of quick ? FLINT_SIZES.slice(0, 1) : FLINT_SIZES) {
    const a = Float64Array.from(randomIntMatrix(n, n, ENTRY_BOUND, n).data, (x) => (x < 0 ? x + p : x));
    const all: { seconds: number; cores: number }[] = [];
    const serial: number[] = [];
    const flint: number[] = [];
    let rank = -1;
    for (let run = 0; run < FLINT_RUNS; run++) {
      all.push(timeCores(() => (rank = eliminateModP(a, n, n, p, { threads }).rank)));
      serial.push(timeCores(() => eliminateModP(a, n, n, p, { threads: 1 })).seconds);
      const f = flintRankSeconds(n, BigInt(p));
      if (f !== undefined) flint.push(f);
    }
    const ours = median(all.map((t) => t.seconds));
    const one = median(serial);
    const peer = flint.length > 0 ? median(flint) : undefined;
    rows.push([
      String(n),
      String(rank),
      `${fmtSeconds(ours)} (${median(all.map((t) => t.cores)).toFixed(2)} cores busy)`,
      fmtSeconds(one),
      peer === undefined ? 'n/a (gcc or libflint-dev missing)' : fmtSeconds(peer),
      peer === undefined ? '-' : fmtRatio(ours / peer),
      peer === undefined ? '-' : fmtRatio(one / peer),
    ]);
  }
  printTable(['n', 'rank', `ours, ${threads} thread(s)`, 'ours, serial', 'FLINT', 'ratio ours / FLINT', 'serial / FLINT'], rows);
  console.log('\n(ratio < 1: ours is faster. "cores busy" = CPU time of the process / wall time during our run.)');
}

/** Runs the rank benchmark and prints its tables. */
export function benchRank(options: { quick?: boolean } = {}): void {
  benchModpAgainstFlint(options.quick === true);
  const sizes = options.quick ? SIZES.slice(0, 2) : SIZES;
  console.log('\n## Rank engines on random dense integer matrices (entries in [-1000, 1000])\n');
  const rows: string[][] = [];
  let exactAt: { n: number; seconds: number } | undefined;
  // Warm the JIT on a small matrix so the first size is not charged for compilation.
  const warm = randomIntMatrix(192, 192, ENTRY_BOUND, 1); // three panels: every code path compiled
  rankModP(warm);
  rankOfFloatMatrix(warm);
  rankExact(randomIntMatrix(32, 32, ENTRY_BOUND, 1));
  for (const n of sizes) {
    const a = randomIntMatrix(n, n, ENTRY_BOUND, n);
    const modp = time(() => rankModP(a));
    const exact = n <= EXACT_MAX ? time(() => rankExact(a)) : undefined;
    if (exact) exactAt = { n, seconds: exact.seconds };
    const float = time(() => rankOfFloatMatrix(a));
    const numpy = numpySvdSeconds(n);
    const flintSame = flintRankSeconds(n, BigInt(modp.value.prime));
    const flint60 = flintRankSeconds(n, PRIME_60_BITS);
    rows.push([
      String(n),
      `${fmtSeconds(modp.seconds)} (rank ${modp.value.rank})`,
      exact
        ? `${fmtSeconds(exact.seconds)} (${fmtRatio(exact.seconds / modp.seconds)})`
        : exactAt
          ? `~${fmtSeconds(exactAt.seconds * (n / exactAt.n) ** 4)} est. (${fmtRatio((exactAt.seconds * (n / exactAt.n) ** 4) / modp.seconds)})`
          : 'not run',
      `${fmtSeconds(float.seconds)} (${fmtRatio(float.seconds / modp.seconds)})`,
      numpy === undefined ? 'n/a' : `${fmtSeconds(numpy)}; ours ${fmtRatio(float.seconds / numpy)}`,
      flintSame === undefined || flint60 === undefined ? 'n/a' : `${fmtSeconds(flintSame)} (same p; ours ${fmtRatio(modp.seconds / flintSame)}), ${fmtSeconds(flint60)} (60-bit p)`,
    ]);
  }
  printTable(['n', 'modp', 'exact (ratio to modp)', 'float SVD (ratio to modp)', 'numpy matrix_rank (same run)', 'FLINT nmod_mat_rank (same run)'], rows);
  console.log(`\n(exact above ${EXACT_MAX}: not run, estimated from the ${EXACT_MAX} x ${EXACT_MAX} time as n^4: n^3 operations on entries whose size grows linearly)`);

  console.log('\n## Exact rank at 128 x 128: Bareiss on BigInt vs Gaussian elimination on mathjs fractions\n');
  const math = create(all ?? {}, { number: 'Fraction' });
  const exactRows: string[][] = [];
  for (const n of options.quick ? [32, 64] : [32, 64, 128]) {
    const a = randomIntMatrix(n, n, ENTRY_BOUND, 7 + n);
    const bareiss = time(() => rankExact(a));
    let mj: { seconds: number; capped: boolean };
    try {
      const t = time(() => rankMathjs(math, n, n, a.data, MATHJS_CAP_SECONDS));
      mj = { seconds: t.seconds, capped: false };
    } catch (e) {
      if (!(e instanceof Deadline)) throw e;
      mj = { seconds: MATHJS_CAP_SECONDS, capped: true };
    }
    const ratio = mj.seconds / bareiss.seconds;
    exactRows.push([
      String(n),
      fmtSeconds(bareiss.seconds),
      mj.capped ? `> ${fmtSeconds(mj.seconds)} (stopped)` : fmtSeconds(mj.seconds),
      mj.capped ? `> ${fmtRatio(ratio)}` : fmtRatio(ratio),
    ]);
  }
  printTable(['n', 'Bareiss (BigInt)', 'mathjs fractions', 'speed-up'], exactRows);
}

/** FLINT's fmpz_mat_rank (bench/peers/flint_fmpz_rank.c) on the same matrix, sent on stdin; undefined when absent. */
function flintFmpzRank(a: { rows: number; cols: number; data: readonly (number | bigint)[] }): { rank: number; seconds: number } | undefined {
  const fmpzBinary = flintPeer('flint_fmpz_rank');
  if (fmpzBinary === null) return undefined;
  const r = spawnSync(fmpzBinary, [], { input: `${a.rows} ${a.cols}\n${a.data.join(' ')}\n`, encoding: 'utf8', timeout: 600_000, maxBuffer: 1 << 26 });
  const [rank, secs] = r.stdout.trim().split(' ').map(Number);
  return r.status === 0 && Number.isFinite(secs) ? { rank: rank as number, seconds: secs as number } : undefined;
}

/** An n x n integer matrix of rank r: the product of n x r and r x n factors with entries in [-9, 9]. */
function deficient(n: number, r: number, seed: number): { rows: number; cols: number; data: number[] } {
  const B = randomIntMatrix(n, r, 9, seed);
  const C = randomIntMatrix(r, n, 9, seed + 1);
  const data = new Array<number>(n * n).fill(0);
  for (let i = 0; i < n; i++) for (let k = 0; k < r; k++) { const b = B.data[i * r + k] as number; if (b !== 0) for (let j = 0; j < n; j++) data[i * n + j] = (data[i * n + j] as number) + b * (C.data[k * n + j] as number); }
  return { rows: n, cols: n, data };
}

/** Exact rank over Q: ours (modular shortcut; null space lifted, certified from both sides; Bareiss) vs FLINT fmpz_mat_rank. */
export function benchExactRank(options: { quick?: boolean } = {}): void {
  console.log('\n## Exact rank over Q: ours against FLINT fmpz_mat_rank (same matrices, same run)\n');
  // Warm the JIT as the rank table does (every panel path compiled), then the lifting.
  for (let i = 0; i < 3; i++) rankExact(randomIntMatrix(192, 192, ENTRY_BOUND, 3 + i));
  rankWithNullspace(deficient(48, 36, 5));
  const cases: { what: string; a: { rows: number; cols: number; data: number[] } }[] = [
    ...(options.quick ? [128] : [128, 256, 512]).map((n) => ({ what: `full rank ${n} (entries +-1000)`, a: randomIntMatrix(n, n, ENTRY_BOUND, 11 + n) })),
    ...(options.quick ? [64] : [64, 128, 256]).map((n) => ({ what: `rank ${(3 * n) / 4} of ${n} (product, entries +-9)`, a: deficient(n, (3 * n) / 4, 13 + n) })),
  ];
  const rows: string[][] = [];
  for (const c of cases) {
    const fast = time(() => rankExact(c.a));
    const both = time(() => rankWithNullspace(c.a));
    const bareissT = c.a.rows <= 256 ? time(() => bareiss(c.a)) : undefined;
    const flint = flintFmpzRank(c.a);
    if (flint && flint.rank !== fast.value.rank) throw new Error(`FLINT says rank ${flint.rank}, ours ${fast.value.rank}`);
    rows.push([
      c.what,
      String(fast.value.rank),
      `${fmtSeconds(fast.seconds)}`,
      `${fmtSeconds(both.seconds)} (${both.value.vectors.length} vectors, ${both.value.liftPrimes} primes)`,
      bareissT ? fmtSeconds(bareissT.seconds) : 'not run',
      flint ? `${fmtSeconds(flint.seconds)}; rankExact ${fmtRatio(fast.seconds / flint.seconds)}, both sides ${fmtRatio(both.seconds / flint.seconds)}` : 'n/a (gcc or libflint-dev missing)',
    ]);
  }
  printTable(['matrix', 'rank', 'rankExact (mod p, else Bareiss)', 'certified both sides (minor + null vectors)', 'Bareiss alone', 'FLINT fmpz_mat_rank (ratio = ours / FLINT)'], rows);
}
