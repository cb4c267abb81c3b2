/**
 * Image datasets as sequences of patches: the network reads an image as d patches in row-major
 * order over the patch grid, each patch a vector of its pixels (channels last).
 *
 * @packageDocumentation
 */

/** A labelled dataset of sequences: x is (count, d, inputDim) row-major, pixels in [0, 1]. */
export interface SequenceDataset {
  readonly count: number;
  readonly d: number;
  readonly inputDim: number;
  readonly x: Float32Array;
  readonly labels: Uint8Array;
  readonly classes: number;
}

/**
 * Cuts images (count, height, width, channels; bytes) into square patches of side `patch`, in
 * row-major order over the grid, each patch row-major over its pixels with channels last.
 */
export function toPatches(images: Uint8Array, count: number, height: number, width: number, channels: number, patch: number): { x: Float32Array; d: number; inputDim: number } {
  if (height % patch !== 0 || width % patch !== 0) throw new RangeError(`patch size ${patch} must divide ${height} x ${width}`);
  const gh = height / patch;
  const gw = width / patch;
  const d = gh * gw;
  const inputDim = patch * patch * channels;
  const x = new Float32Array(count * d * inputDim);
  for (let n = 0; n < count; n++)
    for (let py = 0; py < gh; py++)
      for (let px = 0; px < gw; px++) {
        const k = py * gw + px;
        let o = (n * d + k) * inputDim;
        for (let y = 0; y < patch; y++)
          for (let xx = 0; xx < patch; xx++)
            for (let c = 0; c < channels; c++) x[o++] = (images[((n * height + py * patch + y) * width + px * patch + xx) * channels + c] as number) / 255;
      }
  return { x, d, inputDim };
}
