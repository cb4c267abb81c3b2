/**
 * `npm run wasm:update`: writes the generated WebAssembly modules, src/rank/modpWasm.ts (the
 * modular elimination's, from src/rank/modpKernels.ts) and src/numeric/svdWasm.ts (the float
 * SVD's, from src/numeric/svdKernels.ts), so that the engines load bytes instead of running the
 * generators in every process. `test/rank/modpKernels.test.ts` and
 * `test/numeric/svdKernels.test.ts` fail when a file is not current.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/cli/commands/gate.js';
import { DEFAULT_SHAPE } from '../src/rank/modpLayout.js';
import { modpWasmSource } from '../src/rank/modpKernels.js';
import { svdWasmSource } from '../src/numeric/svdKernels.js';

const files: [string[], string][] = [
  [['src', 'rank', 'modpWasm.ts'], modpWasmSource(DEFAULT_SHAPE)],
  [['src', 'numeric', 'svdWasm.ts'], svdWasmSource()],
];
for (const [path, source] of files) {
  const file = join(packageRoot(), ...path);
  writeFileSync(file, source);
  console.log(`wasm module written to ${file}`);
}
