/**
 * The paper's DUGD experiment settings (Takabe & Wadayama, arXiv:2001.05142,
 * Sec. II; the authors' DUGD_LMS_example.ipynb): H n x m = 300 x 600 with
 * entries N(0, 1/n), A = H H^T, seed 12, noiseless; T = 25 layers trained
 * incrementally, 500 mini-batches of 200 per generation, Adam with lr 0.002,
 * every step starting at 0.3; the moment engine (exact in distribution,
 * unfold/moment-engine.ts); the sampled MSE on 10000 fresh samples.
 *
 * The one place these numbers are written: the defaults of `dugd train`,
 * `dugd reproduce` (PAPER_DEFAULTS), runTraining's evaluation samples and
 * the benchmarks read them from here. n, m and T are those of the authors'
 * notebook as recorded in published.ts.
 */
import type { EngineName } from '../unfold/engine.js';
import { PUBLISHED_DUGD_LMS } from './published.js';

export interface PaperTrainingSettings {
  /** rows of H: signal dimension */
  n: number;
  /** columns of H: measurements */
  m: number;
  /** layers: trainable steps */
  T: number;
  /** mini-batches (Adam steps) per generation */
  batches: number;
  batchSize: number;
  /** Adam learning rate */
  lr: number;
  /** initial step of every layer */
  init: number;
  seed: number;
  /** noise standard deviation of w */
  noise: number;
  engine: EngineName;
  /** fresh samples for the sampled MSE */
  evalSamples: number;
}

export const PAPER_SETTINGS: Readonly<PaperTrainingSettings> = Object.freeze({
  n: PUBLISHED_DUGD_LMS.n,
  m: PUBLISHED_DUGD_LMS.m,
  T: PUBLISHED_DUGD_LMS.T,
  batches: 500,
  batchSize: 200,
  lr: 0.002,
  init: 0.3,
  seed: 12,
  noise: 0,
  engine: 'moment',
  evalSamples: 10000,
});
