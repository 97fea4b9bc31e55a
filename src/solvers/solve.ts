/**
 * solve(): a thin loop over a solver iterator (style.md 5 and 6).
 *
 * Stop rule, written once, checked at every iterate x_k (k = 0 included):
 *
 *   converged       ||r_k|| <= tol * ref,   ref = ||b||, or ||r_0|| when b = 0
 *   non-finite      ||r_k|| or an entry of x_k is not finite (checked first)
 *   max-iterations  k = maxIterations, or the iterator's own budget ended
 *   breakdown       the iterator ended with a breakdown (CG: p^T A p <= 0)
 *
 * r_k is the iterator's residual (b - A x_k for linear systems). The
 * residual history is ||r_k|| / ref for k = 0..iterations.
 * For methods tuned to an interval, an IntervalMonitor (interval-check.ts)
 * watches the residual at whole periods and adds a warning when it grows,
 * with its likely cause (`diagnosis`: a schedule not contractive on the
 * known spectrum, rounding amplified by the order of the steps, or an
 * interval that misses an eigenvalue). It names the method as given to
 * solve() ('chebyshev', not the 'gd' iterator it runs on) unless
 * `intervalCheck.label` says otherwise.
 *
 * `solve` takes an iterator built by one of the *Iterates functions, or a
 * method description { method, operator, b, ... } that it turns into one.
 */
import type { LinearOperator } from '../linalg/operator.js';
import { allFinite } from '../linalg/vector.js';
import { chebyshevSteps, type StepOrder } from '../schedules/chebyshev.js';
import { optimalConstantStep } from '../schedules/constant.js';
import { cgIterates } from './cg.js';
import { chebyshevSemiIterates } from './chebyshev-semi-iterative.js';
import { gdIterates } from './gd.js';
import { heavyBallIterates } from './heavy-ball.js';
import {
  IntervalMonitor,
  type IntervalCheckOptions,
  type IntervalDiagnosis,
} from './interval-check.js';
import { nesterovIterates } from './nesterov.js';
import type { Interval, IterationInfo, SolverIterator, SolverState } from './types.js';

export type StopReason = 'converged' | 'max-iterations' | 'breakdown' | 'non-finite';

export const METHODS = [
  'gd',
  'chebyshev',
  'heavy-ball',
  'nesterov',
  'chebyshev-semi-iterative',
  'cg',
] as const;
export type MethodName = (typeof METHODS)[number];

/** Default period of the 'chebyshev' method (stable order). */
export const DEFAULT_CHEBYSHEV_PERIOD = 32;

interface MethodBase {
  operator: LinearOperator;
  b: ArrayLike<number>;
  x0?: ArrayLike<number>;
  xStar?: ArrayLike<number>;
}

/** A method with its problem, for solve(). */
export type SolveMethod =
  /** GD with a periodic schedule `steps`, or with the optimal constant step 2/(lmin+lmax) of `interval`. */
  | (MethodBase & { method: 'gd'; steps?: ArrayLike<number>; interval?: Interval })
  /** GD with T = period Chebyshev steps for `interval` (default T = 32, order 'stable'), repeated. */
  | (MethodBase & { method: 'chebyshev'; interval: Interval; period?: number; order?: StepOrder })
  | (MethodBase & {
      method: 'heavy-ball' | 'nesterov' | 'chebyshev-semi-iterative';
      interval: Interval;
    })
  | (MethodBase & { method: 'cg' });

export interface SolveOptions {
  /** Relative residual tolerance (default 1e-8). */
  tol?: number;
  /** Maximum number of iterations (default 1000). */
  maxIterations?: number;
  /** Settings of the interval check, or false to switch it off. */
  intervalCheck?: IntervalCheckOptions | false;
}

export interface SolveResult {
  method: string;
  reason: StopReason;
  /** Why, for 'breakdown' and 'non-finite'. */
  detail?: string;
  /** k of the last iterate. */
  iterations: number;
  /** The last iterate (a copy). */
  x: Float64Array;
  residualNorm: number;
  /** residualNorm / referenceNorm (0 when both are 0). */
  relativeResidual: number;
  /** ||b||, or ||r_0|| when b = 0. */
  referenceNorm: number;
  /** ||r_k|| / referenceNorm, k = 0..iterations. */
  residualHistory: Float64Array;
  /** ||x_k - x*||, k = 0..iterations, when x* was given. */
  errorHistory?: Float64Array;
  tol: number;
  interval?: Interval;
  period?: number;
  warnings: string[];
  /** The interval check's diagnosis behind its warning, when it made one. */
  diagnosis?: IntervalDiagnosis;
}

/** Build the iterator of a method description. */
export function methodIterator(spec: SolveMethod, maxIterations?: number): SolverIterator {
  if (spec == null || typeof spec !== 'object') {
    throw new TypeError(`solve: expected an iterator or a method description; got ${String(spec)}`);
  }
  const { operator: op, b } = spec;
  const opts = { x0: spec.x0, xStar: spec.xStar, maxIterations };
  switch (spec.method) {
    case 'gd': {
      if (spec.steps !== undefined)
        return gdIterates(op, b, spec.steps, { ...opts, interval: spec.interval });
      if (spec.interval === undefined) {
        throw new RangeError("solve: method 'gd' needs steps or an interval; got neither");
      }
      const step = optimalConstantStep(spec.interval.lmin, spec.interval.lmax);
      return gdIterates(op, b, [step], { ...opts, interval: spec.interval });
    }
    case 'chebyshev': {
      const T = spec.period ?? DEFAULT_CHEBYSHEV_PERIOD;
      const steps = chebyshevSteps(T, spec.interval?.lmin, spec.interval?.lmax, {
        order: spec.order ?? 'stable',
      });
      return gdIterates(op, b, steps, { ...opts, interval: spec.interval });
    }
    case 'heavy-ball':
      return heavyBallIterates(op, b, spec.interval, opts);
    case 'nesterov':
      return nesterovIterates(op, b, spec.interval, opts);
    case 'chebyshev-semi-iterative':
      return chebyshevSemiIterates(op, b, spec.interval, opts);
    case 'cg':
      return cgIterates(op, b, opts);
    default:
      throw new RangeError(
        `solve: method must be one of ${METHODS.join(', ')}; got ${String((spec as { method: unknown }).method)}`,
      );
  }
}

function isIterator(x: unknown): x is SolverIterator {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as SolverIterator).next === 'function' &&
    typeof (x as SolverIterator).info === 'object'
  );
}

/** Run an iterator (or a method) to the stop rule. */
export function solve(
  source: SolverIterator | SolveMethod,
  options: SolveOptions = {},
): SolveResult {
  const tol = options.tol ?? 1e-8;
  const maxIterations = options.maxIterations ?? 1000;
  if (!(tol >= 0) || !Number.isFinite(tol)) {
    throw new RangeError(`solve: tol must be finite and >= 0; got ${tol}`);
  }
  if (!Number.isInteger(maxIterations) || maxIterations < 0) {
    throw new RangeError(
      `solve: maxIterations must be a non-negative integer; got ${maxIterations}`,
    );
  }
  const it = isIterator(source) ? source : methodIterator(source, maxIterations);
  const info: IterationInfo = it.info;
  const label = isIterator(source) ? undefined : source.method;
  const monitor =
    options.intervalCheck !== false && (info.interval !== undefined || info.period !== undefined)
      ? new IntervalMonitor(info, { label, ...(options.intervalCheck || {}) })
      : null;

  const residuals: number[] = [];
  const errors: number[] = [];
  const warnings: string[] = [];
  let ref = NaN;
  let last: SolverState | null = null;
  let reason: StopReason;
  let detail: string | undefined;
  for (;;) {
    const next = it.next();
    if (next.done) {
      const end = next.value;
      reason = end.reason;
      if (end.reason !== 'max-iterations') detail = end.detail;
      break;
    }
    const s = next.value;
    last = s;
    if (residuals.length === 0) ref = info.rhsNorm > 0 ? info.rhsNorm : s.residualNorm;
    residuals.push(ref > 0 ? s.residualNorm / ref : s.residualNorm === 0 ? 0 : Infinity);
    if (s.errorNorm !== undefined) errors.push(s.errorNorm);
    if (!Number.isFinite(s.residualNorm) || !allFinite(s.x)) {
      reason = 'non-finite';
      detail = `the residual or the iterate is not finite at k = ${s.k}`;
      const w = monitor?.nonFinite(s.k);
      if (w) warnings.push(w);
      break;
    }
    if (s.residualNorm <= tol * ref) {
      reason = 'converged';
      break;
    }
    const w = monitor?.observe(s.k, s.residualNorm);
    if (w) warnings.push(w);
    if (s.k >= maxIterations) {
      reason = 'max-iterations';
      break;
    }
  }
  if (last === null) {
    throw new RangeError('solve: the iterator yielded no state (was it already exhausted?)');
  }
  const result: SolveResult = {
    method: info.method,
    reason,
    iterations: last.k,
    x: Float64Array.from(last.x),
    residualNorm: last.residualNorm,
    relativeResidual: residuals[residuals.length - 1],
    referenceNorm: ref,
    residualHistory: Float64Array.from(residuals),
    tol,
    warnings,
  };
  if (detail !== undefined) result.detail = detail;
  if (errors.length > 0) result.errorHistory = Float64Array.from(errors);
  if (info.interval) result.interval = { lmin: info.interval.lmin, lmax: info.interval.lmax };
  if (info.period !== undefined) result.period = info.period;
  if (monitor?.diagnosis) result.diagnosis = monitor.diagnosis;
  return result;
}
