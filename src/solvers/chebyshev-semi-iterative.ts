/**
 * The Chebyshev semi-iterative method for A x = b, A symmetric with
 * eigenvalues in [lmin, lmax], lmin > 0 (Golub & Varga 1961; the three-term
 * form of Saad, "Iterative Methods for Sparse Linear Systems", 2nd ed.,
 * Algorithm 12.1). With
 *
 *   theta = (lmax + lmin)/2,  delta = (lmax - lmin)/2,  sigma = theta/delta,
 *   g_k   = A x_k - b:
 *
 *   x_1     = x_0 - g_0/theta
 *   rho_0   = 1/sigma,   rho_k = 1/(2 sigma - rho_{k-1})
 *   x_{k+1} = x_k + rho_k (rho_{k-1} (x_k - x_{k-1}) - (2/delta) g_k)
 *
 * and its error is, at every step, the scaled Chebyshev polynomial
 *
 *   e_k = C_k((theta I - A)/delta) e_0 / C_k(sigma),
 *
 * the polynomial with p(0) = 1 of least maximum on [lmin, lmax], so
 * ||e_k|| <= ||e_0|| / C_k((kappa+1)/(kappa-1)). After k = T steps it equals
 * GD with the T Chebyshev steps (any order): the same polynomial.
 *
 * Equivalent omega form (momentum_semi_iterative.json):
 *   x_{k+1} = x_{k-1} + omega_{k+1} (x_k - g_k/theta - x_{k-1}),
 *   omega_1 = 1, omega_{k+1} = 2 sigma rho_k (k >= 1).
 *
 * Implementation: d_k = x_k - x_{k-1} and c_k = 2 rho_k/delta written as
 * rho_k = delta/(2 theta - delta rho_{k-1}), c_k = 2/(2 theta - delta rho_{k-1}),
 * which avoids dividing by delta (lmin = lmax gives x_{k+1} = x_k - g_k/theta).
 *   d_1 = -g_0/theta;  d_{k+1} = rho_k rho_{k-1} d_k - c_k g_k;  x_{k+1} = x_k + d_{k+1}.
 * Cost per step: one operator application, three vectors (x, d, g).
 *
 * The authors' CHGD notebook uses the omega form with 1/theta replaced by
 * 1/lmax and r = 1/sigma by 1 - 1/kappa: that is exactly this method tuned
 * to the interval [lmin, 2 lmax - lmin] (theta' = lmax, delta' = lmax - lmin);
 * see notebookSemiIterativeInterval.
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

export interface SemiIterativeParameters {
  theta: number;
  delta: number;
  /** theta/delta (Infinity when lmin = lmax). */
  sigma: number;
  /** rho_k, k = 0..K-1. */
  rho: Float64Array;
  /** omega[j] = omega_{j+1}, j = 0..K-1 (the omega form's factors). */
  omega: Float64Array;
}

/** theta, delta, sigma and the first K values of rho_k and omega_{k+1}. */
export function semiIterativeParameters(interval: Interval, K: number): SemiIterativeParameters {
  checkSolverInterval('semiIterativeParameters', interval);
  if (!Number.isInteger(K) || K < 0) {
    throw new RangeError(`semiIterativeParameters: K must be a non-negative integer; got ${K}`);
  }
  const theta = (interval.lmax + interval.lmin) / 2;
  const delta = (interval.lmax - interval.lmin) / 2;
  const rho = new Float64Array(K);
  const omega = new Float64Array(K);
  let r = delta / theta; // rho_0 = 1/sigma
  for (let k = 0; k < K; k++) {
    if (k > 0) {
      omega[k] = (2 * theta) / (2 * theta - delta * r); // omega_{k+1} = 2 sigma rho_k
      r = delta / (2 * theta - delta * r); // rho_k = 1/(2 sigma - rho_{k-1})
    } else {
      omega[0] = 1;
    }
    rho[k] = r;
  }
  return { theta, delta, sigma: theta / delta, rho, omega };
}

/**
 * The interval [lmin, 2 lmax - lmin] whose textbook semi-iteration is the
 * authors' notebook variant (step 1/lmax, r = 1 - 1/kappa): correct but
 * slower, because it is tuned to an interval almost twice too long.
 */
export function notebookSemiIterativeInterval(interval: Interval): Interval {
  checkSolverInterval('notebookSemiIterativeInterval', interval);
  return { lmin: interval.lmin, lmax: 2 * interval.lmax - interval.lmin };
}

/** The Chebyshev semi-iterative method tuned to `interval`. */
export function chebyshevSemiIterates(
  op: LinearOperator,
  b: ArrayLike<number>,
  interval: Interval,
  options: SolverOptions = {},
): SolverIterator {
  const { p, info } = prepareTuned(
    'chebyshevSemiIterates',
    'chebyshev-semi-iterative',
    op,
    b,
    interval,
    options,
  );
  return withInfo(run(op, interval, p), info);
}

function* run(
  op: LinearOperator,
  interval: Interval,
  p: Prepared,
): Generator<SolverState, IterationEnd, undefined> {
  const { n, x, b, xStar, maxIterations } = p;
  const theta = (interval.lmax + interval.lmin) / 2;
  const delta = (interval.lmax - interval.lmin) / 2;
  const g = new Float64Array(n);
  const d = new Float64Array(n);
  let rhoPrev = delta / theta; // rho_0
  for (let k = 0; ; k++) {
    op.apply(x, g);
    for (let i = 0; i < n; i++) g[i] -= b[i]; // g <- A x - b
    yield stateOf(k, x, norm2(g), xStar);
    if (k >= maxIterations) return { reason: 'max-iterations' };
    if (k === 0) {
      const c0 = 1 / theta;
      for (let i = 0; i < n; i++) {
        d[i] = -c0 * g[i]; // d <- -g/theta
        x[i] += d[i]; // x <- x + d
      }
      continue;
    }
    const den = 2 * theta - delta * rhoPrev;
    const rho = delta / den; // rho_k = 1/(2 sigma - rho_{k-1})
    const c = 2 / den; // c_k = 2 rho_k/delta
    const m = rho * rhoPrev;
    for (let i = 0; i < n; i++) {
      d[i] = m * d[i] - c * g[i]; // d <- rho_k rho_{k-1} d - (2 rho_k/delta) g
      x[i] += d[i]; // x <- x + d
    }
    rhoPrev = rho;
  }
}
