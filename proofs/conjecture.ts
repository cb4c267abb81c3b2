/**
 * Users' own conjectures about the generic rank of a network family's matricizations, as statements
 * in the kernel's vocabulary: "at these sizes, at this split (or at every split up to symmetry), the
 * generic rank is >= / <= / = this bound", the bound a mathjs expression over n, r, d and k (the
 * number of row modes).
 *
 * Per split the statement is `generic-rank-at-least`, `rank-at-most` or `generic-rank-equals` with
 * the bound's exact value (generic rank <= B and every network's rank <= B are the same statement:
 * rank <= B is a closed condition). The certificates: the minimum cut (every network has rank <=
 * U), and a random integer draw's minor or sketch when the cut leaves the question open. The kernel
 * decides each split: established, refuted (a cut below a claimed lower bound, a draw above a
 * claimed upper bound), or not established; the point is PROVED when every split is established
 * and REFUTED when one is refuted.
 *
 * @packageDocumentation
 */
import { minCut } from '../src/cuts/mincut.js';
import type { NetworkStructure } from '../src/cuts/network.js';
import type { LowerBoundObligation, Obligation, StatementJson, UpperBoundObligation } from '../src/runner/types.js';
import { chainSymmetries, gridSymmetries, ringSymmetries, splitsUpToSymmetry, type ModePermutation } from '../src/tensor/symmetry.js';
import { bound as boundOf, type Bound } from './bound.js';
import { rowModesOf } from './common.js';
import { checkNetworkParams, subjectOf } from './genericRank.js';
import { genericRankAtLeast, genericRankEquals, rankAtMost } from './statements.js';
import { ExpressionError, ParameterError, type GridPoint, type TheoremModule, type TheoremParams } from './types.js';

/** The relations a conjecture can state between the generic rank and its bound. */
export const RELATIONS = ['>=', '<=', '='] as const;
export type Relation = (typeof RELATIONS)[number];

/** Split choices besides a single split: every split up to symmetry, or the same reported by its worst split. */
export const SPLIT_SETS = ['every', 'worst'] as const;

/** A conjecture: its name, relation and bound (the family and sizes come with each parameter set). */
export interface ConjectureSpec {
  /** Lower-case letters, digits and dashes; the module id is `conjecture:<name>`. */
  readonly name: string;
  readonly relation: Relation;
  /** A mathjs expression over n, r, d, k (the number of row modes) and cut (the split's minimum cut). */
  readonly bound: string;
  /** Saved points (the gate re-proves them). */
  readonly grid?: readonly GridPoint[];
}

export { ExpressionError } from './types.js';

/** Parses a bound expression (one-line {@link ExpressionError} when it does not parse). */
export function parseBound(text: string): Bound {
  if (text.length > 400) throw new ExpressionError(`the bound is ${text.length} characters long, above 400`);
  let b: Bound;
  try {
    b = boundOf(text);
    void b.pretty; // parse now: a bad expression is an error before any work
  } catch (e) {
    throw new ExpressionError(`the bound "${text.slice(0, 80)}" does not parse: ${(e as Error).message.split('\n')[0]}`);
  }
  return b;
}

/** The symmetries of a family's modes (for "every split up to symmetry"). */
export function symmetriesOf(p: TheoremParams, d: number): readonly ModePermutation[] | 'all' {
  if (p.network === 'ring') return ringSymmetries(d);
  if (p.network === 'grid') return gridSymmetries(d);
  if (p.network === undefined && (p.format === 'tt' || p.format === 'tt-shared')) return chainSymmetries(d);
  if (p.network === undefined && p.format === 'cp') return 'all';
  return [];
}

/**
 * The splits a parameter set asks about: one, or one per orbit of the family's symmetries (a split
 * and its complement are one question unless the bound depends on k, the number of row modes).
 */
export function splitsOf(p: TheoremParams, d: number, b?: Bound): number[][] {
  const split = p.split ?? 'every';
  if ((SPLIT_SETS as readonly string[]).includes(split)) {
    try {
      return splitsUpToSymmetry(d, symmetriesOf(p, d), !(b && usesSymbol(b, 'k')));
    } catch (e) {
      throw new ParameterError((e as Error).message);
    }
  }
  return [rowModesOf(p, d)];
}

/** Whether a bound's expression mentions a symbol. */
export function usesSymbol(b: Bound, name: string): boolean {
  return new RegExp(`\\b${name}\\b`).test(b.expression);
}

/** The claim id of a split. */
export const splitId = (rows: readonly number[]): string => `split:{${rows.join(',')}}`;

/**
 * The bound's value at a split. Its scope: n, r, d where the family has them, k (the number of row
 * modes) and cut (the split's minimum cut, so "generic rank = cut" can be conjectured of any family).
 */
export function boundAt(b: Bound, p: TheoremParams, d: number, rows: readonly number[]): bigint {
  const scope: Record<string, number | bigint> = { d, k: rows.length };
  if (usesSymbol(b, 'cut')) scope['cut'] = minCut(subjectOf(p).structure, rows).bound;
  if (Number.isSafeInteger(p.n)) scope['n'] = p.n;
  if (Number.isSafeInteger(p.r)) scope['r'] = p.r;
  try {
    return b.evaluate(scope);
  } catch (e) {
    throw new ExpressionError(`the bound ${b.expression} at ${Object.entries(scope).map(([k, v]) => `${k}=${v}`).join(', ')}: ${(e as Error).message}`);
  }
}

const nat = (x: bigint): bigint => (x < 0n ? 0n : x);

/** The conjecture's statement at one split. */
function statementAt(relation: Relation, s: NetworkStructure, rows: readonly number[], B: bigint): StatementJson {
  switch (relation) {
    case '>=':
      return genericRankAtLeast(s, rows, nat(B));
    case '<=':
      return rankAtMost(s, rows, nat(B));
    case '=':
      return genericRankEquals(s, rows, nat(B));
  }
}

/**
 * The draw a split needs, by its rank target, or none when the cut decides: a lower bound needs a
 * draw reaching B (when the cut allows it), an upper bound one reaching B + 1 (to refute) when the
 * cut is above B.
 */
function drawTarget(relation: Relation, U: bigint, B: bigint): bigint | undefined {
  const lower = B < 1n ? 1n : B;
  switch (relation) {
    case '>=':
      return U >= B ? lower : undefined;
    case '<=':
      return U > B ? nat(B) + 1n : undefined;
    case '=':
      return U < B ? undefined : U === B ? lower : nat(B) + 1n;
  }
}

/** The theorem module of a conjecture. */
export function conjectureModule(spec: ConjectureSpec): TheoremModule {
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(spec.name)) throw new ParameterError(`a conjecture's name is lower-case letters, digits and dashes (at most 64), got "${spec.name.slice(0, 40)}"`);
  if (!(RELATIONS as readonly string[]).includes(spec.relation)) throw new ParameterError(`the relation must be one of ${RELATIONS.join(' ')}, got "${spec.relation}"`);
  const b = parseBound(spec.bound);
  const quantity = 'generic matricization rank';
  return {
    id: `conjecture:${spec.name}`,
    aliases: [],
    title: `Conjecture ${spec.name}: generic rank ${spec.relation} ${b.pretty}`,
    statement: `At each parameter set, for the family's matricization at the split (or at every split up to the family's symmetry and complement), the generic rank ${spec.relation} ${b.pretty}, with k the number of row modes and cut the split's minimum cut.`,
    source: 'a user conjecture (check-theorem conjecture)',
    parameters: ['format', 'network', 'sizes', 'n', 'r', 'd', 'split'],
    bound: b,
    direction: spec.relation === '>=' ? 'lower' : spec.relation === '<=' ? 'upper' : 'exact',
    quantity,
    argument:
      'Per split, the kernel decides the statement from a cut certificate (every network has rank <= U) and, where the cut does not decide it, a random integer draw (a nonzero minor is a nonzero polynomial: almost every network has rank >= that size). A cut below a claimed lower bound, or a draw above a claimed upper bound, refutes it.',
    validate(p) {
      if (p.network !== undefined) checkNetworkParams(p);
      const { d } = subjectOf(p);
      if (d < 2) throw new ParameterError(`a matricization needs at least 2 modes, the family has ${d}`);
      for (const rows of splitsOf(p, d, b)) boundAt(b, p, d, rows);
    },
    boundValue(p) {
      const { d } = subjectOf(p);
      const rows = splitsOf(p, d, b)[0] as number[];
      return boundAt(b, p, d, rows);
    },
    obligations(p): Obligation[] {
      const { structure, d, instance, what } = subjectOf(p);
      const out: Obligation[] = [];
      for (const rows of splitsOf(p, d, b)) {
        const B = boundAt(b, p, d, rows);
        const cut = minCut(structure, rows);
        const id = splitId(rows);
        const target = drawTarget(spec.relation, cut.bound, B);
        const drawId = `${id}/draw`;
        const main: UpperBoundObligation = {
          kind: 'upper-bound',
          id,
          role: 'proof',
          description: `rows {${rows.join(',')}}: generic rank ${spec.relation} ${B} (cut ${cut.bound})`,
          statement: statementAt(spec.relation, structure, rows, B),
          structure,
          rowModes: rows,
          atMost: cut.bound,
          ...(target !== undefined ? { alsoUses: [drawId] } : {}),
        };
        out.push(main);
        if (target !== undefined) {
          const draw: LowerBoundObligation = {
            kind: 'lower-bound',
            id: drawId,
            role: 'measure',
            description: `rows {${rows.join(',')}}: a random ${what} reaches rank ${target}`,
            statement: genericRankAtLeast(structure, rows, target),
            instance,
            rowModes: rows,
            atLeast: target,
          };
          out.push(draw);
        }
      }
      return out;
    },
    defaultGrid: spec.grid ?? [],
  };
}
