/**
 * Closed forms found from certified data: the simplest expression in a small candidate space that
 * matches every certified generic rank of a grid. The result is a CONJECTURE: it is stated as a
 * mathjs expression that `check-theorem conjecture` (and the gate, once saved) decides point by
 * point through the kernel; nothing here proves it for all d.
 *
 * Candidate space: minima of at most {@link MAX_TERMS} monomials c * n^a * r^b, each exponent affine
 * in d with half-integer slope: a = (a1 d + a0) / 2 with a1 in 0..4, a0 in -4..4 (so n^(d/2),
 * r n^(d/2 - 1), r^(d - 1) are all in it), c in {1, 2}. A candidate fits when every monomial is at
 * least the certified rank at every point (a minimum never passes its terms) and each point is
 * met by one of them. Among fitting candidates the simplest wins: fewest terms, then the smallest
 * sum of |coefficients|; ties are reported.
 *
 * @packageDocumentation
 */

/** A monomial c * n^((a1 d + a0)/2) * r^((b1 d + b0)/2). */
export interface Monomial {
  readonly c: number;
  readonly a1: number;
  readonly a0: number;
  readonly b1: number;
  readonly b0: number;
}

/** One certified point: the parameters and the exact generic rank there. */
export interface DataPoint {
  readonly n: number;
  readonly r: number;
  readonly d: number;
  readonly rank: bigint;
}

/** Most monomials in a candidate. */
export const MAX_TERMS = 3;

function exponent(slope: number, offset: number, d: number): number | undefined {
  const twice = slope * d + offset;
  return twice % 2 === 0 && twice >= 0 ? twice / 2 : undefined;
}

/** The monomial's value at a point (undefined when an exponent is negative or not an integer). */
export function monomialAt(m: Monomial, p: { n: number; r: number; d: number }): bigint | undefined {
  const a = exponent(m.a1, m.a0, p.d);
  const b = exponent(m.b1, m.b0, p.d);
  if (a === undefined || b === undefined) return undefined;
  return BigInt(m.c) * BigInt(p.n) ** BigInt(a) * BigInt(p.r) ** BigInt(b);
}

function expText(slope: number, offset: number): string {
  if (slope === 0) return String(offset / 2);
  const lin = slope % 2 === 0 ? (slope === 2 ? 'd' : `${slope / 2}*d`) : slope === 1 ? 'd/2' : `${slope}*d/2`;
  if (offset === 0) return lin;
  const off = offset % 2 === 0 ? String(Math.abs(offset / 2)) : `${Math.abs(offset)}/2`;
  return `${lin} ${offset > 0 ? '+' : '-'} ${off}`;
}

/** The monomial as a mathjs expression. */
export function monomialText(m: Monomial): string {
  const parts: string[] = [];
  if (m.c !== 1) parts.push(String(m.c));
  for (const [v, s, o] of [['n', m.a1, m.a0], ['r', m.b1, m.b0]] as const) {
    if (s === 0 && o === 0) continue;
    const e = expText(s, o);
    parts.push(e === '1' ? v : /^[\d]+$/.test(e) ? `${v}^${e}` : `${v}^(${e})`);
  }
  return parts.length === 0 ? '1' : parts.join('*');
}

/** A candidate's expression: its monomial, or min(...) of them. */
export function candidateText(ms: readonly Monomial[]): string {
  return ms.length === 1 ? monomialText(ms[0] as Monomial) : `min(${ms.map(monomialText).join(', ')})`;
}

function complexity(ms: readonly Monomial[]): number {
  return ms.reduce((s, m) => s + (m.c - 1) + Math.abs(m.a1) + Math.abs(m.a0) + Math.abs(m.b1) + Math.abs(m.b0), 0);
}

function allMonomials(): Monomial[] {
  const out: Monomial[] = [];
  for (const c of [1, 2])
    for (let a1 = 0; a1 <= 4; a1++)
      for (let a0 = -4; a0 <= 4; a0++)
        for (let b1 = 0; b1 <= 4; b1++) for (let b0 = -4; b0 <= 4; b0++) out.push({ c, a1, a0, b1, b0 });
  return out;
}

/** What a fit found: the simplest candidates (ties) and how many monomials were admissible. */
export interface Fit {
  readonly best: readonly (readonly Monomial[])[];
  readonly admissible: number;
}

/**
 * The simplest candidates matching every point exactly (empty `best` when none in the space does).
 * Monomials that are at least the rank everywhere are admissible; a candidate is a set of them
 * that meets every point (set cover, by brute force over at most {@link MAX_TERMS} terms).
 */
export function fitClosedForm(points: readonly DataPoint[]): Fit {
  if (points.length === 0) return { best: [], admissible: 0 };
  // Each admissible monomial as the set of points it meets (a bit mask); per mask only the
  // simplest monomials are kept (a superset of points met by a simpler term is never worse).
  const byMask = new Map<bigint, Monomial[]>();
  let admissible = 0;
  for (const m of allMonomials()) {
    let mask = 0n;
    let ok = true;
    for (let i = 0; i < points.length; i++) {
      const p = points[i] as DataPoint;
      const v = monomialAt(m, p);
      if (v === undefined || v < p.rank) {
        ok = false;
        break;
      }
      if (v === p.rank) mask |= 1n << BigInt(i);
    }
    if (!ok || mask === 0n) continue;
    admissible++;
    const kept = byMask.get(mask);
    if (!kept || complexity([m]) < complexity([kept[0] as Monomial])) byMask.set(mask, [m]);
    else if (complexity([m]) === complexity([kept[0] as Monomial])) kept.push(m);
  }
  const full = (1n << BigInt(points.length)) - 1n;
  const masks = [...byMask.keys()];
  for (let size = 1; size <= MAX_TERMS; size++) {
    const found: Monomial[][] = [];
    const pick = (start: number, chosen: bigint[], union: bigint): void => {
      if (chosen.length === size) {
        if (union === full) {
          // Every combination of the tied monomials of the chosen masks.
          let combos: Monomial[][] = [[]];
          for (const k of chosen) combos = combos.flatMap((c) => (byMask.get(k) as Monomial[]).map((m) => [...c, m]));
          found.push(...combos);
        }
        return;
      }
      for (let i = start; i < masks.length; i++) pick(i + 1, [...chosen, masks[i] as bigint], union | (masks[i] as bigint));
    };
    pick(0, [], 0n);
    if (found.length > 0) {
      const least = Math.min(...found.map(complexity));
      return { best: found.filter((f) => complexity(f) === least), admissible };
    }
  }
  return { best: [], admissible };
}
