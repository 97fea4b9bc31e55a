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
 * Diagnosis: growth has three usual causes, told apart by what is known
 * about the operator's spectrum (`spectrum`: every eigenvalue when the dense
 * eigensolver gave them, else an estimated interval), in this order:
 *   'not-contractive'  max |p_T| >= 1 on the known spectrum (over the
 *                      eigenvalues, or a grid of the interval): the schedule
 *                      itself grows there (e.g. steps learned on another
 *                      problem, or an interval that misses eigenvalues: the
 *                      offending lambda is named, with the bound to change);
 *   'rounding'         the partial products of a period amplify rounding
 *                      errors: amplification
 *                        A = max_t (max_lambda |prod_{s<t}(1 - gamma_s lambda)|)
 *                              (max_lambda |prod_{s>=t}(1 - gamma_s lambda)|)
 *                      over the interval (ordering.ts: prefix and suffix
 *                      norms; an error made at step t has the size of the
 *                      iterate, the prefix, and reaches the end times the
 *                      suffix), with eps A >= 1e-3; Chebyshev steps in a
 *                      monotone (index) order reach 1e200 and more for long
 *                      periods, the stable order stays moderate;
 *   'interval'         otherwise, unless every eigenvalue is known: the
 *                      growth g = R_j / R_{j-1} per period is |p_T(lambda*)|
 *                      for one lambda* above the largest root 1/min(gamma)
 *                      (|p_T| increases there), found by bisection; an
 *                      eigenvalue near lambda* is what diverges, so lmax
 *                      should be at least lambda*;
 *   'unknown'          every eigenvalue is known, |p_T| < 1 on them and the
 *                      amplification is small (e.g. a non-symmetric operator).
 * Products are taken in log10, so no overflow whatever T. Cost: O(1) per
 * step; O(G T) once (G = 1001 grid points, or the eigenvalues) when the
 * warning is made.
 */
import { minMax } from '../linalg/vector.js';
import { stepPolynomial } from '../analysis/polynomial.js';
import type { Interval, IterationInfo } from './types.js';

/** What is known about the spectrum of the operator (not the interval a method was tuned to). */
export interface KnownSpectrum {
  /** Bounds of the spectrum: exact (eigenvalues given) or estimated. */
  readonly lmin: number;
  readonly lmax: number;
  /** Every eigenvalue (dense eigensolver): the spectrum is then known exactly. */
  readonly eigenvalues?: ArrayLike<number>;
}

export interface IntervalCheckOptions {
  /** Warn when a window-end residual exceeds this multiple of the smallest earlier one (default 10). */
  factor?: number;
  /** Warn after this many consecutive growing windows with total growth >= 2 (default 3). */
  periods?: number;
  /** Window length for methods without a period (default 10). */
  window?: number;
  /** The method's name in messages (default: solve()'s method, else the iterator's). */
  label?: string;
  /** The operator's spectrum, to tell the causes of a divergence apart (see the header). */
  spectrum?: KnownSpectrum;
  /** Advice appended to the finding, per cause (default: advice in the library's words). */
  advice?: (d: IntervalDiagnosis) => string;
}

export type DivergenceCause = 'not-contractive' | 'rounding' | 'interval' | 'unknown';

/** max |p_T| over a set of lambda, and where. */
export interface Contraction {
  /** max |p_T(lambda)| (may be huge: log10 kept too). */
  value: number;
  log10: number;
  lambda: number;
  /** Over the eigenvalues (exact) or a grid of an interval. */
  over: 'eigenvalues' | 'interval';
}

export interface IntervalDiagnosis {
  cause: DivergenceCause;
  /** The iterate where it was seen. */
  k: number;
  /** Residual growth over the last window (NaN when non-finite). */
  growth: number;
  label: string;
  period?: number;
  /** The interval the method was tuned to. */
  interval?: Interval;
  spectrum?: KnownSpectrum;
  /** max |p_T| over the known spectrum (periodic schedules). */
  contraction?: Contraction;
  /** log10 of the rounding amplification A over the interval, and whether the steps are monotone. */
  amplification?: { log10: number; monotone: boolean };
  /** lambda* with |p_T(lambda*)| = growth (cause 'interval'). */
  lambda?: number;
  /** What was seen and what it means. */
  finding: string;
  /** What to do. */
  advice: string;
}

/** Rounding amplification eps A above this counts as the cause. */
const ROUNDING_LIMIT = 1e-3;
const GRID = 1001;

export class IntervalMonitor {
  private readonly window: number;
  private readonly factor: number;
  private readonly periods: number;
  private readonly ends: number[] = [];
  private minEnd = Infinity;
  private gate = NaN;
  private readonly kappa: number;
  private warned = false;
  /** The diagnosis behind the warning, once made. */
  diagnosis: IntervalDiagnosis | null = null;

  constructor(
    private readonly info: IterationInfo,
    private readonly options: IntervalCheckOptions = {},
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
    return this.message(k, why, j >= 1 ? R[j] / R[j - 1] : NaN);
  }

  /** The warning for a run that became non-finite (called by solve()). */
  nonFinite(k: number): string | null {
    if (this.warned) return null;
    this.warned = true;
    return this.message(k, `the iterate became non-finite at k = ${k}`, NaN);
  }

  private message(k: number, why: string, growth: number): string {
    const d = diagnose(this.info, this.options, k, why, growth);
    if (this.options.advice) d.advice = this.options.advice(d);
    this.diagnosis = d;
    return `${d.label}: ${d.finding}${d.advice ? ` ${d.advice}` : ''}`;
  }
}

/** The cause of a divergence (see the header); finding and default advice in the library's words. */
export function diagnose(
  info: IterationInfo,
  options: Pick<IntervalCheckOptions, 'label' | 'spectrum'>,
  k: number,
  why: string,
  growth: number,
): IntervalDiagnosis {
  const { interval, period, steps } = info;
  const known = options.spectrum;
  const label = options.label ?? info.method;
  const base = { k, growth, label, period, interval, spectrum: known };
  const where = interval
    ? `[lmin, lmax] = [${fmt(interval.lmin)}, ${fmt(interval.lmax)}]`
    : '[lmin, lmax] behind the schedule';
  const exact = known?.eigenvalues !== undefined;
  const onKnown = known
    ? exact
      ? `every eigenvalue (exact)`
      : `the estimated spectrum [${fmt(known.lmin)}, ${fmt(known.lmax)}]`
    : '';

  let contraction: Contraction | undefined;
  let amplification: { log10: number; monotone: boolean } | undefined;
  if (steps && period) {
    if (known) contraction = scheduleContraction(steps, known);
    const range = known ?? interval;
    if (range && range.lmin > 0 && range.lmax > range.lmin) {
      amplification = {
        log10: roundingAmplification(steps, range.lmin, range.lmax),
        monotone: isMonotone(steps),
      };
    }
  }

  // (1) the schedule grows on the known spectrum
  if (contraction && contraction.value >= 1) {
    const at =
      contraction.over === 'eigenvalues'
        ? `the eigenvalue lambda = ${fmt(contraction.lambda)}`
        : `lambda = ${fmt(contraction.lambda)} of ${onKnown}`;
    const outside =
      interval && (contraction.lambda > interval.lmax || contraction.lambda < interval.lmin);
    const finding =
      `${why}; the steps are not contractive on this problem's spectrum: ` +
      `|p_T(lambda)| = ${fmtLog(contraction.log10)} >= 1 at ${at} (period T = ${period}), ` +
      `so the residual can grow by that factor per period` +
      (outside
        ? `; that lambda lies outside the interval ${where}`
        : interval
          ? ''
          : `; the schedule was not made for this spectrum`) +
      '.';
    const advice = outside
      ? contraction.lambda > interval.lmax
        ? `Use lmax >= ${fmt(known!.lmax)} (the largest eigenvalue${exact ? '' : ', estimated'}).`
        : `Use lmin <= ${fmt(known!.lmin)} (the smallest eigenvalue${exact ? '' : ', estimated'}).`
      : interval
        ? ''
        : 'Use a schedule made for this spectrum (trained on this problem, or Chebyshev steps for its interval).';
    return { ...base, cause: 'not-contractive', contraction, amplification, finding, advice };
  }
  const contractive = contraction
    ? ` it holds ${onKnown} and max |p_T| = ${fmtLog(contraction.log10)} < 1 there`
    : '';
  // (2) rounding errors amplified inside a period
  if (
    amplification &&
    amplification.log10 + Math.log10(Number.EPSILON) >= Math.log10(ROUNDING_LIMIT)
  ) {
    const finding =
      `${why}; ${contraction ? `the interval ${where} is not the cause:${contractive}. The cause is` : 'the cause is'} ` +
      `rounding: inside a period of ${period} steps${amplification.monotone ? ' in a monotone (index) order' : ''} ` +
      `the partial products |prod (1 - gamma_s lambda)| reach ${fmtLog(amplification.log10)}, ` +
      `which amplifies rounding errors (relative 2.2e-16) beyond the signal.`;
    return {
      ...base,
      cause: 'rounding',
      contraction,
      amplification,
      finding,
      advice: 'Use the stable order of the steps (or a shorter period).',
    };
  }
  // (3) every eigenvalue known and the schedule contracts on them: not the interval
  if (exact && contraction) {
    const finding =
      `${why}; the interval ${where} is not the cause:${contractive}, and rounding ` +
      `amplification is only ${amplification ? fmtLog(amplification.log10) : 'small'}.`;
    return {
      ...base,
      cause: 'unknown',
      contraction,
      amplification,
      finding,
      advice: 'Check that the operator is symmetric and does not change during the run.',
    };
  }
  // (4) an eigenvalue above lmax
  let lambda: number | undefined;
  let detail = '';
  if (steps && period && growth > 1) {
    const l = lambdaForGrowth(steps, growth);
    if (Number.isFinite(l)) {
      lambda = l;
      detail =
        ` (growth x${fmt(growth)} per period of ${period} steps is |p_T(lambda)| at lambda = ${fmt(l)};` +
        ` try lmax >= ${fmt(1.1 * l)})`;
    }
  } else if (known && interval && known.lmax > interval.lmax) {
    detail = ` (the estimated spectrum reaches ${fmt(known.lmax)}; try lmax >= ${fmt(known.lmax)})`;
  }
  const finding = `${why}; the interval ${where} seems wrong: an eigenvalue above lmax makes the iteration diverge.`;
  return {
    ...base,
    cause: 'interval',
    contraction,
    amplification,
    lambda,
    finding,
    advice: `Use a larger lmax${detail}.`,
  };
}

/** log10 |p_T(lambda)| = sum_t log10 |1 - gamma_t lambda| (no overflow). */
function log10AbsP(steps: ArrayLike<number>, lambda: number): number {
  let s = 0;
  for (let t = 0; t < steps.length; t++) s += Math.log10(Math.abs(1 - steps[t] * lambda));
  return s;
}

/**
 * max |p_T| of a schedule over a known spectrum: its eigenvalues when given,
 * else a grid of 1001 points of [lmin, lmax] (ends included; a lower bound
 * of the maximum over the interval). O(T) per point.
 */
export function scheduleContraction(
  steps: ArrayLike<number>,
  spectrum: KnownSpectrum,
): Contraction {
  let points: ArrayLike<number>;
  let over: Contraction['over'] = 'eigenvalues';
  if (spectrum.eigenvalues !== undefined && spectrum.eigenvalues.length > 0) {
    points = spectrum.eigenvalues;
  } else {
    over = 'interval';
    const { lmin, lmax } = spectrum;
    const G = lmax > lmin ? GRID : 1;
    points = Float64Array.from({ length: G }, (_, j) =>
      j === G - 1 ? lmax : lmin + ((lmax - lmin) * j) / (G - 1),
    );
  }
  let best = -Infinity;
  let lambda = NaN;
  for (let i = 0; i < points.length; i++) {
    const v = log10AbsP(steps, points[i]);
    if (v > best || Number.isNaN(v)) {
      best = v;
      lambda = points[i];
      if (Number.isNaN(v)) break;
    }
  }
  return { value: 10 ** best, log10: best, lambda, over };
}

/**
 * log10 of the rounding amplification of one period over [lmin, lmax]:
 * max_t (max_lambda |prod_{s<t}(1 - gamma_s lambda)|) (max_lambda |prod_{s>=t}(1 - gamma_s lambda)|)
 * on a grid of 1001 points (see the header). O(G T).
 */
export function roundingAmplification(
  steps: ArrayLike<number>,
  lmin: number,
  lmax: number,
): number {
  const T = steps.length;
  const G = GRID;
  const lambda = Float64Array.from({ length: G }, (_, j) =>
    j === G - 1 ? lmax : lmin + ((lmax - lmin) * j) / (G - 1),
  );
  const prefix = new Float64Array(T + 1); // log10 max_lambda |prod_{s<t}|
  const q = new Float64Array(G);
  for (let t = 0; t < T; t++) {
    let m = -Infinity;
    for (let j = 0; j < G; j++) {
      q[j] += Math.log10(Math.abs(1 - steps[t] * lambda[j]));
      if (q[j] > m) m = q[j];
    }
    prefix[t + 1] = m;
  }
  q.fill(0);
  let best = prefix[T]; // t = T: suffix 1
  for (let t = T - 1; t >= 0; t--) {
    let m = -Infinity;
    for (let j = 0; j < G; j++) {
      q[j] += Math.log10(Math.abs(1 - steps[t] * lambda[j]));
      if (q[j] > m) m = q[j];
    }
    best = Math.max(best, prefix[t] + m);
  }
  return best;
}

function isMonotone(steps: ArrayLike<number>): boolean {
  let up = true;
  let down = true;
  for (let t = 1; t < steps.length; t++) {
    up &&= steps[t] >= steps[t - 1];
    down &&= steps[t] <= steps[t - 1];
  }
  return steps.length > 2 && (up || down);
}

/** kappa of the interval, or max/min of positive steps, else 1. */
function conditionOf(info: IterationInfo): number {
  if (info.interval) return info.interval.lmax / info.interval.lmin;
  if (info.steps && info.steps.every((g) => g > 0)) {
    const { min, max } = minMax(info.steps); // a loop: spreading long schedules overflows the stack
    return max / min;
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
  if (v !== 0 && Math.abs(v) < 1e-3) return Number(v.toPrecision(4)).toExponential();
  return Number(v.toPrecision(4)).toString();
}

/** 10^x for messages: plain when in range, else '1e+232' style. */
function fmtLog(log10: number): string {
  if (!Number.isFinite(log10)) return log10 > 0 ? 'Infinity' : '0';
  if (Math.abs(log10) < 300) return fmt(10 ** log10);
  const e = Math.floor(log10);
  return `${(10 ** (log10 - e)).toFixed(2)}e+${e}`;
}
