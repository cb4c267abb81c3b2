/**
 * `equality`: two tensors are equal, shown by ||X - Y||^2 = <X,X> - 2<X,Y> + <Y,Y> = 0 computed
 * exactly over Q by contracting the networks (never materialising a non-dense one). Over Q a sum
 * of squares vanishes only when every entry of X - Y does.
 *
 * @packageDocumentation
 */
import type { EqualityClaim } from '../claims.js';
import { innerProduct } from '../evaluate.js';
import { readObject, type JsonObject } from '../json.js';
import { readTensor, shapeOf } from '../structures.js';
import { reject } from '../verdict.js';
import { tensorRef } from './matrix.js';

/** Checks an `equality` certificate. */
export function checkEquality(doc: JsonObject): EqualityClaim {
  const claim = readObject(doc['claim'], '/claim', ['equal']);
  if (claim['equal'] !== true) reject('WRONG_TYPE', '/claim/equal', 'expected true');
  const x = readTensor(doc['left'], '/left');
  const y = readTensor(doc['right'], '/right');
  const a = shapeOf(x.structure);
  const b = shapeOf(y.structure);
  if (a.length !== b.length || a.some((n, k) => n !== b[k])) reject('SIZE_MISMATCH', '/right', `the shapes differ: (${a.join(', ')}) vs (${b.join(', ')})`);
  const xx = innerProduct(x, x, '/left');
  const xy = innerProduct(x, y, '/right');
  const yy = innerProduct(y, y, '/right');
  // xx.num/xx.den - 2 xy.num/xy.den + yy.num/yy.den, times xx.den xy.den yy.den (all > 0).
  const scaled = xx.num * xy.den * yy.den - 2n * xy.num * xx.den * yy.den + yy.num * xx.den * xy.den;
  if (scaled !== 0n) reject('NOT_EQUAL', '', '||left - right||^2 is not 0');
  return { kind: 'equality', left: tensorRef(x), right: tensorRef(y) };
}
