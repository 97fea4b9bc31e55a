/**
 * Closed-form rates for eigenvalues in [lmin, lmax], kappa = lmax / lmin:
 *
 *   C_T(x) = cos(T arccos x) for |x| <= 1, cosh(T arccosh x) for x >= 1
 *   Chebyshev worst case over the interval after T steps:
 *       1 / C_T((kappa + 1)/(kappa - 1))  =  1 / C_T((lmax + lmin)/(lmax - lmin))
 *   its per-step rate tends to (sqrt(kappa) - 1)/(sqrt(kappa) + 1) as T grows,
 *       the lower bound for first-order methods (Nesterov), reached without momentum;
 *   GD with the optimal constant step 2/(lmin + lmax): (kappa - 1)/(kappa + 1).
 *
 * The paper's link between loss and spectral radius (Sec. IV): with s_0 = 0
 * and x ~ N(0, I_n), MSE_T = (1/n) sum_i p_T(lambda_i)^2, so
 *   rho^2 / n <= MSE_T <= rho^2,  rho = max_i |p_T(lambda_i)|.
 */

/** Chebyshev polynomial of the first kind C_T(x), for any real x. */
export function chebyshevT(T: number, x: number): number {
  if (!Number.isInteger(T) || T < 0) {
    throw new RangeError(`chebyshevT: degree must be a non-negative integer; got ${T}`);
  }
  const ax = Math.abs(x);
  if (ax <= 1) return Math.cos(T * Math.acos(x));
  const v = Math.cosh(T * Math.acosh(ax));
  return x < 0 && T % 2 === 1 ? -v : v;
}

function checkKappa(where: string, kappa: number): void {
  if (!(kappa >= 1) || !Number.isFinite(kappa)) {
    throw new RangeError(`${where}: kappa must be a finite number >= 1; got ${kappa}`);
  }
}

/** 1 / C_T((kappa+1)/(kappa-1)): max |p_T| over the interval for Chebyshev steps (0 when kappa = 1). */
export function chebyshevBound(T: number, kappa: number): number {
  checkKappa('chebyshevBound', kappa);
  if (kappa === 1) return 0;
  return 1 / chebyshevT(T, (kappa + 1) / (kappa - 1));
}

/**
 * Per-step rate of the Chebyshev bound: chebyshevBound(T, kappa)^(1/T).
 * Where the bound underflows to 0 (large T), from the logarithm:
 * log C_T(x) = T a + log((1 + e^(-2 T a)) / 2), a = arccosh x.
 */
export function chebyshevRate(T: number, kappa: number): number {
  const bound = chebyshevBound(T, kappa);
  if (bound > 0 || kappa === 1) return Math.pow(bound, 1 / T);
  const a = Math.acosh((kappa + 1) / (kappa - 1));
  return Math.exp(-a - Math.log((1 + Math.exp(-2 * T * a)) / 2) / T); // C_T^(-1/T)
}

/** (sqrt(kappa) - 1)/(sqrt(kappa) + 1): the limit of chebyshevRate as T -> infinity. */
export function chebyshevAsymptoticRate(kappa: number): number {
  checkKappa('chebyshevAsymptoticRate', kappa);
  const s = Math.sqrt(kappa);
  return (s - 1) / (s + 1);
}

/** (kappa - 1)/(kappa + 1): GD with the optimal constant step. */
export function gdOptimalRate(kappa: number): number {
  checkKappa('gdOptimalRate', kappa);
  return (kappa - 1) / (kappa + 1);
}

/** The paper's bounds rho^2/n <= MSE <= rho^2. */
export function mseBoundsFromSpectralRadius(
  rho: number,
  n: number,
): { lower: number; upper: number } {
  return { lower: (rho * rho) / n, upper: rho * rho };
}
