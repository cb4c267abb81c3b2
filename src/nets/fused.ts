/**
 * The fused engine: a whole network (feature map and multilinear part), or the network and its
 * loss, as one tf.customGrad of the flat parameter vector theta. Forward and backward run the
 * hand-written kernels of kernels.ts on copies of the data of theta and of the inputs, every
 * product included (the feature map's too: on the SIMD kernels, X A and X^T dZ measured as fast as
 * the wasm backend's XNNPACK matMul at batch 32 and faster at 256, without the tensor round trips).
 * TensorFlow.js sees the data only coming in (theta, x, dy) and going out (scores or loss, dTheta).
 *
 * So a training step records one node on the autodiff tape instead of hundreds, and Adam (from
 * TensorFlow.js, unchanged) updates one variable. The weights, their initialisation and the
 * exported formats are those of the autodiff engine (models.ts builds both from the same theta);
 * tests check that scores and gradients agree.
 *
 * The input x is not an input of the custom gradient: theta is the only tensor differentiated.
 *
 * @packageDocumentation
 */
import type * as TF from '@tensorflow/tfjs';
import { featureMapBackward, featureMapForward, meanSquaredError, multilinearForward, softmaxCrossEntropy, type Alloc, type LossValue, type MultilinearPlan, type ScratchPool } from './kernels.js';
import type { Activation } from './models.js';
import type { Tf } from './tf.js';

/** A network as the fused engine sees it. */
export interface FusedSpec {
  readonly d: number;
  readonly inputDim: number;
  /** Features m, the constant one included. */
  readonly m: number;
  readonly classes: number;
  readonly activation: Activation;
  readonly plan: MultilinearPlan;
  /**
   * The feature map: trainable at these offsets of theta (A (inputDim, m - 1) row-major, then b),
   * or fixed (A and b as numbers).
   */
  readonly featureMap: { readonly kind: 'trained'; readonly A: number; readonly b: number } | { readonly kind: 'fixed'; readonly A: Float32Array; readonly b: Float32Array };
  /** The network's reusable buffers. */
  readonly scratch: ScratchPool;
}

/** Targets of a batch: class labels (softmax cross-entropy) or scalar values (squared error). */
export type Targets = { readonly kind: 'labels'; readonly labels: ArrayLike<number> } | { readonly kind: 'values'; readonly values: ArrayLike<number> };

/**
 * One forward pass on the data: the scores, the pass's buffers (`alloc`), and the backward pass
 * from dScores to dTheta (a fresh array), which gives the buffers back for the next pass. The
 * pass works on copies of theta and dScores in its buffers (so the products of kernels.ts find all
 * their operands in one memory). The arrays handed to TensorFlow.js are copies or fresh (the cpu
 * backend keeps a tensor's array by reference), except dZ^T, whose tensor is disposed before the
 * buffers are given back.
 */
interface Pass {
  readonly scores: Float32Array;
  readonly alloc: Alloc;
  backward(dScores: Float32Array): Float32Array;
  /** Gives the buffers back without a backward pass (inference). */
  release(): void;
}

function forwardPass(spec: FusedSpec, thetaData: Float32Array, x: TF.Tensor3D): Pass {
  const B = x.shape[0];
  const lease = spec.scratch.lease(B);
  const { alloc } = lease;
  const { d, inputDim, m, activation } = spec;
  const rows = B * d;
  const theta = alloc(thetaData.length);
  theta.set(thetaData);
  const X = alloc(rows * inputDim);
  X.set(x.dataSync() as Float32Array);
  const fm = spec.featureMap;
  const [A, b] = fm.kind === 'fixed' ? [{ data: fm.A, off: 0 }, { data: fm.b, off: 0 }] : [{ data: theta, off: fm.A }, { data: theta, off: fm.b }];
  const F = featureMapForward(X, rows, inputDim, A, b, m, activation, alloc);
  const multi = multilinearForward(spec.plan, theta, F, B, alloc);
  return {
    scores: multi.scores,
    alloc,
    release: lease.release,
    backward: (dy) => {
      const dScores = alloc(dy.length);
      dScores.set(dy);
      const dTheta = alloc(theta.length);
      const dF = multi.backward(dScores, dTheta);
      if (fm.kind === 'trained') featureMapBackward(X, F, dF, rows, inputDim, m, activation, { data: dTheta, off: fm.A }, { data: dTheta, off: fm.b }, alloc);
      const out = dTheta.slice();
      lease.release();
      return out;
    },
  };
}

/** Scores (B, classes) of inputs x (B, d, inputDim), not differentiable: the buffers are reused at once. */
export function fusedPredict(tf: Tf, spec: FusedSpec, theta: TF.Variable, x: TF.Tensor3D): TF.Tensor2D {
  const pass = forwardPass(spec, theta.dataSync() as Float32Array, x);
  const scores = tf.tensor2d(pass.scores.slice(), [x.shape[0], spec.classes]);
  pass.release();
  return scores;
}

/** Scores (B, classes) of inputs x (B, d, inputDim), differentiable in theta. */
export function fusedScores(tf: Tf, spec: FusedSpec, theta: TF.Variable, x: TF.Tensor3D): TF.Tensor2D {
  // The custom gradient's one input is theta (read here through the variable itself).
  const op = tf.customGrad(() => {
    const pass = forwardPass(spec, theta.dataSync() as Float32Array, x);
    const B = x.shape[0];
    return {
      value: tf.tensor2d(pass.scores.slice(), [B, spec.classes]),
      gradFunc: (dy: TF.Tensor) => [tf.tensor1d(pass.backward(dy.dataSync() as Float32Array))],
    };
  });
  return op(theta) as TF.Tensor2D;
}

/** The mean loss of the batch, differentiable in theta: network and loss in one node. */
export function fusedLoss(tf: Tf, spec: FusedSpec, theta: TF.Variable, x: TF.Tensor3D, targets: Targets): TF.Scalar {
  // The custom gradient's one input is theta (read here through the variable itself).
  const op = tf.customGrad(() => {
    const pass = forwardPass(spec, theta.dataSync() as Float32Array, x);
    const B = x.shape[0];
    const loss: LossValue = targets.kind === 'labels' ? softmaxCrossEntropy(pass.scores, targets.labels, B, spec.classes, pass.alloc) : meanSquaredError(pass.scores, targets.values, B, pass.alloc);
    return {
      value: tf.scalar(loss.loss),
      gradFunc: (dy: TF.Tensor) => {
        const scale = dy.dataSync()[0] as number;
        const dScores = scale === 1 ? loss.dScores : loss.dScores.map((v) => v * scale);
        return [tf.tensor1d(pass.backward(dScores))];
      },
    };
  });
  return op(theta) as TF.Scalar;
}
