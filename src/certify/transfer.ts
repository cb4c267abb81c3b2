/**
 * Transfer-block certificates for TT and shared-core TT networks (src/kernel/checks/transfer.ts
 * has the argument): `rank-lower-bound/chain` for one tensor of even order, and
 * `rank-lower-bound/transfer` for a family at every even d at once, whose generator of order 4
 * (middle two cores repeated) is found by seeded random integer draws; the blocks are checked here
 * with the modular engine before a certificate is written.
 *
 * For mode size n and rank r, with a = min(n, r) and m = min(n, a^2): the generator has ranks
 * (1, a, a, a, 1) and the certificate's index sets are A = C = {0..a-1} and T = I = {0..m-1}, so
 * every member of order d = 2k has odd/even rank >= a m^(k-1) =
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

/** A TT core as [left, n, right] entries (a shared-core TT's first, middle and last blocks too). */
interface IntCore {
  readonly left: number;
  readonly right: number;
  readonly data: readonly bigint[];
}

/** The cores of a TT or shared-core TT, integer entries. */
function intCores(x: TtTensor<bigint> | SharedTtTensor<bigint>): IntCore[] {
  if (x.format === 'tt') return x.cores.map((c, k) => ({ left: x.ranks[k] as number, right: x.ranks[k + 1] as number, data: c }));
  const d = x.order;
  return Array.from({ length: d }, (_, k) => (k === 0 ? { left: 1, right: x.rank, data: x.first } : k === d - 1 ? { left: x.rank, right: 1, data: x.last } : { left: x.rank, right: x.rank, data: x.middle }));
}

/** The index sets of a chain certificate (checks/transfer.ts): A, C and per pair I_j, T_j. */
export interface TransferIndices {
  readonly first: readonly number[];
  readonly pairs: readonly { readonly odd: readonly number[]; readonly even: readonly number[] }[];
  readonly last: readonly number[];
}

/**
 * The largest square index sets of a TT of even order: A = {0..r_1 - 1}, C = {0..r_(d-1) - 1}, and
 * per pair T_j = I_j = {0..m_j - 1}, m_j = min(n, r_(2j-1) r_(2j)) (the block's rank is at most
 * r_(2j-1) r_(2j) r_(2j+1) by a cut) when the bonds r_(2j-1) and r_(2j+1) are equal; undefined when
 * they are not (no square block) or r_1, r_(d-1) > n.
 */
export function standardIndices(x: TtTensor<bigint> | SharedTtTensor<bigint>): TransferIndices | undefined {
  const cores = intCores(x);
  const d = cores.length;
  const n = x.format === 'tt' ? (x.shape[0] as number) : x.size;
  const r1 = (cores[0] as IntCore).right;
  const rl = (cores[d - 1] as IntCore).left;
  if (r1 > n || rl > n) return undefined;
  const range = (k: number): number[] => Array.from({ length: k }, (_, i) => i);
  const pairs: { odd: number[]; even: number[] }[] = [];
  for (let j = 1; j < d / 2; j++) {
    const H = cores[2 * j - 1] as IntCore;
    const G = cores[2 * j] as IntCore;
    if (H.left !== G.right) return undefined;
    const m = Math.min(n, H.right * H.left);
    pairs.push({ odd: range(m), even: range(m) });
  }
  return { first: range(r1), pairs, last: range(rl) };
}

/** The square blocks F', K_j, g' of a TT at the index sets, as residues mod p (the engine's own check). */
function transferBlocks(x: TtTensor<bigint> | SharedTtTensor<bigint>, ix: TransferIndices, p: number, only?: number): { rows: number; cols: number; residues: Float64Array }[] {
  const cores = intCores(x).map((c) => ({ ...c, res: Float64Array.from(c.data, (v) => Number(((v % BigInt(p)) + BigInt(p)) % BigInt(p))) }));
  const d = cores.length;
  const n = x.format === 'tt' ? (x.shape[0] as number) : x.size;
  type C = (typeof cores)[number];
  const at = (c: C, l: number, i: number, r: number): number => c.res[(l * n + i) * c.right + r] as number;
  const F = cores[0] as C;
  const g = cores[d - 1] as C;
  const a = ix.first.length;
  const c = ix.last.length;
  const out = [
    { rows: a, cols: a, residues: Float64Array.from({ length: a * a }, (_, e) => at(F, 0, ix.first[Math.floor(e / a)] as number, e % a)) },
    { rows: c, cols: c, residues: Float64Array.from({ length: c * c }, (_, e) => at(g, Math.floor(e / c), ix.last[e % c] as number, 0)) },
  ];
  ix.pairs.forEach(({ odd: I, even: T }, j) => {
    const H = cores[2 * j + 1] as C;
    const G = cores[2 * j + 2] as C;
    const size = H.left * T.length;
    const residues = new Float64Array(only === undefined || only === j ? size * size : 0);
    if (residues.length === 0) {
      out.push({ rows: 0, cols: 0, residues });
      return;
    }
    for (let l = 0; l < H.left; l++)
      for (let t = 0; t < T.length; t++)
        for (let i = 0; i < I.length; i++)
          for (let e = 0; e < G.right; e++) {
            let v = 0;
            // Residues below 2^26: each product below 2^52, reduced at once.
            for (let b = 0; b < H.right; b++) v = (v + at(H, l, I[i] as number, b) * at(G, b, T[t] as number, e)) % p;
            residues[(l * T.length + t) * size + i * G.right + e] = v;
          }
    out.push({ rows: size, cols: size, residues });
  });
  return out;
}

/** A prime for which every block is nonsingular, or undefined (then the tensor is singular there over Q, or unlucky). */
function commonPrime(x: TtTensor<bigint> | SharedTtTensor<bigint>, ix: TransferIndices): number | undefined {
  return DEFAULT_PRIMES.find((p) => transferBlocks(x, ix, p).every((b) => rankModP({ rows: b.rows, cols: b.cols, residues: () => b.residues }, { primes: [p] }).rank === b.rows));
}

/** The bound the index sets give: |A| times the product of the |T_j|. */
export const chainBound = (ix: TransferIndices): bigint => ix.pairs.reduce((acc, q) => acc * BigInt(q.even.length), BigInt(ix.first.length));

/** Whether a square block of residues is nonsingular mod p. */
const nonsingular = (b: { rows: number; cols: number; residues: Float64Array }, p: number): boolean => rankModP({ rows: b.rows, cols: b.cols, residues: () => b.residues }, { primes: [p] }).rank === b.rows;

/**
 * The index sets of a chain certificate for one TT, mod p: the largest square sets first, and for
 * a pair whose block is singular there, smaller sets T_j = I_j = {0..m - 1} (m from the largest down:
 * a network whose bonds carry less than their size, e.g. the paper's witness, has smaller
 * nonsingular blocks). Undefined if F', g' or some pair has no nonsingular block.
 */
function chainIndices(x: TtTensor<bigint> | SharedTtTensor<bigint>, p: number): TransferIndices | undefined {
  const full = standardIndices(x);
  if (!full) return undefined;
  const blocks = transferBlocks(x, full, p);
  if (!nonsingular(blocks[0] as (typeof blocks)[number], p) || !nonsingular(blocks[1] as (typeof blocks)[number], p)) return undefined;
  const pairs = full.pairs.map((q, j) => {
    if (nonsingular(blocks[2 + j] as (typeof blocks)[number], p)) return q;
    for (let m = q.odd.length - 1; m >= 1; m--) {
      const range = Array.from({ length: m }, (_, i) => i);
      const one: TransferIndices = { first: full.first, pairs: full.pairs.map((o, i) => (i === j ? { odd: range, even: range } : o)), last: full.last };
      if (nonsingular(transferBlocks(x, one, p, j)[2 + j] as (typeof blocks)[number], p)) return { odd: range, even: range };
    }
    return undefined;
  });
  if (pairs.some((q) => q === undefined)) return undefined;
  return { first: full.first, pairs: pairs as { odd: number[]; even: number[] }[], last: full.last };
}

/**
 * A `rank-lower-bound/chain` certificate for one TT (or shared-core TT) of even order, or
 * undefined when no default prime gives nonsingular blocks.
 */
export function chainCertificate(x: TtTensor<bigint> | SharedTtTensor<bigint>, provenance?: Record<string, unknown>): { certificate: object; rank: bigint; prime: number } | undefined {
  for (const prime of DEFAULT_PRIMES.slice(0, 3)) {
    const ix = chainIndices(x, prime);
    if (!ix) continue;
    const rank = chainBound(ix);
    const certificate = sealCertificate({
      certificate: CERTIFICATE_TAG,
      version: CERTIFICATE_VERSION,
      kind: 'rank-lower-bound/chain',
      claim: { rankAtLeast: rank <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(rank) : rank.toString() },
      tensor: tensorToJson(x),
      prime,
      indices: ix,
      ...(provenance ? { provenance } : {}),
    });
    return { certificate, rank, prime };
  }
  return undefined;
}

/** A `rank-lower-bound/transfer` certificate for the first seeded draw that works (throws if none does). */
export function transferCertificate(format: 'tt' | 'tt-shared', n: number, r: number, seed: number, provenance?: Record<string, unknown>): { certificate: object; generator: TransferGenerator; leading: number; base: number; draws: number } {
  const { leading: a, base: m } = transferBound(n, r);
  for (let draw = 0; draw < MAX_GENERATOR_DRAWS; draw++) {
    const g = randomGenerator(format, n, r, seed + draw);
    const x = transferMember(g, 4);
    const ix = standardIndices(x) as TransferIndices;
    const prime = commonPrime(x, ix);
    if (prime === undefined) continue;
    const certificate = sealCertificate({
      certificate: CERTIFICATE_TAG,
      version: CERTIFICATE_VERSION,
      kind: 'rank-lower-bound/transfer',
      claim: { leading: a, base: m },
      generator: tensorToJson(x),
      prime,
      indices: ix,
      ...(provenance ? { provenance: { ...provenance, seed: seed + draw } } : {}),
    });
    return { certificate, generator: g, leading: a, base: m, draws: draw + 1 };
  }
  throw new RangeError(`transferCertificate: no nonsingular generator in ${MAX_GENERATOR_DRAWS} draws at n=${n}, r=${r}`);
}
