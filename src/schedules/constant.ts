/**
 * Constant step schedules for gradient descent s_{t+1} = s_t - gamma (A s_t - b).
 *
 * The optimal constant step for eigenvalues in [lmin, lmax] minimises
 * max |1 - gamma lambda| over the interval: gamma* = 2 / (lmin + lmax), with
 * contraction factor (kappa - 1)/(kappa + 1) per step, kappa = lmax/lmin.
 */
import { checkInterval, checkLength } from './check.js';

export function constantSteps(T: number, gamma: number): Float64Array {
  checkLength('constantSteps', 'T', T);
  if (!Number.isFinite(gamma))
    throw new RangeError(`constantSteps: gamma must be finite; got ${gamma}`);
  return new Float64Array(T).fill(gamma);
}

/** 2 / (lmin + lmax). */
export function optimalConstantStep(lmin: number, lmax: number): number {
  checkInterval('optimalConstantStep', lmin, lmax);
  return 2 / (lmin + lmax);
}
