/**
 * The verbs of every format behind one dispatch on the format tag. Each format module implements
 * the same verbs (validate, shape, ranks, entry, toDense, contract, nParams, map, random); code
 * that does not care which format it holds calls these.
 *
 * @packageDocumentation
 */
import type { Field } from '../exact/field.js';
import type { Matrix } from '../tensor/matrix.js';
import { matricizationSize, matricizationTables, splitOf, type Shape } from '../tensor/shape.js';
import * as cp from './cp.js';
import * as dense from './dense.js';
import * as ht from './ht.js';
import * as tt from './tt.js';
import * as ttShared from './ttShared.js';
import * as tn from './tn.js';
import { BudgetError, DEFAULT_DENSE_BUDGET, type DenseTensor, type Tensor } from './types.js';




/** Throws a FormatError (rule, expected, got) unless the tensor is well formed. */
export function validate(x: Tensor<unknown>): void {
  switch (x.format) {
    case 'dense':
      return dense.validate(x);
    case 'cp':
      return cp.validate(x);
    case 'tt':
      return tt.validate(x);
    case 'tt-shared':
      return ttShared.validate(x);
    case 'ht':
      return ht.validate(x);
    case 'network':
      return tn.validate(x);
  }
}

/** Mode sizes. */
export function shapeOf(x: Tensor<unknown>): Shape {
  switch (x.format) {
    case 'dense':
      return dense.shapeOf(x);
    case 'cp':
      return cp.shapeOf(x);
    case 'tt':
      return tt.shapeOf(x);
    case 'tt-shared':
      return ttShared.shapeOf(x);
    case 'ht':
      return ht.shapeOf(x);
    case 'network':
      return tn.shapeOf(x);
  }
}

/** The order d. */
export function orderOf(x: Tensor<unknown>): number {
  return shapeOf(x).length;
}

/** The format's ranks: CP [R]; TT (r_0..r_d); HT one per node; a network its bonds then hyperedges; dense []. */
export function ranksOf(x: Tensor<unknown>): number[] {
  switch (x.format) {
    case 'dense':
      return dense.ranksOf(x);
    case 'cp':
      return cp.ranksOf(x);
    case 'tt':
      return tt.ranksOf(x);
    case 'tt-shared':
      return ttShared.ranksOf(x);
    case 'ht':
      return ht.ranksOf(x);
    case 'network':
      return tn.ranksOf(x);
  }
}

/** Number of stored parameters (a shared core counted once). */
export function nParams(x: Tensor<unknown>): number {
  switch (x.format) {
    case 'dense':
      return dense.nParams(x);
    case 'cp':
      return cp.nParams(x);
    case 'tt':
      return tt.nParams(x);
    case 'tt-shared':
      return ttShared.nParams(x);
    case 'ht':
      return ht.nParams(x);
    case 'network':
      return tn.nParams(x);
  }
}

/** One entry X[index]. */
export function entry<T>(F: Field<T>, x: Tensor<T>, index: readonly number[]): T {
  switch (x.format) {
    case 'dense':
      return dense.entry(F, x, index);
    case 'cp':
      return cp.entry(F, x, index);
    case 'tt':
      return tt.entry(F, x, index);
    case 'tt-shared':
      return ttShared.entry(F, x, index);
    case 'ht':
      return ht.entry(F, x, index);
    case 'network':
      return tn.entry(F, x, index);
  }
}

/** The full contraction with one vector per mode: the network's forward pass on features. */
export function contract<T>(F: Field<T>, x: Tensor<T>, vectors: readonly (readonly T[])[]): T {
  switch (x.format) {
    case 'dense':
      return dense.contract(F, x, vectors);
    case 'cp':
      return cp.contract(F, x, vectors);
    case 'tt':
      return tt.contract(F, x, vectors);
    case 'tt-shared':
      return ttShared.contract(F, x, vectors);
    case 'ht':
      return ht.contract(F, x, vectors);
    case 'network':
      return tn.contract(F, x, vectors);
  }
}

/** The dense tensor (refused with a BudgetError above `budget` entries). */
export function toDense<T>(F: Field<T>, x: Tensor<T>, budget = DEFAULT_DENSE_BUDGET): DenseTensor<T> {
  switch (x.format) {
    case 'dense':
      return dense.toDense(F, x, budget);
    case 'cp':
      return cp.toDense(F, x, budget);
    case 'tt':
      return tt.toDense(F, x, budget);
    case 'tt-shared':
      return ttShared.toDense(F, x, budget);
    case 'ht':
      return ht.toDense(F, x, budget);
    case 'network':
      return tn.toDense(F, x, budget);
  }
}

/** Maps every parameter through f (e.g. integers into a field). */
export function mapTensor<S, T>(x: Tensor<S>, f: (s: S) => T): Tensor<T> {
  switch (x.format) {
    case 'dense':
      return dense.map(x, f);
    case 'cp':
      return cp.map(x, f);
    case 'tt':
      return tt.map(x, f);
    case 'tt-shared':
      return ttShared.map(x, f);
    case 'ht':
      return ht.map(x, f);
    case 'network':
      return tn.map(x, f);
  }
}

/** The tensor's parameters moved into a field (from integers). */
export function inField<T>(F: Field<T>, x: Tensor<bigint>): Tensor<T> {
  return mapTensor(x, (v) => F.fromInt(v));
}

/**
 * The matricization with the given row modes (columns: the other modes, increasing), computed
 * from the cores: the dense tensor is built by contracting the cores, then its entries are placed
 * by the index convention of `src/tensor/shape.ts`. Refused above `budget` entries.
 */
export function matricize<T>(F: Field<T>, x: Tensor<T>, rowModes: readonly number[], budget = DEFAULT_DENSE_BUDGET): Matrix<T> {
  const shape = shapeOf(x);
  const split = splitOf(shape.length, rowModes);
  const { rows, cols } = matricizationSize(shape, split);
  if (rows * cols > BigInt(budget)) {
    throw new BudgetError(`the ${rows} x ${cols} matricization`, rows * cols, budget, "use the sketch engine (rank engine 'sketch'; --engine sketch on the CLI), which never forms the matrix, or raise the budget argument");
  }
  const d = toDense(F, x, budget);
  const { rowOf, colOf } = matricizationTables(shape, split);
  const R = Number(rows);
  const C = Number(cols);
  const data = new Array<T>(R * C);
  for (let lin = 0; lin < d.data.length; lin++) data[(rowOf[lin] as number) * C + (colOf[lin] as number)] = d.data[lin] as T;
  return { rows: R, cols: C, data };
}
