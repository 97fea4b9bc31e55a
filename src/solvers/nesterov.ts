/**
 * Nesterov's accelerated gradient for strongly convex quadratics
 * f(x) = 1/2 x^T A x - b^T x, A symmetric with eigenvalues in [lmin, lmax]
 * (Nesterov, "Introductory Lectures on Convex Optimization", 2004,
 * scheme (2.2.19), constant momentum):
 *
 *   mu      = (sqrt(kappa) - 1)/(sqrt(kappa) + 1),  kappa = lmax/lmin
 *   y_k     = x_k + mu (x_k - x_{k-1}),             x_{-1} = x_0
 *   x_{k+1} = y_k - (1/lmax) (A y_k - b).
 *
 * One operator application per step: with g_k = A x_k - b and d_k = x_k - x_{k-1},
 * A y_k - b = (1 + mu) g_k - mu g_{k-1} (an affine combination), so
 *
 *   d_{k+1} = mu d_k - (1/lmax) ((1 + mu) g_k - mu g_{k-1}),   x_{k+1} = x_k + d_{k+1}.
 *
 * Rate: eigencomponent lambda obeys e_{k+1} = (1 + mu) q e_k - mu q e_{k-1},
 * q = 1 - lambda/lmax in [0, 1 - 1/kappa]; its roots have modulus
 * sqrt(mu q) <= 1 - 1/sqrt(kappa) (a double root at lambda = lmin), so
 *   ||e_k|| <= (1 + (1 + r) k) r^k ||e_0||,  r = 1 - 1/sqrt(kappa)
 * (the same argument as in heavy-ball.ts, with mu q <= r^2).
 * Cost per step: one operator application, four vectors (x, d, g, g_prev).
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

export interface NesterovParameters {
  /** 1/lmax */
  step: number;
  /** (sqrt(kappa)-1)/(sqrt(kappa)+1) */
  momentum: number;
  /** 1 - 1/sqrt(kappa): the asymptotic rate per step. */
  rate: number;
}

export function nesterovParameters(interval: Interval): NesterovParameters {
  checkSolverInterval('nesterovParameters', interval);
  const s = Math.sqrt(interval.lmax / interval.lmin);
  return { step: 1 / interval.lmax, momentum: (s - 1) / (s + 1), rate: 1 - 1 / s };
}

/** Nesterov's method with constant momentum for `interval`, x_{-1} = x_0. */
export function nesterovIterates(
  op: LinearOperator,
  b: ArrayLike<number>,
  interval: Interval,
  options: SolverOptions = {},
): SolverIterator {
  const { p, info } = prepareTuned('nesterovIterates', 'nesterov', op, b, interval, options);
  const { step, momentum } = nesterovParameters(interval);
  return withInfo(run(op, step, momentum, p), info);
}

function* run(
  op: LinearOperator,
  step: number,
  mu: number,
  p: Prepared,
): Generator<SolverState, IterationEnd, undefined> {
  const { n, x, b, xStar, maxIterations } = p;
  let g = new Float64Array(n);
  let gPrev = new Float64Array(n);
  const d = new Float64Array(n); // d_0 = x_0 - x_{-1} = 0
  for (let k = 0; ; k++) {
    op.apply(x, g);
    for (let i = 0; i < n; i++) g[i] -= b[i]; // g <- A x - b
    if (k === 0) gPrev.set(g); // g_{-1} = g_0 since x_{-1} = x_0
    yield stateOf(k, x, norm2(g), xStar);
    if (k >= maxIterations) return { reason: 'max-iterations' };
    for (let i = 0; i < n; i++) {
      const gy = (1 + mu) * g[i] - mu * gPrev[i]; // A y - b = (1 + mu) g - mu g_prev
      d[i] = mu * d[i] - step * gy; // d <- mu d - (1/lmax)(A y - b)
      x[i] += d[i]; // x <- x + d  (= y - (1/lmax)(A y - b))
    }
    const t = gPrev;
    gPrev = g; // g_prev <- g
    g = t;
  }
}
