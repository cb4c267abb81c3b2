/**
 * Theorem 1 (Khrulkov, Novikov & Oseledets 2018): TT networks need exponentially wide shallow networks.
 */
import { bound } from './bound.js';
import { checkBasics, checkEven, cutMeasure, oddEvenBound, oddEvenLowerBound, randomSpec, ttStructure, witnessSpec } from './common.js';
import { oddEvenModes } from '../src/tensor/shape.js';
import { GENERIC_ARGUMENT } from './argument.js';
import type { TheoremModule } from './types.js';

export const theorem1: TheoremModule = {
  id: 'theorem1',
  aliases: ['cp_rank_ge_of_generic_tt', 'tt-vs-cp', 'theorem-1'],
  title: 'Theorem 1: generic TT networks need CP width >= min(n, r)^(d/2)',
  statement:
    'Let d = 2k be even, n the mode size and r the TT-rank (all inner bonds). For all TT tensors with these sizes except a set of measure zero, the CP-rank is at least q^(d/2), q = min(n, r): a recurrent (TT) network of width r is imitated by a shallow (CP) network only with width >= q^(d/2).',
  source: 'Khrulkov, Novikov & Oseledets, Expressive power of recurrent neural networks, ICLR 2018, Theorem 1 (witness: Eq. 9)',
  parameters: ['n', 'r', 'd'],
  bound: bound('min(n, r)^(d/2)'),
  direction: 'lower',
  quantity: 'CP-rank of a generic TT tensor',
  argument: GENERIC_ARGUMENT,
  validate(p) {
    checkBasics(p, 2);
    checkEven(p);
  },
  obligations(p) {
    const K = oddEvenBound(p);
    return [
      oddEvenLowerBound('random', 'proof', randomSpec('tt', p), K, `a random integer TT (n=${p.n}, r=${p.r}, d=${p.d})`),
      oddEvenLowerBound('witness', 'proof', witnessSpec('tt', p), K, "the paper's witness TT (Eq. 9)"),
      cutMeasure('generic-upper', ttStructure(p), oddEvenModes(p.d), `TT with these ranks (odd/even)`),
    ];
  },
  defaultGrid: [
    { n: 2, r: 2, d: 8 },
    { n: 3, r: 3, d: 8 },
    { n: 2, r: 2, d: 12 },
    { n: 3, r: 2, d: 4 },
    { n: 4, r: 2, d: 8 },
    { n: 2, r: 2, d: 20 },
    { n: 3, r: 3, d: 12 },
    { n: 4, r: 2, d: 16 },
    { n: 3, r: 3, d: 14 },
  ],
};
