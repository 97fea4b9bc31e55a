/**
 * `reproduce` in the library with small settings: every figure's CSV
 * columns and values against the library that computes them, the files of
 * `all` and report.html, the published values next to ours at the paper's
 * size, and the ordering result (monotone orders fail by orders of
 * magnitude, the stable order reaches the exact value).
 */
import { Resvg } from '@resvg/resvg-js';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  compareStepMultisets,
  expectedMseCurve,
  mseBoundsFromSpectralRadius,
  mseOptimalSteps,
  prefixSuffixNorms,
} from '../src/analysis/index.js';
import { spectrumFromEigenvalues } from '../src/linalg/index.js';
import {
  FigureSource,
  FIGURE_NAMES,
  PAPER_DEFAULTS,
  reproduceSettings,
} from '../src/experiments/reproduce.js';
import { PAPER_SETTINGS } from '../src/experiments/paper-settings.js';
import { ACCELERATED_DEFAULTS } from '../src/experiments/figures/accelerated.js';
import { tableColumn } from '../src/experiments/figures/types.js';
import {
  orderingData,
  randomOrthogonal,
  rotatedMatrix,
} from '../src/experiments/figures/ordering.js';
import { PUBLISHED_DUGD_LMS } from '../src/experiments/published.js';
import { Rng } from '../src/random/index.js';
import { reproduce, type ReproduceResult } from '../src/report/reproduce.js';
import { sortedSteps } from '../src/schedules/index.js';
import { expectAllClose } from './helpers/close.js';
import { pngSize, svgSize, svgTextPositions } from './helpers/svg-text.js';

const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

/** Small settings: every figure in about a second. */
const SMALL = reproduceSettings(5, {
  paper: { n: 40, m: 80, T: 6, batches: 40, batchSize: 20, evalSamples: 200 },
  accelerated: { n: 40, m: 60, T: 4, repeat: 3, samples: 2, batches: 30, batchSize: 20 },
  ordering: { n: 60 },
  rateVsT: { kappas: [10, 100, 1000, 10000], Ts: [1, 4, 16] },
  polynomialPoints: 101,
});

/** `reproduce all` at the small settings, computed once for the tests that read it. */
let smallAll: Promise<ReproduceResult> | undefined;
const reproduceSmallAll = () => (smallAll ??= reproduce('all', SMALL));

describe('reproduce all (small settings)', () => {
  let result: ReproduceResult;
  beforeAll(async () => {
    result = await reproduceSmallAll();
  });

  it('produces NAME.svg/.png/.csv/.json for every figure and report.html', () => {
    const expected = FIGURE_NAMES.flatMap((n) =>
      ['svg', 'png', 'csv', 'json'].map((e) => `${n}.${e}`),
    );
    expect(Object.keys(result.files).sort()).toEqual([...expected, 'report.html'].sort());
    for (const f of result.figures) {
      expect(f.svg.startsWith('<svg')).toBe(true);
      expect(new Resvg(f.svg).width).toBeGreaterThan(100);
      expect(Array.from(f.png.subarray(1, 4))).toEqual([0x50, 0x4e, 0x47]); // 'PNG'
      expect(texts(f.svg)).toContain(f.title);
      const json = JSON.parse(f.jsonText);
      expect(json.figure).toBe(f.name);
      expect(f.csv.split('\n')[0]).toBe(json.csvColumns.join(','));
    }
  });

  it('report.html is self-contained: every figure inlined, the key table, no scripts or remote URLs', () => {
    const html = result.files['report.html'] as string;
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html.match(/<img [^>]*src="data:image\/svg\+xml;base64,/g)?.length).toBe(
      FIGURE_NAMES.length,
    );
    for (const n of FIGURE_NAMES) expect(html).toContain(`<section id="${n}">`);
    expect(html).not.toMatch(/<script|src="http|href="http/);
    expect(html).toContain("published (authors' matrix)");
    for (const k of result.keyNumbers)
      expect(html).toContain(
        k.label.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
      );
    // the inlined SVG is the figure's SVG
    const b64 = html.match(/src="data:image\/svg\+xml;base64,([^"]+)"/)![1];
    expect(Buffer.from(b64, 'base64').toString('utf8')).toBe(result.figures[0].svg);
  });

  it('gives the same bytes for the same seed', async () => {
    const again = await reproduce('ordering', SMALL);
    expect(again.files['ordering.svg']).toBe(result.files['ordering.svg']);
    expect(
      Buffer.from(again.files['ordering.png'] as Uint8Array).equals(
        Buffer.from(result.files['ordering.png'] as Uint8Array),
      ),
    ).toBe(true);
    expect(again.files['ordering.csv']).toBe(result.files['ordering.csv']);
  });
});

describe('layout (small settings)', () => {
  let figures: ReproduceResult['figures'];
  beforeAll(async () => {
    figures = (await reproduceSmallAll()).figures;
  });
  const svgOf = (name: string) => figures.find((f) => f.name === name)!.svg;

  it('every figure fits a page: at most 1000 units wide, width/height 1.15 to 1.85, PNG at 2x', () => {
    for (const f of figures) {
      const { width, height } = svgSize(f.svg);
      expect(width, f.name).toBeLessThanOrEqual(1000);
      expect(width / height, f.name).toBeGreaterThan(1.15);
      expect(width / height, f.name).toBeLessThan(1.85);
      expect(pngSize(f.png), f.name).toEqual({ width: 2 * width, height: 2 * height });
    }
  });

  /**
   * Each legend entry sits below the x-axis title of its own panel (the
   * panel whose x-axis title is nearest in x), never between the panels.
   * `axisTitles`: the x-axis titles of the panels (a repeated title counts
   * once per panel), `legends[i]`: the entries of panel i, left to right.
   */
  const expectLegendsBelow = (name: string, axisTitles: string[], legends: string[][]) => {
    const t = svgTextPositions(svgOf(name));
    const titles = t.filter((x) => axisTitles.includes(x.text)).sort((a, b) => a.x - b.x);
    expect(titles.length, name).toBe(legends.length);
    legends.forEach((entries, panel) => {
      for (const entry of entries) {
        const hits = t.filter((x) => x.text === entry);
        expect(hits.length, `${name}: legend entry '${entry}'`).toBe(1);
        const e = hits[0];
        const nearest = titles.reduce(
          (best, x, i) => (Math.abs(x.x - e.x) < Math.abs(titles[best].x - e.x) ? i : best),
          0,
        );
        expect(nearest, `${name}: '${entry}' under panel ${panel}`).toBe(panel);
        expect(e.y, `${name}: '${entry}' below the axis title`).toBeGreaterThan(titles[panel].y);
      }
    });
  };

  it('learned-steps and training: two panels side by side, each legend below its panel', () => {
    expectLegendsBelow(
      'learned-steps',
      ['layer t', 'rank k (ascending)'],
      [
        ['DUGD (learned, ours)'],
        ['learned (sorted)', 'Chebyshev steps (sorted)', 'MSE-optimal steps (sorted)'],
      ],
    );
    expectLegendsBelow(
      'training',
      ['generation g (layers trained)'],
      [
        [
          'exact expected MSE (dots: mean batch loss)',
          'ρ_g² (upper bound)',
          'ρ_g²/n (lower bound)',
        ],
        ['ρ_g (learned prefix)', 'Chebyshev bound 1/C_g((κ+1)/(κ−1))'],
      ],
    );
  });

  it('ordering: the two panels side by side, legends below; rate-vs-T: one legend below the grid', () => {
    const orders = ['increasing', 'decreasing', 'stable'];
    expectLegendsBelow(
      'ordering',
      ['step t'],
      [
        orders.flatMap((o) => [`${o} (float64)`, `${o} (exact arithmetic)`]),
        orders.flatMap((o) => [`${o}: max |P_t| (prefix)`, `${o}: max |Q_t| (suffix)`]),
      ],
    );
    const t = svgTextPositions(svgOf('rate-vs-T'));
    const titles = t.filter((x) => x.text === 'T (number of Chebyshev steps)');
    expect(titles.length).toBe(4);
    const lowest = Math.max(...titles.map((x) => x.y));
    for (const entry of ['Chebyshev steps: max|p_T|^(1/T)', '(√κ−1)/(√κ+1)', 'GD: (κ−1)/(κ+1)']) {
      const e = t.find((x) => x.text === entry)!;
      expect(e.y, entry).toBeGreaterThan(lowest);
    }
  });
});

describe('figure data against the library', () => {
  const source = new FigureSource(SMALL);

  it('dugd-mse: the exact curves are expectedMseCurve of the three schedules', () => {
    const d = source.data('dugd-mse');
    const run = d.run;
    const spectrum = spectrumFromEigenvalues(run.spectrum.eigenvalues);
    expect(d.table.columns.slice(0, 7)).toEqual([
      't',
      'dugd_expected',
      'gd_expected',
      'chgd_expected',
      'dugd_sampled',
      'gd_sampled',
      'chgd_sampled',
    ]);
    expect(tableColumn(d.table, 't')).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const tol = { rtol: 1e-12, atol: 1e-300 };
    expectAllClose(
      tableColumn(d.table, 'gd_expected'),
      expectedMseCurve(spectrum, run.steps.gd),
      tol,
    );
    expectAllClose(
      tableColumn(d.table, 'chgd_expected'),
      expectedMseCurve(spectrum, run.steps.chebyshev),
      tol,
    );
    expectAllClose(
      tableColumn(d.table, 'dugd_expected'),
      expectedMseCurve(spectrum, run.steps.learned),
      tol,
    );
    // the sampled curve is a 200-sample estimate of the exact one
    const s = tableColumn(d.table, 'gd_sampled');
    const e = tableColumn(d.table, 'gd_expected');
    for (let t = 0; t <= 6; t++) expect(Math.abs(s[t] / e[t] - 1)).toBeLessThan(0.15);
    // no published values at this size
    expect(d.keyNumbers.every((k) => k.published === undefined)).toBe(true);
  });

  it('learned-steps: sorted columns are the sorted schedules', () => {
    const d = source.data('learned-steps');
    const run = source.paperRun();
    expect(d.table.columns).toEqual([
      't',
      'learned',
      'learned_sorted',
      'chebyshev_sorted',
      'mse_optimal_sorted',
      'published_learned',
    ]);
    expect(tableColumn(d.table, 'learned')).toEqual(Array.from(run.steps.learned));
    expect(tableColumn(d.table, 'learned_sorted')).toEqual(
      Array.from(sortedSteps(run.steps.learned)),
    );
    expect(tableColumn(d.table, 'chebyshev_sorted')).toEqual(
      Array.from(sortedSteps(run.steps.chebyshev)),
    );
    // the MSE-optimal steps: analysis/optimal.ts on the same spectrum, below Chebyshev in MSE
    const spectrum = spectrumFromEigenvalues(run.spectrum.eigenvalues);
    const optimal = mseOptimalSteps(spectrum, 6);
    expect(tableColumn(d.table, 'mse_optimal_sorted')).toEqual(Array.from(optimal.steps));
    const mseOf = (steps: ArrayLike<number>) => expectedMseCurve(spectrum, steps)[6];
    const k = Object.fromEntries(d.keyNumbers.map((x) => [x.key, x.value]));
    expect(k.mse_optimal_t6).toBe(optimal.mse);
    expect(optimal.mse).toBeLessThan(mseOf(run.steps.chebyshev));
    expect(optimal.mse).toBeLessThanOrEqual(mseOf(run.steps.learned) * (1 + 1e-9));
    expect(k.learned_vs_chebyshev_sorted_max_rel_diff).toBe(
      compareStepMultisets(run.steps.learned, run.steps.chebyshev).maxRelativeDifference,
    );
  });

  it('training: one row per generation, and rho^2/n <= MSE <= rho^2', () => {
    const d = source.data('training');
    const h = source.paperRun().history;
    expect(d.table.rows.length).toBe(6);
    expect(tableColumn(d.table, 'spectral_radius')).toEqual(h.map((r) => r.spectralRadius));
    expect(tableColumn(d.table, 'expected_mse')).toEqual(h.map((r) => r.expectedMse));
    const lower = tableColumn(d.table, 'bound_lower');
    const upper = tableColumn(d.table, 'bound_upper');
    h.forEach((r, i) => {
      const b = mseBoundsFromSpectralRadius(r.spectralRadius, 40);
      expect(lower[i]).toBe(b.lower);
      expect(upper[i]).toBe(b.upper);
      expect(r.expectedMse).toBeGreaterThanOrEqual(b.lower);
      expect(r.expectedMse).toBeLessThanOrEqual(b.upper);
    });
    expect(d.boundViolations).toEqual([]);
    // training lowers both (the paper's claim)
    expect(h[5].expectedMse).toBeLessThan(h[0].expectedMse / 10);
    expect(h[5].spectralRadius).toBeLessThan(h[0].spectralRadius);
  });

  it('accelerated: CHGD equals the semi-iteration after one period; CG is the best at the end', () => {
    const d = source.data('accelerated');
    expect(d.table.columns).toEqual([
      'k',
      'mse_gd',
      'mse_heavy_ball',
      'mse_nesterov',
      'mse_chebyshev_semi_iterative',
      'mse_chgd',
      'mse_dugd',
      'mse_cg',
    ]);
    const chgd = tableColumn(d.table, 'mse_chgd');
    const semi = tableColumn(d.table, 'mse_chebyshev_semi_iterative');
    expect(chgd[0]).toBe(semi[0]);
    expect(Math.abs(chgd[4] / semi[4] - 1)).toBeLessThan(1e-9); // same polynomial at k = T
    const K = d.iterations;
    expect(K).toBe(12);
    const cg = tableColumn(d.table, 'mse_cg')[K];
    for (const c of ['mse_gd', 'mse_heavy_ball', 'mse_nesterov', 'mse_chgd']) {
      expect(cg).toBeLessThan(tableColumn(d.table, c)[K]);
    }
    expect(tableColumn(d.table, 'mse_gd')[K]).toBeGreaterThan(semi[K]);
  });
});

describe('figure ordering (kappa = 100, T = 64, float64)', () => {
  const d = orderingData({ n: 200, kappa: 100, T: 64, gridPoints: 2001, seed: 12 });
  const byOrder = Object.fromEntries(d.runs.map((r) => [r.order, r]));

  it('the rotated matrix is Q diag(lambda) Q^T with Q orthogonal', () => {
    const n = 8;
    const Q = randomOrthogonal(n, new Rng(1, 0));
    let worst = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += Q.data[k * n + i] * Q.data[k * n + j];
        worst = Math.max(worst, Math.abs(s - (i === j ? 1 : 0)));
      }
    }
    expect(worst).toBeLessThan(1e-14);
    const lambda = [1, 2, 3, 4, 5, 6, 7, 8];
    const A = rotatedMatrix(Q, lambda);
    // A q_j = lambda_j q_j for each column q_j of Q
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += A.data[i * n + k] * Q.data[k * n + j];
        expect(Math.abs(s - lambda[j] * Q.data[i * n + j])).toBeLessThan(1e-13);
      }
    }
  });

  it('monotone orders end orders of magnitude from the exact value; the stable order within 1e-6', () => {
    const exact = byOrder.stable.exact[64];
    expect(exact).toBeGreaterThan(0);
    // p_T does not depend on the order: the exact final values agree
    expect(Math.abs(byOrder.increasing.exact[64] / exact - 1)).toBeLessThan(1e-10);
    expect(Math.abs(byOrder.decreasing.exact[64] / exact - 1)).toBeLessThan(1e-10);
    expect(byOrder.stable.finalDeviation).toBeLessThan(1e-6);
    expect(byOrder.increasing.finalDeviation).toBeGreaterThan(1e3);
    expect(byOrder.decreasing.finalDeviation).toBeGreaterThan(1e3);
    expect(byOrder.increasing.error[64] / exact).toBeGreaterThan(1e3);
    expect(byOrder.decreasing.error[64] / exact).toBeGreaterThan(1e3);
  });

  it('explains it with the prefix/suffix norms of analysis/ordering.ts', () => {
    for (const r of d.runs) {
      const norms = prefixSuffixNorms(r.steps, 1, 100, 2001);
      expect(r.maxPrefix).toBe(norms.maxPrefix);
      expect(r.maxSuffix).toBe(norms.maxSuffix);
      expect(tableColumn(d.table, `prefix_norm_${r.order}`)).toEqual(Array.from(norms.prefix));
      expect(tableColumn(d.table, `suffix_norm_${r.order}`)).toEqual(Array.from(norms.suffix));
    }
    expect(byOrder.increasing.maxSuffix).toBeGreaterThan(1e20); // large steps last
    expect(byOrder.decreasing.maxPrefix).toBeGreaterThan(1e20); // large steps first
    expect(Math.max(byOrder.stable.maxPrefix, byOrder.stable.maxSuffix)).toBeLessThan(100);
  });

  it('tabulates the float64 and exact errors per order', () => {
    expect(d.table.columns).toEqual([
      't',
      'error_increasing',
      'error_decreasing',
      'error_stable',
      'exact_increasing',
      'exact_decreasing',
      'exact_stable',
      'prefix_norm_increasing',
      'prefix_norm_decreasing',
      'prefix_norm_stable',
      'suffix_norm_increasing',
      'suffix_norm_decreasing',
      'suffix_norm_stable',
    ]);
    expect(tableColumn(d.table, 'error_stable')).toEqual(Array.from(byOrder.stable.error));
    expect(tableColumn(d.table, 'exact_decreasing')).toEqual(Array.from(byOrder.decreasing.exact));
    expect(tableColumn(d.table, 'error_stable')[0]).toBeCloseTo(1, 14); // s_0 = 0: ||x*|| / ||x*||
  });
});

describe("the paper's settings", () => {
  it('are the documented ones, and the figures train with them', () => {
    expect(PAPER_SETTINGS).toEqual({
      n: 300,
      m: 600,
      T: 25,
      batches: 500,
      batchSize: 200,
      lr: 0.002,
      init: 0.3,
      seed: 12,
      noise: 0,
      engine: 'moment',
      evalSamples: 10000,
    });
    const { seed: _seed, noise: _noise, ...paper } = PAPER_SETTINGS;
    expect(PAPER_DEFAULTS).toEqual(paper);
    expect(reproduceSettings(12).paper).toEqual(paper);
    const { n: _n, m: _m, T: _T, evalSamples: _e, ...training } = paper;
    expect(ACCELERATED_DEFAULTS).toMatchObject(training);
  });
});

describe('published values at the paper size', () => {
  it('dugd-mse puts the notebook numbers next to ours (n = 300, m = 600, T = 25)', async () => {
    const settings = reproduceSettings(12, { paper: { batches: 10, evalSamples: 100 } });
    const r = await reproduce('dugd-mse', settings);
    const k = Object.fromEntries(r.keyNumbers.map((x) => [x.key, x]));
    expect(k.mse_dugd_t25.published).toBe(PUBLISHED_DUGD_LMS.mseDugd);
    expect(k.mse_gd_t25.published).toBe(PUBLISHED_DUGD_LMS.mseGd);
    expect(k.lmin.published).toBe(PUBLISHED_DUGD_LMS.lmin);
    // GD does not depend on training: our matrix gives the published order of magnitude
    expect(k.mse_gd_t25.value).toBeGreaterThan(3e-4);
    expect(k.mse_gd_t25.value).toBeLessThan(3e-3);
    expect(texts(r.figures[0].svg)).toEqual(
      expect.arrayContaining([
        'DUGD (learned steps)',
        'GD (optimal constant step)',
        'CHGD (Chebyshev steps)',
        'iteration t',
        'MSE',
      ]),
    );
  });
});
