/**
 * The fused engine against the autodiff one (TensorFlow.js ops differentiated by the tape) on the
 * same weights: scores, losses and gradients agree to float32 rounding, on every model family,
 * activation and feature map, over consecutive passes (the first on fresh arrays, the later ones
 * on the reused SIMD buffers); and training from a fixed seed reproduces the loss curve of the
 * code before the fused engine (pinned numbers).
 */
import type * as TF from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMnist } from '../../src/nets/data/mnist.js';
import { createNet, type ModelConfig, type Net, type Targets } from '../../src/nets/models.js';
import { loadTf, type Tf } from '../../src/nets/tf.js';
import { train } from '../../src/nets/train.js';

let tf: Tf;
beforeAll(async () => {
  tf = (await loadTf('auto')).tf;
});

/**
 * float32 tolerance, relative to the largest entry compared: the engines add the same terms in
 * different orders (and the fused one in doubles inside a product), a few ulps of float32 (2^-23
 * = 1.2e-7) times the depth of the sums; 1e-4 leaves room without hiding a wrong term, which is
 * off by the size of the term.
 */
const REL_TOL = 1e-4;

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): { diff: number; scale: number } {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs((a[i] as number) - (b[i] as number)));
    scale = Math.max(scale, Math.abs(b[i] as number));
  }
  return { diff, scale };
}

function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  expect(a.length, what).toBe(b.length);
  const { diff, scale } = maxDiff(a, b);
  expect(diff, `${what}: max difference ${diff} against max |entry| ${scale}`).toBeLessThanOrEqual(REL_TOL * Math.max(scale, 1e-3));
}

/** The loss and d loss / d theta of a net on a batch. */
function lossAndGradient(net: Net, x: TF.Tensor3D, targets: Targets, scale = 1): { loss: number; grad: Float32Array } {
  return tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => tf.mul(net.loss(x, targets), scale) as TF.Scalar, net.variables);
    const g = Object.values(grads)[0] as TF.Tensor;
    return { loss: value.dataSync()[0] as number, grad: g.dataSync() as Float32Array };
  });
}

const fixedFeatures = { A: Float32Array.from({ length: 3 * 4 }, (_, i) => Math.sin(i + 1)), b: Float32Array.from([0.1, -0.2, 0.3, 0]) };

const CASES: { label: string; config: Omit<ModelConfig, 'engine'> }[] = [
  { label: 'CP, relu, d = 4', config: { kind: 'cp', d: 4, inputDim: 3, features: 5, rank: 3, classes: 3, activation: 'relu', initNoise: 0.5, seed: 7 } },
  { label: 'TT, tanh, d = 6', config: { kind: 'tt', d: 6, inputDim: 3, features: 5, rank: 3, classes: 3, activation: 'tanh', initNoise: 0.5, seed: 7 } },
  { label: 'TT shared cores, sigmoid, d = 5', config: { kind: 'tt', d: 5, inputDim: 3, features: 5, rank: 3, classes: 3, activation: 'sigmoid', sharedCores: true, initNoise: 0.5, seed: 7 } },
  { label: 'TT, identity, d = 2 (no middle core)', config: { kind: 'tt', d: 2, inputDim: 3, features: 5, rank: 3, classes: 3, activation: 'identity', initNoise: 0.5, seed: 7 } },
  { label: 'HT, relu, d = 4', config: { kind: 'ht', d: 4, inputDim: 3, features: 5, rank: 3, classes: 3, activation: 'relu', initNoise: 0.5, seed: 7 } },
  { label: 'HT, tanh, d = 5 (unbalanced tree)', config: { kind: 'ht', d: 5, inputDim: 3, features: 5, rank: 3, classes: 3, activation: 'tanh', initNoise: 0.5, seed: 7 } },
  { label: 'TT, fixed feature map', config: { kind: 'tt', d: 4, inputDim: 3, features: 5, rank: 2, classes: 3, activation: 'tanh', initNoise: 0.5, seed: 7, fixedFeatures } },
  { label: 'CP, MNIST size (d = 16, m = 32, rank 4)', config: { kind: 'cp', d: 16, inputDim: 49, features: 32, rank: 4, classes: 10, activation: 'relu', initNoise: 0.05, seed: 3 } },
  { label: 'TT, MNIST size', config: { kind: 'tt', d: 16, inputDim: 49, features: 32, rank: 4, classes: 10, activation: 'relu', initNoise: 0.05, seed: 3 } },
  { label: 'HT, MNIST size', config: { kind: 'ht', d: 16, inputDim: 49, features: 32, rank: 4, classes: 10, activation: 'relu', initNoise: 0.05, seed: 3 } },
];

describe('fused engine = autodiff engine', () => {
  for (const { label, config } of CASES) {
    it(label, () => {
      const fused = createNet(tf, { ...config, engine: 'fused' });
      const auto = createNet(tf, { ...config, engine: 'autodiff' });
      expect(fused.engine).toBe('fused');
      expect(Array.from(fused.variables[0]?.dataSync() ?? [])).toEqual(Array.from(auto.variables[0]?.dataSync() ?? []));
      const B = 12;
      const x = tf.randomUniform([B, config.d, config.inputDim], -1, 2, 'float32', 5) as TF.Tensor3D;
      const labels: Targets = { kind: 'labels', labels: Array.from({ length: B }, (_, i) => (i * 7) % config.classes) };
      expectClose(fused.forward(x).dataSync(), auto.forward(x).dataSync(), 'scores');
      expectClose(fused.predict(x).dataSync(), auto.forward(x).dataSync(), 'predicted scores');
      const want = lossAndGradient(auto, x, labels);
      // Three passes: the first on fresh arrays, the next ones on the buffers it gave back.
      for (let pass = 0; pass < 3; pass++) {
        const got = lossAndGradient(fused, x, labels);
        expectClose([got.loss], [want.loss], `loss, pass ${pass}`);
        expectClose(got.grad, want.grad, `gradient, pass ${pass}`);
      }
      // A scaled loss scales the gradient (the custom gradient uses its incoming dy).
      expectClose(lossAndGradient(fused, x, labels, 3).grad, lossAndGradient(auto, x, labels, 3).grad, 'gradient of 3 loss');
      // Through forward (scores, then a TensorFlow.js loss): the gradient of the scores node.
      const viaForward = (net: Net) =>
        tf.tidy(() => Object.values(tf.variableGrads(() => tf.sum(tf.square(net.forward(x))) as TF.Scalar, net.variables).grads)[0]?.dataSync() as Float32Array);
      expectClose(viaForward(fused), viaForward(auto), 'gradient through forward');
      tf.dispose([x]);
      fused.dispose();
      auto.dispose();
    });
  }

  it('squared-error targets (regression)', () => {
    const config: Omit<ModelConfig, 'engine'> = { kind: 'tt', d: 4, inputDim: 2, features: 3, rank: 2, classes: 1, activation: 'tanh', initNoise: 0.3, seed: 1 };
    const fused = createNet(tf, { ...config, engine: 'fused' });
    const auto = createNet(tf, { ...config, engine: 'autodiff' });
    const x = tf.randomNormal([9, 4, 2], 0, 1, 'float32', 2) as TF.Tensor3D;
    const values: Targets = { kind: 'values', values: Array.from({ length: 9 }, (_, i) => Math.cos(i)) };
    const want = lossAndGradient(auto, x, values);
    for (let pass = 0; pass < 2; pass++) {
      const got = lossAndGradient(fused, x, values);
      expectClose([got.loss], [want.loss], 'loss');
      expectClose(got.grad, want.grad, 'gradient');
    }
    x.dispose();
    fused.dispose();
    auto.dispose();
  });
});

describe('training curves', () => {
  /**
   * Computed with the code before the fused engine (commit 799ce03: one variable per block,
   * TensorFlow.js autodiff): the sum and sum of squares of the cores and the sum of A at
   * initialisation, and the mean loss of three epochs on 256 MNIST images (batch 32, lr 0.01,
   * seed 1). The initialisation is the same to the last bit; the losses agree to float32
   * rounding accumulated over 24 steps (1e-5 relative here, observed ~1e-7).
   */
  const BEFORE = [
    { kind: 'tt', shared: false, init: [39.80019156851449, 57.85312588633606, 5.093097712378949], loss: [2.3356725573539734, 2.2795020043849945, 2.242777317762375], acc: 0.2109375 },
    { kind: 'tt', shared: true, init: [1.6123296136938734, 16.804575560210058, 5.093097712378949], loss: [2.467495769262314, 2.3023970127105713, 2.30263552069664], acc: 0.11328125 },
    { kind: 'cp', shared: false, init: [47.99531211293652, 57.67721429367586, 5.093097712378949], loss: [2.3825252056121826, 2.2717358767986298, 2.2337450087070465], acc: 0.13671875 },
    { kind: 'ht', shared: false, init: [28.45632466972347, 37.968355731983394, 5.093097712378949], loss: [2.397110491991043, 2.302357316017151, 2.302475333213806], acc: 0.1015625 },
  ] as const;

  for (const before of BEFORE) {
    it(`${before.kind}${before.shared ? ' (shared cores)' : ''}: the same initial weights and loss curve as before the fused engine`, () => {
      const ds = loadMnist('train', 256);
      const net = createNet(tf, { kind: before.kind, d: 16, inputDim: 49, features: 8, rank: 3, classes: 10, activation: 'relu', sharedCores: before.shared, initNoise: 0.05, seed: 2 });
      expect(net.engine).toBe('fused');
      let sum = 0;
      let squares = 0;
      for (const c of net.cores())
        for (const v of c.data) {
          sum += v;
          squares += v * v;
        }
      const aSum = net.featureMap().A.reduce((s, v) => s + v, 0);
      expect([sum, squares, aSum]).toEqual(before.init);
      const r = train(tf, net, ds, ds, { epochs: 3, batchSize: 32, learningRate: 0.01, seed: 1 });
      r.history.forEach((h, e) => expect(Math.abs(h.loss - (before.loss[e] as number)), `epoch ${e + 1}`).toBeLessThan(1e-5 * (before.loss[e] as number)));
      expect(r.train).toBe(before.acc);
      net.dispose();
    });
  }
});
