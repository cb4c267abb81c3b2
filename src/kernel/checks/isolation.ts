/**
 * `rank-upper-bound/isolation`: an upper bound on the odd/even matricization rank of every network
 * of a family, for every even order at once, by a cut that isolates every column mode.
 *
 * A cut (checks/cut.ts) bounds the rank of every network of a structure by the product of the
 * sizes of the indices it removes, if no row mode stays connected to a column mode. Here the cut
 * is given by a rule, the same at every order d = 2k: at each node carrying a column mode (TT core
 * 2j + 1; HT leaf of mode 2j + 1), remove either that mode's leg or every other index of the node.
 * Either way the column mode is left alone (a removed leg is connected to nothing; a node stripped
 * of its other indices holds only its own leg), so no column mode reaches a row mode: the cut
 * separates, at every order. Its size is the product over the column nodes:
 *
 * - TT (and shared-core TT, a TT): cores 1, 3, ..., 2k - 3 ("middle") carry two bonds, core 2k - 1
 *   ("last") one: the leg costs n, the bonds r^2 (middle) or r (last). Bound
 *   last * middle^(k-1), with last = n or r, middle = n or r^2.
 * - HT (any dimension tree, rank r at every node but the root): every leaf carries its leg and one
 *   edge: n or r. Bound leaf^k = leaf * leaf^(k-1).
 *
 * The certificate names the family, the choice at each kind of column node, and the claim
 * {leading, base}, which must be exactly what the choice gives.
 *
 * @packageDocumentation
 */
import type { FamilyUpperBoundClaim } from '../claims.js';
import { child, readInt, readNat, readObject, readString, type JsonObject } from '../json.js';
import { MAX_MODE_SIZE, MAX_RANK } from '../structures.js';
import { reject } from '../verdict.js';

/** The kinds of column nodes of each format, and the size each choice removes (n: mode size, r: rank). */
const RULES: Readonly<Record<'tt' | 'tt-shared' | 'ht', Readonly<Record<string, Readonly<Record<string, (n: bigint, r: bigint) => bigint>>>>>> = Object.freeze({
  tt: { last: { leg: (n) => n, bond: (_n, r) => r }, middle: { leg: (n) => n, bonds: (_n, r) => r * r } },
  'tt-shared': { last: { leg: (n) => n, bond: (_n, r) => r }, middle: { leg: (n) => n, bonds: (_n, r) => r * r } },
  ht: { leaf: { leg: (n) => n, edge: (_n, r) => r } },
});

/** Checks a `rank-upper-bound/isolation` certificate. */
export function checkIsolation(doc: JsonObject): FamilyUpperBoundClaim {
  const c = readObject(doc['claim'], '/claim', ['leading', 'base']);
  const leading = readNat(c['leading'], '/claim/leading');
  const base = readNat(c['base'], '/claim/base');
  if (readString(doc['split'], '/split') !== 'odd-even') reject('BAD_MODES', '/split', 'only the odd/even split ("odd-even") is supported');
  const f = readObject(doc['family'], '/family', ['format', 'size', 'rank']);
  const format = readString(f['format'], '/family/format');
  if (format !== 'tt' && format !== 'tt-shared' && format !== 'ht') return reject('UNKNOWN_KIND', '/family/format', 'expected "tt", "tt-shared" or "ht"');
  const size = readInt(f['size'], '/family/size', 1, MAX_MODE_SIZE);
  const rank = readInt(f['rank'], '/family/rank', 1, MAX_RANK);
  const rules = RULES[format];
  const kinds = Object.keys(rules);
  const choice = readObject(doc['cut'], '/cut', kinds);
  const sizes: Record<string, bigint> = {};
  const cut: Record<string, string> = {};
  for (const kind of kinds) {
    const options = rules[kind] as Readonly<Record<string, (n: bigint, r: bigint) => bigint>>;
    const pick = readString(choice[kind], child('/cut', kind));
    const cost = Object.prototype.hasOwnProperty.call(options, pick) ? options[pick] : undefined;
    if (!cost) return reject('UNKNOWN_CUT_ELEMENT', child('/cut', kind), `expected one of ${Object.keys(options).join(', ')}`);
    sizes[kind] = cost(BigInt(size), BigInt(rank));
    cut[kind] = pick;
  }
  const want = format === 'ht' ? { leading: sizes['leaf'] as bigint, base: sizes['leaf'] as bigint } : { leading: sizes['last'] as bigint, base: sizes['middle'] as bigint };
  if (want.leading !== leading || want.base !== base) reject('CLAIM_MISMATCH', '/claim', `the cut removes ${want.leading} * ${want.base}^(k-1) at order 2k, the claim says ${leading} * ${base}^(k-1)`);
  return { kind: 'rank-upper-bound-family', method: 'isolation', family: { format, size, rank }, cut, leading, base };
}
