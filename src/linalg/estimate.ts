/**
 * The result type shared by the spectrum estimators (dense, Lanczos, power)
 * and the recommended safe interval for Chebyshev steps.
 *
 * Safe interval [lo, hi]:
 *   hi = max((1 + safetyMargin) lmax, lmax + lmaxBound)
 *   lo = lmin
 * The risk is asymmetric. With Chebyshev steps for [lo, hi], an eigenvalue
 * lambda > hi gets a factor |p_T(lambda)| that grows like
 * C_T((2 lambda - hi - lo)/(hi - lo)) / C_T(sigma) and the iteration
 * diverges; an eigenvalue 0 < lambda < lo keeps 0 < p_T(lambda) < 1 and only
 * converges more slowly. Both Lanczos and power iteration approach lmax
 * from below (Rayleigh quotients), so hi is inflated and lo is not.
 * The default margin 0.1 is the factor 1.1 that PETSc's KSPChebyshev applies
 * to its Krylov estimate of the largest eigenvalue (default transform
 * (0, 0.1; 0, 1.1) of KSPChebyshevEstEigSet,
 * https://petsc.org/release/manualpages/KSP/KSPChebyshevEstEigSet/).
 * Exact (dense) eigenvalues get margin 0 by default; hi still adds their
 * rounding bound.
 */
import type { Vector } from './vector.js';

/** Anything with a uniform() and normal() draw, e.g. `new Rng(seed, stream)` from src/random. */
export interface RandomSource {
  uniform(): number;
  normal(): number;
}

export type SpectrumMethod = 'dense' | 'lanczos' | 'power';

/**
 * 'certified': an eigenvalue of A lies within the bound of the estimate
 *   (residual norm of a unit Ritz/Rayleigh vector, symmetric A, plus a
 *   rounding term of a few eps ||A||).
 * 'rounding': the values are exact up to the backward error of a dense
 *   eigensolver, bound n eps max|lambda|.
 */
export type BoundKind = 'certified' | 'rounding';

export interface SpectrumEstimate {
  /** Dimension of A. */
  n: number;
  lmin: number;
  lmax: number;
  /** An eigenvalue of A lies within lminBound of lmin (see boundKind). */
  lminBound: number;
  /** An eigenvalue of A lies within lmaxBound of lmax (see boundKind). */
  lmaxBound: number;
  boundKind: BoundKind;
  method: SpectrumMethod;
  /** Operator applications (Lanczos steps, power iterations; n for a materialised dense operator, 0 for a matrix). */
  iterations: number;
  /** True when the stopping rule was met (always true for dense). */
  converged: boolean;
  /** Lanczos found an invariant subspace: the Ritz values are eigenvalues. */
  breakdown: boolean;
  /** Recommended interval for Chebyshev steps (see the header). */
  safeInterval: [number, number];
  /** The relative margin applied to lmax. */
  safetyMargin: number;
  /** Human-readable facts about how the estimate was made. */
  notes: string[];
  /** Every eigenvalue, ascending, when the method computed them all (dense). */
  eigenvalues?: Float64Array;
}

/** Default relative margin on lmax for iterative estimates (PETSc's 1.1 factor). */
export const DEFAULT_SAFETY_MARGIN = 0.1;

export function checkSafetyMargin(where: string, margin: number): number {
  if (!Number.isFinite(margin) || margin < 0) {
    throw new RangeError(`${where}: safetyMargin must be finite and >= 0; got ${margin}`);
  }
  return margin;
}

/** Fills in safeInterval from the estimate and the margin. */
export function withSafeInterval(
  e: Omit<SpectrumEstimate, 'safeInterval' | 'safetyMargin'>,
  safetyMargin: number,
): SpectrumEstimate {
  const hi = Math.max((1 + safetyMargin) * e.lmax, e.lmax + e.lmaxBound);
  return { ...e, safeInterval: [e.lmin, hi], safetyMargin };
}

/** A start vector with i.i.d. N(0, 1) entries, normalised (never all-ones). */
export function randomUnitVector(rng: RandomSource, n: number): Float64Array {
  const v = new Float64Array(n);
  let s = 0;
  for (let i = 0; i < n; i++) {
    v[i] = rng.normal();
    s += v[i] * v[i];
  }
  const inv = 1 / Math.sqrt(s);
  for (let i = 0; i < n; i++) v[i] *= inv; // v <- v / ||v||
  return v;
}

/**
 * The unit start vector of Lanczos and power iteration: v / ||v|| for a
 * given start v (a Float64Array of length n, non-zero and finite), else a
 * random unit vector from rng (checked).
 */
export function unitStartVector(
  where: string,
  n: number,
  start: Vector | undefined,
  rng: unknown,
): Float64Array {
  if (start === undefined) return randomUnitVector(checkRandomSource(where, rng), n);
  if (!(start instanceof Float64Array) || start.length !== n) {
    throw new RangeError(
      `${where}: start must be a Float64Array of length ${n}; got length ${start?.length}`,
    );
  }
  let s = 0;
  for (let i = 0; i < n; i++) s += start[i] * start[i];
  if (!(s > 0) || !Number.isFinite(s)) {
    throw new RangeError(`${where}: start must be non-zero and finite; got squared norm ${s}`);
  }
  const inv = 1 / Math.sqrt(s);
  return Float64Array.from(start, (x) => x * inv); // v <- v / ||v||
}

export function checkRandomSource(where: string, rng: unknown): RandomSource {
  const r = rng as Partial<RandomSource> | null | undefined;
  if (typeof r !== 'object' || r === null || typeof r.normal !== 'function') {
    throw new TypeError(
      `${where}: options.rng must be a seeded generator (e.g. new Rng(seed, stream)); got ${String(rng)}`,
    );
  }
  return r as RandomSource;
}
