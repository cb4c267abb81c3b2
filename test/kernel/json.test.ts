/**
 * The kernel's exact JSON reader: what JSON.parse would round is rejected at the text level, keys
 * may not repeat, and everything else reads as JSON.parse reads it.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, checkCertificateText, parseJson, sha256Hex } from '../../src/kernel/index.js';
import { minorCertificate } from '../../src/certify/minor.js';
import { equalityCertificate } from '../../src/certify/equality.js';
import { stableJson } from '../../src/report/json.js';
import { runs } from '../../properties/runs.js';

const code = (text: string): string | undefined => {
  try {
    parseJson(text);
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code;
  }
};

describe('exact JSON numbers', () => {
  it('reads plain integers within 2^53 - 1 exactly, -0 as 0', () => {
    expect(parseJson('[0, -0, 7, -12, 9007199254740991, -9007199254740991]')).toEqual([0, 0, 7, -12, 9007199254740991, -9007199254740991]);
    expect(Object.is(parseJson('-0'), 0)).toBe(true);
  });
  it.each([
    ['4503599627370499.5', 'a fraction JSON.parse rounds to an even integer'],
    ['0.99999999999999999999', 'a fraction JSON.parse reads as 1'],
    ['1e-400', 'an exponent JSON.parse reads as 0'],
    ['1.0', 'a decimal point'],
    ['1E3', 'an exponent'],
    ['9007199254740992', '2^53: a double holds it, but not 2^53 + 1 next to it'],
    ['9007199254740993', '2^53 + 1, read as 2^53 by JSON.parse'],
    ['12345678901234567890', 'twenty digits'],
    ['-9007199254740993', 'below -(2^53 - 1)'],
  ])('rejects %s (%s) with INEXACT_NUMBER', (token) => {
    expect(code(`{"x": [1, ${token}]}`)).toBe('INEXACT_NUMBER');
  });
  it('names where the number was', () => {
    expect(() => parseJson('{"a": {"b": [0, 1.5]}}')).toThrow(/INEXACT_NUMBER at \/a\/b\/1/);
  });
  it('a rank-1 matrix as written, read through JSON.parse, would be rank 2; the kernel rejects it', () => {
    // Row 2 is 1.0000000000000001 times row 1, exactly, as written.
    const text = '[[1, 9000000000000000], [1.0000000000000001, 9000000000000000.9]]';
    const rounded = JSON.parse(text) as number[][];
    expect(rounded).toEqual([
      [1, 9000000000000000],
      [1, 9000000000000001],
    ]); // det 1: rank 2 after rounding
    const cert = stableJson(minorCertificate({ rows: 2, cols: 2, data: [1, 9000000000000000, 1, 9000000000000001] }, { pivotRows: [0, 1], pivotCols: [0, 1], prime: 8388593 }));
    // The same certificate with the matrix as written (and a digest nobody could fix): refused.
    const asWritten = cert.replace(/"entries": \[[^\]]*\][^\]]*\][^\]]*\]/s, `"entries": ${text}`);
    expect(asWritten).not.toBe(cert);
    expect(checkCertificateText(asWritten)).toMatchObject({ verdict: 'rejected', code: 'INEXACT_NUMBER' });
  });
  it('two different dense tensors, equal after JSON.parse rounding, are refused', () => {
    const cert = stableJson(equalityCertificate({ format: 'dense', shape: [1], data: [1n] }, { format: 'dense', shape: [1], data: [1n] }));
    const edited = cert.replace(/("right": \{[^}]*"data": \[\s*)1/s, '$11.00000000000000001');
    expect(edited).not.toBe(cert);
    expect(checkCertificateText(edited)).toMatchObject({ verdict: 'rejected', code: 'INEXACT_NUMBER' });
  });
});

describe('strict JSON structure', () => {
  it('rejects a repeated key, at any depth, with DUPLICATE_KEY', () => {
    expect(code('{"a": 1, "a": 1}')).toBe('DUPLICATE_KEY');
    expect(code('{"a": {"b": [{"c": 1, "c": 2}]}}')).toBe('DUPLICATE_KEY');
    expect(() => parseJson('{"a": {"b": 1, "b": 2}}')).toThrow(/DUPLICATE_KEY at \/a\/b/);
  });
  it('keys such as __proto__ and constructor are ordinary keys', () => {
    const v = parseJson('{"__proto__": {"x": 1}, "constructor": 2}') as Record<string, unknown>;
    expect(Object.keys(v).sort()).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(v)).toBe(null);
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });
  it.each([
    ['[1, 2,]', 'a trailing comma'],
    ['{"a": 01}', 'a leading zero'],
    ['"abc', 'an unterminated string'],
    ['"a\u0001b"', 'a control character in a string'],
    ['"\\x41"', 'an unknown escape'],
    ['[1] 2', 'text after the value'],
    ['', 'nothing'],
    ['{a: 1}', 'an unquoted key'],
    ['NaN', 'NaN'],
  ])('rejects %j (%s) with MALFORMED_JSON', (text) => {
    expect(code(text)).toBe('MALFORMED_JSON');
  });
  it('rejects nesting deeper than 64 with TOO_DEEP before recursing far', () => {
    expect(code('['.repeat(65) + ']'.repeat(65))).toBe('TOO_DEEP');
    expect(code('['.repeat(200_000))).toBe('TOO_DEEP');
    expect(parseJson('['.repeat(64) + ']'.repeat(64))).toBeDefined();
  });
  it('reads escapes and unicode as JSON.parse does', () => {
    const s = '"\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00 ok"';
    expect(parseJson(s)).toBe(JSON.parse(s));
  });
  it('agrees with JSON.parse on every integer-only document (property)', () => {
    const value = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.boolean(), fc.maxSafeInteger(), fc.string({ unit: 'grapheme' }), fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(fc.string(), tie('v'), { maxKeys: 4 })),
    })).v;
    fc.assert(
      fc.property(value, (v) => {
        const text = JSON.stringify(v, null, 1);
        expect(parseJson(text)).toEqual(JSON.parse(text));
        expect(canonicalJson(parseJson(text))).toBe(canonicalJson(JSON.parse(text)));
      }),
      { numRuns: runs(300) },
    );
  });
});

describe('SHA-256', () => {
  it('agrees with node:crypto on fixed and random strings', () => {
    for (const s of ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'é😀 ünïcode', 'x'.repeat(100_000)]) {
      expect(sha256Hex(s)).toBe(createHash('sha256').update(s, 'utf8').digest('hex'));
    }
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        expect(sha256Hex(s)).toBe(createHash('sha256').update(s, 'utf8').digest('hex'));
      }),
      { numRuns: runs(200) },
    );
  });
});
