/**
 * The textbook elimination mod p, as an independent reference for the engine (src/rank/modp.ts):
 * one column at a time, the first nonzero row of the column (in the current order) swapped into
 * place, every product reduced at once with `%`. No blocking, no delayed reduction, no
 * WebAssembly: slow, and obviously the same pivot rule.
 */
export interface ReferenceElimination {
  readonly rank: number;
  readonly pivotRows: number[];
  readonly pivotCols: number[];
}

function inverse(a: number, p: number): number {
  // a^(p-2) mod p, by BigInt (clarity over speed).
  let r = 1n;
  let b = BigInt(a);
  const P = BigInt(p);
  for (let e = P - 2n; e > 0n; e >>= 1n) {
    if (e & 1n) r = (r * b) % P;
    b = (b * b) % P;
  }
  return Number(r);
}

/** Rank and pivots of an m x n matrix of residues mod p (the input is not modified). */
export function referenceEliminateModP(input: Float64Array, m: number, n: number, p: number): ReferenceElimination {
  const a = Float64Array.from(input);
  const perm = Array.from({ length: m }, (_, i) => i);
  const pivotCols: number[] = [];
  let r = 0;
  for (let c = 0; c < n && r < m; c++) {
    let piv = r;
    while (piv < m && a[piv * n + c] === 0) piv++;
    if (piv === m) continue;
    for (let j = 0; j < n; j++) {
      const t = a[piv * n + j] as number;
      a[piv * n + j] = a[r * n + j] as number;
      a[r * n + j] = t;
    }
    [perm[piv], perm[r]] = [perm[r] as number, perm[piv] as number];
    const inv = inverse(a[r * n + c] as number, p);
    for (let i = r + 1; i < m; i++) {
      const v = a[i * n + c] as number;
      if (v === 0) continue;
      // Products of residues below 2^26 are below 2^52: exact in a double.
      const l = (v * inv) % p;
      for (let j = c; j < n; j++) a[i * n + j] = ((a[i * n + j] as number) + (p - l) * (a[r * n + j] as number)) % p;
    }
    pivotCols.push(c);
    r++;
  }
  return { rank: r, pivotRows: perm.slice(0, r), pivotCols };
}
