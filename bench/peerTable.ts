/**
 * The table of `npm run bench -- peers`: one row per piece of work, ours and the peer measured in
 * the same run, the ratio ours / peer (of times; for training, of seconds per step), the issue's
 * target and whether it is met. Pure: bench/peers.ts measures, this module judges and formats, so
 * the judging is tested without any peer installed.
 *
 * A row whose peer is missing says why (and how to install it) instead of a number, and its target
 * is "n/a", never "met": a target compared against nothing is not met. A row whose work failed
 * (a wrong rank, a proof that did not come out PROVED) is "FAILED" whatever its times.
 */
import { fmtRatio, fmtSeconds } from './util.js';

/** A time, with how it is shown (e.g. "213 steps/s" for a training step of 4.7 ms). */
export interface Measured {
  /** Seconds of the work (seconds per step for training). */
  readonly seconds: number;
  readonly shown: string;
}

/** A side that has no number, and why. */
export interface Missing {
  readonly missing: string;
}

/** What the reader of the table is promised. */
export type Target =
  /** ours / peer must be at most this. */
  | { readonly kind: 'ratio'; readonly atMost: number; readonly label?: string }
  /** Our own time must be at most this many seconds (the peer column is context). */
  | { readonly kind: 'seconds'; readonly atMost: number; readonly label?: string };

/** One row of the table. */
export interface PeerRow {
  readonly work: string;
  readonly ours: Measured | Missing;
  /** What the peer is (e.g. "FLINT nmod_mat_rank"), shown in the peer column with its time. */
  readonly peerName: string;
  readonly peer: Measured | Missing;
  readonly target?: Target;
  /** Set when the work itself went wrong: the row is FAILED. */
  readonly failure?: string;
}

/** Whether a row meets its target. */
export type Verdict = 'yes' | 'no' | 'n/a' | 'FAILED';

/** Narrows a side to a measurement. */
export function isMeasured(x: Measured | Missing): x is Measured {
  return 'seconds' in x;
}

/** ours / peer when both were measured. */
export function ratioOf(row: PeerRow): number | undefined {
  return isMeasured(row.ours) && isMeasured(row.peer) && row.peer.seconds > 0 ? row.ours.seconds / row.peer.seconds : undefined;
}

/** Whether the row meets its target: n/a without a target or without the numbers it needs. */
export function verdictOf(row: PeerRow): Verdict {
  if (row.failure !== undefined) return 'FAILED';
  const t = row.target;
  if (t === undefined) return 'n/a';
  if (t.kind === 'seconds') return isMeasured(row.ours) ? (row.ours.seconds <= t.atMost ? 'yes' : 'no') : 'n/a';
  const r = ratioOf(row);
  return r === undefined ? 'n/a' : r <= t.atMost ? 'yes' : 'no';
}

/** The target as the table shows it. */
export function formatTarget(t: Target | undefined): string {
  if (t === undefined) return '-';
  if (t.label !== undefined) return t.label;
  return t.kind === 'ratio' ? `<= ${fmtRatio(t.atMost)}` : `<= ${fmtSeconds(t.atMost)}`;
}

/** The header of the table. */
export const PEER_TABLE_HEADER = ['work', 'ours', 'peer', 'ratio (ours / peer time)', 'target', 'met?'] as const;

/** The cells of a row, as printed. */
export function rowCells(row: PeerRow): string[] {
  const side = (x: Measured | Missing): string => (isMeasured(x) ? x.shown : 'n/a');
  const r = ratioOf(row);
  return [row.work, side(row.ours), `${row.peerName}: ${side(row.peer)}`, r === undefined ? '-' : fmtRatio(r), formatTarget(row.target), verdictOf(row)];
}

/** The notes under the table: why each missing number is missing, and each failure (each reason once). */
export function rowNotes(rows: readonly PeerRow[]): string[] {
  const notes: string[] = [];
  const add = (s: string): void => {
    if (!notes.includes(s)) notes.push(s);
  };
  for (const row of rows) {
    if (row.failure !== undefined) add(`FAILED ${row.work}: ${row.failure}`);
    if (!isMeasured(row.ours)) add(`ours, ${row.work}: ${row.ours.missing}`);
    if (!isMeasured(row.peer)) add(`${row.peerName}: ${row.peer.missing}`);
  }
  return notes;
}

/** The saved form of a run (`--json FILE`): every number and verdict, the notes, and the measurement details. */
export function peersJson(rows: readonly PeerRow[], meta: { readonly node: string; readonly date: string; readonly quick: boolean }, details: readonly string[]): object {
  return {
    ...meta,
    rows: rows.map((row) => ({
      work: row.work,
      ours: isMeasured(row.ours) ? { seconds: row.ours.seconds, shown: row.ours.shown } : { missing: row.ours.missing },
      peer: { name: row.peerName, ...(isMeasured(row.peer) ? { seconds: row.peer.seconds, shown: row.peer.shown } : { missing: row.peer.missing }) },
      ratio: ratioOf(row) ?? null,
      target: row.target ?? null,
      met: verdictOf(row),
      ...(row.failure !== undefined ? { failure: row.failure } : {}),
    })),
    notes: rowNotes(rows),
    details: [...details],
  };
}

/** What the Python + FLINT prototype printed (bench/peers/prototype.py). */
export interface PrototypeReport {
  readonly K: number;
  readonly rank: number;
  readonly prime: number;
  readonly sketchSeconds: number;
  readonly rankSeconds: number;
}

/** The first line of the PyTorch peer (bench/peers/train_torch.py): its model, once built and warmed up. */
export interface TorchHeader {
  readonly kind: string;
  readonly torch: string;
  readonly params: number;
  readonly steps: number;
}

/** One epoch of the PyTorch peer. */
export interface TorchEpoch {
  readonly stepsPerSecond: number;
  readonly loss: number;
}

/** The object on the last non-empty line of a peer's output, with the numeric fields `keys` checked. */
function lastJsonLine(stdout: string, keys: readonly string[], who: string): Record<string, unknown> {
  const line = stdout.trim().split('\n').filter((l) => l.trim() !== '').pop();
  if (line === undefined) throw new Error(`${who} printed nothing`);
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    throw new Error(`${who} printed "${line.slice(0, 80)}", not a JSON line`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${who} printed ${line.slice(0, 80)}, not an object`);
  const o = v as Record<string, unknown>;
  for (const k of keys) if (typeof o[k] !== 'number' || !Number.isFinite(o[k])) throw new Error(`${who}: expected a number in "${k}", got ${JSON.stringify(o[k])}`);
  return o;
}

/** Reads the prototype's JSON line; throws with what was wrong. */
export function parsePrototypeOutput(stdout: string): PrototypeReport {
  const o = lastJsonLine(stdout, ['K', 'rank', 'prime', 'sketchSeconds', 'rankSeconds'], 'the prototype');
  return { K: o['K'] as number, rank: o['rank'] as number, prime: o['prime'] as number, sketchSeconds: o['sketchSeconds'] as number, rankSeconds: o['rankSeconds'] as number };
}

/** Reads the PyTorch peer's header line; throws with what was wrong. */
export function parseTorchHeader(line: string): TorchHeader {
  const o = lastJsonLine(line, ['params', 'steps'], 'the PyTorch peer');
  if (typeof o['kind'] !== 'string') throw new Error(`the PyTorch peer: expected a model kind, got ${JSON.stringify(o['kind'])}`);
  if (typeof o['torch'] !== 'string') throw new Error(`the PyTorch peer: expected its torch version, got ${JSON.stringify(o['torch'])}`);
  return { kind: o['kind'], torch: o['torch'], params: o['params'] as number, steps: o['steps'] as number };
}

/** Reads one epoch line of the PyTorch peer; throws with what was wrong. */
export function parseTorchEpoch(line: string): TorchEpoch {
  const o = lastJsonLine(line, ['stepsPerSecond', 'loss'], 'the PyTorch peer');
  return { stepsPerSecond: o['stepsPerSecond'] as number, loss: o['loss'] as number };
}
