/**
 * Every option of every command, declared once with its type, range and meaning, and checked by
 * yargs (`coerce`) while the command line is parsed, before any work starts: a repeated flag, a
 * flag without its value, a fraction where an integer belongs, a number out of range or a list
 * with a bad element is one line `error[CODE]: ...` naming the flag (exit 2). Commands receive
 * typed values.
 *
 * @packageDocumentation
 */
import { parseShard, type Shard } from '../runner/shard.js';
import type { Argv } from 'yargs';
import type { TheoremParams } from '../../proofs/types.js';
import { NETWORK_FORMATS, type EngineChoice, type NetworkFormat } from '../runner/types.js';
import { LAYOUTS } from '../io/weights.js';
import { DEFAULT_DENSE_BUDGET } from '../formats/types.js';
import { UsageError } from './errors.js';
import { parseBytes } from '../runner/cost.js';

/** Engines a user can name. */
export const ENGINES: readonly EngineChoice[] = ['auto', 'modp', 'exact', 'float', 'sketch', 'transfer'];
/** Formats a user can name. */
export { NETWORK_FORMATS };

/** Largest seed (seeds are 32-bit words for the generator's derived streams). */
export const MAX_SEED = 2 ** 32 - 1;

/**
 * yargs turns an error thrown in `coerce` into its own error with the same message: the coded
 * errors thrown there are remembered by message, so the CLI can report them with their code.
 */
const coerced = new Map<string, UsageError>();

/** Throws a coded usage error from inside a `coerce` function. */
function fail(code: UsageError['code'], message: string): never {
  const e = new UsageError(code, message);
  coerced.set(message, e);
  throw e;
}

/** The coded usage error behind an error yargs raised while coercing, if it was ours. */
export function coercedError(e: unknown): UsageError | undefined {
  return e instanceof Error ? coerced.get(e.message) : undefined;
}

/** An option checked while parsing: its declaration, and `coerce` giving the typed value. */
export interface Checked<T> {
  readonly type: 'number' | 'string' | 'boolean';
  readonly describe: string;
  readonly coerce: (v: unknown) => T;
  readonly alias?: string;
}

/**
 * The option with a default value (then always present). yargs coerces the default too: give it
 * in the form a user would type (a list as "1,2,4").
 */
export function withDefault<O extends object, T>(o: O, value: T): O & { readonly default: T } {
  return { ...o, default: value };
}

/** The option, required. */
export function required<O extends object>(o: O): O & { readonly demandOption: true } {
  return { ...o, demandOption: true };
}

function once(name: string, v: unknown): unknown {
  if (Array.isArray(v)) fail('E_REPEATED', `--${name} was given ${v.length} times; give it once`);
  if (v === undefined) fail('E_USAGE', `--${name} needs a value`);
  return v;
}

/** An integer option in [min, max]. */
export function intOption(name: string, o: { readonly min: number; readonly max: number; readonly describe: string }): Checked<number> {
  return {
    type: 'number',
    describe: `${o.describe} (an integer, ${o.min} to ${o.max})`,
    coerce: (v: unknown): number => {
      const x = once(name, v);
      if (typeof x !== 'number' || !Number.isFinite(x)) fail('E_BAD_PARAMETER', `--${name} must be an integer, got something that is not a number`);
      if (!Number.isInteger(x)) fail('E_BAD_PARAMETER', `--${name} must be an integer, got ${x}`);
      if (x < o.min || x > o.max) fail('E_BAD_PARAMETER', `--${name} must be between ${o.min} and ${o.max}, got ${x}`);
      return x;
    },
  };
}

/** A number option in (or at) a range. */
export function numberOption(name: string, o: { readonly min: number; readonly max: number; readonly exclusiveMin?: boolean; readonly describe: string }): Checked<number> {
  return {
    type: 'number',
    describe: `${o.describe} (a number, ${o.exclusiveMin ? 'above' : 'from'} ${o.min} to ${o.max})`,
    coerce: (v: unknown): number => {
      const x = once(name, v);
      if (typeof x !== 'number' || !Number.isFinite(x)) fail('E_BAD_PARAMETER', `--${name} must be a number, got something that is not a number`);
      if (x < o.min || (o.exclusiveMin && x === o.min) || x > o.max) fail('E_BAD_PARAMETER', `--${name} must be ${o.exclusiveMin ? 'above' : 'at least'} ${o.min} and at most ${o.max}, got ${x}`);
      return x;
    },
  };
}

/** An integer in [min, max], or the word `auto` (a count the program picks). */
export function countOrAutoOption(name: string, o: { readonly min: number; readonly max: number; readonly describe: string }): Checked<number | 'auto'> {
  return {
    type: 'string',
    describe: `${o.describe} (auto, or an integer ${o.min} to ${o.max})`,
    coerce: (v: unknown): number | 'auto' => {
      const x = String(once(name, v));
      if (x === 'auto') return 'auto';
      const n = Number(x);
      if (!/^\d+$/.test(x) || n < o.min || n > o.max) fail('E_BAD_PARAMETER', `--${name} must be auto or an integer from ${o.min} to ${o.max}, got ${JSON.stringify(x.slice(0, 40))}`);
      return n;
    },
  };
}

/** A string option (not empty, at most `maxLength` characters). */
export function stringOption(name: string, o: { readonly describe: string; readonly maxLength?: number }): Checked<string> {
  const max = o.maxLength ?? 4096;
  return {
    type: 'string',
    describe: o.describe,
    coerce: (v: unknown): string => {
      const x = once(name, v);
      if (typeof x !== 'string' || x.length === 0) fail('E_USAGE', `--${name} needs a value`);
      if (x.length > max) fail('E_BAD_PARAMETER', `--${name} is ${x.length} characters long, above ${max}`);
      return x;
    },
  };
}

/** One of fixed choices (repeated: an error). */
export function choiceOption<T extends string>(name: string, choices: readonly T[], o: { readonly describe: string }): Checked<T> {
  return {
    type: 'string',
    describe: `${o.describe} (${choices.join(' | ')})`,
    coerce: (v: unknown): T => {
      const x = once(name, v);
      const hit = choices.find((c) => c === x);
      if (hit === undefined) fail('E_BAD_PARAMETER', `--${name} must be one of ${choices.join(', ')}, got ${JSON.stringify(String(x).slice(0, 40))}`);
      return hit;
    },
  };
}

/** A comma-separated list of integers in [min, max], at most `maxItems` of them. */
export function intListOption(name: string, o: { readonly min: number; readonly max: number; readonly maxItems: number; readonly describe: string; readonly even?: boolean }): Checked<number[]> {
  return {
    type: 'string',
    describe: `${o.describe} (comma-separated integers, ${o.min} to ${o.max}${o.even ? ', even' : ''})`,
    coerce: (v: unknown): number[] => {
      const x = once(name, v);
      const xs = String(x)
        .split(',')
        .map((s) => s.trim());
      const nums = xs.map(Number);
      if (xs.length === 0 || xs.some((s) => s === '') || nums.some((n) => !Number.isInteger(n) || n < o.min || n > o.max || (o.even === true && n % 2 !== 0))) {
        fail('E_BAD_PARAMETER', `--${name} must be a comma-separated list of ${o.even ? 'even ' : ''}integers from ${o.min} to ${o.max}, got "${String(x).slice(0, 60)}"`);
      }
      if (nums.length > o.maxItems) fail('E_BAD_PARAMETER', `--${name} lists ${nums.length} values, at most ${o.maxItems}`);
      return nums;
    },
  };
}

/** A comma-separated list of choices. */
export function choiceListOption<T extends string>(name: string, choices: readonly T[], o: { readonly describe: string }): Checked<T[]> {
  return {
    type: 'string',
    describe: `${o.describe} (comma-separated: ${choices.join(', ')})`,
    coerce: (v: unknown): T[] => {
      const xs = String(once(name, v))
        .split(',')
        .map((s) => s.trim());
      const out = xs.map((s) => choices.find((c) => c === s));
      if (xs.length === 0 || out.some((c) => c === undefined)) fail('E_BAD_PARAMETER', `--${name} must list ${choices.join(', ')} (comma-separated), got "${String(v).slice(0, 60)}"`);
      return [...new Set(out as T[])];
    },
  };
}

/** A boolean flag (repeating it changes nothing). */
export function flag(describe: string): { readonly type: 'boolean'; readonly default: false; readonly describe: string } {
  return { type: 'boolean', default: false, describe };
}

const SIZE = {
  n: intOption('n', { min: 1, max: 1 << 16, describe: 'mode size n (feature dimension)' }),
  r: intOption('r', { min: 1, max: 1 << 16, describe: 'rank r (TT/HT rank; CP width R for CP statements)' }),
  d: intOption('d', { min: 1, max: 4096, describe: 'order d (sequence length)' }),
};

/** The seed of random instances. */
export const SEED = withDefault(intOption('seed', { min: 0, max: MAX_SEED, describe: 'seed of the random instances' }), 1);

/** A network of any shape (statements about any network). */
export const NETWORK_OPTION = stringOption('network', { describe: 'ring | grid | tree:((0 1) (2 3)) | einsum:ea,abi,bcj,cek (with --sizes) | a network JSON file' });

/** How the arrays of a .npy / .npz / safetensors file are read. */
export const LAYOUT_OPTION = choiceOption('layout', LAYOUTS, { describe: 'how the arrays of a .npy/.npz/.safetensors tensor file are read (see README: trained weights from elsewhere)' });

/** Only arrays whose names start with this. */
export const KEYS_OPTION = stringOption('keys', { describe: 'read only the arrays whose names start with this prefix (e.g. cores.)' });

/** exact | bits:K. */
export const ROUNDING_OPTION = stringOption('rounding', { describe: 'exact (default: every float is the dyadic rational it is) or bits:K (round to multiples of 2^-K first)' });

/** Sizes of an einsum network's letters. */
export const SIZES_OPTION = stringOption('sizes', { describe: 'sizes of the einsum letters, e.g. a=2,b=2,i=3' });

/** --n --r --d (required) and --seed. */
export function sizeOptions<T>(y: Argv<T>) {
  return y.option('n', required(SIZE.n)).option('r', required(SIZE.r)).option('d', required(SIZE.d)).option('seed', SEED);
}

/** --n --r --d (each required only by the statements that take it) and --seed. */
export function optionalSizeOptions<T>(y: Argv<T>) {
  return y.option('n', SIZE.n).option('r', SIZE.r).option('d', SIZE.d).option('seed', SEED);
}

/** --engine --json --quiet and the budgets. */
export function runOptions<T>(y: Argv<T>) {
  return y
    .option('engine', withDefault(choiceOption('engine', ENGINES, { describe: 'lower-bound engine (auto: transfer blocks for the odd/even split of TT networks, else dense mod p or the sketch by size)' }), 'auto' as EngineChoice))
    .option('json', flag('print JSON'))
    .option('quiet', flag('no progress output'))
    .option('max-entries', withDefault(intOption('max-entries', { min: 1, max: Number.MAX_SAFE_INTEGER, describe: 'largest matricization (entries) a dense engine may form' }), DEFAULT_DENSE_BUDGET))
    .option(
      'max-memory',
      withDefault(
        {
          type: 'string' as const,
          describe: 'refuse work estimated to need more memory (e.g. 512MiB, 4GB)',
          coerce: (v: unknown): number => {
            const text = String(once('max-memory', v));
            const bytes = parseBytes(text);
            if (bytes === undefined || bytes <= 0) fail('E_BAD_PARAMETER', `--max-memory must be a size like 512MiB or 4GB, got "${text.slice(0, 40)}"`);
            return bytes;
          },
        },
        '8GiB',
      ),
    )
    .option('timeout', numberOption('timeout', { min: 0, exclusiveMin: true, max: 1e9, describe: 'refuse work estimated to take longer than this many seconds' }));
}

/** Typed theorem parameters from parsed arguments (absent sizes become NaN; modules reject them). */
export function theoremParams(a: { n?: number | undefined; r?: number | undefined; d?: number | undefined; seed: number; split?: string | undefined; format?: string | undefined; tensor?: string | undefined; k?: number | undefined; network?: string | undefined; sizes?: string | undefined; layout?: string | undefined; keys?: string | undefined; rounding?: string | undefined }): TheoremParams {
  return {
    n: a.n ?? Number.NaN,
    r: a.r ?? Number.NaN,
    d: a.d ?? Number.NaN,
    seed: a.seed,
    ...(a.split !== undefined ? { split: a.split } : {}),
    ...(a.format !== undefined ? { format: a.format as NetworkFormat } : {}),
    ...(a.tensor !== undefined ? { tensor: a.tensor } : {}),
    ...(a.k !== undefined ? { k: a.k } : {}),
    ...(a.network !== undefined ? { network: a.network } : {}),
    ...(a.sizes !== undefined ? { sizes: a.sizes } : {}),
    ...(a.layout !== undefined ? { layout: a.layout } : {}),
    ...(a.keys !== undefined ? { keys: a.keys } : {}),
    ...(a.rounding !== undefined ? { rounding: a.rounding } : {}),
  };
}

/** Usage error naming the first size option a statement needs and did not get. */
export function requireSizes(theorem: { id: string; parameters: readonly string[] }, a: { n?: number | undefined; r?: number | undefined; d?: number | undefined }): void {
  for (const name of ['n', 'r', 'd'] as const) {
    if (theorem.parameters.includes(name) && a[name] === undefined) fail('E_USAGE', `--${name} is required for ${theorem.id}`);
  }
}

/** The resource limits from parsed arguments (already checked while parsing). */
export function limits(a: { 'max-memory': number | string; timeout?: number | undefined }): { maxMemoryBytes: number; timeoutSeconds?: number } {
  // yargs hands over the coerced value; the string form only appears in the type of the default.
  return { maxMemoryBytes: Number(a['max-memory']), ...(a.timeout !== undefined ? { timeoutSeconds: a.timeout } : {}) };
}

/** --shard i/n: part i of n of the instances (item j goes to part (j mod n) + 1). */
export const SHARD_OPTION = {
  type: 'string' as const,
  describe: 'run part i of n of the instances (i/n; item j goes to part (j mod n) + 1); merge the --json outputs with merge',
  coerce: (v: unknown): Shard | undefined => {
    if (v === undefined) return undefined;
    try {
      return parseShard(String(once('shard', v)));
    } catch (e) {
      return fail('E_BAD_PARAMETER', (e as Error).message);
    }
  },
};
