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
/** Largest array an evaluation may hold (entries). */
export const MAX_ARRAY = 2 ** 28;

/** The vectors of a sketch: for the t-th row (column) mode, a K x n array; row a is column a's vector. */
export interface SketchVectors {
  readonly rows: readonly Float64Array[];
  readonly cols: readonly Float64Array[];
}

function refuse(path: string, what: string, work: number, limit: number): never {
  return reject('BUDGET_EXCEEDED', path, `${what} takes about ${work.toExponential(2)} operations, above the kernel's limit ${limit.toExponential(2)}`);
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

/** The plan of S = Psi^T M Omega, and its work for K columns. */
function sketchPlan(x: Tensor, rowModes: readonly number[], colModes: readonly number[], K: number): { plan: Plan; work: number; peak: number; nodes: number } {
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
  return { plan, work: plan.work + vectors, peak: Math.max(plan.peak, vectors), nodes: l.nodes.length };
}

/** Estimated multiply-adds and largest array of a K x K sketch (for refusals before work). */
export function sketchCost(x: Tensor, rowModes: readonly number[], colModes: readonly number[], K: number): { work: number; peak: number } {
  const { work, peak } = sketchPlan(x, rowModes, colModes, K);
  return { work: work + K * K, peak: Math.max(peak, K * K) };
}

/** Refuses a sketch the kernel would not finish, before anything large is allocated. */
export function checkSketchCost(x: Tensor, rowModes: readonly number[], colModes: readonly number[], K: number, path: string): void {
  const { work, peak } = sketchCost(x, rowModes, colModes, K);
  if (work > MAX_WORK) refuse(path, `evaluating the ${K} x ${K} sketch`, work, MAX_WORK);
  if (peak > MAX_ARRAY) refuse(path, `the ${K} x ${K} sketch's largest array`, peak, MAX_ARRAY);
}

/**
 * S (K x K, row-major, residues) with S[a, b] = the full contraction of the tensor with row
 * vector a on the row modes and column vector b on the column modes.
 */
export function sketch(x: Tensor, rowModes: readonly number[], colModes: readonly number[], v: SketchVectors, K: number, p: number, path: string): Float64Array {
  checkSketchCost(x, rowModes, colModes, K, path);
  const { plan, nodes } = sketchPlan(x, rowModes, colModes, K);
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

/** A block as integers over one common denominator. */
function integerBlock(b: readonly Scalar[]): { ints: bigint[]; den: bigint } {
  let den = 1n;
  for (const v of b) if (v.den !== 1n) den = (den / gcd(den, v.den)) * v.den;
  return { ints: b.map((v) => (v.den === 1n ? v.num * den : (v.num * den) / v.den)), den };
}

/** <x, y> exactly, as num / den (den > 0): both networks joined on their modes and contracted. */
export function innerProduct(x: Tensor, y: Tensor, path: string): { num: bigint; den: bigint } {
  const lx = tensorLayout(x);
  const ly = tensorLayout(y);
  if (lx.shape.length !== ly.shape.length || lx.shape.some((n, m) => n !== ly.shape[m])) reject('SIZE_MISMATCH', path, 'the two tensors have different shapes');
  const shift = lx.sizes.length;
  const yIndex = (i: number): number => (ly.modes.includes(i) ? (lx.modes[ly.modes.indexOf(i)] as number) : shift + i);
  const sizes = [...lx.sizes, ...ly.sizes];
  const operands = [...lx.nodes.map((n) => n.indices), ...ly.nodes.map((n) => n.indices.map(yIndex))];
  const plan = planContraction({ sizes, operands, output: [] });
  const work = plan.work;
  if (work > MAX_EXACT_WORK) refuse(path, 'the exact inner product', work, MAX_EXACT_WORK);
  if (plan.peak > MAX_ARRAY / 16) refuse(path, "the exact inner product's largest array", plan.peak, MAX_ARRAY / 16);
  const bx = x.blocks.map(integerBlock);
  const by = y.blocks.map(integerBlock);
  let den = 1n;
  const data = [...lx.nodes.map((n) => bx[n.block]), ...ly.nodes.map((n) => by[n.block])].map((b) => {
    den *= (b as { den: bigint }).den;
    return (b as { ints: bigint[] }).ints;
  });
  return { num: evaluateBig(plan, data)[0] as bigint, den };
}
