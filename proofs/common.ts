/**
 * Shared pieces of the theorem modules: parameter checks and obligation builders.
 *
 * @packageDocumentation
 */
import type { NetworkStructure } from '../src/cuts/network.js';
import { minCut } from '../src/cuts/mincut.js';
import * as f from '../src/formats/index.js';
import { leafOrders, rootOf } from '../src/formats/tree.js';
import type { ConversionObligation, InstanceSpec, LowerBoundObligation, NetworkFormat, Obligation, UpperBoundObligation } from '../src/runner/types.js';
import { buildInstance, estimateParams, MAX_INSTANCE_PARAMS } from '../src/runner/instances.js';
import { oddEvenModes } from '../src/tensor/shape.js';
import { ParameterError, type TheoremModule, type TheoremParams, type GridPoint } from './types.js';
import { parseSplit } from '../src/tensor/splitSpec.js';
import { bound } from './bound.js';
import { genericCpRankAtLeast, genericRankEquals, rankAtMost, tensorCpRankAtLeast, tensorCpRankAtMost } from './statements.js';

/** Largest order accepted (keeps every construction and table finite). */
export const MAX_ORDER = 4096;
/** Largest mode size and rank accepted on the command line. */
export const MAX_SIZE = 1 << 16;

/** Checks n, r, d are positive integers in range, with d >= minOrder. */
export function checkBasics(p: TheoremParams, minOrder = 1): void {
  for (const [name, v, max] of [
    ['n', p.n, MAX_SIZE],
    ['r', p.r, MAX_SIZE],
    ['d', p.d, MAX_ORDER],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 1) throw new ParameterError(`${name} must be a positive integer, got ${Number.isNaN(v) ? 'not a number' : v}`);
    if (v > max) throw new ParameterError(`${name} must be at most ${max}, got ${v}`);
  }
  if (p.d < minOrder) throw new ParameterError(`d must be at least ${minOrder} here, got ${p.d}`);
  if (!Number.isSafeInteger(p.seed) || p.seed < 0) throw new ParameterError(`seed must be a non-negative integer, got ${p.seed}`);
}

/** Checks d is even (the odd/even theorems). */
export function checkEven(p: TheoremParams): void {
  if (p.d % 2 !== 0) throw new ParameterError(`d must be even (the odd/even matricization pairs modes 2k and 2k+1), got ${p.d}`);
}

/** n^d as a shape. */
export function uniformShape(p: TheoremParams): number[] {
  return new Array<number>(p.d).fill(p.n);
}

/**
 * The TT structure with every bond of rank r, as the theorems state it (not clipped to what the
 * shape allows: random instances and witnesses are built with clipped ranks, and the kernel
 * accepts a certificate whose ranks are at most the statement's).
 */
export function ttStructure(p: TheoremParams): NetworkStructure {
  return { format: 'tt', shape: uniformShape(p), ranks: [1, ...new Array<number>(p.d - 1).fill(p.r), 1] };
}

/** The HT structure on the balanced tree with rank r at every node but the root (not clipped). */
export function htStructure(p: TheoremParams): NetworkStructure {
  const tree = f.balancedTree(p.d);
  const root = tree.nodes.length - 1;
  return { format: 'ht', shape: uniformShape(p), nodes: tree.nodes.map((node, t) => ({ ...node, rank: t === root ? 1 : p.r })) };
}

/** The CP structure of rank r. */
export function cpStructure(p: TheoremParams): NetworkStructure {
  return { format: 'cp', shape: uniformShape(p), rank: p.r };
}

/** The shared-core TT structure of rank r. */
export function sharedStructure(p: TheoremParams): NetworkStructure {
  return { format: 'tt-shared', order: p.d, size: p.n, rank: p.r };
}

/** The structure of a format at (n, r, d). */
export function structureFor(format: NetworkFormat, p: TheoremParams): NetworkStructure {
  switch (format) {
    case 'cp':
      return cpStructure(p);
    case 'tt':
      return ttStructure(p);
    case 'tt-shared':
      return sharedStructure(p);
    case 'ht':
      return htStructure(p);
  }
}

/** A random instance spec. */
export function randomSpec(format: NetworkFormat, p: TheoremParams): InstanceSpec {
  return { format, n: p.n, r: p.r, d: p.d, kind: 'random', seed: p.seed, ...(format === 'ht' ? { tree: 'balanced' as const } : {}) };
}

/** A witness spec. */
export function witnessSpec(format: 'tt' | 'ht', p: TheoremParams): InstanceSpec {
  return { format, n: p.n, r: p.r, d: p.d, kind: 'witness' };
}

/** min(n, r)^(d/2). */
export function oddEvenBound(p: TheoremParams): bigint {
  return BigInt(Math.min(p.n, p.r)) ** BigInt(p.d / 2);
}

/**
 * The generic lower-bound obligation of the odd/even theorems: almost every network of the
 * structure has CP-rank >= atLeast, shown on the odd/even matricization of one instance.
 */
export function oddEvenLowerBound(id: string, role: LowerBoundObligation['role'], spec: InstanceSpec, structure: NetworkStructure, atLeast: bigint, what: string): LowerBoundObligation {
  return {
    kind: 'lower-bound',
    id,
    role,
    description: `odd/even matricization of ${what} has rank >= ${atLeast}`,
    statement: genericCpRankAtLeast(structure, atLeast),
    instance: spec,
    rowModes: oddEvenModes(spec.d),
    atLeast,
  };
}

/**
 * A measurement of the generic rank of a split: every network has rank <= the minimum cut there
 * (a cut certificate), and the statement that the generic rank equals it, which also rests on the
 * certificates of the lower-bound obligations listed in `alsoUses`.
 */
export function cutMeasure(id: string, structure: NetworkStructure, rowModes: readonly number[], what: string, alsoUses: readonly string[] = []): UpperBoundObligation {
  const cut = minCut(structure, rowModes);
  return {
    kind: 'upper-bound',
    id,
    role: 'measure',
    description: `every ${what} has rank <= ${cut.bound} there (minimum cut)${alsoUses.length > 0 ? ', and a random one reaches it' : ''}`,
    statement: alsoUses.length > 0 ? genericRankEquals(structure, rowModes, cut.bound) : rankAtMost(structure, rowModes, cut.bound),
    ...(alsoUses.length > 0 ? { alsoUses } : {}),
    structure,
    rowModes: [...rowModes],
    atMost: cut.bound,
  };
}

/** Upper-bound obligations: for each row-mode set, every tensor of the structure has rank <= atMost. */
export function cutObligations(structure: NetworkStructure, modeSets: readonly { id: string; rowModes: readonly number[]; label: string }[], atMost: bigint, what: string): UpperBoundObligation[] {
  return modeSets.map((s) => ({
    kind: 'upper-bound',
    id: s.id,
    role: 'proof',
    description: `every ${what}: the matricization with rows ${s.label} has rank <= ${atMost}`,
    statement: rankAtMost(structure, s.rowModes, atMost),
    structure,
    rowModes: [...s.rowModes],
    atMost,
  }));
}

/** The non-root nodes of the balanced tree over d modes, as mode sets. */
export function balancedNodeSets(d: number): { id: string; rowModes: number[]; label: string }[] {
  const tree = f.balancedTree(d);
  const orders = leafOrders(tree);
  const root = rootOf(tree);
  return orders.filter((_, t) => t !== root).map((modes, t) => ({ id: `node:${t}`, rowModes: modes, label: `= node ${t} {${modes.join(',')}}` }));
}

/** The prefix splits 1..d-1 (the TT bonds). */
export function prefixSets(d: number): { id: string; rowModes: number[]; label: string }[] {
  return Array.from({ length: d - 1 }, (_, i) => ({ id: `bond:${i + 1}`, rowModes: Array.from({ length: i + 1 }, (_, m) => m), label: `= modes {0..${i}}` }));
}

/**
 * The mode set where a structure's minimum cut is largest, and that cut: where a sharpness check
 * has the best chance to reach a bound.
 */
export function largestCut(structure: NetworkStructure, sets: readonly { id: string; rowModes: readonly number[]; label: string }[]): { set: { id: string; rowModes: readonly number[]; label: string }; bound: bigint } {
  let best = { set: sets[0] as (typeof sets)[number], bound: -1n };
  for (const s of sets) {
    const b = minCut(structure, s.rowModes).bound;
    if (b > best.bound) best = { set: s, bound: b };
  }
  return best;
}

/** The row modes a statement's `split` parameter names (default odd-even), as a parameter error. */
export function rowModesOf(p: TheoremParams, d: number): number[] {
  try {
    return parseSplit(p.split ?? 'odd-even', d);
  } catch (e) {
    throw new ParameterError((e as Error).message);
  }
}

/** The words of a statement: what every module built by a factory passes through unchanged. */
export type StatementInfo = Pick<TheoremModule, 'id' | 'aliases' | 'title' | 'statement' | 'source' | 'quantity'>;

/** Just the statement's words of a factory spec. */
export function statementOf(s: StatementInfo): StatementInfo {
  return { id: s.id, aliases: s.aliases, title: s.title, statement: s.statement, source: s.source, quantity: s.quantity };
}

/** What distinguishes the generic odd/even lower-bound statements from each other. */
export interface OddEvenStatement extends StatementInfo {
  readonly argument: string;
  readonly format: NetworkFormat;
  /** The witness instance when the statement has one (TT and HT). */
  readonly witness?: { readonly format: 'tt' | 'ht'; readonly what: string };
  readonly what: (p: TheoremParams) => string;
  readonly defaultGrid: readonly GridPoint[];
}

/**
 * A generic lower-bound theorem on the odd/even matricization: a random instance (proof), the
 * witness when there is one (proof), and the minimum cut (a measure of the generic rank).
 */
export function oddEvenTheorem(s: OddEvenStatement): TheoremModule {
  return {
    ...statementOf(s),
    parameters: ['n', 'r', 'd'],
    bound: bound('min(n, r)^(d/2)'),
    direction: 'lower',
    argument: s.argument,
    validate(p) {
      checkBasics(p, 2);
      checkEven(p);
    },
    obligations(p) {
      const K = oddEvenBound(p);
      const structure = structureFor(s.format, p);
      return [
        oddEvenLowerBound('random', 'proof', randomSpec(s.format, p), structure, K, s.what(p)),
        ...(s.witness ? witnessObligations(s.witness, p, structure, K) : []),
        cutMeasure('generic-upper', structure, oddEvenModes(p.d), `${s.format === 'tt-shared' ? 'shared-core TT' : s.format.toUpperCase()} with these sizes (odd/even)`, ['random']),
      ];
    },
    defaultGrid: s.defaultGrid,
  };
}

/**
 * Largest witness CP decomposition certified (terms): the kernel's exact <CP, CP> costs about
 * d n R^2 big-integer products, a fraction of a second at 256 terms.
 */
export const MAX_WITNESS_CP_TERMS = 256n;

/** The claim id of the witness's own CP-rank lower bound (its minor, read about the witness itself). */
export const WITNESS_CP_LOWER = 'witness/cp-rank-at-least';

/**
 * The witness (a proof of the generic bound), and what it shows about itself: its CP-rank is at
 * least K (the same minor) and, where the CP decomposition is small enough to certify, at most K
 * (an equality with the closed-form CP of q^(d/2) terms): the witness's CP-rank is exactly K.
 */
function witnessObligations(w: { readonly format: 'tt' | 'ht'; readonly what: string }, p: TheoremParams, structure: NetworkStructure, K: bigint): Obligation[] {
  const spec = witnessSpec(w.format, p);
  // Nothing is built unless small (the budgets are checked later, on the obligations).
  const small = K <= MAX_WITNESS_CP_TERMS && estimateParams(spec) <= MAX_INSTANCE_PARAMS;
  const plain = oddEvenLowerBound('witness', 'proof', spec, structure, K, w.what);
  if (!small) return [plain];
  const x = buildInstance(spec).tensor;
  const witness: LowerBoundObligation = { ...plain, alsoStates: [{ id: WITNESS_CP_LOWER, statement: tensorCpRankAtLeast(x, K) }] };
  const cp: ConversionObligation = { kind: 'conversion', id: 'witness-cp', role: 'measure', description: `${w.what} equals a CP network of ${K} terms (its pairs' closed form)`, statement: tensorCpRankAtMost(x, K), instance: spec, conversion: 'witness-cp', ranksAtMost: K };
  return [witness, cp];
}
