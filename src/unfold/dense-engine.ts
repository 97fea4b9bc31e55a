/**
 * The `dense` engine: the paper's DUGD computation literally (Takabe &
 * Wadayama, arXiv:2001.05142, Sec. II-B and their notebook), with a
 * hand-written reverse sweep instead of autograd.
 *
 * Batches are rows (bs x n): X ~ N(0, I), W ~ N(0, sigma^2 I) (bs x m),
 * Y = X H + W (row b is (H^T x_b + w_b)^T). With S_0 = 0,
 *
 *   R_t     = (S_t H - Y) H^T                 (rows of the gradients A s - H y)
 *   S_{t+1} = S_t - gamma_t R_t,               t = 0..g-1
 *   L       = (1/(bs n)) ||S_g - X||_F^2
 *
 * Two algebraically identical forms of R_t:
 *   'H' (literal): R_t = (S_t H - Y) H^T, two bs x n x m products per layer;
 *   'A' (default): R_t = S_t A - B with A = H H^T and B = Y H^T = X A + W H^T
 *                  precomputed per batch, one bs x n x n product per layer.
 *
 * Reverse sweep (A symmetric, so the adjoint of S -> S A is Sbar -> Sbar A):
 *   Sbar_g  = (2/(bs n)) (S_g - X)
 *   dL/dgamma_t = -<Sbar_{t+1}, R_t>
 *   Sbar_t  = Sbar_{t+1} - gamma_t Sbar_{t+1} A      ('H': Sbar_{t+1} H H^T)
 *
 * Cost per layer and batch: forward and backward one product each,
 * 2 bs n^2 flops ('A') or 4 bs n m flops ('H'); memory: S_t, R_t for all t
 * (2 (g+1) bs n doubles). Products use matMul (4-row register blocking).
 */
import { denseMatrix, gram, matMul, transpose, type DenseMatrix } from '../linalg/dense.js';
import { checkFloat64Entries } from '../linalg/limits.js';
import type { Rng } from '../random/rng.js';
import { checkSamplingOptions, type SamplingOptions, type TrainingEngine } from './engine.js';

export type DenseForm = 'H' | 'A';

/**
 * Fills one batch: x (bs x n, rows are samples) and, when the problem is
 * noisy, w (bs x m). The default draws x then w from the rng.
 */
export type DenseSampleSource = (x: Float64Array, w: Float64Array | null, rng: Rng) => void;

export interface DenseEngineOptions extends SamplingOptions {
  /** 'A' (default): precompute A = H H^T; 'H': the paper's two products with H. */
  form?: DenseForm;
  /** Where batches come from (tests inject explicit samples). */
  samples?: DenseSampleSource;
}

export class DenseEngine implements TrainingEngine {
  readonly name = 'dense' as const;
  readonly dimension: number;
  readonly batchSize: number;
  readonly noise: number;
  readonly form: DenseForm;
  private readonly H: DenseMatrix;
  private readonly Ht: DenseMatrix;
  private readonly A: DenseMatrix | null;
  private readonly source: DenseSampleSource;
  private readonly X: DenseMatrix;
  private readonly W: DenseMatrix | null;
  private readonly Y: DenseMatrix | null;
  private readonly B: DenseMatrix;
  private readonly Sbar: DenseMatrix;
  private readonly tmpN: DenseMatrix;
  private readonly tmpM: DenseMatrix | null;
  /** S_t for t = 0..layers, and R_t for t < layers, of the last batch. */
  private S: DenseMatrix[] = [];
  private R: DenseMatrix[] = [];
  private layers = 0;

  constructor(H: DenseMatrix, options: DenseEngineOptions) {
    checkSamplingOptions('DenseEngine', options);
    const form = options.form ?? 'A';
    if (form !== 'A' && form !== 'H') {
      throw new RangeError(`DenseEngine: form must be 'A' or 'H'; got ${String(form)}`);
    }
    const { rows: n, cols: m } = H;
    const bs = options.batchSize;
    const noisy = (options.noise ?? 0) > 0;
    checkFloat64Entries(
      'DenseEngine',
      `H^T, ${form === 'A' ? 'A and ' : ''}the batch matrices (batchSize ${bs}, n ${n}, m ${m})`,
      n * m +
        (form === 'A' ? n * n : 0) +
        3 * bs * n +
        bs * m * ((noisy ? 1 : 0) + (form === 'H' ? 2 : 0)),
    );
    this.dimension = n;
    this.batchSize = bs;
    this.noise = options.noise ?? 0;
    this.form = form;
    this.H = H;
    this.Ht = transpose(H);
    this.A = form === 'A' ? gram(H) : null;
    const sigma = this.noise;
    this.source =
      options.samples ??
      ((x, w, rng) => {
        rng.fillNormal(x); // x ~ N(0, I)
        if (w) rng.fillNormal(w, 0, sigma); // w ~ N(0, sigma^2 I)
      });
    this.X = denseMatrix(bs, n);
    this.W = this.noise > 0 ? denseMatrix(bs, m) : null;
    this.Y = form === 'H' ? denseMatrix(bs, m) : null;
    this.B = denseMatrix(bs, n);
    this.Sbar = denseMatrix(bs, n);
    this.tmpN = denseMatrix(bs, n);
    this.tmpM = form === 'H' ? denseMatrix(bs, m) : null;
  }

  /** S_t of the last batch (bs x n rows), t = 0..g. */
  iterate(t: number): DenseMatrix {
    if (!Number.isInteger(t) || t < 0 || t > this.layers) {
      throw new RangeError(
        `DenseEngine.iterate: t must be an integer in [0, ${this.layers}]; got ${t}`,
      );
    }
    return this.S[t];
  }

  /** The samples x of the last batch (bs x n rows). */
  lastSamples(): DenseMatrix {
    return this.X;
  }

  private ensureLayers(g: number): void {
    const { batchSize: bs, dimension: n } = this;
    if (this.S.length < g + 1) {
      checkFloat64Entries(
        'DenseEngine',
        `S_t and R_t of g = ${g} layers (2 g + 1 matrices of batchSize x n = ${bs} x ${n})`,
        (2 * g + 1) * bs * n,
      );
    }
    while (this.S.length < g + 1) this.S.push(denseMatrix(bs, n));
    while (this.R.length < g) this.R.push(denseMatrix(bs, n));
  }

  /** out <- M A for the form in use ('H': (M H) H^T). */
  private timesA(M: DenseMatrix, out: DenseMatrix): void {
    if (this.A) {
      matMul(M, this.A, out); // out <- M A
    } else {
      const t = this.tmpM!;
      matMul(M, this.H, t); // t <- M H
      matMul(t, this.Ht, out); // out <- (M H) H^T
    }
  }

  batchLossAndGradient(steps: Float64Array, rng: Rng, gradOut: Float64Array): number {
    const g = steps.length;
    this.ensureLayers(g);
    this.layers = g;
    const { X, W, B, Sbar, tmpN } = this;
    this.source(X.data, W ? W.data : null, rng);
    const size = X.data.length;
    const b = B.data;
    // B <- Y H^T with Y = X H + W
    if (this.form === 'A') {
      matMul(X, this.A!, B); // B <- X A
      if (W) {
        matMul(W, this.Ht, tmpN); // tmp <- W H^T
        for (let k = 0; k < size; k++) b[k] += tmpN.data[k]; // B <- X A + W H^T
      }
    } else {
      const Y = this.Y!;
      matMul(X, this.H, Y); // Y <- X H
      if (W) for (let k = 0; k < Y.data.length; k++) Y.data[k] += W.data[k]; // Y <- X H + W
      matMul(Y, this.Ht, B); // B <- Y H^T
    }
    // forward sweep
    this.S[0].data.fill(0);
    for (let t = 0; t < g; t++) {
      const s = this.S[t].data;
      const r = this.R[t].data;
      const sNext = this.S[t + 1].data;
      if (t === 0) {
        for (let k = 0; k < size; k++) r[k] = -b[k]; // R_0 = S_0 A - B = -B
      } else {
        this.timesA(this.S[t], this.R[t]); // R_t <- S_t A
        for (let k = 0; k < size; k++) r[k] -= b[k]; // R_t <- S_t A - B
      }
      const gt = steps[t];
      for (let k = 0; k < size; k++) sNext[k] = s[k] - gt * r[k]; // S_{t+1} = S_t - gamma_t R_t
    }
    // loss and Sbar_g = (2/(bs n)) (S_g - X)
    const sg = this.S[g].data;
    const x = X.data;
    const sbar = Sbar.data;
    const c = 2 / size;
    let loss = 0;
    for (let k = 0; k < size; k++) {
      const e = sg[k] - x[k];
      loss += e * e;
      sbar[k] = c * e;
    }
    loss /= size;
    // reverse sweep
    for (let t = g - 1; t >= 0; t--) {
      const r = this.R[t].data;
      let dot = 0;
      for (let k = 0; k < size; k++) dot += sbar[k] * r[k];
      gradOut[t] = -dot; // dL/dgamma_t = -<Sbar_{t+1}, R_t>
      if (t > 0) {
        this.timesA(Sbar, tmpN); // tmp <- Sbar_{t+1} A
        const gt = steps[t];
        const q = tmpN.data;
        for (let k = 0; k < size; k++) sbar[k] -= gt * q[k]; // Sbar_t = Sbar_{t+1} - gamma_t Sbar_{t+1} A
      }
    }
    return loss;
  }
}
