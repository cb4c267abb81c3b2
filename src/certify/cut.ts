/**
 * Cut certificates: structural upper bounds on matricization ranks.
 *
 * @packageDocumentation
 */
import type { NetworkStructure } from '../cuts/network.js';
import { minCut, type Cut } from '../cuts/mincut.js';
import { structureToJson } from '../formats/json.js';
import { CERTIFICATE_TAG, CERTIFICATE_VERSION, sealCertificate } from '../kernel/index.js';

/** A `rank-upper-bound/cut` certificate for a given cut. */
export function cutCertificate(structure: NetworkStructure, rowModes: readonly number[], cut: Cut, provenance?: Record<string, unknown>): object {
  return sealCertificate({
    certificate: CERTIFICATE_TAG,
    version: CERTIFICATE_VERSION,
    kind: 'rank-upper-bound/cut',
    claim: { rankAtMost: cut.bound <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(cut.bound) : cut.bound.toString() },
    network: structureToJson(structure),
    rowModes: [...rowModes],
    cut: [...cut.cut],
    ...(provenance ? { provenance } : {}),
  });
}

/** The minimum cut and its certificate. */
export function minCutCertificate(structure: NetworkStructure, rowModes: readonly number[]): { cut: Cut; certificate: object } {
  const cut = minCut(structure, rowModes);
  return { cut, certificate: cutCertificate(structure, rowModes, cut) };
}
