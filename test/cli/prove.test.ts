/**
 * End-to-end: prove, rank, table, list, all, and bad input, through the CLI.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './run.js';
import { established } from '../../src/cli/commands/all.js';
import { THEOREMS, theorem1 } from '../../proofs/index.js';
import { runTheorem } from '../../src/runner/theorem.js';

const dir = mkdtempSync(join(tmpdir(), 'ct-prove-'));


describe('check-theorem prove theorem1', () => {
  for (const [n, r, d, K] of [
    [2, 2, 8, 16],
    [3, 3, 8, 81],
    [2, 2, 12, 64],
  ] as const) {
    it(`proves (n, r, d) = (${n}, ${r}, ${d}) with K = ${K}; verify accepts the certificate and rejects a tampered copy`, async () => {
      const file = join(dir, `t1-${n}-${r}-${d}.json`);
      const p = await run('prove', 'theorem1', '--n', String(n), '--r', String(r), '--d', String(d), '--certificate', file, '--quiet');
      expect(p.code).toBe(0);
      expect(p.out).toContain(`PROVED: CP-rank of a generic TT tensor >= ${K}`);
      const v = await run('verify', file);
      expect(v.code).toBe(0);
      expect(v.out).toMatch(new RegExp(`^VERIFIED rank >= ${K} of the `));
      // The random TT's certificate: transfer blocks (a chain certificate).
      const cert = JSON.parse(readFileSync(file, 'utf8')) as { kind: string; indices: { first: number[] } };
      expect(cert.kind).toBe('rank-lower-bound/chain');
      cert.indices.first[1] = cert.indices.first[0] as number;
      const bad = join(dir, `t1-${n}-${r}-${d}-bad.json`);
      writeFileSync(bad, JSON.stringify(cert));
      const t = await run('verify', bad);
      expect(t.code).toBe(1);
      expect(t.out).toMatch(/^REJECTED DUPLICATE_INDEX at \/indices\/first\/1/);
    });
  }

  it('--json prints a deterministic record (same bytes twice)', async () => {
    const a = await run('prove', 'theorem1', '--n', '2', '--r', '2', '--d', '6', '--json');
    const b = await run('prove', 'theorem1', '--n', '2', '--r', '2', '--d', '6', '--json');
    expect(a.out).toBe(b.out);
    const j = JSON.parse(a.out) as { verdict: string; parameters: Record<string, number>; obligations: { id: string; attempts?: { seed?: number; primes?: number[] }[] }[] };
    expect(j.verdict).toBe('PROVED');
    expect(j.parameters).toEqual({ n: 2, r: 2, d: 6, seed: 1 });
    expect(j.obligations[0]?.attempts?.[0]?.seed).toBe(1);
    expect(j.obligations[0]?.attempts?.[0]?.primes?.length).toBeGreaterThan(0);
  });

  it('--out writes a bundle: verify accepts the folder and each certificate in it', async () => {
    const out = join(dir, 'all-certs');
    const p = await run('prove', 'theorem2-tt-ht', '--n', '2', '--r', '2', '--d', '4', '--out', out, '--quiet');
    expect(p.code).toBe(0);
    expect(p.err).toMatch(/bundle written to .*manifest.json and \d+ certificate\(s\)/);
    const { readdirSync } = await import('node:fs');
    const files = readdirSync(out);
    expect(files).toContain('manifest.json');
    expect(files.length).toBeGreaterThan(3);
    for (const f of files.filter((x) => x !== 'manifest.json')) expect((await run('verify', join(out, f))).code).toBe(0);
    const v = await run('verify', out);
    expect(v.code).toBe(0);
    expect(v.out).toMatch(/^PROVED theorem2-tt-ht n=2 r=2 d=4: for every TT network of shape 2\^4 and ranks \(1,2,2,2,1\), the matricization with row modes \{0\} has rank <= 4/);
  });
});

describe('check-theorem rank', () => {
  it('reports the exact generic rank of the TT (3, 2, 6) odd/even matricization with both certificates', async () => {
    const r = await run('rank', '--format', 'tt', '--n', '3', '--r', '2', '--d', '6', '--split', 'odd-even', '--quiet');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/generic rank of the odd-even matricization of the TT \(n=3, r=2, d=6\): 18, certified from both sides/);
    expect(r.out).toMatch(/lower: rank >= 18;.*kernel VERIFIED/);
    expect(r.out).toMatch(/upper: rank <= 18 \(every tensor\);.*kernel VERIFIED/);
    expect(r.out).toMatch(/TT network of shape 3\^6 and ranks \(1,2,2,2,2,2,1\)/);
  });
});

describe('check-theorem table, list and all', () => {
  it("all's established column states the exact odd/even rank next to the CP-rank bound", () => {
    expect(established(runTheorem(theorem1, { n: 4, r: 2, d: 8, seed: 1 }, { engine: 'auto' }))).toBe('CP-rank >= 128 (odd/even rank = 128 exactly)');
  });
  it('table marks where Table 2 is tight, and never calls a CP-rank bound tight', async () => {
    const r = await run('table', '--n', '3', '--r', '2', '--d', '8', '--quiet', '--width', '0');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/CP\s+TT\s+>= r\^\(d\/2\)\s+min\(n,r\)\^\(d\/2\) = 16\s+CP-rank >= 54; odd\/even rank = 54 exactly \(generic\)\s+no: the odd\/even rank is 54 > 16/);
    expect(r.out).toMatch(/HT\s+TT\s+r\^2\s+r \^ 2 = 4 .* yes: a random network needs 4 \(certified\)/);
  });
  it('the wording on (2, 2, 8) and (4, 2, 8): tight for the odd/even rank only, the CP-rank not bounded above', async () => {
    const a = await run('table', '--n', '2', '--r', '2', '--d', '8', '--quiet', '--width', '0');
    expect(a.out).toMatch(/CP\s+TT\s+>= r\^\(d\/2\)\s+min\(n,r\)\^\(d\/2\) = 16\s+CP-rank >= 16; odd\/even rank = 16 exactly \(generic\)\s+for the odd\/even rank \(it cannot certify more\); CP-rank: no upper bound shown/);
    const b = await run('table', '--n', '4', '--r', '2', '--d', '8', '--quiet', '--width', '0');
    expect(b.out).toMatch(/CP\s+TT\s+>= r\^\(d\/2\)\s+min\(n,r\)\^\(d\/2\) = 16\s+CP-rank >= 128; odd\/even rank = 128 exactly \(generic\)\s+no: the odd\/even rank is 128 > 16/);
    for (const out of [a.out, b.out]) expect(out).not.toMatch(/CP\s+(TT|HT)\s.*\byes\b/);
    const p = await run('prove', 'theorem1', '--n', '2', '--r', '2', '--d', '8', '--quiet', '--width', '0');
    expect(p.out).not.toMatch(/tight/);
    expect(p.out).toMatch(/the odd\/even matricization's generic rank is exactly 16: it cannot certify more/);
  });
  it('list names every required id', async () => {
    const r = await run('list');
    for (const id of ['lemma1', 'theorem1', 'cohen2016', 'theorem2-tt-ht', 'theorem2-ht-tt', 'cp-tt', 'cp-ht', 'shared-cores']) expect(r.out).toContain(id);
  });
  it('aliases work', async () => {
    expect((await run('prove', 'cp_rank_ge_of_generic_tt', '--n', '2', '--r', '2', '--d', '4', '--quiet')).code).toBe(0);
  });
});

describe('bad input: one line, a stable code, exit 2', () => {
  const cases: [string, string[], string][] = [
    ['odd d', ['prove', 'theorem1', '--n', '2', '--r', '2', '--d', '7'], 'E_BAD_PARAMETER'],
    ['r = 0', ['prove', 'theorem1', '--n', '2', '--r', '0', '--d', '8'], 'E_BAD_PARAMETER'],
    ['a non-number', ['prove', 'theorem1', '--n', 'two', '--r', '2', '--d', '8'], 'E_BAD_PARAMETER'],
    ['a fractional size', ['prove', 'theorem1', '--n', '2.5', '--r', '2', '--d', '8'], 'E_BAD_PARAMETER'],
    ['an unknown theorem', ['prove', 'theorem9', '--n', '2', '--r', '2', '--d', '8'], 'E_UNKNOWN_THEOREM'],
    ['sizes that would need terabytes (dense engine)', ['prove', 'theorem1', '--n', '10', '--r', '10', '--d', '20', '--engine', 'modp'], 'E_BUDGET'],
    ['sizes that would need terabytes (auto picks the sketch, whose K is too large)', ['prove', 'theorem1', '--n', '1000', '--r', '1000', '--d', '100'], 'E_BUDGET'],
    ['a missing option', ['prove', 'theorem1', '--n', '2', '--r', '2'], 'E_USAGE'],
    ['an unknown option', ['prove', 'theorem1', '--n', '2', '--r', '2', '--d', '4', '--turbo'], 'E_USAGE'],
    ['an unknown engine', ['prove', 'theorem1', '--n', '2', '--r', '2', '--d', '4', '--engine', 'magic'], 'E_BAD_PARAMETER'],
    ['a repeated size', ['prove', 'theorem1', '--n', '2', '--n', '3', '--r', '2', '--d', '4'], 'E_REPEATED'],
    ['a fractional size', ['prove', 'theorem1', '--n', '2.5', '--r', '2', '--d', '4'], 'E_BAD_PARAMETER'],
    ['a size beyond its range', ['prove', 'theorem1', '--n', '1e9', '--r', '2', '--d', '4'], 'E_BAD_PARAMETER'],
    ['a flag without its value', ['prove', 'theorem1', '--r', '2', '--d', '4', '--n'], 'E_USAGE'],
    ['an output folder that does not exist, before any work', ['prove', 'theorem1', '--n', '2', '--r', '2', '--d', '4', '--certificate', '/nonexistent-dir/x.json'], 'E_FILE'],
    ['a bad split', ['rank', '--format', 'tt', '--n', '2', '--r', '2', '--d', '4', '--split', 'prefix:9'], 'E_BAD_PARAMETER'],
    ['an unknown format', ['rank', '--format', 'mps', '--n', '2', '--r', '2', '--d', '4'], 'E_BAD_PARAMETER'],
    ['an odd d for the table', ['table', '--n', '2', '--r', '2', '--d', '5'], 'E_BAD_PARAMETER'],
  ];
  for (const [name, argv, code] of cases) {
    it(`${name} -> ${code}`, async () => {
      const r = await run(...argv);
      expect(r.code).toBe(2);
      const lines = r.err.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^error\\[${code}\\]: `));
      expect(r.err).not.toMatch(/\n\s+at /);
    });
  }
  it('the terabyte refusal says how big and what to do instead', async () => {
    const r = await run('prove', 'theorem1', '--n', '10', '--r', '10', '--d', '20', '--engine', 'modp');
    expect(r.err).toMatch(/10000000000 x 10000000000 matricization would have .* entries \(about .* as doubles\), above the budget .*; use --engine sketch/);
  });
});

describe('help, however it is asked for, is laid out at the same width (review finding)', () => {
  const widest = (text: string): number => Math.max(...text.split('\n').map((l) => l.length));
  it('help, --help=true and --help give the same text within 110 columns; prove -qh the same as prove --help', async () => {
    const top = (await run('--help')).out;
    expect(widest(top)).toBeLessThanOrEqual(110);
    expect((await run('help')).out).toBe(top);
    expect((await run('--help=true')).out).toBe(top);
    const prove = (await run('prove', '--help')).out;
    expect(widest(prove)).toBeLessThanOrEqual(110);
    expect((await run('prove', '-qh')).out).toBe(prove);
    expect(prove).toMatch(/Statements and the parameters each takes:\n  lemma1/);
  });
});

describe('a refused instance names the every-even-d statement that proves its bound', () => {
  it('cohen2016 at K = 16384 (beyond the sketches the kernel checks) points to cohen2016-all-d, which proves it', async () => {
    const r = await run('prove', 'cohen2016', '--n', '2', '--r', '2', '--d', '28', '--quiet');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error\[E_BUDGET\]: .*K = 16384.*; or, for every even d at once: check-theorem prove cohen2016-all-d --n 2 --r 2\n$/);
    const all = await run('prove', 'cohen2016-all-d', '--n', '2', '--r', '2', '--quiet');
    expect(all.code).toBe(0);
    expect(all.out).toMatch(/PROVED/);
  });
  it('every every-even-d statement that names its per-instance statement names one that exists and takes d', () => {
    const linked = THEOREMS.filter((t) => t.everyOrderOf !== undefined);
    expect(linked.map((t) => t.id).sort()).toEqual(['cohen2016-all-d', 'shared-cores-all-d', 'theorem1-all-d']);
    for (const t of linked) expect(THEOREMS.find((x) => x.id === t.everyOrderOf)?.parameters).toContain('d');
  });
  it('a statement without such a form keeps the plain refusal', async () => {
    const r = await run('prove', 'generic-rank', '--format', 'ht', '--n', '2', '--r', '2', '--d', '28', '--quiet');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error\[E_BUDGET\]: .*K = 16384: lower n, r or d\n$/);
  });
});

describe('the sketch engine through the CLI', () => {
  it('prove --engine sketch writes a sketch certificate that verify accepts', async () => {
    const file = join(dir, 'sketch.json');
    const p = await run('prove', 'theorem1', '--n', '2', '--r', '2', '--d', '16', '--engine', 'sketch', '--certificate', file, '--quiet');
    expect(p.code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).kind).toBe('rank-lower-bound/sketch');
    const v = await run('verify', file);
    expect(v.out).toMatch(/^VERIFIED rank >= 256 of the 256 x 256 matricization .* \(a 256 x 256 sketch nonzero mod 8388593\)/);
  });
  it('auto picks the sketch when the matricization cannot be formed, and says why', async () => {
    const p = await run('prove', 'cohen2016', '--n', '4', '--r', '2', '--d', '16', '--quiet', '--json');
    expect(p.code).toBe(0);
    const j = JSON.parse(p.out) as { obligations: { id: string; engine: string; note: string }[] };
    const random = j.obligations.find((o) => o.id === 'random');
    expect(random?.engine).toBe('sketch');
    expect(random?.note).toMatch(/65536 x 65536 matricization exceeds the dense budget .*: matrix-free sketch/);
    expect(j.obligations.find((o) => o.id === 'witness')?.engine).toBe('witness-minor');
  });
  it('refuses a sketch the kernel could not check, up front; the transfer blocks (auto) prove the same instance', async () => {
    const r = await run('prove', 'theorem1', '--n', '4', '--r', '4', '--d', '20', '--engine', 'sketch');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error\[E_BUDGET\]: a 1048576 x 1048576 sketch .*lower n, r or d/);
    const t = await run('prove', 'theorem1', '--n', '4', '--r', '4', '--d', '20', '--quiet');
    expect(t.code).toBe(0);
    expect(t.out).toContain('PROVED: CP-rank of a generic TT tensor >= 1048576');
  });
});

describe('CLI conventions', () => {
  it('-h is --help, and every command has examples in its help', async () => {
    expect((await run('-h')).out).toBe((await run('--help')).out);
    for (const cmd of ['list', 'prove', 'verify', 'rank', 'conjecture', 'discover', 'table', 'all', 'gate']) {
      const r = await run(cmd, '--help');
      expect(r.out, cmd).toMatch(/Examples:\n\s+check-theorem /);
    }
  });
  it('prove --help lists every statement id with its parameters', async () => {
    const r = await run('prove', '--help');
    expect(r.out).toMatch(/Statements and the parameters each takes:/);
    expect(r.out).toMatch(/theorem1-all-d\s+--n --r\n/);
    expect(r.out).toMatch(/model-cp-width\s+--tensor --layout --keys --rounding --split --k/);
  });
  it('completion prints a shell completion script (the installed bin, spawned)', () => {
    const out = execFileSync(process.execPath, [join(process.cwd(), 'dist', 'src', 'cli', 'main.js'), 'completion'], { encoding: 'utf8' });
    expect(out).toMatch(/###-begin-check-theorem-completions-###/);
    expect(out).toMatch(/yargs command completion script/);
  });
  it('an option the statement does not take is named in a warning, not silently ignored', async () => {
    const r = await run('prove', 'theorem1-all-d', '--n', '2', '--r', '2', '--d', '8', '--quiet');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/warning: theorem1-all-d does not take --d; it is ignored/);
  });
  it('cut lists read in natural order (bond:2 before bond:10)', async () => {
    const r = await run('prove', 'theorem2-ht-tt', '--n', '2', '--r', '2', '--d', '16', '--json');
    const cuts = [...r.out.matchAll(/"note": "cut \{([^}]*)\}"/g)].map((m) => (m[1] as string).split(', '));
    expect(cuts.length).toBeGreaterThan(5);
    for (const c of cuts) {
      const nums = c.filter((x) => x.startsWith('edge:')).map((x) => Number(x.slice(5)));
      expect(nums).toEqual([...nums].sort((a, b) => a - b));
    }
  });
});
