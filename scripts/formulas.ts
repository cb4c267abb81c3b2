/**
 * `npm run formulas:update`: parses every formula of the catalogue (each statement's bound, the
 * committed conjectures' bounds) with mathjs and writes proofs/formulas.json, so that runs of the
 * catalogue never load mathjs. `test/proofs/formulas.test.ts` fails when the file is not current.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogueFormulas, formulasJson } from '../proofs/formulas.js';
import { packageRoot } from '../src/cli/commands/gate.js';

const file = join(packageRoot(), 'proofs', 'formulas.json');
writeFileSync(file, formulasJson(catalogueFormulas()));
console.log(`formulas written: ${catalogueFormulas().length} to ${file}`);
