/**
 * Incremental DUGD training (Takabe & Wadayama, arXiv:2001.05142, Sec. II-B
 * and their notebook): raw parameters p (length T) start at `init`; for
 * generation g = 1..G (G = T by default) the g-layer network is trained on
 * `batches` mini-batches, each one Adam step over the WHOLE vector p:
 *
 *   gamma_t    = |p_t|,  t < g                    (effective steps)
 *   L, dL/dgamma = engine.batchLossAndGradient(gamma_0..gamma_{g-1})
 *   grad_t     = sign(p_t) dL/dgamma_t  (t < g),   grad_t = 0  (t >= g)
 *   p          <- Adam(p, grad)                    (one optimizer, one global step counter)
 *
 * so layers not yet in use keep zero moments and do not move, and a layer
 * first used at global step k makes its first move with the bias correction
 * of step k (see adam.ts). After each generation the record holds the mean
 * and last batch loss, the exact expected MSE and the spectral radius
 * max_i |prod_{t<g} (1 - gamma_t lambda_i)| of the trained prefix, and its steps.
 *
 * Parametrisation (option `parametrization`):
 *   'abs' (the paper's):  gamma_t = |p_t|,      dL/dp_t = sign(p_t) dL/dgamma_t
 *   'log':                gamma_t = exp(p_t),   dL/dp_t = gamma_t dL/dgamma_t
 * With 'log' an Adam step changes each gamma_t by a factor of about
 * exp(+-lr) whatever its size, and rescaling A by c rescales the learned
 * steps by 1/c: it suits schedules that span a factor kappa (1/lmax to
 * 1/lmin) on matrices of any scale; 'abs' moves every step by about lr and
 * suits the paper's scaling (steps of order 0.1 to 1). The start is `init`
 * for every layer, or `initialSteps` (one positive step per layer with 'log').
 *
 * Non-finite values: if a batch loss or gradient is not finite, or an Adam
 * step makes p or the moments non-finite (grad^2 overflows beyond ~1e154),
 * training stops with status 'non-finite' and keeps the last parameters
 * whose batch loss was finite.
 */
import { SpectralRecurrence } from '../analysis/expected-mse.js';
import { spectralRadius } from '../analysis/polynomial.js';
import { checkFloat64Entries } from '../linalg/limits.js';
import type { Spectrum } from '../linalg/spectrum.js';
import type { Rng } from '../random/rng.js';
import { Adam } from './adam.js';
import type { TrainingEngine } from './engine.js';

export interface TrainOptions {
  /** number of layers T (trainable steps) */
  T: number;
  /** mini-batches (Adam steps) per generation (paper: 500) */
  batches: number;
  /** Adam learning rate (paper: 0.002) */
  lr: number;
  /** initial step of every layer (paper: 0.3) */
  init?: number;
  /** initial step of each layer (length T; overrides init) */
  initialSteps?: ArrayLike<number>;
  /** 'abs' (default, the paper's): gamma = |p|; 'log': gamma = exp(p) (see the header) */
  parametrization?: Parametrization;
  /** train generations 1..generations only (default T; for benchmarks) */
  generations?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** spectrum for the per-generation expected MSE and spectral radius */
  spectrum: Spectrum;
  /** noise sigma of the problem, for the per-generation expected MSE (default 0) */
  noise?: number;
  /** called after every mini-batch with its loss (before the update) */
  onBatch?: (generation: number, batch: number, loss: number) => void;
  /** called after every completed generation, with read-only views of p and the optimizer */
  onGeneration?: (record: GenerationRecord, state: { params: Float64Array; adam: Adam }) => void;
}

export interface GenerationRecord {
  generation: number;
  /** mean of the batch losses of this generation (each before its update) */
  loss: number;
  /** loss of the last batch (before its update) */
  lastLoss: number;
  /** exact expected MSE of the trained g-layer prefix */
  expectedMse: number;
  /** max_i |p_g(lambda_i)| of the trained prefix */
  spectralRadius: number;
  /** effective steps |p_0..p_{g-1}| after the generation */
  steps: Float64Array;
}

export type Parametrization = 'abs' | 'log';
export const PARAMETRIZATIONS: readonly Parametrization[] = ['abs', 'log'];

export type TrainStatus = 'completed' | 'non-finite';

export interface NonFiniteEvent {
  generation: number;
  /** 0-based batch index within the generation */
  batch: number;
  /** the batch loss (may itself be the non-finite value) */
  loss: number;
  /** what was not finite: the loss, its gradient, or p / Adam's moments after the update */
  cause: 'loss' | 'gradient' | 'update';
}

export interface TrainResult {
  /** raw parameters p (length T); layers never trained keep their start */
  params: Float64Array;
  /** effective steps |p| or exp(p) (length T) */
  steps: Float64Array;
  history: GenerationRecord[];
  status: TrainStatus;
  /** where and how training turned non-finite (status 'non-finite'), else null */
  nonFinite: NonFiniteEvent | null;
  /** Adam steps taken (the global counter) */
  adamSteps: number;
}

function checkOptions(o: TrainOptions): void {
  const ints: [string, number | undefined][] = [
    ['T', o.T],
    ['batches', o.batches],
    ['generations', o.generations ?? o.T],
  ];
  for (const [name, v] of ints) {
    if (!Number.isInteger(v) || (v as number) < 1) {
      throw new RangeError(`trainIncremental: ${name} must be a positive integer; got ${v}`);
    }
  }
  if ((o.generations ?? o.T) > o.T) {
    throw new RangeError(
      `trainIncremental: generations must be <= T = ${o.T}; got ${o.generations}`,
    );
  }
  const G = o.generations ?? o.T;
  // p, steps, the gradients, Adam's moments (T each) and history[] (the steps of every generation)
  checkFloat64Entries(
    'trainIncremental',
    `T = ${o.T} layers over ${G} generations (6 T + G (G + 1) / 2 for the parameters and the history)`,
    6 * o.T + (G * (G + 1)) / 2,
  );
  const init = o.init ?? 0.3;
  if (!Number.isFinite(init)) {
    throw new RangeError(`trainIncremental: init must be a finite number; got ${init}`);
  }
  const param = o.parametrization ?? 'abs';
  if (!PARAMETRIZATIONS.includes(param)) {
    throw new RangeError(
      `trainIncremental: parametrization must be 'abs' or 'log'; got ${String(param)}`,
    );
  }
  const start = o.initialSteps ?? [init];
  if (o.initialSteps !== undefined && o.initialSteps.length !== o.T) {
    throw new RangeError(
      `trainIncremental: initialSteps must have T = ${o.T} entries; got ${o.initialSteps.length}`,
    );
  }
  for (let t = 0; t < start.length; t++) {
    const g = start[t];
    if (!Number.isFinite(g) || (param === 'log' && !(g > 0))) {
      throw new RangeError(
        `trainIncremental: every initial step must be finite${param === 'log' ? ' and > 0 (log parametrization)' : ''}; got ${g}`,
      );
    }
  }
}

/** gamma = |p| or exp(p). */
function stepOf(param: Parametrization, p: number): number {
  return param === 'log' ? Math.exp(p) : Math.abs(p);
}

function allFinite(v: Float64Array, len: number): boolean {
  for (let j = 0; j < len; j++) if (!Number.isFinite(v[j])) return false;
  return true;
}

export function trainIncremental(
  engine: TrainingEngine,
  rng: Rng,
  options: TrainOptions,
): TrainResult {
  checkOptions(options);
  const { T, batches, spectrum } = options;
  const G = options.generations ?? T;
  const adam = new Adam(T, {
    lr: options.lr,
    beta1: options.beta1,
    beta2: options.beta2,
    eps: options.eps,
  });
  const param = options.parametrization ?? 'abs';
  const start = options.initialSteps ?? new Float64Array(T).fill(options.init ?? 0.3);
  const params = Float64Array.from(start, (g) => (param === 'log' ? Math.log(g) : g));
  const lastGood = params.slice();
  const steps = new Float64Array(T);
  const gradGamma = new Float64Array(T);
  const grad = new Float64Array(T);
  const expected = new SpectralRecurrence(spectrum, options.noise ?? 0);
  const history: GenerationRecord[] = [];
  let nonFinite: TrainResult['nonFinite'] = null;

  outer: for (let g = 1; g <= G; g++) {
    const prefix = steps.subarray(0, g);
    let sum = 0;
    let last = NaN;
    for (let i = 0; i < batches; i++) {
      for (let t = 0; t < g; t++) steps[t] = stepOf(param, params[t]); // gamma_t = |p_t| or exp(p_t)
      const loss = engine.batchLossAndGradient(prefix, rng, gradGamma);
      if (!Number.isFinite(loss) || !allFinite(gradGamma, g)) {
        const cause = Number.isFinite(loss) ? 'gradient' : 'loss';
        nonFinite = { generation: g, batch: i, loss, cause };
        break outer;
      }
      options.onBatch?.(g, i, loss);
      sum += loss;
      last = loss;
      for (let t = 0; t < g; t++) {
        // dL/dp = sign(p) dL/dgamma ('abs') or gamma dL/dgamma ('log')
        grad[t] = (param === 'log' ? steps[t] : Math.sign(params[t])) * gradGamma[t];
      }
      lastGood.set(params);
      adam.step(params, grad);
      if (!allFinite(params, T) || !allFinite(adam.v, g) || !allFinite(adam.m, g)) {
        nonFinite = { generation: g, batch: i, loss, cause: 'update' };
        break outer;
      }
    }
    for (let t = 0; t < g; t++) steps[t] = stepOf(param, params[t]);
    const record: GenerationRecord = {
      generation: g,
      loss: sum / batches,
      lastLoss: last,
      expectedMse: expected.lossAndGradient(prefix),
      spectralRadius: spectralRadius(prefix, spectrum.nodes),
      steps: prefix.slice(),
    };
    history.push(record);
    options.onGeneration?.(record, { params, adam });
  }
  if (nonFinite) params.set(lastGood);
  return {
    params,
    steps: Float64Array.from(params, (p) => stepOf(param, p)),
    history,
    status: nonFinite ? 'non-finite' : 'completed',
    nonFinite,
    adamSteps: adam.stepCount,
  };
}
