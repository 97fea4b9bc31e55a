/**
 * Spectral density by stochastic Lanczos quadrature (Ubaru, Chen & Saad,
 * "Fast estimation of tr(f(A)) via stochastic Lanczos quadrature", SIAM J.
 * Matrix Anal. Appl. 38(4), 2017).
 *
 * For a symmetric A (n x n) and nv Rademacher probes z_l (entries +-1),
 *   (1/n) tr f(A) ~= (1/nv) sum_l (1/n) z_l^T f(A) z_l        (Hutchinson)
 * and with v_l = z_l / sqrt(n) (unit), k Lanczos steps from v_l give
 *   v_l^T f(A) v_l ~= sum_i tau_{l,i}^2 f(theta_{l,i})           (Gauss quadrature)
 * with theta_{l,i} the Ritz values and tau_{l,i} the first components of
 * the unit eigenvectors of T_k (Golub & Welsch). So the spectral measure
 * (1/n) sum_j delta(lambda_j) is estimated by the discrete measure
 *   nodes theta_{l,i},  weights tau_{l,i}^2 / nv        (sum of weights = 1),
 * returned as a Spectrum with source 'slq'.
 *
 * Exactness: a k-node Gauss rule integrates polynomials of degree <= 2k - 1
 * exactly, so for j <= 2k - 1 the moment sum_i w_i theta_i^j equals the
 * Hutchinson estimate (1/nv) sum_l (1/n) z_l^T A^j z_l up to rounding; its
 * only error is Hutchinson's, with variance per probe
 * 2 (||A^j||_F^2 - sum_i (A^j)_ii^2) / n^2 (zero for diagonal A).
 * A breakdown (invariant Krylov space, e.g. few distinct eigenvalues) gives
 * fewer, exact nodes.
 *
 * Cost: nv k applications of A; memory k n doubles per probe with full
 * re-orthogonalisation (Lanczos 'auto' mode).
 */
import { lanczos, checkSymmetricOperator, type Reorthogonalization } from './lanczos.js';
import type { LinearOperator } from './operator.js';
import { weightedSpectrum, type Spectrum } from './spectrum.js';
import { checkRandomSource, type RandomSource } from './estimate.js';

export interface SpectralDensityOptions {
  /** Seeded generator for the probes (e.g. new Rng(seed, stream)). Required. */
  rng: RandomSource;
  /** Number of Rademacher probes nv (default 20). */
  probes?: number;
  /** Lanczos steps k per probe (default min(n, 30)). */
  steps?: number;
  /** Lanczos re-orthogonalisation (default 'auto'). */
  reorthogonalize?: Reorthogonalization | 'auto';
}

/**
 * out <- z / sqrt(n) with z_i = +-1 (one uniform draw per entry: z_i = +1
 * when u < 1/2). Returns out.
 */
export function rademacherProbe(rng: RandomSource, out: Float64Array): Float64Array {
  const s = 1 / Math.sqrt(out.length);
  for (let i = 0; i < out.length; i++) out[i] = rng.uniform() < 0.5 ? s : -s;
  return out;
}

/** The SLQ estimate of the spectral measure of A. */
export function spectralDensity(op: LinearOperator, options: SpectralDensityOptions): Spectrum {
  checkSymmetricOperator('spectralDensity', op);
  const rng = checkRandomSource('spectralDensity', options?.rng);
  const n = op.size;
  const nv = options.probes ?? 20;
  if (!Number.isInteger(nv) || nv < 1) {
    throw new RangeError(`spectralDensity: probes must be a positive integer; got ${nv}`);
  }
  const k = options.steps ?? Math.min(n, 30);
  if (!Number.isInteger(k) || k < 1) {
    throw new RangeError(`spectralDensity: steps must be a positive integer; got ${k}`);
  }
  const nodes: number[] = [];
  const weights: number[] = [];
  const probe = new Float64Array(n);
  for (let l = 0; l < nv; l++) {
    rademacherProbe(rng, probe); // v_l = z_l / sqrt(n)
    const r = lanczos(op, {
      start: probe,
      maxSteps: k,
      stopWhenConverged: false,
      reorthogonalize: options.reorthogonalize ?? 'auto',
    });
    for (let i = 0; i < r.steps; i++) {
      nodes.push(r.ritzValues[i]);
      weights.push((r.firstComponents[i] * r.firstComponents[i]) / nv); // w = tau^2 / nv
    }
  }
  return weightedSpectrum(nodes, weights, n, 'slq');
}
