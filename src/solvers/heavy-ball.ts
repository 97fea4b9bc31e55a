/**
 * Heavy-ball momentum (Polyak 1964, "Some methods of speeding up the
 * convergence of iteration methods", eq. (9)) for A x = b, A symmetric
 * positive definite with eigenvalues in [lmin, lmax]:
 *
 *   g_k     = A x_k - b
 *   d_{k+1} = beta d_k - alpha g_k,     d_0 = 0  (x_{-1} = x_0: the first step is GD)
 *   x_{k+1} = x_k + d_{k+1}             (= x_k - alpha g_k + beta (x_k - x_{k-1}))
 *
 * with Polyak's optimal parameters
 *
 *   alpha = 4 / (sqrt(lmax) + sqrt(lmin))^2,
 *   beta  = ((sqrt(lmax) - sqrt(lmin)) / (sqrt(lmax) + sqrt(lmin)))^2.
 *
 * (The paper/notebook convention beta = ((sqrt(kappa)-1)/(sqrt(kappa)+1))^2,
 * gamma = 2 (1 + beta)/(lmax + lmin) gives the same numbers.)
 *
 * Rate: each eigencomponent obeys e_{k+1} = (1 + beta - alpha lambda) e_k - beta e_{k-1},
 * whose characteristic roots have modulus sqrt(beta) for every lambda in
 * [lmin, lmax] (a double root at the ends), so with e_{-1} = e_0
 *   ||e_k|| <= (1 + (1 + sqrt(beta)) k) sqrt(beta)^k ||e_0||,
 *   sqrt(beta) = (sqrt(kappa) - 1)/(sqrt(kappa) + 1)
 * (e_k = (U_{k+1} - beta U_k) e_0 with U_m = (z1^m - z2^m)/(z1 - z2), |U_m| <= m sqrt(beta)^(m-1)).
 * Cost per step: one operator application, three vectors (x, d, g).
 */
import type { LinearOperator } from '../linalg/operator.js';
import { norm2 } from '../linalg/vector.js';
import {
  checkSolverInterval,
  prepareTuned,
  stateOf,
  withInfo,
  type Interval,
  type IterationEnd,
  type Prepared,
  type SolverIterator,
  type SolverOptions,
  type SolverState,
} from './types.js';

export interface HeavyBallParameters {
  alpha: number;
  beta: number;
  /** sqrt(beta) = (sqrt(kappa)-1)/(sqrt(kappa)+1): the asymptotic rate per step. */
  rate: number;
}

/** Polyak's optimal heavy-ball parameters for eigenvalues in [lmin, lmax]. */
export function polyakParameters(interval: Interval): HeavyBallParameters {
  checkSolverInterval('polyakParameters', interval);
  const a = Math.sqrt(interval.lmax);
  const c = Math.sqrt(interval.lmin);
  const rate = (a - c) / (a + c);
  return { alpha: 4 / ((a + c) * (a + c)), beta: rate * rate, rate };
}

/** Heavy ball with Polyak's parameters for `interval`, x_{-1} = x_0. */
export function heavyBallIterates(
  op: LinearOperator,
  b: ArrayLike<number>,
  interval: Interval,
  options: SolverOptions = {},
): SolverIterator {
  const { p, info } = prepareTuned('heavyBallIterates', 'heavy-ball', op, b, interval, options);
  const { alpha, beta } = polyakParameters(interval);
  return withInfo(run(op, alpha, beta, p), info);
}

function* run(
  op: LinearOperator,
  alpha: number,
  beta: number,
  p: Prepared,
): Generator<SolverState, IterationEnd, undefined> {
  const { n, x, b, xStar, maxIterations } = p;
  const g = new Float64Array(n);
  const d = new Float64Array(n); // d_0 = x_0 - x_{-1} = 0
  for (let k = 0; ; k++) {
    op.apply(x, g);
    for (let i = 0; i < n; i++) g[i] -= b[i]; // g <- A x - b
    yield stateOf(k, x, norm2(g), xStar);
    if (k >= maxIterations) return { reason: 'max-iterations' };
    for (let i = 0; i < n; i++) {
      d[i] = beta * d[i] - alpha * g[i]; // d <- beta d - alpha g
      x[i] += d[i]; // x <- x + d
    }
  }
}
