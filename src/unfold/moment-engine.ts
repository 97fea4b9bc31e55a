/**
 * The `moment` engine: a mini-batch loss with exactly the distribution of
 * the paper's, at O(n) per layer whatever the batch size (design note 2.1).
 *
 * In the eigenbasis the batch error of node i after g layers is
 * e_{b,i} = a_i z_bi + b_i xi_bi (a, b from the recurrence in
 * analysis/expected-mse.ts), so the batch loss depends on the batch only
 * through the per-node sample second moments of (z_bi, xi_bi):
 *
 *   S_i = (1/bs) sum_b [z_bi, xi_bi]^T [z_bi, xi_bi]  ~  Wishart(bs, I_2) / bs,
 *   L   = sum_i w_i (S_zz,i a_i^2 + 2 S_zx,i a_i b_i + S_xx,i b_i^2),
 *
 * independent over i. Drawing S_i directly (Bartlett: Rng.wishart2; without
 * noise only S_zz,i = chi2(bs)/bs is needed) gives (L, dL/dgamma) with the
 * joint distribution of the dense and spectral engines. The loss and its
 * adjoint gradient are SpectralRecurrence.lossAndGradient with these moments.
 *
 * Cost per batch: n chi-square (or Wishart) draws + O(n g) for the
 * recurrence and its reverse sweep; no allocation.
 */
import { SpectralRecurrence, type NodeMoments } from '../analysis/expected-mse.js';
import type { Spectrum } from '../linalg/spectrum.js';
import type { Rng, Sym2 } from '../random/rng.js';
import { checkSamplingOptions, type SamplingOptions, type TrainingEngine } from './engine.js';

export class MomentEngine implements TrainingEngine {
  readonly name = 'moment' as const;
  readonly dimension: number;
  readonly batchSize: number;
  readonly noise: number;
  private readonly recurrence: SpectralRecurrence;
  private readonly moments: NodeMoments;
  private readonly draw: Sym2 = { zz: 0, zx: 0, xx: 0 };

  constructor(spectrum: Spectrum, options: SamplingOptions) {
    checkSamplingOptions('MomentEngine', options);
    this.dimension = spectrum.dimension;
    this.batchSize = options.batchSize;
    this.noise = options.noise ?? 0;
    this.recurrence = new SpectralRecurrence(spectrum, this.noise);
    const n = spectrum.nodes.length;
    this.moments = {
      zz: new Float64Array(n),
      zx: new Float64Array(n),
      xx: new Float64Array(n).fill(1),
    };
  }

  /** Draws the per-node moments S_i of one batch into `moments`. */
  private drawMoments(rng: Rng): void {
    const bs = this.batchSize;
    const { zz, zx, xx } = this.moments;
    const n = zz.length;
    if (this.noise > 0) {
      const s = this.draw;
      for (let i = 0; i < n; i++) {
        rng.wishart2(bs, s); // S_i ~ Wishart(bs, I_2) / bs
        zz[i] = s.zz;
        zx[i] = s.zx;
        xx[i] = s.xx;
      }
    } else {
      const inv = 1 / bs;
      for (let i = 0; i < n; i++) zz[i] = rng.chiSquare(bs) * inv; // S_zz,i ~ chi2(bs) / bs
    }
  }

  batchLossAndGradient(steps: Float64Array, rng: Rng, gradOut: Float64Array): number {
    this.drawMoments(rng);
    return this.recurrence.lossAndGradient(steps, gradOut, this.moments);
  }
}
