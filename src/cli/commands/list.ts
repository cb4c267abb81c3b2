/**
 * `check-theorem list`: the statements, their ids and sources.
 *
 * @packageDocumentation
 */
import { THEOREMS } from '../../../proofs/index.js';
import { jsonDocument } from '../../report/json.js';
import { table } from '../../report/text.js';
import { EXIT } from '../errors.js';
import type { CliIo } from '../io.js';

/** Runs `list`. */
export function runList(json: boolean, io: CliIo): number {
  if (json) {
    io.out(jsonDocument('list', { statements: THEOREMS.map((t) => ({ id: t.id, aliases: t.aliases, title: t.title, statement: t.statement, source: t.source, parameters: t.parameters, bound: t.bound.pretty, tex: t.bound.tex, direction: t.direction })) }));
    return EXIT.OK;
  }
  io.out(table(['id', 'statement', 'bound', 'parameters', 'source'], THEOREMS.map((t) => [t.id, t.title, `${t.direction === 'lower' ? '>=' : t.direction === 'upper' ? '<=' : '='} ${t.bound.pretty}`, t.parameters.join(','), t.source.split(';')[0] ?? t.source])));
  io.out(`\nAliases: ${THEOREMS.map((t) => `${t.id} = ${t.aliases.join(' = ')}`).join('; ')}\n`);
  return EXIT.OK;
}
