/**
 * The figure infrastructure (src/report): chart specs (log-axis clipping
 * is reported, never silent), CSV, SVG/PNG rendering (valid, deterministic,
 * with the legend entries and axis titles), and the first figures' data
 * against the analysis library.
 */
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import {
  chebyshevAsymptoticRate,
  chebyshevRate,
  gdOptimalRate,
  spectralRadius,
  stepPolynomial,
} from '../src/analysis/index.js';
import { polynomialData } from '../src/experiments/figures/polynomial.js';
import { rateVsTData } from '../src/experiments/figures/rate-vs-t.js';
import { tableColumn, tableFromColumns } from '../src/experiments/figures/types.js';
import { PUBLISHED_DUGD_LMS } from '../src/experiments/published.js';
import {
  figureSpec,
  histogramBins,
  lineChart,
  stackCharts,
  wrapCaption,
} from '../src/report/chart.js';
import { toCsv } from '../src/report/csv.js';
import { figureFiles, renderFigure } from '../src/report/figure.js';
import { polynomialFigure, rateVsTFigure } from '../src/report/figures-analysis.js';
import { renderSvg, svgToPng } from '../src/report/render.js';
import { chebyshevSteps, constantSteps } from '../src/schedules/index.js';
import { expectAllClose } from './helpers/close.js';
import { loadReference } from './helpers/reference.js';
import { svgTextPositions, textAt } from './helpers/svg-text.js';

/** The text content of every <text> element of an SVG. */
export function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) =>
    m[1].replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'),
  );
}

/** Valid SVG: resvg parses it (it throws on malformed XML) and the size is positive. */
export function expectValidSvg(svg: string): void {
  expect(svg.startsWith('<svg')).toBe(true);
  const r = new Resvg(svg);
  expect(r.width).toBeGreaterThan(100);
  expect(r.height).toBeGreaterThan(100);
}

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('lineChart', () => {
  it('clips values below the log floor and says so', () => {
    const c = lineChart({
      xLabel: 't',
      yLabel: 'error',
      yScale: 'log',
      logFloor: 1e-10,
      series: [
        { name: 'a', x: [0, 1, 2, 3], y: [1, 1e-3, 0, -2] },
        { name: 'b', x: [0, 1], y: [NaN, 0.5] },
      ],
    });
    const rows = (c.spec.data as { values: { series: string; y: number; clipped: boolean }[] })
      .values;
    expect(rows.filter((r) => r.series === 'a').map((r) => r.y)).toEqual([1, 1e-3, 1e-10, 1e-10]);
    expect(rows.filter((r) => r.clipped).length).toBe(2);
    expect(rows.filter((r) => r.series === 'b').length).toBe(1);
    expect(c.notes).toEqual([
      'log axis: values below 1e-10 drawn at that floor (2 of a)',
      'not drawn: non-finite values, or x <= 0 on a log axis (1 of b)',
    ]);
  });

  it('keeps every value on a linear axis and rejects mismatched series', () => {
    const c = lineChart({
      xLabel: 'x',
      yLabel: 'y',
      series: [{ name: 'a', x: [0, 1], y: [-1, 0] }],
    });
    expect(c.notes).toEqual([]);
    expect(() =>
      lineChart({ xLabel: 'x', yLabel: 'y', series: [{ name: 'a', x: [0, 1], y: [1] }] }),
    ).toThrow(/series 'a' has 2 x values and 1 y values/);
    expect(() => lineChart({ xLabel: 'x', yLabel: 'y', series: [] })).toThrow(/no series/);
  });

  it('bins a histogram and counts values outside the range', () => {
    const { bins, outside } = histogramBins([0, 0.5, 1, 1.5, 2, 3], 2, [0, 2]);
    expect(bins.map((b) => b.count)).toEqual([2, 3]);
    expect(outside).toBe(1);
  });

  it('wraps captions at word boundaries', () => {
    expect(wrapCaption('aaa bbb ccc', 7)).toEqual(['aaa bbb', 'ccc']);
    expect(wrapCaption('x\ny')).toEqual(['x', 'y']);
  });
});

describe('log axes', () => {
  const sorted = [0.17, 0.18, 0.2, 0.25, 0.33, 0.5, 0.8, 1.3, 2.1, 3.3, 4.9];
  const chart = lineChart({
    xLabel: 'rank k',
    yLabel: 'step',
    yScale: 'log',
    height: 260,
    // x from 100 up, so no x tick label reads like a y one
    series: [{ name: 'steps', x: sorted.map((_, i) => 100 + i), y: sorted }],
  });

  it('labels 0.1, 0.2, 0.5, 1, 2, 5 on [0.17, 4.9] (vega alone showed 0.9 but not 1)', async () => {
    const t = svgTextPositions(await renderSvg(figureSpec(chart, 'log axis', '')));
    const ticks = ['0.1', '0.2', '0.5', '1', '2', '5'].map((label) => textAt(t, label));
    expect(t.some((x) => x.text === '0.9' || x.text === '10')).toBe(false);
    // at their places on a log scale: 0.1 to 1 is 1 / log10(2) times 1 to 2, 1 to 5 log10(5) / log10(2)
    const y = Object.fromEntries(ticks.map((x) => [x.text, x.y]));
    expect((y['0.1'] - y['1']) / (y['1'] - y['2'])).toBeCloseTo(1 / Math.log10(2), 2);
    expect((y['1'] - y['5']) / (y['1'] - y['2'])).toBeCloseTo(Math.log10(5) / Math.log10(2), 2);
    // all in one column, ascending upwards
    expect(new Set(ticks.map((x) => x.x)).size).toBe(1);
    for (let i = 1; i < ticks.length; i++) expect(ticks[i].y).toBeLessThan(ticks[i - 1].y);
  });

  it('gives vega the tick values, the labelled ones and a domain widened to them', () => {
    const y = (
      chart.spec.encoding as {
        y: { axis: Record<string, unknown>; scale: Record<string, unknown> };
      }
    ).y;
    expect(y.scale).toMatchObject({ type: 'log', domain: [0.1, 5], nice: false });
    expect(y.axis.values).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 2, 3, 4, 5]);
    expect(y.axis.labelExpr).toContain('indexof([0.1, 0.2, 0.5, 1, 2, 5], datum.value)');
    expect(y.axis.labelOverlap).toBe(false);
  });

  it('labels every few decades on a long axis, in the exponent form', async () => {
    const c = lineChart({
      xLabel: 't',
      yLabel: 'error',
      yScale: 'log',
      height: 280,
      logFloor: 1e-16,
      series: [{ name: 'e', x: [0, 1, 2], y: [1e-16, 1, 3e26] }],
    });
    const texts = svgTexts(await renderSvg(figureSpec(c, 'long', '')));
    for (const label of [
      '1e-15',
      '1e-10',
      '1e-5',
      '1',
      '1e+5',
      '1e+10',
      '1e+15',
      '1e+20',
      '1e+25',
    ]) {
      expect(texts).toContain(label);
    }
    expect(texts).not.toContain('1e-14');
  });
});

describe('csv', () => {
  it('writes shortest round-trip numbers, non-finite values and quoted text', () => {
    const t = tableFromColumns({ a: [0.1, 1 / 3, NaN], b: ['x', 'y,z', 'q"'] });
    const csv = toCsv(t);
    expect(csv).toBe('a,b\n0.1,x\n0.3333333333333333,"y,z"\nNaN,"q"""\n');
    expect(Number(csv.split('\n')[2].split(',')[0])).toBe(1 / 3);
    expect(tableColumn(t, 'a').slice(0, 2)).toEqual([0.1, 1 / 3]);
    expect(() => tableFromColumns({ a: [1], b: [1, 2] })).toThrow(/differ in length/);
  });
});

describe('rendering', () => {
  const chart = stackCharts(
    [
      lineChart({
        xLabel: 'iteration t',
        yLabel: 'MSE',
        yScale: 'log',
        series: [
          { name: 'GD', x: [0, 1, 2], y: [1, 0.5, 0.25] },
          { name: 'bound', x: [0, 1, 2], y: [1, 0.7, 0.49], dashed: true },
        ],
      }),
      lineChart({
        xLabel: 'layer',
        yLabel: 'step',
        series: [{ name: 'DUGD', x: [0, 1], y: [2, 3] }],
      }),
    ],
    'horizontal',
  );
  const spec = figureSpec(chart, 'A test figure', 'n = 3; seed 1.');

  it('renders a valid SVG with the title, caption, legend entries and axis titles', async () => {
    const svg = await renderSvg(spec);
    expectValidSvg(svg);
    const texts = svgTexts(svg);
    for (const t of [
      'A test figure',
      'n = 3; seed 1.',
      'GD',
      'bound',
      'DUGD',
      'iteration t',
      'MSE',
      'layer',
      'step',
    ]) {
      expect(texts).toContain(t);
    }
  });

  it('puts each legend of side-by-side panels below its panel, not between them', async () => {
    const panels = chart.spec.hconcat as {
      encoding: { color: { legend: Record<string, unknown> } };
    }[];
    for (const p of panels) {
      expect(p.encoding.color.legend).toMatchObject({ orient: 'bottom', direction: 'vertical' });
    }
    const t = svgTextPositions(await renderSvg(spec));
    const leftTitle = textAt(t, 'iteration t');
    const rightTitle = textAt(t, 'layer');
    for (const name of ['GD', 'bound']) {
      expect(textAt(t, name).y).toBeGreaterThan(leftTitle.y); // below the left panel
      expect(textAt(t, name).x).toBeLessThan(textAt(t, 'step').x); // left of the right panel's axis
    }
    expect(textAt(t, 'DUGD').y).toBeGreaterThan(rightTitle.y);
    expect(textAt(t, 'DUGD').x).toBeGreaterThan(textAt(t, 'step').x);
  });

  it('gives the same bytes every time, whatever was rendered before', async () => {
    const a = await renderSvg(spec);
    await renderSvg(figureSpec(chart, 'Another', 'x'));
    const b = await renderSvg(spec);
    expect(b).toBe(a);
    const pa = svgToPng(a);
    expect(Array.from(pa.subarray(0, 8))).toEqual(PNG_MAGIC);
    expect(Buffer.from(svgToPng(b)).equals(Buffer.from(pa))).toBe(true);
  });
});

describe('figure rate-vs-T', () => {
  const data = rateVsTData({ kappas: [10, 100], Ts: [1, 2, 8, 64] });

  it('has the documented columns, and rates that match the closed forms', () => {
    expect(data.table.columns).toEqual([
      'kappa',
      'T',
      'rate_chebyshev',
      'rate_chebyshev_closed_form',
      'rate_asymptotic',
      'rate_gd',
    ]);
    expect(data.table.rows.length).toBe(8);
    const kappa = tableColumn(data.table, 'kappa');
    const T = tableColumn(data.table, 'T');
    expectAllClose(
      tableColumn(data.table, 'rate_chebyshev'),
      T.map((t, i) => chebyshevRate(t, kappa[i])),
      {
        rtol: 1e-10,
      },
    );
    expect(tableColumn(data.table, 'rate_asymptotic')).toEqual(kappa.map(chebyshevAsymptoticRate));
    expect(tableColumn(data.table, 'rate_gd')).toEqual(kappa.map(gdOptimalRate));
    // T = 1: the single Chebyshev step is 2/(lmin + lmax), GD's rate
    const first = data.rows.find((r) => r.kappa === 100 && r.T === 1)!;
    expect(first.rateChebyshev).toBeCloseTo(gdOptimalRate(100), 12);
    // decreasing in T, above the limit
    const k100 = data.rows.filter((r) => r.kappa === 100);
    for (let i = 1; i < k100.length; i++) {
      expect(k100[i].rateChebyshev).toBeLessThan(k100[i - 1].rateChebyshev);
      expect(k100[i].rateChebyshev).toBeGreaterThan(k100[i].rateAsymptotic);
    }
  });

  it('renders with a panel per kappa and the three legend entries', async () => {
    const r = await renderFigure(rateVsTFigure(data));
    expectValidSvg(r.svg);
    const texts = svgTexts(r.svg);
    for (const t of [
      'kappa = 10',
      'kappa = 100',
      'rate per step',
      'T (number of Chebyshev steps)',
    ]) {
      expect(texts).toContain(t);
    }
    expect(texts).toContain('(√κ−1)/(√κ+1)');
    expect(texts).toContain('GD: (κ−1)/(κ+1)');
    expect(Object.keys(figureFiles(r)).sort()).toEqual([
      'rate-vs-T.csv',
      'rate-vs-T.json',
      'rate-vs-T.png',
      'rate-vs-T.svg',
    ]);
    expect(r.csv.split('\n')[0]).toBe(data.table.columns.join(','));
    expect(JSON.parse(r.jsonText).csvColumns).toEqual(data.table.columns);
  });
});

describe('figure polynomial', () => {
  const ref = loadReference('paper_spectrum.json');
  const learned = Float64Array.from(PUBLISHED_DUGD_LMS.learnedGammas);
  const cheb = chebyshevSteps(25, ref.lmin, ref.lmax);
  const data = polynomialData({
    eigenvalues: ref.eigenvalues,
    points: 201,
    schedules: [
      { key: 'learned', label: 'DUGD (learned)', colorKey: 'DUGD', steps: learned },
      { key: 'chebyshev', label: 'Chebyshev steps', colorKey: 'Chebyshev', steps: cheb },
      {
        key: 'constant',
        label: 'constant step',
        colorKey: 'GD',
        steps: constantSteps(25, ref.gd_constant_step),
      },
    ],
  });

  it('tabulates p_T on [0, 1.1 lmax] and the spectral radii of the reference', () => {
    expect(data.table.columns).toEqual(['lambda', 'p_learned', 'p_chebyshev', 'p_constant']);
    const lambda = tableColumn(data.table, 'lambda');
    expect(lambda[0]).toBe(0);
    expect(lambda[200]).toBe(1.1 * ref.lmax);
    expectAllClose(
      tableColumn(data.table, 'p_chebyshev'),
      lambda.map((l) => stepPolynomial(cheb, l)),
      { rtol: 0, atol: 0 },
    );
    expectAllClose(
      data.spectralRadii,
      [
        PUBLISHED_DUGD_LMS.spectralRadiusLearned,
        ref.chebyshev_spectral_radius,
        spectralRadius(constantSteps(25, ref.gd_constant_step), ref.eigenvalues),
      ],
      { rtol: 1e-10, atol: 1e-13 },
    );
  });

  it('renders the curves and the histogram, with the clipping note', async () => {
    const r = await renderFigure(polynomialFigure(data, 'T = 25.'));
    expectValidSvg(r.svg);
    const texts = svgTexts(r.svg);
    expect(texts).toContain('|p_T(λ)|');
    expect(texts).toContain('λ (eigenvalues of A)');
    expect(texts.some((t) => t.startsWith('DUGD (learned) (ρ = 7.56e-3)'))).toBe(true);
    expect(texts.some((t) => t.startsWith('Chebyshev steps (ρ = 2.22e-4)'))).toBe(true);
    // the constant step's 25-fold root is below the floor on a band of lambda
    expect(r.caption).toMatch(/values below 1e-8 drawn at that floor \(.*of constant step/);
  });
});
