/**
 * The witness's CP-rank from both sides, searched: for every (n, r, even d) in range, the
 * closed-form CP of q^(d/2) terms equals the TT and the HT witness (the kernel checks the
 * equality exactly), the statement "CP-rank <= q^(d/2)" is PROVED and "<= q^(d/2) - 1" is not;
 * and any one changed entry of the CP breaks the equality.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensorCpRankAtMost } from '../proofs/statements.js';
import { equalityCertificate } from '../src/certify/equality.js';
import * as f from '../src/formats/index.js';
import { checkBundle, contentDigest } from '../src/kernel/index.js';
import { stableJson } from '../src/report/json.js';
import { witnessCp } from '../src/runner/run.js';
import { verifyCertificate } from '../test/support/kernel.js';
import { runs } from './runs.js';

const params = fc.record({ n: fc.integer({ min: 1, max: 4 }), r: fc.integer({ min: 1, max: 4 }), half: fc.integer({ min: 1, max: 3 }) }).filter(({ n, r, half }) => Math.min(n, r) ** half <= 64);

function verdictOf(statement: object, cert: object): string {
  const manifest = { bundle: 'check-theorem/proof-bundle', version: 1, theorem: 'witness-cp', claims: [{ id: 'c', role: 'proof', statement, certificates: [contentDigest(cert)] }], certificates: [{ digest: contentDigest(cert), certificate: cert }] };
  return checkBundle(stableJson(manifest)).verdict;
}

describe('the witness has CP-rank exactly q^(d/2)', () => {
  it('the closed-form CP equals the TT and HT witnesses; CP-rank <= q^(d/2) is proved, one term fewer is not', () => {
    fc.assert(
      fc.property(params, ({ n, r, half }) => {
        const d = 2 * half;
        const K = BigInt(Math.min(n, r) ** half);
        const cp = witnessCp(n, r, d);
        expect(BigInt(cp.rank)).toBe(K);
        for (const w of [f.tt.witness(n, r, d), f.ht.witness(n, r, d)]) {
          const cert = equalityCertificate(w, cp);
          expect(verifyCertificate(cert).verdict).toBe('verified');
          expect(verdictOf(tensorCpRankAtMost(w, K), cert)).toBe('PROVED');
          expect(verdictOf(tensorCpRankAtMost(w, K - 1n), cert)).toBe('NOT_PROVED');
        }
      }),
      { numRuns: runs(20) },
    );
  });

  it('one changed CP entry is not the witness', () => {
    fc.assert(
      fc.property(params, fc.nat(), fc.nat(), ({ n, r, half }, k, i) => {
        const d = 2 * half;
        const cp = witnessCp(n, r, d);
        const mode = k % d;
        const at = i % (cp.factors[mode] as unknown[]).length;
        const factors = cp.factors.map((fk, m) => (m === mode ? fk.map((v, j) => (j === at ? { num: v.num + 1n, den: 1n } : v)) : fk));
        expect(verifyCertificate(equalityCertificate(f.tt.witness(n, r, d), { ...cp, factors })).verdict).toBe('rejected');
      }),
      { numRuns: runs(20) },
    );
  });
});
