/**
 * The registry of theorem modules.
 *
 * @packageDocumentation
 */
import { cohen2016 } from './cohen2016.js';
import { cpHt, cpTt, theorem2HtTt, theorem2TtHt } from './conversions.js';
import { genericRank } from './genericRank.js';
import { lemma1 } from './lemma1.js';
import { sharedCores } from './sharedCores.js';
import { theorem1 } from './theorem1.js';
import { modelCpWidth } from './modelCpWidth.js';
import { cohen2016AllOrders, htOddEvenAllOrders, sharedCoresAllOrders, theorem1AllOrders, ttOddEvenAllOrders } from './allOrders.js';
import { reluConvacWidth, reluRnnWidth } from './reluRnn.js';
import type { TheoremModule } from './types.js';

export type { TheoremModule, TheoremParams, ParamName, GridPoint } from './types.js';
export { ParameterError, paramsAt } from './types.js';
export { bound, type Bound } from './bound.js';

/** Every statement, in the order `list` and `all` show them. */
export const THEOREMS: readonly TheoremModule[] = [lemma1, theorem1, theorem1AllOrders, ttOddEvenAllOrders, cohen2016, cohen2016AllOrders, htOddEvenAllOrders, sharedCores, sharedCoresAllOrders, theorem2TtHt, theorem2HtTt, cpTt, cpHt, genericRank, modelCpWidth, reluRnnWidth, reluConvacWidth];

/** The module with this id or alias, or undefined. */
export function findTheorem(idOrAlias: string): TheoremModule | undefined {
  const key = idOrAlias.trim().toLowerCase();
  return THEOREMS.find((t) => t.id === key || t.aliases.includes(key));
}

export { lemma1, theorem1, theorem1AllOrders, ttOddEvenAllOrders, cohen2016, cohen2016AllOrders, htOddEvenAllOrders, sharedCores, sharedCoresAllOrders, theorem2TtHt, theorem2HtTt, cpTt, cpHt, genericRank, modelCpWidth, reluRnnWidth, reluConvacWidth };
