/**
 * Generalized (ReLU) networks: the kernel's exact scores against the engine's level-by-level grid
 * tensor, grid-rank certificates (valid, tampered), the width statement (established only about
 * the certified network and only up to ceil(K / c)), and the per-term rank bound the statement
 * rests on, checked by exact rank on random shallow ReLU networks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gridRankCertificate } from '../../src/certify/grid.js';
import { generalizedCp, generalizedJson, gridMatricization, gridTensor, randomGeneralized, randomGeneralizedHt, type GeneralizedRnn } from '../../src/formats/generalized.js';
import { checkBundle, contentDigest, readGeneralized, sealCertificate, type BundleVerdict } from '../../src/kernel/index.js';
import { scores, valueBits } from '../../src/kernel/generalized.js';
import { rankExact } from '../../src/rank/index.js';
import { stableJson } from '../../src/report/json.js';
import { perTerm, shallowWidthAtLeast } from '../../proofs/reluRnn.js';
import type { StatementJson } from '../../src/runner/types.js';
import { verifyCertificate } from '../support/kernel.js';

type Doc = Record<string, any>;
const copy = (x: object): Doc => JSON.parse(JSON.stringify(x)) as Doc;

/** Every template sequence of order T over M points, row-major (first index most significant). */
function allSequences(M: number, T: number): number[][] {
  const out: number[][] = [];
  for (let idx = 0; idx < M ** T; idx++) {
    const s = new Array<number>(T);
    let rest = idx;
    for (let t = T - 1; t >= 0; t--) {
      s[t] = rest % M;
      rest = Math.floor(rest / M);
    }
    out.push(s);
  }
  return out;
}

/** The network with every feature written as the string "v/2" (half of the integer network's). */
function halvedFeatures(n: GeneralizedRnn): Doc {
  const j = copy(generalizedJson(n));
  j['features'] = (j['features'] as number[][]).map((row) => row.map((v) => `${v}/2`));
  return j;
}

function bundle(statement: StatementJson, certs: object[]): BundleVerdict {
  const manifest = {
    bundle: 'check-theorem/proof-bundle',
    version: 1,
    theorem: 'test',
    claims: [{ id: 'c0', role: 'proof', statement, certificates: certs.map(contentDigest) }],
    certificates: certs.map((c) => ({ digest: contentDigest(c), certificate: c })),
  };
  return checkBundle(stableJson(manifest));
}

describe('generalized networks: two evaluations of the grid tensor agree', () => {
  for (const xi of ['relu', 'product'] as const)
    for (const [M, T, rank, seed] of [[3, 4, 2, 1], [4, 3, 3, 2], [2, 6, 2, 7], [5, 2, 4, 4]] as const) {
      it(`${xi}, M=${M}, T=${T}, ranks ${rank}, seed ${seed}: kernel scores = engine grid tensor`, () => {
        const n = randomGeneralized({ xi, M, T, rank, seed, bound: 2 });
        const grid = gridTensor(n);
        const k = scores(readGeneralized(generalizedJson(n), ''), allSequences(M, T));
        expect(k.map((q) => (q.den === 1n ? Number(q.num) : NaN))).toEqual([...grid]);
        expect(grid.some((v) => v !== 0), 'a non-trivial network').toBe(true);
      });
    }

  it('the exact rational path: halving every feature halves a ReLU score and scales a product score by 2^-T', () => {
    for (const xi of ['relu', 'product'] as const) {
      const n = randomGeneralized({ xi, M: 3, T: 4, rank: 2, seed: 5, bound: 2 });
      const grid = gridTensor(n);
      const half = scores(readGeneralized(halvedFeatures(n), ''), allSequences(3, 4));
      const scale = xi === 'relu' ? 2n : 16n;
      half.forEach((q, i) => expect(q.num * scale).toBe(BigInt(grid[i] as number) * q.den));
      expect(half.some((q) => q.den !== 1n), 'some scores are not integers').toBe(true);
    }
  });

  it('the double path falls back to rationals when values leave the safe integers', () => {
    const n = randomGeneralized({ xi: 'product', M: 2, T: 3, rank: 2, seed: 6, bound: 2 });
    const j = copy(generalizedJson(n));
    const big = 2n ** 40n;
    j['features'] = (j['features'] as number[][]).map((row) => row.map((v) => (BigInt(v) * big).toString()));
    const exact = scores(readGeneralized(j, ''), allSequences(2, 3));
    const grid = gridTensor(n);
    // Each score is a cubic form in the features: scaled by 2^120, far above 2^53.
    exact.forEach((q, i) => expect(q).toEqual({ num: BigInt(grid[i] as number) * big ** 3n, den: 1n }));
  });
});

describe('generalized networks: grid-rank certificates', () => {
  const net = randomGeneralized({ xi: 'relu', M: 4, T: 4, rank: 2, seed: 1, bound: 2 });
  const made = gridRankCertificate(net, [0, 2]);
  const cert = (): Doc => copy(made.certificate);

  it('the engine rank is the exact rank of the matricization, and the kernel verifies it', () => {
    const m = gridMatricization(net, gridTensor(net), [0, 2]);
    expect(made.rank).toBe(rankExact({ rows: m.rows, cols: m.cols, data: [...m.data] }).rank);
    const v = verifyCertificate(cert());
    expect(v).toMatchObject({ verdict: 'verified' });
    if (v.verdict === 'verified' && v.claim.kind === 'rank-lower-bound') expect(v.claim.bound).toBe(BigInt(made.rank));
  });
  const cases: [string, (c: Doc) => void, string][] = [
    ['the last core zeroed (every score is 0)', (c) => (c.matrix.network.cores[3] = c.matrix.network.cores[3].map((m: number[][]) => m.map((row) => row.map(() => 0)))), 'SINGULAR_MINOR'],
    ['the claim raised by one', (c) => (c.claim.rankAtLeast += 1), 'CLAIM_MISMATCH'],
    ['an unknown xi', (c) => (c.matrix.network.xi = 'tanh'), 'BAD_STATEMENT'],
    ['a boundary rank of 2', (c) => (c.matrix.network.ranks[0] = 2), 'BAD_TENSOR'],
    ['a row mode out of range', (c) => (c.matrix.rowModes = [0, 4]), 'INDEX_OUT_OF_RANGE'],
    ['a row index beyond the matricization', (c) => (c.rowIndices[0] = 16), 'INDEX_OUT_OF_RANGE'],
  ];
  for (const [name, edit, code] of cases)
    it(`rejects ${name} with ${code}`, () => {
      const c = cert();
      edit(c);
      expect(verifyCertificate(sealCertificate(c))).toMatchObject({ verdict: 'rejected', code });
    });
  it('a changed parameter changes the network identity the claim names', () => {
    const c = cert();
    c.matrix.network.features[0][0] += 1;
    const v = verifyCertificate(sealCertificate(c));
    const w = verifyCertificate(cert());
    if (v.verdict === 'verified' && w.verdict === 'verified' && v.claim.kind === 'rank-lower-bound' && w.claim.kind === 'rank-lower-bound' && v.claim.subject.kind === 'grid' && w.claim.subject.kind === 'grid')
      expect(v.claim.subject.network.digest).not.toBe(w.claim.subject.network.digest);
    else expect(v.verdict === 'rejected' || w.verdict === 'rejected').toBe(true);
  });
});

describe('the width statement: established exactly up to ceil(K / c), only about the certified network', () => {
  const net = randomGeneralized({ xi: 'relu', M: 5, T: 4, rank: 3, seed: 2, bound: 2 });
  const made = gridRankCertificate(net, [0, 2]);
  const c = perTerm(5, 4, 2);
  const best = (BigInt(made.rank) + c - 1n) / c;
  it(`K = ${made.rank}, c = 1 + M T/2 = ${c}: width >= ceil(K / c) is PROVED`, () => {
    expect(best).toBeGreaterThan(0n);
    expect(bundle(shallowWidthAtLeast(net, best), [made.certificate]).verdict).toBe('PROVED');
  });
  it('one more is not established', () => {
    const v = bundle(shallowWidthAtLeast(net, best + 1n), [made.certificate]);
    expect(v.verdict).not.toBe('PROVED');
    expect(v.claims[0]?.outcome).toBe('not established');
  });
  it('a statement about another network (other seed) is not established by this certificate', () => {
    const other = randomGeneralized({ xi: 'relu', M: 5, T: 4, rank: 3, seed: 3, bound: 2 });
    expect(bundle(shallowWidthAtLeast(other, 1n), [made.certificate]).claims[0]?.outcome).toBe('not established');
  });
  it('for xi = x y every term has rank 1, so the width bound is K itself', () => {
    const p = randomGeneralized({ xi: 'product', M: 3, T: 4, rank: 2, seed: 1, bound: 2 });
    const m = gridRankCertificate(p, [0, 2]);
    expect(bundle(shallowWidthAtLeast(p, BigInt(m.rank)), [m.certificate]).verdict).toBe('PROVED');
    expect(bundle(shallowWidthAtLeast(p, BigInt(m.rank) + 1n), [m.certificate]).claims[0]?.outcome).toBe('not established');
  });
});

/** The grid tensor of a generalized shallow ReLU network: sum_r lambda_r max(0, a_{r,1}[i_1], ..., a_{r,T}[i_T]). */
function shallowReluGrid(M: number, T: number, lambda: readonly number[], a: readonly (readonly (readonly number[])[])[]): number[] {
  return allSequences(M, T).map((s) => lambda.reduce((sum, l, r) => sum + l * Math.max(0, ...s.map((i, t) => a[r]![t]![i]!)), 0));
}

describe('the per-term bound the statement rests on', () => {
  it('a shallow ReLU network of width R has grid matricization rank <= R (1 + M min(|S|, T - |S|)) (exact ranks, fast-check)', () => {
    // M = 8, T = 4: the 64 x 64 matricizations, per-term bound 17, so R <= 3 keeps the bound
    // below 64 and every sample can fail.
    const M = 8;
    const T = 4;
    const arb = fc.integer({ min: 1, max: 3 }).chain((R) =>
      fc.record({
        lambda: fc.array(fc.integer({ min: -3, max: 3 }), { minLength: R, maxLength: R }),
        a: fc.array(fc.array(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: M, maxLength: M }), { minLength: T, maxLength: T }), { minLength: R, maxLength: R }),
        rows: fc.constantFrom([0, 2], [1, 2], [0, 1], [3, 1]),
      }),
    );
    fc.assert(
      fc.property(arb, ({ lambda, a, rows }) => {
        const grid = Float64Array.from(shallowReluGrid(M, T, lambda, a));
        const fake = { M, T } as GeneralizedRnn;
        const m = gridMatricization(fake, grid, rows);
        const rank = rankExact({ rows: m.rows, cols: m.cols, data: [...m.data] }).rank;
        expect(BigInt(lambda.length) * perTerm(M, T, rows.length)).toBeLessThan(64n);
        return BigInt(rank) <= BigInt(lambda.length) * perTerm(M, T, rows.length);
      }),
      { numRuns: 60 },
    );
  });
  it('one term reaches rank M (interleaved values make max(U_I, W_J) triangular): the constant is not loose by more than 1', () => {
    const M = 4;
    const T = 2;
    const a = [[[1, 3, 5, 7], [2, 4, 6, 8]]];
    const grid = Float64Array.from(shallowReluGrid(M, T, [1], a));
    const m = gridMatricization({ M, T } as GeneralizedRnn, grid, [0]);
    expect(rankExact({ rows: m.rows, cols: m.cols, data: [...m.data] }).rank).toBe(M);
    expect(perTerm(M, T, 1)).toBe(BigInt(M + 1));
  });
});

describe('the kernel budgets a grid minor before evaluating it (review findings: huge rationals, the exact fallback, memory)', () => {
  const certFor = (net: object, rowModes: number[], idx: number[]): object =>
    sealCertificate({ certificate: 'check-theorem', version: 2, kind: 'rank-lower-bound/minor', claim: { rankAtLeast: idx.length }, matrix: { kind: 'grid', network: net, rowModes }, prime: 1000003, rowIndices: idx, colIndices: idx });
  const tiny = (T: number, value: (t: number) => number | string, R = 1): object => {
    const ranks = Array.from({ length: T + 1 }, (_, t) => (t === 0 || t === T ? 1 : R));
    return { format: 'generalized-tt', xi: 'product', features: [[value(-1)], [value(-2)]], inputs: Array.from({ length: T }, (_, t) => [[value(t)]]), cores: Array.from({ length: T }, (_, t) => [Array.from({ length: ranks[t] as number }, () => Array.from({ length: ranks[t + 1] as number }, () => value(t)))]), ranks };
  };
  it('a parameter of more than 64 bits is refused where it is', () => {
    const v = verifyCertificate(certFor(tiny(2, () => `${2n ** 70n + 1n}/3`), [0], [0]));
    expect(v).toMatchObject({ verdict: 'rejected', code: 'BUDGET_EXCEEDED', path: '/matrix/network/features' });
  });
  it('integers near 2^52 that leave the safe integers are costed again for the exact path (and refused here)', () => {
    const v = verifyCertificate(certFor(tiny(64, (t) => 2 ** 52 - 1 - (t + 2), 16), Array.from({ length: 32 }, (_, i) => i), [0, 1 << 20]));
    expect(v).toMatchObject({ verdict: 'rejected', code: 'BUDGET_EXCEEDED' });
    if (v.verdict === 'rejected') expect(v.detail).toMatch(/exactly/);
  });
  it('a minor listing more sequence entries than the limit is refused before any sequence is built', () => {
    const idx = Array.from({ length: 1024 }, (_, j) => j * 2 ** 20);
    expect(verifyCertificate(certFor(tiny(64, () => 1), Array.from({ length: 32 }, (_, i) => i), idx))).toMatchObject({ verdict: 'rejected', code: 'BUDGET_EXCEEDED', path: '/rowIndices' });
  });
});

describe('the nearby statement: a neighbourhood of the certified network (positive measure)', () => {
  const net = randomGeneralized({ xi: 'relu', M: 5, T: 4, rank: 3, seed: 2, bound: 2 });
  const made = gridRankCertificate(net, [0, 2]);
  const c = perTerm(5, 4, 2);
  const best = (BigInt(made.rank) + c - 1n) / c;
  it('is established by the same certificate, up to the same width, about this network only', () => {
    expect(bundle(shallowWidthAtLeast(net, best, true), [made.certificate]).verdict).toBe('PROVED');
    expect(bundle(shallowWidthAtLeast(net, best + 1n, true), [made.certificate]).claims[0]?.outcome).toBe('not established');
    const other = randomGeneralized({ xi: 'relu', M: 5, T: 4, rank: 3, seed: 3, bound: 2 });
    expect(bundle(shallowWidthAtLeast(other, 1n, true), [made.certificate]).claims[0]?.outcome).toBe('not established');
  });
  it('the continuity argument, checked: the same minor stays nonsingular when every parameter moves by up to 1/1000', () => {
    const doc = copy(made.certificate);
    let s = 11;
    const shift = (v: number): string => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return `${v * 1000 + ((s % 3) - 1)}/1000`;
    };
    const net2 = doc['matrix']['network'];
    net2['features'] = net2['features'].map((row: number[]) => row.map(shift));
    net2['inputs'] = net2['inputs'].map((m: number[][]) => m.map((row) => row.map(shift)));
    net2['cores'] = net2['cores'].map((g: number[][][]) => g.map((m) => m.map((row) => row.map(shift))));
    expect(verifyCertificate(sealCertificate(doc))).toMatchObject({ verdict: 'verified' });
  });
});

describe('generalized HT networks (convolutional rectifier networks) and shallow networks as generalized TT', () => {
  for (const xi of ['relu', 'product'] as const)
    for (const [M, T, rank, seed] of [[3, 4, 2, 1], [2, 6, 2, 4], [3, 3, 3, 2], [2, 8, 2, 5], [4, 2, 3, 4]] as const) {
      it(`${xi} HT on the balanced tree, M=${M}, T=${T}, ranks ${rank}: kernel scores (subtree memo) = engine grid tensor (whole-node arrays)`, () => {
        const n = randomGeneralizedHt({ xi, M, T, rank, seed, bound: 2 });
        const grid = gridTensor(n);
        const k = scores(readGeneralized(generalizedJson(n), ''), allSequences(M, T));
        expect(k.map((q) => (q.den === 1n ? Number(q.num) : NaN))).toEqual([...grid]);
        expect(grid.some((v) => v !== 0), 'a non-trivial network').toBe(true);
      });
    }
  it('a shallow network written as a generalized TT with diagonal cores has scores sum_r lambda_r max(0, a_1r, ..., a_Tr) (relu) and sum_r lambda_r prod_t a_tr (product)', () => {
    const M = 3;
    const T = 3;
    const N = 2;
    const R = 3;
    let s = 7;
    const next = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), (s % 7) - 3);
    const features = Array.from({ length: M * N }, next);
    const inputs = Array.from({ length: T }, () => Array.from({ length: R * N }, next));
    const lambda = [2, -1, 3];
    const a = (t: number, r: number, i: number): number => (inputs[t] as number[]).slice(r * N, (r + 1) * N).reduce((acc, c, k) => acc + c * (features[i * N + k] as number), 0);
    for (const xi of ['relu', 'product'] as const) {
      const n = generalizedCp({ xi, M, N, features, inputs, lambda });
      const k = scores(readGeneralized(generalizedJson(n), ''), allSequences(M, T));
      const direct = allSequences(M, T).map((seq) => lambda.reduce((acc, l, r) => acc + l * (xi === 'relu' ? Math.max(0, ...seq.map((i, t) => a(t, r, i))) : seq.reduce((p, i, t) => p * a(t, r, i), 1)), 0));
      expect(k.map((q) => Number(q.num))).toEqual(direct);
    }
  });
  const net = randomGeneralizedHt({ xi: 'relu', M: 4, T: 4, rank: 3, seed: 2, bound: 2 });
  const made = gridRankCertificate(net, [0, 2]);
  const cert = (): Doc => copy(made.certificate);
  it('grid-rank certificates: the engine rank is the exact rank, the kernel verifies it, and the width statement holds exactly up to ceil(K / c)', () => {
    const m = gridMatricization(net, gridTensor(net), [0, 2]);
    expect(made.rank).toBe(rankExact({ rows: m.rows, cols: m.cols, data: [...m.data] }).rank);
    expect(verifyCertificate(cert())).toMatchObject({ verdict: 'verified', claim: { subject: { kind: 'grid', network: { format: 'generalized-ht' } } } });
    const c = perTerm(4, 4, 2);
    const best = (BigInt(made.rank) + c - 1n) / c;
    expect(bundle(shallowWidthAtLeast(net, best), [made.certificate]).verdict).toBe('PROVED');
    expect(bundle(shallowWidthAtLeast(net, best + 1n), [made.certificate]).claims[0]?.outcome).toBe('not established');
    // Another tree's network (the same parameters on the TT side) is another subject.
    const tt = randomGeneralized({ xi: 'relu', M: 4, T: 4, rank: 3, seed: 2, bound: 2 });
    expect(bundle(shallowWidthAtLeast(tt, 1n), [made.certificate]).claims[0]?.outcome).toBe('not established');
  });
  const cases: [string, (c: Doc) => void, string][] = [
    ['a root of rank 2', (c) => ((c.matrix.network.nodes[6].rank = 2), (c.matrix.network.nodes[6].core = c.matrix.network.nodes[6].core.map((m: number[][]) => m.map((row) => [row[0], row[0]])))), 'BAD_TENSOR'],
    ['a mode on two leaves', (c) => (c.matrix.network.nodes[1].leaf = 0), 'BAD_TENSOR'],
    ['a node that is a child twice', (c) => (c.matrix.network.nodes[5].children = [2, 2]), 'BAD_TENSOR'],
    ['a child that comes after its parent', (c) => (c.matrix.network.nodes[2].children = [0, 3]), 'INDEX_OUT_OF_RANGE'],
    ['a core of the wrong shape', (c) => c.matrix.network.nodes[2].core.pop(), 'SIZE_MISMATCH'],
    ['a node too many', (c) => c.matrix.network.nodes.push({ leaf: 3 }), 'BAD_TENSOR'],
    ['the last inner node zeroed (every score is 0)', (c) => (c.matrix.network.nodes[6].core = c.matrix.network.nodes[6].core.map((m: number[][]) => m.map((row) => row.map(() => 0)))), 'SINGULAR_MINOR'],
  ];
  for (const [name, edit, code] of cases)
    it(`HT: rejects ${name} with ${code}`, () => {
      const c = cert();
      edit(c);
      expect(verifyCertificate(sealCertificate(c))).toMatchObject({ verdict: 'rejected', code });
    });
});

/** Exact fractions for the reference evaluator below: [num, den], den > 0, reduced. */
type Frac = readonly [bigint, bigint];
const fgcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : fgcd(b, a % b));
const frac = (n: bigint, d: bigint): Frac => {
  const g = fgcd(n, d) * (d < 0n ? -1n : 1n);
  return [n / g, d / g];
};
const fadd = (a: Frac, b: Frac): Frac => frac(a[0] * b[1] + b[0] * a[1], a[1] * b[1]);
const fmul = (a: Frac, b: Frac): Frac => frac(a[0] * b[0], a[1] * b[1]);
const fmax = (a: Frac, b: Frac): Frac => (a[0] * b[1] >= b[0] * a[1] ? a : b);
const fparse = (x: number | string): Frac => (typeof x === 'number' ? [BigInt(x), 1n] : frac(BigInt(x.split('/')[0] as string), BigInt(x.split('/')[1] ?? '1')));

/**
 * A generalized HT network's score on one sequence, evaluated from the JSON by recursion from the
 * root on fractions: no shared sub-assignments, no double path, no node order.
 */
function referenceScore(net: Doc, seq: readonly number[]): string {
  const nodes = net['nodes'] as Doc[];
  const xi = (a: Frac, b: Frac): Frac => (net['xi'] === 'product' ? fmul(a, b) : fmax(fmax(a, b), [0n, 1n]));
  const state = (v: number): Frac[] => {
    const node = nodes[v] as Doc;
    if ('leaf' in node) {
      const f = (net['features'] as (number | string)[][])[seq[node['leaf'] as number] as number] as (number | string)[];
      return (net['inputs'][node['leaf']] as (number | string)[][]).map((row) => row.reduce<Frac>((s, c, k) => fadd(s, fmul(fparse(c), fparse(f[k] as number | string))), [0n, 1n]));
    }
    const hx = state(node['children'][0] as number);
    const hy = state(node['children'][1] as number);
    return Array.from({ length: node['rank'] as number }, (_, k) => {
      let s: Frac = [0n, 1n];
      hx.forEach((a, i) => hy.forEach((b, j) => (s = fadd(s, fmul(fparse(node['core'][i][j][k] as number | string), xi(a, b))))));
      return s;
    });
  };
  const [n, d] = (state(nodes.length - 1) as Frac[])[0] as Frac;
  return `${n}/${d}`;
}

describe('review: generalized HT networks on any tree, and the budgets', () => {
  /** A random HT network JSON: a random binary tree (random merges), nodes in a random children-first order, leaves in any mode order. */
  const arbHt = fc
    .record({
      T: fc.integer({ min: 2, max: 6 }),
      M: fc.integer({ min: 1, max: 3 }),
      N: fc.integer({ min: 1, max: 2 }),
      L: fc.integer({ min: 1, max: 3 }),
      xi: fc.constantFrom('relu' as const, 'product' as const),
      kind: fc.constantFrom('small', 'big', 'rational'),
      seed: fc.integer({ min: 1, max: 2 ** 30 }),
    })
    .map(({ T, M, N, L, xi, kind, seed }) => {
      let s = seed;
      const next = (k: number): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), s % k);
      const value = (): number | string => (kind === 'small' ? next(7) - 3 : kind === 'big' ? (next(7) - 3) * 2 ** 40 + next(1000) : `${next(11) - 5}/${next(6) + 1}`);
      // The tree as nested subtrees first, then laid out children-first in a random order.
      type Sub = { leaf: number } | { kids: [Sub, Sub] };
      const modes = Array.from({ length: T }, (_, t) => t);
      for (let i = T - 1; i > 0; i--) {
        const j = next(i + 1);
        [modes[i], modes[j]] = [modes[j] as number, modes[i] as number];
      }
      const roots: Sub[] = modes.map((m) => ({ leaf: m }));
      while (roots.length > 1) {
        const a = roots.splice(next(roots.length), 1)[0] as Sub;
        const b = roots.splice(next(roots.length), 1)[0] as Sub;
        roots.push({ kids: [a, b] });
      }
      const nodes: Doc[] = [];
      const width: number[] = [];
      const place = (v: Sub, root: boolean): number => {
        if ('leaf' in v) {
          nodes.push({ leaf: v.leaf });
          width.push(L);
          return nodes.length - 1;
        }
        // Either child may be laid out first.
        const first = next(2);
        const ids: number[] = [];
        ids[first] = place(v.kids[first] as Sub, false);
        ids[1 - first] = place(v.kids[1 - first] as Sub, false);
        const [x, y] = ids as [number, number];
        const rank = root ? 1 : 1 + next(3);
        nodes.push({ children: [x, y], rank, core: Array.from({ length: width[x] as number }, () => Array.from({ length: width[y] as number }, () => Array.from({ length: rank }, value))) });
        width.push(rank);
        return nodes.length - 1;
      };
      place(roots[0] as Sub, true);
      const mat = (r: number, c: number): (number | string)[][] => Array.from({ length: r }, () => Array.from({ length: c }, value));
      const sequences = Array.from({ length: 1 + next(12) }, () => Array.from({ length: T }, () => next(M)));
      return { net: { format: 'generalized-ht', xi, features: mat(M, N), inputs: Array.from({ length: T }, () => mat(L, N)), nodes } as Doc, sequences };
    });

  it('kernel scores (shared sub-assignments, double path with fallback) = a recursive evaluation on fractions, on random trees and node orders', () => {
    fc.assert(
      fc.property(arbHt, ({ net, sequences }) => {
        const got = scores(readGeneralized(net, ''), sequences).map((q) => `${q.num}/${q.den}`);
        expect(got).toEqual(sequences.map((seq) => referenceScore(net, seq)));
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  // 2048 features with distinct 63-bit denominators: their lcm has ~2^17 bits, far above the
  // 256 * 3T = 768 bits the budget accepts for T = 1. Built in full it cost time quadratic in the
  // number of parameters (1.5 MB of them took minutes); it is given up past the budget.
  const manyDenominators = (): Doc => {
    let i = 0n;
    const features = Array.from({ length: 32 }, () => Array.from({ length: 64 }, () => `1/${2n ** 62n + 2n * i++ + 1n}`));
    return { format: 'generalized-tt', xi: 'relu', features, inputs: [[Array(64).fill(1)]], cores: [[[[1]]]], ranks: [1, 1] };
  };
  it('valueBits gives up the common denominator (Infinity) as soon as it alone is above the budget', () => {
    expect(valueBits(readGeneralized(manyDenominators(), '')).denominator).toBe(Infinity);
    // Below the budget it is D's bits times the largest exponent, as before (relu, T = 1: D^3).
    const few = manyDenominators();
    few['features'] = (few['features'] as string[][]).map((row) => row.map(() => '1/6'));
    few['inputs'] = [[Array(64).fill('1/4')]];
    expect(valueBits(readGeneralized(few, '')).denominator).toBe(4 * 3);
  });
  it('a grid certificate on such a network is rejected by the denominator budget', () => {
    const doc = { certificate: 'check-theorem', version: 2, kind: 'rank-lower-bound/minor', claim: { rankAtLeast: 1 }, matrix: { kind: 'grid', network: manyDenominators(), rowModes: [] }, prime: 8388593, rowIndices: [0], colIndices: [0] };
    expect(verifyCertificate(sealCertificate(doc))).toMatchObject({ verdict: 'rejected', code: 'BUDGET_EXCEEDED', detail: 'the common denominator of the parameters is too large' });
  });

  it('the statement text writes the HT tree nested, modes at the leaves (a flat list mixed modes with node indices)', () => {
    const n = randomGeneralizedHt({ xi: 'relu', M: 3, T: 4, rank: 2, seed: 1, bound: 2 });
    const made = gridRankCertificate(n, [0, 2]);
    const text = bundle(shallowWidthAtLeast(n, 1n), [made.certificate]).claims[0]?.text ?? '';
    expect(text).toContain('on the tree ((0 1):2 (2 3):2):1 (modes at the leaves');
  });
});
