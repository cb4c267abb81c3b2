/**
 * JSON forms of tensors and structures, as written into certificates. Entries are integers (JSON
 * numbers when safe, decimal strings otherwise) or fractions "a/b". The kernel reads these with
 * `src/kernel/structures.ts`; {@link tensorFromKernel} turns what it read back into this library's types.
 *
 * @packageDocumentation
 */
import { rational, ratToString, type Rational } from '../exact/rational.js';
import type { KernelTensor, Structure as KernelStructure } from '../kernel/index.js';
import type { NetworkStructure } from '../cuts/network.js';
import type { Tensor } from './types.js';

/** Exact scalars that can be written. */
export type JsonScalarSource = bigint | number | Rational;

/** One entry as JSON. */
export function scalarJson(x: JsonScalarSource): number | string {
  if (typeof x === 'number') {
    if (!Number.isSafeInteger(x)) throw new RangeError(`not an exact integer: ${x}`);
    return x;
  }
  if (typeof x === 'bigint') return x >= -(2n ** 53n) + 1n && x <= 2n ** 53n - 1n ? Number(x) : x.toString();
  if (x.den === 1n) return scalarJson(x.num);
  return ratToString(x);
}

const arr = (xs: readonly JsonScalarSource[]): (number | string)[] => xs.map(scalarJson);

/** The JSON object of a tensor with exact entries. */
export function tensorToJson(x: Tensor<JsonScalarSource>): object {
  switch (x.format) {
    case 'dense':
      return { format: 'dense', shape: [...x.shape], data: arr(x.data) };
    case 'cp':
      return { format: 'cp', shape: [...x.shape], rank: x.rank, factors: x.factors.map(arr), ...(x.weights ? { weights: arr(x.weights) } : {}) };
    case 'tt':
      return { format: 'tt', shape: [...x.shape], ranks: [...x.ranks], cores: x.cores.map(arr) };
    case 'tt-shared':
      return { format: 'tt-shared', order: x.order, size: x.size, rank: x.rank, first: arr(x.first), middle: arr(x.middle), last: arr(x.last) };
    case 'ht':
      return {
        format: 'ht',
        shape: [...x.shape],
        nodes: x.nodes.map((n) => (n.kind === 'leaf' ? { leaf: n.mode, rank: n.rank, frame: arr(n.frame) } : { children: [n.left, n.right], rank: n.rank, transfer: arr(n.transfer) })),
      };
    case 'network':
      return {
        format: 'network',
        nodes: x.nodes.map((n, t) => (n.sameAs === undefined ? { legs: [...n.legs], data: arr(x.data[t] as JsonScalarSource[]) } : { legs: [...n.legs], sameAs: n.sameAs })),
        modes: x.modes.map((m) => ({ leg: m.leg, size: m.size })),
        bonds: { ...x.bonds },
        ...(x.hyperedges ? { hyperedges: { ...x.hyperedges } } : {}),
      };
  }
}

/** The JSON object of a structure (no parameters). */
export function structureToJson(s: NetworkStructure): object {
  switch (s.format) {
    case 'dense':
      return { format: 'dense', shape: [...s.shape] };
    case 'cp':
      return { format: 'cp', shape: [...s.shape], rank: s.rank };
    case 'tt':
      return { format: 'tt', shape: [...s.shape], ranks: [...s.ranks] };
    case 'tt-shared':
      return { format: 'tt-shared', order: s.order, size: s.size, rank: s.rank };
    case 'ht':
      return { format: 'ht', shape: [...s.shape], nodes: s.nodes.map((n) => (n.kind === 'leaf' ? { leaf: n.mode, rank: n.rank } : { children: [n.left, n.right], rank: n.rank })) };
    case 'network':
      return { format: 'network', nodes: s.nodes.map((n) => (n.sameAs === undefined ? { legs: [...n.legs] } : { legs: [...n.legs], sameAs: n.sameAs })), modes: s.modes.map((m) => ({ leg: m.leg, size: m.size })), bonds: { ...s.bonds }, ...(s.hyperedges ? { hyperedges: { ...s.hyperedges } } : {}) };
  }
}

/** A structure as the kernel reads it (src/kernel/structures.ts) in this library's types. */
export function structureFromKernel(s: KernelStructure): NetworkStructure {
  switch (s.format) {
    case 'dense':
      return { format: 'dense', shape: [...s.shape] };
    case 'cp':
      return { format: 'cp', shape: [...s.shape], rank: s.rank };
    case 'tt':
      return { format: 'tt', shape: [...s.shape], ranks: [...s.ranks] };
    case 'tt-shared':
      return { format: 'tt-shared', order: s.order, size: s.size, rank: s.rank };
    case 'ht':
      return { format: 'ht', shape: [...s.shape], nodes: s.nodes.map((n) => ('leaf' in n ? { kind: 'leaf', mode: n.leaf, rank: n.rank } : { kind: 'inner', left: n.children[0], right: n.children[1], rank: n.rank })) };
    case 'network':
      return { format: 'network', nodes: s.nodes.map((n) => (n.sameAs === undefined ? { legs: [...n.legs] } : { legs: [...n.legs], sameAs: n.sameAs })), modes: s.modes.map((m) => ({ ...m })), bonds: { ...s.bonds }, ...(s.hyperedges ? { hyperedges: { ...s.hyperedges } } : {}) };
  }
}

/** A tensor the kernel read (exact entries) in this library's types, entries as canonical rationals. */
export function tensorFromKernel(x: KernelTensor): Tensor<Rational> {
  const b = x.blocks.map((block) => block.map((v) => rational(v.num, v.den)));
  const s = x.structure;
  switch (s.format) {
    case 'dense':
      return { format: 'dense', shape: [...s.shape], data: b[0] as Rational[] };
    case 'cp':
      return { format: 'cp', shape: [...s.shape], rank: s.rank, factors: b.slice(0, s.shape.length), ...(b.length > s.shape.length ? { weights: b[s.shape.length] as Rational[] } : {}) };
    case 'tt':
      return { format: 'tt', shape: [...s.shape], ranks: [...s.ranks], cores: b };
    case 'tt-shared':
      return { format: 'tt-shared', order: s.order, size: s.size, rank: s.rank, first: b[0] as Rational[], middle: b[1] as Rational[], last: b[2] as Rational[] };
    case 'ht':
      return {
        format: 'ht',
        shape: [...s.shape],
        nodes: s.nodes.map((n, t) =>
          'leaf' in n ? { kind: 'leaf', mode: n.leaf, rank: n.rank, frame: b[t] as Rational[] } : { kind: 'inner', left: n.children[0], right: n.children[1], rank: n.rank, transfer: b[t] as Rational[] },
        ),
      };
    case 'network': {
      // The kernel's blocks are the own nodes' data, in node order.
      const own: Rational[][] = [];
      let k = 0;
      s.nodes.forEach((n, t) => {
        if (n.sameAs === undefined) own[t] = b[k++] as Rational[];
      });
      const structure = structureFromKernel(s) as Extract<NetworkStructure, { format: 'network' }>;
      return { ...structure, data: s.nodes.map((n, t) => (n.sameAs === undefined ? (own[t] as Rational[]) : (own[n.sameAs] as Rational[]))) };
    }
  }
}
