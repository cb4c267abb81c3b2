/**
 * Lemma 1 (Khrulkov, Novikov & Oseledets 2018): matricization rank <= CP-rank.
 */
import { bound } from './bound.js';
import { checkBasics, cpStructure, cutObligations, randomSpec, rowModesOf } from './common.js';
import type { TheoremModule } from './types.js';
import { genericRankAtLeast } from './statements.js';


export const lemma1: TheoremModule = {
  id: 'lemma1',
  aliases: ['matricization_rank_le_cp_rank', 'lemma-1'],
  title: 'Lemma 1: matricization rank <= CP-rank',
  statement:
    'For every tensor X of order d with mode sizes n and CP-rank at most R, and every split of its modes into rows and columns, the matricization of X has rank at most R.',
  source: 'Khrulkov, Novikov & Oseledets, Expressive power of recurrent neural networks, ICLR 2018, Lemma 1',
  parameters: ['n', 'r', 'd', 'split'],
  bound: bound('r'),
  direction: 'upper',
  quantity: 'matricization rank (r is the CP-rank R)',
  argument:
    'A cut certificate: removing the CP index (size R) disconnects every factor from every other, so each tensor of CP-rank R is a sum of R terms that are products of a row-side and a column-side factor. The kernel checks the separation on the network structure alone, so the bound holds for every parameter value. A random instance shows the bound is attained when R is below both dimensions.',
  validate(p) {
    checkBasics(p, 2);
    rowModesOf(p, p.d);
  },
  obligations(p) {
    const rows = rowModesOf(p, p.d);
    const cols = p.d - rows.length;
    const R = BigInt(p.r);
    const obligations = cutObligations(cpStructure(p), [{ id: 'cut', rowModes: rows, label: `= modes {${rows.join(',')}}` }], R, `CP tensor of rank ${p.r}`);
    const attainable = [R, BigInt(p.n) ** BigInt(rows.length), BigInt(p.n) ** BigInt(cols)].reduce((a, b) => (a < b ? a : b));
    return [
      ...obligations,
      {
        kind: 'lower-bound' as const,
        id: 'attained',
        role: 'sharpness' as const,
        description: `a random CP tensor of rank ${p.r} reaches rank ${attainable} there`,
        statement: genericRankAtLeast(cpStructure(p), rows, attainable),
        instance: randomSpec('cp', p),
        rowModes: rows,
        atLeast: attainable,
      },
    ];
  },
  defaultGrid: [
    { n: 3, r: 4, d: 6, split: 'odd-even' },
    { n: 2, r: 5, d: 8, split: 'prefix:3' },
    { n: 4, r: 7, d: 5, split: 'modes:1,3' },
  ],
};
