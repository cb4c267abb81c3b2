/**
 * `rank-upper-bound/cut`: a set of network indices whose removal separates the row modes from the
 * column modes; the matricization rank of every tensor with that structure is at most the product
 * of their sizes.
 *
 * @packageDocumentation
 */
import { cutProduct, networkOf, separates } from '../cuts/network.js';
import { structureShape } from '../cuts/network.js';
import type { Verified } from './claims.js';
import { readRowModes } from './subject.js';
import { child, readArray, readBigNat, readObject, readString, type JsonObject } from './reader.js';
import { readStructure } from './tensorJson.js';
import { reject } from './verdict.js';

/** Checks a `rank-upper-bound/cut` certificate. */
export function checkCut(doc: JsonObject, topFields: readonly string[], optionalTop: readonly string[]): Verified {
  readObject(doc, '', [...topFields, 'network', 'rowModes', 'cut'], optionalTop);
  const claim = readObject(doc['claim'], '/claim', ['rankAtMost']);
  const bound = readBigNat(claim['rankAtMost'], '/claim/rankAtMost');
  const structure = readStructure(doc['network'], '/network');
  const rowModes = readRowModes(doc['rowModes'], '/rowModes', structureShape(structure).length);
  const net = networkOf(structure);
  const names = new Set(net.edges.map((e) => e.name));
  const seen = new Set<string>();
  const cut = readArray(doc['cut'], '/cut').map((v, i) => {
    const name = readString(v, child('/cut', i));
    if (!names.has(name)) reject('UNKNOWN_CUT_ELEMENT', child('/cut', i), `no index named "${name}" in this network`);
    if (seen.has(name)) reject('DUPLICATE_INDEX', child('/cut', i), `"${name}" is listed twice`);
    seen.add(name);
    return name;
  });
  const product = cutProduct(net, cut);
  if (product !== bound) reject('CLAIM_MISMATCH', '/claim/rankAtMost', `the cut's sizes multiply to ${product}, the claim says ${bound}`);
  if (!separates(net, rowModes, cut)) reject('CUT_DOES_NOT_SEPARATE', '/cut', 'a row mode is still connected to a column mode after removing the cut');
  return { verdict: 'verified', claim: { kind: 'rank-upper-bound', method: 'cut', structure, rowModes, cut, bound } };
}
