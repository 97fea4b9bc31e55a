/**
 * Drawing of the figures of the paper's main experiment: `dugd-mse`,
 * `learned-steps` and `training` (data: src/experiments/figures/paper.ts).
 */
import type { DugdMseData, LearnedStepsData, TrainingData } from '../experiments/figures/paper.js';
import type { TrainingRun } from '../experiments/train-dugd.js';
import { lineChart, stackCharts, type LineSeries } from './chart.js';
import type { FigureOutput } from './figure.js';

const g = (v: number, d = 4) => Number(v.toPrecision(d)).toString();

/** One sentence with the settings of a training run. */
export function runCaption(run: TrainingRun): string {
  const s = run.settings;
  const problem =
    s.m === null
      ? `eigenvalues from ${s.spectrum} (n = ${s.n})`
      : `H ${s.n} x ${s.m} with iid N(0, 1/n) entries (seed ${s.seed}), A = H H^T`;
  return (
    `${problem}, lmin = ${g(run.spectrum.lmin)}, lmax = ${g(run.spectrum.lmax)}, ` +
    `kappa = ${g(run.spectrum.kappa)}; DUGD: T = ${s.T}, incremental training, ${s.batches} batches of ` +
    `${s.batchSize} per generation, Adam lr ${s.lr}, init ${s.init}, ${s.engine} engine, noise sigma = ${s.noise}.`
  );
}

/** Size of each of two side-by-side panels (legends go below them): about 870 x 520 in all. */
const PANEL_WIDTH = 350;
const PANEL_HEIGHT = 265;

const iterations = (n: number) => Array.from({ length: n }, (_, t) => t);

export function dugdMseFigure(data: DugdMseData): FigureOutput {
  const ev = data.run.evaluation;
  const t = iterations(ev.iterations + 1);
  const methods = [
    { key: 'dugd', name: 'DUGD (learned steps)', color: 'DUGD' },
    { key: 'gd', name: 'GD (optimal constant step)', color: 'GD' },
    { key: 'chgd', name: 'CHGD (Chebyshev steps)', color: 'CHGD' },
  ] as const;
  const series: LineSeries[] = methods.map((m) => ({
    name: m.name,
    colorKey: m.color,
    x: t,
    y: ev.expected[m.key],
    points: false,
    markers: ev.sampled ? { x: t, y: ev.sampled[m.key] } : undefined,
  }));
  const T = data.run.settings.T;
  return {
    name: 'dugd-mse',
    title: `MSE after t steps: DUGD vs GD vs CHGD (T = ${T})`,
    caption:
      `Lines: exact expected MSE (1/n) Σ_i p_t(λ_i)²` +
      (ev.sampled
        ? `; dots: mean of ||s_t − x||²/n over ${ev.samples} fresh samples x ~ N(0, I) (evaluation stream)`
        : '') +
      `. After t = ${T}: DUGD ${ev.final.dugd.toExponential(2)}, ` +
      `GD ${ev.final.gd.toExponential(2)}, CHGD ${ev.final.chgd.toExponential(2)}. ${runCaption(data.run)}`,
    chart: lineChart({
      xLabel: 'iteration t',
      yLabel: 'MSE',
      yScale: 'log',
      series,
      width: 520,
      height: 320,
    }),
    table: data.table,
    keyNumbers: data.keyNumbers,
    json: { settings: data.run.settings, spectrum: data.run.spectrum, steps: data.run.steps },
  };
}

export function learnedStepsFigure(data: LearnedStepsData): FigureOutput {
  const T = data.learned.length;
  const t = iterations(T);
  const byLayer: LineSeries[] = [
    { name: 'DUGD (learned, ours)', colorKey: 'DUGD', x: t, y: data.learned },
  ];
  if (data.published) {
    byLayer.push({
      name: "DUGD (published run, authors' matrix)",
      colorKey: 'published',
      x: t,
      y: data.published,
      dashed: true,
      points: true,
    });
  }
  const sorted: LineSeries[] = [
    { name: 'learned (sorted)', colorKey: 'DUGD', x: t, y: data.learnedSorted },
    { name: 'Chebyshev steps (sorted)', colorKey: 'Chebyshev', x: t, y: data.chebyshevSorted },
  ];
  if (data.mseOptimalSorted) {
    sorted.push({
      name: 'MSE-optimal steps (sorted)',
      colorKey: 'MSE-optimal',
      x: t,
      y: data.mseOptimalSorted,
      dashed: true,
      points: true,
    });
  }
  const panels = [
    lineChart({
      title: 'learned steps by layer (the zig-zag)',
      xLabel: 'layer t',
      yLabel: 'step γ_t',
      series: byLayer,
      width: PANEL_WIDTH,
      height: PANEL_HEIGHT,
    }),
    lineChart({
      title: 'sorted steps (the order does not change p_T)',
      xLabel: 'rank k (ascending)',
      yLabel: 'step γ_(k)',
      yScale: 'log',
      series: sorted,
      width: PANEL_WIDTH,
      height: PANEL_HEIGHT,
    }),
  ];
  const missing = data.mseOptimalSorted ? '' : ' (MSE-optimal steps not computed)';
  return {
    name: 'learned-steps',
    title: `Learned step sizes and Chebyshev steps (T = ${T})`,
    caption:
      `Left: learned γ_t by layer${data.published ? ", with the authors' published run on their matrix" : ''}. ` +
      `Right: sorted learned steps against the sorted Chebyshev steps for [lmin, lmax] and the steps ` +
      `minimising the exact expected MSE${missing}. ${runCaption(data.run)}`,
    chart: stackCharts(panels, 'horizontal'),
    table: data.table,
    keyNumbers: data.keyNumbers,
    json: { settings: data.run.settings },
  };
}

export function trainingFigure(data: TrainingData): FigureOutput {
  const h = data.run.history;
  const gen = h.map((r) => r.generation);
  const col = (name: string) => {
    const j = data.table.columns.indexOf(name);
    return data.table.rows.map((r) => Number(r[j]));
  };
  const mse = lineChart({
    title: 'loss and expected MSE, with ρ²/n ≤ MSE ≤ ρ²',
    xLabel: 'generation g (layers trained)',
    yLabel: 'MSE',
    yScale: 'log',
    width: PANEL_WIDTH,
    height: PANEL_HEIGHT,
    series: [
      {
        name: 'exact expected MSE (dots: mean batch loss)',
        colorKey: 'DUGD',
        x: gen,
        y: col('expected_mse'),
        points: false,
        markers: { x: gen, y: col('loss_mean') },
      },
      { name: 'ρ_g² (upper bound)', x: gen, y: col('bound_upper'), dashed: true },
      { name: 'ρ_g²/n (lower bound)', x: gen, y: col('bound_lower'), dashed: true },
    ],
  });
  const rho = lineChart({
    title: 'spectral radius of the trained g-layer prefix',
    xLabel: 'generation g (layers trained)',
    yLabel: 'ρ_g = max_i |p_g(λ_i)|',
    yScale: 'log',
    width: PANEL_WIDTH,
    height: PANEL_HEIGHT,
    series: [
      { name: 'ρ_g (learned prefix)', colorKey: 'DUGD', x: gen, y: col('spectral_radius') },
      {
        name: 'Chebyshev bound 1/C_g((κ+1)/(κ−1))',
        colorKey: 'Chebyshev',
        x: gen,
        y: col('chebyshev_bound'),
        dashed: true,
      },
    ],
  });
  const violations =
    data.boundViolations.length === 0
      ? 'The bounds hold at every generation.'
      : `The bounds fail at generations ${data.boundViolations.join(', ')}.`;
  return {
    name: 'training',
    title: 'Training lowers the loss and the spectral radius together',
    caption:
      `Generation g trains the first g layers; after it: mean of its batch losses (before each update), ` +
      `exact expected MSE and ρ_g of the g learned steps. ${violations} ${runCaption(data.run)}`,
    chart: stackCharts([mse, rho], 'horizontal'),
    table: data.table,
    keyNumbers: data.keyNumbers,
    json: { settings: data.run.settings, boundViolations: data.boundViolations },
  };
}
