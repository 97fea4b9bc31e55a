/**
 * Figure `accelerated`: error vs iteration of the first-order methods on the
 * authors' second notebook setting (CHGD_MSE.ipynb; Takabe & Wadayama,
 * arXiv:2010.13335, Fig. 13): H n x m (n = 300, m = 450) with iid N(0, 1/n)
 * entries, A = H H^T, x ~ N(0, I_n), b = H y = A x, x_0 = 0, K = T * repeat
 * iterations (16 x 4), for
 *
 *   GD          x_{k+1} = x_k - (2/(lmin+lmax)) (A x_k - b)
 *   heavy ball  Polyak's alpha = 4/(sqrt(lmax)+sqrt(lmin))^2, beta = sigma^2, x_{-1} = x_0
 *   Nesterov    constant momentum (sqrt(kappa)-1)/(sqrt(kappa)+1), step 1/lmax
 *   Chebyshev semi-iteration for [lmin, lmax] (the optimal polynomial at every k)
 *   CHGD        the T Chebyshev steps for [lmin, lmax], repeated (gamma_{k mod T})
 *   DUGD        T learned steps (incremental training on this spectrum), repeated
 *   CG          conjugate gradient
 *
 * all from src/solvers, with [lmin, lmax] the exact extreme eigenvalues. The
 * curve is MSE_k = (1/S) sum_s ||x_k^(s) - x^(s)||^2 / n over S samples
 * (the same samples for every method). Cost: S * 7 * K products with A.
 */
import { denseOperator } from '../../linalg/index.js';
import { gaussianProblem, gaussianSpectrum, SAMPLE_STREAMS } from '../../problems/index.js';
import { Rng } from '../../random/index.js';
import { chebyshevSteps, constantSteps, optimalConstantStep } from '../../schedules/index.js';
import {
  cgIterates,
  chebyshevSemiIterates,
  gdIterates,
  heavyBallIterates,
  nesterovIterates,
  type SolverIterator,
} from '../../solvers/index.js';
import type { EngineName } from '../../unfold/index.js';
import { PAPER_SETTINGS } from '../paper-settings.js';
import { PUBLISHED_CHGD_MSE } from '../published.js';
import { runTraining, type TrainingRun } from '../train-dugd.js';
import { tableFromColumns, type FigureTable, type KeyNumber } from './types.js';

export interface AcceleratedOptions {
  n: number;
  m: number;
  /** period of CHGD and layers of DUGD */
  T: number;
  /** K = T * repeat iterations */
  repeat: number;
  /** samples x averaged in the curves */
  samples: number;
  seed: number;
  /** DUGD training (default: the paper's, PAPER_SETTINGS): mini-batches per generation, batch size, Adam lr, init, engine */
  batches: number;
  batchSize: number;
  lr: number;
  init: number;
  engine: EngineName;
}

export const ACCELERATED_DEFAULTS: Omit<AcceleratedOptions, 'seed'> = {
  n: PUBLISHED_CHGD_MSE.n,
  m: PUBLISHED_CHGD_MSE.m,
  T: PUBLISHED_CHGD_MSE.T,
  repeat: PUBLISHED_CHGD_MSE.repeat,
  samples: 10,
  batches: PAPER_SETTINGS.batches,
  batchSize: PAPER_SETTINGS.batchSize,
  lr: PAPER_SETTINGS.lr,
  init: PAPER_SETTINGS.init,
  engine: PAPER_SETTINGS.engine,
};

/** The methods in the order of the legend; `key` names the CSV column. */
export const ACCELERATED_METHODS = [
  { key: 'gd', label: 'GD (optimal constant step)' },
  { key: 'heavy_ball', label: 'heavy ball' },
  { key: 'nesterov', label: 'Nesterov' },
  { key: 'chebyshev_semi_iterative', label: 'Chebyshev semi-iteration' },
  { key: 'chgd', label: 'CHGD' },
  { key: 'dugd', label: 'DUGD' },
  { key: 'cg', label: 'CG' },
] as const;

export type AcceleratedMethod = (typeof ACCELERATED_METHODS)[number]['key'];

export interface AcceleratedData {
  options: AcceleratedOptions;
  lmin: number;
  lmax: number;
  kappa: number;
  iterations: number;
  /** MSE_k, k = 0..K, per method */
  curves: Record<AcceleratedMethod, Float64Array>;
  dugdRun: TrainingRun;
  /** columns k, then one per method key: mse_<key> */
  table: FigureTable;
  keyNumbers: KeyNumber[];
}

export function acceleratedData(options: AcceleratedOptions): AcceleratedData {
  const { n, m, T, repeat, samples, seed } = options;
  if (!Number.isInteger(samples) || samples < 1) {
    throw new RangeError(`acceleratedData: samples must be a positive integer; got ${samples}`);
  }
  const problem = gaussianProblem({ n, m, seed });
  const spectrum = gaussianSpectrum(problem);
  const lmin = spectrum.nodes[0];
  const lmax = spectrum.nodes[n - 1];
  const interval = { lmin, lmax };
  const K = T * repeat;
  const dugdRun = runTraining({
    n,
    m,
    T,
    batches: options.batches,
    batchSize: options.batchSize,
    lr: options.lr,
    init: options.init,
    seed,
    engine: options.engine,
    noise: 0,
    eigenvalues: spectrum.nodes,
    spectrumSource: `H ${n} x ${m}, seed ${seed}`,
    evalSamples: 0,
  });
  const op = denseOperator(problem.gramMatrix(), true);
  const gdSteps = constantSteps(1, optimalConstantStep(lmin, lmax));
  const chebSteps = chebyshevSteps(T, lmin, lmax);
  const iterators: Record<AcceleratedMethod, (b: Float64Array, x: Float64Array) => SolverIterator> =
    {
      gd: (b, x) => gdIterates(op, b, gdSteps, { xStar: x, maxIterations: K }),
      heavy_ball: (b, x) => heavyBallIterates(op, b, interval, { xStar: x, maxIterations: K }),
      nesterov: (b, x) => nesterovIterates(op, b, interval, { xStar: x, maxIterations: K }),
      chebyshev_semi_iterative: (b, x) =>
        chebyshevSemiIterates(op, b, interval, { xStar: x, maxIterations: K }),
      chgd: (b, x) => gdIterates(op, b, chebSteps, { xStar: x, maxIterations: K }),
      dugd: (b, x) => gdIterates(op, b, dugdRun.steps.learned, { xStar: x, maxIterations: K }),
      cg: (b, x) => cgIterates(op, b, { xStar: x, maxIterations: K }),
    };
  const keys = ACCELERATED_METHODS.map((mth) => mth.key);
  const curves = Object.fromEntries(
    keys.map((k) => [k, new Float64Array(K + 1).fill(NaN)]),
  ) as Record<AcceleratedMethod, Float64Array>;
  const sums = Object.fromEntries(keys.map((k) => [k, new Float64Array(K + 1)])) as Record<
    AcceleratedMethod,
    Float64Array
  >;
  const rng = new Rng(seed, SAMPLE_STREAMS.evaluation);
  const x = new Float64Array(n);
  const b = new Float64Array(n);
  let reached = K; // CG may stop early (breakdown when it has converged exactly)
  for (let s = 0; s < samples; s++) {
    rng.fillNormal(x); // x ~ N(0, I_n)
    op.apply(x, b); // b = A x = H (H^T x)
    for (const k of keys) {
      let last = -1;
      for (const state of iterators[k](b, x)) {
        const e = state.errorNorm as number;
        sums[k][state.k] += (e * e) / n; // ||x_k - x||^2 / n
        last = state.k;
      }
      if (last < K) reached = Math.min(reached, last);
      if (k !== 'cg' && last !== K) {
        throw new RangeError(`acceleratedData: ${k} ended after ${last} of ${K} iterations`);
      }
    }
  }
  for (const k of keys) {
    const upto = k === 'cg' ? reached : K;
    for (let j = 0; j <= upto; j++) curves[k][j] = sums[k][j] / samples;
  }
  const cols: Record<string, ArrayLike<number>> = {
    k: Array.from({ length: K + 1 }, (_, j) => j),
  };
  for (const k of keys) cols[`mse_${k}`] = curves[k];
  const keyNumbers: KeyNumber[] = ACCELERATED_METHODS.map((mth) => ({
    key: `accelerated_mse_${mth.key}_k${K}`,
    label: `${mth.label}: MSE after ${K} iterations (n = ${n}, m = ${m})`,
    value: curves[mth.key][K],
  }));
  return {
    options,
    lmin,
    lmax,
    kappa: lmax / lmin,
    iterations: K,
    curves,
    dugdRun,
    table: tableFromColumns(cols),
    keyNumbers,
  };
}
