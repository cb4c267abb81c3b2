/**
 * One rank mod p in a fresh process (run by the startup bench): prints the milliseconds of the
 * first call, which V8 runs before optimising the elimination.
 */
import { rankModP } from '../src/rank/index.js';
import { randomIntMatrix } from './util.js';

const n = Number(process.argv[2] ?? 256);
const a = randomIntMatrix(n, n, 1000, 5);
const t0 = process.hrtime.bigint();
rankModP(a);
console.log((Number(process.hrtime.bigint() - t0) / 1e6).toFixed(2));
