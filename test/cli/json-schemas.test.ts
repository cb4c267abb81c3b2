/**
 * The JSON contract: every --json output names its schema and version, and real outputs validate
 * against schemas/<kind>.schema.json with ajv (draft 2020-12).
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { run } from './run.js';

const SCHEMAS = join(process.cwd(), 'schemas');
const ajv = new Ajv2020({ allErrors: true, strict: false });
const validators = new Map(readdirSync(SCHEMAS).map((f) => [f.replace('.schema.json', ''), ajv.compile(JSON.parse(readFileSync(join(SCHEMAS, f), 'utf8')) as object)]));

async function check(kind: string, ...argv: string[]): Promise<Record<string, unknown>> {
  const r = await run(...argv, '--json');
  const doc = JSON.parse(r.out) as Record<string, unknown>;
  expect(doc['schema']).toBe(`check-theorem/${kind}`);
  expect(doc['schemaVersion']).toBe(1);
  const validate = validators.get(kind);
  expect(validate, `a schema for ${kind}`).toBeDefined();
  const ok = validate?.(doc);
  expect(ok, JSON.stringify(validate?.errors?.slice(0, 3))).toBe(true);
  return doc;
}

describe('every --json output validates against its schema', () => {
  it('prove and rank (theorem)', async () => {
    await check('theorem', 'prove', 'theorem1', '--n', '2', '--r', '2', '--d', '8');
    await check('theorem', 'prove', 'theorem2-ht-tt', '--n', '2', '--r', '2', '--d', '8');
    await check('theorem', 'rank', '--network', 'ring', '--n', '3', '--r', '2', '--d', '4', '--split', 'modes:0,2');
  });
  it('table: numbers as decimal strings, tightness as booleans', async () => {
    const doc = await check('table', 'table', '--n', '4', '--r', '2', '--d', '8');
    const cp = (doc['cells'] as Record<string, unknown>[]).find((c) => c['equivalent'] === 'CP' && c['given'] === 'TT');
    expect(cp).toMatchObject({ bound: '16', quantity: 'CP-rank', lower: '128', oddEvenRank: '128', tight: false });
  });
  it('list, verify, gate, conjecture, discover', async () => {
    await check('list', 'list');
    const dir = mkdtempSync(join(tmpdir(), 'ct-json-'));
    await run('prove', 'theorem1', '--n', '2', '--r', '2', '--d', '4', '--out', join(dir, 'b'), '--quiet');
    const v = await check('verify', 'verify', join(dir, 'b'), join(dir, 'b', 'manifest.json').replace('manifest.json', 'random-0.json'));
    expect((v['items'] as unknown[]).length).toBe(2);
    await check('conjecture', 'conjecture', '--network', 'ring', '--n', '2,3', '--r', '2', '--d', '4', '--relation', '>=', '--bound', 'n^min(k, d-k)', '--quiet');
    await check('discover', 'discover', '--format', 'tt', '--n', '2,3', '--r', '2', '--d', '4', '--quiet');
    const e = await check('experiment', 'experiment', 'relu-ranks', '--m', '3', '--t', '4', '--ranks', '1,2', '--samples', '2', '--quiet');
    expect((e['samples'] as unknown[]).length).toBe(4);
  });
  it('gate (against two instances of the committed baseline)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ct-json-'));
    const file = join(dir, 'baseline.json');
    const committed = JSON.parse(readFileSync(join(process.cwd(), 'proofs', 'baseline.json'), 'utf8')) as { instances: unknown[] };
    writeFileSync(file, JSON.stringify({ ...committed, instances: committed.instances.slice(0, 2) }));
    const doc = await check('gate', 'gate', '--baseline', file, '--quiet');
    expect(doc['checked']).toBe(2);
  });
  it('the schemas reject what breaks the contract (the test can fail)', async () => {
    const r = await run('table', '--n', '2', '--r', '2', '--d', '4', '--json', '--quiet');
    const doc = JSON.parse(r.out) as { cells: Record<string, unknown>[] };
    (doc.cells[6] as Record<string, unknown>)['tight'] = 'yes';
    expect(validators.get('table')?.(doc)).toBe(false);
    const t = JSON.parse((await run('prove', 'theorem1', '--n', '2', '--r', '2', '--d', '4', '--json')).out) as Record<string, any>;
    t['bound']['value'] = 16;
    expect(validators.get('theorem')?.(t)).toBe(false);
    delete t['schemaVersion'];
    expect(validators.get('theorem')?.({ ...t, bound: { ...t['bound'], value: '16' } })).toBe(false);
  });
});
