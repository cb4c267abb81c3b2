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
import { checkSketchCost, MAX_ARRAY, sketch, subtensorPlan, subtensorValues, unitRows } from '../evaluate.js';
import { readNat, readObject, type JsonObject } from '../json.js';
import { shapeOf, type Tensor } from '../structures.js';
import { reject } from '../verdict.js';
import { checkScoreCost, MAX_SEQUENCE_ENTRIES, sequenceTree, treeScores, type GeneralizedNetwork } from '../generalized.js';
import { colModesOf, indexBound, readMinorIndices, readPrime, readSubject } from './matrix.js';

/** For each listed mode (the first most significant), its digit of every index. */
function digitsOf(shape: readonly number[], modes: readonly number[], indices: readonly number[]): number[][] {
  const out = modes.map(() => new Array<number>(indices.length));
  indices.forEach((idx, a) => {
    let rest = idx;
    for (let t = modes.length - 1; t >= 0; t--) {
      const n = shape[modes[t] as number] as number;
      (out[t] as number[])[a] = rest % n;
      rest = Math.floor(rest / n);
    }
  });
  return out;
}

/**
 * The minor's residues from a matricization's tensor. Its rows and columns lie in a sub-tensor:
 * each mode restricted to the digits that occur in it. When that sub-tensor costs less to evaluate
 * than the minor's entries one by one (a minor on a product set, like a witness's identity block),
 * it is evaluated and the minor read off it; either way each entry is the same residue.
 */
export function matricizationMinor(x: Tensor, rowModes: readonly number[], rows: readonly number[], cols: readonly number[], p: number, path: string): Float64Array {
  const shape = shapeOf(x.structure);
  const colModes = colModesOf(shape.length, rowModes);
  const planned = checkSketchCost(x, rowModes, colModes, rows.length, path);
  const modes = [...rowModes, ...colModes];
  const digits = [...digitsOf(shape, rowModes, rows), ...digitsOf(shape, colModes, cols)];
  const unit = (t: number): Float64Array => unitRows(shape[modes[t] as number] as number, digits[t] as number[]);
  const keep = digits.map((d) => [...new Set(d)].sort((u, v) => u - v));
  const sub = subtensorPlan(x, modes, keep);
  if (sub.work > planned.work || sub.peak > MAX_ARRAY || sub.memory > MAX_ARRAY) return sketch(x, rowModes, colModes, { rows: rowModes.map((_, t) => unit(t)), cols: colModes.map((_, t) => unit(rowModes.length + t)) }, rows.length, p, path, planned);
  const { values, strides } = subtensorValues(x, modes, keep, sub, p, path);
  // Where row a (column b) is among the values: over its modes, its digit's position in `keep` times the mode's stride.
  const at = (t0: number, t1: number): number[] => rows.map((_, a) => modes.slice(t0, t1).reduce((o, _m, t) => o + (keep[t0 + t] as number[]).indexOf((digits[t0 + t] as number[])[a] as number) * (strides[t0 + t] as number), 0));
  const [rowAt, colAt, k] = [at(0, rowModes.length), at(rowModes.length, modes.length), rows.length];
  const minor = new Float64Array(k * k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) minor[a * k + b] = values[(rowAt[a] as number) + (colAt[b] as number)] as number;
  return minor;
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
