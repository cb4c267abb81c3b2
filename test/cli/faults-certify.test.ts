/**
 * A one-line bug in an untrusted certificate builder (a stale cache: every minor certificate names
 * the first tensor it was ever given), injected with a module mock. The certificates are still
 * well-formed and mostly verify; they are about the wrong tensor, so nothing after the first
 * statement is PROVED.
 */
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../src/certify/minor.js', async (importOriginal) => {
  const m = await importOriginal<typeof import('../../src/certify/minor.js')>();
  let first: Parameters<typeof m.matricizationMinorCertificate>[0] | undefined;
  return {
    ...m,
    matricizationMinorCertificate: (tensor: Parameters<typeof m.matricizationMinorCertificate>[0], ...rest: [never, never, never?]) => m.matricizationMinorCertificate((first ??= tensor), ...rest),
  };
});

const { theorem1, cohen2016 } = await import('../../proofs/index.js');
const { runTheorem } = await import('../../src/runner/theorem.js');

describe('a stale-cache bug in the minor-certificate builder', () => {
  it('the first statement is proved; a statement about another structure is not', () => {
    // Dense elimination mod p (auto would take transfer blocks for TT, which do not use this builder).
    expect(runTheorem(theorem1, { n: 2, r: 2, d: 6, seed: 1 }, { engine: 'modp' }).verdict).toBe('PROVED');
    // Every minor certificate now names that TT: an HT statement, or a TT of other sizes, gets none.
    const ht = runTheorem(cohen2016, { n: 2, r: 2, d: 6, seed: 1 }, { engine: 'modp' });
    expect(ht.verdict).not.toBe('PROVED');
    expect(ht.obligations.find((o) => o.id === 'random')?.status).not.toBe('verified');
    expect(runTheorem(theorem1, { n: 3, r: 2, d: 6, seed: 1 }, { engine: 'modp' }).verdict).not.toBe('PROVED');
  });
});
