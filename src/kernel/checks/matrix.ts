/**
 * Reading what rank certificates are about: primes, row modes, the subject matrix (explicit, or a
 * matricization of a tensor given by its exact parameters), minors' index lists.
 *
 * @packageDocumentation
 */
import { isPrime, PRIME_LIMIT } from '../arith.js';
import type { ExplicitSubject, GridSubject, MatricizationSubject, TensorRef } from '../claims.js';
import { generalizedIdentity, readGeneralized, treeOf, type GeneralizedNetwork, type GeneralizedRef } from '../generalized.js';
import { child, readArray, readIndexList, readInt, readObject, readScalar, readString, type JsonObject, type Scalar } from '../json.js';
import { sha256Hex } from '../sha256.js';
import { readTensor, shapeOf, tensorIdentity, type Tensor } from '../structures.js';
import { reject } from '../verdict.js';

/** Largest explicit matrix (entries). */
export const MAX_EXPLICIT_ENTRIES = 1 << 24;
/** Largest minor or sketch the kernel eliminates (K x K; about K^3 / 3 multiply-adds). */
export const MAX_MINOR_SIZE = 8192;

/** A prime p < 2^26 (so products of residues are exact in a double). */
export function readPrime(x: unknown, path: string): number {
  const p = readInt(x, path, 0);
  if (p >= PRIME_LIMIT) reject('PRIME_TOO_LARGE', path, `${p} is not below 2^26 (products of residues must stay exact)`);
  if (!isPrime(p)) reject('NOT_PRIME', path, `${p} is not prime`);
  return p;
}

/** A tensor's reference: its structure and the SHA-256 of its canonical form. */
export function tensorRef(x: Tensor): TensorRef {
  return { structure: x.structure, digest: sha256Hex(tensorIdentity(x)) };
}

/** Row modes of an order-d tensor: distinct, in [0, d) (none or all give a 1 x N or N x 1 matrix). */
export function readRowModes(x: unknown, path: string, d: number): number[] {
  return readIndexList(x, path, d);
}

/** The column modes: the modes not in `rowModes`, increasing. */
export function colModesOf(d: number, rowModes: readonly number[]): number[] {
  return Array.from({ length: d }, (_, m) => m).filter((m) => !rowModes.includes(m));
}

/** The subject of a rank claim, with the tensor for a matricization, the network for a grid. */
export type ReadSubject = { readonly subject: ExplicitSubject } | { readonly subject: MatricizationSubject; readonly tensor: Tensor } | { readonly subject: GridSubject; readonly network: GeneralizedNetwork };

/** A generalized network's reference: shape and identity digest. */
export function generalizedRef(n: GeneralizedNetwork): GeneralizedRef {
  const digest = sha256Hex(generalizedIdentity(n));
  if (n.format === 'generalized-tt') return { xi: n.xi, template: n.M, order: n.T, ranks: n.ranks as readonly number[], digest };
  return { format: 'generalized-ht', xi: n.xi, template: n.M, order: n.T, nodes: treeOf(n), digest };
}

/** Reads `matrix`: {kind: "explicit", rows, cols, entries} or {kind: "matricization", tensor, rowModes}. */
export function readSubject(x: unknown, path: string): ReadSubject {
  const head = readObject(x, path, ['kind'], ['rows', 'cols', 'entries', 'tensor', 'rowModes', 'network']);
  const kind = readString(head['kind'], child(path, 'kind'));
  if (kind === 'explicit') {
    const o = readObject(x, path, ['kind', 'rows', 'cols', 'entries']);
    const rows = readInt(o['rows'], child(path, 'rows'), 1, MAX_EXPLICIT_ENTRIES);
    const cols = readInt(o['cols'], child(path, 'cols'), 1, MAX_EXPLICIT_ENTRIES);
    if (rows * cols > MAX_EXPLICIT_ENTRIES) reject('BUDGET_EXCEEDED', path, `an explicit matrix of ${rows * cols} entries is above the kernel's limit ${MAX_EXPLICIT_ENTRIES}`);
    const ep = child(path, 'entries');
    const entries: Scalar[] = [];
    readArray(o['entries'], ep, rows).forEach((row, i) => readArray(row, child(ep, i), cols).forEach((v, j) => entries.push(readScalar(v, child(child(ep, i), j)))));
    return { subject: { kind: 'explicit', rows, cols, entries } };
  }
  if (kind === 'matricization') {
    const o = readObject(x, path, ['kind', 'tensor', 'rowModes']);
    const tensor = readTensor(o['tensor'], child(path, 'tensor'));
    const shape = shapeOf(tensor.structure);
    const rowModes = readRowModes(o['rowModes'], child(path, 'rowModes'), shape.length);
    const size = (modes: readonly number[]): bigint => modes.reduce((p, m) => p * BigInt(shape[m] as number), 1n);
    const subject: MatricizationSubject = { kind: 'matricization', tensor: tensorRef(tensor), rowModes, rows: size(rowModes), cols: size(colModesOf(shape.length, rowModes)) };
    return { subject, tensor };
  }
  if (kind === 'grid') {
    const o = readObject(x, path, ['kind', 'network', 'rowModes']);
    const network = readGeneralized(o['network'], child(path, 'network'));
    const rowModes = readRowModes(o['rowModes'], child(path, 'rowModes'), network.T);
    const M = BigInt(network.M);
    const subject: GridSubject = { kind: 'grid', network: generalizedRef(network), rowModes, rows: M ** BigInt(rowModes.length), cols: M ** BigInt(network.T - rowModes.length) };
    return { subject, network };
  }
  return reject('UNKNOWN_KIND', child(path, 'kind'), `unknown matrix kind "${kind.slice(0, 40)}"; known: explicit, matricization, grid`);
}

/** An index bound as a safe number (indices beyond 2^53 cannot be written anyway). */
export function indexBound(n: bigint | number): number {
  return typeof n === 'number' ? n : n > 2n ** 53n ? 2 ** 53 : Number(n);
}

/** A minor's row and column indices: distinct, in range, as many of each as the claim, within the limit. */
export function readMinorIndices(doc: JsonObject, rows: number, cols: number, bound: bigint, claimPath: string): { rows: number[]; cols: number[] } {
  const r = readArray(doc['rowIndices'], '/rowIndices');
  if (BigInt(r.length) !== bound) reject('CLAIM_MISMATCH', claimPath, `the claim is ${bound} but the minor has ${r.length} row indices`);
  if (r.length > MAX_MINOR_SIZE) reject('BUDGET_EXCEEDED', '/rowIndices', `a ${r.length} x ${r.length} minor is above the kernel's limit ${MAX_MINOR_SIZE} (elimination of about ${(r.length ** 3 / 3).toExponential(2)} multiply-adds)`);
  const ri = readIndexList(r, '/rowIndices', rows);
  const ci = readIndexList(doc['colIndices'], '/colIndices', cols);
  if (ci.length !== ri.length) reject('SIZE_MISMATCH', '/colIndices', `${ri.length} row indices but ${ci.length} column indices`);
  return { rows: ri, cols: ci };
}
