export { constantSteps, optimalConstantStep } from './constant.js';
export {
  chebyshevNodes,
  chebyshevSteps,
  stableChebyshevPermutation,
  STEP_ORDERS,
} from './chebyshev.js';
export type { StepOrder, ChebyshevOptions } from './chebyshev.js';
export {
  repeatSchedule,
  concatSchedules,
  sortedSteps,
  effectiveSteps,
  checkSchedule,
} from './combinators.js';
