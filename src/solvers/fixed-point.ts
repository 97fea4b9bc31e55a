/**
 * Fixed-point iteration with over-relaxation for x = f(x)
 * (Wadayama & Takabe, "Chebyshev periodical successive over-relaxation",
 * arXiv:2010.13335, Sec. V):
 *
 *   x_{k+1} = x_k + omega_{k mod T} (f(x_k) - x_k),   k = 0, 1, 2, ...
 *
 * omega_t = 1 is the plain iteration x_{k+1} = f(x_k); a constant omega is
 * (Jacobi-type) SOR; omega_t = Chebyshev steps for the eigenvalues of
 * I - B, where B is the Jacobian of f at the fixed point, is Chebyshev
 * periodical SOR (Chebyshev-PSOR). For an affine f(x) = B x + c the error is
 * e_{k+1} = (I - omega_k (I - B)) e_k, so after one period
 * e_T = p_T(I - B) e_0 with p_T(lambda) = prod_t (1 - omega_t lambda): the
 * same polynomial as gradient descent with steps omega on a matrix with the
 * spectrum of I - B, with the same rates when that spectrum is real and
 * lies in [lmin, lmax]. Schedules come from src/schedules: constantSteps(1, omega),
 * chebyshevSteps(T, lmin, lmax) with [lmin, lmax] bounding eig(I - B).
 *
 * The map supplies its residual (Jacobi: ||b - P x|| = ||D (f(x) - x)||, at
 * no extra cost) and the norm the stop rule divides by.
 * Cost per step: one evaluation of f, two vectors (x, f(x)).
 */
import { distance } from '../linalg/vector.js';
import { checkSchedule } from '../schedules/combinators.js';
import {
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

/** A map f: R^n -> R^n whose fixed point is sought. */
export interface FixedPointMap {
  /** n */
  readonly size: number;
  /** Short name for reports, e.g. 'jacobi', 'proximal-gradient'. */
  readonly name: string;
  /** out <- f(x); x and out do not alias. Returns out. */
  apply(x: Float64Array, out: Float64Array): Float64Array;
  /** The problem's residual norm at x given fx = f(x) (default ||f(x) - x||). */
  residualNorm?(x: Float64Array, fx: Float64Array): number;
  /** The norm the stop rule measures residuals against (default: the residual at x_0). */
  readonly rhsNorm?: number;
}

export interface FixedPointOptions extends SolverOptions {
  /** The interval of eig(I - B) the relaxation schedule was built for (for solve()'s check). */
  interval?: Interval;
}

/** x_{k+1} = x_k + omega_{k mod T} (f(x_k) - x_k). */
export function fixedPointIterates(
  map: FixedPointMap,
  omegas: ArrayLike<number>,
  options: FixedPointOptions = {},
): SolverIterator {
  if (
    map == null ||
    typeof map.apply !== 'function' ||
    !Number.isInteger(map.size) ||
    map.size < 1
  ) {
    throw new TypeError(
      `fixedPointIterates: map must be a FixedPointMap { size, name, apply }; got ${String(map)}`,
    );
  }
  const omega = checkSchedule('fixedPointIterates', omegas);
  const p = prepare('fixedPointIterates', map.size, null, options);
  return withInfo(run(map, omega, p), {
    method: `fixed-point:${map.name}`,
    rhsNorm: map.rhsNorm ?? 0,
    period: omega.length,
    steps: omega,
    interval: options.interval,
  });
}

function* run(
  map: FixedPointMap,
  omega: Float64Array,
  p: Prepared,
): Generator<SolverState, IterationEnd, undefined> {
  const { n, x, xStar, maxIterations } = p;
  const T = omega.length;
  const fx = new Float64Array(n);
  for (let k = 0; ; k++) {
    map.apply(x, fx); // fx <- f(x)
    const res = map.residualNorm ? map.residualNorm(x, fx) : distance(fx, x);
    yield stateOf(k, x, res, xStar);
    if (k >= maxIterations) return { reason: 'max-iterations' };
    const w = omega[k % T];
    for (let i = 0; i < n; i++) x[i] += w * (fx[i] - x[i]); // x <- x + omega_{k mod T} (f(x) - x)
  }
}
