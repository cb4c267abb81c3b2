/**
 * Strict reading of certificate JSON: every object has a fixed set of keys, every value a fixed
 * type; anything else is a {@link Rejection} with the JSON Pointer of the fault.
 *
 * @packageDocumentation
 */
import { parseBigInt } from '../exact/integer.js';
import { parseRational, type Rational } from '../exact/rational.js';
import { reject } from './verdict.js';

/** Limits on the raw text, checked before JSON.parse so a hostile file cannot exhaust memory. */
export const MAX_CERTIFICATE_BYTES = 256 * 1024 * 1024;
/** Certificates nest a handful of levels (tensor -> cores -> rows -> entries); 64 is ample. */
export const MAX_NESTING = 64;
/** Largest decimal integer string accepted (digits). Entries beyond this are not plausible data. */
export const MAX_INTEGER_DIGITS = 10_000;

/** JSON Pointer of a child. */
export function child(path: string, key: string | number): string {
  return `${path}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/**
 * Parses certificate text after checking its size and bracket nesting depth (a linear scan that
 * skips string contents), so deeply nested or huge input is refused before any recursion.
 */
export function parseJsonText(text: string): unknown {
  if (text.length > MAX_CERTIFICATE_BYTES) reject('TOO_LARGE', '', `certificate has ${text.length} characters, limit ${MAX_CERTIFICATE_BYTES}`);
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_NESTING) reject('TOO_DEEP', '', `nesting deeper than ${MAX_NESTING}`);
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    return reject('MALFORMED_JSON', '', (e as Error).message);
  }
}

/** A plain JSON object. */
export type JsonObject = { readonly [key: string]: unknown };

function typeName(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'array';
  return typeof x;
}

/** An object whose keys are all in `required` or `optional`, with every required key present. */
export function readObject(x: unknown, path: string, required: readonly string[], optional: readonly string[] = []): JsonObject {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) reject('WRONG_TYPE', path, `expected an object, got ${typeName(x)}`);
  const obj = x as JsonObject;
  for (const key of Object.keys(obj)) {
    if (!required.includes(key) && !optional.includes(key)) {
      reject('UNKNOWN_FIELD', child(path, key), `unknown field "${key}"; allowed: ${[...required, ...optional].join(', ')}`);
    }
  }
  for (const key of required) {
    if (!(key in obj)) reject('MISSING_FIELD', child(path, key), `missing field "${key}"`);
  }
  return obj;
}

/** Any JSON object (for fields the kernel ignores, such as provenance). */
export function readFreeObject(x: unknown, path: string): JsonObject {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) reject('WRONG_TYPE', path, `expected an object, got ${typeName(x)}`);
  return x as JsonObject;
}

/** An array, optionally of a fixed length. */
export function readArray(x: unknown, path: string, length?: number): readonly unknown[] {
  if (!Array.isArray(x)) reject('WRONG_TYPE', path, `expected an array, got ${typeName(x)}`);
  if (length !== undefined && x.length !== length) reject('SIZE_MISMATCH', path, `expected ${length} elements, got ${x.length}`);
  return x;
}

/** A string. */
export function readString(x: unknown, path: string): string {
  if (typeof x !== 'string') reject('WRONG_TYPE', path, `expected a string, got ${typeName(x)}`);
  return x;
}

/** A safe integer in [min, max]. */
export function readInt(x: unknown, path: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof x !== 'number' || !Number.isSafeInteger(x)) reject('BAD_INTEGER', path, `expected a safe integer, got ${JSON.stringify(x)}`);
  if (x < min || x > max) reject('INDEX_OUT_OF_RANGE', path, `expected an integer in [${min}, ${max}], got ${x}`);
  return x;
}

/** A non-negative integer given as a safe JSON number or a decimal string (for large bounds). */
export function readBigNat(x: unknown, path: string): bigint {
  if (typeof x === 'number' && Number.isSafeInteger(x) && x >= 0) return BigInt(x);
  if (typeof x === 'string' && x.length <= MAX_INTEGER_DIGITS) {
    const v = parseBigInt(x);
    if (v !== undefined && v >= 0n) return v;
  }
  return reject('BAD_INTEGER', path, `expected a non-negative integer (number or decimal string), got ${JSON.stringify(x)}`);
}

/**
 * A scalar entry: a safe integer, or a string holding a decimal integer or a fraction "a/b".
 */
export function readRational(x: unknown, path: string): Rational {
  if (typeof x === 'number') {
    if (Number.isSafeInteger(x)) return { num: BigInt(x), den: 1n };
    return reject('BAD_ENTRY', path, `expected an integer or an "a/b" string, got ${x} (floats are not exact data)`);
  }
  if (typeof x === 'string' && x.length <= 2 * MAX_INTEGER_DIGITS + 1) {
    const q = parseRational(x);
    if (q !== undefined) return q;
  }
  return reject('BAD_ENTRY', path, `expected an integer or an "a/b" string, got ${JSON.stringify(x)}`);
}

/** A list of distinct safe integers in [0, bound). */
export function readIndexList(x: unknown, path: string, bound: number): number[] {
  const arr = readArray(x, path);
  const seen = new Set<number>();
  return arr.map((v, i) => {
    const idx = readInt(v, child(path, i), 0, Math.max(0, bound - 1));
    if (bound === 0) reject('INDEX_OUT_OF_RANGE', child(path, i), 'no indices are valid for an empty dimension');
    if (seen.has(idx)) reject('DUPLICATE_INDEX', child(path, i), `index ${idx} appears twice`);
    seen.add(idx);
    return idx;
  });
}
