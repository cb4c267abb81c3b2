/**
 * Deterministic JSON: BigInt as decimal strings, keys in insertion order, two-space indent, no
 * clock or environment in the output, so the same command with the same seed prints the same bytes.
 *
 * @packageDocumentation
 */

/** JSON.stringify with BigInt support and a fixed indent. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);
}
