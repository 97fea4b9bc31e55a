/**
 * The Jacobi map for P x = b, P with a non-zero diagonal D:
 *
 *   f(x) = D^{-1} (b - (P - D) x) = x + D^{-1} (b - P x),
 *
 * an affine map with iteration matrix B = I - D^{-1} P. Plain Jacobi is
 * x_{k+1} = f(x_k); over-relaxed, x_{k+1} = x_k + omega_k (f(x_k) - x_k)
 * = x_k + omega_k D^{-1} (b - P x_k) (fixed-point.ts). For P symmetric
 * positive definite, eig(I - B) = eig(D^{-1} P) = eig(D^{-1/2} P D^{-1/2}) are
 * real and positive; Chebyshev relaxation factors for an interval
 * [lmin, lmax] containing them give Chebyshev-PSOR (Wadayama & Takabe,
 * arXiv:2010.13335), with ||.||-rates of GD with Chebyshev steps in the
 * D^{1/2}-weighted norm.
 *
 * Residual reported: ||b - P x|| = ||D (f(x) - x)|| (no extra product);
 * stop-rule norm: ||b||.
 * Cost per evaluation: one operator application.
 */
import type { LinearOperator } from '../linalg/operator.js';
import { hasDiagonal } from '../linalg/operator.js';
import { norm2 } from '../linalg/vector.js';
import type { FixedPointMap } from './fixed-point.js';
import { checkOperator, checkVector } from './types.js';

/**
 * The Jacobi map of P x = b. The diagonal comes from `diagonal`, or from
 * op.diagonal() when the operator has one.
 */
export function jacobiMap(
  op: LinearOperator,
  b: ArrayLike<number>,
  diagonal?: ArrayLike<number>,
): FixedPointMap {
  checkOperator('jacobiMap', op);
  const n = op.size;
  const bb = checkVector('jacobiMap', 'b', b, n);
  let d: Float64Array;
  if (diagonal !== undefined) d = checkVector('jacobiMap', 'diagonal', diagonal, n);
  else if (hasDiagonal(op)) d = Float64Array.from(op.diagonal());
  else {
    throw new TypeError(
      'jacobiMap: op has no diagonal(); pass the diagonal of P as the third argument',
    );
  }
  for (let i = 0; i < n; i++) {
    if (d[i] === 0 || !Number.isFinite(d[i])) {
      throw new RangeError(
        `jacobiMap: the diagonal of P must be finite and non-zero; got d[${i}] = ${d[i]}`,
      );
    }
  }
  return {
    size: n,
    name: 'jacobi',
    rhsNorm: norm2(bb),
    apply(x, out) {
      op.apply(x, out); // out <- P x
      for (let i = 0; i < n; i++) out[i] = x[i] + (bb[i] - out[i]) / d[i]; // out <- x + D^{-1} (b - P x)
      return out;
    },
    residualNorm(x, fx) {
      let s = 0;
      for (let i = 0; i < n; i++) {
        const r = d[i] * (fx[i] - x[i]); // r = D (f(x) - x) = b - P x
        s += r * r;
      }
      return Math.sqrt(s);
    },
  };
}
