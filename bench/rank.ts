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
import { rankExact, rankModP, rankOfFloatMatrix } from '../src/rank/index.js';
import { fmtRatio, fmtSeconds, printTable, randomIntMatrix, time } from './util.js';

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

/** The FLINT peer (bench/peers/flint_rank.c), compiled once if gcc and libflint-dev are present. */
let flintBinary: string | null | undefined;
function flintRankSeconds(n: number, prime: bigint): number | undefined {
  if (flintBinary === undefined) {
    flintBinary = null;
    const src = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench', 'peers', 'flint_rank.c');
    const bin = join(mkdtempSync(join(tmpdir(), 'ct-flint-')), 'flint_rank');
    const cc = spawnSync('gcc', ['-O2', src, '-lflint', '-o', bin], { encoding: 'utf8' });
    if (cc.status === 0) flintBinary = bin;
  }
  if (flintBinary === null) return undefined;
  const r = spawnSync(flintBinary, [String(n), prime.toString()], { encoding: 'utf8', timeout: 600_000 });
  const secs = Number(r.stdout.trim().split(' ')[1]);
  return r.status === 0 && Number.isFinite(secs) ? secs : undefined;
}

/** A 60-bit prime (2^60 - 93), as in the reference FLINT figure. */
const PRIME_60_BITS = 1152921504606846883n;

function numpySvdSeconds(n: number): number | undefined {
  const script = `import numpy as np, time\nrng=np.random.default_rng(1)\na=rng.integers(-${ENTRY_BOUND},${ENTRY_BOUND}+1,size=(${n},${n})).astype(float)\nnp.linalg.svd(a[:64,:64],compute_uv=False)\nt=time.perf_counter();np.linalg.matrix_rank(a);print(time.perf_counter()-t)`;
  const r = spawnSync('python3', ['-c', script], { encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) return undefined;
  const s = Number(r.stdout.trim());
  return Number.isFinite(s) ? s : undefined;
}

/** Runs the rank benchmark and prints its tables. */
export function benchRank(options: { quick?: boolean } = {}): void {
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
