/**
 * Generalized (ReLU) recurrent networks (Khrulkov, Hrinchuk & Oseledets, ICLR 2019): a certified
 * lower bound on the width of any generalized shallow network that computes the same scores as a
 * given generalized RNN on the template.
 *
 * The argument (the kernel's `generalized-shallow-width-at-least`, src/kernel/statements.ts): the
 * grid tensor of a generalized shallow network of width R is a sum of R terms; with xi =
 * max(x, y, 0) each term's odd/even matricization has rank at most 1 + M T/2 (its entry is
 * max(U_I, W_J), and U_I takes at most 1 + M T/2 values), so R >= ceil(K / (1 + M T/2)) when the
 * RNN's grid tensor has rank K there. The paper states, for one network it constructs, width >=
 * (2 / (M T)) min(M, R)^(T/2) (its Theorem 5.2, whose proof is in an appendix not checked here);
 * this module certifies the bound this argument gives for random integer networks, exactly.
 *
 * @packageDocumentation
 */
import { generalizedJson, randomGeneralized, type GeneralizedRnn } from '../src/formats/generalized.js';
import { gridRankCertificate } from '../src/certify/grid.js';
import { generalizedRef, readGeneralized } from '../src/kernel/index.js';
import type { Obligation, StatementJson } from '../src/runner/types.js';
import { bound } from './bound.js';
import { natJson } from './statements.js';
import { ParameterError, type TheoremModule, type TheoremParams } from './types.js';

/** Largest grid tensor this statement takes (M^T entries). */
export const MAX_RELU_GRID = 1 << 21;

/** Weights of the random networks: integers in [-WEIGHT_BOUND, WEIGHT_BOUND]. */
export const WEIGHT_BOUND = 2;

/** The odd/even row modes of order T. */
const oddEven = (T: number): number[] => Array.from({ length: T / 2 }, (_, k) => 2 * k);

/** The random network of a parameter set: template size n = M, rank r, order d = T, the seed. */
export function reluNetwork(p: TheoremParams): GeneralizedRnn {
  return randomGeneralized({ xi: 'relu', M: p.n, T: p.d, rank: p.r, seed: p.seed, bound: WEIGHT_BOUND });
}

/** Rank of one term's matricization with k row modes: 1 + M min(k, T - k) for relu. */
export function perTerm(M: number, T: number, k: number): bigint {
  return 1n + BigInt(M) * BigInt(Math.min(k, T - k));
}

const rankCache = new Map<string, number>();

/** The engine's rank of the odd/even grid matricization (what the run will certify). */
export function gridRank(p: TheoremParams): number {
  const key = `${p.n}|${p.r}|${p.d}|${p.seed}`;
  const hit = rankCache.get(key);
  if (hit !== undefined) return hit;
  const r = gridRankCertificate(reluNetwork(p), oddEven(p.d)).rank;
  rankCache.set(key, r);
  return r;
}

/** The width bound the rank gives: ceil(K / (1 + M T/2)). */
export function widthBound(p: TheoremParams): bigint {
  const c = perTerm(p.n, p.d, p.d / 2);
  return (BigInt(gridRank(p)) + c - 1n) / c;
}

/** The statement about one network (`nearby`: about every network in a neighbourhood of it). */
export function shallowWidthAtLeast(n: GeneralizedRnn, width: bigint, nearby = false): StatementJson {
  const ref = generalizedRef(readGeneralized(generalizedJson(n), ''));
  return { form: nearby ? 'generalized-shallow-width-at-least-nearby' : 'generalized-shallow-width-at-least', network: { xi: ref.xi, template: ref.template, order: ref.order, ranks: [...ref.ranks], digest: ref.digest }, bound: natJson(width) };
}

export const reluRnnWidth: TheoremModule = {
  id: 'relu-rnn-width',
  aliases: ['generalized-rnn-width', 'shallow_width_ge_of_relu_rnn'],
  title: 'A generalized (ReLU) RNN: every shallow ReLU network with its scores needs width >= ceil(K / (1 + M T/2))',
  statement:
    'For the seeded random integer generalized RNN with xi(x, y) = max(x, y, 0), template size M = n, order T = d (even) and ranks r: every generalized shallow network with xi = max(x, y, 0) (any feature map, any weights) whose scores on the M^T template sequences equal the RNN\'s has width at least ceil(K / (1 + M T/2)), K the rank of the odd/even matricization of the RNN\'s grid tensor (certified).',
  source: 'Khrulkov, Hrinchuk & Oseledets, Generalized tensor models for recurrent neural networks, ICLR 2019 (generalized networks, grid tensors; their Theorem 5.2 bounds the width by (2/(MT)) min(M,R)^(T/2) for one constructed network); the per-term rank bound 1 + M T/2 is this library\'s argument',
  parameters: ['n', 'r', 'd'],
  bound: bound('ceil(K / (1 + n * d / 2))'),
  direction: 'lower',
  quantity: 'width of a shallow ReLU network with the same grid tensor',
  argument:
    'The kernel evaluates the K x K minor of the grid tensor from the network\'s parameters (exact scores, max by exact comparison) and checks it nonsingular mod p; a shallow network\'s grid tensor is a sum of its terms, each of odd/even rank at most 1 + M T/2, so its width is at least ceil(K / (1 + M T/2)). This is about this one network and, because the scores are continuous in the parameters (so is the minor\'s determinant, nonzero here), about every network in a neighbourhood of it: a set of positive measure (measure, statement nearby). It is not "almost every" network: the set where max changes branch is not algebraic.',
  boundValue: (p) => widthBound(p),
  validate(p) {
    for (const [name, v, lo] of [['n', p.n, 2], ['r', p.r, 1], ['d', p.d, 2]] as const) if (!Number.isSafeInteger(v) || v < lo) throw new ParameterError(`${name} must be an integer >= ${lo}, got ${v}`);
    if (p.d % 2 !== 0) throw new ParameterError(`d (the order T) must be even for the odd/even split, got ${p.d}`);
    if (p.n ** p.d > MAX_RELU_GRID) throw new ParameterError(`the grid tensor has n^d = ${p.n}^${p.d} entries, above ${MAX_RELU_GRID}`);
    if (!Number.isSafeInteger(p.seed) || p.seed < 0) throw new ParameterError(`seed must be a non-negative integer, got ${p.seed}`);
  },
  obligations(p): Obligation[] {
    const network = reluNetwork(p);
    const K = BigInt(gridRank(p));
    return [
      {
        kind: 'grid-lower-bound',
        id: 'grid',
        role: 'proof',
        description: `the odd/even matricization of the grid tensor of a random ReLU RNN (M=${p.n}, T=${p.d}, ranks ${p.r}) has rank >= ${K}`,
        statement: shallowWidthAtLeast(network, widthBound(p)),
        // The same certificate shows it for a whole neighbourhood (positive measure): continuity.
        alsoStates: [{ id: 'grid/nearby', statement: shallowWidthAtLeast(network, widthBound(p), true) }],
        network,
        rowModes: oddEven(p.d),
        atLeast: K,
      },
    ];
  },
  defaultGrid: [
    { n: 4, r: 2, d: 4 },
    { n: 6, r: 4, d: 4 },
    { n: 4, r: 4, d: 6 },
  ],
};
