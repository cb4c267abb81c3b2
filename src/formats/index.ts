/**
 * Tensor formats: one module per format with the same verbs, a dispatch over the format tag,
 * and cross-format inner products.
 *
 * @packageDocumentation
 */
import * as cp from './cp.js';
import * as dense from './dense.js';
import * as ht from './ht.js';
import * as tt from './tt.js';
import * as ttShared from './ttShared.js';
import * as tn from './tn.js';

export * from './types.js';
export * from './verbs.js';
export { inner, normSquared, distanceSquared, UnsupportedPairError } from './inner.js';
export { balancedTree, caterpillarTree, validateTree, leafOrders, intervalsOf, parentsOf, sameTree, treeOf, rootOf } from './tree.js';
export { DEFAULT_ENTRY_BOUND } from './common.js';
export { cp, dense, ht, tt, ttShared, tn };
export type { TnTensor, TnStructure, TnNode } from './tn.js';
export { asNetwork, fromEinsum, grid, parseModeTree, poolingTree, ring, shareLayers, treeNetwork, type ModeTree } from './tnFamilies.js';
export { ttAdd, ttHadamard, ttScale, ttSvd, ttOrthogonalize, svdJacobi, randomFloatTt } from './ttAlgebra.js';
