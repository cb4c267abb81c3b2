/**
 * Exact, strict JSON for the kernel: its own parser, so that nothing is rounded before the
 * kernel sees it, and the schema helpers every check reads its fields with.
 *
 * What the parser accepts is RFC 8259 JSON with three restrictions, each a rejection with its own
 * code: a number token must be a plain integer whose value a double holds exactly (no `.`, no
 * exponent, |value| <= 2^53 - 1: `INEXACT_NUMBER`; write other numbers as decimal strings); an
 * object may not repeat a key (`DUPLICATE_KEY`); the text and its nesting are bounded
 * (`TOO_LARGE`, `TOO_DEEP`). `JSON.parse` would turn `4503599627370499.5`, `1e-400` or
 * `9007199254740993` into some nearby double without a word; here they never become data.
 *
 * Objects are built without a prototype, so keys such as `__proto__` or `constructor` are
 * ordinary keys.
 *
 * @packageDocumentation
 */
import { reject } from './verdict.js';

/** A JSON value as the kernel reads it (numbers are safe integers). */
export type Json = null | boolean | number | string | readonly Json[] | JsonObject;
/** A JSON object. */
export interface JsonObject {
  readonly [key: string]: Json;
}

/** Longest text read (characters). */
export const MAX_TEXT_LENGTH = 256 * 1024 * 1024;
/** Deepest nesting of arrays and objects. */
export const MAX_NESTING = 64;
/** Longest decimal integer or fraction string read as a number (characters). */
export const MAX_DIGITS = 10_000;

const MAX_SAFE = 9007199254740991;
const ESCAPES = new Map([['"', '"'], ['\\', '\\'], ['/', '/'], ['b', '\b'], ['f', '\f'], ['n', '\n'], ['r', '\r'], ['t', '\t']]);

/** JSON Pointer (RFC 6901) of a child. */
export function child(path: string, key: string | number): string {
  return `${path}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/** Parses JSON text exactly (see the module comment); every fault is a Rejection. */
export function parseJson(text: string): Json {
  if (text.length > MAX_TEXT_LENGTH) reject('TOO_LARGE', '', `the text has ${text.length} characters, above the limit ${MAX_TEXT_LENGTH}`);
  let i = 0;
  const path: (string | number)[] = [];
  const pointer = (): string => path.reduce<string>((p, k) => child(p, k), '');
  const fail = (what: string): never => reject('MALFORMED_JSON', pointer(), `${what} at character ${i}`);
  const ws = (): void => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else return;
    }
  };
  const str = (): string => {
    i++; // opening quote
    let out = '';
    let start = i;
    for (;;) {
      if (i >= text.length) fail('unterminated string');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(start, i++);
        return out;
      }
      if (c < 0x20) fail('control character in string');
      if (c !== 0x5c) {
        i++;
        continue;
      }
      out += text.slice(start, i);
      const e = ESCAPES.get(text[i + 1] ?? '');
      if (e !== undefined) {
        out += e;
        i += 2;
      } else if (text[i + 1] === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
        i += 6;
      } else fail('bad escape');
      start = i;
    }
  };
  const num = (): number => {
    const start = i;
    if (text[i] === '-') i++;
    const d0 = i;
    while (i < text.length && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
    if (i === d0) fail('bad number');
    if (text[d0] === '0' && i - d0 > 1) fail('leading zero in number');
    const c = text[i];
    if (c === '.' || c === 'e' || c === 'E') {
      while (i < text.length && /[0-9.eE+-]/.test(text[i] as string)) i++;
      reject('INEXACT_NUMBER', pointer(), `the number ${text.slice(start, Math.min(i, start + 40))} is not a plain integer; write exact non-integers as strings ("a/b")`);
    }
    const token = text.slice(start, i);
    // Up to 16 digits, Number() is exact below 2^53 and rounds to >= 2^53 above it.
    const v = Number(token);
    if (i - d0 > 16 || Math.abs(v) > MAX_SAFE) {
      reject('INEXACT_NUMBER', pointer(), `the integer ${token.slice(0, 40)}${token.length > 40 ? '...' : ''} has more digits than a double holds exactly; write it as a decimal string`);
    }
    return v === 0 ? 0 : v; // -0 is 0
  };
  const value = (depth: number): Json => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      if (depth >= MAX_NESTING) reject('TOO_DEEP', pointer(), `nesting deeper than ${MAX_NESTING}`);
      i++;
      ws();
      if (c === '[') {
        const arr: Json[] = [];
        if (text[i] === ']') {
          i++;
          return arr;
        }
        for (;;) {
          path.push(arr.length);
          arr.push(value(depth + 1));
          path.pop();
          ws();
          if (text[i] === ',') i++;
          else if (text[i] === ']') {
            i++;
            return arr;
          } else fail('expected , or ]');
        }
      }
      const obj = Object.create(null) as Record<string, Json>;
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a key');
        const key = str();
        if (Object.prototype.hasOwnProperty.call(obj, key)) reject('DUPLICATE_KEY', child(pointer(), key), `the key "${key.slice(0, 40)}" appears twice in one object`);
        ws();
        if (text[i] !== ':') fail('expected :');
        i++;
        path.push(key);
        obj[key] = value(depth + 1);
        path.pop();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return obj;
        } else fail('expected , or }');
      }
    }
    if (c === '"') return str();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return num();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    return fail(i >= text.length ? 'unexpected end' : 'unexpected character');
  };
  const v = value(0);
  ws();
  if (i !== text.length) fail('text after the value');
  return v;
}

/**
 * Canonical JSON: object keys sorted (by UTF-16 code units) at every level, no whitespace. Numbers
 * the kernel read are safe integers, so their text is exact (a document built in memory with
 * other numbers gets JSON.stringify's text for them; the kernel rejects such a document anyway).
 */
export function canonicalJson(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonicalJson).join(',')}]`;
  if (x !== null && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  if (typeof x === 'bigint') throw new RangeError('canonicalJson: write big integers as strings');
  return JSON.stringify(x);
}

// ---- Schema helpers: each reads one value at a JSON Pointer or rejects with its code. ----

function typeName(x: unknown): string {
  return x === null ? 'null' : Array.isArray(x) ? 'array' : typeof x;
}

/** An object whose keys are all in `required` or `optional`, with every required key present. */
export function readObject(x: unknown, path: string, required: readonly string[], optional: readonly string[] = []): JsonObject {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return reject('WRONG_TYPE', path, `expected an object, got ${typeName(x)}`);
  const o = x as JsonObject;
  for (const key of Object.keys(o)) {
    if (!required.includes(key) && !optional.includes(key)) reject('UNKNOWN_FIELD', child(path, key), `unknown field "${key.slice(0, 40)}"; allowed: ${[...required, ...optional].join(', ')}`);
  }
  for (const key of required) if (!Object.prototype.hasOwnProperty.call(o, key)) reject('MISSING_FIELD', child(path, key), `missing field "${key}"`);
  return o;
}

/** Whether an object has an own key. */
export function has(o: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

/** An array, optionally of a fixed length. */
export function readArray(x: unknown, path: string, length?: number): readonly Json[] {
  if (!Array.isArray(x)) return reject('WRONG_TYPE', path, `expected an array, got ${typeName(x)}`);
  if (length !== undefined && x.length !== length) reject('SIZE_MISMATCH', path, `expected ${length} elements, got ${x.length}`);
  return x as readonly Json[];
}

/** A string. */
export function readString(x: unknown, path: string): string {
  if (typeof x !== 'string') return reject('WRONG_TYPE', path, `expected a string, got ${typeName(x)}`);
  return x;
}

/** A safe integer in [min, max]. */
export function readInt(x: unknown, path: string, min = 0, max = MAX_SAFE): number {
  if (typeof x !== 'number' || !Number.isSafeInteger(x)) return reject('BAD_INTEGER', path, `expected an integer, got ${typeName(x)}`);
  if (x < min || x > max) reject('INDEX_OUT_OF_RANGE', path, `expected an integer in [${min}, ${max}], got ${x}`);
  return x;
}

/** A non-negative integer written as a JSON integer or a decimal string (for large bounds). */
export function readNat(x: unknown, path: string): bigint {
  if (typeof x === 'number' && Number.isSafeInteger(x) && x >= 0) return BigInt(x);
  if (typeof x === 'string' && x.length <= MAX_DIGITS && /^(0|[1-9][0-9]*)$/.test(x)) return BigInt(x);
  return reject('BAD_INTEGER', path, `expected a non-negative integer (a number, or a decimal string without sign or leading zeros), got ${typeName(x)}`);
}

/** An exact scalar: num / den with den > 0 (not reduced). */
export interface Scalar {
  readonly num: bigint;
  readonly den: bigint;
}

/** An entry: a JSON integer, or a string "a" or "a/b" (decimal, optional minus on a, b > 0). */
export function readScalar(x: unknown, path: string): Scalar {
  if (typeof x === 'number' && Number.isSafeInteger(x)) return { num: BigInt(x), den: 1n };
  if (typeof x === 'string' && x.length <= 2 * MAX_DIGITS + 2) {
    const m = /^(-?(?:0|[1-9][0-9]*))(?:\/([1-9][0-9]*))?$/.exec(x);
    if (m) return { num: BigInt(m[1] as string), den: m[2] === undefined ? 1n : BigInt(m[2]) };
  }
  return reject('BAD_ENTRY', path, `expected an integer or a string "a" / "a/b" with b > 0, got ${typeName(x) === 'string' ? JSON.stringify(String(x).slice(0, 40)) : typeName(x)}`);
}

/** Distinct safe integers in [0, bound). */
export function readIndexList(x: unknown, path: string, bound: number): number[] {
  const seen = new Set<number>();
  return readArray(x, path).map((v, i) => {
    if (bound <= 0) reject('INDEX_OUT_OF_RANGE', child(path, i), 'no index is valid for an empty dimension');
    const idx = readInt(v, child(path, i), 0, bound - 1);
    if (seen.has(idx)) reject('DUPLICATE_INDEX', child(path, i), `index ${idx} appears twice`);
    seen.add(idx);
    return idx;
  });
}
