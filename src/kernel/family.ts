/**
 * `rank-lower-bound/kronecker`: one finite check that proves a rank bound for every even order d.
 *
 * A paired network of order d = 2k is the product of k copies of one pair tensor
 * P[i, j] (an n x n matrix): a TT whose cores alternate `first` (1 x n x s) and `second`
 * (s x n x 1) with bonds of size 1 between pairs, or an HT whose sibling leaves (2t, 2t+1) are
 * joined by `transfer` (s x s x 1) over frames `left`, `right` (n x s) and whose higher nodes
 * only multiply. Its odd/even matricization is then the Kronecker product P (x) ... (x) P of k
 * copies (rows (i_0, i_2, ...), columns (i_1, i_3, ...), both row-major: exactly the Kronecker
 * index order). Since rank(A (x) B) = rank(A) rank(B) over any field, a nonsingular K x K minor
 * of P modulo p proves rank >= K^k for every k at once.
 *
 * The kernel computes P from the pair's own parameters and checks the minor; the Kronecker
 * identity above is the lemma the claim rests on (stated here and in proofs/README.md).
 *
 * @packageDocumentation
 */
import { DivisionByZeroError } from '../exact/field.js';
import { primeField } from '../exact/fields.js';
import type { Rational } from '../exact/rational.js';
import type { FamilyLowerBoundClaim, PairFamily, Verified } from './claims.js';
import { isNonsingularModP } from './nonsingular.js';
import { readPrime } from './prime.js';
import { child, readArray, readBigNat, readInt, readObject, readRational, readString, type JsonObject } from './reader.js';
import { readMinorIndices } from './minor.js';
import { MAX_MODE_SIZE, MAX_RANK } from './tensorJson.js';
import { reject } from './verdict.js';

/** Most entries of the pair block the kernel forms (n x n). */
export const MAX_PAIR_BLOCK = 1 << 22;

function readEntries(x: unknown, path: string, length: number): Rational[] {
  return readArray(x, path, length).map((v, i) => readRational(v, child(path, i)));
}

function readFamily(x: unknown, path: string): PairFamily {
  const head = readObject(x, path, ['format'], ['size', 'pairRank', 'first', 'second', 'left', 'right', 'transfer']);
  const format = readString(head['format'], child(path, 'format'));
  const p = (k: string): string => child(path, k);
  if (format === 'tt-pairs') {
    const o = readObject(x, path, ['format', 'size', 'pairRank', 'first', 'second']);
    const n = readInt(o['size'], p('size'), 1, MAX_MODE_SIZE);
    const s = readInt(o['pairRank'], p('pairRank'), 1, MAX_RANK);
    if (n * n > MAX_PAIR_BLOCK || n * s > MAX_PAIR_BLOCK) reject('BUDGET_EXCEEDED', path, `a pair block of ${n} x ${n} is above the kernel's limit`);
    return { format: 'tt-pairs', size: n, pairRank: s, first: readEntries(o['first'], p('first'), n * s), second: readEntries(o['second'], p('second'), s * n) };
  }
  if (format === 'ht-pairs') {
    const o = readObject(x, path, ['format', 'size', 'pairRank', 'left', 'right', 'transfer']);
    const n = readInt(o['size'], p('size'), 1, MAX_MODE_SIZE);
    const s = readInt(o['pairRank'], p('pairRank'), 1, MAX_RANK);
    if (n * n > MAX_PAIR_BLOCK || n * s > MAX_PAIR_BLOCK || s * s > MAX_PAIR_BLOCK) reject('BUDGET_EXCEEDED', path, `a pair of size ${n} and rank ${s} is above the kernel's limit`);
    return { format: 'ht-pairs', size: n, pairRank: s, left: readEntries(o['left'], p('left'), n * s), right: readEntries(o['right'], p('right'), n * s), transfer: readEntries(o['transfer'], p('transfer'), s * s) };
  }
  return reject('UNKNOWN_KIND', child(path, 'format'), `unknown pair family "${format}"; known: tt-pairs, ht-pairs`);
}

/** The pair block P (n x n, row-major) modulo p from the family's parameters. */
export function pairBlockModP(f: PairFamily, p: number): Float64Array {
  const F = primeField(p);
  const n = f.size;
  const s = f.pairRank;
  const P = new Float64Array(n * n);
  if (f.format === 'tt-pairs') {
    // P[i, j] = sum_a first[i, a] second[a, j]
    const A = f.first.map((q) => F.fromRational(q));
    const B = f.second.map((q) => F.fromRational(q));
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let a = 0; a < s; a++) acc = F.add(acc, F.mul(A[i * s + a] as number, B[a * n + j] as number));
        P[i * n + j] = acc;
      }
  } else {
    // P[i, j] = sum_{a,b} left[i, a] right[j, b] transfer[a, b]
    const L = f.left.map((q) => F.fromRational(q));
    const R = f.right.map((q) => F.fromRational(q));
    const T = f.transfer.map((q) => F.fromRational(q));
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let a = 0; a < s; a++) {
          const la = L[i * s + a] as number;
          if (la === 0) continue;
          for (let b = 0; b < s; b++) acc = F.add(acc, F.mul(la, F.mul(R[j * s + b] as number, T[a * s + b] as number)));
        }
        P[i * n + j] = acc;
      }
  }
  return P;
}

/** Checks a `rank-lower-bound/kronecker` certificate. */
export function checkKronecker(doc: JsonObject, topFields: readonly string[], optionalTop: readonly string[]): Verified {
  readObject(doc, '', [...topFields, 'family', 'prime', 'rowIndices', 'colIndices'], optionalTop);
  const claim = readObject(doc['claim'], '/claim', ['rankAtLeastPerPair']);
  const base = readBigNat(claim['rankAtLeastPerPair'], '/claim/rankAtLeastPerPair');
  const family = readFamily(doc['family'], '/family');
  const prime = readPrime(doc['prime'], '/prime');
  const n = family.size;
  const { rows, cols } = readMinorIndices(doc, n, n, base, '/claim/rankAtLeastPerPair');
  let P: Float64Array;
  try {
    P = pairBlockModP(family, prime);
  } catch (e) {
    if (e instanceof DivisionByZeroError) reject('PRIME_DIVIDES_DENOMINATOR', '/family', `the prime ${prime} divides a denominator of the pair's parameters`);
    throw e;
  }
  const k = rows.length;
  const minor = new Float64Array(k * k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) minor[a * k + b] = P[(rows[a] as number) * n + (cols[b] as number)] as number;
  if (!isNonsingularModP(minor, k, prime)) reject('SINGULAR_MINOR', '/rowIndices', `the ${k} x ${k} minor of the pair block is singular mod ${prime}`);
  const verified: FamilyLowerBoundClaim = { kind: 'rank-lower-bound-family', family, base, prime };
  return { verdict: 'verified', claim: verified };
}
