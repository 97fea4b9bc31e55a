/**
 * The paper's main experiment end to end (Takabe & Wadayama,
 * arXiv:2001.05142, Sec. II and Fig. 2): the problem (a seeded H with
 * entries N(0, 1/n), or a given list of eigenvalues), incremental DUGD
 * training with one of the four engines, and the evaluation of the learned
 * steps against GD with the optimal constant step 2/(lmin+lmax) and CHGD
 * (Chebyshev steps for [lmin, lmax] with the same T, index order).
 *
 * The problem is the paper's Gaussian one (a seeded H), a list of
 * eigenvalues, or any `TrainingProblem` that supplies a spectrum of A and a
 * name (an SPD system or least-squares design read from a file,
 * src/problems): x ~ N(0, I), b = A x has the same expected MSE
 * (1/n) sum_i p_T(lambda_i)^2, so training and evaluation need only the
 * spectrum (exact eigenvalues, or weighted nodes of a density estimate).
 * The start (`init`: a number, 'c/lmax' or 'chebyshev', training-start.ts)
 * and the parametrization ('abs' or 'log', unfold/train.ts) are options.
 *
 * Random streams of one seed (SAMPLE_STREAMS): matrix H (0), training
 * batches (1), evaluation samples (2). Everything but `timing` is a
 * function of the settings: same settings, same numbers.
 */
import { expectedMseCurve, expectedMseWithGradient } from '../analysis/expected-mse.js';
import {
  chebyshevAsymptoticRate,
  chebyshevBound,
  chebyshevRate,
  gdOptimalRate,
  mseBoundsFromSpectralRadius,
} from '../analysis/rates.js';
import type { DenseMatrix } from '../linalg/dense.js';
import { checkFloat64Entries } from '../linalg/limits.js';
import {
  spectrumFromEigenvalues,
  summarizeSpectrum,
  type Spectrum,
  type SpectrumSummary,
} from '../linalg/spectrum.js';
import { gaussianProblem, gaussianSpectrum, SAMPLE_STREAMS } from '../problems/gaussian.js';
import { Rng } from '../random/rng.js';
import { createEngine } from '../unfold/create.js';
import type { DenseForm } from '../unfold/dense-engine.js';
import { ENGINE_NAMES, type EngineName } from '../unfold/engine.js';
import {
  trainIncremental,
  type Parametrization,
  type GenerationRecord,
  type NonFiniteEvent,
  type TrainResult,
} from '../unfold/train.js';
import { baselineSchedules, evaluateSchedules } from './evaluate.js';
import { tableFromColumns, type FigureTable } from './figures/types.js';
import { PAPER_SETTINGS } from './paper-settings.js';
import { largestTerm, trainingCost } from './training-cost.js';
import { initialSteps, parseInitSpec, type InitSpec } from './training-start.js';

/** Any problem whose training needs only the spectrum of A (e.g. from src/problems). */
export interface TrainingProblem {
  /** Recorded as settings.spectrum and shown in summaries, e.g. the file name. */
  name: string;
  /** The spectrum of A (exact eigenvalues or weighted nodes of a density estimate). */
  spectrum: Spectrum;
  /** [lmin, lmax] for the GD and Chebyshev baselines (default: the extreme nodes). */
  interval?: { lmin: number; lmax: number };
}

export interface TrainingRunOptions {
  /** rows of H (signal dimension); ignored when `eigenvalues` is given */
  n: number;
  /** columns of H (measurements); ignored when `eigenvalues` is given */
  m: number;
  /** layers / trainable steps */
  T: number;
  /** mini-batches per generation */
  batches: number;
  batchSize: number;
  lr: number;
  /** initial step: a number, 'c/lmax' or 'chebyshev' (training-start.ts) */
  init: InitSpec;
  /** 'abs' (default, the paper's gamma = |p|) or 'log' (gamma = exp(p)) */
  parametrization?: Parametrization;
  seed: number;
  engine: EngineName;
  /** noise sigma of w */
  noise: number;
  /** train on this problem's spectrum (n, m and eigenvalues are then ignored) */
  problem?: TrainingProblem;
  /** train on these eigenvalues of A instead of a generated H (not with the dense engine) */
  eigenvalues?: ArrayLike<number>;
  /** where the eigenvalues came from (recorded in the result), e.g. the file name */
  spectrumSource?: string;
  /** train generations 1..generations only (default T) */
  generations?: number;
  /** evaluation curves for t = 0..horizon (default T) */
  horizon?: number;
  /** fresh samples for the sampled evaluation (default PAPER_SETTINGS.evalSamples, 10000) */
  evalSamples?: number;
  /** dense engine only: 'A' (default) or 'H' */
  denseForm?: DenseForm;
  onBatch?: (generation: number, batch: number, loss: number) => void;
  onGeneration?: (record: GenerationRecord) => void;
}

type Trio = { dugd: Float64Array; gd: Float64Array; chgd: Float64Array };
type TrioNumbers = { dugd: number; gd: number; chgd: number };

export interface TrainingRun {
  settings: {
    n: number;
    m: number | null;
    T: number;
    batches: number;
    batchSize: number;
    lr: number;
    init: InitSpec;
    parametrization: Parametrization;
    seed: number;
    engine: EngineName;
    noise: number;
    spectrum: string | null;
    generations: number;
    horizon: number;
    evalSamples: number;
    denseForm: DenseForm | null;
    streams: typeof SAMPLE_STREAMS;
  };
  /**
   * The spectrum trained on: nodes (`eigenvalues`), their weights when not
   * all 1/n (a density estimate), and the [lmin, lmax] of the baselines.
   */
  spectrum: SpectrumSummary & {
    eigenvalues: Float64Array;
    weights?: Float64Array;
    interval: { lmin: number; lmax: number };
  };
  steps: { learned: Float64Array; raw: Float64Array; gd: Float64Array; chebyshev: Float64Array };
  training: Pick<TrainResult, 'status' | 'nonFinite' | 'adamSteps'>;
  history: GenerationRecord[];
  evaluation: {
    iterations: number;
    samples: number;
    sampler: 'spectral';
    expected: Trio;
    sampled: Trio | null;
    /** exact expected MSE after T steps */
    final: TrioNumbers;
    /** max_i |p_T(lambda_i)| of each T-step schedule */
    spectralRadius: TrioNumbers;
    /** spectralRadius^(1/T) */
    rate: TrioNumbers;
    /** the paper's bounds rho^2/n <= MSE_T <= rho^2 for the learned steps */
    mseBounds: { lower: number; upper: number };
    chebyshevBound: number;
    chebyshevRate: number;
    chebyshevAsymptoticRate: number;
    gdRate: number;
  };
  timing: { spectrumSeconds: number; trainSeconds: number; evaluateSeconds: number };
  warnings: string[];
}

function checkRunOptions(o: TrainingRunOptions): void {
  if (!ENGINE_NAMES.includes(o.engine)) {
    throw new RangeError(
      `runTraining: engine must be one of ${ENGINE_NAMES.join(', ')}; got ${String(o.engine)}`,
    );
  }
  if ((o.eigenvalues || o.problem) && o.engine === 'dense') {
    throw new TypeError(
      'runTraining: the dense engine needs a matrix; a list of eigenvalues is not enough',
    );
  }
  for (const [name, v] of [
    ['T', o.T],
    ['batches', o.batches],
    ['batchSize', o.batchSize],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) {
      throw new RangeError(`runTraining: ${name} must be a positive integer; got ${v}`);
    }
  }
}

/** Refuses a run whose arrays would exceed MAX_FLOAT64_ENTRIES, before anything is allocated. */
function checkRunMemory(o: TrainingRunOptions): void {
  const given = o.problem?.spectrum.nodes.length ?? o.eigenvalues?.length;
  const n = o.problem?.spectrum.dimension ?? given ?? o.n;
  const cost = trainingCost({
    engine: o.engine,
    n,
    m: given === undefined ? o.m : null,
    nodes: given ?? n,
    T: o.T,
    generations: o.generations,
    batches: o.batches,
    batchSize: o.batchSize,
    horizon: o.horizon,
    evalSamples: o.evalSamples ?? PAPER_SETTINGS.evalSamples,
    noise: o.noise,
    denseForm: o.denseForm,
  });
  const big = largestTerm(cost.entryTerms);
  checkFloat64Entries(
    'runTraining',
    `the run (most for ${big.what}: ${big.formula})`,
    cost.entries,
  );
}

/** A few words on what turned non-finite. */
export function describeNonFinite(nf: NonFiniteEvent): string {
  if (nf.cause === 'loss') return `batch loss ${nf.loss}`;
  if (nf.cause === 'gradient') return `gradient not finite, batch loss ${nf.loss}`;
  return `the Adam update overflowed, batch loss ${nf.loss}`;
}

/**
 * Why training is non-finite at its very first batch, before any Adam
 * update moved a step (so the learning rate is not the cause), or null
 * when the learning rate may be the cause: a later batch, or an update that
 * overflowed although the loss and its gradient were fine. Checks the exact
 * expected loss and gradient (and the gradient squared, Adam's second
 * moment) of the first layer at its start `gamma0`: without noise (too
 * large a step for lmax, or too large eigenvalues), then with the noise.
 */
export function nonFiniteAtStart(
  nf: NonFiniteEvent,
  spectrum: Spectrum,
  gamma0: number,
  noise: number,
): string | null {
  if (nf.generation !== 1 || nf.batch !== 0) return null;
  const lmax = spectrum.nodes[spectrum.nodes.length - 1];
  const bad = (sigma: number) => {
    const { mse, gradient } = expectedMseWithGradient(spectrum, [gamma0], sigma);
    return !Number.isFinite(mse) || !Number.isFinite(gradient[0] * gradient[0]);
  };
  const num = (v: number) => String(Number(v.toPrecision(4)));
  const pre =
    'before any update, so the learning rate is not the cause: the loss or its gradient overflows float64';
  if (bad(0)) {
    return (
      `${pre} with the initial step ${num(gamma0)} and eigenvalues up to lmax = ${num(lmax)} ` +
      `(gamma lmax = ${num(gamma0 * lmax)}); start with a smaller step (e.g. --init 1/lmax = ${num(1 / lmax)}) or rescale the eigenvalues`
    );
  }
  if (noise > 0 && bad(noise)) {
    return (
      `${pre} with the noise sigma = ${num(noise)} (sigma^2 gamma^2 lmax with gamma = ${num(gamma0)}, lmax = ${num(lmax)}); ` +
      'use a smaller --noise or rescale the problem'
    );
  }
  if (nf.cause === 'update') return null;
  return `${pre} on this batch (batch loss ${nf.loss}): the initial steps, the noise and the eigenvalues are too close to overflow`;
}

const seconds = (t0: number) => (performance.now() - t0) / 1000;

export function runTraining(options: TrainingRunOptions): TrainingRun {
  checkRunOptions(options);
  checkRunMemory(options);
  const { T, seed, noise } = options;
  const t0 = performance.now();
  let spectrum: Spectrum;
  let H: DenseMatrix | undefined;
  const fromSpectrum = options.problem !== undefined || options.eigenvalues !== undefined;
  if (options.problem) {
    spectrum = options.problem.spectrum;
  } else if (options.eigenvalues) {
    spectrum = spectrumFromEigenvalues(
      options.eigenvalues,
      options.spectrumSource ?? 'eigenvalues',
    );
  } else {
    const problem = gaussianProblem({ n: options.n, m: options.m, seed, noise });
    spectrum = gaussianSpectrum(problem);
    H = problem.H;
  }
  const summary = summarizeSpectrum(spectrum);
  const { lmin, lmax } = options.problem?.interval ?? summary;
  if (!(lmin > 0) || !(lmax >= lmin)) {
    throw new RangeError(
      `runTraining: the smallest eigenvalue must be > 0 for the GD and Chebyshev baselines; got lmin = ${lmin}`,
    );
  }
  const kappa = lmax / lmin;
  if (!(lmax > lmin) || !Number.isFinite(kappa)) {
    throw new RangeError(
      `runTraining: need lmin < lmax with a finite kappa = lmax/lmin (all equal eigenvalues are solved by the one step 1/lambda: nothing to learn, and Chebyshev steps need lmin < lmax); got lmin = ${lmin}, lmax = ${lmax}`,
    );
  }
  const init = parseInitSpec(options.init, 'runTraining: init');
  const parametrization = options.parametrization ?? 'abs';
  const spectrumSeconds = seconds(t0);

  const t1 = performance.now();
  const engine = createEngine({
    engine: options.engine,
    spectrum,
    H,
    batchSize: options.batchSize,
    noise,
    denseForm: options.denseForm,
  });
  const generations = options.generations ?? T;
  const trained = trainIncremental(engine, new Rng(seed, SAMPLE_STREAMS.training), {
    T,
    batches: options.batches,
    lr: options.lr,
    initialSteps: initialSteps(init, T, lmin, lmax),
    parametrization,
    generations,
    spectrum,
    noise,
    onBatch: options.onBatch,
    onGeneration: options.onGeneration,
  });
  const trainSeconds = seconds(t1);

  const t2 = performance.now();
  const horizon = options.horizon ?? T;
  const evalSamples = options.evalSamples ?? PAPER_SETTINGS.evalSamples;
  const { gd, chgd } = baselineSchedules(lmin, lmax, T);
  const ev = evaluateSchedules(
    { dugd: trained.steps, gd, chgd },
    {
      spectrum,
      noise,
      horizon,
      samples: evalSamples,
      rng: new Rng(seed, SAMPLE_STREAMS.evaluation),
    },
  );
  const s = ev.schedules;
  const trio = (f: (k: 'dugd' | 'gd' | 'chgd') => number): TrioNumbers => ({
    dugd: f('dugd'),
    gd: f('gd'),
    chgd: f('chgd'),
  });
  // the exact MSE after T steps (also when the horizon is shorter than T)
  const finalMse = (k: 'dugd' | 'gd' | 'chgd') =>
    horizon >= T ? s[k].expected[T] : expectedMseCurve(spectrum, s[k].steps, noise)[T];
  const evaluation: TrainingRun['evaluation'] = {
    iterations: horizon,
    samples: ev.samples,
    sampler: ev.sampler,
    expected: { dugd: s.dugd.expected, gd: s.gd.expected, chgd: s.chgd.expected },
    sampled:
      evalSamples > 0 ? { dugd: s.dugd.sampled!, gd: s.gd.sampled!, chgd: s.chgd.sampled! } : null,
    final: trio(finalMse),
    spectralRadius: trio((k) => s[k].spectralRadius),
    rate: trio((k) => s[k].rate),
    mseBounds: mseBoundsFromSpectralRadius(s.dugd.spectralRadius, summary.n),
    chebyshevBound: chebyshevBound(T, kappa),
    chebyshevRate: chebyshevRate(T, kappa),
    chebyshevAsymptoticRate: chebyshevAsymptoticRate(kappa),
    gdRate: gdOptimalRate(kappa),
  };
  const evaluateSeconds = seconds(t2);

  const warnings: string[] = [];
  let atStart = false; // non-finite before any update: the start, not the learning rate
  if (trained.nonFinite) {
    const nf = trained.nonFinite;
    const start = nonFiniteAtStart(nf, spectrum, initialSteps(init, T, lmin, lmax)[0], noise);
    atStart = start !== null;
    warnings.push(
      `training turned non-finite at generation ${nf.generation}, batch ${nf.batch + 1} ` +
        `(${describeNonFinite(nf)})${start ? `, ${start}` : ''}; training stopped and the learned steps are the last finite ones`,
    );
  }
  if (!atStart && evaluation.final.dugd > evaluation.expected.dugd[0]) {
    warnings.push(
      `the learned steps increase the MSE (${evaluation.final.dugd} after ${T} steps, ` +
        `${evaluation.expected.dugd[0]} at the start): training diverged; a smaller lr may help`,
    );
  }
  return {
    settings: {
      n: summary.n,
      m: fromSpectrum ? null : options.m,
      T,
      batches: options.batches,
      batchSize: options.batchSize,
      lr: options.lr,
      init,
      parametrization,
      seed,
      engine: options.engine,
      noise,
      spectrum: options.problem
        ? options.problem.name
        : options.eigenvalues
          ? (options.spectrumSource ?? 'eigenvalues')
          : null,
      generations,
      horizon,
      evalSamples,
      denseForm: options.engine === 'dense' ? (options.denseForm ?? 'A') : null,
      streams: SAMPLE_STREAMS,
    },
    spectrum: {
      ...summary,
      eigenvalues: spectrum.nodes,
      ...(spectrum.weights.every((w) => w === spectrum.weights[0])
        ? {}
        : { weights: spectrum.weights }),
      interval: { lmin, lmax },
    },
    steps: { learned: trained.steps, raw: trained.params, gd, chebyshev: chgd },
    training: {
      status: trained.status,
      nonFinite: trained.nonFinite,
      adamSteps: trained.adamSteps,
    },
    history: trained.history,
    evaluation,
    timing: { spectrumSeconds, trainSeconds, evaluateSeconds },
    warnings,
  };
}

/**
 * The curves of a run as a table (curves.csv): t, the exact expected MSE of
 * DUGD, GD and CHGD, then their sampled estimates when present, then the
 * step each schedule uses at iteration t (t < horizon; empty in the last row).
 */
export function trainingCurvesTable(run: TrainingRun): FigureTable {
  const ev = run.evaluation;
  const K = ev.iterations;
  const t = Array.from({ length: K + 1 }, (_, k) => k);
  const cols: Record<string, ArrayLike<number | string>> = {
    t,
    dugd_expected: ev.expected.dugd,
    gd_expected: ev.expected.gd,
    chgd_expected: ev.expected.chgd,
  };
  if (ev.sampled) {
    cols.dugd_sampled = ev.sampled.dugd;
    cols.gd_sampled = ev.sampled.gd;
    cols.chgd_sampled = ev.sampled.chgd;
  }
  const T = run.settings.T;
  const stepCol = (steps: Float64Array) => t.map((k) => (k < K ? steps[k % T] : ''));
  cols.dugd_step = stepCol(run.steps.learned);
  cols.gd_step = stepCol(run.steps.gd);
  cols.chgd_step = stepCol(run.steps.chebyshev);
  return tableFromColumns(cols);
}
