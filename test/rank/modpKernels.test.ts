/**
 * src/rank/modpWasm.ts holds the bytes that src/rank/modpKernels.ts generates, so that a process
 * compiles the module without running the generator; it must be what the generator gives now
 * (regenerate: npm run wasm:update).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wasmApi } from '../../src/wasm/api.js';
import { modpModuleBytes, modpWasmSource } from '../../src/rank/modpKernels.js';
import { DEFAULT_SHAPE } from '../../src/rank/modpLayout.js';
import { MODP_WASM_BASE64 } from '../../src/rank/modpWasm.js';

describe('committed WebAssembly module', () => {
  it('src/rank/modpWasm.ts is current (update: npm run wasm:update)', () => {
    expect(readFileSync(join(process.cwd(), 'src', 'rank', 'modpWasm.ts'), 'utf8')).toBe(modpWasmSource(DEFAULT_SHAPE));
    expect(new Uint8Array(Buffer.from(MODP_WASM_BASE64, 'base64'))).toEqual(modpModuleBytes(DEFAULT_SHAPE));
  });

  it('the generator validates for other tile shapes and refuses inconsistent blocks', () => {
    for (const [mr, nv] of [[2, 4], [3, 2], [6, 2], [1, 1]] as const) {
      expect(wasmApi.validate(modpModuleBytes({ ...DEFAULT_SHAPE, mr, nv, mc: 12 * mr }))).toBe(true);
    }
    expect(() => modpModuleBytes({ ...DEFAULT_SHAPE, mr: 5 })).toThrow(/multiple of the tile/);
    expect(() => modpModuleBytes({ ...DEFAULT_SHAPE, nv: 3 })).toThrow(/multiple of the tile/);
  });
});
