/**
 * Networks users name on the command line (`--network`): a built-in family at (n, r, d), an
 * einsum spec with its sizes, or a file holding a network (structure or tensor, the kernel's JSON).
 *
 * - `ring`: tensor ring with d nodes, modes of size n, bonds r.
 * - `grid`: 2 x (d/2) grid (d even), modes n, bonds r.
 * - `tree:((0 1) (2 3 4))`: tree tensor network on that tree (any arity), modes n, edges r.
 * - `pool:K` / `pool:K:shared`: a deep convolutional arithmetic circuit with pooling windows of K
 *   (d = K^L leaves, grouped K at a time), weights shared across each layer with `:shared`.
 * - `einsum:ea,abi,bcj,cek->ijk` (or just the spec) with `--sizes a=2,b=2,...`.
 * - anything else is a file path.
 *
 * @packageDocumentation
 */
import { fromEinsum, grid, parseModeTree, poolingTree, ring, shareLayers, treeNetwork, type TnStructure, type TnTensor } from '../src/formats/index.js';
import { FormatError } from '../src/formats/types.js';
import { guarded, MAX_TEXT_LENGTH, parseJson, readStructure, readTensor } from '../src/kernel/index.js';
import { structureFromKernel, tensorFromKernel } from '../src/formats/json.js';
import type { Rational } from '../src/exact/rational.js';
import { ParameterError, readParameterFile, type TheoremParams } from './types.js';

/** Parses "a=2,b=3" into sizes. */
export function parseSizes(text: string | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  if (text === undefined || text.trim() === '') return out;
  for (const part of text.split(',')) {
    const m = /^\s*([A-Za-z])\s*=\s*(\d+)\s*$/.exec(part);
    if (!m) throw new ParameterError(`--sizes must be letter=size pairs separated by commas, got "${part.slice(0, 40)}"`);
    out[m[1] as string] = Number(m[2]);
  }
  return out;
}

/** What a `--network` names: its structure, and its parameters when a file holds a tensor. */
export interface NamedNetwork {
  readonly structure: TnStructure;
  readonly tensor?: TnTensor<Rational>;
  readonly description: string;
}

const cache = new Map<string, NamedNetwork>();

function fromFile(file: string): NamedNetwork {
  const text = readParameterFile(file, 'the network file', MAX_TEXT_LENGTH);
  const doc = guarded(() => parseJson(text));
  if ('verdict' in (doc as object) && Object.getPrototypeOf(doc) !== null) {
    const r = doc as unknown as { code: string; path: string; detail: string };
    throw new ParameterError(`the network file "${file}" is not JSON the kernel reads (${r.code} at ${r.path || '/'}: ${r.detail})`);
  }
  const hasData = JSON.stringify(doc).includes('"data"');
  const read = guarded(() => (hasData ? readTensor(doc, '') : readStructure(doc, '')));
  if ('verdict' in read) throw new ParameterError(`the network file "${file}" is not a network (${read.code} at ${read.path || '/'}: ${read.detail})`);
  if (hasData) {
    const t = tensorFromKernel(read as Parameters<typeof tensorFromKernel>[0]);
    if (t.format !== 'network') throw new ParameterError(`the file "${file}" holds a ${t.format} tensor; --network takes a network (format "network")`);
    const { data: _data, ...structure } = t;
    void _data;
    return { structure, tensor: t, description: `network of ${file}` };
  }
  const s = structureFromKernel(read as Parameters<typeof structureFromKernel>[0]);
  if (s.format !== 'network') throw new ParameterError(`the file "${file}" holds a ${s.format} structure; --network takes a network (format "network")`);
  return { structure: s, description: `network of ${file}` };
}

/** The network a `--network` value names (see the module comment). */
export function resolveNetwork(p: TheoremParams): NamedNetwork {
  const spec = p.network ?? '';
  const key = `${spec}|${p.n}|${p.r}|${p.d}|${p.sizes ?? ''}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const need = (names: readonly ('n' | 'r' | 'd')[]): void => {
    for (const k of names) if (!Number.isSafeInteger(p[k]) || (p[k] as number) < 1) throw new ParameterError(`--network ${spec.split(':')[0]} needs --${k}`);
  };
  let out: NamedNetwork;
  try {
    if (spec === 'ring') {
      need(['n', 'r', 'd']);
      out = { structure: ring(p.n, p.r, p.d), description: `tensor ring (n=${p.n}, r=${p.r}, d=${p.d})` };
    } else if (spec === 'grid') {
      need(['n', 'r', 'd']);
      if (p.d % 2 !== 0) throw new ParameterError(`--network grid is 2 x (d/2): d must be even, got ${p.d}`);
      out = { structure: grid(p.d / 2, p.n, p.r), description: `2 x ${p.d / 2} grid (n=${p.n}, r=${p.r})` };
    } else if (spec.startsWith('tree:')) {
      need(['n', 'r']);
      const structure = treeNetwork(parseModeTree(spec.slice(5)), p.n, p.r);
      if (!Number.isNaN(p.d) && p.d !== structure.modes.length) throw new ParameterError(`the tree ${spec.slice(5)} has ${structure.modes.length} modes, but --d is ${p.d}`);
      out = { structure, description: `tree network ${spec.slice(5)} (n=${p.n}, r=${p.r})` };
    } else if (/^pool:\d+(:shared)?$/.test(spec)) {
      need(['n', 'r', 'd']);
      const [, k, shared] = spec.split(':');
      const tree = treeNetwork(poolingTree(p.d, Number(k)), p.n, p.r);
      out = { structure: shared ? shareLayers(tree) : tree, description: `pooling network with windows of ${k}${shared ? ', weights shared across each layer' : ''} (n=${p.n}, r=${p.r}, d=${p.d})` };
    } else if (spec.startsWith('einsum:') || /^[A-Za-z,]+(->[A-Za-z]*)?$/.test(spec)) {
      const e = spec.startsWith('einsum:') ? spec.slice(7) : spec;
      out = { structure: fromEinsum(e, parseSizes(p.sizes)), description: `network ${e}` };
    } else out = fromFile(spec);
  } catch (e) {
    if (e instanceof FormatError) throw new ParameterError(e.message);
    throw e;
  }
  cache.set(key, out);
  return out;
}
