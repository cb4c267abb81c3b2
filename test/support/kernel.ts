/**
 * Tests hand certificates to the kernel as text, exactly as a referee's `verify` would.
 */
import { parseJson, readTensor } from '../../src/kernel/index.js';
import { readStructure } from '../../src/kernel/structures.js';
import { stableJson } from '../../src/report/json.js';
import { structureFromKernel, tensorFromKernel } from '../../src/formats/json.js';
import type { Tensor } from '../../src/formats/types.js';
import type { Rational } from '../../src/exact/rational.js';
import type { NetworkStructure } from '../../src/cuts/network.js';

export { verifyCertificate, verifyCertificateText } from '../../src/certify/verify.js';

/** The tensor at a JSON path of a (verified) certificate document, read by the kernel's reader. */
export function tensorAt(doc: unknown, ...path: string[]): Tensor<Rational> {
  let v: unknown = parseJson(stableJson(doc));
  for (const k of path) v = (v as Record<string, unknown>)[k];
  return tensorFromKernel(readTensor(v, ''));
}

/** The structure of a cut certificate's network, in this library's types. */
export function structureAt(doc: unknown, ...path: string[]): NetworkStructure {
  let v: unknown = parseJson(stableJson(doc));
  for (const k of path) v = (v as Record<string, unknown>)[k];
  return structureFromKernel(readStructure(v, ''));
}
