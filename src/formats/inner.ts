/**
 * Inner products between tensors in any two formats, without materialising either (except a dense
 * operand, which is already materialised). The basis of exact equality checks:
 * ||X - Y||^2 = <X, X> - 2 <X, Y> + <Y, Y> = 0 over Q.
 *
 * Pairs and their algorithms:
 * - CP with anything: sum over rank-one terms of the other's contraction with the term's vectors.
 * - dense with anything: sum over entries of the dense tensor times the other's dense form.
 * - TT with TT: transfer matrices left to right.
 * - HT with HT on the same tree: Gram matrices bottom-up.
 * - TT with HT: bottom-up over the tree, each node carrying the TT bonds at the ends of its mode
 *   interval; needs every node's modes to be an interval (true for balanced and caterpillar trees).
 * - shared-core TT: as the TT it equals.
 * - anything else (networks, HT with HT on different trees): both written as networks, joined on
 *   their modes, and contracted in the kernel planner's order.
 *
 * @packageDocumentation
 */
import type { Field } from '../exact/field.js';
import { dot } from '../exact/field.js';
import { intervalsOf, sameTree, treeOf } from './tree.js';
import * as ttShared from './ttShared.js';
import { contract, shapeOf, toDense } from './verbs.js';
import type { CpTensor, HtTensor, Tensor, TtTensor } from './types.js';
import * as tn from './tn.js';
import { asNetwork } from './tnFamilies.js';

/** Raised for a pair of formats this module cannot contract without materialising. */
export class UnsupportedPairError extends Error {
  readonly code = 'UNSUPPORTED_PAIR';
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedPairError';
  }
}

function cpInner<T>(F: Field<T>, x: CpTensor<T>, y: Tensor<T>): T {
  const R = x.rank;
  let total = F.zero;
  for (let r = 0; r < R; r++) {
    const vectors = x.shape.map((n, k) => {
      const u = x.factors[k] as readonly T[];
      return Array.from({ length: n }, (_, i) => u[i * R + r] as T);
    });
    const term = contract(F, y, vectors);
    total = F.add(total, x.weights ? F.mul(x.weights[r] as T, term) : term);
  }
  return total;
}

function ttInner<T>(F: Field<T>, x: TtTensor<T>, y: TtTensor<T>): T {
  // E[a, a'] over bond k; start with the 1 x 1 identity.
  let E: T[] = [F.one];
  for (let k = 0; k < x.shape.length; k++) {
    const n = x.shape[k] as number;
    const a = x.ranks[k] as number;
    const b = x.ranks[k + 1] as number;
    const a2 = y.ranks[k] as number;
    const b2 = y.ranks[k + 1] as number;
    const G = x.cores[k] as readonly T[];
    const H = y.cores[k] as readonly T[];
    // W[a', i, b] = sum_a E[a, a'] G[a, i, b]
    const W = new Array<T>(a2 * n * b).fill(F.zero);
    for (let p = 0; p < a; p++)
      for (let p2 = 0; p2 < a2; p2++) {
        const e = E[p * a2 + p2] as T;
        if (F.isZero(e)) continue;
        for (let i = 0; i < n; i++)
          for (let q = 0; q < b; q++) W[(p2 * n + i) * b + q] = F.add(W[(p2 * n + i) * b + q] as T, F.mul(e, G[(p * n + i) * b + q] as T));
      }
    // E'[b, b'] = sum_{a', i} W[a', i, b] H[a', i, b']
    const next = new Array<T>(b * b2).fill(F.zero);
    for (let p2 = 0; p2 < a2; p2++)
      for (let i = 0; i < n; i++)
        for (let q = 0; q < b; q++) {
          const w = W[(p2 * n + i) * b + q] as T;
          if (F.isZero(w)) continue;
          for (let q2 = 0; q2 < b2; q2++) next[q * b2 + q2] = F.add(next[q * b2 + q2] as T, F.mul(w, H[(p2 * n + i) * b2 + q2] as T));
        }
    E = next;
  }
  return E[0] as T;
}

function htInnerSameTree<T>(F: Field<T>, x: HtTensor<T>, y: HtTensor<T>): T {
  const grams: T[][] = [];
  x.nodes.forEach((nx, t) => {
    const ny = y.nodes[t] as HtTensor<T>['nodes'][number];
    const r1 = nx.rank;
    const r2 = ny.rank;
    const g = new Array<T>(r1 * r2).fill(F.zero);
    if (nx.kind === 'leaf' && ny.kind === 'leaf') {
      const n = x.shape[nx.mode] as number;
      for (let i = 0; i < n; i++)
        for (let c = 0; c < r1; c++) {
          const u = nx.frame[i * r1 + c] as T;
          if (F.isZero(u)) continue;
          for (let c2 = 0; c2 < r2; c2++) g[c * r2 + c2] = F.add(g[c * r2 + c2] as T, F.mul(u, ny.frame[i * r2 + c2] as T));
        }
    } else if (nx.kind === 'inner' && ny.kind === 'inner') {
      const La = (x.nodes[nx.left] as { rank: number }).rank;
      const Lb = (y.nodes[ny.left] as { rank: number }).rank;
      const Ra = (x.nodes[nx.right] as { rank: number }).rank;
      const Rb = (y.nodes[ny.right] as { rank: number }).rank;
      const GL = grams[nx.left] as T[];
      const GR = grams[nx.right] as T[];
      // V[a2, b, c] = sum_a GL[a, a2] Bx[a, b, c]; then U[a2, b2, c] = sum_b GR[b, b2] V[a2, b, c];
      // g[c, c2] = sum_{a2, b2} U[a2, b2, c] By[a2, b2, c2].
      const V = new Array<T>(Lb * Ra * r1).fill(F.zero);
      for (let a = 0; a < La; a++)
        for (let a2 = 0; a2 < Lb; a2++) {
          const gl = GL[a * Lb + a2] as T;
          if (F.isZero(gl)) continue;
          for (let b = 0; b < Ra; b++)
            for (let c = 0; c < r1; c++) V[(a2 * Ra + b) * r1 + c] = F.add(V[(a2 * Ra + b) * r1 + c] as T, F.mul(gl, nx.transfer[(a * Ra + b) * r1 + c] as T));
        }
      const U = new Array<T>(Lb * Rb * r1).fill(F.zero);
      for (let a2 = 0; a2 < Lb; a2++)
        for (let b = 0; b < Ra; b++)
          for (let b2 = 0; b2 < Rb; b2++) {
            const gr = GR[b * Rb + b2] as T;
            if (F.isZero(gr)) continue;
            for (let c = 0; c < r1; c++) U[(a2 * Rb + b2) * r1 + c] = F.add(U[(a2 * Rb + b2) * r1 + c] as T, F.mul(gr, V[(a2 * Ra + b) * r1 + c] as T));
          }
      for (let a2 = 0; a2 < Lb; a2++)
        for (let b2 = 0; b2 < Rb; b2++)
          for (let c = 0; c < r1; c++) {
            const u = U[(a2 * Rb + b2) * r1 + c] as T;
            if (F.isZero(u)) continue;
            for (let c2 = 0; c2 < r2; c2++) g[c * r2 + c2] = F.add(g[c * r2 + c2] as T, F.mul(u, ny.transfer[(a2 * Rb + b2) * r2 + c2] as T));
          }
    }
    grams.push(g);
  });
  return (grams[grams.length - 1] as T[])[0] as T;
}

function ttHtInner<T>(F: Field<T>, x: TtTensor<T>, y: HtTensor<T>): T {
  const intervals = intervalsOf(treeOf(y));
  const bad = intervals.findIndex((iv) => iv === null);
  if (bad >= 0) throw new UnsupportedPairError(`TT with HT needs every tree node's modes to be an interval in order; node ${bad} is not`);
  // E_t[a, b, c]: a over TT bond lo, b over TT bond hi, c over the node's rank.
  const E: T[][] = [];
  y.nodes.forEach((node, t) => {
    const iv = intervals[t] as { lo: number; hi: number };
    const ra = x.ranks[iv.lo] as number;
    const rb = x.ranks[iv.hi] as number;
    const rc = node.rank;
    const out = new Array<T>(ra * rb * rc).fill(F.zero);
    if (node.kind === 'leaf') {
      const n = x.shape[node.mode] as number;
      const G = x.cores[node.mode] as readonly T[];
      for (let a = 0; a < ra; a++)
        for (let i = 0; i < n; i++)
          for (let b = 0; b < rb; b++) {
            const g = G[(a * n + i) * rb + b] as T;
            if (F.isZero(g)) continue;
            for (let c = 0; c < rc; c++) out[(a * rb + b) * rc + c] = F.add(out[(a * rb + b) * rc + c] as T, F.mul(g, node.frame[i * rc + c] as T));
          }
    } else {
      const mid = (intervals[node.left] as { hi: number }).hi;
      const re = x.ranks[mid] as number;
      const r1 = (y.nodes[node.left] as { rank: number }).rank;
      const r2 = (y.nodes[node.right] as { rank: number }).rank;
      const El = E[node.left] as T[];
      const Er = E[node.right] as T[];
      // Z[a, b, c1, c2] = sum_e El[a, e, c1] Er[e, b, c2]
      const Z = new Array<T>(ra * rb * r1 * r2).fill(F.zero);
      for (let a = 0; a < ra; a++)
        for (let e = 0; e < re; e++)
          for (let c1 = 0; c1 < r1; c1++) {
            const l = El[(a * re + e) * r1 + c1] as T;
            if (F.isZero(l)) continue;
            for (let b = 0; b < rb; b++)
              for (let c2 = 0; c2 < r2; c2++) {
                const idx = ((a * rb + b) * r1 + c1) * r2 + c2;
                Z[idx] = F.add(Z[idx] as T, F.mul(l, Er[(e * rb + b) * r2 + c2] as T));
              }
          }
      for (let ab = 0; ab < ra * rb; ab++)
        for (let c1 = 0; c1 < r1; c1++)
          for (let c2 = 0; c2 < r2; c2++) {
            const z = Z[(ab * r1 + c1) * r2 + c2] as T;
            if (F.isZero(z)) continue;
            for (let c = 0; c < rc; c++) out[ab * rc + c] = F.add(out[ab * rc + c] as T, F.mul(z, node.transfer[(c1 * r2 + c2) * rc + c] as T));
          }
    }
    E.push(out);
  });
  return (E[E.length - 1] as T[])[0] as T;
}

function sameShape(x: Tensor<unknown>, y: Tensor<unknown>): void {
  const a = shapeOf(x);
  const b = shapeOf(y);
  if (a.length !== b.length || a.some((n, k) => n !== b[k])) {
    throw new RangeError(`inner product of tensors of different shapes (${a.join(', ')}) and (${b.join(', ')})`);
  }
}

/** <X, Y> = sum over all entries of X[i] Y[i], computed from the formats. */
export function inner<T>(F: Field<T>, x: Tensor<T>, y: Tensor<T>): T {
  sameShape(x, y);
  const X = x.format === 'tt-shared' ? ttShared.toTt(x) : x;
  const Y = y.format === 'tt-shared' ? ttShared.toTt(y) : y;
  if (X.format === 'cp') return cpInner(F, X, Y);
  if (Y.format === 'cp') return cpInner(F, Y, X);
  if (X.format === 'dense') return dot(F, X.data, toDense(F, Y, Math.max(X.data.length, 1)).data);
  if (Y.format === 'dense') return dot(F, Y.data, toDense(F, X, Math.max(Y.data.length, 1)).data);
  if (X.format === 'tt' && Y.format === 'tt') return ttInner(F, X, Y);
  const viaNetworks = (): T => tn.inner(F, asNetwork(X), asNetwork(Y));
  if (X.format === 'tt' && Y.format === 'ht') return intervalsOf(treeOf(Y)).every((iv) => iv !== null) ? ttHtInner(F, X, Y) : viaNetworks();
  if (X.format === 'ht' && Y.format === 'tt') return intervalsOf(treeOf(X)).every((iv) => iv !== null) ? ttHtInner(F, Y, X) : viaNetworks();
  if (X.format === 'ht' && Y.format === 'ht' && sameTree(treeOf(X), treeOf(Y))) return htInnerSameTree(F, X, Y);
  // Every other pair (networks, HT on different trees): the two networks joined and contracted.
  return viaNetworks();
}

/** ||X||^2. */
export function normSquared<T>(F: Field<T>, x: Tensor<T>): T {
  return inner(F, x, x);
}

/** ||X - Y||^2 = <X, X> - 2 <X, Y> + <Y, Y>. */
export function distanceSquared<T>(F: Field<T>, x: Tensor<T>, y: Tensor<T>): T {
  const xy = inner(F, x, y);
  return F.add(F.sub(normSquared(F, x), F.add(xy, xy)), normSquared(F, y));
}
