/**
 * Building the tensors a theorem talks about from an {@link InstanceSpec}.
 *
 * @packageDocumentation
 */
import { deriveSeed } from '../exact/prng.js';
import * as f from '../formats/index.js';
import type { Tensor } from '../formats/types.js';
import type { Rational } from '../exact/rational.js';
import type { InstanceSpec } from './types.js';

/** The tree for an HT instance. */
export function treeFor(spec: InstanceSpec): f.DimensionTree {
  return spec.tree === 'caterpillar' ? f.caterpillarTree(spec.d) : f.balancedTree(spec.d);
}

/** The tensor of a spec; `attempt` > 0 derives a fresh seed for a retry. */
export function buildInstance(spec: InstanceSpec, attempt = 0): { tensor: Tensor<bigint>; seed?: number; subject?: Tensor<Rational> } {
  const shape = new Array<number>(spec.d).fill(spec.n);
  if (spec.kind === 'given') {
    if (!spec.given) throw new RangeError('a given instance needs its tensor');
    return { tensor: spec.given, ...(spec.givenExact ? { subject: spec.givenExact } : {}) };
  }
  if (spec.kind === 'witness') {
    switch (spec.format) {
      case 'tt':
        return { tensor: f.tt.witness(spec.n, spec.r, spec.d) };
      case 'ht':
        return { tensor: f.ht.witness(spec.n, spec.r, spec.d) };
      default:
        throw new RangeError(`no witness for format ${spec.format}`);
    }
  }
  const base = spec.seed ?? 1;
  const seed = attempt === 0 ? base : deriveSeed(base, `retry:${attempt}`);
  switch (spec.format) {
    case 'cp':
      return { tensor: f.cp.random({ shape, rank: spec.r, seed }), seed };
    case 'tt':
      return { tensor: f.tt.random({ shape, rank: spec.r, seed }), seed };
    case 'tt-shared':
      return { tensor: f.ttShared.random({ order: spec.d, size: spec.n, rank: spec.r, seed }), seed };
    case 'ht':
      return { tensor: f.ht.random({ shape, rank: spec.r, seed, tree: treeFor(spec) }), seed };
    case 'dense':
      return { tensor: f.dense.random({ shape, seed }), seed };
    case 'network':
      if (!spec.network) throw new RangeError('a network instance needs its structure');
      return { tensor: f.tn.random({ structure: spec.network, seed }), seed };
  }
}

/** "random TT (seed 7)" / "witness HT". */
export function describeInstance(spec: InstanceSpec, seed?: number): string {
  const fmt = spec.format === 'tt-shared' ? 'shared-core TT' : spec.format === 'network' ? 'network' : spec.format.toUpperCase();
  if (spec.kind === 'given') return `the given ${fmt}`;
  return spec.kind === 'witness' ? `the witness ${fmt}` : `a random integer ${fmt}${seed !== undefined ? ` (seed ${seed})` : ''}`;
}

/** Most parameters an instance may have (the kernel reads at most as many from a certificate). */
export const MAX_INSTANCE_PARAMS = 1 << 24;

/** An upper estimate of an instance's parameter count, from its spec alone (nothing allocated). */
export function estimateParams(spec: InstanceSpec): number {
  const { n, r, d } = spec;
  if (spec.given) return 0; // already in memory
  switch (spec.format) {
    case 'dense':
      return n ** d;
    case 'cp':
      return d * n * r;
    case 'tt':
      return d * n * r * r;
    case 'tt-shared':
      return n * r * r + 2 * n * r;
    case 'ht':
      return (d - 1) * r * r * r + d * n * r;
    case 'network':
      return spec.network ? spec.network.nodes.reduce((s, node, t) => (node.sameAs === undefined ? s + f.tn.nodeSize(spec.network as f.TnStructure, t) : s), 0) : 0;
  }
}
