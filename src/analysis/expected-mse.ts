/**
 * Gradient descent in the eigenbasis (design note 2.1; Takabe & Wadayama,
 * arXiv:2001.05142, Sec. IV). For y = H^T x + w, x ~ N(0, I_n),
 * w ~ N(0, sigma^2 I_m), A = H H^T = Q diag(lambda) Q^T and s_0 = 0, the
 * error e_t = s_t - x has, in the eigenbasis, independent coordinates
 *
 *   e_{t,i} = a_{t,i} z_i + b_{t,i} xi_i,   z_i, xi_i ~ N(0, 1),
 *   a_0 = -1,  b_0 = 0,
 *   a_{t+1} = (1 - gamma_t lambda_i) a_t,
 *   b_{t+1} = (1 - gamma_t lambda_i) b_t + gamma_t sigma sqrt(lambda_i).
 *
 * A loss that is a weighted mean over nodes of a quadratic form in (a, b),
 *
 *   L = sum_i w_i (S_zz,i a_i^2 + 2 S_zx,i a_i b_i + S_xx,i b_i^2),
 *
 * covers three cases: S = I gives the exact expected MSE (1/n) sum_i (a_i^2 + b_i^2);
 * S = a per-node Wishart(bs, I_2)/bs draw gives a mini-batch loss with
 * exactly the distribution of the paper's (the moment engine); S built from
 * explicit samples gives that batch's loss. The gradient dL/dgamma_t is
 * the reverse (adjoint) sweep
 *
 *   abar_T = w (2 S_zz a_T + 2 S_zx b_T),  bbar_T = w (2 S_zx a_T + 2 S_xx b_T),
 *   dL/dgamma_t = sum_i abar_{t+1} (-lambda_i a_t) + bbar_{t+1} (sigma sqrt(lambda_i) - lambda_i b_t),
 *   abar_t = (1 - gamma_t lambda_i) abar_{t+1},  bbar_t likewise.
 *
 * Cost: O(n T) per loss and gradient; memory (T + 1) n for a (and b).
 */
import { checkFloat64Entries } from '../linalg/limits.js';
import type { Spectrum } from '../linalg/spectrum.js';

/** Per-node 2 x 2 second moments [[zz, zx], [zx, xx]] of (z_i, xi_i). */
export interface NodeMoments {
  zz: Float64Array;
  zx: Float64Array;
  xx: Float64Array;
}

export class SpectralRecurrence {
  readonly spectrum: Spectrum;
  readonly sigma: number;
  /** sigma sqrt(lambda_i): the noise gain of node i. */
  private readonly noiseGain: Float64Array;
  private a = new Float64Array(0);
  private b = new Float64Array(0);
  private abar: Float64Array;
  private bbar: Float64Array;

  constructor(spectrum: Spectrum, sigma = 0) {
    if (!(sigma >= 0) || !Number.isFinite(sigma)) {
      throw new RangeError(`SpectralRecurrence: noise sigma must be finite and >= 0; got ${sigma}`);
    }
    this.spectrum = spectrum;
    this.sigma = sigma;
    const n = spectrum.nodes.length;
    this.noiseGain = Float64Array.from(spectrum.nodes, (l) => sigma * Math.sqrt(Math.max(l, 0)));
    this.abar = new Float64Array(n);
    this.bbar = new Float64Array(n);
  }

  get noisy(): boolean {
    return this.sigma > 0;
  }

  private forward(steps: ArrayLike<number>): void {
    const n = this.spectrum.nodes.length;
    const T = steps.length;
    if (this.a.length < (T + 1) * n) {
      checkFloat64Entries(
        'SpectralRecurrence',
        `the recurrence over T + 1 = ${T + 1} steps and n = ${n} nodes${this.noisy ? ' (twice, with noise)' : ''}`,
        (T + 1) * n * (this.noisy ? 2 : 1),
      );
      this.a = new Float64Array((T + 1) * n);
      if (this.noisy) this.b = new Float64Array((T + 1) * n);
    }
    const { a, b, noiseGain } = this;
    const lambda = this.spectrum.nodes;
    a.fill(-1, 0, n);
    if (this.noisy) {
      b.fill(0, 0, n);
      for (let t = 0; t < T; t++) {
        const g = steps[t];
        const o = t * n;
        for (let i = 0; i < n; i++) {
          const u = 1 - g * lambda[i];
          a[o + n + i] = u * a[o + i]; // a_{t+1} = (1 - gamma_t lambda) a_t
          b[o + n + i] = u * b[o + i] + g * noiseGain[i]; // b_{t+1} = (1 - gamma_t lambda) b_t + gamma_t sigma sqrt(lambda)
        }
      }
    } else {
      for (let t = 0; t < T; t++) {
        const g = steps[t];
        const o = t * n;
        for (let i = 0; i < n; i++) a[o + n + i] = (1 - g * lambda[i]) * a[o + i];
      }
    }
  }

  /**
   * L after steps.length steps; when `grad` is given, writes dL/dgamma_t into
   * grad[t] for t < steps.length. `moments` defaults to the identity
   * (the exact expectation).
   */
  lossAndGradient(
    steps: ArrayLike<number>,
    grad: Float64Array | null = null,
    moments: NodeMoments | null = null,
  ): number {
    this.forward(steps);
    const n = this.spectrum.nodes.length;
    const T = steps.length;
    const { a, b, abar, bbar, noiseGain } = this;
    const w = this.spectrum.weights;
    const lambda = this.spectrum.nodes;
    const o = T * n;
    let loss = 0;
    if (this.noisy) {
      for (let i = 0; i < n; i++) {
        const ai = a[o + i];
        const bi = b[o + i];
        const zz = moments ? moments.zz[i] : 1;
        const zx = moments ? moments.zx[i] : 0;
        const xx = moments ? moments.xx[i] : 1;
        loss += w[i] * (zz * ai * ai + 2 * zx * ai * bi + xx * bi * bi);
        abar[i] = 2 * w[i] * (zz * ai + zx * bi);
        bbar[i] = 2 * w[i] * (zx * ai + xx * bi);
      }
    } else {
      for (let i = 0; i < n; i++) {
        const ai = a[o + i];
        const zz = moments ? moments.zz[i] : 1;
        loss += w[i] * zz * ai * ai;
        abar[i] = 2 * w[i] * zz * ai;
      }
    }
    if (!grad) return loss;
    for (let t = T - 1; t >= 0; t--) {
      const g = steps[t];
      const ot = t * n;
      let s = 0;
      if (this.noisy) {
        for (let i = 0; i < n; i++) {
          const l = lambda[i];
          s += abar[i] * (-l * a[ot + i]) + bbar[i] * (noiseGain[i] - l * b[ot + i]);
          const u = 1 - g * l;
          abar[i] *= u; // abar_t = (1 - gamma_t lambda) abar_{t+1}
          bbar[i] *= u;
        }
      } else {
        for (let i = 0; i < n; i++) {
          const l = lambda[i];
          s -= abar[i] * l * a[ot + i];
          abar[i] *= 1 - g * l;
        }
      }
      grad[t] = s;
    }
    return loss;
  }

  /**
   * L after t = 0..steps.length steps: the exact expected MSE, or with
   * `moments` the loss under those per-node moments (the same value as
   * lossAndGradient(steps.subarray(0, t), null, moments), from one forward
   * pass: O(n T) instead of O(n T^2)).
   */
  curve(steps: ArrayLike<number>, moments: NodeMoments | null = null): Float64Array {
    this.forward(steps);
    const n = this.spectrum.nodes.length;
    const w = this.spectrum.weights;
    const { a, b } = this;
    const out = new Float64Array(steps.length + 1);
    for (let t = 0; t <= steps.length; t++) {
      let s = 0;
      const o = t * n;
      if (moments === null) {
        for (let i = 0; i < n; i++) {
          const ai = a[o + i];
          const bi = this.noisy ? b[o + i] : 0;
          s += w[i] * (ai * ai + bi * bi); // sum_i w_i (a^2 + b^2)
        }
      } else if (this.noisy) {
        const { zz, zx, xx } = moments;
        for (let i = 0; i < n; i++) {
          const ai = a[o + i];
          const bi = b[o + i];
          s += w[i] * (zz[i] * ai * ai + 2 * zx[i] * ai * bi + xx[i] * bi * bi); // sum_i w_i (S_zz a^2 + 2 S_zx a b + S_xx b^2)
        }
      } else {
        const zz = moments.zz;
        for (let i = 0; i < n; i++) {
          const ai = a[o + i];
          s += w[i] * zz[i] * ai * ai; // sum_i w_i S_zz a^2
        }
      }
      out[t] = s;
    }
    return out;
  }
}

/** Exact expected MSE E||s_t - x||^2 / n for t = 0..T (noise sigma, default 0). */
export function expectedMseCurve(
  spectrum: Spectrum,
  steps: ArrayLike<number>,
  sigma = 0,
): Float64Array {
  return new SpectralRecurrence(spectrum, sigma).curve(steps);
}

/** Exact expected MSE after all steps and its gradient with respect to each step. */
export function expectedMseWithGradient(
  spectrum: Spectrum,
  steps: ArrayLike<number>,
  sigma = 0,
): { mse: number; gradient: Float64Array } {
  const gradient = new Float64Array(steps.length);
  const mse = new SpectralRecurrence(spectrum, sigma).lossAndGradient(steps, gradient);
  return { mse, gradient };
}
