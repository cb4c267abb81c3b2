/**
 * Trained weights from elsewhere: fixtures written by NumPy (test/fixtures/weights/make_fixtures.py,
 * committed with the files it wrote) are read exactly, in every layout, and certified by
 * model-cp-width; corrupt files fail with one coded line.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTensorFile } from '../../proofs/modelCpWidth.js';
import { modelCpWidth } from '../../proofs/index.js';
import { ParameterError } from '../../proofs/types.js';
import { Q } from '../../src/exact/fields.js';
import { ratToString, type Rational } from '../../src/exact/rational.js';
import { toDense } from '../../src/formats/verbs.js';
import { readArrayFile, readNpy, roundTo, ArrayFileError } from '../../src/io/arrays.js';
import { naturalCompare } from '../../src/io/weights.js';
import { runTheorem } from '../../src/runner/theorem.js';
import { run } from '../cli/run.js';

const dir = join(process.cwd(), 'test', 'fixtures', 'weights');
const fixture = (name: string): string => join(dir, name);

/** NumPy's own float64 contraction of the fixture (exact: the entries are small multiples of 1/8). */
function oracle(name: string): { shape: readonly number[]; values: readonly Rational[] } {
  const a = readNpy(readFileSync(fixture(name)), name);
  expect(a.dtype).toBe('f8');
  return { shape: a.shape, values: a.values };
}

describe('NumPy and safetensors files are read exactly, in every layout', () => {
  const cases: [string, string, string | undefined, string | undefined][] = [
    ['tt_tensorly.npz', 'tt', undefined, 'tt'],
    ['tt_compressed.npz', 'tt', undefined, 'tt'],
    ['cp_tensorly.npz', 'cp', undefined, 'cp'],
    ['tr_tensorly.npz', 'network', undefined, 'tr'],
    ['ttm_t3f.npz', 'tt', undefined, 'tt-matrix'],
    ['ht_balanced.npz', 'ht', undefined, 'ht'],
    ['dense_f16.npy', 'dense', undefined, 'dense'],
    ['dense_fortran_be.npy', 'dense', undefined, 'dense'],
    ['dense_i32.npy', 'dense', undefined, 'dense'],
    ['tt_torch.safetensors', 'tt', 'cores.', 'tt'],
  ];
  for (const [file, format, keys, layout] of cases) {
    it(`${file}: read as ${layout}, every entry equal to NumPy's contraction`, () => {
      const auto = loadTensorFile(fixture(file), { keys });
      expect(auto.imported?.layout).toBe(layout);
      const t = loadTensorFile(fixture(file), { keys, layout });
      expect(t.exact.format).toBe(format);
      const ours = toDense(Q, t.exact);
      const want = oracle(file.replace(/\.(npz|npy|safetensors)$/, '.dense.npy'));
      expect(ours.shape).toEqual(want.shape);
      ours.data.forEach((v, i) => expect(Q.eq(v, want.values[i] as Rational), `${file} entry ${i}`).toBe(true));
    });
  }

  it('float32 weights with full mantissas are the dyadic rationals Python says they are (as_integer_ratio)', () => {
    const exact = JSON.parse(readFileSync(fixture('tt_random_f32.exact.json'), 'utf8')) as { cores: string[][]; dense: string[] };
    const t = loadTensorFile(fixture('tt_random_f32.npz'));
    if (t.exact.format !== 'tt') throw new Error('expected a TT');
    expect(t.exact.cores.map((c) => c.map(ratToString))).toEqual(exact.cores);
    expect(toDense(Q, t.exact).data.map(ratToString)).toEqual(exact.dense);
    expect(exact.cores.flat().some((q) => /\/\d{6,}$/.test(q))).toBe(true); // really long mantissas
  });

  it('--rounding bits:K rounds to the nearest multiple of 2^-K, ties to even', () => {
    const q = (num: bigint, den: bigint): Rational => ({ num, den });
    expect(ratToString(roundTo(q(5n, 8n), 2))).toBe('1/2'); // 0.625 -> 0.5 (tie, to even 2/4)
    expect(ratToString(roundTo(q(7n, 8n), 2))).toBe('1'); // 0.875 -> 1 (tie, to even 4/4)
    expect(ratToString(roundTo(q(-5n, 8n), 2))).toBe('-1/2');
    expect(ratToString(roundTo(q(1n, 3n), 4))).toBe('5/16');
    const t = loadTensorFile(fixture('tt_random_f32.npz'), { rounding: 'bits:6' });
    if (t.exact.format !== 'tt') throw new Error('expected a TT');
    expect(t.exact.cores.flat().every((v) => 64n % v.den === 0n)).toBe(true);
    expect(t.imported?.rounding).toBe('bits:6');
    expect(() => loadTensorFile(fixture('tt_random_f32.npz'), { rounding: 'bits:x' })).toThrow(ParameterError);
  });

  it('arrays are taken in natural name order', () => {
    expect(['core_10', 'core_2', 'core_1'].sort(naturalCompare)).toEqual(['core_1', 'core_2', 'core_10']);
  });
});

describe('model-cp-width and rank certify weights written by NumPy', () => {
  it('a TT in a .npz (TensorLy layout) is PROVED through the kernel, and the bundle verifies', async () => {
    const r = runTheorem(modelCpWidth, { n: Number.NaN, r: Number.NaN, d: Number.NaN, seed: 1, tensor: fixture('tt_tensorly.npz'), split: 'prefix:2' }, { engine: 'auto' });
    expect(r.verdict).toBe('PROVED');
    expect(r.bound.value).toBe('2'); // the bond r_2 = 2 of cores (1,3,2), (2,3,2), ... (the cut), and the kernel certifies it on the weights
    expect(r.parameters['tensor']).toBe(fixture('tt_tensorly.npz'));
    const out = join(mkdtempSync(join(tmpdir(), 'ct-w-')), 'b');
    const p = await run('prove', 'model-cp-width', '--tensor', fixture('tt_torch.safetensors'), '--keys', 'cores.', '--split', 'prefix:2', '--quiet', '--out', out);
    expect(p.code).toBe(0);
    const v = await run('verify', out);
    expect(v.code).toBe(0);
    expect(v.out).toMatch(/^PROVED model-cp-width/);
    const manifest = readFileSync(join(out, 'manifest.json'), 'utf8');
    expect(manifest).toMatch(/"tensorSha256": "[0-9a-f]{64}"/);
  });

  it('float evidence is never called certified', async () => {
    const r = await run('rank', '--tensor', fixture('tt_tensorly.npz'), '--engine', 'float', '--quiet');
    expect(r.code).toBe(5);
    expect(r.out).not.toMatch(/certified from both sides/);
    expect(r.out).toMatch(/certified >= \? \(this tensor\), <= \d+ .*float evidence \(not proof\): numerical rank \d+/);
  });

  it('rank --tensor answers from both sides for a .npy / .npz / safetensors file', async () => {
    const a = await run('rank', '--tensor', fixture('tt_compressed.npz'), '--split', 'prefix:2', '--quiet');
    expect(a.code).toBe(0);
    expect(a.out).toMatch(/rank of the prefix:2 matricization of the TT in .*tt_compressed\.npz \(read as tt from 5 array\(s\): core_0, core_1, core_2, core_3, core_4; exact values\): 3, certified from both sides/);
    const b = await run('rank', '--tensor', fixture('cp_tensorly.npz'), '--split', 'modes:2', '--quiet');
    expect(b.code).toBe(0);
    expect(b.out).toMatch(/: 3, certified from both sides/);
  });

  it('a dense tensor below its cut: the exact rank from a minor and null vectors, as NumPy files hold it', async () => {
    // cp_tensorly.dense.npy: a CP of rank 3 written densely; the dense structure's cut allows 4 on prefix:2.
    const r = await run('rank', '--tensor', fixture('cp_tensorly.dense.npy'), '--split', 'prefix:2', '--quiet', '--json');
    const doc = JSON.parse(r.out) as { obligations: { id: string; status: string; value?: string; certificates: { kind: string }[] }[] };
    const exact = doc.obligations.find((o) => o.id === 'exact');
    expect(exact).toMatchObject({ status: 'verified', value: '3' });
    expect(exact?.certificates.map((c) => c.kind).sort()).toEqual(['rank-lower-bound/minor', 'rank-upper-bound/nullspace']);
    const text = await run('rank', '--tensor', fixture('cp_tensorly.dense.npy'), '--split', 'prefix:2', '--quiet');
    expect(text.out).toMatch(/: 3, certified from both sides \(a minor and null vectors of this tensor; the cut of its structure allows 4\)/);
    expect(text.out).toMatch(/this split can certify at most 3 \(the rank of this tensor's matricization, certified from both sides\)/);
    expect(text.code).toBe(4);
  });

  it('bad files and mismatched layouts get one coded line before any work', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'ct-w-'));
    const corrupt = join(tmp, 'corrupt.npz');
    const bytes = Buffer.from(readFileSync(fixture('tt_compressed.npz')));
    bytes[60] = (bytes[60] as number) ^ 0xff; // inside the first deflated member
    writeFileSync(corrupt, bytes);
    const truncated = join(tmp, 'truncated.npy');
    writeFileSync(truncated, readFileSync(fixture('dense_i32.npy')).subarray(0, 150));
    const nan = join(tmp, 'nan.npy');
    const f = Buffer.from(readFileSync(fixture('dense_fortran_be.npy')));
    f.writeDoubleBE(Number.NaN, f.length - 8);
    writeFileSync(nan, f);
    const st = Buffer.from(readFileSync(fixture('tt_torch.safetensors')));
    const overlap = join(tmp, 'overlap.safetensors');
    writeFileSync(overlap, Buffer.from(st.toString('latin1').replace('"data_offsets":[24,', '"data_offsets":[20,'), 'latin1'));
    for (const [argv, message] of [
      [['--tensor', corrupt], /CRC-32|does not inflate/],
      [['--tensor', truncated], /the data is \d+ bytes, the shape needs 48/],
      [['--tensor', nan], /not finite/],
      [['--tensor', overlap], /data_offsets span|overlap/],
      [['--tensor', fixture('tt_tensorly.npz'), '--layout', 'cp'], /the cp layout wants \(n_k, R\)/],
      [['--tensor', fixture('tt_torch.safetensors')], /fit no layout|several layouts/],
      [['--tensor', fixture('tt_torch.safetensors'), '--keys', 'nothing.'], /no array's name starts with "nothing\."/],
      [['--tensor', fixture('tt_tensorly.npz'), '--rounding', 'bits:9999'], /--rounding is exact or bits:K/],
      [['--tensor', fixture('duplicate_member.npz')], /the member f1\.npy appears twice/],
    ] as const) {
      const r = await run('prove', 'model-cp-width', ...argv, '--quiet');
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.out).toBe('');
      expect(r.err.trim().split('\n'), r.err).toHaveLength(1);
      expect(r.err).toMatch(/^error\[E_BAD_PARAMETER\]/);
      expect(r.err).toMatch(message);
    }
  });

  it('the readers reject what they cannot read exactly', () => {
    const header = (text: string): Buffer => {
      const h = Buffer.from(text.padEnd(118) + '\n', 'latin1');
      const b = Buffer.alloc(10 + h.length);
      Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(b);
      b.writeUInt16LE(h.length, 8);
      h.copy(b, 10);
      return b;
    };
    expect(() => readNpy(header("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }"), 'x')).toThrow(ArrayFileError);
    expect(() => readNpy(header("{'descr': '<c16', 'fortran_order': False, 'shape': (0,), }"), 'x')).toThrow(/not supported/);
    expect(() => readNpy(header("{'descr': '<f8', 'fortran_order': False, 'shape': (0,), 'extra': 1}"), 'x')).toThrow(/exactly descr, fortran_order and shape/);
    expect(readNpy(header("{'descr': '<f8', 'fortran_order': False, 'shape': (0,), }"), 'x').values).toEqual([]);
    expect(() => readArrayFile(join(dir, 'make_fixtures.py'))).toThrow(/expected a .npy, .npz or .safetensors file/);
  });
});
