/**
 * The `expected` engine: the deterministic expectation of the mini-batch
 * loss, i.e. the exact expected MSE after g layers (design note 2.1),
 *
 *   E[L] = sum_i w_i (a_{g,i}^2 + b_{g,i}^2),
 *
 * and its exact gradient (SpectralRecurrence with S = I). Training with it
 * is gradient descent with Adam on the expected loss: no sampling noise.
 * The rng argument is not used.
 */
import { SpectralRecurrence } from '../analysis/expected-mse.js';
import type { Spectrum } from '../linalg/spectrum.js';
import type { Rng } from '../random/rng.js';
import type { TrainingEngine } from './engine.js';

export class ExpectedEngine implements TrainingEngine {
  readonly name = 'expected' as const;
  readonly dimension: number;
  readonly noise: number;
  private readonly recurrence: SpectralRecurrence;

  constructor(spectrum: Spectrum, options: { noise?: number } = {}) {
    this.dimension = spectrum.dimension;
    this.noise = options.noise ?? 0;
    this.recurrence = new SpectralRecurrence(spectrum, this.noise);
  }

  batchLossAndGradient(steps: Float64Array, _rng: Rng, gradOut: Float64Array): number {
    return this.recurrence.lossAndGradient(steps, gradOut, null);
  }
}
