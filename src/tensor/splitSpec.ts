/**
 * Splits written as text, as users type them: `odd-even`, `prefix:K`, `modes:0,2,5`.
 *
 * @packageDocumentation
 */
import { oddEvenModes, prefixModes, ShapeError, splitOf } from './shape.js';

/** The row modes a split text names for an order-d tensor (validated). */
export function parseSplit(text: string, d: number): number[] {
  const t = text.trim();
  if (t === 'odd-even') return oddEvenModes(d);
  const prefix = /^prefix:(\d+)$/.exec(t);
  if (prefix) {
    const k = Number(prefix[1]);
    if (k < 1 || k >= d) throw new ShapeError(`split "${text}": K must be in [1, ${d - 1}] for d = ${d}`);
    return prefixModes(k);
  }
  const modes = /^modes:(\d+(?:,\d+)*)$/.exec(t);
  if (modes) {
    const list = (modes[1] as string).split(',').map(Number);
    splitOf(d, list);
    if (list.length === 0 || list.length === d) throw new ShapeError(`split "${text}": the row modes must be a proper non-empty subset of 0..${d - 1}`);
    return list;
  }
  throw new ShapeError(`unknown split "${text}"; expected odd-even, prefix:K or modes:i,j,...`);
}
