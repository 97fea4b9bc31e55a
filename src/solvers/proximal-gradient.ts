/**
 * The proximal-gradient (ISTA) map for the l1-regularised quadratic
 *
 *   min_x F(x) = 1/2 x^T A x - b^T x + l1 ||x||_1,    A symmetric positive semi-definite
 *
 * (least squares 1/2 ||D x - y||^2 + l1 ||x||_1 is A = D^T D, b = D^T y):
 *
 *   f(x) = S_{eta l1}(x - eta (A x - b)),   S_tau(v)_i = sign(v_i) max(|v_i| - tau, 0),
 *
 * whose fixed points are the minimisers of F (0 < eta <= 1/lmax(A) makes
 * plain ISTA x_{k+1} = f(x_k) converge). Over-relaxed as in fixed-point.ts:
 * x_{k+1} = x_k + omega_k (f(x_k) - x_k) (Chebyshev-PSOR applied to ISTA,
 * Wadayama & Takabe, arXiv:2010.13335, Sec. VI). Once the support S and the
 * signs of the solution are identified, f is affine on S with Jacobian
 * I - eta A_SS and zero off S, so eig(I - B) lies in [eta lmin(A_SS), eta lmax(A)]
 * (within [eta lmin(A), eta lmax(A)] for A positive definite, by interlacing);
 * with eta = 1/lmax(A) that is [1/kappa, 1], and Chebyshev factors for it give
 * the local error ||e_{k+T}|| <= ||e_k|| / C_T((kappa+1)/(kappa-1)) on S.
 *
 * Residual reported: the gradient-mapping norm ||x - f(x)|| / eta, zero
 * exactly at a minimiser and equal to ||b - A x|| when l1 = 0; stop-rule
 * norm: its value at x = 0, ||S_{l1}(b)||.
 * Cost per evaluation: one operator application.
 */
import type { LinearOperator } from '../linalg/operator.js';
import { distance } from '../linalg/vector.js';
import type { FixedPointMap } from './fixed-point.js';
import { checkOperator, checkVector } from './types.js';

export interface ProximalGradientOptions {
  /** Weight of the l1 term (>= 0). */
  l1: number;
  /** Gradient step eta (> 0; 1/lmax(A) is the usual choice). */
  eta: number;
}

/** S_tau(v) written into out (out may be v). */
export function softThreshold(v: ArrayLike<number>, tau: number, out: Float64Array): Float64Array {
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]) - tau;
    out[i] = a > 0 ? Math.sign(v[i]) * a : 0; // out <- sign(v) max(|v| - tau, 0)
  }
  return out;
}

/** The ISTA map f(x) = S_{eta l1}(x - eta (A x - b)). */
export function proximalGradientMap(
  op: LinearOperator,
  b: ArrayLike<number>,
  options: ProximalGradientOptions,
): FixedPointMap {
  checkOperator('proximalGradientMap', op);
  const n = op.size;
  const bb = checkVector('proximalGradientMap', 'b', b, n);
  const { l1, eta } = options ?? ({} as ProximalGradientOptions);
  if (!(l1 >= 0) || !Number.isFinite(l1)) {
    throw new RangeError(`proximalGradientMap: l1 must be finite and >= 0; got ${l1}`);
  }
  if (!(eta > 0) || !Number.isFinite(eta)) {
    throw new RangeError(`proximalGradientMap: eta must be finite and > 0; got ${eta}`);
  }
  const tau = eta * l1;
  const s = softThreshold(bb, l1, new Float64Array(n));
  return {
    size: n,
    name: 'proximal-gradient',
    rhsNorm: Math.sqrt(s.reduce((acc, v) => acc + v * v, 0)),
    apply(x, out) {
      op.apply(x, out); // out <- A x
      for (let i = 0; i < n; i++) out[i] = x[i] - eta * (out[i] - bb[i]); // out <- x - eta (A x - b)
      return softThreshold(out, tau, out); // out <- S_{eta l1}(out)
    },
    residualNorm(x, fx) {
      return distance(x, fx) / eta; // ||G(x)|| = ||x - f(x)|| / eta
    },
  };
}
