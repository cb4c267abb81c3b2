/**
 * Shared-core TT (ordinary RNNs): the exponential gap, per instance.
 */
import { GENERIC_ARGUMENT } from './argument.js';
import { oddEvenTheorem } from './common.js';

export const sharedCores = oddEvenTheorem({
  id: 'shared-cores',
  aliases: ['cp_rank_ge_of_generic_shared_tt', 'rnn-vs-cp'],
  title: 'Shared-core TT (ordinary RNNs): generic CP width >= min(n, r)^(d/2)',
  statement:
    'Let d be even. For TT tensors whose cores 2..d-1 (1-based) are one shared core, as in an ordinary RNN, all except a set of measure zero (in the shared parameters) have CP-rank at least min(n, r)^(d/2). Stated as a hypothesis by Khrulkov et al. (2018) and later claimed proven; this module checks it instance by instance.',
  source: 'Khrulkov, Novikov & Oseledets, ICLR 2018, Section 6 (hypothesis); claimed proven in later work (2024)',
  quantity: 'CP-rank of a generic shared-core TT tensor',
  argument: `${GENERIC_ARGUMENT} Here the polynomial is in the shared-core parameters (first core, shared core, last core), so one certified instance proves the bound for almost every shared-core network of these sizes.`,
  format: 'tt-shared',
  what: (p) => `a random integer shared-core TT (n=${p.n}, r=${p.r}, d=${p.d})`,
  defaultGrid: [
    { n: 2, r: 2, d: 8 },
    { n: 3, r: 3, d: 6 },
    { n: 2, r: 2, d: 12 },
    { n: 4, r: 3, d: 6 },
    { n: 3, r: 2, d: 10 },
    { n: 4, r: 2, d: 16 },
  ],
});
