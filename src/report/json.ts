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

/** The version of every `--json` document's shape (schemas/*.schema.json describe version 1). */
export const SCHEMA_VERSION = 1;

/** The JSON outputs, each with its schema file schemas/<name>.schema.json. */
export type JsonDocumentKind = 'theorem' | 'all' | 'table' | 'list' | 'verify' | 'gate' | 'conjecture' | 'discover' | 'experiment';

/**
 * A `--json` document: `schema` names its shape ("check-theorem/<kind>", described by
 * schemas/<kind>.schema.json) and `schemaVersion` its version; the body follows. Numbers that can
 * pass 2^53 (ranks, bounds) are decimal strings, so every reader gets them exactly.
 */
export function jsonDocument(kind: JsonDocumentKind, body: object): string {
  return stableJson({ schema: `check-theorem/${kind}`, schemaVersion: SCHEMA_VERSION, ...body }) + '\n';
}
