/**
 * The `spectral` engine: the paper's mini-batch drawn directly in the
 * eigenbasis of A = Q diag(lambda) Q^T (design note 2.1). For x ~ N(0, I)
 * and w ~ N(0, sigma^2 I), z = Q^T x and the noise term Q^T H w have
 * independent coordinates z_i ~ N(0, 1), (Q^T H w)_i = sigma sqrt(lambda_i) xi_i,
 * so the error e_t = Q^T (s_t - x) of sample b evolves coordinate-wise:
 *
 *   E_0[b, i]     = -z_bi
 *   E_{t+1}[b, i] = (1 - gamma_t lambda_i) E_t[b, i] + gamma_t c_i xi_bi,   c_i = sigma sqrt(lambda_i)
 *   L             = (1/bs) sum_b sum_i w_i E_g[b, i]^2      (w_i = 1/n for exact eigenvalues)
 *
 * Reverse sweep:
 *   Ebar_g[b, i]  = (2/bs) w_i E_g[b, i]
 *   dL/dgamma_t   = sum_{b,i} Ebar_{t+1}[b, i] (c_i xi_bi - lambda_i E_t[b, i])
 *   Ebar_t        = (1 - gamma_t lambda_i) Ebar_{t+1}
 *
 * Same distribution of (L, dL/dgamma) as the dense engine (rotation
 * invariance). Cost O(bs n) per layer; memory (g+1) bs n doubles for E.
 * Draw order per batch: z row by row (b outer, i inner), then xi likewise.
 */
import type { Spectrum } from '../linalg/spectrum.js';
import type { Rng } from '../random/rng.js';
import { checkSamplingOptions, type SamplingOptions, type TrainingEngine } from './engine.js';

export class SpectralEngine implements TrainingEngine {
  readonly name = 'spectral' as const;
  readonly dimension: number;
  readonly batchSize: number;
  readonly noise: number;
  private readonly spectrum: Spectrum;
  /** c_i = sigma sqrt(lambda_i) */
  private readonly gain: Float64Array;
  private readonly Xi: Float64Array;
  private readonly Ebar: Float64Array;
  /** E_t for t = 0..g, each bs x n, stored back to back. */
  private E = new Float64Array(0);

  constructor(spectrum: Spectrum, options: SamplingOptions) {
    checkSamplingOptions('SpectralEngine', options);
    this.spectrum = spectrum;
    this.dimension = spectrum.dimension;
    this.batchSize = options.batchSize;
    this.noise = options.noise ?? 0;
    const sigma = this.noise;
    this.gain = Float64Array.from(spectrum.nodes, (l) => sigma * Math.sqrt(Math.max(l, 0)));
    const size = this.batchSize * spectrum.nodes.length;
    this.Xi = new Float64Array(this.noise > 0 ? size : 0);
    this.Ebar = new Float64Array(size);
  }

  batchLossAndGradient(steps: Float64Array, rng: Rng, gradOut: Float64Array): number {
    const g = steps.length;
    const n = this.spectrum.nodes.length;
    const bs = this.batchSize;
    const size = bs * n;
    if (this.E.length < (g + 1) * size) this.E = new Float64Array((g + 1) * size);
    const { E, Xi, Ebar, gain } = this;
    const lambda = this.spectrum.nodes;
    const w = this.spectrum.weights;
    const noisy = this.noise > 0;
    for (let k = 0; k < size; k++) E[k] = -rng.normal(); // E_0 = -z
    if (noisy) rng.fillNormal(Xi); // xi ~ N(0, 1)
    for (let t = 0; t < g; t++) {
      const gt = steps[t];
      const o = t * size;
      for (let bi = 0; bi < bs; bi++) {
        const ob = bi * n;
        if (noisy) {
          for (let i = 0; i < n; i++) {
            const k = ob + i;
            // E_{t+1} = (1 - gamma_t lambda) E_t + gamma_t c xi
            E[o + size + k] = (1 - gt * lambda[i]) * E[o + k] + gt * gain[i] * Xi[k];
          }
        } else {
          for (let i = 0; i < n; i++) {
            const k = ob + i;
            E[o + size + k] = (1 - gt * lambda[i]) * E[o + k]; // E_{t+1} = (1 - gamma_t lambda) E_t
          }
        }
      }
    }
    // loss and Ebar_g = (2/bs) w E_g
    const og = g * size;
    let loss = 0;
    for (let bi = 0; bi < bs; bi++) {
      const ob = bi * n;
      for (let i = 0; i < n; i++) {
        const e = E[og + ob + i];
        loss += w[i] * e * e;
        Ebar[ob + i] = ((2 * w[i]) / bs) * e;
      }
    }
    loss /= bs;
    for (let t = g - 1; t >= 0; t--) {
      const gt = steps[t];
      const o = t * size;
      let s = 0;
      for (let bi = 0; bi < bs; bi++) {
        const ob = bi * n;
        if (noisy) {
          for (let i = 0; i < n; i++) {
            const k = ob + i;
            s += Ebar[k] * (gain[i] * Xi[k] - lambda[i] * E[o + k]);
            Ebar[k] *= 1 - gt * lambda[i]; // Ebar_t = (1 - gamma_t lambda) Ebar_{t+1}
          }
        } else {
          for (let i = 0; i < n; i++) {
            const k = ob + i;
            s -= Ebar[k] * lambda[i] * E[o + k];
            Ebar[k] *= 1 - gt * lambda[i]; // Ebar_t = (1 - gamma_t lambda) Ebar_{t+1}
          }
        }
      }
      gradOut[t] = s;
    }
    return loss;
  }
}
