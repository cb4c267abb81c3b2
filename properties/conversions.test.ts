/**
 * Every conversion preserves the tensor exactly (an equality certificate the kernel verifies) and
 * respects its rank bound.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { equalityCertificate } from '../src/certify/equality.js';
import { cpToHt, cpToTt, htToTt, ttRound, ttToHt } from '../src/convert/index.js';
import { Q } from '../src/exact/fields.js';
import type { Rational } from '../src/exact/rational.js';
import * as f from '../src/formats/index.js';
import { verifyCertificate } from '../test/support/kernel.js';
import { rankExact } from '../src/rank/index.js';
import { minCut } from '../src/cuts/mincut.js';
import { structureOf } from '../src/cuts/network.js';
import { prefixModes } from '../src/tensor/shape.js';
import { tensorArb, tensorWithSplitArb, treeArb } from './arbitraries/formats.js';
import { runs } from './runs.js';

function verifiedEqual(a: f.Tensor<Rational>, b: f.Tensor<Rational>): void {
  const v = verifyCertificate(equalityCertificate(a, b));
  expect(v.verdict, v.verdict === 'rejected' ? `${v.code} ${v.path}: ${v.detail}` : '').toBe('verified');
}

const cpArb = tensorArb('cp', { maxOrder: 5, maxRank: 3 });
const ttArb = tensorArb('tt', { maxOrder: 6, maxRank: 3 });
const htArb = tensorArb('ht', { maxOrder: 6, maxRank: 3 });

describe('exact conversions', () => {
  it('CP -> TT: equal, TT ranks <= R', () => {
    fc.assert(
      fc.property(cpArb, (x0) => {
        const x = f.inField(Q, x0) as f.CpTensor<Rational>;
        const y = cpToTt(Q, x);
        verifiedEqual(x, y);
        for (const r of y.ranks) expect(r).toBeLessThanOrEqual(x.rank);
      }),
      { numRuns: runs(60) },
    );
  });

  it('CP -> HT (balanced and caterpillar trees): equal, HT ranks <= R', () => {
    fc.assert(
      fc.property(cpArb.chain((x) => treeArb(f.orderOf(x)).map((tree) => ({ x, tree }))), ({ x: x0, tree }) => {
        const x = f.inField(Q, x0) as f.CpTensor<Rational>;
        const y = cpToHt(Q, x, tree);
        verifiedEqual(x, y);
        for (const r of f.ranksOf(y)) expect(r).toBeLessThanOrEqual(x.rank);
      }),
      { numRuns: runs(60) },
    );
  });

  it('TT -> HT (Theorem 2): equal, HT ranks <= r^2', () => {
    fc.assert(
      fc.property(ttArb.chain((x) => treeArb(f.orderOf(x)).map((tree) => ({ x, tree }))), ({ x: x0, tree }) => {
        const x = f.inField(Q, x0) as f.TtTensor<Rational>;
        const y = ttToHt(Q, x, tree);
        verifiedEqual(x, y);
        const r = Math.max(...x.ranks);
        for (const s of f.ranksOf(y)) expect(s).toBeLessThanOrEqual(r * r);
      }),
      { numRuns: runs(60) },
    );
  });

  it('HT -> TT (Theorem 2): equal, each TT rank at most the minimum cut of the HT network for that prefix', () => {
    fc.assert(
      fc.property(htArb, (x0) => {
        const x = f.inField(Q, x0) as f.HtTensor<Rational>;
        const y = htToTt(Q, x);
        verifiedEqual(x, y);
        const s = structureOf(x);
        for (let k = 1; k < f.orderOf(x); k++) expect(BigInt(y.ranks[k] as number)).toBeLessThanOrEqual(minCut(s, prefixModes(k)).bound);
      }),
      { numRuns: runs(60) },
    );
  });

  it('exact TT rounding: equal, and every bond rank equals the exact rank of its prefix matricization (1 for zero)', () => {
    fc.assert(
      fc.property(ttArb, (x0) => {
        const x = f.inField(Q, x0) as f.TtTensor<Rational>;
        const y = ttRound(Q, x);
        verifiedEqual(x, y);
        for (let k = 1; k < f.orderOf(x); k++) {
          const m = f.matricize(Q, x, prefixModes(k));
          expect(y.ranks[k]).toBe(Math.max(1, rankExact(m).rank));
        }
      }),
      { numRuns: runs(40) },
    );
  });

  it('any format -> dense: equal', () => {
    fc.assert(
      fc.property(tensorArb('ht').chain(() => fc.constantFrom(...f.FORMAT_NAMES)).chain((name) => tensorArb(name)), (x0) => {
        const x = f.inField(Q, x0);
        verifiedEqual(x, f.toDense(Q, x));
      }),
      { numRuns: runs(40) },
    );
  });

  it('a tampered conversion is caught: NOT_EQUAL', () => {
    let caught = 0;
    fc.assert(
      fc.property(cpArb, fc.nat(), (x0, pick) => {
        const x = f.inField(Q, x0) as f.CpTensor<Rational>;
        const y = cpToTt(Q, x);
        const k = pick % y.cores.length;
        const core = [...(y.cores[k] as Rational[])];
        const at = pick % core.length;
        core[at] = Q.add(core[at] as Rational, Q.one);
        const bad = { ...y, cores: y.cores.map((c, j) => (j === k ? core : c)) };
        // Changing a core entry by 1 changes the tensor unless every entry it multiplies is 0.
        const changed = f.distanceSquared(Q, x, bad).num !== 0n;
        const v = verifyCertificate(equalityCertificate(x, bad));
        expect(v.verdict).toBe(changed ? 'rejected' : 'verified');
        if (changed) {
          caught++;
          expect(v).toMatchObject({ code: 'NOT_EQUAL' });
        }
      }),
      { numRuns: runs(60) },
    );
    expect(caught).toBeGreaterThan(20);
  });
});

describe('Lemma 1 on random CP tensors', () => {
  it('every matricization of a CP tensor of rank R has rank <= R, and its TT ranks after rounding are <= R', () => {
    fc.assert(
      fc.property(tensorWithSplitArb(cpArb), ({ x: x0, rowModes }) => {
        const x = f.inField(Q, x0) as f.CpTensor<Rational>;
        expect(rankExact(f.matricize(Q, x, rowModes)).rank).toBeLessThanOrEqual(x.rank);
        for (const r of ttRound(Q, cpToTt(Q, x)).ranks) expect(r).toBeLessThanOrEqual(x.rank);
      }),
      { numRuns: runs(80) },
    );
  });
});
