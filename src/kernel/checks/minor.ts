/**
 * `rank-lower-bound/minor`: a K x K minor of the subject matrix is nonsingular mod a prime p, so
 * its determinant is a nonzero integer (or rational) and the matrix has rank >= K over Q.
 *
 * For a matricization the minor's entries come from the tensor's own parameters: the minor is the
 * sketch whose vectors are unit vectors (row a of the minor is column a of Psi = the Kronecker
 * product of one unit vector per row mode), evaluated by the same contraction as sketches.
 *
 * @packageDocumentation
 */
import { modBig, invMod, reducer } from '../arith.js';
import type { RankLowerBoundClaim } from '../claims.js';
import { isNonsingularModP } from '../eliminate.js';
import { checkSketchCost, sketch } from '../evaluate.js';
import { readNat, readObject, type JsonObject } from '../json.js';
import { shapeOf, type Tensor } from '../structures.js';
import { reject } from '../verdict.js';
import { checkScoreCost, MAX_SEQUENCE_ENTRIES, sequenceTree, treeScores, type GeneralizedNetwork } from '../generalized.js';
import { colModesOf, indexBound, readMinorIndices, readPrime, readSubject } from './matrix.js';

/** For each listed mode, a K x n_m array whose row a is the unit vector of that mode's digit of indices[a]. */
function unitVectors(shape: readonly number[], modes: readonly number[], indices: readonly number[]): Float64Array[] {
  const out = modes.map((m) => new Float64Array(indices.length * (shape[m] as number)));
  indices.forEach((idx, a) => {
    let rest = idx;
    for (let t = modes.length - 1; t >= 0; t--) {
      const n = shape[modes[t] as number] as number;
      (out[t] as Float64Array)[a * n + (rest % n)] = 1;
      rest = Math.floor(rest / n);
    }
  });
  return out;
}

/** The minor's residues from a matricization's tensor. */
export function matricizationMinor(x: Tensor, rowModes: readonly number[], rows: readonly number[], cols: readonly number[], p: number, path: string): Float64Array {
  const shape = shapeOf(x.structure);
  const colModes = colModesOf(shape.length, rowModes);
  const planned = checkSketchCost(x, rowModes, colModes, rows.length, path);
  return sketch(x, rowModes, colModes, { rows: unitVectors(shape, rowModes, rows), cols: unitVectors(shape, colModes, cols) }, rows.length, p, path, planned);
}

/** The template sequence of entry (row, col) of a grid matricization (first listed mode most significant). */
function gridSequence(T: number, M: number, rowModes: readonly number[], colModes: readonly number[], row: number, col: number): number[] {
  const seq = new Array<number>(T).fill(0);
  for (const [modes, index] of [[rowModes, row], [colModes, col]] as const) {
    let rest = index;
    for (let t = modes.length - 1; t >= 0; t--) {
      seq[modes[t] as number] = rest % M;
      rest = Math.floor(rest / M);
    }
  }
  return seq;
}

/** The minor's residues from a generalized network's grid tensor: every entry is a score, evaluated exactly. */
function gridMinor(n: GeneralizedNetwork, rowModes: readonly number[], rows: readonly number[], cols: readonly number[], p: number): Float64Array {
  const k = rows.length;
  // Sized before anything is built: k^2 sequences of T indices.
  if (k * k * n.T > MAX_SEQUENCE_ENTRIES) reject('BUDGET_EXCEEDED', '/rowIndices', `a ${k} x ${k} grid minor lists ${k * k * n.T} sequence entries, above the kernel's limit ${MAX_SEQUENCE_ENTRIES}`);
  const colModes = colModesOf(n.T, rowModes);
  const flat = new Int32Array(k * k * n.T);
  let at = 0;
  for (const i of rows)
    for (const j of cols) {
      flat.set(gridSequence(n.T, n.M, rowModes, colModes, i, j), at);
      at += n.T;
    }
  const tree = sequenceTree(n, flat, '/matrix/network');
  checkScoreCost(n, tree, '/matrix/network');
  const values = treeScores(n, tree, '/matrix/network');
  const P = BigInt(p);
  const reduce = reducer(p);
  const out = new Float64Array(k * k);
  values.forEach((v, a) => {
    const d = Number(modBig(v.den, P));
    if (d === 0) reject('PRIME_DIVIDES_DENOMINATOR', '/matrix/network', `the prime ${p} divides the denominator of a score in the minor`);
    out[a] = reduce(Number(modBig(v.num, P)) * invMod(d, p));
  });
  return out;
}

/** Checks a `rank-lower-bound/minor` certificate. */
export function checkMinor(doc: JsonObject): RankLowerBoundClaim {
  const bound = readNat(readObject(doc['claim'], '/claim', ['rankAtLeast'])['rankAtLeast'], '/claim/rankAtLeast');
  const read = readSubject(doc['matrix'], '/matrix');
  const prime = readPrime(doc['prime'], '/prime');
  const s = read.subject;
  const { rows, cols } = readMinorIndices(doc, indexBound(s.rows), indexBound(s.cols), bound, '/claim/rankAtLeast');
  const k = rows.length;
  let minor: Float64Array;
  if ('tensor' in read) minor = matricizationMinor(read.tensor, read.subject.rowModes, rows, cols, prime, '/matrix/tensor');
  else if ('network' in read) minor = gridMinor(read.network, read.subject.rowModes, rows, cols, prime);
  else {
    const e = read.subject.entries;
    const P = BigInt(prime);
    const reduce = reducer(prime);
    minor = new Float64Array(k * k);
    rows.forEach((i, a) =>
      cols.forEach((j, b) => {
        const v = e[i * read.subject.cols + j] as { num: bigint; den: bigint };
        const d = Number(modBig(v.den, P));
        if (d === 0) reject('PRIME_DIVIDES_DENOMINATOR', '/matrix/entries', `the prime ${prime} divides the denominator of an entry of the minor`);
        minor[a * k + b] = reduce(Number(modBig(v.num, P)) * invMod(d, prime));
      }),
    );
  }
  if (!isNonsingularModP(minor, k, prime)) reject('SINGULAR_MINOR', '/rowIndices', `the ${k} x ${k} minor is singular mod ${prime}`);
  return { kind: 'rank-lower-bound', method: 'minor', subject: s, bound, prime };
}
