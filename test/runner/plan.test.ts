/**
 * The planner: `auto` picks by estimated cost, not only by whether a matricization fits; asking for
 * an engine is obeyed.
 */
import { describe, expect, it } from 'vitest';
import { cohen2016, theorem1 } from '../../proofs/index.js';
import { planObligations } from '../../src/runner/run.js';
import { runTheorem } from '../../src/runner/theorem.js';

type Module = typeof theorem1;
const plan = (n: number, r: number, d: number, engine: 'auto' | 'modp' | 'sketch' = 'auto', module: Module = theorem1): Map<string, { engine: string; fallback?: { engine: string } }> => planObligations(module.obligations({ n, r, d, seed: 1 }), { engine }).plans;

describe('the lower-bound planner', () => {
  it('auto takes the transfer blocks for the odd/even split of a TT, whatever the size, with the size-based engine as its fallback', () => {
    expect(plan(4, 2, 12).get('random')).toMatchObject({ engine: 'transfer', fallback: { engine: 'sketch' } });
    expect(plan(2, 2, 8).get('random')).toMatchObject({ engine: 'transfer', fallback: { engine: 'modp' } });
    expect(plan(4, 2, 400).get('random')?.engine).toBe('transfer');
  });
  it('without transfer blocks (HT), auto takes a K = 64 sketch over eliminating the 4096 x 4096 matricization of (4, 2, 12), and keeps the dense elimination where it is cheap', () => {
    expect(plan(4, 2, 12, 'auto', cohen2016).get('random')?.engine).toBe('sketch');
    expect(plan(2, 2, 8, 'auto', cohen2016).get('random')?.engine).toBe('modp');
    expect(plan(3, 3, 8, 'auto', cohen2016).get('random')?.engine).toBe('modp');
  });
  it('the fallback is taken when an instance has no square, nonsingular blocks: the paper\'s witness with r > n (its first bond exceeds n)', () => {
    const r = runTheorem(theorem1, { n: 3, r: 5, d: 8, seed: 1 }, { engine: 'auto' });
    expect(r.verdict).toBe('PROVED');
    expect(r.obligations.find((o) => o.id === 'witness')?.engine).not.toBe('transfer');
    expect(r.obligations.find((o) => o.id === 'random')?.engine).toBe('transfer');
  });
  it('an engine asked for is the engine used', () => {
    expect(plan(4, 2, 12, 'modp').get('random')?.engine).toBe('modp');
    expect(plan(4, 2, 12, 'sketch').get('random')?.engine).toBe('sketch');
  });
});
