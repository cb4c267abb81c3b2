/**
 * Strict reading of tensors and network structures from certificate JSON (the inverse of
 * `src/formats/json.ts`), with size limits, then the format's own validation.
 *
 * @packageDocumentation
 */
import type { Rational } from '../exact/rational.js';
import type { NetworkStructure } from '../cuts/network.js';
import { validateStructure } from '../cuts/network.js';
import type { HtInner, HtLeaf, Tensor } from '../formats/types.js';
import { FormatError } from '../formats/types.js';
import { validate } from '../formats/verbs.js';
import type { HtStructureNode } from '../formats/ht.js';
import { child, readArray, readInt, readObject, readRational, readString, type JsonObject } from './reader.js';
import { reject } from './verdict.js';

/** Most parameters one tensor in a certificate may have (2^24 rationals). */
export const MAX_TENSOR_PARAMS = 1 << 24;
/** Largest order, mode size and rank accepted. */
export const MAX_ORDER = 4096;
export const MAX_MODE_SIZE = 1 << 20;
export const MAX_RANK = 1 << 16;

const FORMATS = ['dense', 'cp', 'tt', 'tt-shared', 'ht'] as const;

function readShape(x: unknown, path: string): number[] {
  const a = readArray(x, path);
  if (a.length === 0 || a.length > MAX_ORDER) reject('BAD_TENSOR', path, `expected 1 to ${MAX_ORDER} modes, got ${a.length}`);
  return a.map((v, i) => readInt(v, child(path, i), 1, MAX_MODE_SIZE));
}

function readRanks(x: unknown, path: string, length: number): number[] {
  return readArray(x, path, length).map((v, i) => readInt(v, child(path, i), 1, MAX_RANK));
}

class ParamBudget {
  used = 0;
  take(n: number, path: string): void {
    this.used += n;
    if (this.used > MAX_TENSOR_PARAMS) reject('BUDGET_EXCEEDED', path, `more than ${MAX_TENSOR_PARAMS} parameters in one tensor`);
  }
}

function readEntries(x: unknown, path: string, length: number, budget: ParamBudget): Rational[] {
  budget.take(length, path);
  return readArray(x, path, length).map((v, i) => readRational(v, child(path, i)));
}

function readFormat(o: JsonObject, path: string): (typeof FORMATS)[number] {
  const f = readString(o['format'], child(path, 'format'));
  const known = FORMATS.find((k) => k === f);
  if (!known) reject('UNKNOWN_KIND', child(path, 'format'), `unknown format "${f}"; known: ${FORMATS.join(', ')}`);
  return known;
}

function checked<T>(path: string, value: T, check: (v: T) => void): T {
  try {
    check(value);
  } catch (e) {
    if (e instanceof FormatError) reject('BAD_TENSOR', path, e.message);
    throw e;
  }
  return value;
}

function readHtNodes(x: unknown, path: string, withData: false): HtStructureNode[];
function readHtNodes(x: unknown, path: string, withData: true, budget: ParamBudget, shape: readonly number[]): (HtLeaf<Rational> | HtInner<Rational>)[];
function readHtNodes(x: unknown, path: string, withData: boolean, budget?: ParamBudget, shape?: readonly number[]): (HtStructureNode | HtLeaf<Rational> | HtInner<Rational>)[] {
  const nodes = readArray(x, path);
  const ranks: number[] = [];
  return nodes.map((v, t) => {
    const p = child(path, t);
    const o = readObject(v, p, ['rank'], withData ? ['leaf', 'children', 'frame', 'transfer'] : ['leaf', 'children']);
    const rank = readInt(o['rank'], child(p, 'rank'), 1, MAX_RANK);
    ranks.push(rank);
    if ('leaf' in o) {
      if ('children' in o || 'transfer' in o) reject('UNKNOWN_FIELD', p, 'a leaf has "leaf", "rank" and "frame" only');
      const mode = readInt(o['leaf'], child(p, 'leaf'), 0, MAX_ORDER - 1);
      if (!withData) return { kind: 'leaf', mode, rank };
      if (!('frame' in o)) reject('MISSING_FIELD', child(p, 'frame'), 'missing field "frame"');
      const n = (shape as readonly number[])[mode];
      if (n === undefined) reject('BAD_TENSOR', child(p, 'leaf'), `mode ${mode} is not a mode of the shape`);
      return { kind: 'leaf', mode, rank, frame: readEntries(o['frame'], child(p, 'frame'), n * rank, budget as ParamBudget) };
    }
    if (!('children' in o)) reject('MISSING_FIELD', child(p, 'children'), 'a node needs "leaf" or "children"');
    if ('frame' in o) reject('UNKNOWN_FIELD', child(p, 'frame'), 'an inner node has "children", "rank" and "transfer" only');
    const ch = readArray(o['children'], child(p, 'children'), 2).map((c, i) => readInt(c, child(child(p, 'children'), i), 0, Math.max(0, t - 1)));
    if (t === 0) reject('BAD_TENSOR', child(p, 'children'), 'the first node cannot have children (children come first)');
    const [left, right] = ch as [number, number];
    if (!withData) return { kind: 'inner', left, right, rank };
    if (!('transfer' in o)) reject('MISSING_FIELD', child(p, 'transfer'), 'missing field "transfer"');
    const len = (ranks[left] as number) * (ranks[right] as number) * rank;
    return { kind: 'inner', left, right, rank, transfer: readEntries(o['transfer'], child(p, 'transfer'), len, budget as ParamBudget) };
  });
}

/** Reads a tensor with exact entries and validates it. */
export function readTensor(x: unknown, path: string): Tensor<Rational> {
  const head = readObject(x, path, ['format'], ['shape', 'rank', 'ranks', 'factors', 'weights', 'cores', 'order', 'size', 'first', 'middle', 'last', 'nodes', 'data']);
  const format = readFormat(head, path);
  const budget = new ParamBudget();
  const p = (k: string): string => child(path, k);
  switch (format) {
    case 'dense': {
      const o = readObject(x, path, ['format', 'shape', 'data']);
      const shape = readShape(o['shape'], p('shape'));
      const size = shape.reduce((a, b) => a * b, 1);
      if (size > MAX_TENSOR_PARAMS) reject('BUDGET_EXCEEDED', p('shape'), `a dense tensor of ${size} entries exceeds ${MAX_TENSOR_PARAMS}`);
      return checked(path, { format, shape, data: readEntries(o['data'], p('data'), size, budget) }, validate);
    }
    case 'cp': {
      const o = readObject(x, path, ['format', 'shape', 'rank', 'factors'], ['weights']);
      const shape = readShape(o['shape'], p('shape'));
      const rank = readInt(o['rank'], p('rank'), 1, MAX_RANK);
      const factors = readArray(o['factors'], p('factors'), shape.length).map((f, k) => readEntries(f, child(p('factors'), k), (shape[k] as number) * rank, budget));
      const weights = 'weights' in o ? readEntries(o['weights'], p('weights'), rank, budget) : undefined;
      return checked(path, { format, shape, rank, factors, ...(weights ? { weights } : {}) }, validate);
    }
    case 'tt': {
      const o = readObject(x, path, ['format', 'shape', 'ranks', 'cores']);
      const shape = readShape(o['shape'], p('shape'));
      const ranks = readRanks(o['ranks'], p('ranks'), shape.length + 1);
      const cores = readArray(o['cores'], p('cores'), shape.length).map((c, k) => readEntries(c, child(p('cores'), k), (ranks[k] as number) * (shape[k] as number) * (ranks[k + 1] as number), budget));
      return checked(path, { format, shape, ranks, cores }, validate);
    }
    case 'tt-shared': {
      const o = readObject(x, path, ['format', 'order', 'size', 'rank', 'first', 'middle', 'last']);
      const order = readInt(o['order'], p('order'), 2, MAX_ORDER);
      const size = readInt(o['size'], p('size'), 1, MAX_MODE_SIZE);
      const rank = readInt(o['rank'], p('rank'), 1, MAX_RANK);
      const first = readEntries(o['first'], p('first'), size * rank, budget);
      const middle = readEntries(o['middle'], p('middle'), rank * size * rank, budget);
      const last = readEntries(o['last'], p('last'), rank * size, budget);
      return checked(path, { format, order, size, rank, first, middle, last }, validate);
    }
    case 'ht': {
      const o = readObject(x, path, ['format', 'shape', 'nodes']);
      const shape = readShape(o['shape'], p('shape'));
      const nodes = readHtNodes(o['nodes'], p('nodes'), true, budget, shape);
      return checked(path, { format, shape, nodes }, validate);
    }
  }
}

/** Reads a network structure (a format without its parameters) and validates it. */
export function readStructure(x: unknown, path: string): NetworkStructure {
  const head = readObject(x, path, ['format'], ['shape', 'rank', 'ranks', 'order', 'size', 'nodes']);
  const format = readFormat(head, path);
  const p = (k: string): string => child(path, k);
  switch (format) {
    case 'dense': {
      const o = readObject(x, path, ['format', 'shape']);
      return checked(path, { format, shape: readShape(o['shape'], p('shape')) }, validateStructure);
    }
    case 'cp': {
      const o = readObject(x, path, ['format', 'shape', 'rank']);
      return checked(path, { format, shape: readShape(o['shape'], p('shape')), rank: readInt(o['rank'], p('rank'), 1, MAX_RANK) }, validateStructure);
    }
    case 'tt': {
      const o = readObject(x, path, ['format', 'shape', 'ranks']);
      const shape = readShape(o['shape'], p('shape'));
      return checked(path, { format, shape, ranks: readRanks(o['ranks'], p('ranks'), shape.length + 1) }, validateStructure);
    }
    case 'tt-shared': {
      const o = readObject(x, path, ['format', 'order', 'size', 'rank']);
      return checked(
        path,
        { format, order: readInt(o['order'], p('order'), 2, MAX_ORDER), size: readInt(o['size'], p('size'), 1, MAX_MODE_SIZE), rank: readInt(o['rank'], p('rank'), 1, MAX_RANK) },
        validateStructure,
      );
    }
    case 'ht': {
      const o = readObject(x, path, ['format', 'shape', 'nodes']);
      const shape = readShape(o['shape'], p('shape'));
      return checked(path, { format, shape, nodes: readHtNodes(o['nodes'], p('nodes'), false) }, validateStructure);
    }
  }
}
