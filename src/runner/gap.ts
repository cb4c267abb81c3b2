/**
 * What random draws say when a generic lower bound stops short of the upper bound: evidence (never
 * proof) that the generic rank is the value the draws reach, with its Schwartz-Zippel error bound.
 *
 * If the generic rank of a matricization were at least U, some U x U minor would be a nonzero
 * polynomial in the network's parameters of degree at most U * (number of nodes) (each entry is a
 * product of one parameter per node). At a point whose parameters are drawn independently and
 * uniformly from a set of S integers, that polynomial vanishes with probability at most D / S
 * (Schwartz-Zippel). The engines compute ranks mod p, and the polynomial could in principle vanish
 * mod p without vanishing over Q (for finitely many p): so this is evidence, and it is worded so.
 *
 * @packageDocumentation
 */
import { DEFAULT_ENTRY_BOUND } from '../formats/common.js';
import type { InstanceSpec, ObligationResult } from './types.js';

/** Values each random parameter is drawn from: the integers in [-2^20, 2^20]. */
export const DRAW_VALUES = 2 * DEFAULT_ENTRY_BOUND + 1;

/** Parameter factors per entry of a random instance (the degree of each entry as a polynomial). */
export function entryDegree(spec: InstanceSpec): number {
  switch (spec.format) {
    case 'network':
      return spec.network?.nodes.length ?? 1;
    case 'ht':
      return 2 * spec.d - 1;
    case 'dense':
      return 1;
    default:
      return spec.d;
  }
}

/** The evidence of random draws that stayed below an upper bound. */
export interface GapEvidence {
  /** The largest rank the draws reached (certified where a certificate was verified). */
  readonly reached: number;
  /** The upper bound they never reached. */
  readonly upper: bigint;
  readonly draws: number;
  /** Degree bound of a (reached+1)-minor. */
  readonly degree: number;
  /** Per-draw probability bound D / S. */
  readonly perDraw: number;
  /** Bound for all draws together, (D / S)^draws. */
  readonly all: number;
  readonly text: string;
}

/** The evidence of a lower-bound result that stopped short of `upper` (undefined when it did not). */
export function gapEvidence(lower: ObligationResult, spec: InstanceSpec, upper: bigint): GapEvidence | undefined {
  const attempts = (lower.attempts ?? []).filter((a) => a.engine !== 'float');
  if (attempts.length === 0) return undefined;
  const reached = Math.max(...attempts.map((a) => a.rank));
  if (BigInt(reached) >= upper) return undefined;
  const degree = (reached + 1) * entryDegree(spec);
  const perDraw = Math.min(1, degree / DRAW_VALUES);
  const all = perDraw ** attempts.length;
  const text =
    `all ${attempts.length} random draws reach rank ${reached} and none ${reached + 1}: if the generic rank were ${reached + 1} or more, ` +
    `a ${reached + 1} x ${reached + 1} minor would be a nonzero polynomial of degree <= ${degree} in the parameters, and a draw ` +
    `(parameters uniform among ${DRAW_VALUES} integers) would fall short with probability <= ${degree}/${DRAW_VALUES} = ${perDraw.toExponential(1)} ` +
    `(Schwartz-Zippel; ranks are taken mod p), all ${attempts.length} together <= ${all.toExponential(1)}. ` +
    `EVIDENCE, not proof, that the generic rank is ${reached}; proved: ${lower.reached?.outcome === 'established' ? `${lower.reached.value} <= ` : ''}generic rank <= ${upper}.`;
  return { reached, upper, draws: attempts.length, degree, perDraw, all, text };
}
