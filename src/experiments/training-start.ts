/**
 * Where DUGD training starts: the initial step gamma_t of every layer t.
 *
 *   g0          (a number)  gamma_t = g0 for every t: the paper's 0.3, which
 *                           suits its own scaling (lmax about 5.8) only
 *   'c/lmax'    (e.g. '1/lmax')  gamma_t = c / lmax for every t: the same
 *                           start relative to the spectrum on a matrix of
 *                           any scale (1/lmax is a safe first step: |1 -
 *                           gamma lambda| < 1 for 0 < lambda <= lmax)
 *   'chebyshev'             gamma_t = the t-th Chebyshev step for [lmin, lmax]
 *                           (index order: smallest first), the worst-case
 *                           optimal schedule of length T
 *
 * Together with the 'log' parametrization (gamma = exp(p), unfold/train.ts)
 * a start '1/lmax' makes training scale-free: A and c A give learned steps
 * that differ by the factor 1/c.
 */
import { chebyshevSteps } from '../schedules/chebyshev.js';

/** A number, 'chebyshev', or 'c/lmax' with a positive number c. */
export type InitSpec = number | string;

const PER_LMAX = /^\s*([0-9.eE+-]+)\s*\/\s*lmax\s*$/;

/** Checks a start given as a number or text; returns it normalised (numbers stay numbers). */
export function parseInitSpec(raw: string | number, where = 'init'): InitSpec {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) throw new RangeError(`${where}: must be finite; got ${raw}`);
    return raw;
  }
  const text = String(raw).trim();
  if (text === 'chebyshev') return text;
  const m = PER_LMAX.exec(text);
  if (m) {
    const c = Number(m[1]);
    if (!(c > 0) || !Number.isFinite(c)) {
      throw new RangeError(`${where}: expected c/lmax with a number c > 0; got '${raw}'`);
    }
    return `${c}/lmax`;
  }
  const v = text === '' ? NaN : Number(text);
  if (!Number.isFinite(v)) {
    throw new RangeError(`${where}: expected a number, 'c/lmax' or 'chebyshev'; got '${raw}'`);
  }
  return v;
}

/** The T initial steps for the interval [lmin, lmax] of the problem. */
export function initialSteps(spec: InitSpec, T: number, lmin: number, lmax: number): Float64Array {
  const s = parseInitSpec(spec);
  if (typeof s === 'number') return new Float64Array(T).fill(s);
  if (s === 'chebyshev') return chebyshevSteps(T, lmin, lmax, { order: 'index' });
  const c = Number(PER_LMAX.exec(s)![1]);
  return new Float64Array(T).fill(c / lmax); // gamma_t = c / lmax
}
