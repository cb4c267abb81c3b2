/**
 * Exact rank from both sides as certificates: a minor (rank >= r) and null vectors (rank <= r)
 * of one matrix, explicit or the matricization of one tensor (src/rank/nullspace.ts finds them;
 * the kernel checks both).
 *
 * @packageDocumentation
 */
import { CERTIFICATE_TAG, CERTIFICATE_VERSION, sealCertificate } from '../kernel/index.js';
import { Q } from '../exact/fields.js';
import type { Rational } from '../exact/rational.js';
import { tensorToJson } from '../formats/json.js';
import { mapTensor, matricize } from '../formats/verbs.js';
import type { Tensor } from '../formats/types.js';
import { integerRows, rankWithNullspace, type IntMatrix, type NullspaceRank } from '../rank/nullspace.js';
import type { ExactScalar, Matrix } from '../tensor/matrix.js';
import { explicitMatrixJson, matricizationMinorCertificate, minorCertificate } from './minor.js';
import type { ExactTensor } from './rank.js';

/** The two certificates of an exact rank. */
export interface ExactRankCertificates {
  readonly rank: number;
  readonly evidence: NullspaceRank;
  readonly lower: object;
  readonly upper: object;
}

function nullspaceDoc(matrix: object, r: NullspaceRank, provenance?: Record<string, unknown>): object {
  return sealCertificate({
    certificate: CERTIFICATE_TAG,
    version: CERTIFICATE_VERSION,
    kind: 'rank-upper-bound/nullspace',
    claim: { rankAtMost: r.rank },
    matrix,
    side: r.side,
    vectors: r.vectors.map((v) => v.map((x) => (x >= -(2n ** 53n) + 1n && x <= 2n ** 53n - 1n ? Number(x) : x.toString()))),
    pivots: [...r.pivots],
    ...(provenance ? { provenance } : {}),
  });
}

function gcdBig(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * Exact rank of an explicit matrix with both certificates. Null vectors are found on the side
 * with fewer of them; a right null vector of the row-scaled matrix is one of the matrix itself,
 * and a left one is scaled back by the rows' factors (the certificate carries the matrix as given).
 */
export function explicitExactRank(a: Matrix<ExactScalar>): ExactRankCertificates {
  const ints = integerRows(a);
  const r = rankWithNullspace(ints);
  const scales = r.side === 'left' ? rowScales(a) : undefined;
  const evidence = scales ? { ...r, vectors: r.vectors.map((v) => v.map((x, i) => x * (scales[i] as bigint))) } : r;
  const lower = minorCertificate(a, { pivotRows: r.pivotRows, pivotCols: r.pivotCols, prime: r.prime }, { engine: 'modp' });
  return { rank: r.rank, evidence, lower, upper: nullspaceDoc(explicitMatrixJson(a), evidence, { engine: `null space mod p, lifted with ${r.liftPrimes} primes` }) };
}

/** The factor each row was scaled by (its denominators' lcm). */
function rowScales(a: Matrix<ExactScalar>): bigint[] {
  return Array.from({ length: a.rows }, (_, i) => {
    let den = 1n;
    for (const x of a.data.slice(i * a.cols, (i + 1) * a.cols)) if (typeof x === 'object' && x.den !== 1n) den = (den * x.den) / gcdBig(den, x.den);
    return den;
  });
}

/**
 * Exact rank of a tensor's matricization with both certificates, computed on `x` (integer
 * parameters) and stated about `subject` (default x; a positive multiple of x, e.g. the file's
 * exact rational tensor, has the same null space and pivots).
 */
export function matricizationExactRank(x: Tensor<bigint>, rowModes: readonly number[], options: { subject?: ExactTensor; budget?: number; provenance?: Record<string, unknown> } = {}): ExactRankCertificates {
  const m = matricize(Q, mapTensor(x, (v: bigint): Rational => ({ num: v, den: 1n }) as Rational), rowModes, options.budget);
  const ints: IntMatrix = { rows: m.rows, cols: m.cols, data: m.data.map((q) => (q as Rational).num) };
  const r = rankWithNullspace(ints);
  const subject = (options.subject ?? x) as Tensor<bigint | Rational>;
  const lower = matricizationMinorCertificate(subject, rowModes, { pivotRows: r.pivotRows, pivotCols: r.pivotCols, prime: r.prime }, { engine: 'modp', ...options.provenance });
  const upper = nullspaceDoc({ kind: 'matricization', tensor: tensorToJson(subject), rowModes: [...rowModes] }, r, { engine: `null space mod p, lifted with ${r.liftPrimes} primes`, ...options.provenance });
  return { rank: r.rank, evidence: r, lower, upper };
}
