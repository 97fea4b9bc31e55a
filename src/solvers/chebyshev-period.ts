/**
 * A period T for GD with repeated Chebyshev steps (solve()'s 'chebyshev'
 * method) chosen from the interval and the tolerance.
 *
 * One period of T Chebyshev steps for [lmin, lmax] multiplies every
 * eigencomponent of the error, and of the residual r = A e, by at most
 *   eps_T = 1 / C_T(sigma),   sigma = (kappa + 1)/(kappa - 1),
 * so with x_0 = 0 (r_0 = b) the relative residual after j periods is at most
 * eps_T^j. The rule: the smallest T with eps_T <= sqrt(tol), i.e.
 *   T = ceil( acosh(1/sqrt(tol)) / acosh(sigma) )    (about sqrt(kappa)/4 ln(4/tol)),
 * so two periods reach tol. Why not one period of the length that reaches tol
 * at once: inside a period the residual is not small, so an interval whose
 * lmin is a little too high (a Lanczos estimate from above) would cost a
 * second whole period; with periods of half that length the worst case costs
 * half a period more, and the per-step rate eps_T^(1/T) is already within
 * a factor 2^(1/T) of the limit (sqrt(kappa)-1)/(sqrt(kappa)+1).
 * Clamped to [1, maxPeriod] (default 10000; tol = 0 gives maxPeriod).
 * Long periods need the 'stable' order of the steps (schedules/chebyshev.ts).
 */

export const MAX_CHEBYSHEV_PERIOD = 10000;

/** The period T for kappa = lmax/lmin and the relative residual tolerance tol (see the header). */
export function chebyshevPeriodFor(
  kappa: number,
  tol: number,
  maxPeriod = MAX_CHEBYSHEV_PERIOD,
): number {
  if (!(kappa >= 1) || !Number.isFinite(kappa)) {
    throw new RangeError(`chebyshevPeriodFor: kappa must be a finite number >= 1; got ${kappa}`);
  }
  if (!(tol >= 0) || !(tol < 1)) {
    throw new RangeError(`chebyshevPeriodFor: tol must be in [0, 1); got ${tol}`);
  }
  if (!Number.isInteger(maxPeriod) || maxPeriod < 1) {
    throw new RangeError(
      `chebyshevPeriodFor: maxPeriod must be a positive integer; got ${maxPeriod}`,
    );
  }
  if (kappa === 1) return 1;
  const sigma = (kappa + 1) / (kappa - 1);
  const T = Math.ceil(Math.acosh(1 / Math.sqrt(tol)) / Math.acosh(sigma)); // C_T(sigma) >= tol^-1/2
  return Math.min(maxPeriod, Math.max(1, Number.isFinite(T) ? T : maxPeriod));
}
