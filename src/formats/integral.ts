/**
 * Integer parameters from rational ones: each parameter array (core, factor matrix, frame,
 * transfer tensor, weights) multiplied by the lcm of its denominators. Scaling one array by a
 * nonzero constant scales the tensor, so ranks (and every certified bound) are unchanged.
 *
 * @packageDocumentation
 */
import { gcdBig } from '../exact/integer.js';
import type { Rational } from '../exact/rational.js';
import type { Tensor } from './types.js';

function integral(xs: readonly Rational[]): bigint[] {
  let l = 1n;
  for (const q of xs) l = (l / gcdBig(l, q.den)) * q.den;
  return xs.map((q) => q.num * (l / q.den));
}

/** The tensor with every parameter array scaled to integers. */
export function clearTensorDenominators(x: Tensor<Rational>): Tensor<bigint> {
  switch (x.format) {
    case 'dense':
      return { format: 'dense', shape: [...x.shape], data: integral(x.data) };
    case 'cp':
      return { format: 'cp', shape: [...x.shape], rank: x.rank, factors: x.factors.map(integral), ...(x.weights ? { weights: integral(x.weights) } : {}) };
    case 'tt':
      return { format: 'tt', shape: [...x.shape], ranks: [...x.ranks], cores: x.cores.map(integral) };
    case 'tt-shared':
      return { format: 'tt-shared', order: x.order, size: x.size, rank: x.rank, first: integral(x.first), middle: integral(x.middle), last: integral(x.last) };
    case 'ht':
      return { format: 'ht', shape: [...x.shape], nodes: x.nodes.map((n) => (n.kind === 'leaf' ? { ...n, frame: integral(n.frame) } : { ...n, transfer: integral(n.transfer) })) };
    case 'network': {
      const own = x.data.map((d, t) => (x.nodes[t]?.sameAs === undefined ? integral(d) : []));
      return { ...x, data: x.nodes.map((n, t) => (n.sameAs === undefined ? (own[t] as bigint[]) : (own[n.sameAs] as bigint[]))) };
    }
  }
}
