/**
 * MSE-optimal step schedule for a given spectrum and length T: minimise the
 * exact expected MSE after T steps (expected-mse.ts, design note 2.1)
 *
 *   L(gamma) = sum_i w_i (a_{T,i}^2 + b_{T,i}^2),   noiseless: L = sum_i w_i p_T(lambda_i)^2,
 *
 * over gamma_0..gamma_{T-1}, with the adjoint gradient of SpectralRecurrence.
 * Noiseless, the optimum is known exactly (mseOptimalRoots: the Gauss nodes
 * of the measure lambda w) and the search starts there; with noise it starts
 * from the Chebyshev steps of [lmin, lmax]. Starting from Chebyshev steps
 * without noise, L-BFGS stalls on ill-conditioned spectra (scaled lund_a,
 * kappa 1e4, T = 100: 4.3e-4 against the exact 7.9e-18).
 *
 * Optimiser: L-BFGS (memory m = min(2T, 200), two-loop recursion; Nocedal & Wright,
 * "Numerical Optimization", Alg. 7.4) with a line search for the strong Wolfe
 * conditions (c1 = 1e-4, c2 = 0.9; bisection zoom; Hager-Zhang's approximate
 * Wolfe condition once L no longer resolves the decrease), applied to
 *
 *   F(u) = log L(gamma),   gamma_t = exp(-u_t)   (u_t = log of the root 1/gamma_t),
 *   dF/du_t = -gamma_t (dL/dgamma_t) / L.
 *
 * Why this choice: L spans many decades (1 at gamma = 0, about 1e-8 at the
 * optimum for the paper's spectrum, and up to 1e15 for bad orders of the
 * same steps), so log L makes the line search and the curvature pairs
 * scale-free; the roots 1/gamma_t of the optimum spread over [lmin, lmax]
 * while the steps spread over [1/lmax, 1/lmin] (a factor kappa), so log
 * variables give every coordinate the same scale and keep the steps
 * positive. It needs only L and dL/dgamma (what SpectralRecurrence gives,
 * also with noise); Gauss-Newton on the residuals p_T(lambda_i) would need
 * the n x T Jacobian (T adjoint sweeps) for the same result.
 * Stop: max_t |dF/du_t| = max_t |gamma_t dL/dgamma_t| / L <= tolerance
 * (a relative, scale-free gradient), or no decrease, or maxIterations.
 *
 * With noise, b_T = sigma/sqrt(lambda) (1 - p_T(lambda)) (a telescoping sum),
 * so L = sum_i w_i (p_i^2 + sigma^2 (1 - p_i)^2 / lambda_i) is again a function
 * of p_T alone; its minimiser over real polynomials may have complex root
 * pairs, which real steps can only approach through double roots (measured
 * on the paper spectrum, T = 25, sigma = 0.3: MSE 0.08140 against Chebyshev's
 * 0.09048, eight pairs of coinciding steps and four equal steps 9.25,
 * converged after about 250 iterations).
 * L is evaluated with the steps in the stable Chebyshev order of their
 * ascending sort: order-free in exact arithmetic, and it keeps the noisy
 * recurrence accurate (ascending order: 6e-8 relative error at that optimum,
 * from suffix products near 1e11; stable order: 2e-16).
 *
 * Noiseless check (test/analysis-extras.test.ts): minimising
 * sum_i w_i p(lambda_i)^2 over polynomials with p(0) = 1 is a least-squares
 * problem whose solution is orthogonal to lambda q(lambda) for every q of
 * degree < T, so its roots are the Gauss nodes of the measure lambda_i w_i.
 * Cost: O(n T) per evaluation, O(m T) per L-BFGS step.
 */
import type { Spectrum } from '../linalg/spectrum.js';
import { tridiagonalEigen } from '../linalg/tridiagonal.js';
import { chebyshevNodes, stableChebyshevPermutation } from '../schedules/chebyshev.js';
import { SpectralRecurrence } from './expected-mse.js';

export interface MseOptimalOptions {
  /** Noise level sigma of y = H^T x + w (default 0). */
  sigma?: number;
  /** Start steps (default: Chebyshev steps for [lmin, lmax] of the spectrum). */
  initial?: ArrayLike<number>;
  /** Maximum number of L-BFGS iterations (default 1000). */
  maxIterations?: number;
  /** Stop when max_t |gamma_t dL/dgamma_t| / L <= tolerance (default 1e-9). */
  tolerance?: number;
  /** Number of L-BFGS correction pairs (default min(2T, 200): T is small, so keep nearly all). */
  memory?: number;
}

export type MseOptimalStop = 'gradient' | 'no-progress' | 'max-iterations';

export interface MseOptimalResult {
  /** The optimal steps, sorted ascending (the expected MSE does not depend on the order). */
  steps: Float64Array;
  /** Expected MSE after T steps with them. */
  mse: number;
  /** Expected MSE of the start (the Chebyshev steps by default). */
  initialMse: number;
  iterations: number;
  /** Evaluations of L and its gradient. */
  evaluations: number;
  converged: boolean;
  stop: MseOptimalStop;
  /** dL/dgamma_t at the result (in the order of `steps`). */
  gradient: Float64Array;
  /** max_t |gamma_t dL/dgamma_t| / L at the result. */
  relativeGradient: number;
  /**
   * Where the search started: 'gauss-nodes' is the exact noiseless optimum
   * (mseOptimalRoots; L-BFGS then only confirms or polishes it, so a stop of
   * 'no-progress' there means rounding, not failure), 'chebyshev' or 'given'.
   */
  start: 'gauss-nodes' | 'chebyshev' | 'given';
}

/** Minimise the exact expected MSE after T steps over the steps. */
export function mseOptimalSteps(
  spectrum: Spectrum,
  T: number,
  options: MseOptimalOptions = {},
): MseOptimalResult {
  if (!Number.isInteger(T) || T < 1) {
    throw new RangeError(`mseOptimalSteps: T must be a positive integer; got ${T}`);
  }
  const maxIterations = options.maxIterations ?? 1000;
  const tolerance = options.tolerance ?? 1e-9;
  const m = options.memory ?? Math.min(2 * T, 200);
  if (!Number.isInteger(maxIterations) || maxIterations < 0) {
    throw new RangeError(
      `mseOptimalSteps: maxIterations must be a non-negative integer; got ${maxIterations}`,
    );
  }
  if (!(tolerance > 0))
    throw new RangeError(`mseOptimalSteps: tolerance must be > 0; got ${tolerance}`);
  if (!Number.isInteger(m) || m < 1)
    throw new RangeError(`mseOptimalSteps: memory must be a positive integer; got ${m}`);
  let start: Float64Array;
  let startKind: MseOptimalResult['start'] = 'given';
  if (options.initial !== undefined) {
    start = Float64Array.from(options.initial);
    if (start.length !== T || !start.every((g) => g > 0 && Number.isFinite(g))) {
      throw new RangeError(
        `mseOptimalSteps: initial must be ${T} positive finite steps; got ${Array.from(options.initial).join(', ')}`,
      );
    }
  } else if ((options.sigma ?? 0) === 0) {
    // noiseless: the exact optimum (L-BFGS below only confirms it)
    start = mseOptimalRoots(spectrum, T).map((v) => 1 / v);
    startKind = 'gauss-nodes';
  } else {
    startKind = 'chebyshev';
    const nodes = spectrum.nodes;
    start = chebyshevNodes(T, nodes[0], nodes[nodes.length - 1]).map((v) => 1 / v);
  }
  const rec = new SpectralRecurrence(spectrum, options.sigma ?? 0);

  // F(u) = log L(exp(-u)) and its gradient -gamma * dL/dgamma / L
  const gamma = new Float64Array(T);
  const dL = new Float64Array(T);
  let evaluations = 0;
  // returns L (F = log L is compared through ratios L / L0, which keep full precision).
  // L is evaluated with the steps in the stable order of their ascending sort: the
  // value is order-free in exact arithmetic, and this order keeps the noisy
  // recurrence accurate (its rounding is amplified by the suffix products)
  const perm = stableChebyshevPermutation(T);
  const idx = Int32Array.from({ length: T }, (_, t) => t);
  const seq = new Float64Array(T);
  const dSeq = new Float64Array(T);
  const evaluate = (u: Float64Array, grad: Float64Array): number => {
    evaluations++;
    for (let t = 0; t < T; t++) gamma[t] = Math.exp(-u[t]);
    idx.sort((a, b) => gamma[a] - gamma[b]);
    for (let i = 0; i < T; i++) seq[i] = gamma[idx[perm[i]]];
    const L = rec.lossAndGradient(seq, dSeq);
    for (let i = 0; i < T; i++) dL[idx[perm[i]]] = dSeq[i];
    for (let t = 0; t < T; t++) grad[t] = (-gamma[t] * dL[t]) / L; // dF/du = -gamma dL/dgamma / L
    return L;
  };

  let u: Float64Array = start.map((g) => -Math.log(g));
  let g: Float64Array = new Float64Array(T);
  let L = evaluate(u, g);
  const initialMse = L;
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const d = new Float64Array(T);
  const alphaHist = new Float64Array(m);
  let stop: MseOptimalStop = 'max-iterations';
  let iterations = 0;
  if (L === 0) g.fill(0); // every node is a root: the exact minimum, nothing to improve
  for (; iterations < maxIterations; iterations++) {
    if (maxAbs(g) <= tolerance) {
      stop = 'gradient';
      break;
    }
    // two-loop recursion: d <- -H g
    for (let t = 0; t < T; t++) d[t] = -g[t];
    for (let j = S.length - 1; j >= 0; j--) {
      const a = dot(S[j], d) / dot(Y[j], S[j]);
      alphaHist[j] = a;
      for (let t = 0; t < T; t++) d[t] -= a * Y[j][t]; // d <- d - a y_j
    }
    if (S.length > 0) {
      const last = S.length - 1;
      const h0 = dot(S[last], Y[last]) / dot(Y[last], Y[last]);
      for (let t = 0; t < T; t++) d[t] *= h0; // d <- H_0 d
    }
    for (let j = 0; j < S.length; j++) {
      const bj = dot(Y[j], d) / dot(Y[j], S[j]);
      for (let t = 0; t < T; t++) d[t] += (alphaHist[j] - bj) * S[j][t]; // d <- d + (a_j - b_j) s_j
    }
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // not a descent direction (should not happen with positive curvature pairs): restart
      S.length = 0;
      Y.length = 0;
      for (let t = 0; t < T; t++) d[t] = -g[t];
      slope = dot(g, d);
    }
    const step0 = S.length === 0 ? Math.min(1, 0.1 / maxAbs(g)) : 1;
    const ls = lineSearch(evaluate, u, L, d, slope, step0);
    if (!ls) {
      stop = 'no-progress';
      break;
    }
    const s = ls.u.map((v, t) => v - u[t]); // s = u_new - u
    const y = ls.g.map((v, t) => v - g[t]); // y = g_new - g
    if (dot(s, y) > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (S.length === m) {
        S.shift();
        Y.shift();
      }
      S.push(s);
      Y.push(y);
    }
    u = ls.u;
    g = ls.g;
    L = ls.L;
  }
  if (stop === 'max-iterations' && maxAbs(g) <= tolerance) stop = 'gradient';

  // the result, sorted ascending, with dL/dgamma in that order
  const order = Array.from(u, (_, t) => t).sort((a, b) => u[b] - u[a]);
  const steps = Float64Array.from(order, (t) => Math.exp(-u[t]));
  const gradient = new Float64Array(T);
  const mse = evaluate(
    Float64Array.from(order, (t) => u[t]),
    new Float64Array(T),
  );
  gradient.set(dL); // dL/dgamma in the order of `steps`
  let rel = 0;
  for (let t = 0; t < T; t++) rel = Math.max(rel, Math.abs(steps[t] * gradient[t]) / mse);
  return {
    steps,
    mse,
    initialMse,
    iterations,
    evaluations,
    converged: stop === 'gradient',
    stop,
    gradient,
    relativeGradient: rel,
    start: startKind,
  };
}

interface LineSearchPoint {
  u: Float64Array;
  /** L at u */
  L: number;
  /** dF/du at u */
  g: Float64Array;
  /** phi = log(L / L0) */
  phi: number;
  /** phi'(a) = g . d */
  slope: number;
  a: number;
}

/**
 * Line search along d from u0 on phi(a) = log(L(u0 + a d) / L0), phi'(0) = slope0 < 0.
 * Accepts a step with |phi'(a)| <= c2 |phi'(0)| (strong Wolfe curvature) and either
 * Armijo phi(a) <= c1 a phi'(0), or, when phi is at the rounding level of L
 * (phi <= epsF), the approximate Wolfe condition phi'(a) <= (2 delta - 1) phi'(0)
 * of Hager & Zhang (SIAM J. Optim. 16, 2005), which relies on the accurate
 * gradient instead of the unresolvable decrease of L near the optimum.
 * Expansion by doubling, then bisection of a bracket [lo, hi] with
 * phi'(lo) < 0 <= phi'(hi) or phi(hi) above phi(0). Returns null when no step
 * decreases phi and none is acceptable.
 */
function lineSearch(
  evaluate: (u: Float64Array, g: Float64Array) => number,
  u0: Float64Array,
  L0: number,
  d: Float64Array,
  slope0: number,
  step0: number,
): LineSearchPoint | null {
  const c1 = 1e-4;
  const c2 = 0.9;
  const delta = 0.1;
  const epsF = 1e-13;
  const T = u0.length;
  const at = (a: number): LineSearchPoint => {
    const u = u0.map((v, t) => v + a * d[t]); // u <- u0 + a d
    const g = new Float64Array(T);
    const L = evaluate(u, g);
    return { u, L, g, phi: Math.log(L / L0), slope: dot(g, d), a };
  };
  const acceptable = (p: LineSearchPoint) =>
    Number.isFinite(p.phi) &&
    Math.abs(p.slope) <= -c2 * slope0 &&
    (p.phi <= c1 * p.a * slope0 || (p.phi <= epsF && p.slope <= (2 * delta - 1) * slope0));
  const beyond = (p: LineSearchPoint) => !Number.isFinite(p.phi) || p.slope >= 0 || p.phi > epsF;
  let lo: LineSearchPoint | null = null;
  let loA = 0;
  let hiA = NaN;
  let a = step0;
  for (let i = 0; i < 60; i++) {
    const cur = at(a);
    if (acceptable(cur)) return cur;
    if (beyond(cur)) {
      hiA = a;
      break;
    }
    lo = cur;
    loA = a;
    a *= 2;
  }
  if (Number.isNaN(hiA)) return lo;
  for (let j = 0; j < 60 && hiA - loA > 1e-15 * hiA; j++) {
    const mid = at((loA + hiA) / 2);
    if (acceptable(mid)) return mid;
    if (beyond(mid)) hiA = mid.a;
    else {
      lo = mid;
      loA = mid.a;
    }
  }
  return lo && lo.phi < 0 ? lo : null;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function maxAbs(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s = Math.max(s, Math.abs(a[i]));
  return s;
}

/**
 * Roots 1/gamma_t of the noiseless MSE-optimal schedule, exactly: minimising
 * sum_i w_i p(lambda_i)^2 over degree-T polynomials with p(0) = 1 gives the
 * kernel polynomial of the measure sum_i w_i delta(lambda_i), which is
 * orthogonal with respect to the measure mu = sum_i lambda_i w_i delta(lambda_i);
 * its roots are the Gauss nodes of mu (Golub & Welsch 1969): the eigenvalues
 * of the T x T Jacobi matrix from T steps of Lanczos on diag(lambda) started
 * at v_i = sqrt(lambda_i w_i) / ||.||, here with full re-orthogonalisation
 * (twice) so that the three-term recurrence stays exact at kappa ~ 1e4 and
 * beyond, where descent methods on L stall (L spans many decades).
 * When T exceeds the number of nodes with positive mass, the Lanczos run
 * ends early (invariant subspace): every node is then a root, L = 0, and the
 * remaining roots repeat the largest node. Cost O(n T^2).
 */
export function mseOptimalRoots(spectrum: Spectrum, T: number): Float64Array {
  if (!Number.isInteger(T) || T < 1) {
    throw new RangeError(`mseOptimalRoots: T must be a positive integer; got ${T}`);
  }
  const lambda = spectrum.nodes;
  const n = lambda.length;
  if (!(lambda[0] > 0)) {
    throw new RangeError(`mseOptimalRoots: the spectrum must be positive; got lmin = ${lambda[0]}`);
  }
  const basis: Float64Array[] = [];
  let v = Float64Array.from(lambda, (l, i) => Math.sqrt(l * spectrum.weights[i]));
  let norm = Math.sqrt(dot(v, v));
  for (let i = 0; i < n; i++) v[i] /= norm; // v <- v / ||v||
  const alpha: number[] = [];
  const beta: number[] = [];
  const scale = lambda[n - 1];
  for (let j = 0; j < T; j++) {
    basis.push(v);
    const w = Float64Array.from(v, (x, i) => lambda[i] * x); // w <- diag(lambda) v
    alpha.push(dot(w, v));
    for (let pass = 0; pass < 2; pass++) {
      for (const q of basis) {
        const c = dot(w, q);
        for (let i = 0; i < n; i++) w[i] -= c * q[i]; // w <- w - (w . q) q
      }
    }
    norm = Math.sqrt(dot(w, w));
    if (j === T - 1 || norm <= 1e-13 * scale) break; // done, or an invariant subspace
    beta.push(norm);
    v = Float64Array.from(w, (x) => x / norm); // v <- w / beta
  }
  const roots = tridiagonalEigen(alpha, beta).values;
  const out = new Float64Array(T).fill(roots[roots.length - 1]);
  out.set(roots);
  return out;
}

/** The roots 1/gamma of a schedule and the Chebyshev nodes of [lmin, lmax], both sorted ascending. */
export function compareRootsWithChebyshev(
  steps: ArrayLike<number>,
  lmin: number,
  lmax: number,
): { roots: Float64Array; chebyshevNodes: Float64Array; maxRelativeDifference: number } {
  if (steps.length === 0) throw new RangeError('compareRootsWithChebyshev: the schedule is empty');
  const roots = Float64Array.from(steps, (g) => 1 / g).sort();
  const nodes = chebyshevNodes(steps.length, lmin, lmax).sort();
  let worst = 0;
  for (let t = 0; t < roots.length; t++)
    worst = Math.max(worst, Math.abs(roots[t] - nodes[t]) / nodes[t]);
  return { roots, chebyshevNodes: nodes, maxRelativeDifference: worst };
}
