/**
 * CP -> TT with all inner ranks R (Khrulkov et al. 2018, Table 2: a width-R shallow network is a
 * width-R recurrent network): G_0[0, i, r] = w_r U_0[i, r], G_k[r, i, r] = U_k[i, r] (diagonal in
 * the bonds), G_{d-1}[r, i, 0] = U_{d-1}[i, r]. Exact over any field.
 *
 * @packageDocumentation
 */
import type { Field } from '../exact/field.js';
import type { CpTensor, TtTensor } from '../formats/types.js';

export function cpToTt<T>(F: Field<T>, x: CpTensor<T>): TtTensor<T> {
  const d = x.shape.length;
  const R = x.rank;
  const w = (r: number): T => (x.weights ? (x.weights[r] as T) : F.one);
  if (d === 1) {
    const n = x.shape[0] as number;
    const u = x.factors[0] as readonly T[];
    const core = Array.from({ length: n }, (_, i) => {
      let s = F.zero;
      for (let r = 0; r < R; r++) s = F.add(s, F.mul(w(r), u[i * R + r] as T));
      return s;
    });
    return { format: 'tt', shape: [n], ranks: [1, 1], cores: [core] };
  }
  const ranks = [1, ...new Array<number>(d - 1).fill(R), 1];
  const cores = x.shape.map((n, k) => {
    const u = x.factors[k] as readonly T[];
    const a = ranks[k] as number;
    const b = ranks[k + 1] as number;
    const g = new Array<T>(a * n * b).fill(F.zero);
    for (let i = 0; i < n; i++)
      for (let r = 0; r < R; r++) {
        const v = u[i * R + r] as T;
        if (k === 0) g[i * b + r] = F.mul(w(r), v);
        else if (k === d - 1) g[(r * n + i) * b] = v;
        else g[(r * n + i) * b + r] = v;
      }
    return g;
  });
  return { format: 'tt', shape: [...x.shape], ranks, cores };
}
