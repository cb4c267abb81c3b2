/**
 * Bounds as symbolic expressions: parsed and displayed by mathjs, evaluated exactly on BigInt
 * rationals by a small interpreter over the mathjs expression tree (mathjs's own evaluation would
 * go through floats or BigNumber; a bound that decides a proof must be exact).
 *
 * Supported: integer constants, the theorem's parameters, + - * /, ^ with an integer exponent,
 * unary minus, parentheses, min, max, floor, ceil, and clog2(x) = ceil(log2 x) for a positive
 * integer x (so r^ceil(log2(d)/2) is written r^ceil(clog2(d)/2), equal because
 * ceil(x/2) = ceil(ceil(x)/2)).
 *
 * @packageDocumentation
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MathNode } from 'mathjs';
import { RAT_ONE, rational, ratAdd, ratCmp, ratDiv, ratMul, ratNeg, ratSub, type Rational } from '../src/exact/rational.js';

/** A bound: its text (as written), mathjs's rendering and LaTeX, and an exact evaluator. */
export interface Bound {
  readonly expression: string;
  readonly pretty: string;
  readonly tex: string;
  evaluate(scope: Readonly<Record<string, number | bigint>>): bigint;
}

function floorRat(q: Rational): bigint {
  const f = q.num / q.den;
  return q.num < 0n && f * q.den !== q.num ? f - 1n : f;
}

function ceilRat(q: Rational): bigint {
  return -floorRat(ratNeg(q));
}

function powRat(b: Rational, e: Rational, text: string): Rational {
  if (e.den !== 1n) throw new RangeError(`${text}: the exponent ${e.num}/${e.den} is not an integer`);
  if (e.num < 0n) throw new RangeError(`${text}: negative exponent`);
  if (e.num > 100_000n) throw new RangeError(`${text}: exponent ${e.num} too large`);
  let acc = RAT_ONE;
  for (let i = 0n; i < e.num; i++) acc = ratMul(acc, b);
  return acc;
}

function clog2(x: Rational, text: string): Rational {
  if (x.den !== 1n || x.num < 1n) throw new RangeError(`${text}: clog2 needs a positive integer`);
  let k = 0n;
  while (1n << k < x.num) k++;
  return { num: k, den: 1n };
}

/**
 * An expression tree in a compact JSON form (what proofs/formulas.json stores): a constant, a
 * symbol, parentheses, an operator (mathjs's fn names) or a function call.
 */
export type Tree =
  | { readonly t: 'c'; readonly v: unknown }
  | { readonly t: 's'; readonly n: string }
  | { readonly t: 'p'; readonly c: Tree }
  | { readonly t: 'o'; readonly f: string; readonly a: readonly Tree[] }
  | { readonly t: 'f'; readonly n: string; readonly a: readonly Tree[] }
  | { readonly t: 'x'; readonly type: string };

/** The compact form of a mathjs tree. */
export function treeOf(node: MathNode): Tree {
  const n = node as unknown as { type: string; value?: unknown; name?: string; content?: MathNode; fn?: string | { name: string }; args?: MathNode[] };
  switch (n.type) {
    case 'ConstantNode':
      return { t: 'c', v: n.value };
    case 'SymbolNode':
      return { t: 's', n: n.name as string };
    case 'ParenthesisNode':
      return { t: 'p', c: treeOf(n.content as MathNode) };
    case 'OperatorNode':
      return { t: 'o', f: n.fn as string, a: (n.args ?? []).map(treeOf) };
    case 'FunctionNode':
      return { t: 'f', n: (n.fn as { name: string }).name, a: (n.args ?? []).map(treeOf) };
    default:
      return { t: 'x', type: n.type };
  }
}

function evalNode(node: Tree, scope: Readonly<Record<string, number | bigint>>, text: string): Rational {
  switch (node.t) {
    case 'c': {
      const v = node.v;
      if (typeof v === 'number' && Number.isSafeInteger(v)) return rational(v);
      throw new RangeError(`${text}: only integer constants are allowed, got ${String(v)}`);
    }
    case 's': {
      const v = scope[node.n];
      if (v === undefined) throw new RangeError(`${text}: unknown symbol ${node.n}`);
      return rational(BigInt(v));
    }
    case 'p':
      return evalNode(node.c, scope, text);
    case 'o': {
      const args = node.a.map((a) => evalNode(a, scope, text));
      const [a, b] = args as [Rational, Rational];
      switch (node.f) {
        case 'add':
          return ratAdd(a, b);
        case 'subtract':
          return ratSub(a, b);
        case 'multiply':
          return ratMul(a, b);
        case 'divide':
          return ratDiv(a, b);
        case 'pow':
          return powRat(a, b, text);
        case 'unaryMinus':
          return ratNeg(a);
        default:
          throw new RangeError(`${text}: unsupported operator ${node.f}`);
      }
    }
    case 'f': {
      const args = node.a.map((a) => evalNode(a, scope, text));
      switch (node.n) {
        case 'min':
          return args.reduce((x, y) => (ratCmp(x, y) <= 0 ? x : y));
        case 'max':
          return args.reduce((x, y) => (ratCmp(x, y) >= 0 ? x : y));
        case 'floor':
          return rational(floorRat(args[0] as Rational));
        case 'ceil':
          return rational(ceilRat(args[0] as Rational));
        case 'clog2':
          return clog2(args[0] as Rational, text);
        default:
          throw new RangeError(`${text}: unsupported function ${node.n}`);
      }
    }
    default:
      throw new RangeError(`${text}: unsupported expression node ${node.type}`);
  }
}

/**
 * mathjs, loaded on first use: importing it costs most of a CLI call's start-up (about 0.7 s here).
 * The catalogue's own formulas are parsed by mathjs once, when proofs/formulas.json is written
 * (`npm run formulas:update`; a test checks it is current), so `prove`, `all` and `list` never load
 * it; a user's formula (`conjecture --bound`) is parsed on the spot.
 */
let mathjs: { parse: (text: string) => MathNode } | undefined;
function parse(text: string): MathNode {
  mathjs ??= createRequire(import.meta.url)('mathjs') as { parse: (text: string) => MathNode };
  return mathjs.parse(text);
}

/** A formula as mathjs reads and renders it. */
export interface ParsedFormula {
  readonly tree: Tree;
  readonly pretty: string;
  readonly tex: string;
}

/** Parses with mathjs (no cache). */
export function parseFormula(text: string): ParsedFormula {
  const node = parse(text);
  return { tree: treeOf(node), pretty: node.toString(), tex: node.toTex() };
}

let formulas: Readonly<Record<string, ParsedFormula>> | undefined;
/** The committed formulas (proofs/formulas.json next to the sources, or in the package from dist/). */
function committedFormulas(): Readonly<Record<string, ParsedFormula>> {
  if (formulas) return formulas;
  const here = dirname(fileURLToPath(import.meta.url));
  const file = [join(here, 'formulas.json'), join(here, '..', '..', 'proofs', 'formulas.json')].find((f) => existsSync(f));
  formulas = file ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, ParsedFormula>) : {};
  return formulas;
}

/** The committed parse of a formula, or mathjs's now. */
function formula(text: string): ParsedFormula {
  return Object.prototype.hasOwnProperty.call(committedFormulas(), text) ? (committedFormulas()[text] as ParsedFormula) : parseFormula(text);
}

/** Builds a {@link Bound} from an expression text (parsed on first use); the value must be an integer. */
export function bound(expression: string): Bound {
  let parsed: ParsedFormula | undefined;
  const get = (): ParsedFormula => (parsed ??= formula(expression));
  return {
    expression,
    get pretty(): string {
      return get().pretty;
    },
    get tex(): string {
      return get().tex;
    },
    evaluate: (scope) => {
      const q = evalNode(get().tree, scope, expression);
      if (q.den !== 1n) throw new RangeError(`${expression}: evaluates to the non-integer ${q.num}/${q.den}`);
      return q.num;
    },
  };
}
