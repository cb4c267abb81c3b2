/**
 * One-line bugs injected into the untrusted builders (test doubles of the theorem modules, whose
 * statements stay as they are): `prove`, `all` and `gate` must then not say PROVED, because the
 * kernel checks that every certificate is about the statement's subject.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cohen2016, cpHt, genericRank, theorem1, theorem1AllOrders, ttOddEvenAllOrders, sharedCoresAllOrders, type TheoremModule, type TheoremParams } from '../../proofs/index.js';
import { witnessPair } from '../../src/certify/kronecker.js';
import { runAll } from '../../src/cli/commands/all.js';
import { runGateCommand } from '../../src/cli/commands/gate.js';
import { memoryIo } from '../../src/cli/io.js';
import { stableJson } from '../../src/report/json.js';
import { buildBaseline } from '../../src/runner/gate.js';
import { runTheorem } from '../../src/runner/theorem.js';
import type { Obligation } from '../../src/runner/types.js';

/** The module with a fault in how it builds obligations (the statements are left as they are). */
function faulty(module: TheoremModule, fault: (o: Obligation, p: TheoremParams) => Obligation): TheoremModule {
  return { ...module, obligations: (p) => module.obligations(p).map((o) => fault(o, p)) };
}

const only = (id: string, fault: (o: Obligation, p: TheoremParams) => Obligation) => (o: Obligation, p: TheoremParams): Obligation => (o.id === id ? fault(o, p) : o);
const lowerOnly = (f: (o: Extract<Obligation, { kind: 'lower-bound' }>) => Obligation) => (o: Obligation): Obligation => (o.kind === 'lower-bound' ? f(o) : o);

const FAULTS: readonly { name: string; module: TheoremModule; params: TheoremParams }[] = [
  { name: 'the random instance is built in the wrong format (HT for a TT statement)', module: faulty(theorem1, lowerOnly((o) => (o.id === 'random' ? { ...o, instance: { ...o.instance, format: 'ht', tree: 'balanced' } } : o))), params: { n: 2, r: 2, d: 8, seed: 1 } },
  { name: 'the random instance has the wrong mode size', module: faulty(theorem1, lowerOnly((o) => ({ ...o, instance: { ...o.instance, n: o.instance.n + 1 } }))), params: { n: 2, r: 2, d: 6, seed: 1 } },
  { name: 'the random instance has larger ranks than the statement', module: faulty(theorem1, lowerOnly((o) => ({ ...o, instance: { ...o.instance, r: o.instance.r + 1 } }))), params: { n: 3, r: 2, d: 6, seed: 1 } },
  { name: 'the HT instance is built on the wrong tree', module: faulty(cohen2016, lowerOnly((o) => ({ ...o, instance: { ...o.instance, tree: 'caterpillar' } }))), params: { n: 2, r: 2, d: 8, seed: 1 } },
  { name: 'the lower bound is computed on the wrong split', module: faulty(genericRank, lowerOnly((o) => ({ ...o, rowModes: [0, 1, 2] }))), params: { format: 'tt', n: 3, r: 2, d: 6, split: 'odd-even', seed: 1 } },
  {
    name: 'the all-d pair is built with a larger rank than the statement',
    module: faulty(theorem1AllOrders, (o, p) => (o.kind === 'family-lower-bound' ? { ...o, construction: { method: 'kronecker', pair: witnessPair('tt-pairs', p.n, p.r + 1) } } : o)),
    params: { n: 2, r: 1, d: Number.NaN, seed: 1 },
  },
  {
    name: 'the transfer generator is drawn with a larger rank than the statement',
    module: faulty(ttOddEvenAllOrders, (o) => (o.kind === 'family-lower-bound' && o.construction.method === 'transfer' ? { ...o, construction: { ...o.construction, r: o.construction.r + 1 } } : o)),
    params: { n: 4, r: 2, d: Number.NaN, seed: 1 },
  },
  {
    name: 'the shared-core statement gets a generator whose cores are not shared',
    module: faulty(sharedCoresAllOrders, (o) => (o.kind === 'family-lower-bound' && o.construction.method === 'transfer' ? { ...o, construction: { ...o.construction, format: 'tt' } } : o)),
    params: { n: 3, r: 2, d: Number.NaN, seed: 1 },
  },
  { name: 'the conversion targets the wrong format (TT for an HT statement)', module: faulty(cpHt, only('construction', (o) => (o.kind === 'conversion' ? { ...o, conversion: 'cp-tt' } : o))), params: { n: 3, r: 4, d: 6, seed: 1 } },
  { name: 'the conversion converts another tensor than the statement names', module: faulty(cpHt, only('construction', (o) => (o.kind === 'conversion' ? { ...o, instance: { ...o.instance, seed: 99 } } : o))), params: { n: 3, r: 4, d: 6, seed: 1 } },
];

describe('faults injected into the untrusted builders never come out PROVED', () => {
  for (const f of FAULTS) {
    it(`prove: ${f.name}`, () => {
      const r = runTheorem(f.module, f.params, { engine: 'auto' });
      expect(r.verdict).not.toBe('PROVED');
      expect(r.kernel.verdict).not.toBe('PROVED');
      // Untouched, the same module proves the same parameters.
      const base = [theorem1, cohen2016, genericRank, theorem1AllOrders, ttOddEvenAllOrders, sharedCoresAllOrders, cpHt].find((m) => m.id === f.module.id) as TheoremModule;
      expect(runTheorem(base, f.params, { engine: 'auto' }).verdict).toBe('PROVED');
    });
  }

  const small = (t: TheoremModule): TheoremModule => ({ ...t, defaultGrid: t.defaultGrid.slice(0, 1) });
  it('all: a faulty module makes its rows not PROVED and the exit code non-zero', () => {
    const io = memoryIo();
    const code = runAll({ seed: 1, engine: 'auto', denseBudget: 1 << 25, json: false, quiet: true }, io, [small(theorem1), small(FAULTS[0]?.module as TheoremModule)]);
    expect(code).not.toBe(0);
    const out = io.stdout.join('');
    expect(out).toMatch(/1\/2 instances PROVED/);
    expect(out).toMatch(/theorem1 .* INCONCLUSIVE/);
  });

  it('gate: a baseline recorded with the correct module fails against each faulty one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ct-faults-'));
    for (const f of FAULTS.slice(0, 4)) {
      const registry = [small(f.module.id === 'theorem1' ? theorem1 : cohen2016)];
      const file = join(dir, `${f.module.id}.json`);
      writeFileSync(file, stableJson(buildBaseline(registry, 'auto')) + '\n');
      const io = memoryIo();
      expect(runGateCommand({ file, update: false, json: false, quiet: true }, io, registry)).toBe(0);
      const bad = memoryIo();
      expect(runGateCommand({ file, update: false, json: false, quiet: true }, bad, [small(f.module)])).toBe(1);
      expect(bad.stdout.join('')).toMatch(/verdict PROVED -> |certificate lost or changed/);
    }
  });
});
