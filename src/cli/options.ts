/**
 * Options shared by the commands, and their mapping to typed library values.
 *
 * @packageDocumentation
 */
import type { Argv } from 'yargs';
import type { TheoremParams } from '../../proofs/types.js';
import type { EngineChoice, NetworkFormat } from '../runner/types.js';
import { DEFAULT_DENSE_BUDGET } from '../formats/types.js';
import { UsageError } from './errors.js';
import { parseBytes } from '../runner/cost.js';

/** Engines a user can name. */
export const ENGINES: readonly EngineChoice[] = ['auto', 'modp', 'exact', 'float', 'sketch'];
/** Formats a user can name. */
export const NETWORK_FORMATS: readonly NetworkFormat[] = ['cp', 'tt', 'tt-shared', 'ht'];

/** Adds --n --r --d (required) and --seed. */
export function sizeOptions<T>(y: Argv<T>) {
  return y
    .option('n', { type: 'number', describe: 'mode size n (feature dimension)', demandOption: true })
    .option('r', { type: 'number', describe: 'rank r (TT/HT rank; CP width R for CP statements)', demandOption: true })
    .option('d', { type: 'number', describe: 'order d (sequence length)', demandOption: true })
    .option('seed', { type: 'number', default: 1, describe: 'seed of the random instances' });
}

/** Adds --n --r --d (required by the statements that take them) and --seed. */
export function optionalSizeOptions<T>(y: Argv<T>) {
  return y
    .option('n', { type: 'number', describe: 'mode size n (feature dimension)' })
    .option('r', { type: 'number', describe: 'rank r (TT/HT rank; CP width R for CP statements)' })
    .option('d', { type: 'number', describe: 'order d (sequence length)' })
    .option('seed', { type: 'number', default: 1, describe: 'seed of the random instances' });
}

/** Adds --engine --json --quiet and the dense budget. */
export function runOptions<T>(y: Argv<T>) {
  return y
    .option('engine', { choices: ENGINES as EngineChoice[], default: 'auto' as EngineChoice, describe: 'lower-bound engine (auto picks dense mod p or the sketch by size)' })
    .option('json', { type: 'boolean', default: false, describe: 'print JSON' })
    .option('quiet', { type: 'boolean', default: false, describe: 'no progress output' })
    .option('max-entries', { type: 'number', default: DEFAULT_DENSE_BUDGET, describe: 'largest matricization (entries) a dense engine may form' })
    .option('max-memory', { type: 'string', default: '8GiB', describe: 'refuse work estimated to need more memory (e.g. 512MiB, 4GB)' })
    .option('timeout', { type: 'number', describe: 'refuse work estimated to take longer than this many seconds' });
}

/** Typed theorem parameters from parsed arguments (absent sizes become NaN; modules reject them). */
export function theoremParams(a: { n?: number | undefined; r?: number | undefined; d?: number | undefined; seed: number; split?: string | undefined; format?: string | undefined; tensor?: string | undefined; k?: number | undefined }): TheoremParams {
  return {
    n: a.n ?? Number.NaN,
    r: a.r ?? Number.NaN,
    d: a.d ?? Number.NaN,
    seed: a.seed,
    ...(a.split !== undefined ? { split: a.split } : {}),
    ...(a.format !== undefined ? { format: a.format as NetworkFormat } : {}),
    ...(a.tensor !== undefined ? { tensor: a.tensor } : {}),
    ...(a.k !== undefined ? { k: a.k } : {}),
  };
}

/** Usage error naming the first size option a statement needs and did not get. */
export function requireSizes(theorem: { id: string; parameters: readonly string[] }, a: { n?: number | undefined; r?: number | undefined; d?: number | undefined }): void {
  for (const name of ['n', 'r', 'd'] as const) {
    if (theorem.parameters.includes(name) && a[name] === undefined) throw new UsageError('E_USAGE', `--${name} is required for ${theorem.id}`);
  }
}

/** Validates the dense budget flag. */
export function denseBudget(v: number): number {
  if (!Number.isSafeInteger(v) || v < 1) throw new UsageError('E_BAD_PARAMETER', `--max-entries must be a positive integer, got ${v}`);
  return v;
}

/** The resource limits from parsed arguments. */
export function limits(a: { 'max-memory': string; timeout?: number | undefined }): { maxMemoryBytes: number; timeoutSeconds?: number } {
  const bytes = parseBytes(a['max-memory']);
  if (bytes === undefined || bytes <= 0) throw new UsageError('E_BAD_PARAMETER', `--max-memory must be a size like 512MiB or 4GB, got "${a['max-memory']}"`);
  if (a.timeout !== undefined && !(a.timeout > 0)) throw new UsageError('E_BAD_PARAMETER', `--timeout must be a positive number of seconds, got ${a.timeout}`);
  return { maxMemoryBytes: bytes, ...(a.timeout !== undefined ? { timeoutSeconds: a.timeout } : {}) };
}
