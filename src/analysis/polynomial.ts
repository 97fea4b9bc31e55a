/**
 * The step polynomial of a schedule (Takabe & Wadayama, arXiv:2001.05142,
 * Sec. III): after T steps of s_{t+1} = s_t - gamma_t (A s_t - b) the error is
 * e_T = p_T(A) e_0 with
 *
 *   p_T(lambda) = prod_{t=0}^{T-1} (1 - gamma_t lambda).
 *
 * For symmetric A with eigenvalues lambda_i the spectral radius of
 * prod_t (I - gamma_t A) is max_i |p_T(lambda_i)| and the convergence rate
 * per step is its T-th root.
 */
import { checkFloat64Entries } from '../linalg/limits.js';
import type { Spectrum } from '../linalg/spectrum.js';

const SCALE_UP = 2 ** 256;
const SCALE_DOWN = 2 ** -256;

/**
 * p_T(lambda) = m * 2^(256 e) as a scaled product: the running product is
 * kept in [2^-256, 2^256] and the exponent e counted apart, so intermediate
 * products of long schedules (e.g. Chebyshev steps in index order, T ~ 1000)
 * neither underflow nor overflow.
 */
function scaledProduct(steps: ArrayLike<number>, lambda: number): { m: number; e: number } {
  let m = 1;
  let e = 0;
  for (let t = 0; t < steps.length; t++) {
    m *= 1 - steps[t] * lambda;
    const a = Math.abs(m);
    if (a > SCALE_UP) {
      m *= SCALE_DOWN;
      e++;
    } else if (a < SCALE_DOWN && a > 0) {
      m *= SCALE_UP;
      e--;
    }
  }
  return { m, e };
}

/** p_T(lambda) for one lambda (0 or +-Infinity only when the true value is beyond float64 range). */
export function stepPolynomial(steps: ArrayLike<number>, lambda: number): number {
  let { m, e } = scaledProduct(steps, lambda);
  for (; e > 0 && Number.isFinite(m); e--) m *= SCALE_UP;
  for (; e < 0 && m !== 0; e++) m *= SCALE_DOWN;
  return m;
}

/** log10 |p_T(lambda)|, finite even where p_T itself under- or overflows float64. */
export function log10AbsStepPolynomial(steps: ArrayLike<number>, lambda: number): number {
  const { m, e } = scaledProduct(steps, lambda);
  return Math.log10(Math.abs(m)) + 256 * e * Math.LOG10E * Math.LN2;
}

/** p_T at every lambda. */
export function stepPolynomialValues(
  steps: ArrayLike<number>,
  lambdas: ArrayLike<number>,
): Float64Array {
  const out = new Float64Array(lambdas.length);
  for (let i = 0; i < lambdas.length; i++) out[i] = stepPolynomial(steps, lambdas[i]);
  return out;
}

/** max_i |p_T(lambda_i)|: the spectral radius of prod_t (I - gamma_t A). */
export function spectralRadius(steps: ArrayLike<number>, eigenvalues: ArrayLike<number>): number {
  let rho = 0;
  for (let i = 0; i < eigenvalues.length; i++) {
    const v = Math.abs(stepPolynomial(steps, eigenvalues[i]));
    if (!(v <= rho)) rho = v; // also propagates NaN
  }
  return rho;
}

/** Spectral radius over the nodes of a spectrum. */
export function spectralRadiusOf(steps: ArrayLike<number>, spectrum: Spectrum): number {
  return spectralRadius(steps, spectrum.nodes);
}

/** rho^(1/T): the mean contraction per step. */
export function ratePerStep(spectralRadiusValue: number, T: number): number {
  return Math.pow(spectralRadiusValue, 1 / T);
}

/** Values of |p_T| along a schedule's prefixes: prefix[t] = max_i |p_t(lambda_i)|, t = 0..T. */
export function prefixSpectralRadii(
  steps: ArrayLike<number>,
  eigenvalues: ArrayLike<number>,
): Float64Array {
  const T = steps.length;
  const out = new Float64Array(T + 1);
  out[0] = eigenvalues.length > 0 ? 1 : 0;
  const p = new Float64Array(eigenvalues.length).fill(1);
  for (let t = 0; t < T; t++) {
    let rho = 0;
    for (let i = 0; i < p.length; i++) {
      p[i] *= 1 - steps[t] * eigenvalues[i];
      const v = Math.abs(p[i]);
      if (!(v <= rho)) rho = v;
    }
    out[t + 1] = rho;
  }
  return out;
}

/**
 * max |p_T(lambda)| over the interval [lmin, lmax]: a uniform grid of
 * max(4001, 64 T) points, then golden-section refinement around the best
 * grid cells. The maximum of |p_T| is attained at an end or at a local
 * extremum; the grid resolves every extremum when it has many points per
 * root spacing.
 */
export function worstCaseOnInterval(
  steps: ArrayLike<number>,
  lmin: number,
  lmax: number,
): { value: number; argmax: number } {
  if (!(lmin <= lmax)) {
    throw new RangeError(`worstCaseOnInterval: need lmin <= lmax; got ${lmin}, ${lmax}`);
  }
  const f = (x: number) => Math.abs(stepPolynomial(steps, x));
  if (lmin === lmax) return { value: f(lmin), argmax: lmin };
  const N = Math.max(4001, 64 * steps.length + 1);
  checkFloat64Entries('worstCaseOnInterval', `a grid of 64 T + 1 = ${N} points`, N);
  const h = (lmax - lmin) / (N - 1);
  const values = new Float64Array(N);
  for (let j = 0; j < N; j++) values[j] = f(j === N - 1 ? lmax : lmin + j * h);
  let best = { value: values[0], argmax: lmin };
  if (values[N - 1] > best.value) best = { value: values[N - 1], argmax: lmax };
  // refine every interior local maximum of the grid that could beat the best
  const candidates: number[] = [];
  for (let j = 1; j < N - 1; j++) {
    if (values[j] >= values[j - 1] && values[j] >= values[j + 1]) candidates.push(j);
  }
  candidates.sort((a, b) => values[b] - values[a]);
  for (const j of candidates.slice(0, 8)) {
    const r = goldenMax(f, lmin + (j - 1) * h, Math.min(lmax, lmin + (j + 1) * h));
    if (r.value > best.value) best = r;
  }
  return best;
}

function goldenMax(
  f: (x: number) => number,
  lo: number,
  hi: number,
): { value: number; argmax: number } {
  const g = (Math.sqrt(5) - 1) / 2;
  let a = lo;
  let b = hi;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let it = 0; it < 100 && b - a > 1e-15 * Math.max(1, Math.abs(a)); it++) {
    if (fc > fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = f(d);
    }
  }
  return fc > fd ? { value: fc, argmax: c } : { value: fd, argmax: d };
}
