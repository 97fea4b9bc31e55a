/**
 * The shared shape of every solver in this layer (style.md 5 and 6).
 *
 * A solver is a generator function `fooIterates(op, b, ..., options)` that
 * yields one small state per iterate x_k, k = 0, 1, 2, ... (k = 0 is the
 * start x_0):
 *
 *   { k, x (a live view: valid until the next call of next()), residualNorm, errorNorm? }
 *
 * with residualNorm = ||b - A x_k||_2 (the problem's residual; fixed-point
 * maps define their own, see fixed-point.ts) and errorNorm = ||x_k - x*||_2
 * when options.xStar is given. The generator ends, returning an
 * `IterationEnd`, when its own iteration budget is used up or when the
 * method breaks down (CG: p^T A p <= 0). It never throws for numerical
 * reasons; `solve()` (solve.ts) loops over it and applies the stop rule.
 *
 * Every iterator also carries `info`: what `solve()` needs besides the
 * states (the denominator of the relative residual, the schedule period and
 * interval for the divergence check).
 *
 * Each method keeps its whole loop in its own generator `run(..., p)`,
 * including the shared head (g <- A x - b, yield, max-iterations): moving
 * the operator application or the update into a shared helper or callback
 * keeps V8 from inlining op.apply into the loop and cost 20-40 % per
 * iteration on a 490000-unknown CSR Poisson matrix (measured). The start-up
 * is shared: prepare, prepareTuned, withInfo.
 */
import type { LinearOperator } from '../linalg/operator.js';
import { allFinite, distance, norm2 } from '../linalg/vector.js';

/** One iterate. `x` is a live view of the solver's vector: copy it to keep it. */
export interface SolverState {
  /** Iteration index: x = x_k. */
  readonly k: number;
  /** x_k (live view; overwritten by the next step). */
  readonly x: Float64Array;
  /** ||b - A x_k||_2 (or the fixed-point map's residual). */
  readonly residualNorm: number;
  /** ||x_k - x*||_2, present when options.xStar is given. */
  readonly errorNorm?: number;
}

/** Why a generator ended by itself (solve() has its own stop rule on top). */
export type IterationEnd =
  | { readonly reason: 'max-iterations' }
  | { readonly reason: 'breakdown'; readonly detail: string }
  | { readonly reason: 'converged'; readonly detail: string };

/** The spectral interval [lmin, lmax] a method's parameters are tuned to. */
export interface Interval {
  readonly lmin: number;
  readonly lmax: number;
}

/** What solve() needs to know about an iterator besides its states. */
export interface IterationInfo {
  /** Method name, e.g. 'gd', 'cg', 'fixed-point'. */
  readonly method: string;
  /**
   * ||b||: the stop rule measures the residual relative to it (solve()
   * uses ||r_0|| instead when it is 0). Fixed-point maps give their own.
   */
  readonly rhsNorm: number;
  /** Length T of a periodic schedule gamma_{k mod T} (schedule-based methods). */
  readonly period?: number;
  /** The periodic schedule itself (steps or relaxation factors), when there is one. */
  readonly steps?: Float64Array;
  /** The interval the parameters were tuned to, when the method uses one. */
  readonly interval?: Interval;
}

export interface SolverIterator<S extends SolverState = SolverState> extends Generator<
  S,
  IterationEnd,
  undefined
> {
  readonly info: IterationInfo;
}

/** Options shared by every iterator. Inputs are read-only (x0 is copied). */
export interface SolverOptions {
  /** Start x_0 (default: zeros). */
  x0?: ArrayLike<number>;
  /** The exact solution x*, to report errorNorm = ||x_k - x*||. */
  xStar?: ArrayLike<number>;
  /** Number of updates after which the generator ends (default: unbounded). */
  maxIterations?: number;
}

/** Checked and copied start-up values of an iterator. */
export interface Prepared {
  n: number;
  x: Float64Array;
  /** A copy of b (empty when the iterator has no right-hand side). */
  b: Float64Array;
  xStar: Float64Array | null;
  maxIterations: number;
}

export function checkVector(
  where: string,
  name: string,
  v: ArrayLike<number>,
  n: number,
): Float64Array {
  if (v == null || typeof v.length !== 'number') {
    throw new TypeError(`${where}: ${name} must be an array of numbers; got ${String(v)}`);
  }
  if (v.length !== n) {
    throw new RangeError(
      `${where}: ${name} must have length ${n} (the operator size); got ${v.length}`,
    );
  }
  const out = Float64Array.from(v);
  if (!allFinite(out))
    throw new RangeError(`${where}: ${name} must be finite; got a non-finite entry`);
  return out;
}

/** Argument checks at the public boundary of an iterator; copies b, x0 and x*. */
export function prepare(
  where: string,
  size: number,
  b: ArrayLike<number> | null,
  options: SolverOptions,
): Prepared {
  const n = size;
  const bb = b === null ? new Float64Array(0) : checkVector(where, 'b', b, n);
  const x =
    options.x0 === undefined ? new Float64Array(n) : checkVector(where, 'x0', options.x0, n);
  const xStar = options.xStar === undefined ? null : checkVector(where, 'xStar', options.xStar, n);
  const maxIterations = options.maxIterations ?? Infinity;
  if (
    !(maxIterations >= 0) ||
    (Number.isFinite(maxIterations) && !Number.isInteger(maxIterations))
  ) {
    throw new RangeError(
      `${where}: maxIterations must be a non-negative integer or Infinity; got ${maxIterations}`,
    );
  }
  return { n, x, b: bb, xStar, maxIterations };
}

/**
 * Start-up of a method tuned to an interval [lmin, lmax] (heavy ball,
 * Nesterov, Chebyshev semi-iteration): checks op and the interval, copies
 * b, x0 and x*; its info for solve(): ||b|| and the interval.
 */
export function prepareTuned(
  where: string,
  method: string,
  op: LinearOperator,
  b: ArrayLike<number>,
  interval: Interval,
  options: SolverOptions,
): { p: Prepared; info: IterationInfo } {
  checkOperator(where, op);
  checkSolverInterval(where, interval);
  const p = prepare(where, op.size, b, options);
  const info = {
    method,
    rhsNorm: norm2(p.b),
    interval: { lmin: interval.lmin, lmax: interval.lmax },
  };
  return { p, info };
}

export function checkOperator(where: string, op: LinearOperator): void {
  if (op == null || typeof op.apply !== 'function' || !Number.isInteger(op.size) || op.size < 1) {
    throw new TypeError(
      `${where}: op must be a LinearOperator { size, symmetric, apply }; got ${String(op)}`,
    );
  }
}

export function checkSolverInterval(where: string, interval: Interval, strict = false): void {
  const { lmin, lmax } = interval ?? ({} as Interval);
  const ok =
    Number.isFinite(lmin) &&
    Number.isFinite(lmax) &&
    lmin > 0 &&
    (strict ? lmin < lmax : lmin <= lmax);
  if (!ok) {
    throw new RangeError(
      `${where}: interval must satisfy 0 < lmin ${strict ? '<' : '<='} lmax (finite); got lmin=${lmin}, lmax=${lmax}`,
    );
  }
}

/** The state for x_k. */
export function stateOf(
  k: number,
  x: Float64Array,
  residualNorm: number,
  xStar: Float64Array | null,
): SolverState {
  return xStar ? { k, x, residualNorm, errorNorm: distance(x, xStar) } : { k, x, residualNorm };
}

/** Attach `info` to a generator object. */
export function withInfo<S extends SolverState>(
  gen: Generator<S, IterationEnd, undefined>,
  info: IterationInfo,
): SolverIterator<S> {
  return Object.assign(gen, { info });
}
