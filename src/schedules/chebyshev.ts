/**
 * Chebyshev steps (Takabe & Wadayama, arXiv:2001.05142, eq. for gamma_k):
 *
 *   gamma_k = 1 / ( (lmax+lmin)/2 + (lmax-lmin)/2 * cos(pi (2k+1) / (2T)) ),
 *   k = 0..T-1,
 *
 * the reciprocals of the roots of the Chebyshev polynomial C_T mapped to
 * [lmin, lmax]. Then p_T(lambda) = prod_t (1 - gamma_t lambda)
 * = C_T((lmax+lmin-2 lambda)/(lmax-lmin)) / C_T((lmax+lmin)/(lmax-lmin)).
 *
 * Orders (the product, hence p_T, is order independent in exact arithmetic;
 * intermediate iterates are not):
 *   'index'      k = 0..T-1 as above: smallest step first (the paper's order)
 *   'increasing' the same steps sorted ascending (equal to 'index')
 *   'decreasing' largest step first
 *   'stable'     the recursive interleaving of Lebedev & Finogenov (1971),
 *                as used by Agarwal, Goel & Zhang (arXiv:2103.01338), for
 *                every T (see stableChebyshevPermutation).
 */
import { checkInterval, checkLength } from './check.js';

export type StepOrder = 'index' | 'increasing' | 'decreasing' | 'stable';
export const STEP_ORDERS: readonly StepOrder[] = ['index', 'increasing', 'decreasing', 'stable'];

export interface ChebyshevOptions {
  order?: StepOrder;
}

/** The Chebyshev nodes 1/gamma_k in index order. */
export function chebyshevNodes(T: number, lmin: number, lmax: number): Float64Array {
  checkLength('chebyshevNodes', 'T', T);
  checkInterval('chebyshevNodes', lmin, lmax);
  const c = (lmax + lmin) / 2;
  const d = (lmax - lmin) / 2;
  const nodes = new Float64Array(T);
  for (let k = 0; k < T; k++) nodes[k] = c + d * Math.cos((Math.PI * (2 * k + 1)) / (2 * T));
  return nodes;
}

export function chebyshevSteps(
  T: number,
  lmin: number,
  lmax: number,
  options: ChebyshevOptions = {},
): Float64Array {
  checkLength('chebyshevSteps', 'T', T);
  checkInterval('chebyshevSteps', lmin, lmax);
  const order = options.order ?? 'index';
  const nodes = chebyshevNodes(T, lmin, lmax);
  const steps = new Float64Array(T);
  for (let k = 0; k < T; k++) steps[k] = 1 / nodes[k];
  switch (order) {
    case 'index':
    case 'increasing':
      return steps; // nodes decrease with k, so steps increase
    case 'decreasing':
      return steps.reverse();
    case 'stable':
      return Float64Array.from(stableChebyshevPermutation(T), (k) => steps[k]);
    default:
      throw new RangeError(
        `chebyshevSteps: order must be one of ${STEP_ORDERS.join(', ')}; got ${String(order)}`,
      );
  }
}

/**
 * Stable order of the T Chebyshev roots x_k = cos(pi theta_k / (2T)),
 * theta_k = 2k + 1, returned as the sequence of indices k.
 *
 * Recursion on odd labels theta (Lebedev & Finogenov; Samarskii, "The Theory
 * of Difference Schemes", ch. 6, the chain m -> 2m -> 2m+1):
 *   Theta_1 = [1]
 *   Theta_T = [th_1, 2T - th_1, th_2, 2T - th_2, ...]  for th_i in Theta_{floor(T/2)},
 *             followed by T itself when T is odd.
 * Each pair {theta, 2T - theta} is a pair of roots +-x; the pairs are
 * ordered as the roots of C_{floor(T/2)} they map to under 2x^2 - 1, which
 * keeps every partial product of (1 - gamma lambda) factors bounded. For
 * T = 2^k this is Agarwal et al.'s sigma_{2T} = interleave(sigma_T, 2T+1-sigma_T).
 */
export function stableChebyshevPermutation(T: number): Int32Array {
  checkLength('stableChebyshevPermutation', 'T', T);
  const theta = stableLabels(T);
  return Int32Array.from(theta, (t) => (t - 1) / 2);
}

function stableLabels(T: number): number[] {
  if (T === 1) return [1];
  const half = stableLabels(Math.floor(T / 2));
  const out: number[] = [];
  for (const t of half) out.push(t, 2 * T - t);
  if (T % 2 === 1) out.push(T);
  return out;
}
