/**
 * proofs/formulas.json holds mathjs's parse of every catalogue formula, so that runs never load
 * mathjs; it must be what mathjs gives now (regenerate: npm run formulas:update).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bound, parseFormula } from '../../proofs/bound.js';
import { catalogueFormulas, formulasJson } from '../../proofs/formulas.js';

describe('committed formulas', () => {
  it('proofs/formulas.json is current (update: npm run formulas:update)', () => {
    expect(readFileSync(join(process.cwd(), 'proofs', 'formulas.json'), 'utf8')).toBe(formulasJson(catalogueFormulas()));
  });
  it('a committed formula and a fresh mathjs parse evaluate and render alike', () => {
    for (const text of catalogueFormulas()) {
      const fresh = parseFormula(text);
      const b = bound(text);
      expect(b.pretty).toBe(fresh.pretty);
      expect(b.tex).toBe(fresh.tex);
    }
    expect(bound('min(n, r)^(d/2)').evaluate({ n: 3, r: 2, d: 8 })).toBe(16n);
    expect(bound('ceil(K / (1 + n * d / 2))').evaluate({ K: 400, n: 10, d: 6 })).toBe(13n);
  });
  it('a formula outside the catalogue is parsed by mathjs on the spot', () => {
    expect(bound('max(n, 2 * r) - 1').evaluate({ n: 3, r: 4 })).toBe(7n);
    expect(bound('max(n, 2 * r) - 1').pretty).toBe('max(n, 2 * r) - 1');
  });
});
