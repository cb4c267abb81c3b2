/**
 * Contraction of a tensor network, the kernel's one evaluator: mod p in doubles (minors and
 * sketches) or exactly on BigInt (inner products for equality).
 *
 * A problem is a list of operands, each an array over a list of indices, and the indices of the
 * result. A plan contracts two operands at a time until one is left. The order only changes the
 * cost, never the value (every order computes the same sum of products), so the kernel picks it
 * greedily: listed operands first (a sketch's vectors, each into the node carrying its mode),
 * then among pairs of operands that share a summed index the one whose result is smallest
 * relative to its inputs. One output index may be `slice`d: it is evaluated one value at a time
 * (a sketch's row number), and the steps that do not involve it run once.
 *
 * One pairwise step: indices in both operands and still needed later are batch indices; indices
 * in both and needed nowhere else are summed; the rest are free. Each operand is read as a batch
 * of matrices (batch, free, summed) or (batch, summed, free) through three strides, one per
 * group; an operand whose groups are not contiguous in its layout is transposed first. The
 * result's layout is (batch, free of the first, free of the second).
 *
 * @packageDocumentation
 */
import { accumulationLimit } from './arith.js';
import { reject } from './verdict.js';

/** What to contract. */
export interface Problem {
  readonly sizes: readonly number[];
  readonly operands: readonly (readonly number[])[];
  readonly output: readonly number[];
  /**
   * An output index whose values are evaluated one at a time (a sketch's row number): operands
   * that carry it are given one slice per evaluation, without that axis, and so is the result.
   */
  readonly slice?: number;
  /**
   * Operands to contract first, each with the first other operand that shares one of its summed
   * indices (a sketch's vectors into the nodes that carry their modes); the greedy order follows.
   */
  readonly absorb?: readonly number[];
}

/** How one operand of a step is read: an optional transpose, then three group strides. */
export interface View {
  readonly id: number;
  readonly dims: readonly number[];
  /** Axis order of the transpose to apply first, or undefined when the layout is read as it is. */
  readonly perm: readonly number[] | undefined;
  /** Strides of the batch, free and summed groups. */
  readonly sb: number;
  readonly sf: number;
  readonly ss: number;
}

/** One pairwise contraction. */
export interface Step {
  readonly x: View;
  readonly y: View;
  /** The result's indices (without the slice index). */
  readonly out: readonly number[];
  readonly nb: number;
  readonly nfx: number;
  readonly nc: number;
  readonly nfy: number;
  /** Whether the step involves the slice index (runs once per slice). */
  readonly sliced: boolean;
}

/** Most operands a contraction may have (the greedy planner costs about their square). */
export const MAX_OPERANDS = 1024;

/** A plan with its cost: multiply-adds in all, the largest array, and all arrays it allocates (entries). */
export interface Plan {
  readonly problem: Problem;
  /** Operand index lists as evaluated (without the slice index), then one vector of ones per index in `ones`. */
  readonly inputs: readonly (readonly number[])[];
  readonly ones: readonly number[];
  readonly steps: readonly Step[];
  /** The final transpose into the output's index order (without the slice index). */
  readonly finalDims: readonly number[];
  readonly finalPerm: readonly number[];
  readonly work: number;
  readonly peak: number;
  /** Entries of every array the evaluation allocates (step results and transposed copies), an upper bound on what it holds. */
  readonly memory: number;
}

const prod = (xs: readonly number[], sizes: readonly number[]): number => xs.reduce((p, i) => p * (sizes[i] as number), 1);

/**
 * How to read an operand with layout `L` (index list) as (batch, free, summed) with the groups'
 * index orders given: directly when each group is a run of consecutive axes in that order, else
 * after a transpose to exactly that order.
 */
function view(id: number, L: readonly number[], groups: readonly (readonly number[])[], sizes: readonly number[]): View {
  const dims = L.map((i) => sizes[i] as number);
  const strides = new Array<number>(L.length);
  for (let k = L.length - 1, st = 1; k >= 0; k--) {
    strides[k] = st;
    st *= dims[k] as number;
  }
  const run = (g: readonly number[]): number | undefined => {
    if (g.length === 0) return 0;
    const pos = g.map((i) => L.indexOf(i));
    return pos.every((p, t) => t === 0 || p === (pos[t - 1] as number) + 1) ? (strides[pos[pos.length - 1] as number] as number) : undefined;
  };
  const direct = groups.map(run);
  if (direct.every((s) => s !== undefined)) return { id, dims, perm: undefined, sb: direct[0] as number, sf: direct[1] as number, ss: direct[2] as number };
  // Transposed to (batch, free, summed), row-major: each group's stride is the product after it.
  const [, f, s] = groups.map((g) => prod(g, sizes)) as [number, number, number];
  return { id, dims, perm: groups.flat().map((i) => L.indexOf(i)), sb: f * s, sf: s, ss: 1 };
}

/**
 * Plans a contraction greedily (see the module comment), over the whole problem including the
 * slice index, so the order accounts for every slice; the steps are then written without it.
 */
export function planContraction(problem: Problem): Plan {
  const { sizes, output } = problem;
  if (problem.operands.length > MAX_OPERANDS) reject('BUDGET_EXCEEDED', '', `a contraction of ${problem.operands.length} operands is above the kernel's limit ${MAX_OPERANDS}`);
  const slice = problem.slice ?? -1;
  const ops: (readonly number[])[] = problem.operands.map((o) => [...o]);
  const isOut = new Array<boolean>(sizes.length).fill(false);
  output.forEach((i) => (isOut[i] = true));
  const members: number[][] = sizes.map(() => []);
  ops.forEach((o, id) => o.forEach((i) => members[i]?.push(id)));
  members.forEach((m, i) => {
    if (m.length === 0 && isOut[i]) reject('BAD_TENSOR', '', `output index ${i} appears in no operand`);
  });
  // An index summed inside one operand only (a CP network of order 1) is summed against a vector of ones.
  const ones = members.flatMap((m, i) => (m.length === 1 && !isOut[i] ? [i] : []));
  for (const i of ones) {
    (members[i] as number[]).push(ops.length);
    ops.push([i]);
  }
  const without = (xs: readonly number[]): number[] => xs.filter((i) => i !== slice);
  const sliced = ops.map((o) => o.includes(slice));
  const sliceSize = slice >= 0 ? (sizes[slice] as number) : 1;
  const alive = new Set(ops.map((_, id) => id));
  const steps: Step[] = [];
  let work = 0;
  let memory = 0;
  let peak = Math.max(1, ...ops.map((o) => prod(without(o), sizes)));
  const groupsOf = (a: number, b: number): { batch: number[]; fa: number[]; sum: number[]; fb: number[] } => {
    const A = ops[a] as readonly number[];
    const B = ops[b] as readonly number[];
    const kept = (i: number): boolean => isOut[i] === true || (members[i] as number[]).length > (A.includes(i) ? 1 : 0) + (B.includes(i) ? 1 : 0);
    return { batch: A.filter((i) => B.includes(i) && kept(i)), fa: A.filter((i) => !B.includes(i)), sum: A.filter((i) => B.includes(i) && !kept(i)), fb: B.filter((i) => !A.includes(i)) };
  };
  const absorb = [...(problem.absorb ?? [])].reverse();
  while (alive.size > 1) {
    // The listed operands first; then consecutive alive operands on a summed (non-output) index;
    // else on an output index; else the first two alive operands.
    let best: { a: number; b: number; score: number; flops: number } | undefined;
    const v = absorb.pop();
    if (v !== undefined && alive.has(v)) {
      const partner = [...alive].find((o) => o !== v && (ops[o] as number[]).some((i) => !isOut[i] && (ops[v] as number[]).includes(i)));
      if (partner !== undefined) best = { a: partner, b: v, score: 0, flops: 0 };
    }
    const consider = (a: number, b: number): void => {
      const g = groupsOf(a, b);
      const outSize = prod([...g.batch, ...g.fa, ...g.fb], sizes);
      const score = outSize - prod(ops[a] as number[], sizes) - prod(ops[b] as number[], sizes);
      const flops = outSize * prod(g.sum, sizes);
      if (!best || score < best.score || (score === best.score && flops < best.flops)) best = { a, b, score, flops };
    };
    for (const pass of [false, true]) {
      if (best) break;
      members.forEach((m, i) => {
        if (isOut[i] !== pass) return;
        for (let k = 0; k + 1 < m.length; k++) consider(m[k] as number, m[k + 1] as number);
      });
    }
    if (!best) {
      const [a, b] = [...alive] as [number, number];
      consider(a, b);
    }
    let { a, b } = best as { a: number; b: number };
    // The operand read as it is: the sliced one (it changes every slice), else the larger.
    const keepB = sliced[b] && !sliced[a] ? true : sliced[a] && !sliced[b] ? false : prod(ops[b] as number[], sizes) > prod(ops[a] as number[], sizes);
    if (keepB) [a, b] = [b, a];
    const A = without(ops[a] as readonly number[]);
    const B = without(ops[b] as readonly number[]);
    const g = groupsOf(a, b);
    const batch = without(g.batch);
    const fa = without(g.fa);
    const fb = without(g.fb);
    const x = view(a, A, [batch, fa, g.sum], sizes);
    const y = view(b, B, [batch, fb, g.sum], sizes);
    const out = [...batch, ...fa, ...fb];
    const step: Step = { x, y, out, nb: prod(batch, sizes), nfx: prod(fa, sizes), nc: prod(g.sum, sizes), nfy: prod(fb, sizes), sliced: (sliced[a] as boolean) || (sliced[b] as boolean) };
    work += (step.sliced ? sliceSize : 1) * (step.nb * step.nfx * step.nc * step.nfy + (x.perm ? prod(A, sizes) : 0) + (y.perm ? prod(B, sizes) : 0));
    peak = Math.max(peak, step.nb * step.nfx * step.nfy);
    memory += step.nb * step.nfx * step.nfy + (x.perm ? prod(A, sizes) : 0) + (y.perm ? prod(B, sizes) : 0);
    steps.push(step);
    const c = ops.length;
    const full = [...g.batch, ...g.fa, ...g.fb];
    ops.push(full);
    sliced.push(step.sliced);
    alive.delete(a);
    alive.delete(b);
    alive.add(c);
    for (const i of new Set([...(ops[a] as number[]), ...(ops[b] as number[])])) {
      const m = (members[i] as number[]).filter((id) => id !== a && id !== b);
      if (full.includes(i)) m.push(c);
      members[i] = m;
    }
  }
  const lastId = [...alive][0] as number;
  const last = without(ops[lastId] as readonly number[]);
  const want = without(output);
  if (last.length !== want.length || want.some((i) => !last.includes(i))) reject('BAD_TENSOR', '', 'the contraction does not end in the requested indices');
  return { problem, inputs: [...problem.operands.map(without), ...ones.map((i) => [i])], ones, steps, finalDims: last.map((i) => sizes[i] as number), finalPerm: want.map((i) => last.indexOf(i)), work, peak, memory };
}

type Arr = Float64Array | bigint[];

/** src (row-major, axes `dims`) with its axes reordered: out axis t = src axis perm[t]. */
function permute<T extends Arr>(src: T, dims: readonly number[], perm: readonly number[] | undefined, make: (n: number) => T): T {
  if (!perm || perm.every((p, t) => p === t)) return src;
  const nd = dims.length;
  const strides = new Array<number>(nd);
  for (let k = nd - 1, s = 1; k >= 0; k--) {
    strides[k] = s;
    s *= dims[k] as number;
  }
  const od = perm.map((p) => dims[p] as number);
  const os = perm.map((p) => strides[p] as number);
  const out = make(src.length);
  const ix = new Array<number>(nd).fill(0);
  let off = 0;
  for (let n = 0; n < src.length; n++) {
    (out as unknown as unknown[])[n] = (src as unknown as unknown[])[off];
    for (let t = nd - 1; t >= 0; t--) {
      off += os[t] as number;
      if (++(ix[t] as number) < (od[t] as number)) break;
      off -= (os[t] as number) * (od[t] as number);
      ix[t] = 0;
    }
  }
  return out;
}

/** A run of this many doubles (two cache lines) is long enough to loop over innermost: writing C along it beats a longer strided loop. */
const CONTIGUOUS_RUN = 16;

/**
 * C[b, i, j] = sum_k X[b, i, k] Y[b, j, k] mod p, through the views' strides, into `C`. When the
 * summed group has at most `chunk` = accumulationLimit(p) values (the usual case), each entry is summed in
 * full and reduced once; otherwise the sum runs in chunks of that many values, after each of which
 * every entry is reduced. The loop over entries runs innermost over the longest of the batch, the
 * x-free and the y-free groups, so that short groups cost no loop overhead; but over the y-free
 * group, along which C is contiguous, whenever it spans {@link CONTIGUOUS_RUN} values or more.
 */
function multiplyModP(X: Float64Array, Y: Float64Array, s: Step, p: number, chunk: number, C: Float64Array): Float64Array {
  const { nb, nfx, nc, nfy } = s;
  const { sb: xb, sf: xf, ss: xs } = s.x;
  const { sb: yb, sf: yf, ss: ys } = s.y;
  const pinv = 1 / p;
  const inner = nfy >= CONTIGUOUS_RUN || (nfy >= nfx && nfy >= nb) ? 2 : nb >= nfx ? 0 : 1;
  // Loop extents and strides (in C, X, Y) of the outer, middle and inner loops over (b, i, j).
  const ext = [nb, nfx, nfy];
  const sc = [nfx * nfy, nfy, 1];
  const sx = [xb, xf, 0];
  const sy = [yb, 0, yf];
  const [o, m] = inner === 0 ? [1, 2] : inner === 1 ? [0, 2] : [0, 1];
  const eo = ext[o] as number, em = ext[m] as number, ei = ext[inner] as number;
  const co = sc[o] as number, cm = sc[m] as number, ci = sc[inner] as number;
  const xo = sx[o] as number, xm = sx[m] as number, xi = sx[inner] as number;
  const yo = sy[o] as number, ym = sy[m] as number, yi = sy[inner] as number;
  // The sum of at most `chunk` products plus one residue stays below 2^53 - 4p, where the quotient
  // estimate is off by at most one.
  const mod = (acc: number): number => {
    const r = acc - Math.floor(acc * pinv) * p;
    return r < 0 ? r + p : r >= p ? r - p : r;
  };
  for (let k0 = 0; k0 < nc; k0 += chunk) {
    const k1 = Math.min(nc, k0 + chunk);
    const first = k0 === 0;
    for (let u = 0; u < eo; u++)
      // Middle entries in pairs (the last one alone: a pair with itself, d = 0), so that the inner
      // loop computes two sums at a time.
      for (let w = 0; w < em; w += 2) {
        const d = w + 1 < em ? 1 : 0;
        const [dc, dx, dy] = [d * cm, d * xm, d * ym];
        let c = u * co + w * cm;
        let x = u * xo + w * xm;
        let y = u * yo + w * ym;
        for (let t = 0; t < ei; t++, c += ci, x += xi, y += yi) {
          let acc = first ? 0 : (C[c] as number);
          let acc2 = first ? 0 : (C[c + dc] as number);
          for (let k = k0, xk = x + k0 * xs, yk = y + k0 * ys; k < k1; k++, xk += xs, yk += ys) {
            acc += (X[xk] as number) * (Y[yk] as number);
            acc2 += (X[xk + dx] as number) * (Y[yk + dy] as number);
          }
          C[c + dc] = mod(acc2);
          C[c] = mod(acc);
        }
      }
  }
  if (nc === 0) C.fill(0);
  return C;
}

function multiplyBig(X: bigint[], Y: bigint[], s: Step): bigint[] {
  const { nb, nfx, nc, nfy } = s;
  const C = new Array<bigint>(nb * nfx * nfy).fill(0n);
  for (let bt = 0; bt < nb; bt++)
    for (let i = 0; i < nfx; i++)
      for (let k = 0; k < nc; k++) {
        const v = X[bt * s.x.sb + i * s.x.sf + k * s.x.ss] as bigint;
        if (v === 0n) continue;
        const cOff = (bt * nfx + i) * nfy;
        for (let j = 0; j < nfy; j++) C[cOff + j] = (C[cOff + j] as bigint) + v * (Y[bt * s.y.sb + j * s.y.sf + k * s.y.ss] as bigint);
      }
  return C;
}

/** Runs the steps `which` selects; `ready[k]` holds step k's operands already read (transposed) once. */
function runSteps<T extends Arr>(plan: Plan, values: (T | undefined)[], which: boolean | undefined, mul: (x: T, y: T, s: Step, k: number) => T, make: (n: number) => T, ready?: readonly ([T | undefined, T | undefined] | undefined)[]): void {
  const n = plan.inputs.length;
  for (let k = 0; k < plan.steps.length; k++) {
    const s = plan.steps[k] as Step;
    if (which !== undefined && s.sliced !== which) continue;
    const r = ready?.[k];
    const X = r?.[0] ?? permute(values[s.x.id] as T, s.x.dims, s.x.perm, make);
    const Y = r?.[1] ?? permute(values[s.y.id] as T, s.y.dims, s.y.perm, make);
    values[n + k] = mul(X, Y, s, k);
  }
}

function result<T extends Arr>(plan: Plan, values: readonly (T | undefined)[], make: (n: number) => T): T {
  const n = plan.inputs.length;
  return permute(values[plan.steps.length === 0 ? 0 : n + plan.steps.length - 1] as T, plan.finalDims, plan.finalPerm, make);
}

/**
 * Evaluates a plan mod p. `fixed` holds the residues of every operand without the slice index;
 * the returned function takes one slice of the others (indexed like the operands) and returns the
 * result's slice. Steps without the slice index run once, here, and so do the transposes of their
 * results that the sliced steps read. The result is for reading only, and only until the next
 * call: it may be an operand itself (a plan without steps) or a buffer the next slice reuses.
 */
export function evaluatorModP(plan: Plan, fixed: readonly (Float64Array | undefined)[], p: number): (sliced: readonly (Float64Array | undefined)[]) => Float64Array {
  const make = (n: number): Float64Array => new Float64Array(n);
  const chunk = accumulationLimit(p);
  // Each step writes into its own buffer, reused from one slice to the next.
  const buffers = plan.steps.map(() => undefined as Float64Array | undefined);
  const mul = (x: Float64Array, y: Float64Array, s: Step, k: number): Float64Array => {
    const C = s.sliced ? (buffers[k] ??= make(s.nb * s.nfx * s.nfy)) : make(s.nb * s.nfx * s.nfy);
    return multiplyModP(x, y, s, p, chunk, C);
  };
  const base: (Float64Array | undefined)[] = [...fixed, ...plan.ones.map((i) => new Float64Array(plan.problem.sizes[i] as number).fill(1))];
  runSteps(plan, base, false, mul, make);
  const n = plan.inputs.length;
  const slice = plan.problem.slice ?? -1;
  const isFixed = (id: number): boolean => (id < n ? !(plan.problem.operands[id] ?? []).includes(slice) : !(plan.steps[id - n] as Step).sliced);
  const ready = plan.steps.map((s): [Float64Array | undefined, Float64Array | undefined] | undefined =>
    s.sliced ? [isFixed(s.x.id) ? permute(base[s.x.id] as Float64Array, s.x.dims, s.x.perm, make) : undefined, isFixed(s.y.id) ? permute(base[s.y.id] as Float64Array, s.y.dims, s.y.perm, make) : undefined] : undefined,
  );
  const values = [...base];
  return (slicedValues) => {
    for (let i = 0; i < slicedValues.length; i++) if (slicedValues[i] !== undefined) values[i] = slicedValues[i];
    runSteps(plan, values, true, mul, make, ready);
    return result(plan, values, make);
  };
}

/** Evaluates a plan exactly over the integers. */
export function evaluateBig(plan: Plan, operands: readonly bigint[][]): bigint[] {
  const make = (n: number): bigint[] => new Array<bigint>(n);
  const values: (bigint[] | undefined)[] = [...operands, ...plan.ones.map((i) => new Array<bigint>(plan.problem.sizes[i] as number).fill(1n))];
  runSteps(plan, values, undefined, multiplyBig, make);
  return result(plan, values, make);
}
