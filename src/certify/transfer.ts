/**
 * Transfer certificates (all even d at once) for TT and shared-core TT families: a generator of
 * order 4 whose middle two cores repeat (src/kernel/checks/transfer.ts has the argument), found by
 * seeded random integer draws and checked here with the modular engine before it is written.
 *
 * For mode size n and rank r, with a = min(n, r) and m = min(n, a^2): the generator has ranks
 * (1, a, a, a, 1) and the certificate's minor rows A x T, columns I x C with A = C = {0..a-1} and
 * T = I = {0..m-1}, so every member of order d = 2k has odd/even rank >= a m^(k-1) =
 * min(n, r) min(n, r^2)^(d/2 - 1), the exact generic rank (the isolation cut is the upper side).
 *
 * @packageDocumentation
 */
import { DEFAULT_PRIMES } from '../exact/primes.js';
import { createRng } from '../exact/prng.js';
import { tensorToJson } from '../formats/json.js';
import type { SharedTtTensor, TtTensor } from '../formats/types.js';
import { CERTIFICATE_TAG, CERTIFICATE_VERSION, sealCertificate } from '../kernel/index.js';
import { rankModP } from '../rank/index.js';

/** An order-4 generator: cores F [1, n, a], H [a, n, a], G [a, n, a], g [a, n, 1] (H = G when shared). */
export interface TransferGenerator {
  readonly format: 'tt' | 'tt-shared';
  readonly size: number;
  /** The bond rank a. */
  readonly rank: number;
  readonly first: readonly bigint[];
  readonly odd: readonly bigint[];
  readonly even: readonly bigint[];
  readonly last: readonly bigint[];
}

/** Draws tried before giving up (each is nonsingular with high probability). */
export const MAX_GENERATOR_DRAWS = 20;

/** The leading factor and base of the family's bound at (n, r): min(n, r) and min(n, min(n, r)^2). */
export function transferBound(n: number, r: number): { leading: number; base: number } {
  const a = Math.min(n, r);
  return { leading: a, base: Math.min(n, a * a) };
}

/** A seeded random generator with entries in [-3, 3]. */
export function randomGenerator(format: 'tt' | 'tt-shared', n: number, r: number, seed: number): TransferGenerator {
  const rng = createRng(seed);
  const a = Math.min(n, r);
  const draw = (k: number): bigint[] => Array.from({ length: k }, () => BigInt(rng.below(7) - 3));
  const first = draw(n * a);
  const odd = draw(a * n * a);
  const even = format === 'tt-shared' ? odd : draw(a * n * a);
  return { format, size: n, rank: a, first, odd, even, last: draw(a * n) };
}

/** The family's member of even order d: F, (H G) x (d/2 - 1), g. */
export function transferMember(g: TransferGenerator, d: number): TtTensor<bigint> | SharedTtTensor<bigint> {
  if (d < 2 || d % 2 !== 0) throw new RangeError(`transferMember: d must be even and >= 2, got ${d}`);
  const { size: n, rank: a } = g;
  if (g.format === 'tt-shared') return { format: 'tt-shared', order: d, size: n, rank: a, first: [...g.first], middle: [...g.odd], last: [...g.last] };
  const cores = [g.first, ...Array.from({ length: d - 2 }, (_, j) => (j % 2 === 0 ? g.odd : g.even)), g.last].map((c) => [...c]);
  return { format: 'tt', shape: new Array<number>(d).fill(n), ranks: [1, ...new Array<number>(d - 1).fill(a), 1], cores };
}

/** The three square blocks whose nonsingularity the certificate's minor shows: F' (a x a), K (am x am), g' (a x a). */
function blocks(g: TransferGenerator, m: number): { rows: number; cols: number; data: number[] }[] {
  const { size: n, rank: a } = g;
  const at = (x: readonly bigint[], i: number): number => Number(x[i] as bigint);
  const f = { rows: a, cols: a, data: Array.from({ length: a * a }, (_, lin) => at(g.first, Math.floor(lin / a) * a + (lin % a))) };
  const l = { rows: a, cols: a, data: Array.from({ length: a * a }, (_, lin) => at(g.last, Math.floor(lin / a) * n + (lin % a))) };
  // K[(c, t), (i, e)] = sum_b H[c, i, b] G[b, t, e].
  const k = { rows: a * m, cols: m * a, data: new Array<number>(a * m * m * a).fill(0) };
  for (let c = 0; c < a; c++)
    for (let t = 0; t < m; t++)
      for (let i = 0; i < m; i++)
        for (let e = 0; e < a; e++) {
          let s = 0;
          for (let b = 0; b < a; b++) s += at(g.odd, (c * n + i) * a + b) * at(g.even, (b * n + t) * a + e);
          k.data[(c * m + t) * (m * a) + i * a + e] = s;
        }
  return [f, k, l];
}

/** A `rank-lower-bound/transfer` certificate for the first seeded draw that works (throws if none does). */
export function transferCertificate(format: 'tt' | 'tt-shared', n: number, r: number, seed: number, provenance?: Record<string, unknown>): { certificate: object; generator: TransferGenerator; leading: number; base: number; draws: number } {
  const { leading: a, base: m } = transferBound(n, r);
  for (let draw = 0; draw < MAX_GENERATOR_DRAWS; draw++) {
    const g = randomGenerator(format, n, r, seed + draw);
    const parts = blocks(g, m);
    // One prime for which all three blocks are nonsingular (then so is the certificate's minor).
    const prime = DEFAULT_PRIMES.find((p) => parts.every((b) => rankModP(b, { primes: [p] }).rank === b.rows));
    if (prime === undefined) continue;
    const rowIndices = Array.from({ length: a * m }, (_, lin) => Math.floor(lin / m) * n + (lin % m));
    const colIndices = Array.from({ length: m * a }, (_, lin) => Math.floor(lin / a) * n + (lin % a));
    const certificate = sealCertificate({
      certificate: CERTIFICATE_TAG,
      version: CERTIFICATE_VERSION,
      kind: 'rank-lower-bound/transfer',
      claim: { leading: a, base: m },
      generator: tensorToJson(transferMember(g, 4)),
      prime,
      rowIndices,
      colIndices,
      ...(provenance ? { provenance: { ...provenance, seed: seed + draw } } : {}),
    });
    return { certificate, generator: g, leading: a, base: m, draws: draw + 1 };
  }
  throw new RangeError(`transferCertificate: no nonsingular generator in ${MAX_GENERATOR_DRAWS} draws at n=${n}, r=${r}`);
}
