/**
 * A given network (typically a trained one, exported by `check-theorem train`): a certified lower
 * bound on the width of any shallow network that imitates it exactly.
 */
import { createHash } from 'node:crypto';
import { minCut } from '../src/cuts/mincut.js';
import { structureOf } from '../src/cuts/network.js';
import type { Rational } from '../src/exact/rational.js';
import { tensorFromKernel } from '../src/formats/json.js';
import { clearTensorDenominators } from '../src/formats/integral.js';
import type { Tensor } from '../src/formats/types.js';
import { ranksOf, shapeOf } from '../src/formats/verbs.js';
import { guarded, MAX_TEXT_LENGTH, parseJson, readTensor } from '../src/kernel/index.js';
import type { Obligation } from '../src/runner/types.js';
import { bound } from './bound.js';
import { FileError, readBoundedText } from '../src/io/files.js';
import { rowModesOf } from './common.js';
import { rankAtMost, tensorCpRankAtLeast } from './statements.js';
import { ParameterError, type TheoremModule, type TheoremParams } from './types.js';

/** K when the user gives none: the structure's cut, at most this (a sketch of 1024 checks in ~1 s). */
export const DEFAULT_MODEL_K = 1024;

/** A tensor file: its exact entries (what certificates carry), an integer multiple (what engines use), its bytes' SHA-256. */
export interface TensorFile {
  readonly exact: Tensor<Rational>;
  readonly integer: Tensor<bigint>;
  readonly sha256: string;
}

const cache = new Map<string, TensorFile>();

/** The tensor of a file, read exactly and strictly by the kernel's reader. */
export function loadTensorFile(file: string): TensorFile {
  const hit = cache.get(file);
  if (hit) return hit;
  let text: string;
  try {
    text = readBoundedText(file, 'the tensor file', MAX_TEXT_LENGTH);
  } catch (e) {
    if (e instanceof FileError) throw new ParameterError(e.message);
    throw e;
  }
  const read = guarded(() => readTensor(parseJson(text), ''));
  if ('verdict' in read) throw new ParameterError(`the tensor file "${file}" is not a tensor (${read.code} at ${read.path || '/'}: ${read.detail})`);
  const exact = tensorFromKernel(read);
  const out = { exact, integer: clearTensorDenominators(exact), sha256: createHash('sha256').update(text).digest('hex') };
  cache.set(file, out);
  return out;
}

function target(p: TheoremParams, x: Tensor<bigint>): bigint {
  if (p.k !== undefined) return BigInt(p.k);
  const cut = minCut(structureOf(x), rowModesOf(p, shapeOf(x).length)).bound;
  return cut < BigInt(DEFAULT_MODEL_K) ? cut : BigInt(DEFAULT_MODEL_K);
}

export const modelCpWidth: TheoremModule = {
  id: 'model-cp-width',
  aliases: ['cp_width_ge_of_model', 'model'],
  title: 'A given network needs CP width >= k to be imitated by a shallow network',
  statement:
    "For the network whose (class) weight tensor W is in the file: every shallow (CP) network with the same feature map that computes the same scores on all inputs has width at least k, provided the feature map's values span R^m (then equal scores on all inputs force equal weight tensors, and a width-R shallow network has CP-rank <= R >= rank of every matricization of W, Lemma 1). The bound k is certified on W itself, not generically.",
  source: 'Khrulkov, Novikov & Oseledets, ICLR 2018 (Lemma 1 and the TT/CP correspondence), applied to one exported network',
  parameters: ['tensor', 'split', 'k'],
  bound: bound('k'),
  direction: 'lower',
  quantity: 'width of a shallow network imitating the given one',
  argument:
    'A minor or sketch certificate on the matricization of the exported W (its exact integer parameters; float32 weights are dyadic rationals, so the export can be exact) proves rank >= k for this very tensor, and Lemma 1 turns the rank into a CP-rank bound. The cut of its network bounds what can be certified.',
  boundValue: (p) => target(p, loadTensorFile(p.tensor ?? '').integer),
  validate(p) {
    if (p.tensor === undefined) throw new ParameterError('--tensor FILE is required (e.g. written by check-theorem train mnist)');
    if (p.k !== undefined && (!Number.isSafeInteger(p.k) || p.k < 1)) throw new ParameterError(`k must be a positive integer, got ${p.k}`);
    rowModesOf(p, shapeOf(loadTensorFile(p.tensor).integer).length);
  },
  obligations(p): Obligation[] {
    const file = loadTensorFile(p.tensor ?? '');
    const x = file.integer;
    const shape = shapeOf(x);
    const rowModes = rowModesOf(p, shape.length);
    const format = x.format;
    const k = target(p, x);
    // Engines work on the integer multiple; certificates carry the file's exact entries (no rescaling).
    const spec = {
      format,
      n: Math.max(...shape),
      r: Math.max(1, ...ranksOf(x)),
      d: shape.length,
      kind: 'given' as const,
      given: x,
      givenExact: file.exact,
      provenance: { modelFile: p.tensor ?? '', modelFileSha256: file.sha256, rescaling: "none: the certificate holds the file's exact entries (the engines worked on an integer multiple, which has the same ranks)" },
    };
    const cut = minCut(structureOf(x), rowModes);
    return [
      { kind: 'lower-bound', id: 'model', role: 'proof', description: `the matricization (rows {${rowModes.join(',')}}) of the given ${format.toUpperCase()} has rank >= ${k}`, statement: tensorCpRankAtLeast(file.exact, k), instance: spec, rowModes, atLeast: k },
      { kind: 'upper-bound', id: 'structure-upper', role: 'measure', description: `every ${format.toUpperCase()} of this structure has rank <= ${cut.bound} there`, statement: rankAtMost(structureOf(x), rowModes, cut.bound), structure: structureOf(x), rowModes, atMost: cut.bound },
    ];
  },
  inputs: (p) => ({ tensorSha256: loadTensorFile(p.tensor ?? '').sha256 }),
  defaultGrid: [],
};
