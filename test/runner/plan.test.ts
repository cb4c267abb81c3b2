/**
 * The planner: `auto` picks by estimated cost, not only by whether a matricization fits; asking for
 * an engine is obeyed.
 */
import { describe, expect, it } from 'vitest';
import { theorem1 } from '../../proofs/index.js';
import { planObligations } from '../../src/runner/run.js';

const plan = (n: number, r: number, d: number, engine: 'auto' | 'modp' = 'auto'): Map<string, { engine: string }> => planObligations(theorem1.obligations({ n, r, d, seed: 1 }), { engine }).plans;

describe('the lower-bound planner', () => {
  it('auto takes a K = 64 sketch over eliminating the 4096 x 4096 matricization of (4, 2, 12)', () => {
    expect(plan(4, 2, 12).get('random')?.engine).toBe('sketch');
  });
  it('auto keeps the dense elimination where it is cheap (it also finds the whole rank)', () => {
    expect(plan(2, 2, 8).get('random')?.engine).toBe('modp');
    expect(plan(3, 3, 8).get('random')?.engine).toBe('modp');
  });
  it('an engine asked for is the engine used', () => {
    expect(plan(4, 2, 12, 'modp').get('random')?.engine).toBe('modp');
  });
});
