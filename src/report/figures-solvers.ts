/**
 * Drawing of the solver figures: `accelerated` (error curves of the
 * first-order methods and CG) and `ordering` (Chebyshev steps in three
 * orders on a rotated problem). Data: src/experiments/figures/accelerated.ts
 * and ordering.ts.
 */
import { ACCELERATED_METHODS, type AcceleratedData } from '../experiments/figures/accelerated.js';
import type { OrderingData } from '../experiments/figures/ordering.js';
import { lineChart, stackCharts, type LineSeries } from './chart.js';
import type { FigureOutput } from './figure.js';

const g = (v: number, d = 4) => Number(v.toPrecision(d)).toString();

export function acceleratedFigure(data: AcceleratedData): FigureOutput {
  const o = data.options;
  const K = data.iterations;
  const k = Array.from({ length: K + 1 }, (_, j) => j);
  const series: LineSeries[] = ACCELERATED_METHODS.map((m) => ({
    name:
      m.key === 'chgd'
        ? `CHGD (T = ${o.T}, repeated)`
        : m.key === 'dugd'
          ? `DUGD (T = ${o.T}, repeated)`
          : m.label,
    colorKey: m.key === 'chgd' ? 'CHGD' : m.key === 'dugd' ? 'DUGD' : m.label,
    x: k,
    y: data.curves[m.key],
    points: false,
  }));
  const run = data.dugdRun.settings;
  return {
    name: 'accelerated',
    title: 'GD with Chebyshev or learned steps against momentum methods and CG',
    caption:
      `MSE = mean over ${o.samples} samples of ||x_k − x||²/n, x ~ N(0, I), b = A x, x_0 = 0; ` +
      `A = H H^T with H ${o.n} x ${o.m} iid N(0, 1/n) (seed ${o.seed}): lmin = ${g(data.lmin)}, ` +
      `lmax = ${g(data.lmax)}, kappa = ${g(data.kappa)} (the authors' CHGD notebook setting; their matrix ` +
      `had kappa = 88.1). Heavy ball: Polyak's parameters, x_{−1} = x_0; Nesterov: constant momentum ` +
      `(√κ−1)/(√κ+1), step 1/lmax; semi-iteration: the textbook three-term recurrence for [lmin, lmax]; ` +
      `CHGD: ${o.T} Chebyshev steps (index order) repeated ${o.repeat} times; DUGD: ${o.T} learned steps ` +
      `(${run.batches} batches of ${run.batchSize} per generation, ${run.engine} engine) repeated.`,
    chart: lineChart({
      xLabel: 'iteration k',
      yLabel: 'MSE',
      yScale: 'log',
      series,
      width: 560,
      height: 340,
    }),
    table: data.table,
    keyNumbers: data.keyNumbers,
    json: {
      settings: data.options,
      lmin: data.lmin,
      lmax: data.lmax,
      kappa: data.kappa,
      dugdSteps: data.dugdRun.steps.learned,
    },
  };
}

const ORDER_COLORS: Record<string, string> = {
  increasing: 'Nesterov',
  decreasing: 'heavy ball',
  stable: 'Chebyshev',
};

export function orderingFigure(data: OrderingData): FigureOutput {
  const { n, kappa, T, seed } = data.options;
  const t = Array.from({ length: T + 1 }, (_, j) => j);
  const series: LineSeries[] = [];
  for (const r of data.runs) {
    series.push({
      name: `${r.order} (float64)`,
      colorKey: ORDER_COLORS[r.order],
      x: t,
      y: r.error,
      points: false,
    });
  }
  for (const r of data.runs) {
    series.push({
      name: `${r.order} (exact arithmetic)`,
      colorKey: ORDER_COLORS[r.order],
      x: t,
      y: r.exact,
      dashed: true,
    });
  }
  const errors = lineChart({
    title: 'relative error ||s_t − x*|| / ||x*||',
    xLabel: 'step t',
    yLabel: 'relative error',
    yScale: 'log',
    series,
    width: 380,
    height: 280,
  });
  const summary = data.runs
    .map(
      (r) =>
        `${r.order}: ${r.error[T].toExponential(2)} (|float64 − exact|/exact = ${r.finalDeviation.toExponential(1)})`,
    )
    .join('; ');
  const norms: LineSeries[] = [];
  for (const r of data.runs) {
    norms.push({
      name: `${r.order}: max |P_t| (prefix)`,
      colorKey: ORDER_COLORS[r.order],
      x: t,
      y: r.prefix,
      points: false,
    });
  }
  for (const r of data.runs) {
    norms.push({
      name: `${r.order}: max |Q_t| (suffix)`,
      colorKey: ORDER_COLORS[r.order],
      x: t,
      y: r.suffix,
      dashed: true,
    });
  }
  const normChart = lineChart({
    title: 'prefix and suffix polynomial norms on [1, κ]',
    xLabel: 'step t',
    yLabel: 'max over λ in [1, κ]',
    yScale: 'log',
    series: norms,
    width: 380,
    height: 280,
  });
  const normSummary = data.runs
    .map((r) => `${r.order} ${r.maxPrefix.toExponential(1)} / ${r.maxSuffix.toExponential(1)}`)
    .join(', ');
  return {
    name: 'ordering',
    title: `The order of the Chebyshev steps matters in floating point (κ = ${kappa}, T = ${T})`,
    caption:
      `A = Q diag(λ) Q^T, n = ${n}, λ evenly spaced on [1, ${kappa}], Q a product of ${n} random ` +
      `Householder reflections (seed ${seed}); x* ~ N(0, I), b = A x*, s_0 = 0; GD with the ${T} ` +
      `Chebyshev steps for [1, ${kappa}] in float64 (solid) and in exact arithmetic in the eigenbasis ` +
      `(dashed). Exact final value ${data.runs[0].exact[T].toExponential(3)}; float64 final values: ${summary}. ` +
      `Right panel: P_t = ∏_{s<t}(1 − γ_s λ) amplifies the start, Q_t = ∏_{s≥t}(1 − γ_s λ) the rounding ` +
      `errors of step t; max over t of max|P_t| / max|Q_t| (grid of ${data.options.gridPoints} points): ${normSummary}.`,
    chart: stackCharts([errors, normChart], 'horizontal'),
    table: data.table,
    keyNumbers: data.keyNumbers,
    json: {
      settings: data.options,
      runs: data.runs.map((r) => ({
        order: r.order,
        steps: r.steps,
        finalError: r.error[T],
        exactFinalError: r.exact[T],
        finalDeviation: r.finalDeviation,
        maxPrefixNorm: r.maxPrefix,
        maxSuffixNorm: r.maxSuffix,
      })),
    },
  };
}
