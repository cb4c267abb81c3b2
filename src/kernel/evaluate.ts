/**
 * What the checks compute from a tensor's own parameters, through one network evaluator
 * (contract.ts): sketches of matricizations mod p (minors are sketches with unit vectors) and
 * exact inner products. Every evaluation is planned first and refused with its estimate when it
 * would pass the kernel's work or memory limit.
 *
 * @packageDocumentation
 */
import { gcd, invMod, modBig, reducer } from './arith.js';
import { evaluateBig, evaluatorModP, planContraction, type Plan } from './contract.js';
import type { Scalar } from './json.js';
import { tensorLayout, type Tensor } from './structures.js';
import { reject } from './verdict.js';

/** Most multiply-adds one evaluation mod p may take (about two minutes here). */
export const MAX_WORK = 2 ** 37;
/** Most multiply-adds of an exact (BigInt) evaluation. */
export const MAX_EXACT_WORK = 2 ** 30;
/** Largest array an evaluation may hold, and most entries of all its arrays together (2 GiB of doubles). */
export const MAX_ARRAY = 2 ** 28;
/** Most bits of an entry of an exact evaluation (integers and the product of the denominators cleared). */
export const MAX_EXACT_BITS = 2 ** 16;

/** The vectors of a sketch: for the t-th row (column) mode, a K x n array; row a is column a's vector. */
export interface SketchVectors {
  readonly rows: readonly Float64Array[];
  readonly cols: readonly Float64Array[];
}

function refuse(path: string, what: string, amount: number, limit: number, unit = 'operations'): never {
  return reject('BUDGET_EXCEEDED', path, `${what} takes about ${amount.toExponential(2)} ${unit}, above the kernel's limit ${limit.toExponential(2)}`);
}

/** Residues of every parameter block mod p. */
export function blockResidues(x: Tensor, p: number, path: string): Float64Array[] {
  const P = BigInt(p);
  const reduce = reducer(p);
  return x.blocks.map((b) => {
    const out = new Float64Array(b.length);
    b.forEach((v, i) => {
      const d = Number(modBig(v.den, P));
      if (d === 0) reject('PRIME_DIVIDES_DENOMINATOR', path, `the prime ${p} divides the denominator of an entry (${v.num}/${v.den})`);
      const n = Number(modBig(v.num, P));
      out[i] = d === 1 ? n : reduce(n * invMod(d, p));
    });
    return out;
  });
}

/** The plan of S = Psi^T M Omega, and its work and memory for K columns. */
function sketchPlan(x: Tensor, rowModes: readonly number[], colModes: readonly number[], K: number): { plan: Plan; work: number; peak: number; memory: number; nodes: number } {
  const l = tensorLayout(x);
  // Index A (row a of S) is evaluated one value at a time; B (column b) is kept whole.
  const A = l.sizes.length;
  const B = A + 1;
  const sizes = [...l.sizes, K, K];
  // With no row (column) modes, Psi (Omega) is a row of ones: one operand of ones over A (B).
  const operands = [...l.nodes.map((n) => n.indices), ...rowModes.map((m) => [A, l.modes[m] as number]), ...colModes.map((m) => [B, l.modes[m] as number]), ...(rowModes.length === 0 ? [[A]] : []), ...(colModes.length === 0 ? [[B]] : [])];
  const vectorIds = operands.map((_, i) => i).slice(l.nodes.length);
  const plan = planContraction({ sizes, operands, output: [A, B], slice: A, absorb: vectorIds });
  const vectors = (rowModes.length + colModes.length) * K * Math.max(...l.shape);
  const blocks = x.blocks.reduce((s, b) => s + b.length, 0);
  return { plan, work: plan.work + vectors, peak: Math.max(plan.peak, vectors), memory: plan.memory + vectors + blocks + K * K, nodes: l.nodes.length };
}

/** Estimated multiply-adds, largest array and total memory (entries) of a K x K sketch. */
export function sketchCost(x: Tensor, rowModes: readonly number[], colModes: readonly number[], K: number): { work: number; peak: number; memory: number } {
  const { work, peak, memory } = sketchPlan(x, rowModes, colModes, K);
  return { work: work + K * K, peak: Math.max(peak, K * K), memory };
}

/** A sketch's plan, checked against the limits. */
export type SketchPlan = ReturnType<typeof sketchPlan>;

/** Refuses a sketch the kernel would not finish or could not hold, before anything large is allocated; returns its plan. */
export function checkSketchCost(x: Tensor, rowModes: readonly number[], colModes: readonly number[], K: number, path: string): SketchPlan {
  const p = sketchPlan(x, rowModes, colModes, K);
  if (p.work + K * K > MAX_WORK) refuse(path, `evaluating the ${K} x ${K} sketch`, p.work + K * K, MAX_WORK);
  if (Math.max(p.peak, K * K) > MAX_ARRAY) refuse(path, `the ${K} x ${K} sketch's largest array`, Math.max(p.peak, K * K), MAX_ARRAY, 'entries');
  if (p.memory > MAX_ARRAY) refuse(path, `evaluating the ${K} x ${K} sketch`, p.memory, MAX_ARRAY, 'array entries of memory');
  return p;
}

/**
 * S (K x K, row-major, residues) with S[a, b] = the full contraction of the tensor with row
 * vector a on the row modes and column vector b on the column modes.
 */
export function sketch(x: Tensor, rowModes: readonly number[], colModes: readonly number[], v: SketchVectors, K: number, p: number, path: string, planned?: SketchPlan): Float64Array {
  const { plan, nodes } = planned ?? checkSketchCost(x, rowModes, colModes, K, path);
  const l = tensorLayout(x);
  const res = blockResidues(x, p, path);
  const one = new Float64Array([1]);
  const fixed: (Float64Array | undefined)[] = [...l.nodes.map((n) => res[n.block]), ...rowModes.map(() => undefined), ...v.cols, ...(rowModes.length === 0 ? [undefined] : []), ...(colModes.length === 0 ? [new Float64Array(K).fill(1)] : [])];
  const run = evaluatorModP(plan, fixed, p);
  const S = new Float64Array(K * K);
  const sliced: (Float64Array | undefined)[] = new Array(fixed.length).fill(undefined);
  for (let a = 0; a < K; a++) {
    rowModes.forEach((m, t) => {
      const n = l.shape[m] as number;
      sliced[nodes + t] = (v.rows[t] as Float64Array).subarray(a * n, (a + 1) * n);
    });
    if (rowModes.length === 0) sliced[nodes + colModes.length] = one;
    S.set(run(sliced), a * K);
  }
  return S;
}

/** A list.length x n array whose row i is the unit vector of list[i]. */
export function unitRows(n: number, list: readonly number[]): Float64Array {
  const v = new Float64Array(list.length * n);
  list.forEach((d, i) => (v[i * n + d] = 1));
  return v;
}

/**
 * The plan of a sub-tensor: mode modes[t] restricted to the indices keep[t] (every mode listed
 * once); its entries are the contraction with each mode's unit rows of the kept indices.
 */
export function subtensorPlan(x: Tensor, modes: readonly number[], keep: readonly (readonly number[])[]): Plan {
  const l = tensorLayout(x);
  const E = l.sizes.length;
  const operands = [...l.nodes.map((n) => n.indices), ...modes.map((m, t) => [E + t, l.modes[m] as number])];
  return planContraction({ sizes: [...l.sizes, ...keep.map((s) => s.length)], operands, output: modes.map((_, t) => E + t), absorb: modes.map((_, t) => l.nodes.length + t) });
}

/**
 * A sub-tensor's entries mod p through its plan (already checked against the limits), in the
 * layout the evaluation ends in (no final transpose), with the stride there of each listed mode.
 */
export function subtensorValues(x: Tensor, modes: readonly number[], keep: readonly (readonly number[])[], plan: Plan, p: number, path: string): { values: Float64Array; strides: number[] } {
  const l = tensorLayout(x);
  const res = blockResidues(x, p, path);
  const dims = plan.finalDims;
  const values = evaluatorModP({ ...plan, finalPerm: dims.map((_, q) => q) }, [...l.nodes.map((n) => res[n.block]), ...keep.map((s, t) => unitRows(l.shape[modes[t] as number] as number, s))], p)([]);
  return { values, strides: plan.finalPerm.map((q) => dims.slice(q + 1).reduce((s, n) => s * n, 1)) };
}

const bits = (x: bigint): number => (x === 0n ? 0 : (x < 0n ? -x : x).toString(16).length * 4);

/** Most bits all the integers an exact evaluation materialises may hold together (256 MiB). */
export const MAX_MATERIALIZED_BITS = 2 ** 31;

/**
 * A block's common denominator and a bound on the bits of its entries over it (bits of the largest
 * numerator plus the denominator's), computed without building the integers.
 */
function blockSize(b: readonly Scalar[], path: string): { den: bigint; bits: number; entries: number } {
  let den = 1n;
  for (const v of b)
    if (v.den !== 1n) {
      den = (den / gcd(den, v.den)) * v.den;
      if (bits(den) > MAX_EXACT_BITS) reject('BUDGET_EXCEEDED', path, `the common denominator of a block has more than ${MAX_EXACT_BITS} bits`);
    }
  // Entry v becomes v.num * (den / v.den), of at most bits(v.num) + bits(den) - bits(v.den) + 4 bits
  // (bits() counts hex digits, so each count is exact to within 4 bits).
  const denBits = bits(den);
  let most = 0;
  for (const v of b) {
    if (v.num === 0n) continue;
    // The factor den / v.den: 1 when they are equal (always when den is 1), else at most 2^(its bit bound).
    const n = bits(v.num) + (v.den === den ? 0 : v.den === 1n ? denBits : denBits - bits(v.den) + 4);
    if (n > most) most = n;
  }
  return { den, bits: most, entries: b.length };
}

/** The blocks as integers over their common denominators, after the sizes were checked (checkSizes). */
function integerBlocks(b: readonly (readonly Scalar[])[], sizes: readonly { den: bigint }[]): bigint[][] {
  return b.map((block, k) => {
    const den = (sizes[k] as { den: bigint }).den;
    return block.map((v) => (v.den === 1n ? v.num * den : (v.num * den) / v.den));
  });
}

/** Refuses blocks whose integers would not fit in memory together. */
function checkMaterialized(sizes: readonly { bits: number; entries: number }[], path: string): void {
  const total = sizes.reduce((t, s) => t + s.entries * Math.max(64, s.bits), 0);
  if (total > MAX_MATERIALIZED_BITS) refuse(path, 'the blocks as exact integers', total, MAX_MATERIALIZED_BITS, 'bits of memory');
}

/**
 * <x, y> exactly, as num / den (den > 0): both networks joined on their modes and contracted. The
 * cost counts 64-bit word products: an entry of the contraction has at most (the sum of the
 * entries' bits over the nodes, plus the bits of the number of terms) bits.
 */
export function innerProduct(x: Tensor, y: Tensor, path: string): { num: bigint; den: bigint } {
  const lx = tensorLayout(x);
  const ly = tensorLayout(y);
  if (lx.shape.length !== ly.shape.length || lx.shape.some((n, m) => n !== ly.shape[m])) reject('SIZE_MISMATCH', path, 'the two tensors have different shapes');
  const shift = lx.sizes.length;
  const yIndex = (i: number): number => (ly.modes.includes(i) ? (lx.modes[ly.modes.indexOf(i)] as number) : shift + i);
  const sizes = [...lx.sizes, ...ly.sizes];
  const operands = [...lx.nodes.map((n) => n.indices), ...ly.nodes.map((n) => n.indices.map(yIndex))];
  const plan = planContraction({ sizes, operands, output: [] });
  if (plan.work > MAX_EXACT_WORK) refuse(path, 'the exact inner product', plan.work, MAX_EXACT_WORK);
  if (plan.memory > MAX_ARRAY / 16) refuse(path, 'the exact inner product', plan.memory, MAX_ARRAY / 16, 'array entries of memory');
  const sx = x.blocks.map((b) => blockSize(b, path));
  const sy = y.blocks.map((b) => blockSize(b, path));
  const usedSizes = [...lx.nodes.map((n) => sx[n.block]), ...ly.nodes.map((n) => sy[n.block])] as { den: bigint; bits: number }[];
  const resultBits = usedSizes.reduce((s, b) => s + b.bits, 0) + Math.ceil(Math.log2(Math.max(2, plan.work)));
  const cost = plan.work * Math.max(1, Math.ceil(resultBits / 64)) ** 2;
  if (resultBits > MAX_EXACT_BITS || cost > MAX_EXACT_WORK) refuse(path, `the exact inner product (numbers of up to ${resultBits} bits)`, cost, MAX_EXACT_WORK);
  checkMaterialized([...sx, ...sy], path);
  const bx = integerBlocks(x.blocks, sx);
  const by = integerBlocks(y.blocks, sy);
  const used = [...lx.nodes.map((n) => bx[n.block]), ...ly.nodes.map((n) => by[n.block])] as bigint[][];
  let den = 1n;
  for (const b of usedSizes) den *= b.den;
  return { num: evaluateBig(plan, used)[0] as bigint, den };
}

/**
 * The tensor's matricization applied to k integer vectors, exactly: the modes `summed` are
 * contracted with the vectors (vector a is row a of `vectors`, a k x N array over the summed
 * modes in the listed order, the first most significant), leaving an array over (a, the `kept`
 * modes). Every parameter block is scaled to integers by its common denominator (positive), which
 * scales the result by a positive number and so keeps exactly which entries are zero.
 */
export function applyExact(x: Tensor, summed: readonly number[], kept: readonly number[], vectors: readonly bigint[], k: number, path: string): bigint[] {
  const lx = tensorLayout(x);
  const kIndex = lx.sizes.length;
  const sizes = [...lx.sizes, k];
  const operands = [...lx.nodes.map((n) => n.indices), [kIndex, ...summed.map((m) => lx.modes[m] as number)]];
  const plan = planContraction({ sizes, operands, output: [kIndex, ...kept.map((m) => lx.modes[m] as number)] });
  if (plan.memory > MAX_ARRAY / 16) refuse(path, 'applying the vectors exactly', plan.memory, MAX_ARRAY / 16, 'array entries of memory');
  const blockSizes = x.blocks.map((b) => blockSize(b, path));
  const usedSizes = lx.nodes.map((n) => blockSizes[n.block]) as { bits: number }[];
  let vectorBits = 0;
  for (const v of vectors) {
    const b = bits(v);
    if (b > vectorBits) vectorBits = b;
  }
  const resultBits = usedSizes.reduce((s, b) => s + b.bits, 0) + vectorBits + Math.ceil(Math.log2(Math.max(2, plan.work)));
  const cost = plan.work * Math.max(1, Math.ceil(resultBits / 64)) ** 2;
  if (resultBits > MAX_EXACT_BITS || cost > MAX_EXACT_WORK) refuse(path, `applying the vectors exactly (numbers of up to ${resultBits} bits)`, cost, MAX_EXACT_WORK);
  checkMaterialized(blockSizes, path);
  const blocks = integerBlocks(x.blocks, blockSizes);
  return evaluateBig(plan, [...lx.nodes.map((n) => blocks[n.block] as bigint[]), [...vectors]]);
}
