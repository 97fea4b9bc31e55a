/**
 * Drawing of the figures that need only a spectrum and schedules:
 * `rate-vs-T` (Chebyshev rate per step vs T for a few kappa) and
 * `polynomial` (|p_T(lambda)| with the eigenvalue histogram below).
 * Each turns figure data from src/experiments/figures into a FigureOutput.
 */
import { minMax } from '../linalg/vector.js';
import type { PolynomialData } from '../experiments/figures/polynomial.js';
import type { RateVsTData } from '../experiments/figures/rate-vs-t.js';
import { histogramChart, lineChart, stackCharts } from './chart.js';
import type { FigureOutput } from './figure.js';

const g = (v: number, d = 4) => Number(v.toPrecision(d)).toString();

export function rateVsTFigure(data: RateVsTData): FigureOutput {
  const panels = data.settings.kappas.map((kappa) => {
    const rows = data.rows.filter((r) => r.kappa === kappa);
    const T = rows.map((r) => r.T);
    const range = minMax(T);
    return lineChart({
      title: `kappa = ${kappa}`,
      xLabel: 'T (number of Chebyshev steps)',
      yLabel: 'rate per step',
      xScale: 'log',
      xDomain: [range.min, range.max],
      width: 340,
      height: 210,
      points: true,
      series: [
        {
          name: 'Chebyshev steps: max|p_T|^(1/T)',
          colorKey: 'Chebyshev',
          x: T,
          y: rows.map((r) => r.rateChebyshev),
        },
        {
          name: '(√κ−1)/(√κ+1)',
          x: T,
          y: rows.map((r) => r.rateAsymptotic),
          dashed: true,
        },
        {
          name: 'GD: (κ−1)/(κ+1)',
          colorKey: 'GD',
          x: T,
          y: rows.map((r) => r.rateGd),
          dashed: true,
        },
      ],
    });
  });
  let maxDiff = 0;
  for (const r of data.rows) {
    maxDiff = Math.max(maxDiff, Math.abs(r.rateChebyshev - r.rateClosedForm) / r.rateClosedForm);
  }
  return {
    name: 'rate-vs-T',
    title: 'Per-step rate of Chebyshev steps approaches (√κ−1)/(√κ+1)',
    caption:
      `Eigenvalues in [1, kappa]; rate = (max over the interval of |p_T|)^(1/T) for the T Chebyshev steps ` +
      `(stable order), measured on a grid with golden-section refinement (agrees with the closed form ` +
      `C_T((κ+1)/(κ−1))^(−1/T) to ${maxDiff.toExponential(1)} relative); ` +
      `T = ${data.settings.Ts.join(', ')}.`,
    chart: stackCharts(panels, { columns: 2 }, { sharedLegend: true }),
    table: data.table,
    keyNumbers: data.keyNumbers,
    json: { settings: data.settings },
  };
}

/** |p_T| floor on the log axis: roots of p_T are exact zeros. */
export const POLYNOMIAL_LOG_FLOOR = 1e-8;

export function polynomialFigure(data: PolynomialData, context: string): FigureOutput {
  const s = data.settings;
  const domain: [number, number] = [0, s.range[1]];
  const curve = lineChart({
    xLabel: 'λ',
    yLabel: '|p_T(λ)|',
    yScale: 'log',
    xDomain: domain,
    logFloor: POLYNOMIAL_LOG_FLOOR,
    points: false,
    width: 560,
    height: 300,
    series: data.schedules.map((sch, i) => ({
      colorKey: sch.colorKey,
      name: `${sch.label} (ρ = ${data.spectralRadii[i].toExponential(2)})`,
      x: data.lambda,
      y: Array.from(data.values[i], Math.abs),
    })),
  });
  const hist = histogramChart({
    values: data.eigenvalues,
    bins: 60,
    domain,
    xLabel: 'λ (eigenvalues of A)',
    yLabel: 'count',
    width: 560,
    height: 90,
  });
  return {
    name: 'polynomial',
    title: 'Step polynomials |p_T(λ)| = |∏(1 − γ_t λ)| and the spectrum',
    caption:
      `|p_T| on ${s.points} points of [0, 1.1 lmax] = [0, ${g(s.range[1])}]; ρ = max over the ` +
      `${s.n} eigenvalues of |p_T|. ${context}`,
    chart: stackCharts([curve, hist], 'vertical', { sharedX: true }),
    table: data.table,
    keyNumbers: data.keyNumbers,
    json: {
      settings: data.settings,
      schedules: data.schedules.map((sch, i) => ({
        key: sch.key,
        label: sch.label,
        steps: sch.steps,
        spectralRadius: data.spectralRadii[i],
      })),
      eigenvalues: data.eigenvalues,
    },
  };
}
