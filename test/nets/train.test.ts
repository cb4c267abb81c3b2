/**
 * A few training steps lower the loss, for every model family; same seed, same numbers.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMnist } from '../../src/nets/data/mnist.js';
import { createNet, type ModelKind } from '../../src/nets/models.js';
import { loadTf, type Tf } from '../../src/nets/tf.js';
import { evaluate, meanLoss, train } from '../../src/nets/train.js';
import { createTeacher, teacherData } from '../../src/nets/data/teacher.js';

let tf: Tf;
beforeAll(async () => {
  tf = (await loadTf('auto')).tf;
});

describe('training', () => {
  const data = () => loadMnist('train', 512);
  for (const kind of ['tt', 'cp', 'ht'] as ModelKind[]) {
    it(`${kind}: the loss goes down on MNIST in three short epochs`, () => {
      const ds = data();
      const net = createNet(tf, { kind, d: 16, inputDim: 49, features: 8, rank: 3, classes: 10, activation: 'relu', initNoise: 0.05, seed: 2 });
      const before = meanLoss(tf, net, ds);
      const r = train(tf, net, ds, ds, { epochs: 3, batchSize: 64, learningRate: 0.01, seed: 1 });
      const losses = r.history.map((h) => h.loss);
      expect(losses[2]).toBeLessThan(losses[0] as number);
      expect(meanLoss(tf, net, ds)).toBeLessThan(before);
      net.dispose();
    });
  }

  it('regression on a teacher: error drops, and the same seed gives the same numbers', () => {
    const run = (): number[] => {
      const teacher = createTeacher(tf, { kind: 'tt', d: 4, inputDim: 2, features: 3, rank: 2, activation: 'tanh', coreNoise: 0.8, seed: 5 });
      const ds = teacherData(tf, teacher, 600, 9);
      const net = createNet(tf, { kind: 'tt', d: 4, inputDim: 2, features: 3, rank: 2, classes: 1, activation: 'tanh', initNoise: 0.1, seed: 3, fixedFeatures: teacher.featureMap() });
      const before = evaluate(tf, net, ds);
      const r = train(tf, net, ds, ds, { epochs: 8, batchSize: 64, learningRate: 0.02, seed: 1 });
      net.dispose();
      teacher.dispose();
      return [before, r.test];
    };
    const a = run();
    expect(a[1]).toBeLessThan((a[0] as number) / 2);
    expect(run()).toEqual(a);
  });
});
