/**
 * Exact conversions between formats, one direction each. Every conversion is exact over any
 * field (rank reduction needs an exact one); the proofs check each result with an equality
 * certificate.
 *
 * @packageDocumentation
 */
export { cpToTt } from './cpToTt.js';
export { cpToHt } from './cpToHt.js';
export { ttToHt } from './ttToHt.js';
export { htToTt, htToTtSweep } from './htToTt.js';
export { ttRound } from './ttRound.js';
export { toDense as anyToDense } from '../formats/verbs.js';
