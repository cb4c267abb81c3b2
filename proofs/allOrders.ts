/**
 * Statements for every even d at once: one finite check proves a bound at all orders.
 *
 * - Kronecker (the paper's witnesses): the witness of order d is a product of d/2 copies of one
 *   pair tensor, so its odd/even matricization is a Kronecker power (theorem1-all-d,
 *   cohen2016-all-d).
 * - Transfer (this library's): a generator of order 4 whose middle two cores repeat; one
 *   product-structured minor of it shows its transfer matrix nonsingular, and then the odd/even
 *   rank of the order-d member multiplies by the base at every step (tt-odd-even-all-d,
 *   shared-cores-all-d). With the isolation cut on the other side this gives the exact generic
 *   odd/even rank min(n, r) min(n, r^2)^(d/2 - 1) of TT and shared-core TT networks for every d.
 * - Isolation: a cut that isolates every column mode, the same rule at every order (upper bounds).
 */
import { witnessPair } from '../src/certify/kronecker.js';
import { transferBound } from '../src/certify/transfer.js';
import type { FamilyBound, Obligation } from '../src/runner/types.js';
import { MAX_MINOR_SIZE } from '../src/kernel/index.js';
import { GENERIC_ARGUMENT } from './argument.js';
import { bound } from './bound.js';
import { MAX_SIZE, statementOf, type StatementInfo } from './common.js';
import { allEvenDCpRankAtLeast, allEvenDGenericRankEquals } from './statements.js';
import { ParameterError, type TheoremModule, type GridPoint } from './types.js';

/** Largest transfer minor (leading * base) the all-d modules build: the engine and kernel stay within seconds. */
export const MAX_TRANSFER_MINOR = 1024;

const KRONECKER_ARGUMENT = `The witness of order d is, for every even d, the product of d/2 copies of one pair tensor P (the paper's Eq. 9 for TT; the diagonal pairs for HT), so its odd/even matricization is the Kronecker power P (x) ... (x) P and has rank rank(P)^(d/2) over any field. A Kronecker certificate checks a min(n, r) x min(n, r) minor of P modulo a prime: rank >= min(n, r)^(d/2) for all even d at once. The kernel also checks that the pair's ranks are at most r, so that every member of the family is a network of the statement's structure (bonds between pairs have rank 1 <= r). Then, for each d separately: ${GENERIC_ARGUMENT}`;

const TRANSFER_ARGUMENT = `A generator of order 4 (cores F, H, G, g with bond rank a = min(n, r); for shared cores H = G) defines for every even d = 2k the member F (H G)^(k-1) g, a network of the statement's family. The certificate gives one minor of the generator's odd/even matricization with rows A x T and columns I x C (|A| = |C| = a, |T| = |I| = m = min(n, a^2)); it equals (F' (x) 1) K (1 (x) g'), so when it is nonsingular mod p so are F' = F[A, :], g' = g[:, C] and the transfer matrix K[(c, t), (i, e)] = sum_b H[c, i, b] G[b, t, e]. For the member of order 2k, the contraction Q_j of its first 2j - 1 cores (rows: the even modes, columns: the odd modes and the open bond) satisfies Q_(j+1) = (Q_j (x) 1)(1 (x) K): square and nonsingular by induction, so the member's odd/even matricization has a nonsingular minor of size a m^(k-1) = min(n, r) min(n, r^2)^(d/2 - 1). The kernel checks the minor and the index structure (src/kernel/checks/transfer.ts). Then, for each d separately: ${GENERIC_ARGUMENT}`;

const ISOLATION_ARGUMENT = 'The upper side holds for every network: cutting, at every node that carries a column mode, either that leg (size n) or all of its other indices (a TT middle core: two bonds, r^2; the last core and an HT leaf: one, r) leaves every column mode alone, so it separates the rows from the columns at every order, and the rank is at most the product of what it removes (src/kernel/checks/isolation.ts).';

interface AllOrdersSpec extends StatementInfo {
  /** The witness family of the lower bound. */
  readonly witness: 'tt-pairs' | 'ht-pairs' | 'tt-transfer' | 'tt-shared-transfer';
  /** CP: the proof is a CP-rank lower bound; equals: the exact generic odd/even rank, from both sides. */
  readonly proves: 'cp' | 'equals';
  readonly defaultGrid: readonly GridPoint[];
  /** The per-instance statement this one proves at every even d, if there is one. */
  readonly everyOrderOf?: string;
}

/** The bound per order: base^(d/2) for the paper's witnesses, min(n, r) min(n, r^2)^(d/2 - 1) for transfer and TT isolation. */
function perOrder(s: AllOrdersSpec, p: { n: number; r: number }): FamilyBound {
  const q = BigInt(Math.min(p.n, p.r));
  if (s.witness === 'tt-pairs' || s.witness === 'ht-pairs') return { leading: q, base: q };
  const t = transferBound(p.n, p.r);
  return { leading: BigInt(t.leading), base: BigInt(t.base) };
}

function allOrders(s: AllOrdersSpec): TheoremModule {
  const kronecker = s.witness === 'tt-pairs' || s.witness === 'ht-pairs';
  const format = s.witness === 'ht-pairs' ? 'ht' : s.witness === 'tt-shared-transfer' ? 'tt-shared' : 'tt';
  const expression = kronecker ? 'min(n, r)^(d/2)' : 'min(n, r) * min(n, r^2)^(d/2 - 1)';
  return {
    ...statementOf(s),
    ...(s.everyOrderOf !== undefined ? { everyOrderOf: s.everyOrderOf } : {}),
    parameters: ['n', 'r'],
    bound: bound(expression),
    direction: s.proves === 'equals' ? 'exact' : 'lower',
    argument: `${kronecker ? KRONECKER_ARGUMENT : TRANSFER_ARGUMENT}${s.proves === 'equals' ? ` ${ISOLATION_ARGUMENT}` : ''}`,
    validate(p) {
      for (const [name, v] of [
        ['n', p.n],
        ['r', p.r],
      ] as const) {
        if (!Number.isSafeInteger(v) || v < 1) throw new ParameterError(`${name} must be a positive integer, got ${Number.isNaN(v) ? 'not a number' : v}`);
        if (v > MAX_SIZE) throw new ParameterError(`${name} must be at most ${MAX_SIZE}, got ${v}`);
      }
      if (!Number.isSafeInteger(p.seed) || p.seed < 0) throw new ParameterError(`seed must be a non-negative integer, got ${p.seed}`);
      if (kronecker && p.n * p.n > 1 << 22) throw new ParameterError(`the pair block would be ${p.n} x ${p.n}, above the kernel's limit`);
      if (!kronecker) {
        const t = transferBound(p.n, p.r);
        const k = t.leading * t.base;
        if (k > Math.min(MAX_TRANSFER_MINOR, MAX_MINOR_SIZE)) throw new ParameterError(`the transfer minor would be ${k} x ${k} (min(n, r) * min(n, min(n, r)^2)), above this statement's limit ${MAX_TRANSFER_MINOR}: lower n or r`);
      }
    },
    boundValue: (p) => perOrder(s, p).leading,
    perOrder: (p) => perOrder(s, p),
    obligations(p) {
      const b = perOrder(s, p);
      const construction = kronecker
        ? { method: 'kronecker' as const, pair: witnessPair(s.witness as 'tt-pairs' | 'ht-pairs', p.n, p.r) }
        : { method: 'transfer' as const, format: format as 'tt' | 'tt-shared', n: p.n, r: p.r, seed: p.seed };
      const lower: Obligation = {
        kind: 'family-lower-bound',
        id: 'all-orders',
        role: 'proof',
        description: `for every even d, the ${kronecker ? `${format.toUpperCase()} witness` : `${format === 'tt' ? 'TT' : 'shared-core TT'} transfer family`} has odd/even rank >= ${b.leading === b.base ? `${b.base}^(d/2)` : `${b.leading} * ${b.base}^(d/2 - 1)`}`,
        statement: allEvenDCpRankAtLeast(format, p.n, p.r, b),
        // Theorem 1's form min(n, r)^(d/2), which the transfer bound implies (shown with it).
        ...(b.leading === b.base ? {} : { alsoStates: [{ id: 'all-orders/paper-form', statement: allEvenDCpRankAtLeast(format, p.n, p.r, { leading: b.leading, base: b.leading }) }] }),
        construction,
        atLeast: b,
      };
      if (s.proves === 'cp') return [lower];
      // The exact generic rank: the lower family and the isolation cut, each certificate once.
      const equals: Obligation = {
        kind: 'family-upper-bound',
        id: 'exact',
        role: 'proof',
        description: `for every even d, every ${format === 'ht' ? 'HT' : format === 'tt' ? 'TT' : 'shared-core TT'} network has odd/even rank <= ${b.leading === b.base ? `${b.base}^(d/2)` : `${b.leading} * ${b.base}^(d/2 - 1)`} (a cut isolating the column modes), and almost every one has exactly that`,
        statement: allEvenDGenericRankEquals(format, p.n, p.r, b),
        alsoUses: ['all-orders'],
        family: { format, n: p.n, r: p.r },
        atMost: b,
      };
      return [lower, equals];
    },
    defaultGrid: s.defaultGrid,
  };
}

export const theorem1AllOrders = allOrders({
  id: 'theorem1-all-d',
  everyOrderOf: 'theorem1',
  aliases: ['cp_rank_ge_of_generic_tt_all_d', 'theorem1-parametric'],
  title: 'Theorem 1 for every even d at once (Kronecker certificate)',
  statement:
    'For all n and r and every even d: for all TT tensors with mode size n and ranks r except a set of measure zero, the CP-rank is at least min(n, r)^(d/2). One certificate covers every d.',
  source: 'Khrulkov, Novikov & Oseledets, ICLR 2018, Theorem 1 (its proof via the witness of Eq. 9)',
  quantity: 'CP-rank of a generic TT',
  witness: 'tt-pairs',
  proves: 'cp',
  defaultGrid: [
    { n: 2, r: 2 },
    { n: 3, r: 3 },
    { n: 4, r: 2 },
    { n: 5, r: 7 },
  ],
});

export const cohen2016AllOrders = allOrders({
  id: 'cohen2016-all-d',
  everyOrderOf: 'cohen2016',
  aliases: ['cp_rank_ge_of_generic_ht_all_d'],
  title: 'Cohen et al. 2016 for every even d at once (Kronecker certificate)',
  statement:
    'For all n and r and every even d: for all HT tensors on the balanced tree with mode size n and ranks r except a set of measure zero, the CP-rank is at least min(n, r)^(d/2). One certificate covers every d.',
  source: 'Cohen, Sharir & Shashua, COLT 2016',
  quantity: 'CP-rank of a generic HT',
  witness: 'ht-pairs',
  proves: 'cp',
  defaultGrid: [
    { n: 2, r: 2 },
    { n: 3, r: 3 },
    { n: 6, r: 4 },
  ],
});

export const ttOddEvenAllOrders = allOrders({
  id: 'tt-odd-even-all-d',
  aliases: ['tt_odd_even_rank_all_d', 'tt-closed-form'],
  title: 'The exact generic odd/even rank of TT networks for every even d: min(n, r) min(n, r^2)^(d/2 - 1)',
  statement:
    'For all n and r and every even d: the odd/even matricization of every TT tensor with mode size n and ranks r has rank at most min(n, r) min(n, r^2)^(d/2 - 1), and all except a set of measure zero have exactly that rank; so their CP-rank is at least that. This is above Theorem 1\'s min(n, r)^(d/2) whenever n > r >= 2, from d = 4 on (e.g. 2 * 4^(d/2 - 1) against 2^(d/2) at n = 4, r = 2). One pair of certificates covers every d.',
  source: 'this library (found by `check-theorem discover` from certified data, then proved by a transfer-matrix induction); the bound it sharpens: Khrulkov, Novikov & Oseledets, ICLR 2018, Theorem 1',
  quantity: 'generic odd/even matricization rank of a TT',
  witness: 'tt-transfer',
  proves: 'equals',
  defaultGrid: [
    { n: 2, r: 2 },
    { n: 3, r: 2 },
    { n: 4, r: 2 },
    { n: 5, r: 3 },
    { n: 2, r: 5 },
    { n: 10, r: 3 },
  ],
});

export const htOddEvenAllOrders = allOrders({
  id: 'ht-odd-even-all-d',
  aliases: ['ht_odd_even_rank_all_d'],
  title: 'The exact generic odd/even rank of HT networks for every even d: min(n, r)^(d/2)',
  statement:
    'For all n and r and every even d: on any dimension tree where the leaves of modes 2t and 2t+1 (0-based) are siblings (the balanced tree among them), the odd/even matricization of every HT tensor with mode size n and ranks r has rank at most min(n, r)^(d/2), and all except a set of measure zero have exactly that rank. One pair of certificates covers every d.',
  source: 'Cohen, Sharir & Shashua, COLT 2016 (the lower side); the upper side for every d: this library',
  quantity: 'generic odd/even matricization rank of an HT',
  witness: 'ht-pairs',
  proves: 'equals',
  defaultGrid: [
    { n: 2, r: 2 },
    { n: 3, r: 2 },
    { n: 2, r: 3 },
    { n: 6, r: 4 },
  ],
});

export const sharedCoresAllOrders = allOrders({
  id: 'shared-cores-all-d',
  everyOrderOf: 'shared-cores',
  aliases: ['cp_rank_ge_of_generic_shared_tt_all_d', 'equal-cores-all-d'],
  title: 'Shared-core TT (ordinary RNNs) for every even d at once: generic odd/even rank, hence CP-rank, exactly min(n, r) min(n, r^2)^(d/2 - 1) >= min(n, r)^(d/2)',
  statement:
    'For all n and r and every even d: for all TT tensors with mode size n and rank r whose cores 2..d-1 (1-based) are one shared core, as in an ordinary RNN, except a set of measure zero in the shared parameters, the odd/even matricization has rank exactly min(n, r) min(n, r^2)^(d/2 - 1) (no shared-core network exceeds it), so the CP-rank is at least that, and at least min(n, r)^(d/2): equal cores are as expressive as Theorem 1 says of free ones, for every d. One pair of certificates covers every d.',
  source: 'Khrulkov, Novikov & Oseledets, ICLR 2018, Section 6 (stated as a hypothesis); the equal-cores case of later work (OpenReview U5BQ9dmh78, 2024); the transfer witness is this library\'s',
  quantity: 'generic odd/even matricization rank of a shared-core TT',
  witness: 'tt-shared-transfer',
  proves: 'equals',
  defaultGrid: [
    { n: 2, r: 3 },
    { n: 3, r: 4 },
    { n: 4, r: 3 },
    { n: 3, r: 2 },
    { n: 5, r: 2 },
  ],
});
