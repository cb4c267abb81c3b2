import { it } from 'vitest';
import { rankWithNullspace } from '../src/rank/nullspace.js';
import { bareiss } from '../src/rank/exact.js';
function rnd(seed: number) { let s = seed >>> 0; return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; }; }
function product(m: number, n: number, r: number, seed: number, e = 1000) {
  const R = rnd(seed); const B = Array.from({ length: m * r }, () => Math.floor(R() * (2 * e + 1)) - e); const C = Array.from({ length: r * n }, () => Math.floor(R() * (2 * e + 1)) - e);
  const data: number[] = []; for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) { let s = 0; for (let k = 0; k < r; k++) s += B[i * r + k]! * C[k * n + j]!; data.push(s); }
  return { rows: m, cols: n, data };
}
it('x', () => {
  for (const [m, n, r] of [[5, 7, 3], [20, 20, 12], [64, 64, 50], [128, 128, 100], [256, 256, 200], [100, 60, 60], [60, 100, 60]] as const) {
    const a = product(m, n, r, m + n + r);
    let t = performance.now(); const x = rankWithNullspace(a); const t1 = performance.now() - t;
    t = performance.now(); const b = m <= 128 ? bareiss(a).rank : -1; const t2 = performance.now() - t;
    console.log(m, n, r, 'ns', x.rank, x.side, x.vectors.length, 'primes', x.liftPrimes, t1.toFixed(0), 'ms; bareiss', b, t2.toFixed(0), 'ms');
  }
});
