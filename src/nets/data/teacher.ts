/**
 * A synthetic teacher for the expressivity experiment: a random TT (or HT) network with a fixed
 * random feature map; its scores on random inputs are the regression targets.
 *
 * @packageDocumentation
 */
import type * as TF from '@tensorflow/tfjs';
import { createNet, type ModelKind, type Net, type Activation } from '../models.js';
import type { Tf } from '../tf.js';
import { deriveSeed } from '../../exact/prng.js';

/** A regression dataset: inputs (count, d, inputDim) and scalar targets. */
export interface RegressionDataset {
  readonly count: number;
  readonly d: number;
  readonly inputDim: number;
  readonly x: Float32Array;
  readonly y: Float32Array;
}

/** The teacher's settings. */
export interface TeacherConfig {
  readonly kind: Extract<ModelKind, 'tt' | 'ht'>;
  readonly d: number;
  readonly inputDim: number;
  readonly features: number;
  readonly rank: number;
  readonly activation: Activation;
  /** Noise of the teacher's cores around identity: large enough that it is far from rank one. */
  readonly coreNoise: number;
  readonly seed: number;
}

/** The teacher network (its feature map and cores are random and fixed). */
export function createTeacher(tf: Tf, c: TeacherConfig): Net {
  return createNet(tf, { kind: c.kind, d: c.d, inputDim: c.inputDim, features: c.features, rank: c.rank, classes: 1, activation: c.activation, initNoise: c.coreNoise, seed: c.seed });
}

/** Inputs ~ N(0, 1) and the teacher's scores, standardised to mean 0 and variance 1. */
export function teacherData(tf: Tf, teacher: Net, count: number, seed: number): RegressionDataset {
  const { d, inputDim } = teacher.config;
  return tf.tidy(() => {
    const x = tf.randomNormal([count, d, inputDim], 0, 1, 'float32', deriveSeed(seed, 'teacher:inputs')) as TF.Tensor3D;
    const y = tf.reshape(teacher.predict(x), [count]);
    const { mean, variance } = tf.moments(y);
    const z = tf.div(tf.sub(y, mean), tf.sqrt(tf.add(variance, 1e-12)));
    return { count, d, inputDim, x: x.dataSync() as Float32Array, y: z.dataSync() as Float32Array };
  });
}
