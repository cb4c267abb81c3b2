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

/**
 * A `rank-upper-bound/isolation` certificate: for every even order, the cut that isolates every
 * column mode of the odd/even split, taking at each kind of column node the cheaper of its leg
 * (size n) or its other indices (TT: r^2 for a middle core, r for the last; HT: r for a leaf).
 * Bound leading * base^(d/2 - 1); the kernel recomputes both from the choice.
 */
export function isolationCertificate(format: 'tt' | 'tt-shared' | 'ht', n: number, r: number, provenance?: Record<string, unknown>): { certificate: object; leading: bigint; base: bigint } {
  const N = BigInt(n);
  const R = BigInt(r);
  const [cut, leading, base] =
    format === 'ht'
      ? [{ leaf: N <= R ? 'leg' : 'edge' }, N <= R ? N : R, N <= R ? N : R]
      : [{ last: N <= R ? 'leg' : 'bond', middle: N <= R * R ? 'leg' : 'bonds' }, N <= R ? N : R, N <= R * R ? N : R * R];
  const json = (x: bigint): number | string => (x <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(x) : x.toString());
  const certificate = sealCertificate({
    certificate: CERTIFICATE_TAG,
    version: CERTIFICATE_VERSION,
    kind: 'rank-upper-bound/isolation',
    claim: { leading: json(leading), base: json(base) },
    family: { format, size: n, rank: r },
    split: 'odd-even',
    cut,
    ...(provenance ? { provenance } : {}),
  });
  return { certificate, leading, base };
}
