/**
 * The statements the kernel understands, and what establishes or refutes each.
 *
 * A theorem module (untrusted) maps an instance of a theorem to one or more of these statements;
 * the kernel decides whether verified certificates establish exactly that statement. Every
 * certificate's subject must match: a certificate about another format, shape, tree, split or
 * tensor establishes nothing here.
 *
 * Forms (JSON field `form`; a structure is written as in certificates, without parameters):
 *
 * - `generic-rank-at-least` {structure, rowModes, bound}: for almost every network of the
 *   structure (all parameter values off a measure-zero set), the matricization with these row
 *   modes has rank >= bound. Established by a rank lower bound (minor, sketch, chain) on that
 *   matricization of one tensor whose structure embeds into the statement's (same format, shape
 *   and tree, each rank at most the statement's): a minor is a polynomial in the parameters; padding
 *   the smaller network with zeros shows the polynomial of the statement's structure is nonzero at
 *   one point, so it vanishes only on a measure-zero set. This also covers a certificate whose ranks
 *   were clipped to what the shape allows. Refuted by a cut on a structure containing the
 *   statement's (every one of its networks has rank <= the cut) below the bound.
 * - `generic-cp-rank-at-least` {structure, bound}: almost every network of the structure has
 *   CP-rank >= bound. Established like the above on any matricization (Lemma 1: CP-rank >= every
 *   matricization rank). Never refuted by the kernel (no certificate bounds a CP-rank from above).
 * - `rank-at-most` {structure, rowModes, bound}: every network of the structure has that
 *   matricization's rank <= bound. Established by a cut on a structure containing the statement's;
 *   refuted by a rank lower bound above the bound at a tensor of the structure.
 * - `generic-rank-equals` {structure, rowModes, value}: both of the above with the same number.
 * - `all-even-d-cp-rank-at-least` {format: tt | ht | tt-shared, size, rank, base[, leading]}: for
 *   every even d = 2k >= 2, almost every network of the family (claims.ts FamilyRef: shape
 *   size^d, every rank at most `rank`; HT on any dimension tree in which leaves 2t and 2t+1 are
 *   siblings, the balanced tree among them) has odd/even matricization rank, hence CP-rank
 *   (Lemma 1), >= leading * base^(k-1); `leading` defaults to `base` (base^(d/2)). Established by a
 *   family lower bound (checks/kronecker.ts, checks/transfer.ts) whose order-d member is a network
 *   of the statement's family for each d (format: the same, or a shared-core TT for a TT
 *   statement; the same size; its ranks at most `rank`, zero padding keeping a shared core
 *   shared) and whose bound is at least the statement's at every k. For each d, the member's
 *   certified minor is a polynomial in the parameters that is nonzero at one point, so it vanishes
 *   only on a measure-zero set. Never refuted by the kernel.
 * - `all-even-d-generic-rank-at-least` {format, size, rank, split: "odd-even", leading, base}: for
 *   every even d = 2k, almost every network of the family has odd/even matricization rank
 *   >= leading * base^(k-1). Established like the above; refuted by a family upper bound
 *   (checks/isolation.ts) on a family containing this one that is below it at some k.
 * - `all-even-d-rank-at-most` {format, size, rank, split: "odd-even", leading, base}: for every even
 *   d = 2k, every network of the family has odd/even rank <= leading * base^(k-1). Established by
 *   a family upper bound on a family containing this one (the same format, or TT for a
 *   shared-core TT statement; the same size; rank at least `rank`) that is at most it at every k;
 *   refuted by a family lower bound above it at some k.
 * - `all-even-d-generic-rank-equals` {format, size, rank, split: "odd-even", leading, base}: both
 *   of the above: the generic odd/even rank is exactly leading * base^(k-1) at every even order 2k.
 * - `tensor-cp-rank-at-least` {tensor: {structure, digest}, bound}: the one network with this
 *   identity digest (e.g. a trained model's exported weights) has CP-rank >= bound. Established by
 *   a rank lower bound on any matricization of exactly that tensor (same digest, and the statement
 *   names its structure as it is). Never refuted by the kernel.
 * - `tensor-cp-rank-at-most` {tensor: {structure, digest}, bound}: that one tensor has CP-rank
 *   <= bound. Established by an equality certificate between exactly that tensor and a CP network
 *   with at most `bound` terms (on either side). Never refuted by the kernel.
 * - `tensor-rank-at-most` {tensor: {structure, digest}, rowModes, bound} and `tensor-rank-equals`
 *   {tensor, rowModes, value}: the matricization (rows = rowModes) of that one tensor has rank <=
 *   bound (= value). The upper side is established by a null-space certificate on exactly that
 *   matricization or by a cut on a structure containing the tensor's; the lower side (equals) by a
 *   minor, sketch or chain on exactly that matricization. Refuted by a certified bound on the other side
 *   that contradicts the number.
 * - `generalized-shallow-width-at-least` {network: {xi, template, order, ranks, digest} (TT) or
 *   {format: "generalized-ht", xi, template, order, nodes, digest} (HT), bound}:
 *   every generalized shallow network with the same xi (Khrulkov et al. 2019: a sum of R terms
 *   lambda_r xi(<f(x_1), v_r1>, ..., <f(x_T), v_rT>), any feature map f) whose scores on the
 *   template's M^T sequences equal this generalized TT or HT network's has width R >= bound.
 *   Established by a rank lower bound K on a matricization (rows S) of this network's grid tensor:
 *   a shallow network's grid tensor is a sum of R terms, and each term's matricization has rank 1
 *   for xi = x y (an outer product) and at most 1 + M min(|S|, T - |S|) for xi = max(x, y, 0) (its
 *   entry at (I, J) is max(U_I, W_J) with U_I = max(0, a_t[i_t] : t in S) taking at most 1 + M |S|
 *   values, and rows with equal U_I are equal; likewise columns), so R >= ceil(K / c). Never
 *   refuted by the kernel.
 * - `generalized-shallow-width-at-least-nearby` {network, bound}: the same for every generalized
 *   network of this one's architecture (TT, or HT on the same tree) in some neighbourhood of it (an open set of parameters,
 *   so a set of positive measure). Established by the same certificates: the scores are continuous
 *   in the parameters (sums, products and max are), so the certified minor's determinant is a
 *   continuous function, nonzero at this network (nonzero mod p), hence nonzero nearby; there
 *   every network has grid rank >= K and the argument above applies. Never refuted.
 * - `conversion` {from: {structure, digest}, to, ranksAtMost}: the network with this digest, of
 *   that structure, equals a network in the target format (`{format: "tt"}`, or
 *   `{format: "ht", tree}` with the tree's nodes `{leaf}` / `{children}`) all of whose ranks are at
 *   most ranksAtMost. Established by an equality certificate between exactly those two.
 *
 * @packageDocumentation
 */
import type { Claim, FamilyLowerBoundClaim, FamilyRef, FamilyUpperBoundClaim, MatricizationSubject, TensorRef } from './claims.js';
import { canonicalJson, child, has, readArray, readInt, readNat, readObject, readString } from './json.js';
import { embeds, MAX_MODE_SIZE, MAX_RANK, readStructure, shapeOf, shapeText, structureText, treeText, type HtNode, type Structure } from './structures.js';
import { reject } from './verdict.js';
import { readRowModes } from './checks/matrix.js';
import { generalizedText, type GeneralizedRef } from './generalized.js';

/** The statement forms. */
export const STATEMENT_FORMS = Object.freeze(['generic-rank-at-least', 'generic-cp-rank-at-least', 'rank-at-most', 'generic-rank-equals', 'all-even-d-cp-rank-at-least', 'all-even-d-generic-rank-at-least', 'all-even-d-rank-at-most', 'all-even-d-generic-rank-equals', 'tensor-cp-rank-at-least', 'tensor-cp-rank-at-most', 'generalized-shallow-width-at-least', 'generalized-shallow-width-at-least-nearby', 'tensor-rank-at-most', 'tensor-rank-equals', 'conversion'] as const);

/** A statement, read. */
export type Statement =
  | { readonly form: 'generic-rank-at-least' | 'rank-at-most' | 'generic-rank-equals'; readonly structure: Structure; readonly rowModes: readonly number[]; readonly bound: bigint }
  | { readonly form: 'generic-cp-rank-at-least'; readonly structure: Structure; readonly bound: bigint }
  | { readonly form: 'all-even-d-cp-rank-at-least' | 'all-even-d-generic-rank-at-least' | 'all-even-d-rank-at-most' | 'all-even-d-generic-rank-equals'; readonly family: FamilyRef; readonly leading: bigint; readonly base: bigint }
  | { readonly form: 'tensor-cp-rank-at-least' | 'tensor-cp-rank-at-most'; readonly tensor: TensorRef; readonly bound: bigint }
  | { readonly form: 'generalized-shallow-width-at-least' | 'generalized-shallow-width-at-least-nearby'; readonly network: GeneralizedRef; readonly bound: bigint }
  | { readonly form: 'tensor-rank-at-most' | 'tensor-rank-equals'; readonly tensor: TensorRef; readonly rowModes: readonly number[]; readonly bound: bigint }
  | { readonly form: 'conversion'; readonly from: TensorRef; readonly to: { readonly format: 'tt' } | { readonly format: 'ht'; readonly tree: readonly ({ readonly leaf: number } | { readonly children: readonly [number, number] })[] }; readonly bound: bigint };

/** How a statement stands given some verified claims. */
export interface Outcome {
  readonly outcome: 'established' | 'refuted' | 'not established';
  /** Digests of the certificates that decided it. */
  readonly by: readonly string[];
  readonly detail: string;
}

function readTensorRef(x: unknown, path: string): TensorRef {
  const o = readObject(x, path, ['structure', 'digest']);
  const digest = readString(o['digest'], child(path, 'digest'));
  if (!/^[0-9a-f]{64}$/.test(digest)) reject('BAD_STATEMENT', child(path, 'digest'), 'expected a SHA-256 digest (64 lower-case hex digits)');
  return { structure: readStructure(o['structure'], child(path, 'structure')), digest };
}

/** Reads a statement strictly. */
export function readStatement(x: unknown, path: string): Statement {
  const form = readString(readObject(x, path, ['form'], ['structure', 'rowModes', 'bound', 'value', 'format', 'size', 'rank', 'base', 'leading', 'split', 'tensor', 'from', 'to', 'ranksAtMost', 'network'])['form'], child(path, 'form'));
  const p = (k: string): string => child(path, k);
  switch (form) {
    case 'generic-rank-at-least':
    case 'rank-at-most':
    case 'generic-rank-equals': {
      const key = form === 'generic-rank-equals' ? 'value' : 'bound';
      const o = readObject(x, path, ['form', 'structure', 'rowModes', key]);
      const structure = readStructure(o['structure'], p('structure'));
      return { form, structure, rowModes: readRowModes(o['rowModes'], p('rowModes'), shapeOf(structure).length), bound: readNat(o[key], p(key)) };
    }
    case 'generic-cp-rank-at-least': {
      const o = readObject(x, path, ['form', 'structure', 'bound']);
      return { form, structure: readStructure(o['structure'], p('structure')), bound: readNat(o['bound'], p('bound')) };
    }
    case 'all-even-d-cp-rank-at-least':
    case 'all-even-d-generic-rank-at-least':
    case 'all-even-d-rank-at-most':
    case 'all-even-d-generic-rank-equals': {
      const cp = form === 'all-even-d-cp-rank-at-least';
      const o = cp ? readObject(x, path, ['form', 'format', 'size', 'rank', 'base'], ['leading']) : readObject(x, path, ['form', 'format', 'size', 'rank', 'split', 'leading', 'base']);
      const format = readString(o['format'], p('format'));
      if (format !== 'tt' && format !== 'ht' && format !== 'tt-shared') reject('BAD_STATEMENT', p('format'), 'expected "tt", "ht" or "tt-shared"');
      if (!cp && readString(o['split'], p('split')) !== 'odd-even') reject('BAD_STATEMENT', p('split'), 'only the odd/even split ("odd-even") is supported');
      const base = readNat(o['base'], p('base'));
      const family: FamilyRef = { format, size: readInt(o['size'], p('size'), 1, MAX_MODE_SIZE), rank: readInt(o['rank'], p('rank'), 1, MAX_RANK) };
      return { form, family, leading: has(o, 'leading') ? readNat(o['leading'], p('leading')) : base, base };
    }
    case 'tensor-cp-rank-at-least':
    case 'tensor-cp-rank-at-most': {
      const o = readObject(x, path, ['form', 'tensor', 'bound']);
      return { form, tensor: readTensorRef(o['tensor'], p('tensor')), bound: readNat(o['bound'], p('bound')) };
    }
    case 'tensor-rank-at-most':
    case 'tensor-rank-equals': {
      const key = form === 'tensor-rank-equals' ? 'value' : 'bound';
      const o = readObject(x, path, ['form', 'tensor', 'rowModes', key]);
      const tensor = readTensorRef(o['tensor'], p('tensor'));
      return { form, tensor, rowModes: readRowModes(o['rowModes'], p('rowModes'), shapeOf(tensor.structure).length), bound: readNat(o[key], p(key)) };
    }
    case 'generalized-shallow-width-at-least':
    case 'generalized-shallow-width-at-least-nearby': {
      const o = readObject(x, path, ['form', 'network', 'bound']);
      const np = p('network');
      const ht = has(readObject(o['network'], np, [], ['format', 'xi', 'template', 'order', 'ranks', 'nodes', 'digest']), 'format');
      const n = readObject(o['network'], np, ht ? ['format', 'xi', 'template', 'order', 'nodes', 'digest'] : ['xi', 'template', 'order', 'ranks', 'digest']);
      if (ht && readString(n['format'], child(np, 'format')) !== 'generalized-ht') reject('BAD_STATEMENT', child(np, 'format'), 'expected "generalized-ht" (a generalized TT is named without a format)');
      const xi = readString(n['xi'], child(np, 'xi'));
      if (xi !== 'relu' && xi !== 'product') reject('BAD_STATEMENT', child(np, 'xi'), 'expected "relu" or "product"');
      const digest = readString(n['digest'], child(np, 'digest'));
      if (!/^[0-9a-f]{64}$/.test(digest)) reject('BAD_STATEMENT', child(np, 'digest'), 'expected a SHA-256 digest (64 hex digits)');
      const head = { xi: xi as 'relu' | 'product', template: readInt(n['template'], child(np, 'template'), 1), order: readInt(n['order'], child(np, 'order'), 1) };
      const list = (k: string): readonly unknown[] => readArray(n[k], child(np, k));
      const network: GeneralizedRef = ht
        ? {
            format: 'generalized-ht',
            ...head,
            nodes: list('nodes').map((v, t) => {
              const q = child(child(np, 'nodes'), t);
              const w = readObject(v, q, [], ['leaf', 'children', 'rank']);
              if (has(w, 'leaf')) return { leaf: readInt(readObject(v, q, ['leaf'])['leaf'], child(q, 'leaf'), 0) };
              const c = readObject(v, q, ['children', 'rank']);
              const [a, b] = readArray(c['children'], child(q, 'children'), 2).map((x, k) => readInt(x, child(child(q, 'children'), k), 0));
              return { children: [a as number, b as number] as const, rank: readInt(c['rank'], child(q, 'rank'), 1) };
            }),
            digest,
          }
        : { ...head, ranks: list('ranks').map((v, t) => readInt(v, child(child(np, 'ranks'), t), 1)), digest };
      return { form, network, bound: readNat(o['bound'], p('bound')) };
    }
    case 'conversion': {
      const o = readObject(x, path, ['form', 'from', 'to', 'ranksAtMost']);
      const from = readTensorRef(o['from'], p('from'));
      const to = readObject(o['to'], p('to'), ['format'], ['tree']);
      const format = readString(to['format'], child(p('to'), 'format'));
      const bound = readNat(o['ranksAtMost'], p('ranksAtMost'));
      if (format === 'tt' && !has(to, 'tree')) return { form, from, to: { format }, bound };
      if (format !== 'ht') return reject('BAD_STATEMENT', child(p('to'), 'format'), 'expected {"format": "tt"} or {"format": "ht", "tree": [...]}');
      // The tree is read as an HT structure of rank 1 everywhere (the same validation).
      const tp = child(p('to'), 'tree');
      const nodes = readArray(to['tree'], tp).map((n, t) => ({ ...readObject(n, child(tp, t), [], ['leaf', 'children']), rank: 1 }));
      const s = readStructure({ format: 'ht', shape: shapeOf(from.structure), nodes }, tp);
      const tree = (s as { nodes: readonly HtNode[] }).nodes.map((n) => ('leaf' in n ? { leaf: n.leaf } : { children: n.children }));
      return { form, from, to: { format: 'ht', tree }, bound };
    }
    default:
      return reject('BAD_STATEMENT', child(path, 'form'), `unknown statement form "${form.slice(0, 40)}"; known: ${STATEMENT_FORMS.join(', ')}`);
  }
}

const modesText = (m: readonly number[]): string => `{${m.join(',')}}`;

/** A family of networks of every even order, in words (the subject of a sentence). */
function familyText(f: FamilyRef): string {
  if (f.format === 'tt') return `TT network of shape ${f.size}^d with every bond rank ${f.rank}`;
  if (f.format === 'tt-shared') return `shared-core TT network (cores 2..d-1, 1-based, one shared core, as in an ordinary RNN) of shape ${f.size}^d and rank ${f.rank}`;
  return `HT network of shape ${f.size}^d, on any dimension tree where the leaves of modes 2t and 2t+1 (0-based) are siblings, with rank ${f.rank} at every node but the root,`;
}

/** leading * base^(d/2 - 1), written base^(d/2) when the two are equal. */
const familyBoundText = (b: { leading: bigint; base: bigint }): string => (b.leading === b.base ? `${b.base}^(d/2)` : `${b.leading} * ${b.base}^(d/2 - 1)`);

/** Whether x(k) = x.leading * x.base^(k-1) is above y(k) for some k >= 1 (all numbers >= 0). */
function exceeds(x: { leading: bigint; base: bigint }, y: { leading: bigint; base: bigint }): boolean {
  // k = 1 compares the leading factors; for large k the bases decide, unless x is 0 everywhere.
  return x.leading > y.leading || (x.leading > 0n && x.base > y.base);
}

/** Every member of a lower-bound family is a network of the family `s` (zero padding; a shared-core TT is a TT). */
const fitsIn = (c: FamilyRef, s: FamilyRef): boolean => c.size === s.size && c.rank <= s.rank && (c.format === s.format || (c.format === 'tt-shared' && s.format === 'tt'));

/** The statement in words: what PROVED means. */
export function statementText(s: Statement): string {
  switch (s.form) {
    case 'generic-rank-at-least':
      return `for almost every ${structureText(s.structure)}, the matricization with row modes ${modesText(s.rowModes)} has rank >= ${s.bound}`;
    case 'generic-cp-rank-at-least':
      return `almost every ${structureText(s.structure)} has CP-rank >= ${s.bound}`;
    case 'rank-at-most':
      return `for every ${structureText(s.structure)}, the matricization with row modes ${modesText(s.rowModes)} has rank <= ${s.bound}`;
    case 'generic-rank-equals':
      return `the matricization with row modes ${modesText(s.rowModes)} has rank exactly ${s.bound} for almost every ${structureText(s.structure)} and at most ${s.bound} for every one`;
    case 'all-even-d-cp-rank-at-least':
      return `for every even d, almost every ${familyText(s.family)} has CP-rank >= ${familyBoundText(s)}`;
    case 'all-even-d-generic-rank-at-least':
      return `for every even d, almost every ${familyText(s.family)} has odd/even matricization rank >= ${familyBoundText(s)}`;
    case 'all-even-d-rank-at-most':
      return `for every even d, every ${familyText(s.family)} has odd/even matricization rank <= ${familyBoundText(s)}`;
    case 'all-even-d-generic-rank-equals':
      return `for every even d, the odd/even matricization of almost every ${familyText(s.family)} has rank exactly ${familyBoundText(s)}, and of every one at most that`;
    case 'tensor-cp-rank-at-least':
      return `the ${structureText(s.tensor.structure)} with identity ${s.tensor.digest.slice(0, 16)} has CP-rank >= ${s.bound}`;
    case 'tensor-cp-rank-at-most':
      return `the ${structureText(s.tensor.structure)} with identity ${s.tensor.digest.slice(0, 16)} has CP-rank <= ${s.bound}`;
    case 'tensor-rank-at-most':
    case 'tensor-rank-equals':
      return `the matricization (rows = modes {${s.rowModes.join(',')}}) of the ${structureText(s.tensor.structure)} with identity ${s.tensor.digest.slice(0, 16)} has rank ${s.form === 'tensor-rank-equals' ? '=' : '<='} ${s.bound}`;
    case 'generalized-shallow-width-at-least-nearby':
      return `every generalized ${'nodes' in s.network ? 'HT' : 'TT'} network in a neighbourhood of the ${generalizedText(s.network)} (the same M, N, L, T${'nodes' in s.network ? ', tree' : ''} and ranks; an open set of parameters, of positive measure) has this property: every generalized shallow network (xi = ${s.network.xi === 'relu' ? 'max(x, y, 0)' : 'x y'}, any feature map) with its scores on the ${s.network.template}^${s.network.order} template sequences has width >= ${s.bound}`;
    case 'generalized-shallow-width-at-least':
      return `every generalized shallow network (xi = ${s.network.xi === 'relu' ? 'max(x, y, 0)' : 'x y'}, any feature map) whose scores on the ${s.network.template}^${s.network.order} template sequences equal those of the ${generalizedText(s.network)} has width >= ${s.bound}`;
    case 'conversion':
      return `the ${structureText(s.from.structure)} with identity ${s.from.digest.slice(0, 16)} equals a ${s.to.format === 'tt' ? 'TT network' : `HT network on the tree ${treeText(s.to.tree.map((n) => ({ ...n, rank: 1 }) as HtNode))}`} of shape ${shapeText(shapeOf(s.from.structure))} with every rank at most ${s.bound}`;
  }
}

const sameSet = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((m) => b.includes(m));

/** The same tensor: the same identity digest, and the statement names its structure as it is. */
const sameTensor = (a: TensorRef, b: TensorRef): boolean => a.digest === b.digest && canonicalJson(a.structure) === canonicalJson(b.structure);

/** A verified lower bound on a matricization of a tensor embedding into `structure` (rows `rows`, any if undefined). */
function lowerOn(c: Claim, structure: Structure, rows?: readonly number[]): c is Claim & { kind: 'rank-lower-bound'; subject: MatricizationSubject } {
  return c.kind === 'rank-lower-bound' && c.subject.kind === 'matricization' && embeds(c.subject.tensor.structure, structure) && (rows === undefined || sameSet(c.subject.rowModes, rows));
}

/** A verified cut on a structure containing `structure`, rows `rows`. */
function upperOn(c: Claim, structure: Structure, rows: readonly number[]): c is Claim & { kind: 'rank-upper-bound' } {
  return c.kind === 'rank-upper-bound' && embeds(structure, c.structure) && sameSet(c.rowModes, rows);
}

/** Inner ranks of a TT or HT structure (TT: the bonds; HT: every node but the root). */
function innerRanks(s: Structure): readonly number[] {
  if (s.format === 'tt') return s.ranks.slice(1, -1);
  if (s.format === 'ht') return s.nodes.slice(0, -1).map((n) => n.rank);
  return [];
}

/** The certificate (digest) that best shows a lower/upper number, if any. */
function best(claims: readonly { claim: Claim; digest: string }[], keep: (c: Claim) => boolean, value: (c: Claim) => bigint, better: (a: bigint, b: bigint) => boolean): { digest: string; value: bigint } | undefined {
  let out: { digest: string; value: bigint } | undefined;
  for (const { claim, digest } of claims) if (keep(claim) && (!out || better(value(claim), out.value))) out = { digest, value: value(claim) };
  return out;
}

const bound = (c: Claim): bigint => (c.kind === 'rank-lower-bound' || c.kind === 'rank-upper-bound' || c.kind === 'matrix-rank-upper-bound' ? c.bound : 0n);
const larger = (a: bigint, b: bigint): boolean => a > b;
const smaller = (a: bigint, b: bigint): boolean => a < b;

/** Decides a statement from verified claims (each with its certificate's digest). */
export function decide(s: Statement, claims: readonly { claim: Claim; digest: string }[]): Outcome {
  const lowerGoal = (keep: (c: Claim) => boolean, goal: bigint): Outcome => {
    const lo = best(claims, keep, bound, larger);
    if (lo && lo.value >= goal) return { outcome: 'established', by: [lo.digest], detail: `a certified lower bound ${lo.value}` };
    return { outcome: 'not established', by: [], detail: lo ? `the best certified lower bound is ${lo.value}` : 'no certificate about this subject' };
  };
  switch (s.form) {
    case 'generic-rank-at-least':
    case 'rank-at-most':
    case 'generic-rank-equals': {
      const lo = best(claims, (c) => lowerOn(c, s.structure, s.rowModes), bound, larger);
      const up = best(claims, (c) => upperOn(c, s.structure, s.rowModes), bound, smaller);
      const wantLower = s.form !== 'rank-at-most';
      const wantUpper = s.form !== 'generic-rank-at-least';
      if (wantLower && up && up.value < s.bound) return { outcome: 'refuted', by: [up.digest], detail: `every network of the structure has rank <= ${up.value} < ${s.bound} there (a cut)` };
      if (wantUpper && lo && lo.value > s.bound) return { outcome: 'refuted', by: [lo.digest], detail: `a network of the structure has rank >= ${lo.value} > ${s.bound} there` };
      const okLower = !wantLower || (lo !== undefined && lo.value >= s.bound);
      const okUpper = !wantUpper || (up !== undefined && up.value <= s.bound);
      const by = [...(wantLower && lo ? [lo.digest] : []), ...(wantUpper && up ? [up.digest] : [])];
      if (okLower && okUpper) return { outcome: 'established', by, detail: [wantLower ? `lower bound ${lo?.value}` : '', wantUpper ? `upper bound ${up?.value}` : ''].filter(Boolean).join(', ') };
      return { outcome: 'not established', by: [], detail: `certified: ${lo ? `rank >= ${lo.value}` : 'no lower bound'}, ${up ? `rank <= ${up.value}` : 'no upper bound'}` };
    }
    case 'generic-cp-rank-at-least':
      return lowerGoal((c) => lowerOn(c, s.structure), s.bound);
    case 'tensor-cp-rank-at-least':
      return lowerGoal((c) => c.kind === 'rank-lower-bound' && c.subject.kind === 'matricization' && sameTensor(c.subject.tensor, s.tensor), s.bound);
    case 'all-even-d-cp-rank-at-least':
    case 'all-even-d-generic-rank-at-least':
    case 'all-even-d-rank-at-most':
    case 'all-even-d-generic-rank-equals': {
      const wantLower = s.form !== 'all-even-d-rank-at-most';
      const wantUpper = s.form === 'all-even-d-rank-at-most' || s.form === 'all-even-d-generic-rank-equals';
      const lows = claims.flatMap((x) => (x.claim.kind === 'rank-lower-bound-family' && fitsIn(x.claim.family, s.family) ? [{ digest: x.digest, claim: x.claim }] : []));
      const ups = claims.flatMap((x) => (x.claim.kind === 'rank-upper-bound-family' && fitsIn(s.family, x.claim.family) ? [{ digest: x.digest, claim: x.claim }] : []));
      const text = (c: FamilyLowerBoundClaim | FamilyUpperBoundClaim): string => familyBoundText(c);
      // A CP-rank is not bounded above by any matricization: that form is never refuted.
      if (s.form !== 'all-even-d-cp-rank-at-least') {
        const below = wantLower ? ups.find((u) => exceeds(s, u.claim)) : undefined;
        if (below) return { outcome: 'refuted', by: [below.digest], detail: `every network of the family has odd/even rank <= ${text(below.claim)}, below the statement at some even order` };
        const above = wantUpper ? lows.find((l) => exceeds(l.claim, s)) : undefined;
        if (above) return { outcome: 'refuted', by: [above.digest], detail: `networks of the family have odd/even rank >= ${text(above.claim)}, above the statement at some even order` };
      }
      const lo = lows.find((l) => !exceeds(s, l.claim));
      const up = ups.find((u) => !exceeds(u.claim, s));
      if ((!wantLower || lo) && (!wantUpper || up)) {
        const by = [...(wantLower && lo ? [lo.digest] : []), ...(wantUpper && up ? [up.digest] : [])];
        return { outcome: 'established', by, detail: [wantLower && lo ? `lower bound ${text(lo.claim)}` : '', wantUpper && up ? `upper bound ${text(up.claim)}` : ''].filter(Boolean).join(', ') };
      }
      const seen = [...lows.map((l) => `rank >= ${text(l.claim)}`), ...ups.map((u) => `rank <= ${text(u.claim)}`)];
      return { outcome: 'not established', by: [], detail: seen.length > 0 ? `certified for this family: ${seen.join(', ')}` : 'no family certificate about this family' };
    }
    case 'tensor-rank-at-most':
    case 'tensor-rank-equals': {
      // This tensor's matricization: null vectors or a cut above, a minor or sketch below.
      const here = (c: Claim): boolean => (c.kind === 'rank-lower-bound' || c.kind === 'matrix-rank-upper-bound') && c.subject.kind === 'matricization' && sameTensor(c.subject.tensor, s.tensor) && sameSet(c.subject.rowModes, s.rowModes);
      const lo = best(claims, (c) => c.kind === 'rank-lower-bound' && here(c), bound, larger);
      const up = best(claims, (c) => (c.kind === 'matrix-rank-upper-bound' && here(c)) || upperOn(c, s.tensor.structure, s.rowModes), bound, smaller);
      if (lo && lo.value > s.bound) return { outcome: 'refuted', by: [lo.digest], detail: `its rank is >= ${lo.value} > ${s.bound}` };
      const equals = s.form === 'tensor-rank-equals';
      if (equals && up && up.value < s.bound) return { outcome: 'refuted', by: [up.digest], detail: `its rank is <= ${up.value} < ${s.bound}` };
      const okUp = up !== undefined && up.value <= s.bound;
      const okLo = !equals || (lo !== undefined && lo.value >= s.bound);
      if (okUp && okLo) return { outcome: 'established', by: [...(up ? [up.digest] : []), ...(equals && lo ? [lo.digest] : [])], detail: equals ? `rank = ${s.bound} from both sides` : `an upper bound ${up?.value}` };
      return { outcome: 'not established', by: [], detail: `certified: ${lo ? `rank >= ${lo.value}` : 'no lower bound'}, ${up ? `rank <= ${up.value}` : 'no upper bound'}` };
    }
    case 'generalized-shallow-width-at-least':
    case 'generalized-shallow-width-at-least-nearby': {
      // A rank lower bound K on a grid matricization of exactly this network; R >= ceil(K / c).
      const same = (r: GeneralizedRef): boolean => canonicalJson(r) === canonicalJson(s.network);
      const width = (c: Claim): bigint => {
        if (c.kind !== 'rank-lower-bound' || c.subject.kind !== 'grid') return 0n;
        const k = Math.min(c.subject.rowModes.length, s.network.order - c.subject.rowModes.length);
        const per = s.network.xi === 'product' ? 1n : 1n + BigInt(s.network.template) * BigInt(k);
        return (c.bound + per - 1n) / per;
      };
      const lo = best(claims, (c) => c.kind === 'rank-lower-bound' && c.subject.kind === 'grid' && same(c.subject.network), width, larger);
      if (lo && lo.value >= s.bound) return { outcome: 'established', by: [lo.digest], detail: `a grid-tensor rank lower bound giving width >= ${lo.value}` };
      return { outcome: 'not established', by: [], detail: lo ? `the best certified width bound is ${lo.value}` : 'no grid rank certificate about this network' };
    }
    case 'tensor-cp-rank-at-most': {
      // An equality with a CP network of at most `bound` terms, the tensor itself on the other side.
      const fewTerms = (t: TensorRef): boolean => t.structure.format === 'cp' && BigInt(t.structure.rank) <= s.bound;
      const ok = claims.find(({ claim: c }) => c.kind === 'equality' && ((sameTensor(c.left, s.tensor) && fewTerms(c.right)) || (sameTensor(c.right, s.tensor) && fewTerms(c.left))));
      return ok ? { outcome: 'established', by: [ok.digest], detail: 'an equality certificate with a CP network of that many terms' } : { outcome: 'not established', by: [], detail: 'no equality certificate between this tensor and a CP network that small' };
    }
    case 'conversion': {
      const ok = claims.find(({ claim: c }) => {
        if (c.kind !== 'equality' || !sameTensor(c.left, s.from)) return false;
        const r = c.right.structure;
        if (r.format !== s.to.format || innerRanks(r).some((x) => BigInt(x) > s.bound)) return false;
        if (r.format !== 'ht' || s.to.format !== 'ht') return true;
        const tree = s.to.tree;
        return r.nodes.length === tree.length && r.nodes.every((n, t) => JSON.stringify('leaf' in n ? { leaf: n.leaf } : { children: n.children }) === JSON.stringify(tree[t]));
      });
      return ok ? { outcome: 'established', by: [ok.digest], detail: 'an equality certificate' } : { outcome: 'not established', by: [], detail: 'no equality certificate between these two' };
    }
  }
}

/**
 * Pairs of verified claims that cannot both be true: a lower bound on a matricization of a tensor
 * of some structure above a cut's bound for the same split of a structure containing it. Such a
 * pair means a kernel bug; a bundle that contains one is never PROVED.
 */
export function inconsistencies(claims: readonly { claim: Claim; digest: string }[]): string[] {
  const out: string[] = [];
  for (const lo of claims)
    for (const up of claims) {
      const l = lo.claim;
      const u = up.claim;
      if (l.kind === 'rank-lower-bound' && l.subject.kind === 'matricization' && upperOn(u, l.subject.tensor.structure, l.subject.rowModes) && u.kind === 'rank-upper-bound' && l.bound > u.bound) {
        out.push(`certificate ${lo.digest.slice(0, 16)} shows rank >= ${l.bound} where certificate ${up.digest.slice(0, 16)} shows rank <= ${u.bound}`);
      }
      // Null vectors and a minor on the same tensor's matricization (same rows). Explicit matrices
      // are not compared here (they carry no identity digest): a contradiction there is not detected.
      if (l.kind === 'rank-lower-bound' && l.subject.kind === 'matricization' && u.kind === 'matrix-rank-upper-bound' && u.subject.kind === 'matricization' && sameTensor(l.subject.tensor, u.subject.tensor) && sameSet(l.subject.rowModes, u.subject.rowModes) && l.bound > u.bound) {
        out.push(`certificate ${lo.digest.slice(0, 16)} shows rank >= ${l.bound} where certificate ${up.digest.slice(0, 16)} shows rank <= ${u.bound} (null vectors)`);
      }
      // A family's members above a family upper bound that covers them, at some even order.
      if (l.kind === 'rank-lower-bound-family' && u.kind === 'rank-upper-bound-family' && fitsIn(l.family, u.family) && exceeds(l, u)) {
        out.push(`certificate ${lo.digest.slice(0, 16)} shows odd/even rank >= ${familyBoundText(l)} for every even d where certificate ${up.digest.slice(0, 16)} shows <= ${familyBoundText(u)}`);
      }
    }
  return out;
}
