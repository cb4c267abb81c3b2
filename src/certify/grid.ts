/**
 * Certificates about generalized networks' grid tensors (untrusted: the kernel re-evaluates the
 * minor's scores from the network's parameters and checks it nonsingular mod p).
 *
 * @packageDocumentation
 */
import { CERTIFICATE_TAG, CERTIFICATE_VERSION, sealCertificate } from '../kernel/index.js';
import { generalizedJson, gridMatricization, gridTensor, type GeneralizedNet } from '../formats/generalized.js';
import { rankModP } from '../rank/index.js';

/** The rank mod p of a grid matricization and the certificate of its nonsingular minor. */
export function gridRankCertificate(n: GeneralizedNet, rowModes: readonly number[], provenance?: Record<string, unknown>): { rank: number; certificate: object; prime: number } {
  const m = gridMatricization(n, gridTensor(n), rowModes);
  const r = rankModP({
    rows: m.rows,
    cols: m.cols,
    residues: (p) => {
      const out = new Float64Array(m.data.length);
      for (let i = 0; i < out.length; i++) {
        const v = (m.data[i] as number) % p;
        out[i] = v < 0 ? v + p : v;
      }
      return out;
    },
  });
  const certificate = sealCertificate({
    certificate: CERTIFICATE_TAG,
    version: CERTIFICATE_VERSION,
    kind: 'rank-lower-bound/minor',
    claim: { rankAtLeast: r.rank },
    matrix: { kind: 'grid', network: generalizedJson(n), rowModes: [...rowModes] },
    prime: r.prime,
    rowIndices: [...r.pivotRows],
    colIndices: [...r.pivotCols],
    ...(provenance ? { provenance } : {}),
  });
  return { rank: r.rank, certificate, prime: r.prime };
}
