/**
 * Gradient descent with a periodic step schedule for A x = b (equivalently
 * min_x 1/2 x^T A x - b^T x), Takabe & Wadayama, arXiv:2001.05142, eq. (2):
 *
 *   g_k     = A x_k - b
 *   x_{k+1} = x_k - gamma_{k mod T} g_k,        k = 0, 1, 2, ...
 *
 * so that e_{k+1} = (I - gamma_{k mod T} A) e_k, and after one period
 * e_T = p_T(A) e_0 with p_T(lambda) = prod_t (1 - gamma_t lambda).
 *
 * Assumptions: none for the recurrence; for convergence A symmetric with
 * eigenvalues where max |p_T| < 1 (for Chebyshev steps, inside [lmin, lmax]).
 * Rates: constant step 2/(lmin+lmax): ||e_k|| <= ((kappa-1)/(kappa+1))^k ||e_0||;
 * Chebyshev steps: ||e_{jT}|| <= (1/C_T((kappa+1)/(kappa-1)))^j ||e_0||.
 * Cost per step: one operator application, two vectors (x, g).
 * The residual reported for x_k is ||g_k||, computed directly (not updated).
 */
import type { LinearOperator } from '../linalg/operator.js';
import { norm2 } from '../linalg/vector.js';
import { checkSchedule } from '../schedules/combinators.js';
import {
  checkOperator,
  prepare,
  stateOf,
  withInfo,
  type Interval,
  type IterationEnd,
  type Prepared,
  type SolverIterator,
  type SolverOptions,
  type SolverState,
} from './types.js';

export interface GdOptions extends SolverOptions {
  /** The interval the schedule was built for (reported to solve() for its interval check). */
  interval?: Interval;
}

/** Gradient descent x_{k+1} = x_k - gamma_{k mod T} (A x_k - b). */
export function gdIterates(
  op: LinearOperator,
  b: ArrayLike<number>,
  steps: ArrayLike<number>,
  options: GdOptions = {},
): SolverIterator {
  checkOperator('gdIterates', op);
  const gamma = checkSchedule('gdIterates', steps);
  const p = prepare('gdIterates', op.size, b, options);
  return withInfo(run(op, gamma, p), {
    method: 'gd',
    rhsNorm: norm2(p.b),
    period: gamma.length,
    steps: gamma,
    interval: options.interval,
  });
}

function* run(
  op: LinearOperator,
  gamma: Float64Array,
  p: Prepared,
): Generator<SolverState, IterationEnd, undefined> {
  const { n, x, b, xStar, maxIterations } = p;
  const T = gamma.length;
  const g = new Float64Array(n);
  for (let k = 0; ; k++) {
    op.apply(x, g);
    for (let i = 0; i < n; i++) g[i] -= b[i]; // g <- A x - b
    yield stateOf(k, x, norm2(g), xStar);
    if (k >= maxIterations) return { reason: 'max-iterations' };
    const gk = gamma[k % T];
    for (let i = 0; i < n; i++) x[i] -= gk * g[i]; // x <- x - gamma_{k mod T} g
  }
}
