/**
 * The laws every tensor format must pass, for every field: one shared suite.
 *
 * - entry agrees with toDense;
 * - matricize agrees with the matricization of the dense tensor by the index convention;
 * - contract agrees with the dense contraction;
 * - inner and normSquared agree with dense dot products (also across formats);
 * - validate accepts generated tensors and rejects each mutated one with a message that names
 *   the place, what was expected and what came.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { Field } from '../../src/exact/field.js';
import * as f from '../../src/formats/index.js';
import type { FormatName, Tensor } from '../../src/formats/index.js';
import { linearIndex, matricizationIndex, multiIndex, splitOf } from '../../src/tensor/shape.js';
import { anyTensorArb, tensorArb, tensorWithSplitArb } from '../arbitraries/formats.js';
import { runs } from '../runs.js';

function denseDot<T>(F: Field<T>, a: readonly T[], b: readonly T[]): T {
  let s = F.zero;
  for (let i = 0; i < a.length; i++) s = F.add(s, F.mul(a[i] as T, b[i] as T));
  return s;
}

/** Registers the format laws for one format over one field. */
export function formatLaws<T>(format: FormatName, F: Field<T>, numRuns = 60): void {
  const arb = tensorArb(format);
  const inF = (x: Tensor<bigint>): Tensor<T> => f.inField(F, x);
  const eq = (a: T, b: T, what: string): void => expect(F.eq(a, b), `${what}: ${F.toString(a)} vs ${F.toString(b)}`).toBe(true);

  it(`${format} over ${F.id}: entry agrees with toDense`, () => {
    fc.assert(
      fc.property(arb, fc.nat(), (x0, pick) => {
        const x = inF(x0);
        const d = f.toDense(F, x);
        const shape = f.shapeOf(x);
        const lin = pick % d.data.length;
        eq(f.entry(F, x, multiIndex(shape, lin)), d.data[lin] as T, 'entry');
        expect(linearIndex(shape, multiIndex(shape, lin))).toBe(lin);
      }),
      { numRuns: runs(numRuns) },
    );
  });

  it(`${format} over ${F.id}: matricize agrees with the dense tensor under the index convention`, () => {
    fc.assert(
      fc.property(tensorWithSplitArb(arb), ({ x: x0, rowModes }) => {
        const x = inF(x0);
        const shape = f.shapeOf(x);
        const m = f.matricize(F, x, rowModes);
        const d = f.toDense(F, x);
        const split = splitOf(shape.length, rowModes);
        for (let r = 0; r < m.rows; r++)
          for (let c = 0; c < m.cols; c++) eq(m.data[r * m.cols + c] as T, d.data[linearIndex(shape, matricizationIndex(shape, split, r, c))] as T, `M[${r},${c}]`);
      }),
      { numRuns: runs(numRuns) },
    );
  });

  it(`${format} over ${F.id}: contract agrees with the dense contraction`, () => {
    fc.assert(
      fc.property(arb, fc.array(fc.integer({ min: -4, max: 4 }), { minLength: 64, maxLength: 64 }), (x0, pool) => {
        const x = inF(x0);
        const shape = f.shapeOf(x);
        let t = 0;
        const vectors = shape.map((n) => Array.from({ length: n }, () => F.fromInt(pool[t++ % pool.length] as number)));
        const d = f.toDense(F, x);
        let expected = F.zero;
        d.data.forEach((v, lin) => {
          const idx = multiIndex(shape, lin);
          let w = v;
          idx.forEach((i, k) => (w = F.mul(w, (vectors[k] as T[])[i] as T)));
          expected = F.add(expected, w);
        });
        eq(f.contract(F, x, vectors), expected, 'contract');
      }),
      { numRuns: runs(numRuns) },
    );
  });

  it(`${format} over ${F.id}: inner and normSquared agree with dense dot products, against every format`, () => {
    fc.assert(
      fc.property(
        arb.chain((x) => anyTensorArb({ minOrder: f.orderOf(x), maxOrder: f.orderOf(x) }).map((y) => ({ x, y }))).filter(({ x, y }) => {
          const a = f.shapeOf(x);
          const b = f.shapeOf(y);
          return a.length === b.length && a.every((n, k) => n === b[k]);
        }),
        ({ x: x0, y: y0 }) => {
          const x = inF(x0);
          const y = inF(y0);
          const dx = f.toDense(F, x).data;
          const dy = f.toDense(F, y).data;
          eq(f.normSquared(F, x), denseDot(F, dx, dx), 'normSquared');
          try {
            eq(f.inner(F, x, y), denseDot(F, dx, dy), `inner ${x.format}/${y.format}`);
          } catch (e) {
            // Only HT pairs on different trees may be refused.
            expect(e).toBeInstanceOf(f.UnsupportedPairError);
            expect(x.format === 'ht' && y.format === 'ht').toBe(true);
          }
        },
      ),
      { numRuns: runs(numRuns) },
    );
  });

  it(`${format}: validate accepts generated tensors and rejects mutated ones, naming place, expectation and value`, () => {
    fc.assert(
      fc.property(arb, fc.nat(), (x, pick) => {
        expect(() => f.validate(x)).not.toThrow();
        for (const bad of mutations(x)) {
          const m = bad[pick % bad.length] as Tensor<bigint>;
          expect(() => f.validate(m)).toThrow(f.FormatError);
          try {
            f.validate(m);
          } catch (e) {
            expect((e as Error).message).toMatch(/^[a-z-]+[.\[\]\w]*: .*(expected|must|needs|has|already|differ|no parent)/);
          }
        }
      }),
      { numRuns: runs(numRuns) },
    );
  });
}

/** Groups of invalid variants of a valid tensor (each group non-empty). */
function mutations(x: Tensor<bigint>): Tensor<bigint>[][] {
  switch (x.format) {
    case 'dense':
      return [[{ ...x, data: x.data.slice(1) }], [{ ...x, shape: [...x.shape.slice(0, -1), 0] }], [{ ...x, shape: [] }]];
    case 'cp':
      return [[{ ...x, rank: 0 }], [{ ...x, factors: x.factors.slice(1) }], [{ ...x, factors: x.factors.map((u, k) => (k === 0 ? u.slice(1) : u)) }], [{ ...x, weights: [] }]];
    case 'tt':
      return [
        [{ ...x, ranks: [2, ...x.ranks.slice(1)] }],
        [{ ...x, ranks: [...x.ranks.slice(0, -1), 2] }],
        [{ ...x, cores: x.cores.map((c, k) => (k === x.cores.length - 1 ? [...c, 0n] : c)) }],
        [{ ...x, cores: x.cores.slice(1) }],
        [{ ...x, shape: x.shape.map((n, k) => (k === 0 ? 0 : n)) }],
      ];
    case 'tt-shared':
      return [[{ ...x, order: 1 }], [{ ...x, middle: x.middle.slice(1) }], [{ ...x, rank: 0 }], [{ ...x, first: [...x.first, 1n] }]];
    case 'ht': {
      const last = x.nodes.length - 1;
      const root = x.nodes[last] as (typeof x.nodes)[number];
      return [
        [{ ...x, nodes: x.nodes.map((n, t) => (t === last ? { ...root, rank: 2 } : n)) }],
        [{ ...x, nodes: x.nodes.slice(0, -1) }],
        [{ ...x, shape: [...x.shape, 2] }],
        x.nodes[0]?.kind === 'leaf' ? [{ ...x, nodes: x.nodes.map((n, t) => (t === 0 && n.kind === 'leaf' ? { ...n, frame: n.frame.slice(1) } : n)) }] : [{ ...x, nodes: [] }],
      ];
    }
    case 'network': {
      const own = x.nodes.findIndex((n) => n.sameAs === undefined);
      const firstLeg = x.modes[0]?.leg ?? '';
      return [
        [{ ...x, data: x.data.map((d, t) => (t === own ? d.slice(1) : d)) }],
        [{ ...x, nodes: [...x.nodes, { legs: [firstLeg] }], data: [...x.data, [1n]] }],
        [{ ...x, modes: x.modes.map((m, k) => (k === 0 ? { ...m, size: 0 } : m)) }],
        [{ ...x, nodes: x.nodes.map((n, t) => (t === own ? { legs: [...n.legs, 'dangling'] } : n)), bonds: { ...x.bonds, dangling: 2 } }],
      ];
    }
  }
}
