export type {
  SolverState,
  SolverOptions,
  SolverIterator,
  IterationEnd,
  IterationInfo,
  Interval,
} from './types.js';
export { gdIterates } from './gd.js';
export type { GdOptions } from './gd.js';
export { heavyBallIterates, polyakParameters } from './heavy-ball.js';
export type { HeavyBallParameters } from './heavy-ball.js';
export { nesterovIterates, nesterovParameters } from './nesterov.js';
export type { NesterovParameters } from './nesterov.js';
export {
  chebyshevSemiIterates,
  semiIterativeParameters,
  notebookSemiIterativeInterval,
} from './chebyshev-semi-iterative.js';
export type { SemiIterativeParameters } from './chebyshev-semi-iterative.js';
export { cgIterates } from './cg.js';
export type { CgState } from './cg.js';
export { fixedPointIterates } from './fixed-point.js';
export type { FixedPointMap, FixedPointOptions } from './fixed-point.js';
export { jacobiMap } from './jacobi.js';
export { proximalGradientMap, softThreshold } from './proximal-gradient.js';
export type { ProximalGradientOptions } from './proximal-gradient.js';
export { IntervalMonitor, lambdaForGrowth } from './interval-check.js';
export type { IntervalCheckOptions } from './interval-check.js';
export { solve, methodIterator, METHODS, DEFAULT_CHEBYSHEV_PERIOD } from './solve.js';
export type { SolveMethod, SolveOptions, SolveResult, StopReason, MethodName } from './solve.js';
export { chebyshevPeriodFor, MAX_CHEBYSHEV_PERIOD } from './chebyshev-period.js';
