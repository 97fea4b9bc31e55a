/**
 * estimateSpectrum: the extreme eigenvalues of a symmetric matrix or
 * operator by the cheapest exact-enough method, with bounds and the safe
 * interval for Chebyshev steps (see estimate.ts).
 *
 *   method 'auto' (default):
 *     n <= denseThreshold  -> 'dense': the dense symmetric eigensolver
 *                             (eigen.ts; an operator is first materialised
 *                             column by column, n applications);
 *     otherwise            -> 'lanczos' (lanczos.ts).
 *   'dense' | 'lanczos' | 'power' force a method.
 *
 * Dense bounds: the eigensolver is backward stable, so each computed value
 * is within about n eps max|lambda| of an eigenvalue (boundKind 'rounding');
 * the default safety margin is then 0. Iterative methods get the margin
 * DEFAULT_SAFETY_MARGIN (0.1) on lmax.
 *
 * denseThreshold defaults to 1000: the hand Householder + QL solver takes
 * about 1.7 s at n = 1000 on this class of machine (cubic growth: ~14 s at
 * 2000), while Lanczos with full re-orthogonalisation needs well under a
 * second there.
 */
import type { DenseMatrix } from './dense.js';
import { asymmetry } from './dense.js';
import { denseOperator } from './operator.js';
import { symmetricEigenvalues } from './eigen.js';
import {
  checkRandomSource,
  checkSafetyMargin,
  DEFAULT_SAFETY_MARGIN,
  withSafeInterval,
  type RandomSource,
  type SpectrumEstimate,
  type SpectrumMethod,
} from './estimate.js';
import { checkSymmetricOperator, lanczosExtremes, type LanczosOptions } from './lanczos.js';
import type { LinearOperator } from './operator.js';
import { materializeOperator } from './operators.js';
import { powerExtremes, type PowerOptions } from './power.js';
import type { CsrMatrix } from './sparse.js';
import { csrOperator, csrSymmetry, csrToDense, isCsrMatrix } from './sparse.js';

export const DEFAULT_DENSE_THRESHOLD = 1000;
/** Relative asymmetry max|a_ij - a_ji| / max|a_ij| accepted for a matrix input. */
export const DEFAULT_SYMMETRY_TOLERANCE = 1e-12;

export interface EstimateSpectrumOptions {
  method?: 'auto' | SpectrumMethod;
  /** 'auto' uses the dense eigensolver up to this size (default 1000). */
  denseThreshold?: number;
  /** Relative margin on lmax (default 0 for dense, 0.1 for Lanczos and power). */
  safetyMargin?: number;
  /** Seeded generator for Lanczos / power start vectors (required by those methods). */
  rng?: RandomSource;
  lanczos?: Omit<LanczosOptions, 'rng' | 'start'>;
  power?: Omit<PowerOptions, 'rng' | 'start'>;
  /** Accepted relative asymmetry of a matrix input (default 1e-12). */
  symmetryTolerance?: number;
}

export type SpectrumInput = LinearOperator | DenseMatrix | CsrMatrix;

function isDense(x: SpectrumInput): x is DenseMatrix {
  return (x as DenseMatrix).data instanceof Float64Array && !isCsrMatrix(x);
}

/** Extreme eigenvalues of a symmetric matrix or operator, with bounds and a safe interval. */
export function estimateSpectrum(
  input: SpectrumInput,
  options: EstimateSpectrumOptions = {},
): SpectrumEstimate {
  const where = 'estimateSpectrum';
  const method = options.method ?? 'auto';
  if (!['auto', 'dense', 'lanczos', 'power'].includes(method)) {
    throw new RangeError(
      `${where}: method must be 'auto', 'dense', 'lanczos' or 'power'; got ${String(method)}`,
    );
  }
  const threshold = options.denseThreshold ?? DEFAULT_DENSE_THRESHOLD;
  if (!Number.isInteger(threshold) || threshold < 0) {
    throw new RangeError(
      `${where}: denseThreshold must be a non-negative integer; got ${threshold}`,
    );
  }
  const symTol = options.symmetryTolerance ?? DEFAULT_SYMMETRY_TOLERANCE;
  if (!(symTol >= 0))
    throw new RangeError(`${where}: symmetryTolerance must be >= 0; got ${symTol}`);

  // the input as a dense matrix (if it is one) and as an operator
  let dense: DenseMatrix | null = null;
  let op: LinearOperator;
  const notes: string[] = [];
  if (isCsrMatrix(input)) {
    if (input.rows !== input.cols) {
      throw new RangeError(
        `${where}: the matrix must be square; got ${input.rows} x ${input.cols}`,
      );
    }
    const sym = csrSymmetry(input, symTol);
    if (!sym.symmetric) throw notSymmetric(sym.asymmetry, sym.worst);
    op = csrOperator(input, { symmetric: true });
  } else if (isDense(input)) {
    if (input.rows !== input.cols) {
      throw new RangeError(
        `${where}: the matrix must be square; got ${input.rows} x ${input.cols}`,
      );
    }
    const asym = asymmetry(input);
    if (asym > symTol) throw notSymmetric(asym, null);
    dense = input;
    op = denseOperator(input, true);
  } else {
    checkSymmetricOperator(where, input);
    op = input;
  }
  const n = op.size;
  const chosen: SpectrumMethod =
    method === 'auto' ? (n <= threshold ? 'dense' : 'lanczos') : method;
  if (method === 'auto')
    notes.push(`method auto: n = ${n} ${n <= threshold ? '<=' : '>'} denseThreshold ${threshold}`);

  if (chosen === 'dense') {
    const margin = checkSafetyMargin(where, options.safetyMargin ?? 0);
    let iterations = 0;
    if (!dense) {
      if (isCsrMatrix(input)) dense = csrToDense(input);
      else {
        dense = materializeOperator(op, Math.max(threshold, n));
        iterations = n;
        notes.push(`operator materialised by ${n} applications`);
      }
    }
    const values = symmetricEigenvalues(dense);
    const lmin = values[0];
    const lmax = values[n - 1];
    const bound = n * 2 ** -52 * Math.max(Math.abs(lmin), Math.abs(lmax));
    return withSafeInterval(
      {
        n,
        lmin,
        lmax,
        lminBound: bound,
        lmaxBound: bound,
        boundKind: 'rounding',
        method: 'dense',
        iterations,
        converged: true,
        breakdown: false,
        notes: [...notes, 'dense symmetric eigensolver (Householder + implicit QL)'],
        eigenvalues: values,
      },
      margin,
    );
  }
  const margin = checkSafetyMargin(where, options.safetyMargin ?? DEFAULT_SAFETY_MARGIN);
  checkRandomSource(`${where} (method ${chosen})`, options.rng);
  const est =
    chosen === 'lanczos'
      ? lanczosExtremes(op, { ...options.lanczos, rng: options.rng, safetyMargin: margin })
      : powerExtremes(op, { ...options.power, rng: options.rng, safetyMargin: margin });
  return { ...est, notes: [...notes, ...est.notes] };
}

function notSymmetric(asym: number, worst: [number, number] | null): RangeError {
  const at = worst ? ` (largest difference at row ${worst[0]}, column ${worst[1]})` : '';
  return new RangeError(
    `estimateSpectrum: the matrix must be symmetric; got relative asymmetry ${asym.toExponential(3)}${at}. ` +
      'For a non-symmetric or rectangular D use the least-squares form D^T D (normalEquationsOperator)',
  );
}
