/**
 * Networks of any shape: both routes (a built-in format and the same tensor written as a network)
 * agree on entries, cuts and certificates; network descriptions fail with clear errors; and loop
 * networks are never answered with their minimum cut unless a lower bound reaches it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { genericRank } from '../../proofs/index.js';
import { ParameterError } from '../../proofs/types.js';
import { resolveNetwork } from '../../proofs/networks.js';
import { cutCertificate } from '../../src/certify/cut.js';
import { matricizationLowerBound } from '../../src/certify/rank.js';
import { minCut, minCutBruteForce } from '../../src/cuts/mincut.js';
import { structureOf } from '../../src/cuts/network.js';
import { primeField, Q } from '../../src/exact/fields.js';
import * as f from '../../src/formats/index.js';
import { FormatError, type Tensor } from '../../src/formats/types.js';
import { structureToJson, tensorToJson } from '../../src/formats/json.js';
import { rankExact } from '../../src/rank/index.js';
import { readStructure, guarded } from '../../src/kernel/index.js';
import { runTheorem } from '../../src/runner/theorem.js';
import { run } from '../cli/run.js';
import { verifyCertificate } from '../support/kernel.js';

const builtins = (): { name: string; x: Tensor<bigint> }[] => [
  { name: 'cp', x: f.cp.random({ shape: [2, 3, 2, 2], rank: 3, seed: 11 }) },
  { name: 'tt', x: f.tt.random({ shape: [2, 3, 2, 2], rank: 2, seed: 12 }) },
  { name: 'tt-shared', x: f.ttShared.random({ order: 4, size: 2, rank: 2, seed: 13 }) },
  { name: 'ht', x: f.ht.random({ shape: [2, 2, 3, 2], rank: 2, seed: 14, tree: f.balancedTree(4) }) },
  { name: 'ht caterpillar', x: f.ht.random({ shape: [2, 2, 2, 2, 2], rank: 2, seed: 15, tree: f.caterpillarTree(5) }) },
];

/** Every non-trivial row-mode set of d modes. */
function splits(d: number): number[][] {
  const out: number[][] = [];
  for (let mask = 1; mask < (1 << d) - 1; mask++) out.push(Array.from({ length: d }, (_, m) => m).filter((m) => (mask >> m) & 1));
  return out;
}

describe('both routes agree: a built-in format and the same tensor as a network', () => {
  for (const { name, x } of builtins()) {
    it(`${name}: the same entries, the same minimum cut at every split, certificates the kernel accepts on both`, () => {
      const net = f.asNetwork(x);
      expect(net.format).toBe('network');
      const a = f.toDense(Q, f.inField(Q, x));
      const b = f.toDense(Q, f.inField(Q, net));
      expect(b.shape).toEqual(a.shape);
      expect(b.data.every((v, i) => Q.eq(v, a.data[i] as typeof v))).toBe(true);
      const d = f.shapeOf(x).length;
      for (const rows of splits(d)) {
        const viaFormat = minCut(structureOf(x), rows);
        const viaNetwork = minCut(structureOf(net), rows);
        expect(viaNetwork.bound, `split {${rows.join(',')}}`).toBe(viaFormat.bound);
        expect(minCutBruteForce(structureOf(net), rows).bound).toBe(viaNetwork.bound);
        const v = verifyCertificate(cutCertificate(structureOf(net), rows, viaNetwork));
        expect(v.verdict).toBe('verified');
      }
      // Lower bounds: the same rank on both routes, and both certificates verified with that claim.
      const rows = d === 4 ? [0, 2] : [0, 2, 4];
      const one = matricizationLowerBound(x, rows);
      const two = matricizationLowerBound(net, rows);
      expect(two.rank).toBe(one.rank);
      const exact = rankExact(f.matricize(Q, f.inField(Q, x), rows)).rank;
      expect(one.rank).toBe(exact);
      for (const c of [one.certificate, two.certificate]) {
        const v = verifyCertificate(c);
        expect(v.verdict).toBe('verified');
        if (v.verdict === 'verified' && v.claim.kind === 'rank-lower-bound') expect(v.claim.bound).toBe(BigInt(exact));
      }
    });
  }

  it('contraction with one vector per mode is the same number on both routes (mod p)', () => {
    const F = primeField(1_000_003);
    for (const { x } of builtins()) {
      const shape = f.shapeOf(x);
      const vectors = shape.map((n, m) => Array.from({ length: n }, (_, i) => F.fromInt(BigInt(3 * m + i + 1))));
      expect(F.eq(f.contract(F, f.inField(F, f.asNetwork(x)), vectors), f.contract(F, f.inField(F, x), vectors))).toBe(true);
    }
  });
});

describe('network descriptions fail with clear errors', () => {
  const einsumErrors: [string, string, Record<string, number>, RegExp][] = [
    ['a dangling leg (on one node, not an open leg)', 'ab,bc->a', { a: 2, b: 2, c: 2 }, /"c" is on one node only but not among the open legs/],
    ['a leg on three nodes', 'ai,aj,ak', { a: 2, i: 2, j: 2, k: 2 }, /"a" is on 3 nodes: a hyperedge/],
    ['a size that is zero', 'ai,aj', { a: 0, i: 2, j: 2 }, /"a" needs a size that is a positive integer, got 0/],
    ['a size that is a fraction', 'ai,aj', { a: 1.5, i: 2, j: 2 }, /positive integer, got 1.5/],
    ['a missing size', 'ai,aj', { i: 2, j: 2 }, /"a" needs a size that is a positive integer, got none/],
    ['an open leg on two nodes', 'ai,aj->ia', { a: 2, i: 2, j: 2 }, /open leg "a" must be on exactly one node, it is on 2/],
    ['not einsum at all', 'a1,b2', { a: 2 }, /comma-separated terms of letters/],
  ];
  for (const [what, spec, sizes, message] of einsumErrors) {
    it(`einsum: ${what}`, () => {
      expect(() => f.fromEinsum(spec, sizes)).toThrow(FormatError);
      expect(() => f.fromEinsum(spec, sizes)).toThrow(message);
    });
  }

  const ok = f.ring(2, 2, 3);
  const jsonErrors: [string, (s: Record<string, any>) => void, string][] = [
    ['a bond on three nodes', (s) => s['nodes'][2]['legs'].push('b1'), ''],
    ['a bond on one node', (s) => (s['nodes'][0]['legs'] = ['b0', 'i0', 'zz']), ''],
    ['a mode whose leg is on no node', (s) => (s['modes'][0]['leg'] = 'nowhere'), ''],
    ['a size that is not a positive integer', (s) => (s['bonds']['b0'] = 0), ''],
    ['a size written as a decimal', (s) => (s['bonds']['b0'] = '2.0'), ''],
    ['sameAs pointing at a node with other sizes', (s) => {
      s['modes'][1]['size'] = 3;
      s['nodes'][2]['sameAs'] = 1;
    }, ''],
    ['sameAs pointing at itself', (s) => (s['nodes'][1]['sameAs'] = 1), ''],
  ];
  for (const [what, edit] of jsonErrors) {
    it(`JSON: ${what} is refused by the kernel's reader with a coded error`, () => {
      const doc = JSON.parse(JSON.stringify(structureToJson(ok))) as Record<string, any>;
      edit(doc);
      const r = guarded(() => readStructure(doc, ''));
      expect('verdict' in r && r.verdict === 'rejected').toBe(true);
      if ('verdict' in r && r.verdict === 'rejected') {
        expect(r.code).toMatch(/^[A-Z_]+$/);
        expect(r.detail.length).toBeGreaterThan(10);
      }
    });
  }

  it('the CLI prints one coded line for a bad einsum, a bad file and a network file that is not JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ct-net-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"format": "network", "nodes": [');
    const three = join(dir, 'three.json');
    const doc = JSON.parse(JSON.stringify(structureToJson(ok))) as Record<string, any>;
    doc['nodes'][2]['legs'].push('b1');
    writeFileSync(three, JSON.stringify(doc));
    for (const argv of [
      ['rank', '--network', 'einsum:ai,aj,ak', '--sizes', 'a=2,i=2,j=2,k=2', '--split', 'modes:0'],
      ['rank', '--network', 'einsum:ai,aj', '--sizes', 'a=two', '--split', 'modes:0'],
      ['rank', '--network', bad, '--split', 'modes:0'],
      ['rank', '--network', three, '--split', 'modes:0'],
      ['rank', '--network', join(dir, 'missing.json'), '--split', 'modes:0'],
      ['rank', '--network', 'ring', '--n', '2', '--r', '2', '--split', 'modes:0'],
      ['rank', '--network', 'ring', '--format', 'tt', '--n', '2', '--r', '2', '--d', '4'],
    ]) {
      const r = await run(...argv, '--quiet');
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.out).toBe('');
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(/E_BAD_PARAMETER|E_USAGE/);
    }
  });

  it('a network file holding a tensor or a structure is read with its sizes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ct-net-'));
    const file = join(dir, 'ring.json');
    writeFileSync(file, JSON.stringify(tensorToJson(f.tn.random({ structure: ok, seed: 3 }))));
    const named = resolveNetwork({ n: Number.NaN, r: Number.NaN, d: Number.NaN, seed: 1, network: file });
    expect(named.structure.modes.map((m) => m.size)).toEqual([2, 2, 2]);
    expect(named.tensor).toBeDefined();
    expect(() => resolveNetwork({ n: Number.NaN, r: Number.NaN, d: Number.NaN, seed: 1, network: 'grid', }), 'grid needs n, r, d').toThrow(ParameterError);
  });
});

describe('loop networks: the generic rank can be below the minimum cut, and the answer says so', () => {
  // The tensor ring with 4 nodes, modes of size 3 and bonds 2, rows {0, 2}: the cut {i0, i2} gives 9,
  // and every cut through bonds gives 16; yet the 9 x 9 matricization is singular at every draw.
  const params = { n: 3, r: 2, d: 4, seed: 1, network: 'ring', split: 'modes:0,2' };

  it('every random draw has exact rank 8 (rational elimination), one below the minimum cut 9', () => {
    const s = resolveNetwork(params).structure;
    expect(minCut(s, [0, 2]).bound).toBe(9n);
    expect(minCutBruteForce(s, [0, 2]).bound).toBe(9n);
    for (let seed = 1; seed <= 6; seed++) {
      const x = f.tn.random({ structure: s, seed, entryBound: seed <= 3 ? 7 : 2 ** 20 });
      expect(rankExact(f.matricize(Q, f.inField(Q, x), [0, 2])).rank, `seed ${seed}`).toBe(8);
    }
  });

  it('the run proves rank in [8, 9] through the kernel and never calls 9 the generic rank', () => {
    const r = runTheorem(genericRank, params, { engine: 'auto' });
    expect(r.verdict).toBe('INCONCLUSIVE');
    expect(r.kernel.verdict).toBe('NOT_PROVED');
    const lower = r.obligations.find((o) => o.id === 'lower');
    const upper = r.obligations.find((o) => o.id === 'upper');
    expect(upper?.status).toBe('verified');
    expect(upper?.value).toBe('9');
    expect(lower?.status).toBe('failed');
    expect(lower?.reached).toMatchObject({ value: '8', outcome: 'established' });
    const reached = r.kernel.claims.find((c) => c.id === 'lower/reached');
    expect(reached?.outcome).toBe('established');
    expect(reached?.text).toMatch(/almost every network .* rank >= 8/);
    expect(r.gap?.reached).toBe(8);
    expect(r.gap?.upper).toBe('9');
    expect(r.gap?.all).toBeLessThan(1e-12);
    expect(r.summary).toMatch(/certified >= 8 \(random network\), <= 9 \(every network\)/);
    expect(r.summary).toMatch(/EVIDENCE, not proof, that the generic rank is 8/);
    expect(r.summary).not.toMatch(/PROVED/);
  });

  it('the CLI answers "generic rank in [8, 9]" with exit code 4, and the bundle it writes verifies to the same verdict', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ct-ring-'));
    const r = await run('rank', '--network', 'ring', '--n', '3', '--r', '2', '--d', '4', '--split', 'modes:0,2', '--quiet', '--out', join(dir, 'b'));
    expect(r.code).toBe(4);
    expect(r.out).toMatch(/generic rank of the modes:0,2 matricization of the tensor ring \(n=3, r=2, d=4\) in \[8, 9\]/);
    expect(r.out).toMatch(/evidence: all 3 random draws reach rank 8 and none 9/);
    const v = await run('verify', join(dir, 'b'));
    expect(v.out).toMatch(/NOT PROVED/);
    expect(v.out).toMatch(/measure lower\/reached: ESTABLISHED: for almost every network .* rank >= 8/);
    expect(v.out).not.toMatch(/^PROVED/m);
  });

  it('when the kernel rejects every draw (sketches of a singular 9 x 9), nothing is called proved but the cut', async () => {
    const r = await run('rank', '--network', 'ring', '--n', '3', '--r', '2', '--d', '4', '--split', 'modes:0,2', '--engine', 'sketch', '--quiet');
    expect(r.code).toBe(4);
    expect(r.out).toMatch(/in \[\?, 9\]/);
    expect(r.out).not.toMatch(/^  proved: /m);
    expect(r.out).toMatch(/^  not proved: .*rank >= 8 \(the kernel: not established\)/m);
    expect(r.out).not.toMatch(/proved: 8 <=/);
  });

  it('a tree network reaches its minimum cut (trees have generic rank = min-cut), and so does a ring where the cut is through bonds', () => {
    for (const p of [
      { n: 2, r: 2, d: Number.NaN, seed: 1, network: 'tree:((0 1) (2 3 4))', split: 'modes:0,1' },
      { n: 3, r: 2, d: Number.NaN, seed: 1, network: 'tree:((0 1 2) (3 4) 5)', split: 'modes:0,3' },
      { n: 2, r: 2, d: 6, seed: 1, network: 'ring', split: 'odd-even' },
      { n: 4, r: 2, d: 4, seed: 1, network: 'ring', split: 'modes:0,1' },
    ]) {
      const r = runTheorem(genericRank, p, { engine: 'auto' });
      expect(r.verdict, `${p.network} ${p.split}`).toBe('PROVED');
      expect(r.gap).toBeUndefined();
    }
  });
});

describe('Cohen et al. variants: pooling windows of k and weights shared across a layer', () => {
  const params = (network: string, n: number, r: number, d: number) => ({ network, n, r, d, seed: 1, split: 'odd-even' });
  it('pool:k builds the complete k-ary tree (frames at the leaves) and pool:k:shared shares each layer', () => {
    const plain = resolveNetwork(params('pool:4', 2, 2, 16)).structure;
    expect(plain.nodes.length).toBe(1 + 4 + 16);
    const shared = resolveNetwork(params('pool:4:shared', 2, 2, 16)).structure;
    const owners = shared.nodes.map((n, t) => n.sameAs ?? t);
    // The root, the first node of the middle layer and the first leaf hold parameters; the others share them.
    expect(new Set(owners).size).toBe(3);
    const leaves = shared.nodes.map((n, t) => ({ n, t })).filter(({ n }) => n.legs[0]?.startsWith('i'));
    expect(leaves.length).toBe(16);
    expect(leaves.slice(1).every(({ n }) => n.sameAs === leaves[0]?.t)).toBe(true);
    expect(() => resolveNetwork(params('pool:4', 2, 2, 8))).toThrow(/power of 4/);
  });
  it('the generic odd/even rank, certified from both sides, with and without shared weights', () => {
    for (const [spec, n, r, d, rank] of [
      ['pool:2', 2, 2, 8, 16],
      ['pool:2:shared', 2, 2, 8, 16],
      ['pool:4', 2, 2, 16, 256],
      ['pool:4:shared', 2, 2, 16, 256],
      ['pool:2:shared', 3, 2, 8, 16],
    ] as const) {
      const res = runTheorem(genericRank, params(spec, n, r, d), { engine: 'auto' });
      expect(res.verdict, `${spec} n=${n} r=${r} d=${d}: ${res.summary}`).toBe('PROVED');
      expect(res.bound.value).toBe(String(rank));
    }
  });
  it('a shared-weight certificate is about a network whose layers share parameters (the kernel reads sameAs)', () => {
    const s = resolveNetwork(params('pool:2:shared', 2, 2, 8)).structure;
    const read = guarded(() => readStructure(structureToJson(s), ''));
    expect('verdict' in read).toBe(false);
    if (!('verdict' in read) && read.format === 'network') expect(read.nodes.filter((n) => n.sameAs !== undefined).length).toBe(s.nodes.filter((n) => n.sameAs !== undefined).length);
  });
});
