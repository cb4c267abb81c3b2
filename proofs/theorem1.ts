/**
 * Theorem 1 (Khrulkov, Novikov & Oseledets 2018): TT networks need exponentially wide shallow networks.
 */
import { GENERIC_ARGUMENT } from './argument.js';
import { oddEvenTheorem } from './common.js';

export const theorem1 = oddEvenTheorem({
  id: 'theorem1',
  aliases: ['cp_rank_ge_of_generic_tt', 'tt-vs-cp', 'theorem-1'],
  title: 'Theorem 1: generic TT networks need CP width >= min(n, r)^(d/2)',
  statement:
    'Let d = 2k be even, n the mode size and r the TT-rank (all inner bonds). For all TT tensors with these sizes except a set of measure zero, the CP-rank is at least q^(d/2), q = min(n, r): a recurrent (TT) network of width r is imitated by a shallow (CP) network only with width >= q^(d/2).',
  source: 'Khrulkov, Novikov & Oseledets, Expressive power of recurrent neural networks, ICLR 2018, Theorem 1 (witness: Eq. 9)',
  quantity: 'CP-rank of a generic TT tensor',
  argument: GENERIC_ARGUMENT,
  format: 'tt',
  witness: { format: 'tt', what: "the paper's witness TT (Eq. 9)" },
  what: (p) => `a random integer TT (n=${p.n}, r=${p.r}, d=${p.d})`,
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
});
