/**
 * A tiny WebAssembly binary emitter: enough of the format to write numeric kernels in TypeScript
 * and get module bytes at load time, with no toolchain, no build step and no dependency.
 *
 * Why an emitter rather than a text-format file compiled at build time: the kernels are
 * generated (a register tile of MR x NR accumulators is unrolled by a loop in TypeScript, its
 * shape a parameter), the bytes cannot go stale against their source, and nothing is added to
 * the install. A module of a few kilobytes is built in well under a millisecond.
 *
 * Scope: one imported memory (optionally shared, for worker threads), functions with i32 / f64 /
 * v128 parameters and locals, exports of functions, structured control flow with labels, the
 * scalar and SIMD (128-bit, f64x2 and f32x4) instructions listed in {@link OP} and {@link SIMD}. Opcodes follow
 * the WebAssembly core specification 2.0 (binary format, chapter 5), SIMD included. Relaxed SIMD
 * (fused multiply-add) is left out: Node 20 rejects it without a flag (`WebAssembly.validate` of
 * an f64x2.relaxed_madd module is false), so the kernels multiply and add.
 *
 * A function adding its two i32 parameters, as a module (test/wasm/emit.test.ts runs it):
 *
 *     const add = new FunctionBuilder('add', [I32, I32], [I32]);
 *     add.get(add.param(0)).get(add.param(1)).op(OP.i32_add);
 *     const bytes = emitModule({ functions: [add] });
 *
 * @packageDocumentation
 */

/** Value types (binary encoding). */
export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof F64 | typeof V128;

/** Single-byte instructions used by the kernels. */
export const OP = {
  unreachable: 0x00,
  return: 0x0f,
  select: 0x1b,
  i32_load: 0x28,
  f32_load: 0x2a,
  f64_load: 0x2b,
  i32_store: 0x36,
  f64_store: 0x39,
  i32_eqz: 0x45,
  i32_eq: 0x46,
  i32_ne: 0x47,
  i32_lt_s: 0x48,
  i32_lt_u: 0x49,
  i32_gt_s: 0x4a,
  i32_ge_s: 0x4e,
  i32_ge_u: 0x4f,
  f64_eq: 0x61,
  f64_ne: 0x62,
  f64_lt: 0x63,
  f64_gt: 0x64,
  f64_ge: 0x66,
  i32_add: 0x6a,
  i32_sub: 0x6b,
  i32_mul: 0x6c,
  i32_div_s: 0x6d,
  i32_and: 0x71,
  i32_or: 0x72,
  i32_shl: 0x74,
  i32_shr_s: 0x75,
  f64_floor: 0x9c,
  f64_add: 0xa0,
  f64_sub: 0xa1,
  f64_mul: 0xa2,
  i32_trunc_f64_s: 0xaa,
  f64_convert_i32_s: 0xb7,
} as const;

/** SIMD instructions (prefix 0xfd, then the LEB128 opcode). */
export const SIMD = {
  v128_load: 0x00,
  v128_load64_splat: 0x0a,
  v128_store: 0x0b,
  f32x4_splat: 0x13,
  f64x2_splat: 0x14,
  f64x2_extract_lane: 0x21,
  f64x2_lt: 0x49,
  f64x2_ge: 0x4c,
  v128_and: 0x4e,
  f32x4_add: 0xe4,
  f32x4_mul: 0xe6,
  f64x2_floor: 0x75,
  f64x2_add: 0xf0,
  f64x2_sub: 0xf1,
  f64x2_mul: 0xf2,
} as const;

/** Natural alignment exponents of memory accesses (a hint only; unaligned access is legal). */
const ALIGN: Record<number, number> = {
  [OP.i32_load]: 2,
  [OP.f32_load]: 2,
  [OP.f64_load]: 3,
  [OP.i32_store]: 2,
  [OP.f64_store]: 3,
};

/** Unsigned LEB128. */
export function uleb(x: number): number[] {
  if (!Number.isInteger(x) || x < 0 || x > 0xffffffff) throw new RangeError(`uleb: ${x} is not a u32`);
  const out: number[] = [];
  do {
    let b = x % 128;
    x = Math.floor(x / 128);
    if (x !== 0) b |= 0x80;
    out.push(b);
  } while (x !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(x: number): number[] {
  if (!Number.isInteger(x) || x < -(2 ** 31) || x >= 2 ** 31) throw new RangeError(`sleb: ${x} is not an i32`);
  const out: number[] = [];
  for (;;) {
    const b = x & 0x7f;
    x >>= 7;
    const done = (x === 0 && (b & 0x40) === 0) || (x === -1 && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return out;
  }
}

function f64Bytes(x: number): number[] {
  return Array.from(new Uint8Array(new Float64Array([x]).buffer));
}

function utf8(s: string): number[] {
  return [...uleb(Buffer.byteLength(s)), ...Buffer.from(s, 'utf8')];
}

function vec(items: readonly number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

/** A local variable (or parameter) of a function being built. */
export interface Local {
  readonly index: number;
  readonly type: ValType;
}

/** A branch target: the block, loop or if that `br` names. */
export interface Label {
  readonly depth: number;
}

/**
 * One function's body, written instruction by instruction. Methods return `this` so short
 * expressions read left to right in stack order: `f.get(x).get(y).op(OP.i32_add).set(z)`.
 */
export class FunctionBuilder {
  readonly name: string;
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
  private readonly locals: ValType[] = [];
  private readonly code: number[] = [];
  private depth = 0;

  constructor(name: string, params: readonly ValType[], results: readonly ValType[]) {
    this.name = name;
    this.params = params;
    this.results = results;
  }

  /** The i-th parameter. */
  param(i: number): Local {
    const type = this.params[i];
    if (type === undefined) throw new RangeError(`${this.name}: no parameter ${i}`);
    return { index: i, type };
  }

  /** A new local of the given type (zero-initialised). */
  local(type: ValType): Local {
    this.locals.push(type);
    return { index: this.params.length + this.locals.length - 1, type };
  }

  get(x: Local): this {
    return this.raw(0x20, ...uleb(x.index));
  }

  set(x: Local): this {
    return this.raw(0x21, ...uleb(x.index));
  }

  tee(x: Local): this {
    return this.raw(0x22, ...uleb(x.index));
  }

  i32(c: number): this {
    return this.raw(0x41, ...sleb(c));
  }

  f64(c: number): this {
    return this.raw(0x44, ...f64Bytes(c));
  }

  /** A single-byte instruction from {@link OP}. */
  op(code: number): this {
    return this.raw(code);
  }

  /** A scalar load or store from {@link OP} with a constant byte offset. */
  mem(code: number, offset = 0): this {
    const align = ALIGN[code];
    if (align === undefined) throw new RangeError(`${this.name}: 0x${code.toString(16)} is not a memory instruction`);
    return this.raw(code, ...uleb(align), ...uleb(offset));
  }

  /** A SIMD instruction without immediates. */
  simd(code: number): this {
    return this.raw(0xfd, ...uleb(code));
  }

  /** A SIMD load or store with a constant byte offset (alignment hint: 8 bytes). */
  simdMem(code: number, offset = 0): this {
    return this.raw(0xfd, ...uleb(code), 3, ...uleb(offset));
  }

  /** A SIMD lane instruction (extract/replace) with its lane index. */
  simdLane(code: number, lane: number): this {
    return this.raw(0xfd, ...uleb(code), lane);
  }

  call(f: number): this {
    return this.raw(0x10, ...uleb(f));
  }

  /** `block ... end`; `br(exit)` inside jumps past the end. */
  block(body: (exit: Label) => void): this {
    return this.structured(0x02, body);
  }

  /** `loop ... end`; `br(top)` inside jumps back to the start. */
  loop(body: (top: Label) => void): this {
    return this.structured(0x03, body);
  }

  /** `if ... (else ...) end`, consuming an i32 condition. */
  if(then: () => void, otherwise?: () => void): this {
    this.raw(0x04, 0x40);
    this.depth++;
    then();
    if (otherwise) {
      this.raw(0x05);
      otherwise();
    }
    this.depth--;
    return this.raw(0x0b);
  }

  br(label: Label): this {
    return this.raw(0x0c, ...uleb(this.depth - label.depth));
  }

  brIf(label: Label): this {
    return this.raw(0x0d, ...uleb(this.depth - label.depth));
  }

  /** The encoded body (locals and code), for {@link emitModule}. */
  encode(): number[] {
    if (this.depth !== 0) throw new Error(`${this.name}: unbalanced blocks`);
    const groups: number[][] = [];
    for (let i = 0; i < this.locals.length; ) {
      let j = i;
      while (j < this.locals.length && this.locals[j] === this.locals[i]) j++;
      groups.push([...uleb(j - i), this.locals[i] as number]);
      i = j;
    }
    const body = [...vec(groups), ...this.code, 0x0b];
    return [...uleb(body.length), ...body];
  }

  private structured(opcode: number, body: (label: Label) => void): this {
    this.raw(opcode, 0x40);
    this.depth++;
    body({ depth: this.depth });
    this.depth--;
    return this.raw(0x0b);
  }

  private raw(...bytes: number[]): this {
    for (const b of bytes) this.code.push(b);
    return this;
  }
}

/** The module's memory: imported as env.memory, in 64 KiB pages. */
export interface MemoryImport {
  readonly minPages: number;
  readonly maxPages: number;
  /** Shared memories can be used by worker threads at once (they require a maximum). */
  readonly shared: boolean;
}

/** A module: functions (all exported under their names) and optionally an imported memory. */
export interface ModuleSpec {
  readonly memory?: MemoryImport;
  readonly functions: readonly FunctionBuilder[];
}

/** The bytes of a module. Function i of `functions` has index i (for `call`). */
export function emitModule(spec: ModuleSpec): Uint8Array {
  const section = (id: number, content: number[]): number[] => [id, ...uleb(content.length), ...content];
  const types = spec.functions.map((f) => [0x60, ...vec(f.params.map((t) => [t])), ...vec(f.results.map((t) => [t]))]);
  const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  out.push(...section(1, vec(types)));
  if (spec.memory) {
    const { minPages, maxPages, shared } = spec.memory;
    const limits = [shared ? 0x03 : 0x01, ...uleb(minPages), ...uleb(maxPages)];
    out.push(...section(2, vec([[...utf8('env'), ...utf8('memory'), 0x02, ...limits]])));
  }
  out.push(...section(3, vec(spec.functions.map((_, i) => uleb(i)))));
  out.push(...section(7, vec(spec.functions.map((f, i) => [...utf8(f.name), 0x00, ...uleb(i)]))));
  out.push(...section(10, vec(spec.functions.map((f) => f.encode()))));
  return new Uint8Array(out);
}
