/**
 * `rank-lower-bound/sketch`: rank(M) >= K because S = Psi^T M Omega (K x K, mod p) is
 * nonsingular, where M is a matricization of a tensor given by its parameters and every column of
 * Psi (Omega) is a Kronecker product of one vector per row (column) mode. rank S <= rank M over
 * Z/p, and rank over Z/p <= rank over Q for a matrix of p-integral rationals, so a nonsingular S
 * proves the bound; M is never formed.
 *
 * The vectors are given explicitly, or by a seed through the generator {@link STREAM_ID}: the row
 * stream (seed derived with the label "sketch:rows") draws, for a = 0..K-1 and each row mode in
 * the listed order, n_m values uniform in [0, p); the column stream ("sketch:cols") likewise over
 * the column modes in increasing order.
 *
 * @packageDocumentation
 */
import type { RankLowerBoundClaim } from '../claims.js';
import { isNonsingularModP } from '../eliminate.js';
import { checkSketchCost, sketch, type SketchVectors } from '../evaluate.js';
import { child, has, readArray, readInt, readObject, readString, type JsonObject } from '../json.js';
import { createStream, deriveSeed, STREAM_ID } from '../stream.js';
import { shapeOf } from '../structures.js';
import { reject } from '../verdict.js';
import { colModesOf, MAX_MINOR_SIZE, readPrime, readSubject } from './matrix.js';

/** The vectors a seed generates (see the module comment for the order). */
export function sketchVectorsFromSeed(seed: number, p: number, K: number, shape: readonly number[], rowModes: readonly number[], colModes: readonly number[]): SketchVectors {
  const draw = (label: string, modes: readonly number[]): Float64Array[] => {
    const s = createStream(deriveSeed(seed, label));
    const out = modes.map((m) => new Float64Array(K * (shape[m] as number)));
    for (let a = 0; a < K; a++)
      modes.forEach((m, t) => {
        const n = shape[m] as number;
        for (let i = 0; i < n; i++) (out[t] as Float64Array)[a * n + i] = s.below(p);
      });
    return out;
  };
  return { rows: draw('sketch:rows', rowModes), cols: draw('sketch:cols', colModes) };
}

function readVectors(x: unknown, path: string, K: number, shape: readonly number[], modes: readonly number[], p: number): Float64Array[] {
  const out = modes.map((m) => new Float64Array(K * (shape[m] as number)));
  const width = modes.reduce((s, m) => s + (shape[m] as number), 0);
  readArray(x, path, K).forEach((c, a) => {
    const vals = readArray(c, child(path, a), width);
    let off = 0;
    modes.forEach((m, t) => {
      const n = shape[m] as number;
      for (let i = 0; i < n; i++) (out[t] as Float64Array)[a * n + i] = readInt(vals[off + i], child(child(path, a), off + i), 0, p - 1);
      off += n;
    });
  });
  return out;
}

/** Checks a `rank-lower-bound/sketch` certificate. */
export function checkSketch(doc: JsonObject): RankLowerBoundClaim {
  const K = readInt(readObject(doc['claim'], '/claim', ['rankAtLeast'])['rankAtLeast'], '/claim/rankAtLeast', 1, MAX_MINOR_SIZE);
  const read = readSubject(doc['matrix'], '/matrix');
  if (!('tensor' in read)) return reject('UNKNOWN_KIND', '/matrix/kind', 'a sketch needs a matricization of a tensor (use a minor for an explicit matrix or a grid)');
  const m = read.subject;
  const p = readPrime(doc['prime'], '/prime');
  if (BigInt(K) > m.rows || BigInt(K) > m.cols) reject('CLAIM_MISMATCH', '/claim/rankAtLeast', `a ${m.rows} x ${m.cols} matrix cannot have rank ${K}`);
  const shape = shapeOf(read.tensor.structure);
  const colModes = colModesOf(shape.length, m.rowModes);
  const planned = checkSketchCost(read.tensor, m.rowModes, colModes, K, '/claim/rankAtLeast');
  const sk = readObject(doc['sketch'], '/sketch', [], ['generator', 'seed', 'rowVectors', 'colVectors']);
  let v: SketchVectors;
  if (has(sk, 'generator') || has(sk, 'seed')) {
    readObject(sk, '/sketch', ['generator', 'seed']);
    const gen = readString(sk['generator'], '/sketch/generator');
    if (gen !== STREAM_ID) reject('UNKNOWN_GENERATOR', '/sketch/generator', `unknown generator "${gen.slice(0, 40)}"; known: ${STREAM_ID}`);
    v = sketchVectorsFromSeed(readInt(sk['seed'], '/sketch/seed', 0, 2 ** 32 - 1), p, K, shape, m.rowModes, colModes);
  } else {
    readObject(sk, '/sketch', ['rowVectors', 'colVectors']);
    v = { rows: readVectors(sk['rowVectors'], '/sketch/rowVectors', K, shape, m.rowModes, p), cols: readVectors(sk['colVectors'], '/sketch/colVectors', K, shape, colModes, p) };
  }
  const S = sketch(read.tensor, m.rowModes, colModes, v, K, p, '/matrix/tensor', planned);
  if (!isNonsingularModP(S, K, p)) reject('SINGULAR_SKETCH', '/sketch', `the ${K} x ${K} sketch is singular mod ${p}`);
  return { kind: 'rank-lower-bound', method: 'sketch', subject: m, bound: BigInt(K), prime: p };
}
