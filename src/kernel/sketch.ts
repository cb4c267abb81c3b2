/**
 * `rank-lower-bound/sketch`: rank(M) >= K because S = Psi^T M Omega (K x K, mod p) is nonsingular,
 * where M is a matricization of a tensor given by its cores and every column of Psi (Omega) is a
 * Kronecker product of one vector per row (column) mode. rank S <= rank M always, so a
 * nonsingular S proves the bound; M is never formed.
 *
 * S[a, b] is the full contraction of the tensor with the vectors of column a of Psi on the row
 * modes and of column b of Omega on the column modes. The kernel computes it per format the plain
 * way: each core is first contracted with each vector (per mode), then, for each a, the network
 * is evaluated for all b at once. Residues are integers below p < 2^26 held in doubles; sums of
 * products are reduced before they could pass 2^53.
 *
 * The vectors come from the certificate (explicit) or from a seed through the generator
 * {@link PRNG_ID}, in this order: the row stream (seed derived with label "sketch:rows") draws,
 * for a = 0..K-1, for each row mode in the listed order, n_m values uniform in [0, p); the column
 * stream ("sketch:cols") likewise over the column modes in increasing order. The certificate's
 * content digest (checked last by `check.ts`) catches any edit (a vector entry, K, a core) even
 * when the edited sketch would still be nonsingular.
 *
 * @packageDocumentation
 */
import { createRng, deriveSeed, PRNG_ID } from '../exact/prng.js';
import { DivisionByZeroError } from '../exact/field.js';
import { primeField } from '../exact/fields.js';
import { modNum } from '../exact/integer.js';
import { accumulationLimit, residueReducer } from '../exact/modular.js';
import type { Rational } from '../exact/rational.js';
import { matricize, mapTensor, shapeOf } from '../formats/verbs.js';
import * as ttShared from '../formats/ttShared.js';
import type { CpTensor, HtTensor, Tensor, TtTensor } from '../formats/types.js';
import { splitOf } from '../tensor/shape.js';
import type { MatricizationSubject, Verified } from './claims.js';
import { readMatrixSubject } from './subject.js';
import { isNonsingularModP } from './nonsingular.js';
import { readPrime } from './prime.js';
import { child, readArray, readInt, readObject, readString, type JsonObject } from './reader.js';
import { reject } from './verdict.js';

/** Largest sketch the kernel checks (a K x K elimination). */
export const MAX_SKETCH_SIZE = 8192;
/** Most multiply-adds the kernel spends evaluating one sketch (~2 minutes here). */
export const MAX_SKETCH_WORK = 2 ** 37;

/** The sketch's vectors: for each row mode t, a K x n_t array (row a = the vector of column a). */
export interface SketchVectors {
  readonly rows: Float64Array[];
  readonly cols: Float64Array[];
}

function pmod(p: number): { reduce: (x: number) => number; maxAcc: number } {
  return { reduce: residueReducer(p), maxAcc: accumulationLimit(p) };
}

/** The vectors a seed generates (see the module comment for the order). */
export function sketchVectorsFromSeed(seed: number, p: number, K: number, shape: readonly number[], rowModes: readonly number[], colModes: readonly number[]): SketchVectors {
  const draw = (label: string, modes: readonly number[]): Float64Array[] => {
    const rng = createRng(deriveSeed(seed, label));
    const out = modes.map((m) => new Float64Array(K * (shape[m] as number)));
    for (let a = 0; a < K; a++)
      modes.forEach((m, t) => {
        const n = shape[m] as number;
        const v = out[t] as Float64Array;
        for (let i = 0; i < n; i++) v[a * n + i] = rng.below(p);
      });
    return out;
  };
  return { rows: draw('sketch:rows', rowModes), cols: draw('sketch:cols', colModes) };
}

/** sum_i v[i] G[pp, i, q] for every vector: out[a][pp][q] (K x ra x rb). */
function absorbTt(core: readonly number[], ra: number, n: number, rb: number, V: Float64Array, K: number, p: number): Float64Array {
  const { reduce, maxAcc } = pmod(p);
  const out = new Float64Array(K * ra * rb);
  for (let a = 0; a < K; a++)
    for (let pp = 0; pp < ra; pp++)
      for (let q = 0; q < rb; q++) {
        let s = 0;
        let c = 0;
        for (let i = 0; i < n; i++) {
          s += (V[a * n + i] as number) * (core[(pp * n + i) * rb + q] as number);
          if (++c === maxAcc) {
            s = reduce(s);
            c = 0;
          }
        }
        out[(a * ra + pp) * rb + q] = reduce(s);
      }
  return out;
}

function ttSketch(x: TtTensor<number>, rowModes: readonly number[], colModes: readonly number[], vec: SketchVectors, K: number, p: number): Float64Array {
  const { reduce, maxAcc } = pmod(p);
  const d = x.shape.length;
  const isRow = new Array<number>(d).fill(-1);
  const isCol = new Array<number>(d).fill(-1);
  rowModes.forEach((m, t) => (isRow[m] = t));
  colModes.forEach((m, t) => (isCol[m] = t));
  const absorbed = x.shape.map((n, m) => {
    const V = (isRow[m] as number) >= 0 ? (vec.rows[isRow[m] as number] as Float64Array) : (vec.cols[isCol[m] as number] as Float64Array);
    return absorbTt(x.cores[m] as number[], x.ranks[m] as number, n, x.ranks[m + 1] as number, V, K, p);
  });
  const rmax = Math.max(...x.ranks);
  if (rmax > maxAcc) return ttSketchGeneral(x, isRow, absorbed, K, reduce, maxAcc);
  // Every sum below has at most rmax <= maxAcc products: one reduction per output suffices.
  const pinv = 1 / p;
  let state = new Float64Array(K * rmax);
  let next = new Float64Array(K * rmax);
  const S = new Float64Array(K * K);
  for (let a = 0; a < K; a++) {
    for (let b = 0; b < K; b++) state[b] = 1; // bond 0 has size 1
    for (let m = 0; m < d; m++) {
      const ra = x.ranks[m] as number;
      const rb = x.ranks[m + 1] as number;
      const M = absorbed[m] as Float64Array;
      const row = (isRow[m] as number) >= 0;
      // The row side uses column a's matrix for every b; the column side column b's.
      const stride = row ? 0 : ra * rb;
      let mOff = row ? a * ra * rb : 0;
      for (let b = 0; b < K; b++, mOff += stride) {
        const sOff = b * ra;
        const nOff = b * rb;
        for (let q = 0; q < rb; q++) {
          let acc = 0;
          for (let pp = 0; pp < ra; pp++) acc += (state[sOff + pp] as number) * (M[mOff + pp * rb + q] as number);
          let r = acc - Math.floor(acc * pinv) * p;
          if (r < 0) r += p;
          else if (r >= p) r -= p;
          next[nOff + q] = r;
        }
      }
      const t = state;
      state = next;
      next = t;
    }
    for (let b = 0; b < K; b++) S[a * K + b] = state[b] as number;
  }
  return S;
}

/** The same evaluation for ranks above maxAcc (huge primes or ranks): reduce every maxAcc products. */
function ttSketchGeneral(x: TtTensor<number>, isRow: readonly number[], absorbed: readonly Float64Array[], K: number, reduce: (v: number) => number, maxAcc: number): Float64Array {
  const d = x.shape.length;
  const rmax = Math.max(...x.ranks);
  let state = new Float64Array(K * rmax);
  let next = new Float64Array(K * rmax);
  const S = new Float64Array(K * K);
  for (let a = 0; a < K; a++) {
    for (let b = 0; b < K; b++) state[b] = 1;
    for (let m = 0; m < d; m++) {
      const ra = x.ranks[m] as number;
      const rb = x.ranks[m + 1] as number;
      const M = absorbed[m] as Float64Array;
      const row = (isRow[m] as number) >= 0;
      for (let b = 0; b < K; b++) {
        const mOff = row ? a * ra * rb : b * ra * rb;
        for (let q = 0; q < rb; q++) {
          let s = 0;
          let c = 0;
          for (let pp = 0; pp < ra; pp++) {
            s += (state[b * ra + pp] as number) * (M[mOff + pp * rb + q] as number);
            if (++c === maxAcc) {
              s = reduce(s);
              c = 0;
            }
          }
          next[b * rb + q] = reduce(s);
        }
      }
      const t = state;
      state = next;
      next = t;
    }
    for (let b = 0; b < K; b++) S[a * K + b] = state[b] as number;
  }
  return S;
}

function htSketch(x: HtTensor<number>, rowModes: readonly number[], colModes: readonly number[], vec: SketchVectors, K: number, p: number): Float64Array {
  const { reduce, maxAcc } = pmod(p);
  const rowIdx = new Map(rowModes.map((m, t) => [m, t]));
  const colIdx = new Map(colModes.map((m, t) => [m, t]));
  const rank = (t: number): number => (x.nodes[t] as { rank: number }).rank;
  // side[t]: 'row' | 'col' | 'mixed' by the modes below t.
  const side: ('row' | 'col' | 'mixed')[] = [];
  x.nodes.forEach((node) => {
    if (node.kind === 'leaf') side.push(rowIdx.has(node.mode) ? 'row' : 'col');
    else side.push(side[node.left] === side[node.right] ? (side[node.left] as 'row' | 'col' | 'mixed') : 'mixed');
  });
  // Leaves absorbed: K x r_t per leaf (row leaves indexed by a, column leaves by b).
  const leafAbs = x.nodes.map((node) => {
    if (node.kind !== 'leaf') return undefined;
    const n = x.shape[node.mode] as number;
    const V = rowIdx.has(node.mode) ? (vec.rows[rowIdx.get(node.mode) as number] as Float64Array) : (vec.cols[colIdx.get(node.mode) as number] as Float64Array);
    return absorbTt(node.frame as number[], 1, n, node.rank, V, K, p);
  });
  const combine = (yl: Float64Array, yr: Float64Array, rl: number, rr: number, B: readonly number[], rt: number): Float64Array => {
    const out = new Float64Array(K * rt);
    const w = new Float64Array(rl * rr);
    for (let b = 0; b < K; b++) {
      for (let i = 0; i < rl; i++) for (let j = 0; j < rr; j++) w[i * rr + j] = reduce((yl[b * rl + i] as number) * (yr[b * rr + j] as number));
      for (let c = 0; c < rt; c++) {
        let s = 0;
        let cnt = 0;
        for (let ij = 0; ij < rl * rr; ij++) {
          s += (w[ij] as number) * (B[ij * rt + c] as number);
          if (++cnt === maxAcc) {
            s = reduce(s);
            cnt = 0;
          }
        }
        out[b * rt + c] = reduce(s);
      }
    }
    return out;
  };
  // Value of node t for one a: K x r_t (row-only values are repeated for every b).
  const broadcastRow = (abs: Float64Array, a: number, r: number): Float64Array => {
    const out = new Float64Array(K * r);
    for (let b = 0; b < K; b++) for (let c = 0; c < r; c++) out[b * r + c] = abs[a * r + c] as number;
    return out;
  };
  // Column-only subtrees do not depend on a: evaluate them once.
  const colValues: (Float64Array | undefined)[] = [];
  x.nodes.forEach((node, t) => {
    if (side[t] !== 'col') return colValues.push(undefined);
    if (node.kind === 'leaf') return colValues.push(leafAbs[t] as Float64Array);
    return colValues.push(combine(colValues[node.left] as Float64Array, colValues[node.right] as Float64Array, rank(node.left), rank(node.right), node.transfer as number[], node.rank));
  });
  const S = new Float64Array(K * K);
  const root = x.nodes.length - 1;
  for (let a = 0; a < K; a++) {
    const vals: Float64Array[] = [];
    x.nodes.forEach((node, t) => {
      if (side[t] === 'col') vals.push(colValues[t] as Float64Array);
      else if (node.kind === 'leaf') vals.push(broadcastRow(leafAbs[t] as Float64Array, a, node.rank));
      else vals.push(combine(vals[node.left] as Float64Array, vals[node.right] as Float64Array, rank(node.left), rank(node.right), node.transfer as number[], node.rank));
    });
    const top = vals[root] as Float64Array;
    for (let b = 0; b < K; b++) S[a * K + b] = top[b] as number;
  }
  return S;
}

function cpSketch(x: CpTensor<number>, rowModes: readonly number[], colModes: readonly number[], vec: SketchVectors, K: number, p: number): Float64Array {
  const { reduce, maxAcc } = pmod(p);
  const R = x.rank;
  const side = (modes: readonly number[], V: Float64Array[], weights: boolean): Float64Array => {
    const P = new Float64Array(K * R).fill(1);
    if (weights && x.weights) for (let a = 0; a < K; a++) for (let r = 0; r < R; r++) P[a * R + r] = x.weights[r] as number;
    modes.forEach((m, t) => {
      const abs = absorbTt(x.factors[m] as number[], 1, x.shape[m] as number, R, V[t] as Float64Array, K, p);
      for (let i = 0; i < K * R; i++) P[i] = reduce((P[i] as number) * (abs[i] as number));
    });
    return P;
  };
  const P = side(rowModes, vec.rows, true);
  const Qm = side(colModes, vec.cols, false);
  const S = new Float64Array(K * K);
  for (let a = 0; a < K; a++)
    for (let b = 0; b < K; b++) {
      let s = 0;
      let c = 0;
      for (let r = 0; r < R; r++) {
        s += (P[a * R + r] as number) * (Qm[b * R + r] as number);
        if (++c === maxAcc) {
          s = reduce(s);
          c = 0;
        }
      }
      S[a * K + b] = reduce(s);
    }
  return S;
}

/** Psi (rows x K): column a is the Kronecker product of its vectors over the modes in order. */
function kroneckerColumns(V: Float64Array[], ns: readonly number[], K: number, p: number): Float64Array {
  const { reduce } = pmod(p);
  const rows = ns.reduce((s, n) => s * n, 1);
  const out = new Float64Array(rows * K);
  for (let a = 0; a < K; a++) {
    let col = new Float64Array([1]);
    ns.forEach((n, t) => {
      const v = V[t] as Float64Array;
      const next = new Float64Array(col.length * n);
      for (let s = 0; s < col.length; s++) for (let i = 0; i < n; i++) next[s * n + i] = reduce((col[s] as number) * (v[a * n + i] as number));
      col = next;
    });
    for (let i = 0; i < rows; i++) out[i * K + a] = col[i] as number;
  }
  return out;
}

function denseSketch(x: Tensor<number>, rowModes: readonly number[], colModes: readonly number[], vec: SketchVectors, K: number, p: number): Float64Array {
  const { reduce, maxAcc } = pmod(p);
  const F = primeField(p);
  const shape = shapeOf(x);
  const M = matricize(F, x, rowModes, 1 << 24);
  const Psi = kroneckerColumns(vec.rows, rowModes.map((m) => shape[m] as number), K, p);
  const Omega = kroneckerColumns(vec.cols, colModes.map((m) => shape[m] as number), K, p);
  const mulT = (A: ArrayLike<number>, rowsA: number, inner: number, B: Float64Array, colsB: number, transposeA: boolean): Float64Array => {
    const out = new Float64Array(rowsA * colsB);
    for (let i = 0; i < rowsA; i++)
      for (let j = 0; j < colsB; j++) {
        let s = 0;
        let c = 0;
        for (let t = 0; t < inner; t++) {
          const av = transposeA ? (A[t * rowsA + i] as number) : (A[i * inner + t] as number);
          s += av * (B[t * colsB + j] as number);
          if (++c === maxAcc) {
            s = reduce(s);
            c = 0;
          }
        }
        out[i * colsB + j] = reduce(s);
      }
    return out;
  };
  const MOmega = mulT(M.data, M.rows, M.cols, Omega, K, false);
  return mulT(Psi, K, M.rows, MOmega, K, true);
}

/** S = Psi^T M Omega mod p for a tensor with residues as parameters. */
export function sketchMatrix(x: Tensor<number>, rowModes: readonly number[], vec: SketchVectors, K: number, p: number): Float64Array {
  const d = shapeOf(x).length;
  const { colModes } = splitOf(d, rowModes);
  switch (x.format) {
    case 'tt':
      return ttSketch(x, rowModes, colModes, vec, K, p);
    case 'tt-shared':
      return ttSketch(ttShared.toTt(x), rowModes, colModes, vec, K, p);
    case 'ht':
      return htSketch(x, rowModes, colModes, vec, K, p);
    case 'cp':
      return cpSketch(x, rowModes, colModes, vec, K, p);
    case 'dense':
      return denseSketch(x, rowModes, colModes, vec, K, p);
  }
}

/** Multiply-adds the kernel spends on a sketch (for the budget check). */
export function sketchWork(x: Tensor<unknown>, K: number): number {
  const k2 = K * K;
  switch (x.format) {
    case 'tt':
      return k2 * x.ranks.reduce((s, r, m) => s + r * (x.ranks[m + 1] ?? 0), 0);
    case 'tt-shared':
      return k2 * x.order * x.rank * x.rank;
    case 'ht':
      return k2 * x.nodes.reduce((s, n) => s + (n.kind === 'inner' ? n.transfer.length + n.rank : n.rank), 0);
    case 'cp':
      return k2 * x.rank;
    case 'dense':
      return x.data.length * K + k2 * Math.sqrt(x.data.length);
  }
}

function readVectors(x: unknown, path: string, K: number, shape: readonly number[], modes: readonly number[], p: number): Float64Array[] {
  const cols = readArray(x, path, K);
  const out = modes.map((m) => new Float64Array(K * (shape[m] as number)));
  const width = modes.reduce((s, m) => s + (shape[m] as number), 0);
  cols.forEach((c, a) => {
    const cp = child(path, a);
    const vals = readArray(c, cp, width);
    let off = 0;
    modes.forEach((m, t) => {
      const n = shape[m] as number;
      for (let i = 0; i < n; i++) {
        const v = vals[off + i];
        if (typeof v !== 'number' || !Number.isSafeInteger(v)) reject('BAD_ENTRY', child(cp, off + i), `expected an integer, got ${JSON.stringify(v)}`);
        (out[t] as Float64Array)[a * n + i] = modNum(v, p);
      }
      off += n;
    });
  });
  return out;
}

/** Checks a `rank-lower-bound/sketch` certificate. */
export function checkSketch(doc: JsonObject, topFields: readonly string[], optionalTop: readonly string[]): Verified {
  readObject(doc, '', [...topFields, 'matrix', 'prime', 'sketch'], optionalTop);
  const claim = readObject(doc['claim'], '/claim', ['rankAtLeast']);
  const K = readInt(claim['rankAtLeast'], '/claim/rankAtLeast', 1, MAX_SKETCH_SIZE);
  const subject = readMatrixSubject(doc['matrix'], '/matrix');
  if (subject.kind !== 'matricization') reject('UNKNOWN_KIND', '/matrix/kind', 'a sketch certificate needs a matricization subject (use a minor for explicit matrices)');
  const m = subject as MatricizationSubject;
  const p = readPrime(doc['prime'], '/prime');
  if (BigInt(K) > m.rows || BigInt(K) > m.cols) reject('CLAIM_MISMATCH', '/claim/rankAtLeast', `a ${m.rows} x ${m.cols} matrix cannot have rank ${K}`);
  const work = sketchWork(m.tensor, K);
  if (work > MAX_SKETCH_WORK) reject('BUDGET_EXCEEDED', '/claim/rankAtLeast', `evaluating this sketch takes about ${work.toExponential(2)} multiply-adds, above the kernel's limit ${MAX_SKETCH_WORK}`);
  const shape = shapeOf(m.tensor);
  const { colModes } = splitOf(shape.length, m.rowModes);
  const sk = readObject(doc['sketch'], '/sketch', [], ['generator', 'seed', 'rowVectors', 'colVectors']);
  let vectors: SketchVectors;
  if ('generator' in sk || 'seed' in sk) {
    readObject(sk, '/sketch', ['generator', 'seed']);
    const gen = readString(sk['generator'], '/sketch/generator');
    if (gen !== PRNG_ID) reject('UNKNOWN_GENERATOR', '/sketch/generator', `unknown generator "${gen}"; known: ${PRNG_ID}`);
    const seed = readInt(sk['seed'], '/sketch/seed', 0, 2 ** 32 - 1);
    vectors = sketchVectorsFromSeed(seed, p, K, shape, m.rowModes, colModes);
  } else {
    readObject(sk, '/sketch', ['rowVectors', 'colVectors']);
    vectors = { rows: readVectors(sk['rowVectors'], '/sketch/rowVectors', K, shape, m.rowModes, p), cols: readVectors(sk['colVectors'], '/sketch/colVectors', K, shape, colModes, p) };
  }
  const F = primeField(p);
  let xp: Tensor<number>;
  try {
    xp = mapTensor(m.tensor, (q: Rational) => F.fromRational(q));
  } catch (e) {
    if (e instanceof DivisionByZeroError) reject('PRIME_DIVIDES_DENOMINATOR', '/matrix/tensor', `the prime ${p} divides a denominator of the tensor's parameters`);
    throw e;
  }
  const S = sketchMatrix(xp, m.rowModes, vectors, K, p);
  if (!isNonsingularModP(S, K, p)) reject('SINGULAR_SKETCH', '/sketch', `the ${K} x ${K} sketch is singular mod ${p}`);
  return { verdict: 'verified', claim: { kind: 'rank-lower-bound', method: 'sketch', subject: m, bound: BigInt(K), prime: p } };
}
