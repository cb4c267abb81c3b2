/**
 * Cohen, Sharir & Shashua 2016: HT (deep convolutional) networks versus CP (shallow) networks.
 */
import { GENERIC_ARGUMENT } from './argument.js';
import { oddEvenTheorem } from './common.js';

export const cohen2016 = oddEvenTheorem({
  id: 'cohen2016',
  aliases: ['cp_rank_ge_of_generic_ht', 'ht-vs-cp'],
  title: 'Cohen et al. 2016: generic HT networks need CP width >= min(n, r)^(d/2)',
  statement:
    'Let d be even, n the mode size and r the HT-rank of every node of the balanced dimension tree (sibling leaves 2k, 2k+1). For all HT tensors with these sizes except a set of measure zero, the CP-rank is at least min(n, r)^(d/2): a deep convolutional network with product pooling of width r is imitated by a shallow network only with width >= min(n, r)^(d/2).',
  source: 'Cohen, Sharir & Shashua, On the expressive power of deep learning: a tensor analysis, COLT 2016 (Theorem 1); Table 2 of Khrulkov et al. 2018',
  quantity: 'CP-rank of a generic HT tensor',
  argument: GENERIC_ARGUMENT,
  format: 'ht',
  witness: { format: 'ht', what: 'the witness HT (pairs joined by diagonal transfer tensors)' },
  what: (p) => `a random integer HT on the balanced tree (n=${p.n}, r=${p.r}, d=${p.d})`,
  defaultGrid: [
    { n: 2, r: 2, d: 8 },
    { n: 3, r: 3, d: 8 },
    { n: 2, r: 2, d: 12 },
    { n: 3, r: 2, d: 6 },
    { n: 2, r: 2, d: 16 },
    { n: 4, r: 2, d: 16 },
  ],
});
