/**
 * CIFAR-10 from a user-given folder of the standard binary batch files (data_batch_1.bin ...
 * data_batch_5.bin, test_batch.bin): each record is 1 label byte then 3072 pixel bytes, the red,
 * green and blue 32 x 32 planes in turn. Images are cut into 8 x 8 patches: d = 16 sequences of
 * 192 values (channels last).
 *
 * @packageDocumentation
 */
import { existsSync, statSync } from 'node:fs';
import { readBounded, FileError } from '../../io/files.js';
import { join } from 'node:path';
import { DataFormatError } from './idx.js';
import { toPatches, type SequenceDataset } from './images.js';

const RECORD = 1 + 3 * 32 * 32;

/** Parses one or more binary batch files' bytes into images (channels last) and labels. */
export function parseCifarBatches(buffers: readonly Uint8Array[], what: string): { images: Uint8Array; labels: Uint8Array; count: number } {
  const total = buffers.reduce((s, b) => s + b.length, 0);
  if (total === 0 || buffers.some((b) => b.length % RECORD !== 0)) throw new DataFormatError(`${what}: a CIFAR-10 binary batch is a multiple of ${RECORD} bytes`);
  const count = total / RECORD;
  const images = new Uint8Array(count * 32 * 32 * 3);
  const labels = new Uint8Array(count);
  let n = 0;
  for (const buf of buffers) {
    for (let off = 0; off < buf.length; off += RECORD, n++) {
      const label = buf[off] as number;
      if (label > 9) throw new DataFormatError(`${what}: record ${n} has label ${label}, expected 0..9`);
      labels[n] = label;
      for (let c = 0; c < 3; c++)
        for (let p = 0; p < 1024; p++) images[(n * 1024 + p) * 3 + c] = buf[off + 1 + c * 1024 + p] as number;
    }
  }
  return { images, labels, count };
}

/** The training (data_batch_1..5) or test (test_batch) split from a folder. */
export function loadCifar10(dir: string, split: 'train' | 'test', limit?: number): SequenceDataset {
  const files = split === 'train' ? [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`) : ['test_batch.bin'];
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new DataFormatError(`${dir}: not a folder (expected the CIFAR-10 binary version, cifar-10-batches-bin)`);
  const present = files.filter((f) => existsSync(join(dir, f)));
  if (present.length === 0) throw new DataFormatError(`${dir}: none of ${files.join(', ')} found (the CIFAR-10 binary version, cifar-10-batches-bin)`);
  // A batch file is 10000 records of 3073 bytes: anything much larger is not one, and is not read.
  const read = (f: string): Uint8Array => {
    try {
      return new Uint8Array(readBounded(join(dir, f), 'CIFAR-10 batch file', 10_000 * 3073 * 2));
    } catch (e) {
      if (e instanceof FileError) throw new DataFormatError(e.message);
      throw e;
    }
  };
  const { images, labels, count } = parseCifarBatches(present.map(read), dir);
  const n = Math.min(count, limit ?? count);
  const { x, d, inputDim } = toPatches(images.subarray(0, n * 3072), n, 32, 32, 3, 8);
  return { count: n, d, inputDim, x, labels: labels.slice(0, n), classes: 10 };
}
