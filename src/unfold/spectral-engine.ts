/**
 * The `spectral` engine: the paper's mini-batch drawn directly in the
 * eigenbasis of A = Q diag(lambda) Q^T (design note 2.1). For x ~ N(0, I)
 * and w ~ N(0, sigma^2 I), z = Q^T x and the noise term Q^T H w have
 * independent coordinates z_i ~ N(0, 1), (Q^T H w)_i = sigma sqrt(lambda_i) xi_i,
 * so the error e_t = Q^T (s_t - x) of sample b evolves coordinate-wise:
 *
 *   e_0[i]     = -z_bi
 *   e_{t+1}[i] = u_{t,i} e_t[i] + v_{t,i} xi_bi,   u_{t,i} = 1 - gamma_t lambda_i,  v_{t,i} = gamma_t c_i,
 *                c_i = sigma sqrt(lambda_i)
 *   L          = (1/bs) sum_b sum_i w_i e_g[i]^2      (w_i = 1/n for exact eigenvalues)
 *
 * Reverse sweep, per sample:
 *   ebar_g[i]     = (2/bs) w_i e_g[i]
 *   dL/dgamma_t  += sum_i ebar_{t+1}[i] (c_i xi_bi - lambda_i e_t[i])
 *   ebar_t[i]     = u_{t,i} ebar_{t+1}[i]
 *
 * Same distribution of (L, dL/dgamma) as the dense engine (rotation
 * invariance). Cost O(bs n) per layer. The batch is drawn first (z for
 * b = 0..bs-1 row by row, then xi likewise), then processed sample by
 * sample so the trajectory e_0..e_g of one sample ((g+1) n doubles) stays
 * in cache.
 */
import { checkFloat64Entries } from '../linalg/limits.js';
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
  /** the batch: z (bs x n) and xi (bs x n, noisy only) */
  private readonly Z: Float64Array;
  private readonly Xi: Float64Array;
  private readonly ebar: Float64Array;
  /** u_{t,i}, v_{t,i} for t < g (g x n each), and e_t of one sample for t <= g */
  private U = new Float64Array(0);
  private V = new Float64Array(0);
  private e = new Float64Array(0);

  constructor(spectrum: Spectrum, options: SamplingOptions) {
    checkSamplingOptions('SpectralEngine', options);
    this.spectrum = spectrum;
    this.dimension = spectrum.dimension;
    this.batchSize = options.batchSize;
    this.noise = options.noise ?? 0;
    const sigma = this.noise;
    const n = spectrum.nodes.length;
    checkFloat64Entries(
      'SpectralEngine',
      `a batch of batchSize x n = ${this.batchSize} x ${n} samples${this.noise > 0 ? ' (twice, with noise)' : ''}`,
      this.batchSize * n * (this.noise > 0 ? 2 : 1),
    );
    this.gain = Float64Array.from(spectrum.nodes, (l) => sigma * Math.sqrt(Math.max(l, 0)));
    this.Z = new Float64Array(this.batchSize * n);
    this.Xi = new Float64Array(this.noise > 0 ? this.batchSize * n : 0);
    this.ebar = new Float64Array(n);
  }

  batchLossAndGradient(steps: Float64Array, rng: Rng, gradOut: Float64Array): number {
    const g = steps.length;
    const n = this.spectrum.nodes.length;
    const bs = this.batchSize;
    if (this.U.length < g * n) {
      checkFloat64Entries(
        'SpectralEngine',
        `g = ${g} layers of n = ${n} nodes (3 g + 1)`,
        (3 * g + 1) * n,
      );
      this.U = new Float64Array(g * n);
      this.V = new Float64Array(g * n);
      this.e = new Float64Array((g + 1) * n);
    }
    const { Z, Xi, ebar, gain, U, V, e } = this;
    const lambda = this.spectrum.nodes;
    const w = this.spectrum.weights;
    const noisy = this.noise > 0;
    rng.fillNormal(Z); // z ~ N(0, I), row by row
    if (noisy) rng.fillNormal(Xi); // xi ~ N(0, I)
    for (let t = 0; t < g; t++) {
      const gt = steps[t];
      for (let i = 0; i < n; i++) {
        U[t * n + i] = 1 - gt * lambda[i];
        V[t * n + i] = gt * gain[i];
      }
      gradOut[t] = 0;
    }
    const c = 2 / bs;
    let loss = 0;
    for (let b = 0; b < bs; b++) {
      const ob = b * n;
      for (let i = 0; i < n; i++) e[i] = -Z[ob + i]; // e_0 = -z
      for (let t = 0; t < g; t++) {
        const o = t * n;
        if (noisy) {
          for (let i = 0; i < n; i++) e[o + n + i] = U[o + i] * e[o + i] + V[o + i] * Xi[ob + i]; // e_{t+1} = u e_t + v xi
        } else {
          for (let i = 0; i < n; i++) e[o + n + i] = U[o + i] * e[o + i]; // e_{t+1} = u e_t
        }
      }
      const og = g * n;
      for (let i = 0; i < n; i++) {
        const ei = e[og + i];
        loss += w[i] * ei * ei;
        ebar[i] = c * w[i] * ei; // ebar_g = (2/bs) w e_g
      }
      for (let t = g - 1; t >= 0; t--) {
        const o = t * n;
        let s = 0;
        if (noisy) {
          for (let i = 0; i < n; i++) {
            s += ebar[i] * (gain[i] * Xi[ob + i] - lambda[i] * e[o + i]);
            ebar[i] *= U[o + i]; // ebar_t = u ebar_{t+1}
          }
        } else {
          for (let i = 0; i < n; i++) {
            s -= ebar[i] * lambda[i] * e[o + i];
            ebar[i] *= U[o + i]; // ebar_t = u ebar_{t+1}
          }
        }
        gradOut[t] += s;
      }
    }
    return loss / bs;
  }
}
