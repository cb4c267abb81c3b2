/**
 * Each model's forward pass equals <W_c, f(x_1) (x) ... (x) f(x_d)> computed by src/formats from
 * the same weights, and the exact integer export is the same tensor up to its power-of-two scale.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Q } from '../../src/exact/fields.js';
import { ratFromDouble, ratMul, ratEq, rational } from '../../src/exact/rational.js';
import { contract, inField, validate } from '../../src/formats/verbs.js';
import { createNet, type ModelConfig, type ModelKind } from '../../src/nets/models.js';
import { exportClassTensor, toIntegerTensor } from '../../src/nets/export.js';
import { loadTf, type Tf } from '../../src/nets/tf.js';
import { F64 } from '../../src/numeric/float64.js';

let tf: Tf;
beforeAll(async () => {
  tf = (await loadTf('auto')).tf;
});

const cases: [ModelKind, boolean, number][] = [
  ['cp', false, 4],
  ['tt', false, 6],
  ['tt', true, 5],
  ['ht', false, 4],
  ['ht', false, 6],
];

describe('forward pass = <W, Phi(X)> from src/formats', () => {
  for (const [kind, shared, d] of cases) {
    it(`${kind}${shared ? ' (shared cores)' : ''}, d = ${d}`, () => {
      const config: ModelConfig = { kind, d, inputDim: 3, features: 4, rank: 3, classes: 2, activation: 'tanh', sharedCores: shared, initNoise: 0.5, seed: 7 };
      const net = createNet(tf, config);
      const x = tf.randomNormal([5, d, 3], 0, 1, 'float32', 3) as import('@tensorflow/tfjs').Tensor3D;
      const scores = net.forward(x).arraySync() as number[][];
      const feats = net.features(x).arraySync() as number[][][];
      for (let c = 0; c < 2; c++) {
        const W = exportClassTensor(net, c);
        validate(W);
        if (shared) expect(W.format).toBe('tt-shared');
        for (let b = 0; b < 5; b++) {
          const v = contract(F64, W, feats[b] as number[][]);
          // float32 forward vs float64 contraction of the same float32 weights
          expect(Math.abs(v - (scores[b]?.[c] as number))).toBeLessThan(1e-4 * Math.max(1, Math.abs(v)));
        }
      }
      net.dispose();
      x.dispose();
    });
  }
});

describe('exact export', () => {
  it('the integer tensor is the float tensor times 2^log2Scale, exactly', () => {
    const net = createNet(tf, { kind: 'tt', d: 4, inputDim: 2, features: 3, rank: 2, classes: 1, activation: 'relu', initNoise: 0.3, seed: 1 });
    const W = exportClassTensor(net, 0);
    const { tensor, log2Scale } = toIntegerTensor(W, { kind: 'exact' });
    const vecs = [[1, 0.5, -2], [0.25, 1, 3], [-1, 2, 0.125], [1, 1, 1]];
    // <W, v> in exact rationals from the float weights, versus the integer export scaled back.
    if (W.format !== 'tt') throw new Error('expected a TT export');
    const Wq = { ...W, cores: W.cores.map((c) => c.map(ratFromDouble)) };
    const lhs = contract(Q, Wq, vecs.map((v) => v.map(ratFromDouble)));
    const rhs = contract(Q, inField(Q, tensor), vecs.map((v) => v.map(ratFromDouble)));
    expect(ratEq(ratMul(lhs, rational(2n ** BigInt(log2Scale))), rhs)).toBe(true);
    net.dispose();
  });
});
