/**
 * The exact generic rank of a matricization of any format: certified from both sides.
 */
import { minCut } from '../src/cuts/mincut.js';
import type { Obligation } from '../src/runner/types.js';
import { bound } from './bound.js';
import { checkBasics, randomSpec, rowModesOf, structureFor } from './common.js';
import { ParameterError, type TheoremModule, type TheoremParams } from './types.js';
import { genericRankAtLeast, rankAtMost } from './statements.js';


export const genericRank: TheoremModule = {
  id: 'generic-rank',
  aliases: ['generic_matricization_rank', 'rank'],
  title: 'The generic rank of a matricization, certified from both sides',
  statement:
    'For the given format, sizes and split, the matricization of a generic tensor (all parameter values off a set of measure zero) has rank exactly mincut: the minimum over cuts of the network separating row modes from column modes of the product of the cut sizes. Upper bound: a cut certificate (every tensor). Lower bound: a minor certificate at a random integer point (almost every tensor, by the polynomial-identity argument).',
  source: 'This library (the structure-versus-generic-rank question for tensor networks); for TT/HT the cut bounds go back to Grasedyck 2010 and Khrulkov et al. 2018',
  parameters: ['format', 'n', 'r', 'd', 'split'],
  bound: bound('mincut'),
  direction: 'exact',
  quantity: 'generic matricization rank',
  argument:
    'Both certificates are checked by the kernel. If the lower bound reaches the cut, the generic rank is exactly that number; if not after several random points, the result reports the interval and stays INCONCLUSIVE (the network may have generic rank below its minimum cut).',
  boundValue: (p) => genericRankValue(p),
  validate(p) {
    checkBasics(p, 2);
    if (p.format === undefined) throw new ParameterError('format is required (cp, tt, tt-shared or ht)');
    rowModesOf(p, p.d);
  },
  obligations(p): Obligation[] {
    const format = p.format ?? 'tt';
    const structure = structureFor(format, p);
    const rowModes = rowModesOf(p, p.d);
    const cut = minCut(structure, rowModes);
    return [
      { kind: 'upper-bound', id: 'upper', role: 'proof', description: `every ${format} of these sizes has rank <= ${cut.bound} (cut {${cut.cut.join(', ')}})`, statement: rankAtMost(structure, rowModes, cut.bound), structure, rowModes, atMost: cut.bound },
      { kind: 'lower-bound', id: 'lower', role: 'proof', description: `a random ${format} reaches rank ${cut.bound}`, statement: genericRankAtLeast(structure, rowModes, cut.bound), instance: randomSpec(format, p), rowModes, atLeast: cut.bound },
    ];
  },
  defaultGrid: [
    { format: 'tt', n: 3, r: 2, d: 6, split: 'odd-even' },
    { format: 'ht', n: 3, r: 2, d: 8, split: 'odd-even' },
    { format: 'tt-shared', n: 3, r: 2, d: 6, split: 'odd-even' },
    { format: 'cp', n: 3, r: 5, d: 6, split: 'prefix:3' },
    { format: 'tt', n: 2, r: 3, d: 8, split: 'modes:0,1,4,5' },
  ],
};

/** The mincut value for a parameter set (the generic-rank "bound"). */
export function genericRankValue(p: TheoremParams): bigint {
  return minCut(structureFor(p.format ?? 'tt', p), rowModesOf(p, p.d)).bound;
}
