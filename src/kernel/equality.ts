/**
 * `equality`: two tensors are equal, shown by ||X - Y||^2 = 0 computed exactly over Q by
 * contracting the formats (never materialising a non-dense one).
 *
 * @packageDocumentation
 */
import { Q } from '../exact/fields.js';
import { distanceSquared, UnsupportedPairError } from '../formats/inner.js';
import { shapeOf } from '../formats/verbs.js';
import type { Verified } from './claims.js';
import { readObject, type JsonObject } from './reader.js';
import { readTensor } from './tensorJson.js';
import { reject } from './verdict.js';
import { ratToString } from '../exact/rational.js';

/** Checks an `equality` certificate. */
export function checkEquality(doc: JsonObject, topFields: readonly string[], optionalTop: readonly string[]): Verified {
  readObject(doc, '', [...topFields, 'left', 'right'], optionalTop);
  const claim = readObject(doc['claim'], '/claim', ['equal']);
  if (claim['equal'] !== true) reject('WRONG_TYPE', '/claim/equal', 'expected true');
  const left = readTensor(doc['left'], '/left');
  const right = readTensor(doc['right'], '/right');
  const a = shapeOf(left);
  const b = shapeOf(right);
  if (a.length !== b.length || a.some((n, k) => n !== b[k])) reject('SIZE_MISMATCH', '/right', `shapes differ: (${a.join(', ')}) vs (${b.join(', ')})`);
  let dist;
  try {
    dist = distanceSquared(Q, left, right);
  } catch (e) {
    if (e instanceof UnsupportedPairError) reject('UNSUPPORTED_PAIR', '/right', e.message);
    throw e;
  }
  if (dist.num !== 0n) reject('NOT_EQUAL', '', `||left - right||^2 = ${ratToString(dist)}, not 0`);
  return { verdict: 'verified', claim: { kind: 'equality', left, right } };
}
