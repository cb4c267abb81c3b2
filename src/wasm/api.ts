/**
 * The slice of the `WebAssembly` global the engines use, typed here because the project compiles
 * against ES2022 + Node types, which do not declare it (it lives in TypeScript's DOM library).
 *
 * @packageDocumentation
 */

/** A linear memory; with `shared`, its buffer is a SharedArrayBuffer seen by every thread. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  /** Grows by `pages` 64 KiB pages; returns the previous size in pages. */
  grow(pages: number): number;
}

/** A compiled module: can be instantiated many times and posted to worker threads. */
export interface WasmModule {
  readonly __wasmModule?: never;
}

/** An instance: its exports are the module's functions. */
export interface WasmInstance {
  readonly exports: Readonly<Record<string, unknown>>;
}

interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => WasmModule;
  readonly Instance: new (module: WasmModule, imports: Readonly<Record<string, Readonly<Record<string, unknown>>>>) => WasmInstance;
  readonly Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
  validate(bytes: Uint8Array): boolean;
}

/** The runtime's WebAssembly API (Node >= 20 always has it, SIMD and shared memory included). */
export const wasmApi: WasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** Bytes of one WebAssembly page. */
export const PAGE_BYTES = 65536;

/** An exported function of an instance, checked to be one. */
export function exportedFunction(instance: WasmInstance, name: string): (...args: number[]) => number {
  const f = instance.exports[name];
  if (typeof f !== 'function') throw new Error(`wasm export ${name} is not a function`);
  return f as (...args: number[]) => number;
}
