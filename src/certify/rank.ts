/**
 * Certified ranks of matricizations: a lower bound from the modular engine's pivots (a minor
 * certificate evaluated from the cores) and an upper bound from the network's minimum cut (a cut
 * certificate). Untrusted: the caller hands both certificates to the kernel.
 *
 * @packageDocumentation
 */
import { primeField } from '../exact/fields.js';
import { DEFAULT_PRIMES } from '../exact/primes.js';
import type { Rational } from '../exact/rational.js';
import { structureOf } from '../cuts/network.js';
import { mapTensor, matricize, shapeOf } from '../formats/verbs.js';
import type { Tensor } from '../formats/types.js';
import { DEFAULT_DENSE_BUDGET } from '../formats/types.js';
import { rankModP, type ModPRank, type ResidueSource } from '../rank/index.js';
import { matricizationSize, splitOf } from '../tensor/shape.js';
import { cutCertificate } from './cut.js';
import { matricizationMinorCertificate } from './minor.js';
import { minCut, type Cut } from '../cuts/mincut.js';

/** Exact tensors the engines accept (integer or rational parameters). */
export type ExactTensor = Tensor<bigint> | Tensor<Rational>;

/** The residues of a matricization, formed from the cores modulo each prime asked for. */
export function matricizationResidues(x: ExactTensor, rowModes: readonly number[], budget = DEFAULT_DENSE_BUDGET): ResidueSource {
  const shape = shapeOf(x);
  const { rows, cols } = matricizationSize(shape, splitOf(shape.length, rowModes));
  return {
    rows: Number(rows),
    cols: Number(cols),
    residues: (p: number) => {
      const F = primeField(p);
      const xp = mapTensor(x as Tensor<bigint | Rational>, (v: bigint | Rational) => (typeof v === 'bigint' ? F.fromInt(v) : F.fromRational(v)));
      return Float64Array.from(matricize(F, xp, rowModes, budget).data);
    },
  };
}

/** A lower bound with its certificate. */
export interface LowerBound {
  readonly rank: number;
  readonly evidence: ModPRank;
  readonly certificate: object;
}

/** The modular rank of a matricization and the minor certificate of its pivots. */
export function matricizationLowerBound(x: ExactTensor, rowModes: readonly number[], options: { primes?: readonly number[]; target?: number; budget?: number; subject?: ExactTensor } = {}): LowerBound {
  const src = matricizationResidues(x, rowModes, options.budget);
  const evidence = rankModP(src, { primes: options.primes ?? DEFAULT_PRIMES, ...(options.target !== undefined ? { target: options.target } : {}) });
  // The certificate names `subject` when given: a nonzero multiple of x has the same pivots.
  const certificate = matricizationMinorCertificate((options.subject ?? x) as Tensor<bigint | Rational>, rowModes, evidence, {
    engine: 'modp',
    attempts: evidence.attempts,
  });
  return { rank: evidence.rank, evidence, certificate };
}

/** An upper bound with its certificate. */
export interface UpperBound {
  readonly bound: bigint;
  readonly cut: Cut;
  readonly certificate: object;
}

/** The minimum-cut bound of a matricization (valid for every tensor with x's structure). */
export function matricizationUpperBound(x: Tensor<unknown>, rowModes: readonly number[]): UpperBound {
  const structure = structureOf(x);
  const cut = minCut(structure, rowModes);
  return { bound: cut.bound, cut, certificate: cutCertificate(structure, rowModes, cut, { engine: 'min-cut' }) };
}
