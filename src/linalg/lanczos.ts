/**
 * Lanczos tridiagonalisation of a symmetric operator A (n x n), for its
 * extreme eigenvalues and for Gauss quadrature (stochastic Lanczos quadrature).
 *
 *   q_1 = v / ||v||,  beta_1 q_0 = 0
 *   for j = 1..k:
 *     w = A q_j - beta_j q_{j-1}                 (Paige's ordering)
 *     alpha_j = q_j . w
 *     w = w - alpha_j q_j
 *     [full: h = Q_j^T w, w = w - Q_j h; repeated once when ||w|| dropped
 *      below ||w_before|| / sqrt(2) (Daniel, Gragg, Kaufman & Stewart 1976)]
 *     beta_{j+1} = ||w||,  q_{j+1} = w / beta_{j+1}
 *   T_k = tridiag(beta_{2..k}, alpha_{1..k}, beta_{2..k}) = Q_k^T A Q_k
 *
 * Ritz values theta_i = eigenvalues of T_k (T_k s_i = theta_i s_i) lie in
 * [lambda_min(A), lambda_max(A)] and the extreme ones converge first. For the
 * Ritz vector y_i = Q_k s_i,  ||A y_i - theta_i y_i|| = |beta_{k+1} s_{k,i}|,
 * so (symmetric A) some eigenvalue lies within |beta_{k+1} s_{k,i}| of
 * theta_i: a certified bound, exact up to rounding and to the loss of
 * orthogonality of Q (removed by full re-orthogonalisation).
 *
 * Breakdown: beta_{j+1} <= BREAKDOWN_TOL * ||T_j|| (100 eps, the rounding
 * level) means span(q_1..q_j) is invariant (A = I breaks down at j = 1; a
 * matrix with d distinct eigenvalues at j <= d). The Ritz values are then
 * eigenvalues of A, and with a random start almost surely the extreme ones;
 * their bounds |beta_{j+1} s_{j,i}| stay reported. The threshold is relative
 * to ||A||, not to lmin: a larger one (say 1e-12) would stop early on
 * kappa ~ 1e12 problems (pores_1's D^T D) with lmin off by the bound. A
 * breakdown missed because rounding kept beta above it is harmless with
 * full re-orthogonalisation: the next q is orthogonal to the basis.
 *
 * Stopping: the extreme Ritz pairs satisfy
 *   |beta_{k+1} s_{k,i}| <= max(tol |theta_i|, 100 eps max_i |theta_i|).
 *
 * Cost per step: one application of A, 8 n flops of vector work, and with
 * full re-orthogonalisation 4 j n flops (8 j n when repeated) and j stored
 * vectors: about 2 k^2 n flops and k n doubles in all, which dominates the
 * k sparse products for large n. 'auto' therefore re-orthogonalises only
 * while k n <= maxBasisEntries (default 2^21: 16 MiB, about 1 s at k = 300),
 * and otherwise runs the plain three-term recurrence, whose extreme Ritz
 * values stay valid though duplicated "ghost" copies appear (Paige 1976);
 * the result reports which was used.
 * The start vector has i.i.d. N(0, 1) entries from a seeded generator (never
 * all-ones: for structured matrices that vector is often orthogonal to
 * eigenvectors, e.g. half of the 1-D Poisson modes).
 *
 * The k x k tridiagonal eigenproblem is solved by implicit QL
 * (tridiagonal.ts), keeping the first and last rows of S.
 * References: Lanczos 1950; Paige 1971/1976; Golub & Van Loan, Matrix
 * Computations, 4th ed., sections 10.1-10.3; Parlett, The Symmetric
 * Eigenvalue Problem, ch. 13.
 */
import type { LinearOperator } from './operator.js';
import {
  checkSafetyMargin,
  DEFAULT_SAFETY_MARGIN,
  unitStartVector,
  withSafeInterval,
  type RandomSource,
  type SpectrumEstimate,
} from './estimate.js';
import { tridiagonalEigen } from './tridiagonal.js';
import type { Vector } from './vector.js';

/** beta_{j+1} / ||T_j|| at or below this (100 eps) is a breakdown (invariant subspace). */
export const BREAKDOWN_TOL = 100 * 2 ** -52;
/** 'auto' re-orthogonalises while k n <= this (2^21 doubles = 16 MiB). */
export const DEFAULT_MAX_BASIS_ENTRIES = 2 ** 21;
const EPS = 2 ** -52;

export type Reorthogonalization = 'full' | 'none';

export interface LanczosOptions {
  /** Seeded generator for the start vector (e.g. new Rng(seed, stream)). */
  rng?: RandomSource;
  /** Start vector (used instead of rng; need not be normalised). */
  start?: Vector;
  /** Maximum number of steps k (default min(n, 300)). */
  maxSteps?: number;
  /** Relative residual tolerance of the extreme Ritz pairs (default 1e-8). */
  tol?: number;
  /** 'full', 'none', or 'auto' (default): full while maxSteps * n <= maxBasisEntries. */
  reorthogonalize?: Reorthogonalization | 'auto';
  /** Largest stored basis (k n doubles) for which 'auto' re-orthogonalises (default 2^21). */
  maxBasisEntries?: number;
  /** Stop once the extreme Ritz values have converged (default true; SLQ runs all steps). */
  stopWhenConverged?: boolean;
}

export interface LanczosResult {
  /** Ritz values theta_i, ascending. */
  ritzValues: Float64Array;
  /** |beta_{k+1} s_{k,i}|: an eigenvalue of A lies within this of theta_i. */
  residualBounds: Float64Array;
  /** s_{1,i}: first components of the unit eigenvectors of T_k (quadrature weights are their squares). */
  firstComponents: Float64Array;
  /** alpha_1..alpha_k and beta_2..beta_{k+1} (beta has k entries; the last is the residual norm). */
  alpha: Float64Array;
  beta: Float64Array;
  /** k, the number of steps (operator applications). */
  steps: number;
  breakdown: boolean;
  converged: boolean;
  reorthogonalization: Reorthogonalization;
}

function checkLanczosOptions(where: string, n: number, o: LanczosOptions) {
  const maxSteps = o.maxSteps ?? Math.min(n, 300);
  if (!Number.isInteger(maxSteps) || maxSteps < 1) {
    throw new RangeError(`${where}: maxSteps must be a positive integer; got ${maxSteps}`);
  }
  const tol = o.tol ?? 1e-8;
  if (!(tol > 0) || !Number.isFinite(tol)) {
    throw new RangeError(`${where}: tol must be positive and finite; got ${tol}`);
  }
  const budget = o.maxBasisEntries ?? DEFAULT_MAX_BASIS_ENTRIES;
  if (!(budget >= 0)) throw new RangeError(`${where}: maxBasisEntries must be >= 0; got ${budget}`);
  const mode = o.reorthogonalize ?? 'auto';
  if (mode !== 'auto' && mode !== 'full' && mode !== 'none') {
    throw new RangeError(
      `${where}: reorthogonalize must be 'full', 'none' or 'auto'; got ${String(mode)}`,
    );
  }
  const steps = Math.min(maxSteps, n);
  const reorth: Reorthogonalization =
    mode === 'auto' ? (steps * n <= budget ? 'full' : 'none') : mode;
  const start = unitStartVector(where, n, o.start, o.rng); // q_1 = v / ||v||
  return { steps, tol, reorth, start, stopWhenConverged: o.stopWhenConverged ?? true };
}

export function checkSymmetricOperator(where: string, op: LinearOperator): void {
  if (typeof op !== 'object' || op === null || typeof op.apply !== 'function') {
    throw new TypeError(`${where}: op must be a LinearOperator (with apply(x, out))`);
  }
  if (!Number.isInteger(op.size) || op.size < 1) {
    throw new RangeError(`${where}: op.size must be a positive integer; got ${op.size}`);
  }
  if (op.symmetric !== true) {
    throw new RangeError(
      `${where}: the operator must be symmetric (op.symmetric is ${String(op.symmetric)}); ` +
        'for a non-symmetric or rectangular D use the least-squares form D^T D (normalEquationsOperator)',
    );
  }
}

/** k steps of Lanczos (fewer on breakdown or convergence). */
export function lanczos(op: LinearOperator, options: LanczosOptions = {}): LanczosResult {
  checkSymmetricOperator('lanczos', op);
  const n = op.size;
  const {
    steps: kMax,
    tol,
    reorth,
    start,
    stopWhenConverged,
  } = checkLanczosOptions('lanczos', n, options);
  const alpha = new Float64Array(kMax);
  const beta = new Float64Array(kMax); // beta[j] = beta_{j+2} in the header's 1-based symbols
  const basis: Float64Array[] = [];
  const hBuf = new Float64Array(reorth === 'full' ? kMax : 0);
  let q: Vector = start;
  let qPrev: Vector = new Float64Array(n);
  const w: Vector = new Float64Array(n);
  let anorm = 0;
  let k = 0;
  let breakdown = false;
  let converged = false;
  let nextCheck = 1;
  for (let j = 0; j < kMax; j++) {
    if (reorth === 'full') basis.push(q);
    op.apply(q, w); // w = A q_j
    const bPrev = j > 0 ? beta[j - 1] : 0;
    let a = 0;
    for (let i = 0; i < n; i++) {
      w[i] -= bPrev * qPrev[i]; // w = A q_j - beta_j q_{j-1}
      a += q[i] * w[i]; // alpha_j = q_j . w
    }
    let ss = 0;
    for (let i = 0; i < n; i++) {
      w[i] -= a * q[i]; // w = w - alpha_j q_j
      ss += w[i] * w[i];
    }
    if (reorth === 'full') {
      const h = hBuf.subarray(0, j + 1);
      for (let pass = 0; pass < 2; pass++) {
        const before = ss;
        for (let m = 0; m <= j; m++) {
          const qm = basis[m];
          let t = 0;
          for (let i = 0; i < n; i++) t += qm[i] * w[i];
          h[m] = t; // h = Q_j^T w
        }
        for (let m = 0; m <= j; m++) {
          const qm = basis[m];
          const hm = h[m];
          for (let i = 0; i < n; i++) w[i] -= hm * qm[i]; // w = w - Q_j h
        }
        a += h[j]; // keep T_j = Q_j^T A Q_j consistent
        ss = 0;
        for (let i = 0; i < n; i++) ss += w[i] * w[i];
        if (ss > 0.5 * before) break; // ||w|| kept > 1/sqrt(2) of itself: one pass suffices
      }
    }
    const b = Math.sqrt(ss);
    alpha[j] = a;
    beta[j] = b;
    k = j + 1;
    anorm = Math.max(anorm, Math.abs(a) + b + bPrev);
    if (!Number.isFinite(b) || !Number.isFinite(a)) {
      throw new RangeError(
        `lanczos: non-finite value at step ${k} (alpha = ${a}, beta = ${b}); check the operator`,
      );
    }
    if (b <= BREAKDOWN_TOL * anorm) {
      breakdown = true;
      break;
    }
    if (stopWhenConverged && k >= nextCheck) {
      nextCheck = k + Math.max(1, Math.floor(k / 20));
      if (extremesConverged(alpha, beta, k, tol)) {
        converged = true;
        break;
      }
    }
    if (k === kMax) break;
    // rotate buffers: q_{j+1} = w / beta_{j+1}
    const next = reorth === 'full' ? new Float64Array(n) : qPrev;
    const inv = 1 / b;
    for (let i = 0; i < n; i++) next[i] = w[i] * inv; // q_{j+1} = w / beta_{j+1}
    qPrev = q;
    q = next;
  }
  const t = tridiagonalEigen(alpha.subarray(0, k), beta.subarray(0, k - 1));
  const bLast = beta[k - 1];
  const residualBounds = Float64Array.from(t.last, (s) => Math.abs(bLast * s));
  if (!converged) converged = breakdown || boundsMet(t.values, residualBounds, tol);
  return {
    ritzValues: t.values,
    residualBounds,
    firstComponents: t.first,
    alpha: alpha.slice(0, k),
    beta: beta.slice(0, k),
    steps: k,
    breakdown,
    converged,
    reorthogonalization: reorth,
  };
}

function boundsMet(theta: Float64Array, bounds: Float64Array, tol: number): boolean {
  const k = theta.length;
  const scale = Math.max(Math.abs(theta[0]), Math.abs(theta[k - 1]));
  const floor = 100 * EPS * scale;
  return (
    bounds[0] <= Math.max(tol * Math.abs(theta[0]), floor) &&
    bounds[k - 1] <= Math.max(tol * Math.abs(theta[k - 1]), floor)
  );
}

function extremesConverged(
  alpha: Float64Array,
  beta: Float64Array,
  k: number,
  tol: number,
): boolean {
  const t = tridiagonalEigen(alpha.subarray(0, k), beta.subarray(0, k - 1));
  const bLast = beta[k - 1];
  return boundsMet(
    t.values,
    Float64Array.from(t.last, (s) => Math.abs(bLast * s)),
    tol,
  );
}

export interface LanczosExtremesOptions extends LanczosOptions {
  /** Relative margin on lmax for the safe interval (default 0.1, PETSc's factor 1.1). */
  safetyMargin?: number;
}

/**
 * Extreme eigenvalues by Lanczos, with certified bounds and a safe interval.
 * lminBound / lmaxBound = |beta_{k+1} s_{k,i}| + k eps max|theta| (the
 * residual bound plus the rounding of the k-step process: on pores_1's
 * D^T D, kappa 3e12, the residual bound is 1e-34 after breakdown while the
 * computed lmin is off by 0.08 = 0.35 eps lmax).
 */
export function lanczosExtremes(
  op: LinearOperator,
  options: LanczosExtremesOptions = {},
): SpectrumEstimate {
  const margin = checkSafetyMargin(
    'lanczosExtremes',
    options.safetyMargin ?? DEFAULT_SAFETY_MARGIN,
  );
  const r = lanczos(op, options);
  const k = r.steps;
  const notes = [`${k} Lanczos steps, re-orthogonalisation ${r.reorthogonalization}`];
  // T_k = Q^T A Q holds only up to rounding, O(k eps ||A||): added to the residual bounds
  const rounding = k * EPS * Math.max(Math.abs(r.ritzValues[0]), Math.abs(r.ritzValues[k - 1]));
  if (r.breakdown) notes.push('breakdown: invariant subspace found, Ritz values are eigenvalues');
  return withSafeInterval(
    {
      n: op.size,
      lmin: r.ritzValues[0],
      lmax: r.ritzValues[k - 1],
      lminBound: r.residualBounds[0] + rounding,
      lmaxBound: r.residualBounds[k - 1] + rounding,
      boundKind: 'certified',
      method: 'lanczos',
      iterations: k,
      converged: r.converged,
      breakdown: r.breakdown,
      notes,
    },
    margin,
  );
}
