/**
 * Building statements in the kernel's vocabulary (src/kernel/statements.ts) from this library's
 * types. Untrusted, reviewable code: what a theorem module states is what the kernel checks and
 * what `verify` prints, word for word.
 *
 * @packageDocumentation
 */
import type { NetworkStructure } from '../src/cuts/network.js';
import { structureToJson, tensorToJson, type JsonScalarSource } from '../src/formats/json.js';
import type { DimensionTree, Tensor } from '../src/formats/types.js';
import { readTensor, sha256Hex, tensorIdentity } from '../src/kernel/index.js';
import type { FamilyBound, StatementJson } from '../src/runner/types.js';

/** A bound as JSON: a number when it is a safe integer, else a decimal string. */
export function natJson(x: bigint): number | string {
  return x <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(x) : x.toString();
}

/** The kernel's reference to one tensor: its structure and identity digest. */
export function tensorRefJson(x: Tensor<JsonScalarSource>): { structure: object; digest: string } {
  const json = tensorToJson(x) as { format: string };
  const k = readTensor(json, '');
  const { structure } = k;
  return { structure: structure as object, digest: sha256Hex(tensorIdentity(k)) };
}

/** Almost every network of the structure has matricization rank >= bound there. */
export function genericRankAtLeast(s: NetworkStructure, rowModes: readonly number[], bound: bigint): StatementJson {
  return { form: 'generic-rank-at-least', structure: structureToJson(s), rowModes: [...rowModes], bound: natJson(bound) };
}

/** Almost every network of the structure has CP-rank >= bound. */
export function genericCpRankAtLeast(s: NetworkStructure, bound: bigint): StatementJson {
  return { form: 'generic-cp-rank-at-least', structure: structureToJson(s), bound: natJson(bound) };
}

/** Every network of the structure has matricization rank <= bound there. */
export function rankAtMost(s: NetworkStructure, rowModes: readonly number[], bound: bigint): StatementJson {
  return { form: 'rank-at-most', structure: structureToJson(s), rowModes: [...rowModes], bound: natJson(bound) };
}

/** The generic matricization rank is exactly `value` (and no network exceeds it). */
export function genericRankEquals(s: NetworkStructure, rowModes: readonly number[], value: bigint): StatementJson {
  return { form: 'generic-rank-equals', structure: structureToJson(s), rowModes: [...rowModes], value: natJson(value) };
}

/** For every even d: almost every network of the family has CP-rank >= leading * base^(d/2 - 1) (base^(d/2) when they are equal). */
export function allEvenDCpRankAtLeast(format: 'tt' | 'ht' | 'tt-shared', size: number, rank: number, b: FamilyBound): StatementJson {
  return { form: 'all-even-d-cp-rank-at-least', format, size, rank, base: natJson(b.base), ...(b.leading === b.base ? {} : { leading: natJson(b.leading) }) };
}

/** For every even d: almost every network of the family has odd/even rank >= leading * base^(d/2 - 1). */
export function allEvenDGenericRankAtLeast(format: 'tt' | 'ht' | 'tt-shared', size: number, rank: number, b: FamilyBound): StatementJson {
  return { form: 'all-even-d-generic-rank-at-least', format, size, rank, split: 'odd-even', leading: natJson(b.leading), base: natJson(b.base) };
}

/** For every even d: every network of the family has odd/even rank <= leading * base^(d/2 - 1). */
export function allEvenDRankAtMost(format: 'tt' | 'ht' | 'tt-shared', size: number, rank: number, b: FamilyBound): StatementJson {
  return { form: 'all-even-d-rank-at-most', format, size, rank, split: 'odd-even', leading: natJson(b.leading), base: natJson(b.base) };
}

/** For every even d: the odd/even rank of almost every network of the family is exactly leading * base^(d/2 - 1), and of every one at most that. */
export function allEvenDGenericRankEquals(format: 'tt' | 'ht' | 'tt-shared', size: number, rank: number, b: FamilyBound): StatementJson {
  return { form: 'all-even-d-generic-rank-equals', format, size, rank, split: 'odd-even', leading: natJson(b.leading), base: natJson(b.base) };
}

/** This one tensor has CP-rank >= bound. */
export function tensorCpRankAtLeast(x: Tensor<JsonScalarSource>, bound: bigint): StatementJson {
  return { form: 'tensor-cp-rank-at-least', tensor: tensorRefJson(x), bound: natJson(bound) };
}

/** This one tensor has CP-rank <= bound (an equality with a CP network of that many terms). */
export function tensorCpRankAtMost(x: Tensor<JsonScalarSource>, bound: bigint): StatementJson {
  return { form: 'tensor-cp-rank-at-most', tensor: tensorRefJson(x), bound: natJson(bound) };
}

/** This tensor equals a network of the target format with every rank <= ranksAtMost. */
/** The matricization (rows = rowModes) of this one tensor has rank = value (a minor and null vectors). */
export function tensorRankEquals(x: Tensor<JsonScalarSource>, rowModes: readonly number[], value: bigint): StatementJson {
  return { form: 'tensor-rank-equals', tensor: tensorRefJson(x), rowModes: [...rowModes], value: natJson(value) };
}

export function conversionStatement(x: Tensor<JsonScalarSource>, to: { format: 'tt' } | { format: 'ht'; tree: DimensionTree }, ranksAtMost: bigint): StatementJson {
  const target = to.format === 'tt' ? { format: 'tt' } : { format: 'ht', tree: to.tree.nodes.map((n) => (n.kind === 'leaf' ? { leaf: n.mode } : { children: [n.left, n.right] })) };
  return { form: 'conversion', from: tensorRefJson(x), to: target, ranksAtMost: natJson(ranksAtMost) };
}
