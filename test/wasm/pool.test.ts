/**
 * The chunked worker pool (src/wasm/pool.ts): every chunk runs exactly once whatever the
 * threads, workers do take chunks, a trap in any thread becomes an error of `run` (and the pool
 * keeps working), and an idle pool never keeps a process alive.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wasmApi, type WasmMemory } from '../../src/wasm/api.js';
import { emitModule, FunctionBuilder, I32, OP } from '../../src/wasm/emit.js';
import { WasmPool } from '../../src/wasm/pool.js';

/** Where chunk c writes (thread + 1), and where it counts its runs. */
const OWNER = 0;
const COUNT = 4 * 8192;
const CHUNKS = 8000;

/** mark(chunk, thread, spin): spins `spin` iterations, then records who ran the chunk and counts it. */
function markFunction(): FunctionBuilder {
  const f = new FunctionBuilder('mark', [I32, I32, I32], []);
  const [chunk, thread, spin] = [f.param(0), f.param(1), f.param(2)];
  f.block((exit) => {
    f.loop((top) => {
      f.get(spin).op(OP.i32_eqz).brIf(exit);
      f.get(spin).i32(1).op(OP.i32_sub).set(spin);
      f.br(top);
    });
  });
  const at = f.local(I32);
  f.get(chunk).i32(2).op(OP.i32_shl).set(at);
  f.get(at).get(thread).i32(1).op(OP.i32_add).mem(OP.i32_store, OWNER);
  f.get(at).get(at).mem(OP.i32_load, COUNT).i32(1).op(OP.i32_add).mem(OP.i32_store, COUNT);
  return f;
}

/** trap(chunk, thread, bad): unreachable when chunk = bad. */
function trapFunction(): FunctionBuilder {
  const f = new FunctionBuilder('trap', [I32, I32, I32], []);
  f.get(f.param(0)).get(f.param(2)).op(OP.i32_eq).if(() => f.op(OP.unreachable));
  return f;
}

function setup(threads: number): { pool: WasmPool; memory: WasmMemory } {
  const module = new wasmApi.Module(emitModule({ memory: { minPages: 1, maxPages: 16, shared: true }, functions: [markFunction(), trapFunction()] }));
  const memory = new wasmApi.Memory({ initial: 1, maximum: 16, shared: true });
  const instance = new wasmApi.Instance(module, { env: { memory } });
  return { pool: new WasmPool(module, memory, instance, ['mark', 'trap'], threads), memory };
}

describe('WasmPool', () => {
  it('runs every chunk exactly once, with 1, 2 and 3 threads', () => {
    for (const threads of [1, 2, 3]) {
      const { pool, memory } = setup(threads);
      pool.run('mark', [50], CHUNKS);
      const counts = new Int32Array(memory.buffer, COUNT, CHUNKS);
      const owners = new Int32Array(memory.buffer, OWNER, CHUNKS);
      expect(counts.every((c) => c === 1)).toBe(true);
      expect(owners.every((o) => o >= 1 && o <= threads)).toBe(true);
      pool.close();
    }
  });

  it('a worker takes chunks once it has started', () => {
    const { pool, memory } = setup(2);
    const owners = new Int32Array(memory.buffer, OWNER, CHUNKS);
    let workerRan = false;
    // The worker starts with the first job; give it jobs until it has taken one (a loaded machine
    // may start it late, never never).
    for (let job = 0; job < 200 && !workerRan; job++) {
      pool.run('mark', [20000], 200);
      workerRan = owners.subarray(0, 200).some((o) => o === 2);
    }
    expect(workerRan).toBe(true);
    pool.close();
  });

  it('a trap on the caller or in a worker is an error of run, and the pool goes on working', () => {
    const { pool, memory } = setup(2);
    for (const bad of [0, 5, 199]) expect(() => pool.run('trap', [bad], 200)).toThrow();
    pool.run('mark', [0], 300);
    expect(new Int32Array(memory.buffer, COUNT, 300).every((c) => c === 1)).toBe(true);
    pool.close();
  });

  it('rejects unknown exports and too many chunks or arguments', () => {
    const { pool } = setup(2);
    expect(() => pool.run('nope', [], 1)).toThrow(/not one of mark, trap/);
    expect(() => pool.run('mark', [0], 70000)).toThrow(/chunks/);
    expect(() => pool.run('mark', new Array<number>(17).fill(0), 1)).toThrow(/arguments/);
    expect(() => new WasmPool(...([] as unknown as ConstructorParameters<typeof WasmPool>))).toThrow();
  });

  it('a process whose pool has workers exits by itself (built dist/)', () => {
    const script = `
      const { eliminateModP } = await import(${JSON.stringify(join(process.cwd(), 'dist', 'src', 'rank', 'modp.js'))});
      const n = 300, p = 8388593;
      const a = Float64Array.from({ length: n * n }, (_, i) => (i * 7919 + (i % n) * (i % n)) % p);
      console.log(eliminateModP(a, n, n, p, { threads: 2, parallelMinWork: 0 }).rank);
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.signal).toBe(null);
    expect(r.status).toBe(0);
    expect(Number(r.stdout.trim())).toBeGreaterThan(0);
  });
});
