// npm pack / publish hooks: the published manifest declares TensorFlow.js's native backends as
// optional *peer* dependencies, so that installing the library does not pull their ~300 MB tree;
// the repository keeps them as optional dependencies (its own `npm install` brings everything).
// prepack rewrites package.json after saving its exact bytes; postpack puts them back.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

const file = 'package.json';
const saved = 'package.json.unpacked';
const step = process.argv[2];
if (step === 'prepack') {
  if (existsSync(saved)) {
    console.error(`${saved} exists: an earlier pack was interrupted; restore it with: mv ${saved} ${file}`);
    process.exit(1);
  }
  const text = readFileSync(file, 'utf8');
  writeFileSync(saved, text);
  const m = JSON.parse(text);
  const optional = m.optionalDependencies ?? {};
  m.peerDependencies = { ...(m.peerDependencies ?? {}), ...optional };
  m.peerDependenciesMeta = { ...(m.peerDependenciesMeta ?? {}), ...Object.fromEntries(Object.keys(optional).map((k) => [k, { optional: true }])) };
  delete m.optionalDependencies;
  writeFileSync(file, JSON.stringify(m, null, 2) + '\n');
} else if (step === 'postpack') {
  if (existsSync(saved)) renameSync(saved, file);
} else {
  console.error('usage: node scripts/pack-manifest.mjs prepack|postpack');
  process.exit(2);
}
