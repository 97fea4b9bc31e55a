/**
 * Interval check for methods tuned to a spectral interval [lmin, lmax]
 * (schedule-based GD, Chebyshev-PSOR, and the momentum methods).
 *
 * With correct bounds the residual of a periodic schedule contracts over
 * every whole period: r_{(j+1)T} = p_T(A) r_{jT} and max |p_T| < 1 on the
 * spectrum (inside a period it may grow; Chebyshev steps in index order grow
 * by orders of magnitude before the large steps bring it back). An
 * eigenvalue above lmax has |p_T(lambda)| > 1 once lambda - lmax is larger
 * than about lmin, so an underestimated lmax makes the iteration diverge,
 * slowly at first, by a factor |p_T(lambda)| per period.
 *
 * Rule, with R_j = ||r_{jW}|| at window ends (W = the period T, or 10 steps
 * for a method without a period): warn once when R_j is above the noise gate
 *   R_j > 1000 eps kappa R_0      (eps = 2^-52, kappa = lmax/lmin of the interval,
 *                                  or max/min of the steps when no interval is given)
 * and
 *   (a) R_j > factor * min_{i<j} R_i              (factor = 10), or
 *   (b) R_{j-m} < R_{j-m+1} < ... < R_j and R_j >= 2 R_{j-m}   (m = 3 windows).
 * (b) catches steady growth early; (a) a blow-up, or growth after a decrease.
 * The gate keeps the rule quiet at the rounding floor (about eps kappa R_0,
 * where the residual wanders up and down by factors of 10 and more: measured
 * 1.7e-16 to 4.4e-15 relative for kappa = 100); a true divergence grows
 * geometrically and passes the gate a few periods later.
 *
 * Estimate: for a periodic schedule with positive steps, the growth
 * g = R_j / R_{j-1} is matched by |p_T(lambda*)| = g for one lambda* above
 * the largest root 1/min(gamma) (|p_T| increases there), found by
 * bisection; an eigenvalue near lambda* is what diverges, so lmax should be
 * at least lambda*.
 * Cost: O(1) per step, O(T log) once when the warning is made.
 */
import { stepPolynomial } from '../analysis/polynomial.js';
import type { IterationInfo } from './types.js';

export interface IntervalCheckOptions {
  /** Warn when a window-end residual exceeds this multiple of the smallest earlier one (default 10). */
  factor?: number;
  /** Warn after this many consecutive growing windows with total growth >= 2 (default 3). */
  periods?: number;
  /** Window length for methods without a period (default 10). */
  window?: number;
}

export class IntervalMonitor {
  private readonly window: number;
  private readonly factor: number;
  private readonly periods: number;
  private readonly ends: number[] = [];
  private minEnd = Infinity;
  private gate = NaN;
  private readonly kappa: number;
  private warned = false;

  constructor(
    private readonly info: IterationInfo,
    options: IntervalCheckOptions = {},
  ) {
    this.factor = options.factor ?? 10;
    this.periods = options.periods ?? 3;
    this.window = info.period ?? options.window ?? 10;
    if (!(this.factor > 1) || !Number.isInteger(this.periods) || this.periods < 1) {
      throw new RangeError(
        `IntervalMonitor: need factor > 1 and periods a positive integer; got factor=${this.factor}, periods=${this.periods}`,
      );
    }
    if (!Number.isInteger(this.window) || this.window < 1) {
      throw new RangeError(
        `IntervalMonitor: window must be a positive integer; got ${this.window}`,
      );
    }
    this.kappa = conditionOf(info);
  }

  /** Feed the residual of x_k; returns a warning the first time the rule fires, else null. */
  observe(k: number, residualNorm: number): string | null {
    if (this.warned || k % this.window !== 0) return null;
    const R = this.ends;
    R.push(residualNorm);
    const j = R.length - 1;
    if (j === 0) this.gate = 1000 * Number.EPSILON * this.kappa * residualNorm;
    let why: string | null = null;
    if (!(residualNorm > this.gate)) {
      // at or below the rounding floor: no evidence either way
    } else if (j >= 1 && residualNorm > this.factor * this.minEnd) {
      why = `the residual at k = ${k} is ${fmt(residualNorm / this.minEnd)} times the smallest residual at an earlier window end`;
    } else if (j >= this.periods) {
      let growing = true;
      for (let i = j - this.periods + 1; i <= j; i++) growing &&= R[i] > R[i - 1];
      if (growing && R[j] >= 2 * R[j - this.periods]) {
        why = `the residual grew over each of the last ${this.periods} windows of ${this.window} steps (k = ${k})`;
      }
    }
    this.minEnd = Math.min(this.minEnd, residualNorm);
    if (!why) return null;
    this.warned = true;
    return this.message(why, j >= 1 ? R[j] / R[j - 1] : NaN);
  }

  /** The warning for a run that became non-finite (called by solve()). */
  nonFinite(k: number): string | null {
    if (this.warned) return null;
    this.warned = true;
    return this.message(`the iterate became non-finite at k = ${k}`, NaN);
  }

  private message(why: string, growth: number): string {
    const { interval, period, steps } = this.info;
    const where = interval
      ? `[lmin, lmax] = [${fmt(interval.lmin)}, ${fmt(interval.lmax)}]`
      : '[lmin, lmax] behind the schedule';
    let text =
      `${this.info.method}: ${why}; the interval ${where} seems wrong: ` +
      `an eigenvalue above lmax makes the iteration diverge. Use a larger lmax`;
    if (steps && period && growth > 1) {
      const lambda = lambdaForGrowth(steps, growth);
      if (Number.isFinite(lambda)) {
        text +=
          ` (growth x${fmt(growth)} per period of ${period} steps is |p_T(lambda)| at lambda = ${fmt(lambda)};` +
          ` try lmax >= ${fmt(1.1 * lambda)})`;
      }
    }
    return `${text}.`;
  }
}

/** kappa of the interval, or max/min of positive steps, else 1. */
function conditionOf(info: IterationInfo): number {
  if (info.interval) return info.interval.lmax / info.interval.lmin;
  if (info.steps && info.steps.every((g) => g > 0)) {
    return Math.max(...info.steps) / Math.min(...info.steps);
  }
  return 1;
}

/** lambda above the largest root 1/min(gamma) with |p_T(lambda)| = growth (NaN if the steps are not all positive). */
export function lambdaForGrowth(steps: ArrayLike<number>, growth: number): number {
  let minStep = Infinity;
  for (let t = 0; t < steps.length; t++) {
    if (!(steps[t] > 0)) return NaN;
    minStep = Math.min(minStep, steps[t]);
  }
  const f = (l: number) => Math.abs(stepPolynomial(steps, l)) - growth;
  let lo = 1 / minStep;
  let hi = 2 * lo;
  for (let i = 0; i < 200 && f(hi) < 0; i++) hi *= 2;
  if (!(f(hi) >= 0)) return NaN;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function fmt(v: number): string {
  return Number(v.toPrecision(4)).toString();
}
