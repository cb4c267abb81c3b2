/**
 * Two-dimensional toy sets generated in code: two interleaved half moons, and two concentric
 * circles. A point (u, v) is read as a sequence of d = 2 scalars.
 *
 * @packageDocumentation
 */
import { createRng } from '../../exact/prng.js';
import type { SequenceDataset } from './images.js';

function gaussian(rng: ReturnType<typeof createRng>): number {
  // Box-Muller on two uniforms in (0, 1].
  const u = 1 - rng.unit();
  const v = rng.unit();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Toy dataset names. */
export type ToyName = 'moons' | 'circles';

/** `count` points of a toy set with Gaussian noise of the given standard deviation (seeded). */
export function toyDataset(name: ToyName, count: number, noise: number, seed: number): SequenceDataset {
  const rng = createRng(seed);
  const x = new Float32Array(count * 2);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % 2;
    let u: number;
    let v: number;
    const t = Math.PI * rng.unit();
    if (name === 'moons') {
      u = label === 0 ? Math.cos(t) : 1 - Math.cos(t);
      v = label === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
      u -= 0.5;
      v -= 0.25;
    } else {
      const radius = label === 0 ? 1 : 0.5;
      u = radius * Math.cos(2 * t);
      v = radius * Math.sin(2 * t);
    }
    x[2 * i] = u + noise * gaussian(rng);
    x[2 * i + 1] = v + noise * gaussian(rng);
    labels[i] = label;
  }
  return { count, d: 2, inputDim: 1, x, labels, classes: 2 };
}
