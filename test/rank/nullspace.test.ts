/**
 * The products inside the null-space lifting (src/rank/nullspace.ts): the tiled product against
 * a BigInt product entry by entry, exactly and modulo a prime, on shapes with every remainder mod
 * the 4 x 4 tile and depths across the reduction interval; and the multimodular check catching
 * one wrong entry wherever it sits (tile or edge).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { annihilates, times } from '../../src/rank/nullspace.js';

const P = 8388593; // a prime below 2^23

function naive(A: readonly number[], m: number, n: number, B: readonly number[], f: number, p?: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < m; i++)
    for (let j = 0; j < f; j++) {
      let s = 0n;
      for (let k = 0; k < n; k++) s += BigInt(A[i * n + k] as number) * BigInt(B[k * f + j] as number);
      out.push(Number(p === undefined ? s : ((s % BigInt(p)) + BigInt(p)) % BigInt(p)));
    }
  return out;
}

describe('times: the tiled product of the Dixon steps and the exact check', () => {
  it('equals the BigInt product, modulo p (residues below 2^23) and exactly (small integers), on every tile remainder (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 11 }), fc.integer({ min: 1, max: 150 }), fc.integer({ min: 1, max: 11 }), fc.integer({ min: 0, max: 1 << 30 }), (m, n, f, seed) => {
        let s = seed >>> 0;
        const next = (mod: number): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), s % mod);
        const A = Array.from({ length: m * n }, () => next(P));
        const B = Array.from({ length: n * f }, () => next(P));
        const out = new Float64Array(m * f).fill(-1);
        times(Float64Array.from(A), m, n, Float64Array.from(B), f, out, P);
        expect(Array.from(out)).toEqual(naive(A, m, n, B, f, P));
        const a = A.map((x) => (x % 2001) - 1000);
        const b = B.map((x) => (x % 2001) - 1000);
        const exact = new Float64Array(m * f).fill(-1);
        times(Float64Array.from(a), m, n, Float64Array.from(b), f, exact);
        expect(Array.from(exact)).toEqual(naive(a, m, n, b, f));
      }),
      { numRuns: 120 },
    );
  });
  it('the largest residues summed over a depth of 150 stay exact (the reduction every 64 products)', () => {
    const n = 150;
    const A = new Array<number>(5 * n).fill(P - 1);
    const B = new Array<number>(n * 6).fill(P - 1);
    const out = new Float64Array(5 * 6);
    times(Float64Array.from(A), 5, n, Float64Array.from(B), 6, out, P);
    expect(Array.from(out)).toEqual(naive(A, 5, n, B, 6, P));
  });
  it('annihilates finds one wrong entry of A N in a tile row and in an edge row', () => {
    // A (7 x 6) of rank 3: rows 3..6 are sums of rows 0..2; N: 4 null vectors of A... built from the kernel of [I | C].
    const C = [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 10],
    ];
    const top = C.map((row, i) => [...[0, 1, 2].map((j) => (i === j ? 1 : 0)), ...row]);
    const rows = [...top, ...[[0, 1], [1, 2], [0, 2], [0, 0]].map(([x, y]) => (top[x as number] as number[]).map((v, j) => v + (top[y as number] as number[])[j]!))];
    const data = rows.flat();
    // Null vectors: x = (-C e_k, e_k) for k = 0..2.
    const vectors = [0, 1, 2].map((k) => [...C.map((row) => BigInt(-(row[k] as number))), ...[0, 1, 2].map((j) => (j === k ? 1n : 0n))]);
    const a = { rows: 7, cols: 6, data };
    expect(annihilates(a, vectors)).toBe(true);
    for (const wrongRow of [1, 6]) {
      const bad = { ...a, data: data.map((v, e) => (e === wrongRow * 6 + 4 ? v + 1 : v)) };
      expect(annihilates(bad, vectors)).toBe(false);
    }
  });
});
