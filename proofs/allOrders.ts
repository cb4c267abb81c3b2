/**
 * Theorem 1 and Cohen et al. for every even d at once: one finite check of the witness's pair
 * block (a Kronecker certificate) proves the witness's odd/even rank for all orders, and with it
 * the generic statement for all orders.
 */
import { witnessPair } from '../src/certify/kronecker.js';
import type { Obligation } from '../src/runner/types.js';
import { GENERIC_ARGUMENT } from './argument.js';
import { bound } from './bound.js';
import { MAX_SIZE, statementOf, type StatementInfo } from './common.js';
import { allEvenDCpRankAtLeast } from './statements.js';
import { ParameterError, type TheoremModule, type GridPoint } from './types.js';

interface AllOrdersSpec extends StatementInfo {
  readonly pair: 'tt-pairs' | 'ht-pairs' | 'shared-clock';
  readonly defaultGrid: readonly GridPoint[];
  /** The argument's description of the witness family (default: the paper's pairs). */
  readonly argument?: string;
}

function allOrders(s: AllOrdersSpec): TheoremModule {
  const witness = s.pair === 'tt-pairs' ? 'tt' : s.pair === 'ht-pairs' ? 'ht' : 'tt-shared';
  const clock = s.pair === 'shared-clock';
  const base = (p: { n: number; r: number }): number => Math.min(p.n, clock ? p.r - 1 : p.r);
  return {
    ...statementOf(s),
    parameters: ['n', 'r'],
    bound: bound(clock ? 'min(n, r - 1)' : 'min(n, r)'),
    direction: 'lower',
    argument:
      s.argument ??
      `The witness of order d is, for every even d, the product of d/2 copies of one pair tensor P (the paper's Eq. 9 for TT; the diagonal pairs for HT), so its odd/even matricization is the Kronecker power P (x) ... (x) P and has rank rank(P)^(d/2) over any field. A Kronecker certificate checks a min(n, r) x min(n, r) minor of P modulo a prime: rank >= min(n, r)^(d/2) for all even d at once. The kernel also checks that the pair's ranks are at most r, so that every member of the family is a network of the statement's structure (bonds between pairs have rank 1 <= r). Then, for each d separately: ${GENERIC_ARGUMENT}`,
    validate(p) {
      for (const [name, v] of [
        ['n', p.n],
        ['r', p.r],
      ] as const) {
        if (!Number.isSafeInteger(v) || v < 1) throw new ParameterError(`${name} must be a positive integer, got ${Number.isNaN(v) ? 'not a number' : v}`);
        if (clock && name === 'r' && v < 2) throw new ParameterError('r must be at least 2: the clock needs a closed bond state and at least one open one');
        if (v > MAX_SIZE) throw new ParameterError(`${name} must be at most ${MAX_SIZE}, got ${v}`);
      }
      if (p.n * p.n > 1 << 22) throw new ParameterError(`the pair block would be ${p.n} x ${p.n}, above the kernel's limit`);
    },
    obligations(p) {
      const q = base(p);
      const obligations: Obligation[] = [
        {
          kind: 'family-lower-bound',
          id: 'all-orders',
          role: 'proof',
          description: `for every even d, the ${clock ? 'shared-core clock' : `${witness.toUpperCase()} witness`} has odd/even rank >= ${q}^(d/2)`,
          statement: allEvenDCpRankAtLeast(witness, p.n, p.r, BigInt(q)),
          pair: witnessPair(s.pair, p.n, p.r),
          atLeastBase: BigInt(q),
        },
      ];
      return obligations;
    },
    defaultGrid: s.defaultGrid,
  };
}

export const theorem1AllOrders = allOrders({
  id: 'theorem1-all-d',
  aliases: ['cp_rank_ge_of_generic_tt_all_d', 'theorem1-parametric'],
  title: 'Theorem 1 for every even d at once (Kronecker certificate)',
  statement:
    'For all n and r and every even d: for all TT tensors with mode size n and ranks r except a set of measure zero, the CP-rank is at least min(n, r)^(d/2). One certificate covers every d.',
  source: 'Khrulkov, Novikov & Oseledets, ICLR 2018, Theorem 1 (its proof via the witness of Eq. 9)',
  quantity: 'CP-rank of a generic TT, per pair of modes (the bound is this to the power d/2, for every even d)',
  pair: 'tt-pairs',
  defaultGrid: [
    { n: 2, r: 2 },
    { n: 3, r: 3 },
    { n: 4, r: 2 },
    { n: 5, r: 7 },
  ],
});

export const cohen2016AllOrders = allOrders({
  id: 'cohen2016-all-d',
  aliases: ['cp_rank_ge_of_generic_ht_all_d'],
  title: 'Cohen et al. 2016 for every even d at once (Kronecker certificate)',
  statement:
    'For all n and r and every even d: for all HT tensors on the balanced tree with mode size n and ranks r except a set of measure zero, the CP-rank is at least min(n, r)^(d/2). One certificate covers every d.',
  source: 'Cohen, Sharir & Shashua, COLT 2016',
  quantity: 'CP-rank of a generic HT, per pair of modes (the bound is this to the power d/2, for every even d)',
  pair: 'ht-pairs',
  defaultGrid: [
    { n: 2, r: 2 },
    { n: 3, r: 3 },
    { n: 6, r: 4 },
  ],
});

export const sharedCoresAllOrders = allOrders({
  id: 'shared-cores-all-d',
  aliases: ['cp_rank_ge_of_generic_shared_tt_all_d', 'equal-cores-all-d'],
  title: 'Shared-core TT (ordinary RNNs) for every even d at once: generic CP-rank >= min(n, r - 1)^(d/2)',
  statement:
    'For all n, r >= 2 and every even d: for all TT tensors with mode size n and rank r whose cores 2..d-1 are one shared core (an ordinary RNN), except a set of measure zero in the shared parameters, the CP-rank is at least min(n, r - 1)^(d/2). One certificate covers every d. (Instance by instance, shared-cores certifies min(n, r)^(d/2); this all-d witness spends one bond state on its clock.)',
  source: 'Khrulkov, Novikov & Oseledets, ICLR 2018, Section 6 (stated as a hypothesis); the equal-cores case of later work (OpenReview U5BQ9dmh78, 2024); the clock witness is this library\'s',
  quantity: 'CP-rank of a generic shared-core TT, per pair of modes (the bound is this to the power d/2, for every even d)',
  pair: 'shared-clock',
  argument: `The witness is a clock: its bond has a closed state 0 and open states 1..r-1; the shared core opens the bond at odd positions (weight [i = k - 1] into state k) and closes it at even ones, and the first and last cores are the shared core's row 0 and column 0. The kernel checks this structure exactly; then the order-d member is the product over pairs of P(i_(2t-1), i_(2t)), P its order-2 member, so its odd/even matricization is the Kronecker power of P, of rank rank(P)^(d/2) over any field, and a min(n, r - 1) x min(n, r - 1) minor of P mod p proves rank >= min(n, r - 1)^(d/2) for every even d. The witness is a shared-core network of rank r itself. Then, for each d separately: ${GENERIC_ARGUMENT}`,
  defaultGrid: [
    { n: 2, r: 3 },
    { n: 3, r: 4 },
    { n: 4, r: 3 },
  ],
});
