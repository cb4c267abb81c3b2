/**
 * Transfer-matrix certificates: the odd/even matricization rank of a TT (or shared-core TT) from
 * small blocks of its cores, for one tensor of any even order (`rank-lower-bound/chain`) or for a
 * whole periodic family at every even order (`rank-lower-bound/transfer`).
 *
 * Let C_0, ..., C_(2k-1) be the cores (C_s of shape [r_s, n, r_(s+1)], r_0 = r_2k = 1; a shared-core
 * TT's are first, 2k - 2 copies of one middle block, last). The certificate gives index sets A and C
 * (first and last mode) and, for each pair j = 1..k-1 of cores H = C_(2j-1), G = C_(2j), sets I_j
 * (mode 2j - 1, a column mode) and T_j (mode 2j, a row mode). The blocks:
 *
 *     F'[x, c] = C_0[0, x, c]               x in A, c < r_1                      (|A| = r_1)
 *     K_j[(c, t), (i, e)] = sum_b H[c, i, b] G[b, t, e]   c < r_(2j-1), t in T_j, i in I_j, e < r_(2j+1)
 *     g'[e, y] = C_(2k-1)[e, y, 0]          e < r_(2k-1), y in C                 (|C| = r_(2k-1))
 *
 * each square (r_(2j-1) |T_j| = |I_j| r_(2j+1)) and nonsingular mod p. Then the submatrix of the
 * odd/even matricization on rows (A, T_1, ..., T_(k-1)) and columns (I_1, ..., I_(k-1), C) is
 * nonsingular, of size |A| |T_1| ... |T_(k-1)|: write Q_j for the contraction of C_0..C_(2j-2) with
 * rows (i_0 in A, i_2 in T_1, ...), columns (i_1 in I_1, ..., and the open bond). Q_1 = F', and
 * appending H, G gives Q_(j+1)[(R, t), (J, i, e)] = sum_c Q_j[R, (J, c)] K_j[(c, t), (i, e)], that is
 * Q_(j+1) = (Q_j (x) 1_T)(1_J (x) K_j): square and nonsingular when Q_j and K_j are. The submatrix
 * is Q_k (1 (x) g'). Every step holds over any field, so over Z/p; a determinant nonzero mod p is
 * nonzero over Q. (Rows are row-major over the even modes in order, columns over the odd modes, as
 * in every matricization here; the order of rows and columns does not change nonsingularity.)
 *
 * Family (`transfer`): the generator is an order-4 TT with r_1 = r_3 (or a shared-core TT); its
 * member of order 2k is F, (H G)^(k-1), g (for a shared core, the shared-core TT of order 2k with
 * the same three blocks), whose blocks are F', k - 1 copies of K_1 and g', so the certificate of the
 * generator proves rank >= |A| |T_1|^(k-1) for every k at once (leading |A|, base |T_1|). Every
 * member has ranks at most max(r_1, r_2).
 *
 * @packageDocumentation
 */
import type { FamilyLowerBoundClaim, RankLowerBoundClaim } from '../claims.js';
import { isNonsingularModP } from '../eliminate.js';
import { blockResidues } from '../evaluate.js';
import { child, readArray, readIndexList, readNat, readObject, type JsonObject } from '../json.js';
import { readTensor, shapeOf, type Tensor } from '../structures.js';
import { reject } from '../verdict.js';
import { MAX_MINOR_SIZE, readPrime, tensorRef } from './matrix.js';

/** Most multiply-adds of all the blocks' products and eliminations together. */
export const MAX_TRANSFER_WORK = 2 ** 36;

/** A core's shape and entries (residues), for TT and shared-core TT alike. */
interface Core {
  readonly left: number;
  readonly right: number;
  at(l: number, i: number, r: number): number;
}

function coresOf(x: Tensor, res: readonly Float64Array[], path: string): Core[] {
  const s = x.structure;
  const n = shapeOf(s)[0] as number;
  const d = shapeOf(s).length;
  if (s.format === 'tt') return res.map((b, k) => ({ left: s.ranks[k] as number, right: s.ranks[k + 1] as number, at: (l, i, r) => b[(l * n + i) * (s.ranks[k + 1] as number) + r] as number }));
  if (s.format !== 'tt-shared') return reject('BAD_TENSOR', path, 'a transfer certificate is about a TT or a shared-core TT');
  const [first, middle, last] = res as [Float64Array, Float64Array, Float64Array];
  const q = s.rank;
  return Array.from({ length: d }, (_, k) =>
    k === 0 ? { left: 1, right: q, at: (_l, i, r) => first[i * q + r] as number } : k === d - 1 ? { left: q, right: 1, at: (l, i) => last[l * n + i] as number } : { left: q, right: q, at: (l, i, r) => middle[(l * n + i) * q + r] as number },
  );
}

/**
 * Checks the blocks of a TT or shared-core TT of even order against the index sets; returns |A|
 * and the |T_j| (the bound is their product). Rejects unless every block is square and nonsingular.
 */
export function checkTransferBlocks(x: Tensor, indices: unknown, p: number, path: string): { leading: number; bases: number[] } {
  if (x.structure.format !== 'tt' && x.structure.format !== 'tt-shared') reject('BAD_TENSOR', path, 'a transfer certificate is about a TT or a shared-core TT');
  const shape = shapeOf(x.structure);
  const d = shape.length;
  const n = shape[0] as number;
  if (d % 2 !== 0 || shape.some((m) => m !== n)) reject('BAD_TENSOR', path, 'the tensor must have an even number of modes, all of one size');
  const k = d / 2;
  const o = readObject(indices, '/indices', ['first', 'pairs', 'last']);
  const A = readIndexList(o['first'], '/indices/first', n);
  const C = readIndexList(o['last'], '/indices/last', n);
  const pairs = readArray(o['pairs'], '/indices/pairs', k - 1).map((v, j) => {
    const q = readObject(v, child('/indices/pairs', j), ['odd', 'even']);
    return { I: readIndexList(q['odd'], child(child('/indices/pairs', j), 'odd'), n), T: readIndexList(q['even'], child(child('/indices/pairs', j), 'even'), n) };
  });
  const s = x.structure;
  const rank = (b: number): number => (s.format === 'tt' ? (s.ranks[b] as number) : b === 0 || b === d ? 1 : (s as { rank: number }).rank);
  if (A.length !== rank(1)) reject('BAD_INDICES', '/indices/first', `the first mode needs r_1 = ${rank(1)} indices, got ${A.length}`);
  if (C.length !== rank(d - 1)) reject('BAD_INDICES', '/indices/last', `the last mode needs r_(d-1) = ${rank(d - 1)} indices, got ${C.length}`);
  for (const [list, where] of [[A, '/indices/first'], [C, '/indices/last']] as const) if (list.length > MAX_MINOR_SIZE) reject('BUDGET_EXCEEDED', where, `a ${list.length} x ${list.length} block is above the kernel's limit ${MAX_MINOR_SIZE}`);
  let work = A.length ** 3 + C.length ** 3;
  pairs.forEach(({ I, T }, j) => {
    const [l, r] = [rank(2 * j + 1), rank(2 * j + 3)];
    if (l * T.length !== I.length * r) reject('BAD_INDICES', child('/indices/pairs', j), `block ${j + 1} must be square: ${l} x ${T.length} rows, ${I.length} x ${r} columns`);
    const size = l * T.length;
    if (size > MAX_MINOR_SIZE) reject('BUDGET_EXCEEDED', child('/indices/pairs', j), `a ${size} x ${size} block is above the kernel's limit ${MAX_MINOR_SIZE}`);
    work += size * size * (rank(2 * j + 2) + size / 3);
  });
  if (work > MAX_TRANSFER_WORK) reject('BUDGET_EXCEEDED', '/indices/pairs', `the blocks take about ${work.toExponential(2)} multiply-adds, above the kernel's limit ${MAX_TRANSFER_WORK.toExponential(2)}`);
  const cores = coresOf(x, blockResidues(x, p, path), path);
  const nonsingular = (m: Float64Array, size: number, where: string, what: string): void => {
    if (!isNonsingularModP(m, size, p)) reject('SINGULAR_MINOR', where, `${what} is singular mod ${p}`);
  };
  const F = cores[0] as Core;
  nonsingular(Float64Array.from({ length: A.length * A.length }, (_, e) => F.at(0, A[Math.floor(e / A.length)] as number, e % A.length)), A.length, '/indices/first', 'the first block F\'');
  const g = cores[d - 1] as Core;
  nonsingular(Float64Array.from({ length: C.length * C.length }, (_, e) => g.at(Math.floor(e / C.length), C[e % C.length] as number, 0)), C.length, '/indices/last', 'the last block g\'');
  pairs.forEach(({ I, T }, j) => {
    const H = cores[2 * j + 1] as Core;
    const G = cores[2 * j + 2] as Core;
    const size = H.left * T.length;
    const K = new Float64Array(size * size);
    for (let c = 0; c < H.left; c++)
      for (let t = 0; t < T.length; t++)
        for (let i = 0; i < I.length; i++)
          for (let e = 0; e < G.right; e++) {
            let v = 0;
            for (let b = 0; b < H.right; b++) v = (v + H.at(c, I[i] as number, b) * G.at(b, T[t] as number, e)) % p;
            K[(c * T.length + t) * size + i * G.right + e] = v;
          }
    nonsingular(K, size, child('/indices/pairs', j), `the transfer block of pair ${j + 1}`);
  });
  return { leading: A.length, bases: pairs.map(({ T }) => T.length) };
}

/** Checks a `rank-lower-bound/chain` certificate: one tensor's odd/even rank. */
export function checkChain(doc: JsonObject): RankLowerBoundClaim {
  const bound = readNat(readObject(doc['claim'], '/claim', ['rankAtLeast'])['rankAtLeast'], '/claim/rankAtLeast');
  const x = readTensor(doc['tensor'], '/tensor');
  const prime = readPrime(doc['prime'], '/prime');
  const { leading, bases } = checkTransferBlocks(x, doc['indices'], prime, '/tensor');
  const got = bases.reduce((acc, b) => acc * BigInt(b), BigInt(leading));
  if (got !== bound) reject('CLAIM_MISMATCH', '/claim/rankAtLeast', `the blocks give rank >= ${got}, the claim says ${bound}`);
  const shape = shapeOf(x.structure);
  const rowModes = shape.map((_, m) => m).filter((m) => m % 2 === 0);
  const half = BigInt(shape[0] as number) ** BigInt(rowModes.length);
  return { kind: 'rank-lower-bound', method: 'transfer', subject: { kind: 'matricization', tensor: tensorRef(x), rowModes, rows: half, cols: half }, bound, prime };
}

/** Checks a `rank-lower-bound/transfer` certificate: a periodic family, every even order. */
export function checkTransfer(doc: JsonObject): FamilyLowerBoundClaim {
  const c = readObject(doc['claim'], '/claim', ['leading', 'base']);
  const leading = readNat(c['leading'], '/claim/leading');
  const base = readNat(c['base'], '/claim/base');
  const gen = readTensor(doc['generator'], '/generator');
  const s = gen.structure;
  if (shapeOf(s).length !== 4) reject('BAD_TENSOR', '/generator', 'the generator must be of order 4');
  if (s.format === 'tt' && s.ranks[3] !== s.ranks[1]) reject('BAD_TENSOR', '/generator/ranks', `the ranks must be (1, a, b, a, 1) so that H G can repeat; got (${s.ranks.join(', ')})`);
  const prime = readPrime(doc['prime'], '/prime');
  const got = checkTransferBlocks(gen, doc['indices'], prime, '/generator');
  if (BigInt(got.leading) !== leading || BigInt(got.bases[0] as number) !== base) reject('CLAIM_MISMATCH', '/claim', `the blocks give leading ${got.leading} and base ${got.bases[0]}, the claim says ${leading} and ${base}`);
  const n = shapeOf(s)[0] as number;
  const maxRank = s.format === 'tt' ? Math.max(...s.ranks) : (s as { rank: number }).rank;
  return { kind: 'rank-lower-bound-family', method: 'transfer', generator: tensorRef(gen), family: { format: s.format as 'tt' | 'tt-shared', size: n, rank: maxRank }, leading, base, prime };
}
