/**
 * check-theorem/nets: CP-, TT- and HT-networks in TensorFlow.js, their data, training, the
 * experiments, and the exact export of trained weights to tensor formats.
 *
 * TensorFlow.js itself is loaded on the first call of {@link loadTf}, never at import.
 *
 * @example
 * ```ts
 * import { loadTf, createNet, loadMnist, train, exportClassTensor } from 'check-theorem/nets';
 * const { tf } = await loadTf();
 * const net = createNet(tf, { kind: 'tt', d: 16, inputDim: 49, features: 32, rank: 4, classes: 10, activation: 'relu', initNoise: 0.05, seed: 1 });
 * train(tf, net, loadMnist('train', 2000), loadMnist('test', 500), { epochs: 1, batchSize: 32, learningRate: 0.005, seed: 1 });
 * const W3 = exportClassTensor(net, 3); // a TtTensor<number>
 * ```
 *
 * @packageDocumentation
 */
export { loadTf, BackendError, BACKEND_CHOICES, type BackendChoice, type TfRuntime, type Tf } from './tf.js';
export { createNet, defaultEngine, ACTIVATIONS, type Net, type ModelConfig, type ModelKind, type Activation, type Engine, type ParamBlock, type Targets } from './models.js';
export { train, evaluate, meanLoss, type Dataset, type TrainOptions, type TrainResult, type EpochRecord } from './train.js';
export { exportClassTensor, toIntegerTensor, parseRounding, type RoundingPolicy } from './export.js';
export { loadMnist, readIdxDataset, mnistDataDir } from './data/mnist.js';
export { loadCifar10, parseCifarBatches } from './data/cifar10.js';
export { toyDataset, type ToyName } from './data/toy.js';
export { createTeacher, teacherData, type TeacherConfig, type RegressionDataset } from './data/teacher.js';
export { parseIdx, encodeIdx, DataFormatError } from './data/idx.js';
export type { SequenceDataset } from './data/images.js';
export { runExpressivity, EXPRESSIVITY_DEFAULTS, type ExpressivityOptions } from './experiments/expressivity.js';
export { runClassify, MNIST_DEFAULTS, type ClassifyOptions } from './experiments/classify.js';
export { runToy, TOY_DEFAULTS, type ToyOptions } from './experiments/toy.js';
