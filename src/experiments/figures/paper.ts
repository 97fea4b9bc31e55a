/**
 * Figure data from the paper's main experiment (Takabe & Wadayama,
 * arXiv:2001.05142, Sec. II-IV, Figs. 2-4), all from one TrainingRun
 * (experiments/train-dugd.ts: the problem, incremental training, and the
 * evaluation against GD and CHGD):
 *
 *   dugd-mse       MSE_t after t = 0..T steps for DUGD, GD (step 2/(lmin+lmax))
 *                  and CHGD (Chebyshev steps), exact: (1/n) sum_i p_t(lambda_i)^2,
 *                  and sampled on fresh samples (evaluation stream);
 *   learned-steps  the learned gamma_t by layer t, and the sorted multiset
 *                  against the sorted Chebyshev and MSE-optimal steps (the
 *                  loss depends on the steps only through p_T, so not on their order);
 *   training       per generation g: the mean batch loss, the exact expected
 *                  MSE and the spectral radius rho_g = max_i |p_g(lambda_i)| of
 *                  the trained g-layer prefix, with the paper's bounds
 *                  rho_g^2 / n <= MSE_g <= rho_g^2 (exact MSE, weights 1/n).
 */
import {
  chebyshevBound,
  compareRootsWithChebyshev,
  compareStepMultisets,
  mseBoundsFromSpectralRadius,
  type MseOptimalResult,
} from '../../analysis/index.js';
import { sortedSteps } from '../../schedules/index.js';
import { PUBLISHED_DUGD_LMS } from '../published.js';
import { trainingCurvesTable, type TrainingRun } from '../train-dugd.js';
import { tableFromColumns, type FigureTable, type KeyNumber } from './types.js';

const PUBLISHED_NOTE =
  "published: the authors' notebook on their own random matrix (numpy RandomState(12)), " +
  'Monte-Carlo with 10000 samples in float32; ours: our seeded matrix, exact expected MSE. ' +
  'Different random matrices give different spectra and learned steps; the orders of magnitude must agree.';

export interface DugdMseData {
  run: TrainingRun;
  /** trainingCurvesTable(run): t, {dugd,gd,chgd}_expected, {..}_sampled, {..}_step */
  table: FigureTable;
  keyNumbers: KeyNumber[];
}

export function dugdMseData(run: TrainingRun): DugdMseData {
  const T = run.settings.T;
  const f = run.evaluation.final;
  const paperSize = run.settings.n === 300 && run.settings.m === 600 && T === 25;
  const pub = (v: number) => (paperSize ? v : undefined);
  const keyNumbers: KeyNumber[] = [
    {
      key: `mse_dugd_t${T}`,
      label: `DUGD: MSE after t = ${T} steps`,
      value: f.dugd,
      published: pub(PUBLISHED_DUGD_LMS.mseDugd),
      note: PUBLISHED_NOTE,
    },
    {
      key: `mse_gd_t${T}`,
      label: `GD (optimal constant step): MSE after t = ${T} steps`,
      value: f.gd,
      published: pub(PUBLISHED_DUGD_LMS.mseGd),
      note: PUBLISHED_NOTE,
    },
    {
      key: `mse_chgd_t${T}`,
      label: `CHGD (Chebyshev steps): MSE after t = ${T} steps`,
      value: f.chgd,
      published: pub(PUBLISHED_DUGD_LMS.exactMseChebyshev),
      note: "published: exact MSE of the Chebyshev steps on the authors' spectrum (not printed by the notebook)",
    },
  ];
  keyNumbers.push(
    {
      key: 'spectral_radius_dugd',
      label: `DUGD: spectral radius max_i |p_${T}(lambda_i)| of the learned steps`,
      value: run.evaluation.spectralRadius.dugd,
      published: pub(PUBLISHED_DUGD_LMS.spectralRadiusLearned),
      note: "published: the authors' learned steps on their spectrum",
    },
    {
      key: 'lmin',
      label: 'smallest eigenvalue lmin of A = H H^T',
      value: run.spectrum.lmin,
      published: pub(PUBLISHED_DUGD_LMS.lmin),
    },
    {
      key: 'lmax',
      label: 'largest eigenvalue lmax of A = H H^T',
      value: run.spectrum.lmax,
      published: pub(PUBLISHED_DUGD_LMS.lmax),
    },
  );
  const sampled = run.evaluation.sampled;
  if (sampled) {
    keyNumbers.push({
      key: `mse_dugd_t${T}_sampled`,
      label: `DUGD: MSE after t = ${T} steps, mean over ${run.evaluation.samples} fresh samples`,
      value: sampled.dugd[T],
      published: pub(PUBLISHED_DUGD_LMS.mseDugd),
    });
  }
  return { run, table: trainingCurvesTable(run), keyNumbers };
}

export interface LearnedStepsData {
  run: TrainingRun;
  learned: Float64Array;
  learnedSorted: Float64Array;
  chebyshevSorted: Float64Array;
  /** MSE-optimal steps for the same spectrum and T (analysis/optimal.ts), sorted (null: not given) */
  mseOptimalSorted: Float64Array | null;
  /** the authors' published learned steps (their matrix), when T = 25 */
  published: Float64Array | null;
  /** columns t, learned, learned_sorted, chebyshev_sorted, mse_optimal_sorted, published_learned */
  table: FigureTable;
  keyNumbers: KeyNumber[];
}

export function learnedStepsData(
  run: TrainingRun,
  optimal: MseOptimalResult | null,
): LearnedStepsData {
  const T = run.settings.T;
  const learned = run.steps.learned;
  const learnedSorted = sortedSteps(learned);
  const chebyshevSorted = sortedSteps(run.steps.chebyshev);
  const mseOptimalSorted = optimal ? sortedSteps(optimal.steps) : null;
  const published =
    T === PUBLISHED_DUGD_LMS.T ? Float64Array.from(PUBLISHED_DUGD_LMS.learnedGammas) : null;
  const empty = new Array<string>(T).fill('');
  const table = tableFromColumns({
    t: Array.from({ length: T }, (_, t) => t),
    learned,
    learned_sorted: learnedSorted,
    chebyshev_sorted: chebyshevSorted,
    mse_optimal_sorted: mseOptimalSorted ?? empty,
    published_learned: published ?? empty,
  });
  const keyNumbers: KeyNumber[] = [
    {
      key: 'learned_vs_chebyshev_sorted_max_rel_diff',
      label: 'sorted learned steps vs sorted Chebyshev steps: largest relative difference',
      value: compareStepMultisets(learned, run.steps.chebyshev).maxRelativeDifference,
    },
  ];
  if (optimal) {
    keyNumbers.push(
      {
        key: 'learned_vs_mse_optimal_sorted_max_rel_diff',
        label: 'sorted learned steps vs sorted MSE-optimal steps: largest relative difference',
        value: compareStepMultisets(learned, optimal.steps).maxRelativeDifference,
      },
      {
        key: `mse_optimal_t${T}`,
        label: `MSE-optimal steps: exact expected MSE after t = ${T} steps`,
        value: optimal.mse,
        note: `Chebyshev steps: ${optimal.initialMse.toExponential(3)}; L-BFGS stop: ${optimal.stop}`,
      },
      {
        key: 'mse_optimal_roots_vs_chebyshev_nodes',
        label:
          'roots 1/gamma of the MSE-optimal steps vs the Chebyshev nodes: largest relative difference',
        value: compareRootsWithChebyshev(optimal.steps, run.spectrum.lmin, run.spectrum.lmax)
          .maxRelativeDifference,
      },
    );
  }
  return {
    run,
    learned,
    learnedSorted,
    chebyshevSorted,
    mseOptimalSorted,
    published,
    table,
    keyNumbers,
  };
}

export interface TrainingData {
  run: TrainingRun;
  /** columns generation, loss_mean, loss_last, expected_mse, spectral_radius, bound_lower, bound_upper, chebyshev_bound */
  table: FigureTable;
  /** generations where rho^2/n <= MSE <= rho^2 fails (must be empty) */
  boundViolations: number[];
  keyNumbers: KeyNumber[];
}

export function trainingData(run: TrainingRun): TrainingData {
  const h = run.history;
  const n = run.spectrum.n;
  const bounds = h.map((r) => mseBoundsFromSpectralRadius(r.spectralRadius, n));
  const table = tableFromColumns({
    generation: h.map((r) => r.generation),
    loss_mean: h.map((r) => r.loss),
    loss_last: h.map((r) => r.lastLoss),
    expected_mse: h.map((r) => r.expectedMse),
    spectral_radius: h.map((r) => r.spectralRadius),
    bound_lower: bounds.map((b) => b.lower),
    bound_upper: bounds.map((b) => b.upper),
    chebyshev_bound: h.map((r) => chebyshevBound(r.generation, run.spectrum.kappa)),
  });
  // relative slack 1e-12: the bounds are tight when one eigenvalue dominates
  const boundViolations = h
    .filter(
      (r, i) =>
        r.expectedMse < bounds[i].lower * (1 - 1e-12) ||
        r.expectedMse > bounds[i].upper * (1 + 1e-12),
    )
    .map((r) => r.generation);
  const first = h[0];
  const last = h[h.length - 1];
  return {
    run,
    table,
    boundViolations,
    keyNumbers: [
      {
        key: 'training_spectral_radius_first_last',
        label: `spectral radius of the trained prefix: generation 1 -> ${last.generation}`,
        value: last.spectralRadius,
        note: `generation 1: ${first.spectralRadius.toPrecision(4)}`,
      },
      {
        key: 'training_expected_mse_last',
        label: `exact expected MSE of the trained ${last.generation}-layer network`,
        value: last.expectedMse,
      },
    ],
  };
}
