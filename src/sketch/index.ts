/**
 * The matrix-free sketch engine: a lower bound on rank(M) for a matricization M too large to
 * form, from S = Psi^T M Omega (K x K, mod p) with Kronecker-structured random Psi, Omega.
 *
 * Sound: rank S <= rank M, so S nonsingular proves rank M >= K. Strong: the rank-one (Kronecker)
 * vectors span the whole space (the Segre variety is non-degenerate), so for K <= rank M a random
 * choice gives a nonsingular S except on the zero set of a nonzero polynomial (Schwartz-Zippel:
 * probability at most deg / p per draw; an unlucky draw only costs a retry). Entries are uniform
 * mod p: a prototype of this method with entries in [-1, 1] never reached K = 16 at
 * (n, r, d) = (2, 2, 8), with entries up to 1000 it always did.
 *
 * For small K the engine forms S and checks its rank itself first; for large K it writes the
 * certificate from the seed alone and leaves forming S and the one K^3 elimination to the
 * kernel, rather than doing them twice.
 *
 * @packageDocumentation
 */
import { DEFAULT_PRIMES } from '../exact/primes.js';
import { deriveSeed, PRNG_ID } from '../exact/prng.js';
import { tensorToJson } from '../formats/json.js';
import { shapeOf } from '../formats/verbs.js';
import type { Tensor } from '../formats/types.js';
import type { Rational } from '../exact/rational.js';
import { CERTIFICATE_TAG, CERTIFICATE_VERSION, kernelSketch, readTensor, sealCertificate, sketchVectorsFromSeed, type SketchVectors } from '../kernel/index.js';
import { eliminateModP } from '../rank/modp.js';
import { splitOf } from '../tensor/shape.js';

/** The prime of sketch certificates (the largest default prime, just below 2^23). */
export const SKETCH_PRIME = DEFAULT_PRIMES[0] as number;
/**
 * Up to this K the engine computes rank S before writing a certificate (cheap, and it reports the
 * rank reached when the draw was unlucky); above it the kernel's elimination is the only one.
 */
export const PRECHECK_MAX_K = 1024;

/** Options of {@link buildSketch}. */
export interface SketchOptions {
  /** Write the vectors into the certificate instead of the seed. */
  readonly explicitVectors?: boolean;
  /** Compute rank S in the engine first (default: K <= {@link PRECHECK_MAX_K}). */
  readonly precheck?: boolean;
  readonly prime?: number;
  /**
   * The tensor the certificate names (default: x): one whose matricization is a nonzero multiple
   * of x's, such as the exact rational entries of which x is the integer multiple.
   */
  readonly subject?: Tensor<Rational>;
}

/** A sketch and its certificate. */
export interface SketchResult {
  readonly certificate: object;
  readonly K: number;
  readonly seed: number;
  readonly prime: number;
  /** rank S as computed by the engine, when it prechecked. */
  readonly engineRank?: number;
  /** Seconds spent forming S (0 without precheck). */
  readonly sketchSeconds: number;
  /** Seconds spent on the engine's own rank of S (0 without precheck). */
  readonly rankSeconds: number;
}

function vectorsJson(V: readonly Float64Array[], ns: readonly number[], K: number): number[][] {
  const out: number[][] = [];
  for (let a = 0; a < K; a++) {
    const col: number[] = [];
    V.forEach((v, t) => {
      const n = ns[t] as number;
      for (let i = 0; i < n; i++) col.push(v[a * n + i] as number);
    });
    out.push(col);
  }
  return out;
}

/** Forms the K x K sketch of a matricization of an integer tensor and writes its certificate. */
export function buildSketch(x: Tensor<bigint>, rowModes: readonly number[], K: number, seed: number, options: SketchOptions = {}): SketchResult {
  const p = options.prime ?? SKETCH_PRIME;
  const shape = shapeOf(x);
  const { colModes } = splitOf(shape.length, rowModes);
  const sketchSeed = seed >>> 0;
  const vectors: SketchVectors = sketchVectorsFromSeed(sketchSeed, p, K, shape, rowModes, colModes);
  const precheck = options.precheck ?? K <= PRECHECK_MAX_K;
  const t0 = process.hrtime.bigint();
  // The precheck evaluates S with the kernel's own (pure) evaluator: it only decides whether to
  // report the engine's rank; the kernel evaluates S again when it checks the certificate.
  const S = precheck ? kernelSketch(readTensor(tensorToJson(x), ''), rowModes, colModes, vectors, K, p, '') : undefined;
  const tensor = tensorToJson(options.subject ?? x);
  const t1 = process.hrtime.bigint();
  const engineRank = S ? eliminateModP(S, K, K, p).rank : undefined;
  const t2 = process.hrtime.bigint();
  const sketch = options.explicitVectors
    ? { rowVectors: vectorsJson(vectors.rows, rowModes.map((m) => shape[m] as number), K), colVectors: vectorsJson(vectors.cols, colModes.map((m) => shape[m] as number), K) }
    : { generator: PRNG_ID, seed: sketchSeed };
  const certificate = sealCertificate({
    certificate: CERTIFICATE_TAG,
    version: CERTIFICATE_VERSION,
    kind: 'rank-lower-bound/sketch',
    claim: { rankAtLeast: K },
    matrix: { kind: 'matricization', tensor, rowModes: [...rowModes] },
    prime: p,
    sketch,
    provenance: { engine: 'sketch', ...(engineRank !== undefined ? { engineRank } : { engineRank: 'not computed (left to the kernel)' }) },
  });
  return {
    certificate,
    K,
    seed: sketchSeed,
    prime: p,
    ...(engineRank !== undefined ? { engineRank } : {}),
    sketchSeconds: Number(t1 - t0) / 1e9,
    rankSeconds: Number(t2 - t1) / 1e9,
  };
}

/** The seed of a tensor's sketch draw number `attempt`. */
export function sketchSeed(instanceSeed: number, attempt: number): number {
  return deriveSeed(instanceSeed, `sketch:${attempt}`);
}
