/**
 * Splits up to symmetry: a network whose modes can be permuted without changing the network (a
 * ring's rotations and reflections, a grid's flips, a TT read backwards) has the same generic rank
 * at a split and at its image, and at a split and its complement (the transpose). Surveys and
 * conjectures over "every split" take one split per orbit.
 *
 * @packageDocumentation
 */

/** A permutation of the modes: mode m goes to perm[m]. */
export type ModePermutation = readonly number[];

/** The rotations and reflections of a ring of d modes. */
export function ringSymmetries(d: number): ModePermutation[] {
  const out: number[][] = [];
  for (let s = 0; s < d; s++) {
    out.push(Array.from({ length: d }, (_, m) => (m + s) % d));
    out.push(Array.from({ length: d }, (_, m) => (s - m + d) % d));
  }
  return out;
}

/** The flips of a 2 x k grid whose modes are numbered row by row (top 0..k-1, bottom k..2k-1). */
export function gridSymmetries(d: number): ModePermutation[] {
  const k = d / 2;
  const out: number[][] = [];
  for (const flipRow of [false, true])
    for (const flipCol of [false, true])
      out.push(
        Array.from({ length: d }, (_, m) => {
          const row = Math.floor(m / k);
          const col = m % k;
          return (flipRow ? 1 - row : row) * k + (flipCol ? k - 1 - col : col);
        }),
      );
  return out;
}

/** A chain read forwards and backwards (TT). */
export function chainSymmetries(d: number): ModePermutation[] {
  return [Array.from({ length: d }, (_, m) => m), Array.from({ length: d }, (_, m) => d - 1 - m)];
}

/** Largest order whose splits are enumerated (2^d masks). */
export const MAX_ENUMERATED_ORDER = 20;

/**
 * One row-mode set per orbit of the symmetries (and of complement, unless `complement` is false:
 * a question that depends on the number of row modes tells a split from its complement), in
 * increasing mask order (so small splits of low modes come first). `'all'` means every
 * permutation (CP): one split per size.
 */
export function splitsUpToSymmetry(d: number, symmetries: readonly ModePermutation[] | 'all', complement = true): number[][] {
  if (!Number.isSafeInteger(d) || d < 2) throw new RangeError(`splits need at least 2 modes, got ${d}`);
  if (symmetries === 'all') return Array.from({ length: complement ? Math.floor(d / 2) : d - 1 }, (_, k) => Array.from({ length: k + 1 }, (_, m) => m));
  if (d > MAX_ENUMERATED_ORDER) throw new RangeError(`every split of ${d} modes is 2^${d - 1} splits; at most ${MAX_ENUMERATED_ORDER} modes here`);
  const full = (1 << d) - 1;
  const seen = new Set<number>();
  const out: number[][] = [];
  const perms = [Array.from({ length: d }, (_, m) => m), ...symmetries];
  for (let mask = 1; mask < full; mask++) {
    if (seen.has(mask)) continue;
    for (const perm of perms) {
      let image = 0;
      for (let m = 0; m < d; m++) if ((mask >> m) & 1) image |= 1 << (perm[m] as number);
      seen.add(image);
      if (complement) seen.add(full ^ image);
    }
    out.push(Array.from({ length: d }, (_, m) => m).filter((m) => (mask >> m) & 1));
  }
  return out;
}
