/**
 * Conjecture statement files: what `check-theorem conjecture --save FILE` writes and `gate`
 * re-proves with the built-in catalogue (every `*.json` in proofs/conjectures/).
 *
 * ```json
 * { "conjecture": "check-theorem/conjecture", "version": 1, "name": "ring-odd-even",
 *   "relation": ">=", "bound": "min(n, r)^(d/2)",
 *   "points": [ { "network": "ring", "n": 2, "r": 2, "d": 4, "split": "every" } ] }
 * ```
 *
 * Read strictly (unknown keys, wrong types, fractions are errors naming the key).
 *
 * @packageDocumentation
 */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { NETWORK_FORMATS } from '../src/runner/types.js';
import { conjectureModule, RELATIONS, type ConjectureSpec, type Relation } from './conjecture.js';
import { ParameterError, readParameterFile, type GridPoint, type TheoremModule } from './types.js';

/** The tag of a conjecture file. */
export const CONJECTURE_TAG = 'check-theorem/conjecture';

/** Largest conjecture file read. */
export const MAX_CONJECTURE_BYTES = 1024 * 1024;

const POINT_KEYS = ['network', 'format', 'sizes', 'n', 'r', 'd', 'split'] as const;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A conjecture spec from a parsed file (throws ParameterError naming the problem). */
export function conjectureFromJson(doc: unknown, where: string): ConjectureSpec {
  const bad = (what: string): never => {
    throw new ParameterError(`${where}: ${what}`);
  };
  if (!isObject(doc)) bad('expected a JSON object');
  const o = doc as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!['conjecture', 'version', 'name', 'relation', 'bound', 'points'].includes(k)) bad(`unknown key "${k.slice(0, 40)}"`);
  if (o['conjecture'] !== CONJECTURE_TAG) bad(`"conjecture" must be "${CONJECTURE_TAG}"`);
  if (o['version'] !== 1) bad('"version" must be 1');
  if (typeof o['name'] !== 'string') bad('"name" must be a string');
  if (typeof o['relation'] !== 'string' || !(RELATIONS as readonly string[]).includes(o['relation'])) bad(`"relation" must be one of ${RELATIONS.join(' ')}`);
  if (typeof o['bound'] !== 'string') bad('"bound" must be a string (a mathjs expression)');
  if (!Array.isArray(o['points']) || o['points'].length === 0 || o['points'].length > 10_000) bad('"points" must be a list of 1 to 10000 parameter sets');
  const points = (o['points'] as unknown[]).map((pt, i): GridPoint => {
    if (!isObject(pt)) bad(`points[${i}] is not an object`);
    const q = pt as Record<string, unknown>;
    for (const k of Object.keys(q)) if (!(POINT_KEYS as readonly string[]).includes(k)) bad(`points[${i}]: unknown key "${k.slice(0, 40)}"`);
    const out: Record<string, string | number> = {};
    for (const k of ['n', 'r', 'd'] as const) {
      if (q[k] === undefined) continue;
      if (typeof q[k] !== 'number' || !Number.isSafeInteger(q[k]) || (q[k] as number) < 1) bad(`points[${i}].${k} must be a positive integer`);
      out[k] = q[k] as number;
    }
    for (const k of ['network', 'sizes', 'split'] as const) {
      if (q[k] === undefined) continue;
      if (typeof q[k] !== 'string' || (q[k] as string).length > 4096) bad(`points[${i}].${k} must be a string`);
      out[k] = q[k] as string;
    }
    if (q['format'] !== undefined) {
      if (typeof q['format'] !== 'string' || !(NETWORK_FORMATS as readonly string[]).includes(q['format'])) bad(`points[${i}].format must be one of ${NETWORK_FORMATS.join(', ')}`);
      out['format'] = q['format'] as string;
    }
    if ((out['network'] === undefined) === (out['format'] === undefined)) bad(`points[${i}] needs exactly one of "network" and "format"`);
    return out as unknown as GridPoint;
  });
  return { name: o['name'] as string, relation: o['relation'] as Relation, bound: o['bound'] as string, grid: points };
}

/** The file a conjecture is saved as. */
export function conjectureToJson(spec: ConjectureSpec): object {
  return { conjecture: CONJECTURE_TAG, version: 1, name: spec.name, relation: spec.relation, bound: spec.bound, points: spec.grid ?? [] };
}

/** Reads one conjecture file. */
export function readConjectureFile(file: string): ConjectureSpec {
  const text = readParameterFile(file, 'the conjecture file', MAX_CONJECTURE_BYTES);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ParameterError(`${file} is not JSON (${(e as Error).message})`);
  }
  return conjectureFromJson(doc, file);
}

/** The modules of every conjecture file in a folder (none when the folder does not exist). */
export function loadConjectures(dir: string): TheoremModule[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  } catch {
    return [];
  }
  return names.map((n) => {
    const spec = readConjectureFile(join(dir, n));
    if (`${spec.name}.json` !== basename(n)) throw new ParameterError(`${join(dir, n)}: the file of conjecture "${spec.name}" must be named ${spec.name}.json`);
    return conjectureModule(spec);
  });
}
