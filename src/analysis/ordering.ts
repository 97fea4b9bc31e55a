/**
 * Ordering stability of a step schedule. The error polynomial
 * p_T(lambda) = prod_t (1 - gamma_t lambda) does not depend on the order of
 * the steps, but the iterates do: after t steps the error is
 * P_t(A) e_0 with the prefix product
 *
 *   P_t(lambda) = prod_{s<t} (1 - gamma_s lambda),        t = 0..T,
 *
 * and a rounding error made at step t reaches the end multiplied by the
 * suffix product
 *
 *   Q_t(lambda) = prod_{s>=t} (1 - gamma_s lambda),       t = 0..T  (Q_T = 1, Q_0 = p_T).
 *
 * An order is stable when max_t max_lambda |P_t| and |Q_t| over the interval
 * stay moderate (Lebedev & Finogenov 1971; Agarwal, Goel & Zhang,
 * arXiv:2103.01338): Chebyshev steps in increasing or decreasing order make
 * them grow like exp(c T) and lose every digit for T of a few dozen when kappa
 * is large, the stable order keeps them bounded (about sqrt(T) for T = 2^k).
 *
 * The maxima are taken over a uniform grid of `gridPoints` values of lambda
 * in [lmin, lmax] (both ends included), so they are lower bounds of the
 * maxima over the interval that become sharp as the grid is refined.
 * Cost: O(T * gridPoints), one vector of gridPoints values.
 */
import { checkInterval } from '../schedules/check.js';

export interface PrefixSuffixNorms {
  /** prefix[t] = max over the grid of |P_t(lambda)|, t = 0..T (prefix[0] = 1). */
  prefix: Float64Array;
  /** suffix[t] = max over the grid of |Q_t(lambda)|, t = 0..T (suffix[T] = 1, suffix[0] = max |p_T|). */
  suffix: Float64Array;
  /** max_t prefix[t] and the t where it is attained. */
  maxPrefix: number;
  argmaxPrefix: number;
  /** max_t suffix[t] and the t where it is attained. */
  maxSuffix: number;
  argmaxSuffix: number;
  /** max over the grid of |p_T| (= prefix[T] = suffix[0] up to rounding). */
  final: number;
}

/** Prefix and suffix polynomial norms of a schedule over [lmin, lmax]. */
export function prefixSuffixNorms(
  steps: ArrayLike<number>,
  lmin: number,
  lmax: number,
  gridPoints: number,
): PrefixSuffixNorms {
  if (steps.length === 0) throw new RangeError('prefixSuffixNorms: the schedule is empty');
  checkInterval('prefixSuffixNorms', lmin, lmax);
  if (!Number.isInteger(gridPoints) || gridPoints < 2) {
    throw new RangeError(
      `prefixSuffixNorms: gridPoints must be an integer >= 2; got ${gridPoints}`,
    );
  }
  const T = steps.length;
  const G = gridPoints;
  const h = (lmax - lmin) / (G - 1);
  const lambda = Float64Array.from({ length: G }, (_, j) => (j === G - 1 ? lmax : lmin + j * h));
  const q = new Float64Array(G);
  const prefix = new Float64Array(T + 1);
  const suffix = new Float64Array(T + 1);

  q.fill(1);
  prefix[0] = 1;
  for (let t = 0; t < T; t++) {
    const g = steps[t];
    let m = 0;
    for (let j = 0; j < G; j++) {
      q[j] *= 1 - g * lambda[j]; // P_{t+1}(lambda) = P_t(lambda) (1 - gamma_t lambda)
      const a = Math.abs(q[j]);
      if (!(a <= m)) m = a; // (propagates NaN)
    }
    prefix[t + 1] = m;
  }

  q.fill(1);
  suffix[T] = 1;
  for (let t = T - 1; t >= 0; t--) {
    const g = steps[t];
    let m = 0;
    for (let j = 0; j < G; j++) {
      q[j] *= 1 - g * lambda[j]; // Q_t(lambda) = (1 - gamma_t lambda) Q_{t+1}(lambda)
      const a = Math.abs(q[j]);
      if (!(a <= m)) m = a;
    }
    suffix[t] = m;
  }

  const pm = argmax(prefix);
  const sm = argmax(suffix);
  return {
    prefix,
    suffix,
    maxPrefix: prefix[pm],
    argmaxPrefix: pm,
    maxSuffix: suffix[sm],
    argmaxSuffix: sm,
    final: prefix[T],
  };
}

function argmax(v: Float64Array): number {
  let k = 0;
  for (let i = 1; i < v.length; i++) if (!(v[i] <= v[k])) k = i;
  return k;
}

export interface StepMultisetComparison {
  /** a sorted ascending */
  a: Float64Array;
  /** b sorted ascending */
  b: Float64Array;
  /** |a_(t) - b_(t)| / |b_(t)| for the t-th smallest of each */
  relativeDifference: Float64Array;
  maxRelativeDifference: number;
  /** index (in sorted order) of the largest relative difference */
  argmax: number;
}

/**
 * Two schedules compared as multisets (the expected MSE and p_T do not
 * depend on the order): both sorted ascending, side by side, with the
 * relative difference of the t-th smallest steps (relative to b).
 */
export function compareStepMultisets(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
): StepMultisetComparison {
  if (a.length !== b.length || a.length === 0) {
    throw new RangeError(
      `compareStepMultisets: the schedules must have the same, non-zero length; got ${a.length} and ${b.length}`,
    );
  }
  const sa = Float64Array.from(a).sort();
  const sb = Float64Array.from(b).sort();
  const rel = Float64Array.from(sa, (v, t) => Math.abs(v - sb[t]) / Math.abs(sb[t]));
  const k = argmax(rel);
  return { a: sa, b: sb, relativeDifference: rel, maxRelativeDifference: rel[k], argmax: k };
}
