/**
 * From a trained network to a proof: export its weight tensor exactly, then certify the CP width
 * a shallow network needs to imitate that very network.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './run.js';
import { tensorToJson } from '../../src/formats/json.js';
import { stableJson } from '../../src/report/json.js';
import { loadMnist } from '../../src/nets/data/mnist.js';
import { exportClassTensor, toIntegerTensor } from '../../src/nets/export.js';
import { createNet } from '../../src/nets/models.js';
import { loadTf } from '../../src/nets/tf.js';
import { train } from '../../src/nets/train.js';

const dir = mkdtempSync(join(tmpdir(), 'ct-model-'));


describe('prove model-cp-width on a trained network', () => {
  it('trains a small TT network, exports it exactly, and certifies its CP width; verify accepts the certificate', async () => {
    const { tf } = await loadTf('auto');
    const ds = loadMnist('train', 256);
    // d = 16 patches, m = 4 features, rank 2: odd/even matricization 4^8 x 4^8 (sketch engine).
    const net = createNet(tf, { kind: 'tt', d: 16, inputDim: 49, features: 4, rank: 2, classes: 10, activation: 'relu', initNoise: 0.05, seed: 1 });
    train(tf, net, ds, ds, { epochs: 1, batchSize: 64, learningRate: 0.01, seed: 1 });
    const { tensor, log2Scale } = toIntegerTensor(exportClassTensor(net, 3), { kind: 'exact' });
    net.dispose();
    expect(log2Scale).toBeGreaterThan(0);
    const file = join(dir, 'tt.tensor.json');
    writeFileSync(file, stableJson(tensorToJson(tensor)));
    const cert = join(dir, 'cert.json');
    const p = await run('prove', 'model-cp-width', '--tensor', file, '--k', '64', '--certificate', cert, '--quiet');
    expect(p.code).toBe(0);
    expect(p.out).toContain('PROVED: width of a shallow network imitating the given one >= 64');
    const v = await run('verify', cert);
    expect(v.code).toBe(0);
    expect(v.out).toMatch(/^VERIFIED rank >= 64 of the 65536 x 65536 matricization .* \(a 64 x 64 sketch/);
  });

  it('a bound above what the split can reach is INCONCLUSIVE (exit 4), never REFUTED, and a bad file is a usage error', async () => {
    // A rank-1 TT: every matricization has rank 1.
    const t = { format: 'tt', shape: [2, 2, 2, 2], ranks: [1, 1, 1, 1, 1], cores: [[1, 2], [3, 4], [5, 6], [7, 8]] };
    const file = join(dir, 'rank1.json');
    writeFileSync(file, JSON.stringify(t));
    const r = await run('prove', 'model-cp-width', '--tensor', file, '--k', '2', '--quiet', '--width', '0');
    expect(r.code).toBe(4);
    expect(r.out).toMatch(/INCONCLUSIVE: .*this split can certify at most 1/);
    expect(r.out).not.toMatch(/REFUTED/);
    const ok = await run('prove', 'model-cp-width', '--tensor', file, '--quiet');
    expect(ok.code).toBe(0);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"format": "tt"}');
    const b = await run('prove', 'model-cp-width', '--tensor', bad);
    expect(b.code).toBe(2);
    expect(b.err).toMatch(/^error\[E_BAD_PARAMETER\]: the tensor file .* is not a tensor \(MISSING_FIELD at \/shape/);
    expect(readFileSync(file, 'utf8').length).toBeGreaterThan(0);
  });
});
