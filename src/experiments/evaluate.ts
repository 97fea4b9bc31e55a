/**
 * Evaluation of step schedules on the paper's problem class (Takabe &
 * Wadayama, arXiv:2001.05142, Sec. II-C and Fig. 2): the MSE after each
 * iteration t = 0..K of s_{t+1} = s_t - gamma_{t mod T} (A s_t - H y), s_0 = 0,
 * for every schedule (repeated periodically when K > T), in two ways:
 *
 *   expected  (exact)   MSE_t = sum_i w_i (a_{t,i}^2 + b_{t,i}^2)
 *   sampled   (N fresh samples, the spectral sampler)
 *             MSE_t = (1/N) sum_b sum_i w_i (a_{t,i} z_bi + b_{t,i} xi_bi)^2
 *                   = sum_i w_i (S_zz,i a_{t,i}^2 + 2 S_zx,i a_{t,i} b_{t,i} + S_xx,i b_{t,i}^2)
 *
 * with a, b the eigenbasis recurrence of analysis/expected-mse.ts and S_i
 * the per-node sample second moments of N explicit draws z_bi, xi_bi ~ N(0, 1)
 * (sample by sample: the n values z_b, then the n values xi_b when sigma > 0).
 * By rotation invariance this has the distribution of N samples x, w pushed
 * through the dense matrix recurrence; the same N samples serve every
 * schedule (common random numbers). Cost O(N n) for the draws plus
 * O(n K) for the curves (one forward pass per schedule).
 *
 * Per schedule also: the spectral radius rho = max_i |p_T(lambda_i)| of one
 * period and its rate rho^(1/T).
 */
import { SpectralRecurrence, type NodeMoments } from '../analysis/expected-mse.js';
import { ratePerStep, spectralRadius } from '../analysis/polynomial.js';
import type { Spectrum } from '../linalg/spectrum.js';
import type { Rng } from '../random/rng.js';
import { chebyshevSteps, type StepOrder } from '../schedules/chebyshev.js';
import { repeatSchedule } from '../schedules/combinators.js';
import { constantSteps, optimalConstantStep } from '../schedules/constant.js';
import { PAPER_SETTINGS } from './paper-settings.js';

export interface EvaluationOptions {
  spectrum: Spectrum;
  /** noise sigma of y = H^T x + w (default 0) */
  noise?: number;
  /** curves for t = 0..horizon (default: the longest schedule's length) */
  horizon?: number;
  /** number of fresh samples for the sampled estimate (default PAPER_SETTINGS.evalSamples, 10000; 0: none) */
  samples?: number;
  /** the evaluation stream (required when samples > 0) */
  rng?: Rng;
}

export interface ScheduleEvaluation {
  steps: Float64Array;
  /** exact expected MSE, t = 0..horizon */
  expected: Float64Array;
  /** sampled MSE on the fresh samples, t = 0..horizon (null when samples = 0) */
  sampled: Float64Array | null;
  /** max_i |p_T(lambda_i)| over one period */
  spectralRadius: number;
  /** spectralRadius^(1/T) */
  rate: number;
}

export interface Evaluation {
  horizon: number;
  samples: number;
  sampler: 'spectral';
  schedules: Record<string, ScheduleEvaluation>;
}

/** Per-node sample second moments of `count` draws (z_i, xi_i) from rng. */
export function sampleNodeMoments(
  nodes: number,
  count: number,
  noisy: boolean,
  rng: Rng,
): NodeMoments {
  const zz = new Float64Array(nodes);
  const zx = new Float64Array(nodes);
  const xx = new Float64Array(nodes);
  const z = new Float64Array(nodes);
  for (let b = 0; b < count; b++) {
    rng.fillNormal(z); // z_b ~ N(0, I)
    if (noisy) {
      for (let i = 0; i < nodes; i++) {
        const xi = rng.normal(); // xi_bi ~ N(0, 1)
        zz[i] += z[i] * z[i]; // S_zz += z^2
        zx[i] += z[i] * xi; // S_zx += z xi
        xx[i] += xi * xi; // S_xx += xi^2
      }
    } else {
      for (let i = 0; i < nodes; i++) zz[i] += z[i] * z[i]; // S_zz += z^2
    }
  }
  for (let i = 0; i < nodes; i++) {
    zz[i] /= count;
    zx[i] /= count;
    xx[i] /= count;
  }
  return { zz, zx, xx };
}

export function evaluateSchedules(
  schedules: Record<string, ArrayLike<number>>,
  options: EvaluationOptions,
): Evaluation {
  const names = Object.keys(schedules);
  if (names.length === 0) throw new RangeError('evaluateSchedules: no schedules given');
  for (const name of names) {
    const s = schedules[name];
    if (s.length === 0) throw new RangeError(`evaluateSchedules: schedule '${name}' is empty`);
    for (let t = 0; t < s.length; t++) {
      if (!Number.isFinite(s[t])) {
        throw new RangeError(
          `evaluateSchedules: schedule '${name}' step ${t} must be finite; got ${s[t]}`,
        );
      }
    }
  }
  const horizon = options.horizon ?? names.reduce((h, k) => Math.max(h, schedules[k].length), 0);
  if (!Number.isInteger(horizon) || horizon < 0) {
    throw new RangeError(
      `evaluateSchedules: horizon must be a non-negative integer; got ${horizon}`,
    );
  }
  const samples = options.samples ?? PAPER_SETTINGS.evalSamples;
  if (!Number.isInteger(samples) || samples < 0) {
    throw new RangeError(
      `evaluateSchedules: samples must be a non-negative integer; got ${samples}`,
    );
  }
  if (samples > 0 && !options.rng) {
    throw new TypeError(
      'evaluateSchedules: an rng (the evaluation stream) is needed when samples > 0',
    );
  }
  const { spectrum } = options;
  const noise = options.noise ?? 0;
  const recurrence = new SpectralRecurrence(spectrum, noise);
  const moments =
    samples > 0 ? sampleNodeMoments(spectrum.nodes.length, samples, noise > 0, options.rng!) : null;
  const out: Record<string, ScheduleEvaluation> = {};
  for (const name of names) {
    const steps = Float64Array.from(schedules[name]);
    const run = repeatSchedule(steps, horizon); // gamma_{t mod T}, t < horizon
    const expected = recurrence.curve(run);
    // the sample mean after t steps, from the moments (see the header)
    const sampled = moments ? recurrence.curve(run, moments) : null;
    const rho = spectralRadius(steps, spectrum.nodes);
    out[name] = {
      steps,
      expected,
      sampled,
      spectralRadius: rho,
      rate: ratePerStep(rho, steps.length),
    };
  }
  return { horizon, samples, sampler: 'spectral', schedules: out };
}

/** The two baselines of the paper for [lmin, lmax] and T steps. */
export function baselineSchedules(
  lmin: number,
  lmax: number,
  T: number,
  order: StepOrder = 'index',
): { gd: Float64Array; chgd: Float64Array } {
  return {
    gd: constantSteps(T, optimalConstantStep(lmin, lmax)), // gamma = 2/(lmin + lmax)
    chgd: chebyshevSteps(T, lmin, lmax, { order }),
  };
}
