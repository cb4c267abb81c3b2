/**
 * The exact generic rank of a matricization of any format: certified from both sides.
 */
import { minCut } from '../src/cuts/mincut.js';
import type { Obligation } from '../src/runner/types.js';
import { bound } from './bound.js';
import { checkBasics, MAX_ORDER, MAX_SIZE, randomSpec, rowModesOf, structureFor } from './common.js';
import { resolveNetwork } from './networks.js';
import { ParameterError, type TheoremModule, type TheoremParams } from './types.js';
import { genericRankAtLeast, rankAtMost } from './statements.js';
import type { NetworkStructure } from '../src/cuts/network.js';
import type { InstanceSpec } from '../src/runner/types.js';

/** The structure a parameter set names, its order, a random instance of it, and words for it. */
export function subjectOf(p: TheoremParams): { structure: NetworkStructure; d: number; instance: InstanceSpec; what: string } {
  if (p.network !== undefined) {
    const named = resolveNetwork(p);
    const s = named.structure;
    const d = s.modes.length;
    const n = Math.max(...s.modes.map((m) => m.size));
    const r = Math.max(1, ...Object.values(s.bonds), ...Object.values(s.hyperedges ?? {}));
    return { structure: s, d, instance: { format: 'network', network: s, n, r, d, kind: 'random', seed: p.seed }, what: named.description };
  }
  const format = p.format ?? 'tt';
  return { structure: structureFor(format, p), d: p.d, instance: randomSpec(format, p), what: `${format === 'tt-shared' ? 'shared-core TT' : format.toUpperCase()} (n=${p.n}, r=${p.r}, d=${p.d})` };
}

/** Checks the parameters of a statement about a named network (`--network`). */
export function checkNetworkParams(p: TheoremParams): void {
  if (p.format !== undefined) throw new ParameterError('give either --format or --network, not both');
  if (!Number.isSafeInteger(p.seed) || p.seed < 0) throw new ParameterError(`seed must be a non-negative integer, got ${p.seed}`);
  for (const [name, v, max] of [['n', p.n, MAX_SIZE], ['r', p.r, MAX_SIZE], ['d', p.d, MAX_ORDER]] as const) {
    if (Number.isNaN(v)) continue;
    if (!Number.isSafeInteger(v) || v < 1 || v > max) throw new ParameterError(`${name} must be an integer in [1, ${max}], got ${v}`);
  }
  if (p.sizes !== undefined && !/^einsum:|^[A-Za-z,]+(->[A-Za-z]*)?$/.test(p.network ?? '')) throw new ParameterError('--sizes goes with an einsum network (--network einsum:SPEC)');
  resolveNetwork(p);
}


export const genericRank: TheoremModule = {
  id: 'generic-rank',
  aliases: ['generic_matricization_rank', 'rank'],
  title: 'The generic rank of a matricization, certified from both sides',
  statement:
    'For the given format, sizes and split, the matricization of a generic tensor (all parameter values off a set of measure zero) has rank exactly mincut: the minimum over cuts of the network separating row modes from column modes of the product of the cut sizes. Upper bound: a cut certificate (every tensor). Lower bound: a minor certificate at a random integer point (almost every tensor, by the polynomial-identity argument).',
  source: 'This library (the structure-versus-generic-rank question for tensor networks); for TT/HT the cut bounds go back to Grasedyck 2010 and Khrulkov et al. 2018',
  parameters: ['format', 'network', 'sizes', 'n', 'r', 'd', 'split'],
  bound: bound('mincut'),
  direction: 'exact',
  quantity: 'generic matricization rank',
  argument:
    'Both certificates are checked by the kernel. If the lower bound reaches the cut, the generic rank is exactly that number; if not after several random points, the result reports the interval and stays INCONCLUSIVE (the network may have generic rank below its minimum cut).',
  boundValue: (p) => genericRankValue(p),
  validate(p) {
    if (p.network !== undefined) {
      checkNetworkParams(p);
      const d = subjectOf(p).d;
      if (d < 2) throw new ParameterError(`a matricization needs at least 2 modes; ${subjectOf(p).what} has ${d}`);
      rowModesOf(p, d);
      return;
    }
    checkBasics(p, 2);
    if (p.format === undefined) throw new ParameterError('format is required (cp, tt, tt-shared or ht), or --network');
    rowModesOf(p, p.d);
  },
  obligations(p): Obligation[] {
    const { structure, d, instance, what } = subjectOf(p);
    const rowModes = rowModesOf(p, d);
    const cut = minCut(structure, rowModes);
    return [
      { kind: 'upper-bound', id: 'upper', role: 'proof', description: `every ${what} has rank <= ${cut.bound} (cut {${cut.cut.join(', ')}})`, statement: rankAtMost(structure, rowModes, cut.bound), structure, rowModes, atMost: cut.bound },
      { kind: 'lower-bound', id: 'lower', role: 'proof', description: `a random ${what} reaches rank ${cut.bound}`, statement: genericRankAtLeast(structure, rowModes, cut.bound), instance, rowModes, atLeast: cut.bound },
    ];
  },
  defaultGrid: [
    { format: 'tt', n: 3, r: 2, d: 6, split: 'odd-even' },
    { format: 'ht', n: 3, r: 2, d: 8, split: 'odd-even' },
    { format: 'tt-shared', n: 3, r: 2, d: 6, split: 'odd-even' },
    { format: 'cp', n: 3, r: 5, d: 6, split: 'prefix:3' },
    { format: 'tt', n: 2, r: 3, d: 8, split: 'modes:0,1,4,5' },
    { network: 'ring', n: 2, r: 2, d: 6, split: 'odd-even' },
    { network: 'tree:((0 1) (2 3 4))', n: 2, r: 2, d: 5, split: 'modes:0,1' },
  ],
};

/** The mincut value for a parameter set (the generic-rank "bound"). */
export function genericRankValue(p: TheoremParams): bigint {
  const { structure, d } = subjectOf(p);
  return minCut(structure, rowModesOf(p, d)).bound;
}
