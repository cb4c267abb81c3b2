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
import { createRequire } from 'node:module';
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

function evalNode(node: MathNode, scope: Readonly<Record<string, number | bigint>>, text: string): Rational {
  switch (node.type) {
    case 'ConstantNode': {
      const v = (node as unknown as { value: unknown }).value;
      if (typeof v === 'number' && Number.isSafeInteger(v)) return rational(v);
      throw new RangeError(`${text}: only integer constants are allowed, got ${String(v)}`);
    }
    case 'SymbolNode': {
      const name = (node as unknown as { name: string }).name;
      const v = scope[name];
      if (v === undefined) throw new RangeError(`${text}: unknown symbol ${name}`);
      return rational(BigInt(v));
    }
    case 'ParenthesisNode':
      return evalNode((node as unknown as { content: MathNode }).content, scope, text);
    case 'OperatorNode': {
      const op = node as unknown as { fn: string; args: MathNode[] };
      const args = op.args.map((a) => evalNode(a, scope, text));
      const [a, b] = args as [Rational, Rational];
      switch (op.fn) {
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
          throw new RangeError(`${text}: unsupported operator ${op.fn}`);
      }
    }
    case 'FunctionNode': {
      const fnNode = node as unknown as { fn: { name: string }; args: MathNode[] };
      const args = fnNode.args.map((a) => evalNode(a, scope, text));
      switch (fnNode.fn.name) {
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
          throw new RangeError(`${text}: unsupported function ${fnNode.fn.name}`);
      }
    }
    default:
      throw new RangeError(`${text}: unsupported expression node ${node.type}`);
  }
}

/**
 * mathjs, loaded on first use: importing it costs most of a CLI call's start-up (about 0.6 s here),
 * and most calls (`verify`, `--version`, `--help`) never parse a formula.
 */
let mathjs: { parse: (text: string) => MathNode } | undefined;
function parse(text: string): MathNode {
  mathjs ??= createRequire(import.meta.url)('mathjs') as { parse: (text: string) => MathNode };
  return mathjs.parse(text);
}

/** Builds a {@link Bound} from an expression text (parsed on first use); the value must be an integer. */
export function bound(expression: string): Bound {
  let node: MathNode | undefined;
  const tree = (): MathNode => (node ??= parse(expression));
  return {
    expression,
    get pretty(): string {
      return tree().toString();
    },
    get tex(): string {
      return tree().toTex();
    },
    evaluate: (scope) => {
      const q = evalNode(tree(), scope, expression);
      if (q.den !== 1n) throw new RangeError(`${expression}: evaluates to the non-integer ${q.num}/${q.den}`);
      return q.num;
    },
  };
}
