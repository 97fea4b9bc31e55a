/**
 * The interface of a DUGD training engine (Takabe & Wadayama,
 * arXiv:2001.05142, Sec. II-B; design note 2.1).
 *
 * A g-layer DUGD network maps y to s_g by s_0 = 0,
 * s_{t+1} = s_t - gamma_t (A s_t - H y), t = 0..g-1, with effective steps
 * gamma_t = |p_t| of the raw parameters p. Its mini-batch loss is
 *
 *   L = (1/(bs n)) sum_b ||s_g^(b) - x^(b)||^2    (torch MSELoss: mean over batch and coordinates)
 *
 * An engine returns one draw of L and dL/dgamma_t (t < g) for the given
 * steps. Four engines give the same distribution (or its mean):
 *
 *   dense     samples x, w and runs the matrix recurrence (the paper's code)
 *   spectral  samples z = Q^T x, xi in the eigenbasis of A, O(bs n) per layer
 *   moment    draws per-node Wishart(bs, I_2)/bs second moments, O(n) per layer
 *   expected  the deterministic expectation E[L] (the exact expected MSE)
 *
 * The chain rule to the raw parameters (dL/dp_t = sign(p_t) dL/dgamma_t) is
 * the trainer's job, not the engine's.
 */
import type { Rng } from '../random/rng.js';

export type EngineName = 'dense' | 'spectral' | 'moment' | 'expected';
export const ENGINE_NAMES: readonly EngineName[] = ['dense', 'spectral', 'moment', 'expected'];

export interface TrainingEngine {
  readonly name: EngineName;
  /** Signal dimension n. */
  readonly dimension: number;
  /**
   * One mini-batch: draws the batch from `rng` (ignored by `expected`), runs
   * g = steps.length layers with the effective steps `steps`, writes
   * dL/dgamma_t into gradOut[t] for t < g and returns L.
   */
  batchLossAndGradient(steps: Float64Array, rng: Rng, gradOut: Float64Array): number;
}

/** Options shared by the sampling engines. */
export interface SamplingOptions {
  /** mini-batch size bs (paper: 200) */
  batchSize: number;
  /** noise standard deviation sigma of w (paper: 0) */
  noise?: number;
}

export function checkSamplingOptions(where: string, o: SamplingOptions): void {
  if (!Number.isInteger(o.batchSize) || o.batchSize < 1) {
    throw new RangeError(`${where}: batchSize must be a positive integer; got ${o.batchSize}`);
  }
  const noise = o.noise ?? 0;
  if (!(noise >= 0) || !Number.isFinite(noise)) {
    throw new RangeError(`${where}: noise must be a finite number >= 0; got ${noise}`);
  }
}
