/**
 * The settings of `train mnist` / `train cifar10` and their defaults, apart from the experiment
 * so that the command line can show the defaults without loading the training code.
 *
 * @packageDocumentation
 */
import type { RoundingPolicy } from '../export.js';
import type { Activation, ModelKind } from '../models.js';

/** Settings of a classification experiment (every one is a CLI flag). */
export interface ClassifyOptions {
  readonly models: readonly ModelKind[];
  readonly ranks: readonly number[];
  readonly features: number;
  readonly activation: Activation;
  readonly sharedCores: boolean;
  readonly trainSize: number;
  readonly testSize: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly initNoise: number;
  readonly seed: number;
  /** Several seeds: every model and rank trains once per seed; the figures show median and min-max. */
  readonly seeds?: readonly number[];
  /** How the exported model's weights become exact numbers. */
  readonly rounding: RoundingPolicy;
}

/**
 * MNIST defaults: 30000 training and 5000 test images, 6 epochs, ranks 1, 2, 4, 6: about two
 * minutes on this 2-core machine with the wasm backend (122 s measured with the load average at
 * 3-5, one worker; about seven before the fused engine). The full run: --train-size 60000
 * --test-size 10000 --epochs 10.
 */
export const MNIST_DEFAULTS: ClassifyOptions = {
  models: ['tt', 'cp', 'ht'],
  ranks: [1, 2, 4, 6],
  features: 32,
  activation: 'relu',
  sharedCores: false,
  trainSize: 30000,
  testSize: 5000,
  epochs: 6,
  batchSize: 32,
  learningRate: 0.005,
  initNoise: 0.05,
  seed: 1,
  rounding: { kind: 'exact' },
};
