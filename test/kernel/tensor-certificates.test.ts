/**
 * The kernel on certificates about tensors: minors of matricizations evaluated from the cores,
 * cuts of networks, and equality of two formats. Each tampering gets its own code.
 */
import { describe, expect, it } from 'vitest';
import { equalityCertificate } from '../../src/certify/equality.js';
import { matricizationLowerBound, matricizationUpperBound } from '../../src/certify/rank.js';
import { cpToTt, htToTt, ttToHt } from '../../src/convert/index.js';
import { Q } from '../../src/exact/fields.js';
import * as f from '../../src/formats/index.js';
import { verifyCertificate } from '../support/kernel.js';
import { oddEvenModes } from '../../src/tensor/shape.js';
import { tensorToJson } from '../../src/formats/json.js';
import { sealCertificate } from '../../src/kernel/index.js';

type Doc = Record<string, any>;
const copy = (x: object): Doc => JSON.parse(JSON.stringify(x)) as Doc;
/** Edits are resealed (digest recomputed) so each gets its own rejection code. */
const seal = (c: Doc): Doc => sealCertificate(c);

const witness = f.tt.witness(2, 2, 6);
const minorCert = (): Doc => copy(matricizationLowerBound(witness, oddEvenModes(6)).certificate);
const cutCert = (): Doc => copy(matricizationUpperBound(witness, oddEvenModes(6)).certificate);
const cp = f.cp.random({ shape: [2, 3, 2], rank: 2, seed: 3, entryBound: 9 });
const eqCert = (): Doc => copy(equalityCertificate(cp, cpToTt(Q, f.inField(Q, cp) as f.CpTensor<any>)));

describe('kernel: minors of matricizations', () => {
  it('verifies the witness minor (rank 8 of the 8 x 8 odd/even matricization)', () => {
    const v = verifyCertificate(minorCert());
    expect(v.verdict).toBe('verified');
    if (v.verdict === 'verified' && v.claim.kind === 'rank-lower-bound') {
      expect(v.claim.bound).toBe(8n);
      expect(v.claim.subject.kind).toBe('matricization');
    }
  });
  const cases: [string, (c: Doc) => void, string, string][] = [
    ['a core entry zeroed (the minor becomes singular)', (c) => (c.matrix.tensor.cores[1][0] = 0), 'SINGULAR_MINOR', '/rowIndices'],
    ['a boundary rank of 2', (c) => (c.matrix.tensor.ranks[0] = 2), 'BAD_TENSOR', '/matrix/tensor/ranks'],
    ['a core of the wrong length', (c) => c.matrix.tensor.cores[2].push(0), 'SIZE_MISMATCH', '/matrix/tensor/cores/2'],
    ['an unknown format', (c) => (c.matrix.tensor.format = 'mps'), 'UNKNOWN_KIND', '/matrix/tensor/format'],
    ['a repeated row mode', (c) => (c.matrix.rowModes = [0, 0, 4]), 'DUPLICATE_INDEX', '/matrix/rowModes/1'],
    ['a row mode out of range', (c) => (c.matrix.rowModes = [0, 2, 6]), 'INDEX_OUT_OF_RANGE', '/matrix/rowModes/2'],
    ['a row index beyond the matricization', (c) => (c.rowIndices[0] = 8), 'INDEX_OUT_OF_RANGE', '/rowIndices/0'],
    ['a float core entry (in the text: not a plain integer)', (c) => (c.matrix.tensor.cores[0][0] = 0.5), 'INEXACT_NUMBER', '/matrix/tensor/cores/0/0'],
    ['an unknown tensor field', (c) => (c.matrix.tensor.bias = [1]), 'UNKNOWN_FIELD', '/matrix/tensor/bias'],
  ];
  for (const [name, edit, code, path] of cases) {
    it(`rejects ${name} with ${code}`, () => {
      const c = minorCert();
      edit(c);
      expect(verifyCertificate(seal(c))).toMatchObject({ verdict: 'rejected', code, path });
    });
  }
  it('rejects an invalid HT tree with BAD_TENSOR naming the rule', () => {
    const ht = f.ht.witness(2, 2, 4);
    const c = copy(matricizationLowerBound(ht, oddEvenModes(4)).certificate);
    expect(verifyCertificate(c).verdict).toBe('verified');
    c.matrix.tensor.nodes[6].rank = 2;
    c.matrix.tensor.nodes[6].transfer.push(0, 0, 0, 0);
    expect(verifyCertificate(seal(c))).toMatchObject({ code: 'BAD_TENSOR', path: '/matrix/tensor/nodes/6/rank' });
  });
});

describe('kernel: cuts', () => {
  it('verifies the minimum cut of the TT network', () => {
    const v = verifyCertificate(cutCert());
    expect(v).toMatchObject({ verdict: 'verified', claim: { kind: 'rank-upper-bound', bound: 8n } });
  });
  const cases: [string, (c: Doc) => void, string, string][] = [
    ['an unknown cut element', (c) => c.cut.push('bond:9'), 'UNKNOWN_CUT_ELEMENT', '/cut/' + 'N'],
    ['a repeated cut element', (c) => c.cut.push(c.cut[0]), 'DUPLICATE_INDEX', '/cut/' + 'N'],
    ['a cut that does not separate', (c) => ((c.cut = ['leg:0']), (c.claim.rankAtMost = 2)), 'CUT_DOES_NOT_SEPARATE', '/cut'],
    ['a claim below the product', (c) => (c.claim.rankAtMost = 7), 'CLAIM_MISMATCH', '/claim/rankAtMost'],
    ['sizes lowered in the network', (c) => ((c.network.ranks = [1, 1, 1, 1, 1, 1, 1]), (c.network.shape = [1, 1, 1, 1, 1, 1])), 'CLAIM_MISMATCH', '/claim/rankAtMost'],
  ];
  for (const [name, edit, code, path] of cases) {
    it(`rejects ${name} with ${code}`, () => {
      const c = cutCert();
      edit(c);
      const p = path.endsWith('N') ? `/cut/${c.cut.length - 1}` : path;
      expect(verifyCertificate(seal(c))).toMatchObject({ verdict: 'rejected', code, path: p });
    });
  }
});

describe('kernel: equality', () => {
  it('verifies CP = its TT conversion', () => {
    expect(verifyCertificate(eqCert()).verdict).toBe('verified');
  });
  it('rejects a changed core entry with NOT_EQUAL', () => {
    const c = eqCert();
    c.right.cores[1][0] = String(BigInt(c.right.cores[1][0]) + 1n);
    expect(verifyCertificate(seal(c))).toMatchObject({ code: 'NOT_EQUAL' });
  });
  it('rejects different shapes with SIZE_MISMATCH', () => {
    const c = eqCert();
    c.right = tensorToJson(f.dense.random({ shape: [2, 3, 3], seed: 1 }));
    expect(verifyCertificate(seal(c))).toMatchObject({ code: 'SIZE_MISMATCH', path: '/right' });
  });
  it('compares HT against HT on a different tree (one network evaluator for every pair of formats)', () => {
    const a = f.ht.random({ shape: [2, 2, 2, 2], rank: 2, seed: 1, tree: f.balancedTree(4) });
    const b = f.ht.random({ shape: [2, 2, 2, 2], rank: 2, seed: 1, tree: f.caterpillarTree(4) });
    expect(verifyCertificate(equalityCertificate(a, b))).toMatchObject({ code: 'NOT_EQUAL' });
    // The same tensor on the other tree (HT -> TT -> HT on the caterpillar), and as a dense tensor.
    const aq = f.inField(Q, a) as f.HtTensor<any>;
    expect(verifyCertificate(equalityCertificate(a, f.toDense(Q, aq))).verdict).toBe('verified');
    expect(verifyCertificate(equalityCertificate(ttToHt(Q, htToTt(Q, aq), f.caterpillarTree(4)), a)).verdict).toBe('verified');
  });
});
