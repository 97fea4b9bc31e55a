/**
 * The paper's problem class (Takabe & Wadayama, arXiv:2001.05142, Sec. II):
 *
 *   H in R^{n x m} with i.i.d. entries N(0, 1/n),  A = H H^T,
 *   x ~ N(0, I_n),  w ~ N(0, sigma^2 I_m),  y = H^T x + w,
 *
 * least squares min_s ||y - H^T s||^2 / 2 with gradient A s - H y.
 * The paper uses n = 300, m = 600, sigma = 0.
 *
 * Random streams of one seed: stream 0 draws H (row by row), so the matrix
 * depends only on (seed, n, m); samples use other streams (see SAMPLE_STREAMS).
 */
import { denseMatrix, gram, matTVec, type DenseMatrix } from '../linalg/dense.js';
import { symmetricEigenvalues } from '../linalg/eigen.js';
import { spectrumFromEigenvalues, type Spectrum } from '../linalg/spectrum.js';
import { Rng } from '../random/rng.js';

export interface GaussianProblemOptions {
  /** rows of H: the signal dimension (paper: 300) */
  n: number;
  /** columns of H: the number of measurements (paper: 600) */
  m: number;
  /** seed of the matrix H */
  seed: number;
  /** noise standard deviation sigma of w (paper: 0) */
  noise?: number;
}

export interface GaussianProblem {
  readonly n: number;
  readonly m: number;
  readonly seed: number;
  readonly noise: number;
  readonly H: DenseMatrix;
  /** A = H H^T, formed on first use. */
  gramMatrix(): DenseMatrix;
}

/** Named random streams: every use of randomness in one run has its own. */
export const SAMPLE_STREAMS = {
  matrix: 0,
  training: 1,
  evaluation: 2,
} as const;

export function gaussianProblem(options: GaussianProblemOptions): GaussianProblem {
  const { n, m, seed } = options;
  const noise = options.noise ?? 0;
  for (const [name, v] of [
    ['n', n],
    ['m', m],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) {
      throw new RangeError(`gaussianProblem: ${name} must be a positive integer; got ${v}`);
    }
  }
  if (!(noise >= 0) || !Number.isFinite(noise)) {
    throw new RangeError(`gaussianProblem: noise must be a finite number >= 0; got ${noise}`);
  }
  const rng = new Rng(seed, SAMPLE_STREAMS.matrix);
  const H = denseMatrix(n, m);
  rng.fillNormal(H.data, 0, 1 / Math.sqrt(n));
  let A: DenseMatrix | null = null;
  return {
    n,
    m,
    seed,
    noise,
    H,
    gramMatrix() {
      A ??= gram(H);
      return A;
    },
  };
}

/**
 * One sample: x ~ N(0, I_n), w ~ N(0, sigma^2 I_m), y = H^T x + w.
 * Writes into the given arrays (x: n, y: m) and returns them.
 */
export function sampleGaussian(
  problem: GaussianProblem,
  rng: Rng,
  x: Float64Array = new Float64Array(problem.n),
  y: Float64Array = new Float64Array(problem.m),
): { x: Float64Array; y: Float64Array } {
  rng.fillNormal(x);
  matTVec(problem.H, x, y); // y <- H^T x
  if (problem.noise > 0) {
    for (let j = 0; j < problem.m; j++) y[j] += problem.noise * rng.normal(); // y <- y + w
  }
  return { x, y };
}

/** Eigenvalues of A per problem object (weak: dropped with the problem). */
const spectrumCache = new WeakMap<GaussianProblem, Float64Array>();

/**
 * The exact spectrum of A = H H^T: its n eigenvalues (dense symmetric
 * eigensolver, O(n^3) once per problem object, then cached) with weights
 * 1/n, source 'dense-eigensolver'. Each call returns a fresh Spectrum.
 * For n <= m the eigenvalues follow the Marchenko-Pastur law with ratio
 * n/m: mean m/n, edges (m/n)(1 -+ sqrt(n/m))^2.
 */
export function gaussianSpectrum(problem: GaussianProblem): Spectrum {
  if (problem === null || typeof problem !== 'object' || typeof problem.gramMatrix !== 'function') {
    throw new TypeError(
      `gaussianSpectrum: problem must be a GaussianProblem; got ${typeof problem}`,
    );
  }
  let eigenvalues = spectrumCache.get(problem);
  if (!eigenvalues) {
    eigenvalues = symmetricEigenvalues(problem.gramMatrix());
    spectrumCache.set(problem, eigenvalues);
  }
  return spectrumFromEigenvalues(eigenvalues, 'dense-eigensolver');
}
