/**
 * Training speed of the MNIST TT-network (d = 16 patches of 49 pixels, m = 32 features, r = 4,
 * batch 32) on every backend available here, and of the CP and HT networks of the same size on
 * the default backend. The speed to approach: a PyTorch prototype of the same TT-network runs about
 * 400 steps per second on these 2 cores (from the issue; not rerun here).
 */
import { loadMnist } from '../src/nets/data/mnist.js';
import { createNet, type ModelKind } from '../src/nets/models.js';
import { loadTf, type BackendChoice } from '../src/nets/tf.js';
import { train } from '../src/nets/train.js';
import { printTable } from './util.js';

/** Runs the training benchmark. */
export async function benchTrain(options: { quick?: boolean } = {}): Promise<void> {
  console.log('\n## Training steps per second (MNIST, batch 32, d = 16, m = 32, r = 4)\n');
  const data = loadMnist('train', options.quick ? 640 : 3200);
  const rows: string[][] = [];
  const backends: BackendChoice[] = ['node-gpu', 'node', 'wasm', 'cpu'];
  for (const backend of backends) {
    let rt;
    try {
      rt = await loadTf(backend);
    } catch (e) {
      rows.push([backend, 'tt', 'not available', (e as Error).message.split(':').slice(1).join(':').trim() || (e as Error).message]);
      continue;
    }
    const kinds: ModelKind[] = backend === 'wasm' ? ['tt', 'cp', 'ht'] : ['tt'];
    for (const kind of kinds) {
      const net = createNet(rt.tf, { kind, d: 16, inputDim: 49, features: 32, rank: 4, classes: 10, activation: 'relu', initNoise: 0.05, seed: 1 });
      // One short warm-up epoch, then the measured one.
      train(rt.tf, net, { ...data, count: 320 }, { ...data, count: 32 }, { epochs: 1, batchSize: 32, learningRate: 0.005, seed: 1 });
      const r = train(rt.tf, net, data, { ...data, count: 32 }, { epochs: 1, batchSize: 32, learningRate: 0.005, seed: 2 });
      rows.push([backend, kind, `${r.stepsPerSecond.toFixed(0)} steps/s`, `${((r.stepsPerSecond / 400) * 100).toFixed(0)}% of the PyTorch prototype's ~400 (${rt.description.split(';')[0]})`]);
      net.dispose();
    }
  }
  printTable(['backend', 'model', 'speed', 'note'], rows);
}
