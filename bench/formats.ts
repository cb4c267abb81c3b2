/**
 * Format verbs at realistic sizes: matricize (the dense engines' input), contract (a network's
 * forward pass and the sketch's building block) and inner (the equality check), for TT and HT.
 */
import { primeField, Q } from '../src/exact/fields.js';
import { DEFAULT_PRIMES } from '../src/exact/primes.js';
import * as f from '../src/formats/index.js';
import { F64 } from '../src/numeric/float64.js';
import { oddEvenModes } from '../src/tensor/shape.js';
import { createRng } from '../src/exact/prng.js';
import { fmtSeconds, printTable, time } from './util.js';

const Fp = primeField(DEFAULT_PRIMES[0] as number);

function vectors<T>(F: { fromInt(n: number): T }, shape: readonly number[], seed: number): T[][] {
  const rng = createRng(seed);
  return shape.map((n) => Array.from({ length: n }, () => F.fromInt(rng.intIn(-1000, 1000))));
}

/** Runs the format benchmark. */
export function benchFormats(options: { quick?: boolean } = {}): void {
  console.log('\n## Format verbs (one thread)\n');
  const rows: string[][] = [];
  const same = (n: number, d: number): number[] => new Array<number>(d).fill(n);
  // matricize over Z/p: the dense engine's input.
  for (const [n, r, d] of (options.quick ? [[4, 4, 8]] : [[4, 4, 8], [2, 2, 20], [4, 2, 12]]) as [number, number, number][]) {
    for (const fmt of ['tt', 'ht'] as const) {
      const x0 = fmt === 'tt' ? f.tt.random({ shape: same(n, d), rank: r, seed: 1 }) : f.ht.random({ shape: same(n, d), rank: r, seed: 1 });
      const x = f.inField(Fp, x0);
      const t = time(() => f.matricize(Fp, x, oddEvenModes(d), 2 ** 26));
      rows.push([`matricize ${fmt.toUpperCase()} odd/even mod p`, `n=${n} r=${r} d=${d}`, `${t.value.rows} x ${t.value.cols}`, fmtSeconds(t.seconds), `${((t.value.rows * t.value.cols) / t.seconds / 1e6).toFixed(1)} M entries/s`]);
    }
  }
  // contract: forward passes of an MNIST-sized TT / HT network (d = 16 patches, m = 32 features).
  const reps = options.quick ? 200 : 2000;
  for (const fmt of ['tt', 'ht'] as const) {
    for (const [F, name] of [
      [F64, 'float64'],
      [Fp, 'Z/p'],
    ] as const) {
      const x0 = fmt === 'tt' ? f.tt.random({ shape: same(32, 16), rank: 8, seed: 2, entryBound: 3 }) : f.ht.random({ shape: same(32, 16), rank: 8, seed: 2, entryBound: 3 });
      const x = f.inField(F as typeof F64, x0);
      const vs = vectors(F as typeof F64, same(32, 16), 3);
      const t = time(() => {
        let s = 0;
        for (let i = 0; i < reps; i++) s += f.contract(F as typeof F64, x, vs);
        return s;
      });
      rows.push([`contract ${fmt.toUpperCase()} (${name})`, 'n=32 r=8 d=16', `${reps} calls`, fmtSeconds(t.seconds), `${(reps / t.seconds).toFixed(0)} contractions/s`]);
    }
  }
  // inner over Q: the equality check's cost.
  for (const [a, b, label] of [
    ['tt', 'tt', 'TT.TT'],
    ['ht', 'ht', 'HT.HT'],
    ['tt', 'ht', 'TT.HT'],
  ] as const) {
    const mk = (fmt: 'tt' | 'ht', seed: number): f.Tensor<bigint> => (fmt === 'tt' ? f.tt.random({ shape: same(4, 16), rank: 4, seed }) : f.ht.random({ shape: same(4, 16), rank: 4, seed }));
    const x = f.inField(Q, mk(a, 4));
    const y = f.inField(Q, mk(b, 5));
    const t = time(() => f.inner(Q, x, y));
    rows.push([`inner ${label} over Q`, 'n=4 r=4 d=16', `${t.value.num.toString().length} digits`, fmtSeconds(t.seconds), '']);
  }
  printTable(['operation', 'size', 'output', 'time', 'rate'], rows);
}
