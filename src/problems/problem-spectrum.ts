/**
 * Spectra of a LinearProblem's operator (A_s, or A without scaling).
 *
 * problemSpectrum: the spectral measure that training and evaluation run on.
 *   'dense' (auto when n <= denseThreshold, default 1000): every eigenvalue by
 *       the dense symmetric eigensolver (Householder + implicit QL), weights
 *       1/n: the expected MSE (1/n) sum_i p_T(lambda_i)^2 is then exact;
 *   'slq' (auto when n > denseThreshold): stochastic Lanczos quadrature
 *       (linalg/slq.ts: nv Rademacher probes, k Lanczos steps each): nodes
 *       theta with weights tau^2/nv, whose moments of degree <= 2k - 1 are the
 *       Hutchinson estimates of (1/n) tr A^j; the interval [lmin, lmax] for
 *       the baselines comes from a separate Lanczos run for the extreme
 *       eigenvalues (lanczosExtremes; certified residual bounds), widened to
 *       contain every node.
 *   Either way the result says which (`method`) and how long it took.
 *
 * problemExtremes: the extreme eigenvalues with bounds and the safe interval
 *   for Chebyshev steps (linalg/spectrum-estimate.ts: dense when
 *   n <= denseThreshold, else Lanczos with the 10 % safety margin on lmax),
 *   every eigenvalue when the dense method computed them, and whether lmin
 *   can be told from 0 (`definiteness`, spd-system.ts: numericalSingularity).
 *   An estimate that did not converge (power iteration, Lanczos out of
 *   steps) gives no safe interval: its lmin is widened to lmin - lminBound
 *   when that is positive, and `safeIntervalReliable` is false either way
 *   (a Ritz value or Rayleigh quotient is >= the true lmin, and the residual
 *   bound only says that some eigenvalue is near it).
 *   An unscaled sparse or dense matrix is passed as the matrix itself, so the
 *   dense path needs no operator applications.
 *
 * Random streams of one seed (next to SAMPLE_STREAMS of gaussian.ts, which
 * file problems do not use for a matrix): Lanczos start vectors 3, SLQ probes
 * 4, the seeded solution x* of `dugd solve` 5.
 */
import { symmetricEigenvalues } from '../linalg/eigen.js';
import type { SpectrumEstimate } from '../linalg/estimate.js';
import { lanczosExtremes } from '../linalg/lanczos.js';
import { materializeOperator } from '../linalg/operators.js';
import { spectralDensity } from '../linalg/slq.js';
import { csrToDense, isCsrMatrix } from '../linalg/sparse.js';
import { spectrumFromEigenvalues, type Spectrum } from '../linalg/spectrum.js';
import { DEFAULT_DENSE_THRESHOLD, estimateSpectrum } from '../linalg/spectrum-estimate.js';
import { Rng } from '../random/rng.js';
import { numericalSingularity, type Definiteness, type LinearProblem } from './spd-system.js';

export const FILE_PROBLEM_STREAMS = { lanczos: 3, slq: 4, solution: 5 } as const;

export type ProblemSpectrumMethod = 'auto' | 'dense' | 'slq';

export interface ProblemSpectrumOptions {
  /** Default 'auto' (dense when n <= denseThreshold). */
  method?: ProblemSpectrumMethod;
  /** Default 1000 (DEFAULT_DENSE_THRESHOLD). */
  denseThreshold?: number;
  /** Seed of the Lanczos start vector and the SLQ probes (default 12). */
  seed?: number;
  /** SLQ probes nv (default 20). */
  probes?: number;
  /** SLQ Lanczos steps k per probe (default min(n, 30)). */
  steps?: number;
}

export interface ProblemSpectrum {
  spectrum: Spectrum;
  /** [lmin, lmax]: exact (dense) or the Lanczos estimate widened to contain every node (slq). */
  interval: { lmin: number; lmax: number };
  /** Error bound of interval.lmin: rounding (dense, n eps max|lambda|) or the Lanczos residual bound (slq). */
  lminBound: number;
  method: 'dense' | 'slq';
  seconds: number;
  notes: string[];
}

function checkThreshold(where: string, t: number): number {
  if (!Number.isInteger(t) || t < 0) {
    throw new RangeError(`${where}: denseThreshold must be a non-negative integer; got ${t}`);
  }
  return t;
}

/** The matrix the dense eigensolver gets: A itself when unscaled, else A_s materialised. */
function denseOf(problem: LinearProblem) {
  const m = problem.matrix;
  if (problem.scaling.applied === 'none' && m) return isCsrMatrix(m) ? csrToDense(m) : m;
  return materializeOperator(problem.operator, problem.n);
}

/** The spectral measure of the problem's operator (see the header). */
export function problemSpectrum(
  problem: LinearProblem,
  options: ProblemSpectrumOptions = {},
): ProblemSpectrum {
  const where = 'problemSpectrum';
  const method = options.method ?? 'auto';
  if (!['auto', 'dense', 'slq'].includes(method)) {
    throw new RangeError(`${where}: method must be auto, dense or slq; got ${String(method)}`);
  }
  const threshold = checkThreshold(where, options.denseThreshold ?? DEFAULT_DENSE_THRESHOLD);
  const seed = options.seed ?? 12;
  const n = problem.n;
  const t0 = performance.now();
  const chosen = method === 'auto' ? (n <= threshold ? 'dense' : 'slq') : method;
  const notes: string[] = [];
  if (method === 'auto') {
    notes.push(`n = ${n} ${n <= threshold ? '<=' : '>'} dense threshold ${threshold}`);
  }
  if (chosen === 'dense') {
    const values = symmetricEigenvalues(denseOf(problem));
    const spectrum = spectrumFromEigenvalues(values, 'dense-eigensolver');
    notes.push(`all ${n} eigenvalues by the dense symmetric eigensolver`);
    const lmin = spectrum.nodes[0];
    const lmax = spectrum.nodes[n - 1];
    return {
      spectrum,
      interval: { lmin, lmax },
      lminBound: n * 2 ** -52 * Math.max(Math.abs(lmin), Math.abs(lmax)),
      method: 'dense',
      seconds: (performance.now() - t0) / 1000,
      notes,
    };
  }
  const spectrum = spectralDensity(problem.operator, {
    rng: new Rng(seed, FILE_PROBLEM_STREAMS.slq),
    probes: options.probes,
    steps: options.steps,
  });
  const est = lanczosExtremes(problem.operator, {
    rng: new Rng(seed, FILE_PROBLEM_STREAMS.lanczos),
  });
  const nodes = spectrum.nodes;
  const lmin = Math.min(est.lmin, nodes[0]);
  const lmax = Math.max(est.lmax, nodes[nodes.length - 1]);
  notes.push(
    `spectral density by stochastic Lanczos quadrature: ${nodes.length} weighted nodes`,
    `interval from ${est.iterations} Lanczos steps (${est.converged ? 'converged' : 'not converged'}; ` +
      `bounds ${est.lminBound.toExponential(2)}, ${est.lmaxBound.toExponential(2)})`,
  );
  return {
    spectrum,
    interval: { lmin, lmax },
    lminBound: est.lminBound,
    method: 'slq',
    seconds: (performance.now() - t0) / 1000,
    notes,
  };
}

export interface ProblemExtremesOptions {
  /** 'auto' (default), 'dense', 'lanczos' or 'power'. */
  method?: 'auto' | 'dense' | 'lanczos' | 'power';
  denseThreshold?: number;
  /** Relative margin on lmax (default: 0 dense, 0.1 iterative). */
  safetyMargin?: number;
  /** Seed of the start vector (default 12). */
  seed?: number;
}

export interface ProblemExtremes extends SpectrumEstimate {
  seconds: number;
  /** Whether lmin can be told from 0 (numericalSingularity). */
  definiteness: Definiteness;
  /** max(lminBound, n eps |lmax|): |lmin| at or below it is numerically 0. */
  singularityThreshold: number;
  /** False when the estimate did not converge: safeInterval is then a guess (see the header). */
  safeIntervalReliable: boolean;
}

/** Extreme eigenvalues of the problem's operator with bounds and the safe interval. */
export function problemExtremes(
  problem: LinearProblem,
  options: ProblemExtremesOptions = {},
): ProblemExtremes {
  const t0 = performance.now();
  const input =
    problem.scaling.applied === 'none' && problem.matrix ? problem.matrix : problem.operator;
  const est = estimateSpectrum(input, {
    method: options.method ?? 'auto',
    denseThreshold: checkThreshold(
      'problemExtremes',
      options.denseThreshold ?? DEFAULT_DENSE_THRESHOLD,
    ),
    safetyMargin: options.safetyMargin,
    rng: new Rng(options.seed ?? 12, FILE_PROBLEM_STREAMS.lanczos),
    // the problem was checked for symmetry when it was built (spd-system.ts)
    symmetryTolerance: Infinity,
  });
  const { definiteness, threshold } = numericalSingularity(est);
  let safeInterval = est.safeInterval;
  const notes = [...est.notes];
  if (!est.converged) {
    const widened = est.lmin - est.lminBound;
    if (widened > 0) {
      safeInterval = [widened, est.safeInterval[1]];
      notes.push(
        `not converged: the safe interval's lmin is lmin - lminBound = ${widened.toPrecision(6)}, not certain`,
      );
    } else {
      notes.push('not converged: lmin is not resolved (lmin - lminBound <= 0), no safe interval');
    }
  }
  return {
    ...est,
    safeInterval,
    notes,
    seconds: (performance.now() - t0) / 1000,
    definiteness,
    singularityThreshold: threshold,
    safeIntervalReliable: est.converged,
  };
}
