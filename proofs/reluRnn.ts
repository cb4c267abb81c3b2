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
import { generalizedJson, randomGeneralized, randomGeneralizedHt, type GeneralizedHtNet, type GeneralizedNet, type GeneralizedRnn } from '../src/formats/generalized.js';
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

/** The statement about one network (`nearby`: about every network in a neighbourhood of it). */
export function shallowWidthAtLeast(n: GeneralizedNet, width: bigint, nearby = false): StatementJson {
  const ref = generalizedRef(readGeneralized(generalizedJson(n), ''));
  return { form: nearby ? 'generalized-shallow-width-at-least-nearby' : 'generalized-shallow-width-at-least', network: JSON.parse(JSON.stringify(ref)) as object, bound: natJson(width) };
}

/** The random ReLU HT network (a convolutional rectifier network) of a parameter set. */
export function reluHtNetwork(p: TheoremParams): GeneralizedHtNet {
  return randomGeneralizedHt({ xi: 'relu', M: p.n, T: p.d, rank: p.r, seed: p.seed, bound: WEIGHT_BOUND });
}

/** The width statement's module for a family of generalized networks (TT: recurrent; HT: convolutional). */
function widthModule(kind: 'tt' | 'ht'): TheoremModule {
  const network = (p: TheoremParams): GeneralizedNet => (kind === 'tt' ? reluNetwork(p) : reluHtNetwork(p));
  const rankOf = (p: TheoremParams): number => {
    const key = `${kind}|${p.n}|${p.r}|${p.d}|${p.seed}`;
    const hit = rankCache.get(key);
    if (hit !== undefined) return hit;
    const r = gridRankCertificate(network(p), oddEven(p.d)).rank;
    rankCache.set(key, r);
    return r;
  };
  const width = (p: TheoremParams): bigint => {
    const c = perTerm(p.n, p.d, p.d / 2);
    return (BigInt(rankOf(p)) + c - 1n) / c;
  };
  const what = kind === 'tt' ? 'RNN' : 'convolutional network (HT on the balanced tree)';
  return {
    id: kind === 'tt' ? 'relu-rnn-width' : 'relu-convac-width',
    aliases: kind === 'tt' ? ['generalized-rnn-width', 'shallow_width_ge_of_relu_rnn'] : ['generalized-ht-width', 'shallow_width_ge_of_relu_convac'],
    title: `A generalized (ReLU) ${kind === 'tt' ? 'RNN' : 'convolutional network'}: every shallow ReLU network with its scores needs width >= ceil(K / (1 + M T/2))`,
    statement: `For the seeded random integer generalized ${what} with xi(x, y) = max(x, y, 0), template size M = n, order T = d (even) and ranks r: every generalized shallow network with xi = max(x, y, 0) (any feature map, any weights) whose scores on the M^T template sequences equal the ${kind === 'tt' ? 'RNN' : 'network'}'s has width at least ceil(K / (1 + M T/2)), K the rank of the odd/even matricization of its grid tensor (certified).`,
    source:
      kind === 'tt'
        ? "Khrulkov, Hrinchuk & Oseledets, Generalized tensor models for recurrent neural networks, ICLR 2019 (generalized networks, grid tensors; their Theorem 5.2 bounds the width by (2/(MT)) min(M,R)^(T/2) for one constructed network); the per-term rank bound 1 + M T/2 is this library's argument"
        : "Cohen & Shashua, Convolutional rectifier networks as generalized tensor decompositions, ICML 2016 (generalized HT networks: ReLU convolutional networks with pooling); grid tensors after Khrulkov, Hrinchuk & Oseledets 2019; the per-term rank bound 1 + M T/2 is this library's argument",
    parameters: ['n', 'r', 'd'],
    bound: bound('ceil(K / (1 + n * d / 2))'),
    direction: 'lower',
    quantity: `width of a shallow ReLU network with the same grid tensor as the ${kind === 'tt' ? 'RNN' : 'convolutional network'}`,
    argument:
      "The kernel evaluates the K x K minor of the grid tensor from the network's parameters (exact scores, max by exact comparison) and checks it nonsingular mod p; a shallow network's grid tensor is a sum of its terms, each of odd/even rank at most 1 + M T/2, so its width is at least ceil(K / (1 + M T/2)). This is about this one network and, because the scores are continuous in the parameters (so is the minor's determinant, nonzero here), about every network in a neighbourhood of it: a set of positive measure (measure, statement nearby). It is not \"almost every\" network: the set where max changes branch is not algebraic.",
    boundValue: (p) => width(p),
    validate(p) {
      for (const [name, v, lo] of [['n', p.n, 2], ['r', p.r, 1], ['d', p.d, 2]] as const) if (!Number.isSafeInteger(v) || v < lo) throw new ParameterError(`${name} must be an integer >= ${lo}, got ${v}`);
      if (p.d % 2 !== 0) throw new ParameterError(`d (the order T) must be even for the odd/even split, got ${p.d}`);
      if (p.n ** p.d > MAX_RELU_GRID) throw new ParameterError(`the grid tensor has n^d = ${p.n}^${p.d} entries, above ${MAX_RELU_GRID}`);
      if (!Number.isSafeInteger(p.seed) || p.seed < 0) throw new ParameterError(`seed must be a non-negative integer, got ${p.seed}`);
    },
    obligations(p): Obligation[] {
      const net = network(p);
      const K = BigInt(rankOf(p));
      return [
        {
          kind: 'grid-lower-bound',
          id: 'grid',
          role: 'proof',
          description: `the odd/even matricization of the grid tensor of a random ReLU ${kind === 'tt' ? 'RNN' : 'HT network'} (M=${p.n}, T=${p.d}, ranks ${p.r}) has rank >= ${K}`,
          statement: shallowWidthAtLeast(net, width(p)),
          // The same certificate shows it for a whole neighbourhood (positive measure): continuity.
          alsoStates: [{ id: 'grid/nearby', statement: shallowWidthAtLeast(net, width(p), true) }],
          network: net,
          rowModes: oddEven(p.d),
          atLeast: K,
        },
      ];
    },
    defaultGrid:
      kind === 'tt'
        ? [
            { n: 4, r: 2, d: 4 },
            { n: 6, r: 4, d: 4 },
            { n: 4, r: 4, d: 6 },
          ]
        : [
            { n: 6, r: 4, d: 4 },
            { n: 4, r: 3, d: 6 },
          ],
  };
}

export const reluRnnWidth: TheoremModule = widthModule('tt');
export const reluConvacWidth: TheoremModule = widthModule('ht');
