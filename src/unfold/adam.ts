/**
 * Adam (Kingma & Ba, 2015) exactly as torch.optim.Adam computes it (no
 * weight decay, no amsgrad), for one parameter vector with one step counter k:
 *
 *   k      <- k + 1
 *   m      <- beta1 m + (1 - beta1) grad
 *   v      <- beta2 v + (1 - beta2) grad^2
 *   p      <- p - (lr / (1 - beta1^k)) m / (sqrt(v) / sqrt(1 - beta2^k) + eps)
 *
 * The paper's code has ONE optimizer over the whole step vector for the
 * whole incremental run: a layer first used at global step k (its gradient
 * was 0 before, so m = v = 0) moves by
 * lr [(1 - beta1)/(1 - beta1^k)] / [sqrt(1 - beta2)/sqrt(1 - beta2^k)] on
 * its first step, about 2 lr at k = 501 and up to sqrt(1000) (1 - 0.9) lr
 * = 3.16 lr late in the run, not lr. Entries with zero gradient and zero
 * moments do not move.
 */

export interface AdamOptions {
  /** learning rate (paper: 0.002) */
  lr: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
}

export class Adam {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  /** first moments m (torch: exp_avg) */
  readonly m: Float64Array;
  /** second moments v (torch: exp_avg_sq) */
  readonly v: Float64Array;
  /** the global step counter k */
  stepCount = 0;

  constructor(size: number, options: AdamOptions) {
    if (!Number.isInteger(size) || size < 1) {
      throw new RangeError(`Adam: size must be a positive integer; got ${size}`);
    }
    const { lr, beta1 = 0.9, beta2 = 0.999, eps = 1e-8 } = options;
    if (!(lr > 0) || !Number.isFinite(lr)) {
      throw new RangeError(`Adam: lr must be a finite number > 0; got ${lr}`);
    }
    for (const [name, b] of [
      ['beta1', beta1],
      ['beta2', beta2],
    ] as const) {
      if (!(b >= 0 && b < 1)) throw new RangeError(`Adam: ${name} must be in [0, 1); got ${b}`);
    }
    if (!(eps >= 0) || !Number.isFinite(eps)) {
      throw new RangeError(`Adam: eps must be a finite number >= 0; got ${eps}`);
    }
    this.lr = lr;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }

  /** One update of `params` (in place) with gradient `grad` (same length). */
  step(params: Float64Array, grad: Float64Array): void {
    const { m, v, beta1, beta2, eps } = this;
    const k = ++this.stepCount;
    const stepSize = this.lr / (1 - Math.pow(beta1, k));
    const bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, k));
    for (let j = 0; j < params.length; j++) {
      const gj = grad[j];
      m[j] = beta1 * m[j] + (1 - beta1) * gj; // m <- beta1 m + (1 - beta1) g
      v[j] = beta2 * v[j] + (1 - beta2) * gj * gj; // v <- beta2 v + (1 - beta2) g^2
      params[j] -= stepSize * (m[j] / (Math.sqrt(v[j]) / bc2Sqrt + eps)); // p <- p - lr_k m / (sqrt(v_hat) + eps)
    }
  }
}
