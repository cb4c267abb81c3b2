/**
 * The constructive rows of Table 2: conversions between formats with rank bounds.
 *
 * Each is proved two ways: universally, by cut certificates on the source's network (every
 * tensor of the source format has the target's ranks bounded, because the target's ranks are
 * matricization ranks: TT rank k = rank of modes {0..k-1}, HT rank t = rank of node t's modes);
 * and constructively, by converting a random instance and checking equality exactly.
 */
import type { NetworkStructure } from '../src/cuts/network.js';
import type { ConversionName, LowerBoundObligation, NetworkFormat, Obligation } from '../src/runner/types.js';
import { bound, type Bound } from './bound.js';
import { balancedNodeSets, checkBasics, cpStructure, cutObligations, htStructure, largestCut, prefixSets, randomSpec, statementOf, ttStructure, type StatementInfo } from './common.js';
import type { TheoremModule, TheoremParams, GridPoint } from './types.js';
import { conversionStatement, genericRankAtLeast } from './statements.js';
import { buildInstance, treeFor } from '../src/runner/instances.js';

interface ConversionSpec extends StatementInfo {
  readonly bound: Bound;
  readonly from: NetworkFormat;
  readonly conversion: ConversionName;
  readonly structure: (p: TheoremParams) => NetworkStructure;
  /** The target format's matricizations: TT bonds (prefixes) or HT nodes. */
  readonly targetSets: (d: number) => { id: string; rowModes: number[]; label: string }[];
  readonly defaultGrid: readonly GridPoint[];
  readonly minOrder: number;
  readonly note?: string;
}

function conversionModule(s: ConversionSpec): TheoremModule {
  return {
    ...statementOf(s),
    parameters: ['n', 'r', 'd'],
    bound: s.bound,
    direction: 'upper',
    argument:
      `Universal part: for each ${s.conversion.endsWith('tt') ? 'TT bond k the TT-rank is the rank of the matricization with rows {0..k-1}' : 'HT node t the HT-rank is the rank of the matricization with rows = the modes below t'}; a cut certificate on the source network bounds it for every parameter value. ` +
      'Constructive part: the conversion of a random instance, with an equality certificate (||X - Y||^2 = 0 over Q, computed by contraction) and its ranks read from the verified output. ' +
      'Sharpness: a certified lower bound at the matricization with the largest cut, reaching the bound when the sizes allow it.' +
      (s.note ? ` ${s.note}` : ''),
    validate(p) {
      checkBasics(p, s.minOrder);
    },
    obligations(p) {
      const B = s.bound.evaluate({ n: p.n, r: p.r, d: p.d });
      const structure = s.structure(p);
      const sets = s.targetSets(p.d);
      const obligations: Obligation[] = [
        ...cutObligations(structure, sets, B, `${s.from.toUpperCase()} with rank ${p.r}`),
        {
          kind: 'conversion',
          id: 'construction',
          role: 'proof',
          description: `${s.conversion} of a random instance is exact with ranks <= ${B}`,
          statement: conversionStatement(buildInstance(randomSpec(s.from, p)).tensor, s.conversion.endsWith('tt') ? { format: 'tt' } : { format: 'ht', tree: treeFor(randomSpec(s.from, p)) }, B),
          instance: randomSpec(s.from, p),
          conversion: s.conversion,
          ranksAtMost: B,
        },
      ];
      const widest = largestCut(structure, sets);
      if (widest.bound >= B) {
        const sharp: LowerBoundObligation = {
          kind: 'lower-bound',
          id: 'sharpness',
          role: 'sharpness',
          description: `a random ${s.from.toUpperCase()} reaches rank ${B} at the matricization with rows ${widest.set.label}`,
          statement: genericRankAtLeast(structure, widest.set.rowModes, B),
          instance: randomSpec(s.from, p),
          rowModes: widest.set.rowModes,
          atLeast: B,
        };
        obligations.push(sharp);
      }
      return obligations;
    },
    defaultGrid: s.defaultGrid,
  };
}

export const theorem2TtHt = conversionModule({
  id: 'theorem2-tt-ht',
  aliases: ['ht_rank_le_sq_of_tt_rank', 'tt-to-ht'],
  title: 'Theorem 2 (TT -> HT): TT-ranks <= r implies HT-ranks <= r^2',
  statement:
    'Every tensor with TT-ranks at most r has an HT representation on the balanced dimension tree with all ranks at most r^2: a recurrent network of width r is a deep convolutional network of width r^2. The bound is sharp (Buczynska, Buczynski & Michalek 2015).',
  source: 'Grasedyck 2010; Khrulkov, Novikov & Oseledets, ICLR 2018, Theorem 2 and Table 2; sharpness: Buczynska, Buczynski & Michalek 2015',
  bound: bound('r^2'),
  quantity: 'HT-ranks of a TT tensor',
  from: 'tt',
  conversion: 'tt-ht',
  structure: ttStructure,
  targetSets: balancedNodeSets,
  defaultGrid: [
    { n: 2, r: 2, d: 8 },
    { n: 3, r: 3, d: 8 },
    { n: 3, r: 2, d: 6 },
  ],
  minOrder: 2,
});

export const theorem2HtTt = conversionModule({
  id: 'theorem2-ht-tt',
  aliases: ['tt_rank_le_of_ht_rank', 'ht-to-tt'],
  title: 'Theorem 2 (HT -> TT): HT-ranks <= r implies TT-ranks <= r^ceil(log2(d)/2)',
  statement:
    'Every tensor with HT-ranks at most r on the balanced dimension tree has TT-ranks at most r^ceil(log2(d)/2): a deep convolutional network of width r is a recurrent network of that width. The paper writes r^(log2(d)/2); for odd log2(d) the exponent is not an integer and the worst prefix of modes needs ceil(log2(d)/2) tree edges cut (d = 8: r^2), which is what holds and is attained.',
  source: 'Grasedyck 2010; Khrulkov, Novikov & Oseledets, ICLR 2018, Theorem 2 and Table 2',
  bound: bound('r^ceil(clog2(d)/2)'),
  quantity: 'TT-ranks of an HT tensor',
  from: 'ht',
  conversion: 'ht-tt',
  structure: htStructure,
  targetSets: prefixSets,
  defaultGrid: [
    { n: 2, r: 2, d: 8 },
    { n: 3, r: 2, d: 8 },
    { n: 2, r: 2, d: 16 },
    { n: 2, r: 3, d: 4 },
  ],
  minOrder: 2,
  note: 'The construction sweeps the tree left to right and then reduces the TT ranks exactly, so each output rank is the rank of its prefix matricization.',
});

export const cpTt = conversionModule({
  id: 'cp-tt',
  aliases: ['tt_rank_le_of_cp_rank', 'cp-to-tt'],
  title: 'CP -> TT: CP-rank R implies TT-ranks <= R',
  statement: 'Every tensor of CP-rank at most R has TT-ranks at most R: a shallow network of width R is a recurrent network of width R.',
  source: 'Khrulkov, Novikov & Oseledets, ICLR 2018, Table 2 (column CP)',
  bound: bound('r'),
  quantity: 'TT-ranks of a CP tensor (r is the CP-rank R)',
  from: 'cp',
  conversion: 'cp-tt',
  structure: cpStructure,
  targetSets: prefixSets,
  defaultGrid: [
    { n: 3, r: 4, d: 6 },
    { n: 2, r: 3, d: 8 },
  ],
  minOrder: 2,
});

export const cpHt = conversionModule({
  id: 'cp-ht',
  aliases: ['ht_rank_le_of_cp_rank', 'cp-to-ht'],
  title: 'CP -> HT: CP-rank R implies HT-ranks <= R',
  statement: 'Every tensor of CP-rank at most R has HT-ranks at most R on any dimension tree (here the balanced one): a shallow network of width R is a deep convolutional network of width R.',
  source: 'Khrulkov, Novikov & Oseledets, ICLR 2018, Table 2 (column CP); Cohen, Sharir & Shashua 2016',
  bound: bound('r'),
  quantity: 'HT-ranks of a CP tensor (r is the CP-rank R)',
  from: 'cp',
  conversion: 'cp-ht',
  structure: cpStructure,
  targetSets: balancedNodeSets,
  defaultGrid: [
    { n: 3, r: 4, d: 6 },
    { n: 2, r: 3, d: 8 },
  ],
  minOrder: 2,
});
