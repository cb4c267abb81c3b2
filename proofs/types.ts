/**
 * What a theorem module is: a statement with its source, a parameter schema, a bound as a
 * symbolic expression, and the obligations whose certificates prove an instance.
 *
 * @packageDocumentation
 */
import type { FamilyBound, NetworkFormat, Obligation } from '../src/runner/types.js';
import type { Bound } from './bound.js';
import { FileError, readBoundedText } from '../src/io/files.js';

/** Parameters every theorem run receives (each theorem uses the ones it lists). */
export interface TheoremParams {
  /** Mode size (the paper's n; the feature dimension m of the network). */
  readonly n: number;
  /** Rank: the TT/HT rank r, or the CP width R for statements about CP networks. */
  readonly r: number;
  /** Order: the sequence length d. */
  readonly d: number;
  /** Seed of the random instances. */
  readonly seed: number;
  /** Split of the modes: odd-even, prefix:K or modes:i,j,... (statements about one matricization). */
  readonly split?: string;
  /** The format (statements about any format). */
  readonly format?: NetworkFormat;
  /** A tensor file (statements about one given network, e.g. a trained one). */
  readonly tensor?: string;
  /** The bound to certify, where the statement lets the user choose it. */
  readonly k?: number;
  /** A network: ring, grid, tree:SPEC, einsum:SPEC or a file (statements about any network). */
  readonly network?: string;
  /** Sizes of an einsum network's legs, "a=2,b=3". */
  readonly sizes?: string;
  /** How the arrays of a .npy / .npz / safetensors tensor file are read (src/io/weights.ts). */
  readonly layout?: string;
  /** Only the arrays whose names start with this (tensor files with other arrays too). */
  readonly keys?: string;
  /** exact (default) or bits:K: float weights rounded to multiples of 2^-K first. */
  readonly rounding?: string;
}

/** A point of a default grid: the parameters without the seed (and without d where not used). */
export type GridPoint = Omit<TheoremParams, 'seed' | 'd'> & { readonly d?: number };

/** Full parameters from a grid point and a seed. */
export function paramsAt(g: GridPoint, seed: number): TheoremParams {
  return { ...g, d: g.d ?? Number.NaN, seed };
}

/** Names of the parameters a theorem can take. */
export type ParamName = 'n' | 'r' | 'd' | 'split' | 'format' | 'tensor' | 'k' | 'network' | 'sizes' | 'layout' | 'keys' | 'rounding';

/** A file a parameter names, read within its size limit; an unreadable file is a {@link ParameterError}. */
export function readParameterFile(file: string, what: string, maxBytes: number): string {
  try {
    return readBoundedText(file, what, maxBytes);
  } catch (e) {
    if (e instanceof FileError) throw new ParameterError(e.message);
    throw e;
  }
}

/** Raised for parameters outside a theorem's schema; the CLI prints it with code E_BAD_PARAMETER. */
export class ParameterError extends Error {
  readonly code = 'E_BAD_PARAMETER';
  constructor(message: string) {
    super(message);
    this.name = 'ParameterError';
  }
}

/** Raised for a bound expression that does not parse or does not evaluate to an integer. */
export class ExpressionError extends Error {
  readonly code = 'E_BAD_EXPRESSION';
  constructor(message: string) {
    super(message);
    this.name = 'ExpressionError';
  }
}

/** A theorem as a proof module. */
export interface TheoremModule {
  /** The short id users type, e.g. `theorem1`. */
  readonly id: string;
  /** Longer names that also work, e.g. `cp_rank_ge_of_generic_tt`. */
  readonly aliases: readonly string[];
  readonly title: string;
  /** The statement, with its quantifiers, in words. */
  readonly statement: string;
  /** Where it comes from. */
  readonly source: string;
  /** Parameters it takes. */
  readonly parameters: readonly ParamName[];
  /** The bound and whether it is a lower or an upper bound on the quantity. */
  readonly bound: Bound;
  /** lower / upper: the statement bounds the quantity; exact: it determines it. */
  readonly direction: 'lower' | 'upper' | 'exact';
  /** The quantity bounded, in words (e.g. "CP-rank"). */
  readonly quantity: string;
  /** How the instance certificates prove the statement (e.g. the polynomial-identity argument). */
  readonly argument: string;
  /** Throws {@link ParameterError} unless the parameters are in the schema. */
  validate(p: TheoremParams): void;
  /** The bound's value when it is not a closed formula in n, r, d (e.g. a minimum cut; for every-d statements, its value at d = 2). */
  boundValue?(p: TheoremParams): bigint;
  /** For statements about every even d: the id of the per-instance statement this one proves at every even d. */
  readonly everyOrderOf?: string;
  /** For statements about every even d: the bound leading * base^(d/2 - 1) at every order. */
  perOrder?(p: TheoremParams): FamilyBound;
  /** The obligations of one instance. */
  obligations(p: TheoremParams): Obligation[];
  /** Input files the statement is about, for the bundle's manifest (e.g. a model file and its SHA-256). */
  inputs?(p: TheoremParams): Record<string, string>;
  /** The grid `check-theorem all` and the regression gate run (seed 1). */
  readonly defaultGrid: readonly GridPoint[];
}
