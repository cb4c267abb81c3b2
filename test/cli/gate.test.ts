/**
 * The regression gate: a proof module changed so an instance no longer proves makes the gate fail
 * with a message naming the instance; restoring it makes it pass.
 */
import { gateTheorems } from '../../src/cli/commands/gate.js';
import { usedParameters } from '../../src/runner/theorem.js';
import { paramsAt } from '../../proofs/types.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { theorem1, lemma1, THEOREMS } from '../../proofs/index.js';
import type { TheoremModule } from '../../proofs/types.js';
import { runGateCommand } from '../../src/cli/commands/gate.js';
import { memoryIo } from '../../src/cli/io.js';
import { buildBaseline, instanceName, type Baseline } from '../../src/runner/gate.js';
import { stableJson } from '../../src/report/json.js';

const dir = mkdtempSync(join(tmpdir(), 'ct-gate-'));
const small = (t: TheoremModule): TheoremModule => ({ ...t, defaultGrid: t.defaultGrid.slice(0, 2) });
const registry = [small(lemma1), small(theorem1)];
const file = join(dir, 'baseline.json');
writeFileSync(file, stableJson(buildBaseline(registry, 'auto')) + '\n');

function gate(theorems: readonly TheoremModule[], f = file): { code: number; out: string } {
  const io = memoryIo();
  const code = runGateCommand({ file: f, update: false, json: false, quiet: true }, io, theorems);
  return { code, out: io.stdout.join('') };
}

// A proof module "changed": it now states one more than the theorem's bound for the random instance.
const broken: TheoremModule = {
  ...small(theorem1),
  obligations: (p) => theorem1.obligations(p).map((o) => (o.kind === 'lower-bound' && o.id === 'random' ? { ...o, atLeast: o.atLeast + 1n, statement: { ...o.statement, bound: Number(o.atLeast + 1n) } } : o)),
};

describe('check-theorem gate', () => {
  it('passes on an unchanged registry', () => {
    const r = gate(registry);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/gate: 4 baseline instances re-proved, no change/);
  });

  it('fails, naming the instance and what changed, when a module no longer proves it; passes again once restored', () => {
    const r = gate([small(lemma1), broken]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('theorem1 n=2 r=2 d=8 seed=1');
    expect(r.out).toMatch(/verdict PROVED -> (REFUTED|INCONCLUSIVE)/);
    expect(r.out).toMatch(/claim random: established -> (refuted|not established)/);
    expect(r.out).toMatch(/claim random: statement changed: .*"bound":16.* -> .*"bound":17/);
    expect(r.out).toMatch(/npx check-theorem gate --update/);
    expect(gate(registry).code).toBe(0);
  });

  it('fails when a certified number in the baseline differs', () => {
    const b = JSON.parse(readFileSync(file, 'utf8')) as { instances: { claims: { id: string; subjects: string[] }[] }[] };
    const claim = b.instances[2]?.claims.find((o) => o.id === 'random');
    if (claim) claim.subjects = claim.subjects.map((x) => x.replace('"rankAtLeast":"16"', '"rankAtLeast":"15"'));
    const edited = join(dir, 'edited.json');
    writeFileSync(edited, JSON.stringify(b));
    const r = gate(registry, edited);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/claim random: certificate lost or changed: .*"rankAtLeast":"15"/);
    expect(r.out).toMatch(/claim random: new certificate: .*"rankAtLeast":"16"/);
  });

  it('fails when a certificate is about another subject, though every verdict and number stays the same', () => {
    // The instance builder "changed": the random instance comes from another seed.
    const reseeded: TheoremModule = {
      ...small(theorem1),
      obligations: (p) => theorem1.obligations(p).map((o) => (o.kind === 'lower-bound' && o.id === 'random' ? { ...o, instance: { ...o.instance, seed: (o.instance.seed ?? 1) + 1 } } : o)),
    };
    const r = gate([small(lemma1), reseeded]);
    expect(r.code).toBe(1);
    expect(r.out).not.toMatch(/verdict/);
    expect(r.out).toMatch(/claim random: certificate lost or changed: .*"digest":"[0-9a-f]{64}"/);
  });

  it('the committed baseline records exactly the default grids at seed 1 (else: npx check-theorem gate --update)', () => {
    const b = JSON.parse(readFileSync(join(process.cwd(), 'proofs', 'baseline.json'), 'utf8')) as Baseline;
    const recorded = b.instances.map(instanceName).sort();
    // The catalogue and the committed conjectures (proofs/conjectures/), as the gate runs them.
    const grid = gateTheorems().flatMap((t) => t.defaultGrid.map((g) => instanceName({ theorem: t.id, parameters: usedParameters(t, paramsAt(g, 1)) }))).sort();
    expect(gateTheorems().length).toBeGreaterThan(THEOREMS.length);
    expect(recorded).toEqual(grid);
  });
});
