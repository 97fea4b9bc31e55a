/**
 * Figure `ordering`: the same T Chebyshev steps in increasing, decreasing
 * and stable order (schedules/chebyshev.ts) on a rotated, non-diagonal
 * problem in float64 (Takabe & Wadayama, arXiv:2010.13335, Sec. on the order
 * of the steps; Lebedev & Finogenov 1971; Agarwal, Goel & Zhang,
 * arXiv:2103.01338):
 *
 *   A = Q diag(lambda) Q^T,  lambda_i = 1 + (kappa - 1) i/(n - 1), i = 0..n-1,
 *   Q = H_1 H_2 ... H_n,     H_j = I - 2 v_j v_j^T, v_j = u_j/||u_j||, u_j ~ N(0, I_n),
 *   x* ~ N(0, I_n),  b = A x*,  s_0 = 0,
 *   s_{t+1} = s_t - gamma_t (A s_t - b)     (solvers/gd.ts, dense products in float64).
 *
 * In exact arithmetic e_T = p_T(A) e_0 for every order, so the final error
 * ||s_T - x*|| is the same "exact value"
 *
 *   E_T = sqrt( sum_i (p_T(lambda_i) z_i)^2 ),  z = Q^T x*,
 *
 * computed here in the eigenbasis (a product of T scalar factors per node,
 * no cancellation). Rounding errors of size eps ||.|| made at step t are
 * multiplied by the remaining factors prod_{s>t} (I - gamma_s A): a monotone
 * order has huge suffix (increasing) or prefix (decreasing) polynomials on
 * [lmin, lmax] and ends orders of magnitude away from E_T; the stable order
 * keeps both bounded and reaches E_T to a small relative error. The norms
 * max_lambda |P_t| (prefix) and |Q_t| (suffix) over [lmin, lmax] come from
 * analysis/ordering.ts (prefixSuffixNorms, on a grid of `gridPoints`).
 *
 * A = (Q diag(sqrt lambda)) (Q diag(sqrt lambda))^T is formed as a Gram
 * product, so it is exactly symmetric. Cost O(n^3) for Q and A, then
 * 3 T dense products.
 */
import {
  denseMatrix,
  denseOperator,
  gram,
  matTVec,
  norm2,
  type DenseMatrix,
} from '../../linalg/index.js';
import { prefixSuffixNorms } from '../../analysis/index.js';
import { Rng } from '../../random/index.js';
import { chebyshevSteps, type StepOrder } from '../../schedules/index.js';
import { gdIterates } from '../../solvers/index.js';
import type { FigureTable, KeyNumber } from './types.js';
import { tableFromColumns } from './types.js';

export interface OrderingOptions {
  n: number;
  kappa: number;
  T: number;
  seed: number;
  /** grid of [lmin, lmax] for the prefix/suffix norms */
  gridPoints: number;
}

export const ORDERING_DEFAULTS: Omit<OrderingOptions, 'seed'> = {
  n: 200,
  kappa: 100,
  T: 64,
  gridPoints: 2001,
};

export const ORDERS = [
  'increasing',
  'decreasing',
  'stable',
] as const satisfies readonly StepOrder[];
export type OrderingName = (typeof ORDERS)[number];

/** Random streams of the ordering problem (one seed). */
export const ORDERING_STREAMS = { rotation: 10, solution: 11 } as const;

/** Q = H_1 ... H_n: a product of n Householder reflections with Gaussian directions. */
export function randomOrthogonal(n: number, rng: Rng): DenseMatrix {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`randomOrthogonal: n must be a positive integer; got ${n}`);
  }
  const Q = denseMatrix(n, n);
  for (let i = 0; i < n; i++) Q.data[i * n + i] = 1;
  const v = new Float64Array(n);
  const w = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    rng.fillNormal(v);
    const norm = norm2(v);
    for (let i = 0; i < n; i++) v[i] /= norm; // v = u / ||u||
    matTVec(Q, v, w); // w = Q^T v
    for (let i = 0; i < n; i++) {
      const vi = 2 * v[i];
      const o = i * n;
      for (let c = 0; c < n; c++) Q.data[o + c] -= vi * w[c]; // Q <- (I - 2 v v^T) Q
    }
  }
  return Q;
}

/** A = Q diag(lambda) Q^T, exactly symmetric (Gram product of Q diag(sqrt lambda)). */
export function rotatedMatrix(Q: DenseMatrix, eigenvalues: ArrayLike<number>): DenseMatrix {
  const n = Q.rows;
  const B = denseMatrix(n, n, Float64Array.from(Q.data));
  for (let c = 0; c < n; c++) {
    const s = Math.sqrt(eigenvalues[c]);
    for (let i = 0; i < n; i++) B.data[i * n + c] *= s; // column c of Q times sqrt(lambda_c)
  }
  return gram(B);
}

export interface OrderRun {
  order: OrderingName;
  steps: Float64Array;
  /** ||s_t - x*|| / ||x*||, t = 0..T, float64 dense iteration */
  error: Float64Array;
  /** the same in exact arithmetic (eigenbasis), t = 0..T */
  exact: Float64Array;
  /** |error_T - exact_T| / exact_T */
  finalDeviation: number;
  /** max over [lmin, lmax] of |P_t| = |prod_{s<t} (1 - gamma_s lambda)|, t = 0..T */
  prefix: Float64Array;
  /** max over [lmin, lmax] of |Q_t| = |prod_{s>=t} (1 - gamma_s lambda)|, t = 0..T */
  suffix: Float64Array;
  maxPrefix: number;
  maxSuffix: number;
}

export interface OrderingData {
  options: OrderingOptions;
  eigenvalues: Float64Array;
  runs: OrderRun[];
  /** columns t, error_<order>, exact_<order> for each order */
  table: FigureTable;
  keyNumbers: KeyNumber[];
}

export function orderingData(options: OrderingOptions): OrderingData {
  const { n, kappa, T, seed } = options;
  if (!(kappa > 1) || !Number.isFinite(kappa)) {
    throw new RangeError(`orderingData: kappa must be finite and > 1; got ${kappa}`);
  }
  if (!Number.isInteger(n) || n < 2) {
    throw new RangeError(`orderingData: n must be an integer >= 2; got ${n}`);
  }
  const lambda = Float64Array.from({ length: n }, (_, i) => 1 + ((kappa - 1) * i) / (n - 1));
  lambda[n - 1] = kappa;
  const Q = randomOrthogonal(n, new Rng(seed, ORDERING_STREAMS.rotation));
  const op = denseOperator(rotatedMatrix(Q, lambda), true);
  const xStar = new Rng(seed, ORDERING_STREAMS.solution).fillNormal(new Float64Array(n));
  const b = op.apply(xStar, new Float64Array(n)); // b = A x*
  const xNorm = norm2(xStar);
  const z = matTVec(Q, xStar); // z = Q^T x*: x* in the eigenbasis
  const runs: OrderRun[] = ORDERS.map((order) => {
    const steps = chebyshevSteps(T, 1, kappa, { order });
    const error = new Float64Array(T + 1);
    for (const s of gdIterates(op, b, steps, { xStar, maxIterations: T })) {
      error[s.k] = (s.errorNorm as number) / xNorm;
    }
    const exact = new Float64Array(T + 1);
    const p = new Float64Array(n).fill(1);
    for (let t = 0; t <= T; t++) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += (p[i] * z[i]) ** 2; // ||p_t(A) e_0||^2 in the eigenbasis
      exact[t] = Math.sqrt(sum) / xNorm;
      if (t < T) for (let i = 0; i < n; i++) p[i] *= 1 - steps[t] * lambda[i]; // p_{t+1} = (1 - gamma_t lambda) p_t
    }
    const finalDeviation = Math.abs(error[T] - exact[T]) / exact[T];
    const norms = prefixSuffixNorms(steps, 1, kappa, options.gridPoints);
    return {
      order,
      steps,
      error,
      exact,
      finalDeviation,
      prefix: norms.prefix,
      suffix: norms.suffix,
      maxPrefix: norms.maxPrefix,
      maxSuffix: norms.maxSuffix,
    };
  });
  const cols: Record<string, ArrayLike<number>> = {
    t: Array.from({ length: T + 1 }, (_, t) => t),
  };
  for (const r of runs) cols[`error_${r.order}`] = r.error;
  for (const r of runs) cols[`exact_${r.order}`] = r.exact;
  for (const r of runs) cols[`prefix_norm_${r.order}`] = r.prefix;
  for (const r of runs) cols[`suffix_norm_${r.order}`] = r.suffix;
  const keyNumbers: KeyNumber[] = runs.flatMap((r) => [
    {
      key: `ordering_final_error_${r.order}`,
      label: `${r.order} order: relative error ||s_T - x*||/||x*|| after T = ${T} steps (float64)`,
      value: r.error[T],
      note: `exact arithmetic: ${r.exact[T].toExponential(3)}`,
    },
    {
      key: `ordering_final_deviation_${r.order}`,
      label: `${r.order} order: |float64 - exact| / exact at t = T`,
      value: r.finalDeviation,
    },
    {
      key: `ordering_max_prefix_norm_${r.order}`,
      label: `${r.order} order: max_t max_lambda |prod_{s<t} (1 - gamma_s lambda)| on [1, ${kappa}]`,
      value: r.maxPrefix,
    },
    {
      key: `ordering_max_suffix_norm_${r.order}`,
      label: `${r.order} order: max_t max_lambda |prod_{s>=t} (1 - gamma_s lambda)| on [1, ${kappa}]`,
      value: r.maxSuffix,
    },
  ]);
  return { options, eigenvalues: lambda, runs, table: tableFromColumns(cols), keyNumbers };
}
