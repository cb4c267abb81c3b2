/**
 * Random mutations of JSON documents (certificates): change, delete, add, duplicate, truncate.
 */
import fc from 'fast-check';

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path (list of keys) in a JSON value, the root included. */
export function jsonPaths(x: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(x)) x.forEach((v, i) => out.push(...jsonPaths(v, [...prefix, i])));
  else if (x !== null && typeof x === 'object') for (const [k, v] of Object.entries(x)) out.push(...jsonPaths(v, [...prefix, k]));
  return out;
}

/** The kinds of edit a mutation makes. */
export type MutationOp =
  | { readonly op: 'replace'; readonly value: Json }
  | { readonly op: 'bump'; readonly by: number }
  | { readonly op: 'delete' }
  | { readonly op: 'addField' }
  | { readonly op: 'duplicateElement' }
  | { readonly op: 'dropElement' };

/** A mutation: where (an index into the document's paths) and what. */
export interface Mutation {
  readonly at: number;
  readonly edit: MutationOp;
}

export const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(100_000),
  edit: fc.oneof(
    fc.record({ op: fc.constant('replace' as const), value: fc.oneof<fc.Arbitrary<Json>[]>(fc.constant(null), fc.integer({ min: -3, max: 3 }), fc.constant('x'), fc.constant(1.5), fc.constant([] as Json[]), fc.constant({} as Json), fc.constant(true)) }),
    fc.record({ op: fc.constant('bump' as const), by: fc.constantFrom(-1, 1, 2, 1000) }),
    fc.constant({ op: 'delete' as const }),
    fc.constant({ op: 'addField' as const }),
    fc.constant({ op: 'duplicateElement' as const }),
    fc.constant({ op: 'dropElement' as const }),
  ),
});

/** Applies a mutation to a deep copy of `doc`; returns the copy and the path edited. */
export function mutate(doc: unknown, m: Mutation): { doc: unknown; path: (string | number)[] } {
  const copy = JSON.parse(JSON.stringify(doc)) as Json;
  const paths = jsonPaths(copy);
  const path = paths[m.at % paths.length] as (string | number)[];
  if (path.length === 0) {
    if (m.edit.op === 'replace') return { doc: m.edit.value, path };
    if (m.edit.op === 'addField' && copy !== null && typeof copy === 'object' && !Array.isArray(copy)) {
      (copy as Record<string, Json>)['extra'] = 1;
    }
    return { doc: copy, path };
  }
  let parent = copy as Record<string | number, Json>;
  for (const k of path.slice(0, -1)) parent = parent[k] as unknown as Record<string | number, Json>;
  const key = path[path.length - 1] as string | number;
  const target = parent[key] as Json;
  switch (m.edit.op) {
    case 'replace':
      parent[key] = m.edit.value;
      break;
    case 'bump':
      if (typeof target === 'number') parent[key] = target + m.edit.by;
      else if (typeof target === 'string' && /^-?\d+$/.test(target)) parent[key] = (BigInt(target) + BigInt(m.edit.by)).toString();
      else parent[key] = m.edit.by;
      break;
    case 'delete':
      if (Array.isArray(parent)) (parent as Json[]).splice(key as number, 1);
      else delete parent[key];
      break;
    case 'addField':
      if (target !== null && typeof target === 'object' && !Array.isArray(target)) (target as Record<string, Json>)['extra'] = 0;
      else parent[key] = { extra: 0 };
      break;
    case 'duplicateElement':
      if (Array.isArray(target) && target.length > 0) target.push(target[0] as Json);
      else parent[key] = [target, target];
      break;
    case 'dropElement':
      if (Array.isArray(target) && target.length > 0) target.pop();
      else parent[key] = [];
      break;
  }
  return { doc: copy, path };
}
