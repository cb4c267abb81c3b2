/**
 * Natural order of names: digit runs compare as numbers (core_2 before core_10, bond:2 before
 * bond:10), the rest as text.
 *
 * @packageDocumentation
 */

/** Compares two names in natural order. */
export function naturalCompare(a: string, b: string): number {
  const split = (s: string): (string | number)[] => s.split(/(\d+)/).map((x, i) => (i % 2 === 1 ? Number(x) : x));
  const x = split(a);
  const y = split(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const u = x[i] as string | number;
    const v = y[i] as string | number;
    if (u === v) continue;
    if (typeof u === 'number' && typeof v === 'number') return u - v;
    return String(u) < String(v) ? -1 : 1;
  }
  return x.length - y.length;
}
