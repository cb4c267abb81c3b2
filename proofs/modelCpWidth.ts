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
import { mapTensor, matricize, ranksOf, shapeOf, validate } from '../src/formats/verbs.js';
import { FormatError } from '../src/formats/types.js';
import { ShapeError } from '../src/tensor/shape.js';
import { ArrayFileError, arrayFileKind, readArrayFile, roundTo } from '../src/io/arrays.js';
import { LAYOUTS, tensorFromArrays, type Layout } from '../src/io/weights.js';
import { guarded, MAX_TEXT_LENGTH, parseJson, readTensor } from '../src/kernel/index.js';
import type { Obligation } from '../src/runner/types.js';
import { bound } from './bound.js';
import { FileError } from '../src/io/files.js';
import { rowModesOf } from './common.js';
import { rankAtMost, tensorCpRankAtLeast, tensorRankEquals } from './statements.js';
import { Q } from '../src/exact/fields.js';
import { rankExact } from '../src/rank/index.js';
import { ParameterError, readParameterFile, type TheoremModule, type TheoremParams } from './types.js';

/** K when the user gives none: the structure's cut, at most this (a sketch of 1024 checks in ~1 s). */
export const DEFAULT_MODEL_K = 1024;

/** A tensor file: its exact entries (what certificates carry), an integer multiple (what engines use), its bytes' SHA-256. */
export interface TensorFile {
  readonly exact: Tensor<Rational>;
  readonly integer: Tensor<bigint>;
  readonly sha256: string;
  /** For array files: the layout read, the arrays used (in order), the rounding. */
  readonly imported?: { readonly layout: string; readonly arrays: readonly string[]; readonly rounding: string };
}

const cache = new Map<string, TensorFile>();

/** Parses --rounding: exact, or bits:K with 0 <= K <= 1100. */
export function parseRounding(text: string | undefined): number | undefined {
  if (text === undefined || text === 'exact') return undefined;
  const m = /^bits:(\d{1,4})$/.exec(text);
  if (!m || Number(m[1]) > 1100) throw new ParameterError(`--rounding is exact or bits:K (K from 0 to 1100: round every weight to a multiple of 2^-K), got "${text.slice(0, 40)}"`);
  return Number(m[1]);
}

/** How a tensor file is read: layout, array-name prefix and rounding (array files only). */
export interface TensorFileOptions {
  readonly layout?: string | undefined;
  readonly keys?: string | undefined;
  readonly rounding?: string | undefined;
}

function fromArrays(file: string, o: TensorFileOptions): TensorFile {
  const layout = (o.layout ?? 'auto') as Layout;
  if (!(LAYOUTS as readonly string[]).includes(layout)) throw new ParameterError(`--layout must be one of ${LAYOUTS.join(', ')}, got "${layout.slice(0, 40)}"`);
  const bits = parseRounding(o.rounding);
  let read: ReturnType<typeof readArrayFile>;
  let t: ReturnType<typeof tensorFromArrays>;
  try {
    read = readArrayFile(file);
    t = tensorFromArrays(read.arrays, layout, o.keys);
  } catch (e) {
    if (e instanceof ArrayFileError || e instanceof FileError) throw new ParameterError(`${e.message}`);
    throw e;
  }
  let exact = bits === undefined ? t.tensor : mapTensor(t.tensor, (q: Rational) => roundTo(q, bits));
  try {
    validate(exact);
  } catch (e) {
    if (e instanceof FormatError || e instanceof ShapeError) throw new ParameterError(`${file}: ${e.message}`);
    throw e;
  }
  exact = exact as Tensor<Rational>;
  return {
    exact,
    integer: clearTensorDenominators(exact),
    sha256: createHash('sha256').update(read.bytes).digest('hex'),
    imported: { layout: t.layout, arrays: t.names, rounding: bits === undefined ? 'exact' : `bits:${bits}` },
  };
}

/** The tensor of a file, read exactly and strictly: the kernel's JSON, or the arrays of a .npy / .npz / safetensors file. */
export function loadTensorFile(file: string, o: TensorFileOptions = {}): TensorFile {
  const key = `${file}|${o.layout ?? ''}|${o.keys ?? ''}|${o.rounding ?? ''}`;
  const hit = cache.get(key);
  if (hit) return hit;
  if (arrayFileKind(file) !== undefined) {
    const out = fromArrays(file, o);
    cache.set(key, out);
    return out;
  }
  if (o.layout !== undefined || o.keys !== undefined || o.rounding !== undefined) throw new ParameterError('--layout, --keys and --rounding are for .npy, .npz and .safetensors files; a JSON tensor file is read exactly as it is');
  const text = readParameterFile(file, 'the tensor file', MAX_TEXT_LENGTH);
  const read = guarded(() => readTensor(parseJson(text), ''));
  if ('verdict' in read) throw new ParameterError(`the tensor file "${file}" is not a tensor (${read.code} at ${read.path || '/'}: ${read.detail})`);
  const exact = tensorFromKernel(read);
  const out = { exact, integer: clearTensorDenominators(exact), sha256: createHash('sha256').update(text).digest('hex') };
  cache.set(key, out);
  return out;
}

const fileOf = (p: TheoremParams): TensorFile => loadTensorFile(p.tensor ?? '', { layout: p.layout, keys: p.keys, rounding: p.rounding });

/** Largest matricization (entries) whose exact rank is measured from both sides (a minor and null vectors). */
export const MAX_EXACT_RANK_ENTRIES = 1 << 16;

const exactCache = new Map<Tensor<bigint>, Map<string, bigint>>();

/** The exact rank of a small matricization (undefined above MAX_EXACT_RANK_ENTRIES entries). */
function exactRankOf(x: Tensor<bigint>, rowModes: readonly number[]): bigint | undefined {
  const shape = shapeOf(x);
  const rows = rowModes.reduce((n, m) => n * (shape[m] as number), 1);
  const cols = shape.reduce((n, s) => n * s, 1) / rows;
  if (rows * cols > MAX_EXACT_RANK_ENTRIES) return undefined;
  const key = rowModes.join(',');
  const hit = exactCache.get(x)?.get(key);
  if (hit !== undefined) return hit;
  const m = matricize(Q, mapTensor(x, (v: bigint): Rational => ({ num: v, den: 1n }) as Rational), rowModes);
  const r = BigInt(rankExact(m).rank);
  exactCache.set(x, (exactCache.get(x) ?? new Map<string, bigint>()).set(key, r));
  return r;
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
  parameters: ['tensor', 'layout', 'keys', 'rounding', 'split', 'k'],
  bound: bound('k'),
  direction: 'lower',
  quantity: 'width of a shallow network imitating the given one',
  argument:
    'A minor or sketch certificate on the matricization of the exported W (its exact integer parameters; float32 weights are dyadic rationals, so the export can be exact) proves rank >= k for this very tensor, and Lemma 1 turns the rank into a CP-rank bound. The cut of its network bounds what can be certified.',
  boundValue: (p) => target(p, fileOf(p).integer),
  validate(p) {
    if (p.tensor === undefined) throw new ParameterError('--tensor FILE is required (e.g. written by check-theorem train mnist)');
    if (p.k !== undefined && (!Number.isSafeInteger(p.k) || p.k < 1)) throw new ParameterError(`k must be a positive integer, got ${p.k}`);
    rowModesOf(p, shapeOf(fileOf(p).integer).length);
  },
  obligations(p): Obligation[] {
    const file = fileOf(p);
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
      provenance: {
        modelFile: p.tensor ?? '',
        modelFileSha256: file.sha256,
        rescaling: "none: the certificate holds the file's exact entries (the engines worked on an integer multiple, which has the same ranks)",
        ...(file.imported
          ? {
              importedLayout: file.imported.layout,
              importedArrays: file.imported.arrays.join(' '),
              rounding: file.imported.rounding === 'exact' ? 'none: every float is the dyadic rational it is' : `${file.imported.rounding}: every weight rounded to the nearest multiple of 2^-${file.imported.rounding.slice(5)} (ties to even); the statement is about the rounded tensor`,
            }
          : {}),
      },
    };
    const cut = minCut(structureOf(x), rowModes);
    const exact = exactRankOf(x, rowModes);
    return [
      { kind: 'lower-bound', id: 'model', role: 'proof', description: `the matricization (rows {${rowModes.join(',')}}) of the given ${format.toUpperCase()} has rank >= ${k}`, statement: tensorCpRankAtLeast(file.exact, k), instance: spec, rowModes, atLeast: k, ...(exact !== undefined ? { alsoUses: ['exact'] } : {}) },
      { kind: 'upper-bound', id: 'structure-upper', role: 'measure', description: `every ${format.toUpperCase()} of this structure has rank <= ${cut.bound} there`, statement: rankAtMost(structureOf(x), rowModes, cut.bound), structure: structureOf(x), rowModes, atMost: cut.bound },
      ...(exact !== undefined
        ? [{ kind: 'exact-rank' as const, id: 'exact', role: 'measure' as const, description: `the matricization (rows {${rowModes.join(',')}}) of the given ${format.toUpperCase()} has rank = ${exact} (a minor and null vectors)`, statement: tensorRankEquals(file.exact, rowModes, exact), tensor: x, subject: file.exact, rowModes, value: exact }]
        : []),
    ];
  },
  inputs: (p) => ({ tensorSha256: fileOf(p).sha256 }),
  defaultGrid: [],
};
