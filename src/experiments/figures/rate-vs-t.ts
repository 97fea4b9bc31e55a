/**
 * Figure `rate-vs-T`: the per-step rate of Chebyshev steps as T grows
 * (Takabe & Wadayama, arXiv:2001.05142, Sec. V), for eigenvalues in
 * [1, kappa] (rates depend only on kappa):
 *
 *   rate_T = ( max_{lambda in [1, kappa]} |p_T(lambda)| )^(1/T),
 *   p_T(lambda) = prod_t (1 - gamma_t lambda),  gamma_t the T Chebyshev steps,
 *
 * measured numerically on the interval (worstCaseOnInterval), next to the
 * closed form (1 / C_T((kappa+1)/(kappa-1)))^(1/T), its limit
 * (sqrt(kappa)-1)/(sqrt(kappa)+1) (the first-order lower bound) and GD's
 * (kappa-1)/(kappa+1) with the optimal constant step. At T = 1 the Chebyshev
 * step is 2/(1+kappa) and the rate equals GD's.
 *
 * The steps are taken in the stable order: p_T does not depend on the
 * order, but its float64 evaluation does. In index order (smallest step
 * first) the partial products at large lambda fall below 1e-308 and lose
 * their digits in subnormal numbers before the large factors come: for
 * T >= 768 the measured maximum was then off by orders of magnitude. The
 * stable order keeps every partial product moderate.
 */
import {
  chebyshevAsymptoticRate,
  chebyshevRate,
  gdOptimalRate,
  worstCaseOnInterval,
} from '../../analysis/index.js';
import { minMax } from '../../linalg/vector.js';
import { chebyshevSteps } from '../../schedules/index.js';
import type { FigureTable, KeyNumber } from './types.js';

export interface RateVsTOptions {
  kappas?: number[];
  Ts?: number[];
}

export const RATE_VS_T_DEFAULTS = {
  kappas: [10, 100, 1000, 10000],
  Ts: [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024],
};

export interface RateVsTRow {
  kappa: number;
  T: number;
  /** max |p_T| over [1, kappa], measured, to the power 1/T */
  rateChebyshev: number;
  rateClosedForm: number;
  rateAsymptotic: number;
  rateGd: number;
}

export interface RateVsTData {
  settings: { kappas: number[]; Ts: number[]; interval: string; order: 'stable' };
  rows: RateVsTRow[];
  /** columns kappa, T, rate_chebyshev, rate_chebyshev_closed_form, rate_asymptotic, rate_gd */
  table: FigureTable;
  keyNumbers: KeyNumber[];
}

export function rateVsTData(options: RateVsTOptions = {}): RateVsTData {
  const kappas = options.kappas ?? RATE_VS_T_DEFAULTS.kappas;
  const Ts = options.Ts ?? RATE_VS_T_DEFAULTS.Ts;
  for (const k of kappas) {
    if (!(k > 1) || !Number.isFinite(k)) {
      throw new RangeError(`rateVsTData: each kappa must be finite and > 1; got ${k}`);
    }
  }
  for (const T of Ts) {
    if (!Number.isInteger(T) || T < 1) {
      throw new RangeError(`rateVsTData: each T must be a positive integer; got ${T}`);
    }
  }
  const rows: RateVsTRow[] = [];
  for (const kappa of kappas) {
    for (const T of Ts) {
      const steps = chebyshevSteps(T, 1, kappa, { order: 'stable' });
      const worst = worstCaseOnInterval(steps, 1, kappa).value;
      rows.push({
        kappa,
        T,
        rateChebyshev: Math.pow(worst, 1 / T),
        rateClosedForm: chebyshevRate(T, kappa),
        rateAsymptotic: chebyshevAsymptoticRate(kappa),
        rateGd: gdOptimalRate(kappa),
      });
    }
  }
  const table: FigureTable = {
    columns: [
      'kappa',
      'T',
      'rate_chebyshev',
      'rate_chebyshev_closed_form',
      'rate_asymptotic',
      'rate_gd',
    ],
    rows: rows.map((r) => [
      r.kappa,
      r.T,
      r.rateChebyshev,
      r.rateClosedForm,
      r.rateAsymptotic,
      r.rateGd,
    ]),
  };
  const Tmax = minMax(Ts).max;
  const keyNumbers: KeyNumber[] = kappas.map((kappa) => {
    const r = rows.find((x) => x.kappa === kappa && x.T === Tmax) as RateVsTRow;
    return {
      key: `rate_chebyshev_kappa${kappa}_T${Tmax}`,
      label: `Chebyshev rate per step, kappa = ${kappa}, T = ${Tmax} (limit ${r.rateAsymptotic.toPrecision(4)}, GD ${r.rateGd.toPrecision(4)})`,
      value: r.rateChebyshev,
    };
  });
  return {
    settings: { kappas, Ts, interval: '[1, kappa]', order: 'stable' },
    rows,
    table,
    keyNumbers,
  };
}
