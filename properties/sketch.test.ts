/**
 * The sketch: sound (never above the true rank), strong (reaches the exact rank of formable
 * matrices with K = that rank), its batched evaluation equal to Psi^T M Omega formed the long
 * way, and tamper-evident.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { primeField, Q } from '../src/exact/fields.js';
import * as f from '../src/formats/index.js';
import { verifyCertificate } from '../test/support/kernel.js';
import { kernelSketch, readTensor, sealCertificate, sketchVectorsFromSeed } from '../src/kernel/index.js';
import { tensorToJson } from '../src/formats/json.js';
import { rankExact } from '../src/rank/index.js';
import { buildSketch, SKETCH_PRIME } from '../src/sketch/index.js';
import { multiIndex, splitOf } from '../src/tensor/shape.js';
import { anyTensorArb, tensorWithSplitArb } from './arbitraries/formats.js';
import { runs } from './runs.js';

const arb = tensorWithSplitArb(anyTensorArb({ maxOrder: 6, maxRank: 3, maxMode: 3, maxEntries: 729, entryBound: 1000 }));
const F = primeField(SKETCH_PRIME);

describe('sketch engine and kernel check', () => {
  it('the batched evaluation equals Psi^T M Omega computed entry by entry with generic field arithmetic', () => {
    fc.assert(
      fc.property(arb, fc.integer({ min: 1, max: 6 }), fc.nat(), ({ x, rowModes }, K, seed) => {
        const shape = f.shapeOf(x);
        const { colModes } = splitOf(shape.length, rowModes);
        const vec = sketchVectorsFromSeed(seed, F.p, K, shape, rowModes, colModes);
        const xp = f.inField(F, x);
        const S = kernelSketch(readTensor(tensorToJson(x), ''), rowModes, colModes, vec, K, F.p, '');
        const M = f.matricize(F, xp, rowModes);
        const rowSizes = rowModes.map((m) => shape[m] as number);
        const colSizes = colModes.map((m) => shape[m] as number);
        const psi = (V: readonly Float64Array[], sizes: number[], a: number, idx: number): number =>
          multiIndex(sizes, idx).reduce((acc, i, t) => F.mul(acc, (V[t] as Float64Array)[a * (sizes[t] as number) + i] as number), 1);
        for (let a = 0; a < K; a++)
          for (let b = 0; b < K; b++) {
            let s = 0;
            for (let i = 0; i < M.rows; i++)
              for (let j = 0; j < M.cols; j++) s = F.add(s, F.mul(F.mul(psi(vec.rows, rowSizes, a, i), M.data[i * M.cols + j] as number), psi(vec.cols, colSizes, b, j)));
            expect(S[a * K + b]).toBe(s);
          }
      }),
      { numRuns: runs(60) },
    );
  });

  it('with K = the exact rank the kernel verifies the sketch; with K = rank + 1 never', () => {
    fc.assert(
      fc.property(arb, fc.nat(), ({ x, rowModes }, seed) => {
        const rank = rankExact(f.matricize(Q, f.inField(Q, x), rowModes)).rank;
        if (rank === 0) return;
        const ok = buildSketch(x, rowModes, rank, seed);
        expect(verifyCertificate(ok.certificate).verdict).toBe('verified');
        const shape = f.shapeOf(x);
        const { colModes } = splitOf(shape.length, rowModes);
        const dims = Math.min(...[rowModes, colModes].map((ms) => ms.reduce((p, m) => p * (shape[m] as number), 1)));
        if (rank + 1 <= dims) {
          const over = buildSketch(x, rowModes, rank + 1, seed);
          expect(over.engineRank).toBeLessThanOrEqual(rank);
          expect(verifyCertificate(over.certificate)).toMatchObject({ verdict: 'rejected', code: 'SINGULAR_SKETCH' });
        }
      }),
      { numRuns: runs(80) },
    );
  });
});

describe('tampered sketch certificates', () => {
  const x = f.tt.random({ shape: [3, 3, 3, 3, 3, 3], rank: 2, seed: 5 });
  const rows = [0, 2, 4];
  const fresh = (explicit: boolean): Record<string, any> => JSON.parse(JSON.stringify(buildSketch(x, rows, 8, 11, { explicitVectors: explicit }).certificate)) as Record<string, any>;

  it('valid ones verify, with a seed and with explicit vectors', () => {
    expect(verifyCertificate(fresh(false)).verdict).toBe('verified');
    expect(verifyCertificate(fresh(true)).verdict).toBe('verified');
  });
  // Edits without resealing: the content digest catches each, even where the edited sketch would
  // still prove a true claim.
  const unsealed: [string, boolean, (c: Record<string, any>) => void][] = [
    ['a vector entry changed', true, (c) => (c.sketch.rowVectors[3][1] = (c.sketch.rowVectors[3][1] + 1) % SKETCH_PRIME)],
    ['K raised', false, (c) => (c.claim.rankAtLeast = 9)],
    ['a core changed', false, (c) => (c.matrix.tensor.cores[2][0] = String(BigInt(c.matrix.tensor.cores[2][0]) + 1n))],
    ['the seed changed', false, (c) => (c.sketch.seed += 1)],
  ];
  for (const [name, explicit, edit] of unsealed) {
    it(`${name} -> DIGEST_MISMATCH`, () => {
      const c = fresh(explicit);
      edit(c);
      expect(verifyCertificate(c)).toMatchObject({ verdict: 'rejected', code: 'DIGEST_MISMATCH' });
    });
  }
  // Edits resealed: each gets its own code.
  const sealed: [string, boolean, (c: Record<string, any>) => void, string][] = [
    ['an unknown generator', false, (c) => (c.sketch.generator = 'Math.random'), 'UNKNOWN_GENERATOR'],
    ['K above the matrix size', false, (c) => (c.claim.rankAtLeast = 28), 'CLAIM_MISMATCH'],
    ['a vector of the wrong length', true, (c) => c.sketch.colVectors[0].pop(), 'SIZE_MISMATCH'],
    ['seed and vectors mixed', true, (c) => (c.sketch.seed = 1), 'UNKNOWN_FIELD'],
  ];
  for (const [name, explicit, edit, code] of sealed) {
    it(`${name} (resealed) -> ${code}`, () => {
      const c = fresh(explicit);
      edit(c);
      expect(verifyCertificate(sealCertificate(c))).toMatchObject({ verdict: 'rejected', code });
    });
  }
  it('a forged claim with a valid digest is still caught: the sketch is singular', () => {
    // The rank of this matricization is 18 (n = 3 > r = 2): claim 19, honestly sealed.
    const c = buildSketch(x, rows, 19, 3, { precheck: true });
    expect(c.engineRank).toBe(18);
    expect(verifyCertificate(c.certificate)).toMatchObject({ code: 'SINGULAR_SKETCH' });
    // Vectors edited and resealed: still singular.
    const e = JSON.parse(JSON.stringify(buildSketch(x, rows, 19, 3, { explicitVectors: true }).certificate)) as Record<string, any>;
    e.sketch.rowVectors[0][0] = 12345;
    expect(verifyCertificate(sealCertificate(e))).toMatchObject({ code: 'SINGULAR_SKETCH' });
  });
});
