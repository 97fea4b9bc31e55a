/**
 * Figure `polynomial`: the step polynomial of several schedules over
 * [0, 1.1 lmax] with the eigenvalues below it (Takabe & Wadayama,
 * arXiv:2001.05142, Sec. IV-V):
 *
 *   p_T(lambda) = prod_{t=0}^{T-1} (1 - gamma_t lambda),
 *   spectral radius rho = max_i |p_T(lambda_i)| over the eigenvalues.
 *
 * Learned steps put roots 1/gamma_t across the spectrum like the Chebyshev
 * nodes do, keeping |p_T| small on [lmin, lmax]; a constant step has one
 * root of multiplicity T. The table holds the signed p_T on a uniform grid
 * of lambda; the figure draws |p_T| on a log axis.
 */
import { spectralRadius, stepPolynomialValues } from '../../analysis/index.js';
import { minMax } from '../../linalg/index.js';
import type { FigureTable, KeyNumber } from './types.js';

export interface NamedSchedule {
  /** short identifier, used in column names: p_<key> */
  key: string;
  /** legend label */
  label: string;
  /** fixed colour name for the figures (e.g. 'DUGD', 'Chebyshev', 'GD') */
  colorKey?: string;
  steps: Float64Array;
}

export interface PolynomialOptions {
  eigenvalues: ArrayLike<number>;
  schedules: NamedSchedule[];
  /** grid points on [0, 1.1 lmax] (default 1501) */
  points?: number;
  /** upper end of the axis as a multiple of lmax (default 1.1) */
  extend?: number;
}

export interface PolynomialData {
  settings: { points: number; range: [number, number]; n: number; lmin: number; lmax: number };
  lambda: Float64Array;
  /** p_T(lambda) on the grid, one array per schedule (same order as the input) */
  values: Float64Array[];
  schedules: NamedSchedule[];
  eigenvalues: Float64Array;
  spectralRadii: number[];
  /** columns lambda, p_<key> for each schedule */
  table: FigureTable;
  keyNumbers: KeyNumber[];
}

export function polynomialData(options: PolynomialOptions): PolynomialData {
  const points = options.points ?? 1501;
  const extend = options.extend ?? 1.1;
  if (!Number.isInteger(points) || points < 2) {
    throw new RangeError(`polynomialData: points must be an integer >= 2; got ${points}`);
  }
  if (options.eigenvalues.length === 0) throw new RangeError('polynomialData: no eigenvalues');
  if (options.schedules.length === 0) throw new RangeError('polynomialData: no schedules');
  const eigenvalues = Float64Array.from(options.eigenvalues).sort();
  const { min: lmin, max: lmax } = minMax(eigenvalues);
  const hi = extend * lmax;
  const lambda = Float64Array.from({ length: points }, (_, j) =>
    j === points - 1 ? hi : (hi * j) / (points - 1),
  );
  const values = options.schedules.map((s) => stepPolynomialValues(s.steps, lambda));
  const spectralRadii = options.schedules.map((s) => spectralRadius(s.steps, eigenvalues));
  const columns = ['lambda', ...options.schedules.map((s) => `p_${s.key}`)];
  const rows = Array.from(lambda, (l, j) => [l, ...values.map((v) => v[j])]);
  return {
    settings: { points, range: [0, hi], n: eigenvalues.length, lmin, lmax },
    lambda,
    values,
    schedules: options.schedules,
    eigenvalues,
    spectralRadii,
    table: { columns, rows },
    keyNumbers: options.schedules.map((s, i) => ({
      key: `spectral_radius_${s.key}`,
      label: `spectral radius max_i |p_T(lambda_i)|, ${s.label} (T = ${s.steps.length})`,
      value: spectralRadii[i],
    })),
  };
}
