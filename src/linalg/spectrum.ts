/**
 * A spectrum as a discrete measure: nodes lambda_i with weights w_i >= 0,
 * sum_i w_i = 1. Exact eigenvalues of an n x n matrix are the nodes with
 * weights 1/n; a spectral density estimate (stochastic Lanczos quadrature)
 * gives fewer nodes with unequal weights. Every spectral average in dugd,
 * (1/n) sum_i f(lambda_i), is sum_i w_i f(lambda_i) over this measure.
 */

export interface Spectrum {
  /** Nodes (eigenvalues), ascending. */
  readonly nodes: Float64Array;
  /** Weights summing to 1, one per node. */
  readonly weights: Float64Array;
  /** Dimension of the operator the spectrum describes (n). */
  readonly dimension: number;
  /** How the spectrum was obtained, e.g. 'dense-eigensolver', 'file', 'slq'. */
  readonly source: string;
}

export interface SpectrumSummary {
  n: number;
  nodes: number;
  lmin: number;
  lmax: number;
  kappa: number;
  mean: number;
  source: string;
}

/** Spectrum with weights 1/n from a list of eigenvalues (sorted ascending here). */
export function spectrumFromEigenvalues(
  eigenvalues: ArrayLike<number>,
  source = 'eigenvalues',
): Spectrum {
  const n = eigenvalues.length;
  if (n === 0) throw new RangeError('spectrumFromEigenvalues: the list of eigenvalues is empty');
  const nodes = Float64Array.from(eigenvalues);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(nodes[i])) {
      throw new RangeError(`spectrumFromEigenvalues: eigenvalue ${i} is not finite (${nodes[i]})`);
    }
  }
  nodes.sort();
  return { nodes, weights: new Float64Array(n).fill(1 / n), dimension: n, source };
}

/** Spectrum from weighted nodes (weights are normalised to sum 1). */
export function weightedSpectrum(
  nodes: ArrayLike<number>,
  weights: ArrayLike<number>,
  dimension: number,
  source: string,
): Spectrum {
  if (nodes.length !== weights.length || nodes.length === 0) {
    throw new RangeError(
      `weightedSpectrum: need as many weights as nodes (>0); got ${nodes.length} nodes, ${weights.length} weights`,
    );
  }
  const order = Array.from(nodes, (_, i) => i).sort((a, b) => nodes[a] - nodes[b]);
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    if (!(weights[i] >= 0) || !Number.isFinite(nodes[i])) {
      throw new RangeError(
        `weightedSpectrum: node ${i} has weight ${weights[i]}, value ${nodes[i]}`,
      );
    }
    total += weights[i];
  }
  if (!(total > 0)) throw new RangeError('weightedSpectrum: the weights sum to 0');
  return {
    nodes: Float64Array.from(order, (i) => nodes[i]),
    weights: Float64Array.from(order, (i) => weights[i] / total),
    dimension,
    source,
  };
}

export function summarizeSpectrum(s: Spectrum): SpectrumSummary {
  const lmin = s.nodes[0];
  const lmax = s.nodes[s.nodes.length - 1];
  let mean = 0;
  for (let i = 0; i < s.nodes.length; i++) mean += s.weights[i] * s.nodes[i];
  return {
    n: s.dimension,
    nodes: s.nodes.length,
    lmin,
    lmax,
    kappa: lmax / lmin,
    mean,
    source: s.source,
  };
}
