/**
 * The TypeScript half of `npm run bench -- peers`, without any peer installed: the command line,
 * the ratio and target judgement (a missing peer is never "met", a failed row is FAILED whatever
 * its times), the printed cells and notes, the saved JSON, and the parsing of what the Python
 * peers print (a malformed line is an error, not a zero).
 */
import { describe, expect, it } from 'vitest';
import { BenchArgsError, parseBenchArgs } from '../../bench/args.js';
import { parsePrototypeOutput, parseTorchEpoch, parseTorchHeader, peersJson, ratioOf, rowCells, rowNotes, verdictOf, type PeerRow } from '../../bench/peerTable.js';
import { median } from '../../bench/util.js';

const GROUPS = ['rank', 'exact', 'peers'];

describe('parseBenchArgs', () => {
  it('reads groups in order, --quick and --json in both spellings', () => {
    expect(parseBenchArgs([], GROUPS)).toEqual({ groups: [], quick: false });
    expect(parseBenchArgs(['peers', '--quick', 'rank'], GROUPS)).toEqual({ groups: ['peers', 'rank'], quick: true });
    expect(parseBenchArgs(['peers', '--json', 'out.json'], GROUPS)).toEqual({ groups: ['peers'], quick: false, json: 'out.json' });
    expect(parseBenchArgs(['--json=a/b.json', 'exact'], GROUPS)).toEqual({ groups: ['exact'], quick: false, json: 'a/b.json' });
  });

  it('rejects unknown groups and options, and --json without a file', () => {
    expect(() => parseBenchArgs(['peer'], GROUPS)).toThrow(/unknown benchmark group peer; known: rank, exact, peers/);
    expect(() => parseBenchArgs(['--fast'], GROUPS)).toThrow(BenchArgsError);
    expect(() => parseBenchArgs(['peers', '--json'], GROUPS)).toThrow(/--json needs a file name/);
    expect(() => parseBenchArgs(['--json', '--quick'], GROUPS)).toThrow(/--json needs a file name/);
    expect(() => parseBenchArgs(['--json='], GROUPS)).toThrow(/--json needs a file name/);
  });
});

const measured = (seconds: number): { seconds: number; shown: string } => ({ seconds, shown: `${seconds} s` });

function rowWith(o: Partial<PeerRow>): PeerRow {
  return { work: 'w', ours: measured(2), peerName: 'P', peer: measured(4), target: { kind: 'ratio', atMost: 1 }, ...o };
}

describe('the verdict of a row', () => {
  it('compares ours / peer with a ratio target, at the boundary too', () => {
    expect(ratioOf(rowWith({}))).toBe(0.5);
    expect(verdictOf(rowWith({}))).toBe('yes');
    expect(verdictOf(rowWith({ ours: measured(4) }))).toBe('yes');
    expect(verdictOf(rowWith({ ours: measured(4.001) }))).toBe('no');
    expect(verdictOf(rowWith({ ours: measured(11), target: { kind: 'ratio', atMost: 3 } }))).toBe('yes');
    expect(verdictOf(rowWith({ ours: measured(13), target: { kind: 'ratio', atMost: 3 } }))).toBe('no');
  });

  it('is n/a, never met, when either side is missing or there is no target', () => {
    expect(verdictOf(rowWith({ peer: { missing: 'FLINT not found' } }))).toBe('n/a');
    expect(ratioOf(rowWith({ peer: { missing: 'FLINT not found' } }))).toBeUndefined();
    expect(verdictOf(rowWith({ ours: { missing: 'no tfjs' } }))).toBe('n/a');
    const { target: _unused, ...noTarget } = rowWith({});
    expect(verdictOf(noTarget)).toBe('n/a');
  });

  it('judges a seconds target on our time alone', () => {
    const verify = rowWith({ ours: measured(6), peer: measured(30), target: { kind: 'seconds', atMost: 6.4 } });
    expect(verdictOf(verify)).toBe('yes');
    expect(verdictOf({ ...verify, ours: measured(7) })).toBe('no');
    expect(verdictOf({ ...verify, peer: { missing: 'prove failed' } })).toBe('yes');
    expect(ratioOf(verify)).toBe(0.2);
  });

  it('is FAILED when the work went wrong, however fast', () => {
    expect(verdictOf(rowWith({ failure: 'rankExact says 47, FLINT fmpz_mat_rank 48' }))).toBe('FAILED');
  });
});

describe('the printed table', () => {
  it('shows the times, the ratio, the target and the verdict', () => {
    expect(rowCells(rowWith({ work: 'rank mod p, 1024', peerName: 'FLINT nmod_mat_rank' }))).toEqual(['rank mod p, 1024', '2 s', 'FLINT nmod_mat_rank: 4 s', '0.50x', '<= 1.00x', 'yes']);
    expect(rowCells(rowWith({ ours: measured(30), peer: measured(2) }))[3]).toBe('15.0x');
    expect(rowCells(rowWith({ target: { kind: 'seconds', atMost: 6.4 } }))[4]).toBe('<= 6.40 s');
    expect(rowCells(rowWith({ target: { kind: 'ratio', atMost: 1, label: '<= 1.00x (steps/s >= PyTorch)' } }))[4]).toBe('<= 1.00x (steps/s >= PyTorch)');
    const missing = rowCells(rowWith({ peer: { missing: 'FLINT not found: apt-get install libflint-dev' } }));
    expect(missing.slice(2)).toEqual(['P: n/a', '-', '<= 1.00x', 'n/a']);
  });

  it('notes every missing side and failure once', () => {
    const flint = { missing: 'FLINT not found: apt-get install libflint-dev' };
    const rows = [rowWith({ work: 'a', peerName: 'FLINT', peer: flint }), rowWith({ work: 'b', peerName: 'FLINT', peer: flint }), rowWith({ work: 'c', ours: { missing: 'no tfjs' }, failure: 'bad rank' })];
    expect(rowNotes(rows)).toEqual(['FLINT: FLINT not found: apt-get install libflint-dev', 'FAILED c: bad rank', 'ours, c: no tfjs']);
    expect(rowNotes([rowWith({})])).toEqual([]);
  });

  it('saves every number, verdict and note as JSON', () => {
    const rows = [rowWith({ work: 'a' }), rowWith({ work: 'b', peer: { missing: 'no numpy' } })];
    const saved = JSON.parse(JSON.stringify(peersJson(rows, { node: 'v20', date: 'd', quick: true }, ['detail'])));
    expect(saved).toEqual({
      node: 'v20',
      date: 'd',
      quick: true,
      rows: [
        { work: 'a', ours: { seconds: 2, shown: '2 s' }, peer: { name: 'P', seconds: 4, shown: '4 s' }, ratio: 0.5, target: { kind: 'ratio', atMost: 1 }, met: 'yes' },
        { work: 'b', ours: { seconds: 2, shown: '2 s' }, peer: { name: 'P', missing: 'no numpy' }, ratio: null, target: { kind: 'ratio', atMost: 1 }, met: 'n/a' },
      ],
      notes: ['P: no numpy'],
      details: ['detail'],
    });
  });
});

describe('what the Python peers print', () => {
  it('reads the prototype line, after any other output', () => {
    const line = '{"n": 4, "r": 2, "d": 24, "seed": 1, "K": 4096, "rank": 4096, "prime": 1073741789, "sketchSeconds": 3.16, "rankSeconds": 10.6}';
    expect(parsePrototypeOutput(`warming up\n${line}\n`)).toEqual({ K: 4096, rank: 4096, prime: 1073741789, sketchSeconds: 3.16, rankSeconds: 10.6 });
  });

  it('refuses a prototype line that is missing, not JSON or lacks a number', () => {
    expect(() => parsePrototypeOutput('')).toThrow(/printed nothing/);
    expect(() => parsePrototypeOutput('Traceback (most recent call last):')).toThrow(/not a JSON line/);
    expect(() => parsePrototypeOutput('[1, 2]')).toThrow(/not an object/);
    expect(() => parsePrototypeOutput('{"K": 64, "rank": "64", "prime": 7, "sketchSeconds": 1, "rankSeconds": 1}')).toThrow(/"rank"/);
  });

  it('reads the PyTorch header and epoch lines and refuses malformed ones', () => {
    expect(parseTorchHeader('{"kind": "tt", "torch": "1.13.0", "params": 10126, "steps": 100}')).toEqual({ kind: 'tt', torch: '1.13.0', params: 10126, steps: 100 });
    expect(parseTorchEpoch('{"stepsPerSecond": 540.5, "loss": 0.41}')).toEqual({ stepsPerSecond: 540.5, loss: 0.41 });
    expect(() => parseTorchHeader('{"kind": 3, "torch": "1.13.0", "params": 1, "steps": 1}')).toThrow(/model kind/);
    expect(() => parseTorchHeader('{"kind": "tt", "torch": "1.13.0", "params": "1", "steps": 1}')).toThrow(/"params"/);
    expect(() => parseTorchEpoch('{"stepsPerSecond": null, "loss": 1}')).toThrow(/stepsPerSecond/);
    expect(() => parseTorchEpoch('Traceback (most recent call last):')).toThrow(/not a JSON line/);
  });
});

describe('median', () => {
  it('is the middle value, the upper middle of an even count, NaN for none', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(3);
    expect(median([])).toBeNaN();
  });
});
