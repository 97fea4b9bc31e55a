/**
 * Conjugate gradient (Hestenes & Stiefel 1952; Saad, "Iterative Methods for
 * Sparse Linear Systems", Algorithm 6.18) for A x = b, A symmetric positive
 * definite:
 *
 *   r_0 = b - A x_0,  p_0 = r_0
 *   alpha_k = (r_k . r_k) / (p_k . A p_k)
 *   x_{k+1} = x_k + alpha_k p_k
 *   r_{k+1} = r_k - alpha_k A p_k
 *   beta_k  = (r_{k+1} . r_{k+1}) / (r_k . r_k)
 *   p_{k+1} = r_{k+1} + beta_k p_k
 *
 * Properties: the directions are A-orthogonal (p_i . A p_j = 0, i != j) and
 * x_k minimises ||x - x*||_A over x_0 + K_k(A, r_0), so
 *   ||e_k||_A <= 2 ((sqrt(kappa) - 1)/(sqrt(kappa) + 1))^k ||e_0||_A.
 * In floating point the directions lose global A-orthogonality as the
 * iteration converges (local orthogonality of consecutive directions stays).
 *
 * Breakdown: p_k . A p_k <= 0 (A not positive definite, or A p_k = 0);
 * the generator then ends with { reason: 'breakdown' } instead of dividing.
 * The reported residual ||r_k|| is the updated one (not recomputed).
 * Cost per step: one operator application, four vectors (x, r, p, A p).
 */
import type { LinearOperator } from '../linalg/operator.js';
import { dot, norm2 } from '../linalg/vector.js';
import {
  checkOperator,
  prepare,
  stateOf,
  withInfo,
  type IterationEnd,
  type Prepared,
  type SolverIterator,
  type SolverOptions,
  type SolverState,
} from './types.js';

/** A CG state also shows the search direction p_k used from x_k (live view). */
export interface CgState extends SolverState {
  readonly direction: Float64Array;
}

/** Conjugate gradient; op must be symmetric (op.symmetric === true). */
export function cgIterates(
  op: LinearOperator,
  b: ArrayLike<number>,
  options: SolverOptions = {},
): SolverIterator<CgState> {
  checkOperator('cgIterates', op);
  if (op.symmetric !== true) {
    throw new RangeError(
      `cgIterates: op must be symmetric (op.symmetric === true); got ${op.symmetric}`,
    );
  }
  const p = prepare('cgIterates', op.size, b, options);
  return withInfo(run(op, p), {
    method: 'cg',
    rhsNorm: norm2(p.b),
  });
}

function* run(op: LinearOperator, prep: Prepared): Generator<CgState, IterationEnd, undefined> {
  const { n, x, b, xStar, maxIterations } = prep;
  const r = new Float64Array(n);
  const p = new Float64Array(n);
  const q = new Float64Array(n);
  op.apply(x, r);
  for (let i = 0; i < n; i++) r[i] = b[i] - r[i]; // r <- b - A x
  p.set(r); // p <- r
  let rr = dot(r, r);
  for (let k = 0; ; k++) {
    yield { ...stateOf(k, x, norm2(r), xStar), direction: p };
    if (k >= maxIterations) return { reason: 'max-iterations' };
    if (rr === 0) return { reason: 'converged', detail: 'the residual is exactly zero' };
    op.apply(p, q); // q <- A p
    const pAp = dot(p, q);
    if (pAp <= 0) {
      // (a NaN p^T A p falls through: the next state is non-finite, which solve() reports)
      return {
        reason: 'breakdown',
        detail: `p^T A p = ${pAp} <= 0 at iteration ${k}: A is not positive definite on the Krylov space`,
      };
    }
    const alpha = rr / pAp;
    for (let i = 0; i < n; i++) {
      x[i] += alpha * p[i]; // x <- x + alpha p
      r[i] -= alpha * q[i]; // r <- r - alpha A p
    }
    const rrNew = dot(r, r);
    const beta = rrNew / rr;
    for (let i = 0; i < n; i++) p[i] = r[i] + beta * p[i]; // p <- r + beta p
    rr = rrNew;
  }
}
