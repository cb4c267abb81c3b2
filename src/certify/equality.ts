/**
 * Equality certificates: a conversion's output equals its input.
 *
 * @packageDocumentation
 */
import { tensorToJson, type JsonScalarSource } from '../formats/json.js';
import type { Tensor } from '../formats/types.js';
import { CERTIFICATE_TAG, CERTIFICATE_VERSION, sealCertificate } from '../kernel/index.js';

/** An `equality` certificate for two tensors with exact entries. */
export function equalityCertificate(left: Tensor<JsonScalarSource>, right: Tensor<JsonScalarSource>, provenance?: Record<string, unknown>): object {
  return sealCertificate({
    certificate: CERTIFICATE_TAG,
    version: CERTIFICATE_VERSION,
    kind: 'equality',
    claim: { equal: true },
    left: tensorToJson(left),
    right: tensorToJson(right),
    ...(provenance ? { provenance } : {}),
  });
}
