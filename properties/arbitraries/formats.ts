/**
 * fast-check arbitraries for every tensor format, reusable by every suite. Each draws a small
 * shape and ranks, then a seeded integer instance from the format's own `random` (so a failure
 * replays from the printed record), plus the witness cores.
 */
import fc from 'fast-check';
import * as f from '../../src/formats/index.js';
import type { DimensionTree, FormatName, Tensor } from '../../src/formats/index.js';

/** Size limits for generated tensors. */
export interface FormatArbOptions {
  readonly minOrder?: number;
  readonly maxOrder?: number;
  readonly maxMode?: number;
  readonly maxRank?: number;
  /** Entry bound of the random instances (default 5: small, so float64 stays exact too). */
  readonly entryBound?: number;
  /** Largest number of entries of the full tensor (keeps dense cross-checks cheap). */
  readonly maxEntries?: number;
}

const defaults = { minOrder: 1, maxOrder: 5, maxMode: 3, maxRank: 3, entryBound: 5, maxEntries: 400 };

function shapeArb(o: Required<FormatArbOptions>): fc.Arbitrary<number[]> {
  return fc
    .integer({ min: o.minOrder, max: o.maxOrder })
    .chain((d) => fc.array(fc.integer({ min: 1, max: o.maxMode }), { minLength: d, maxLength: d }))
    .filter((shape) => shape.reduce((a, b) => a * b, 1) <= o.maxEntries);
}

/** Either the balanced or the caterpillar tree over d modes. */
export function treeArb(d: number): fc.Arbitrary<DimensionTree> {
  return fc.constantFrom(f.balancedTree(d), f.caterpillarTree(d));
}

/** Random tensors of one format. */
export function tensorArb(format: FormatName, options: FormatArbOptions = {}): fc.Arbitrary<Tensor<bigint>> {
  const o = { ...defaults, ...options };
  const seed = fc.integer({ min: 0, max: 2 ** 31 - 1 });
  const rank = fc.integer({ min: 1, max: o.maxRank });
  switch (format) {
    case 'dense':
      return fc.record({ shape: shapeArb(o), seed }).map((r) => f.dense.random({ ...r, entryBound: o.entryBound }));
    case 'cp':
      return fc.record({ shape: shapeArb(o), rank, seed }).map((r) => f.cp.random({ ...r, entryBound: o.entryBound }));
    case 'tt':
      return fc
        .record({ shape: shapeArb(o), seed, ranks: fc.array(rank, { minLength: o.maxOrder + 1, maxLength: o.maxOrder + 1 }) })
        .map((r) => f.tt.random({ shape: r.shape, seed: r.seed, rank: r.ranks.slice(0, r.shape.length + 1), entryBound: o.entryBound }));
    case 'tt-shared':
      return fc
        .record({ d: fc.integer({ min: Math.max(2, o.minOrder), max: Math.max(2, o.maxOrder) }), n: fc.integer({ min: 1, max: o.maxMode }), rank, seed })
        .filter((r) => r.n ** r.d <= o.maxEntries)
        .map((r) => f.ttShared.random({ order: r.d, size: r.n, rank: r.rank, seed: r.seed, entryBound: o.entryBound }));
    case 'ht':
      return shapeArb(o).chain((shape) =>
        fc
          .record({ tree: treeArb(shape.length), seed, ranks: fc.array(rank, { minLength: 2 * shape.length - 1, maxLength: 2 * shape.length - 1 }) })
          .map((r) => f.ht.random({ shape, tree: r.tree, seed: r.seed, rank: r.ranks, entryBound: o.entryBound })),
      );
    case 'network': {
      // Rings (loops), 2 x k grids, random trees of any arity, and every other format as a network.
      const n = fc.integer({ min: 1, max: o.maxMode });
      const small = (x: f.TnStructure): boolean => x.modes.reduce((p, m) => p * m.size, 1) <= o.maxEntries && x.modes.length <= o.maxOrder;
      const structure = fc.oneof(
        fc.record({ d: fc.integer({ min: 2, max: Math.max(2, o.maxOrder) }), n, rank }).map((r) => f.ring(r.n, r.rank, r.d)),
        fc.record({ k: fc.integer({ min: 1, max: 2 }), n, rank }).map((r) => f.grid(r.k, r.n, r.rank)),
        fc.record({ d: fc.integer({ min: 1, max: Math.max(1, o.maxOrder) }), n, rank, arity: fc.integer({ min: 2, max: 3 }) }).map((r) => f.treeNetwork(groupModes(r.d, r.arity), r.n, r.rank)),
      );
      return fc.oneof(
        fc.record({ s: structure.filter(small), seed }).map((r) => f.tn.random({ structure: r.s, seed: r.seed, entryBound: o.entryBound })),
        fc.constantFrom<FormatName>('dense', 'cp', 'tt', 'tt-shared', 'ht').chain((name) => tensorArb(name, options)).map((x) => f.asNetwork(x)),
      );
    }
  }
}

/** The modes 0..d-1 grouped into a tree of the given arity (the last group may be smaller). */
function groupModes(d: number, arity: number): f.ModeTree {
  let level: f.ModeTree[] = Array.from({ length: d }, (_, m) => m);
  while (level.length > 1) {
    const next: f.ModeTree[] = [];
    for (let i = 0; i < level.length; i += arity) {
      const g = level.slice(i, i + arity);
      next.push(g.length === 1 ? (g[0] as f.ModeTree) : g);
    }
    level = next;
  }
  return level[0] as f.ModeTree;
}

/** Random tensors of any format. */
export function anyTensorArb(options: FormatArbOptions = {}): fc.Arbitrary<Tensor<bigint>> {
  return fc.oneof(...f.FORMAT_NAMES.map((name) => tensorArb(name, options)));
}

/** A tensor together with a random split of its modes into row modes (in random order). */
export function tensorWithSplitArb(arb: fc.Arbitrary<Tensor<bigint>>): fc.Arbitrary<{ x: Tensor<bigint>; rowModes: number[] }> {
  return arb.chain((x) => {
    const d = f.orderOf(x);
    return fc
      .shuffledSubarray(Array.from({ length: d }, (_, m) => m))
      .map((rowModes) => ({ x, rowModes }));
  });
}
