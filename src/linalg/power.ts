/**
 * Power iteration for the extreme eigenvalues of a symmetric positive
 * semi-definite operator A (n x n).
 *
 *   v_0 = random unit vector (i.i.d. N(0, 1) entries, seeded)
 *   w = A v_t,  theta_t = v_t . w             (Rayleigh quotient)
 *   r_t = ||w - theta_t v_t||                  (residual; some eigenvalue
 *                                              lies within r_t of theta_t)
 *   v_{t+1} = w / ||w||
 *   stop when r_t <= tol |theta_t|.
 *
 * theta_t <= lambda_max and converges to the dominant eigenvalue (largest
 * |lambda|: lmax for PSD A) with error ~ (lambda_2 / lambda_1)^(2t).
 * lmin: power iteration on B = c I - A with c = the safe upper end for
 * lmax, whose dominant eigenvalue is c - lambda_min (c > (lmin + lmax)/2):
 * lmin = c - theta_B. Its ratio (c - lambda_2)/(c - lambda_1) = 1 - gap/(c -
 * lmin) is close to 1 for ill-conditioned A, so this converges SLOWLY
 * (thousands of iterations where Lanczos needs tens): Lanczos is the
 * default; power iteration is a simple, memory-light cross-check.
 *
 * Cost per iteration: one application of A, 6 n flops, 3 vectors.
 */
import type { LinearOperator } from './operator.js';
import {
  checkRandomSource,
  checkSafetyMargin,
  DEFAULT_SAFETY_MARGIN,
  randomUnitVector,
  unitStartVector,
  withSafeInterval,
  type RandomSource,
  type SpectrumEstimate,
} from './estimate.js';
import { checkSymmetricOperator } from './lanczos.js';
import type { Vector } from './vector.js';

const EPS = 2 ** -52;

export interface PowerOptions {
  /** Seeded generator for the start vector (e.g. new Rng(seed, stream)). */
  rng?: RandomSource;
  /** Start vector instead of rng (need not be normalised). */
  start?: Vector;
  /** Default 1000. */
  maxIterations?: number;
  /** Relative residual tolerance r <= tol |theta| (default 1e-6). */
  tol?: number;
}

export interface PowerResult {
  /** Rayleigh quotient theta of the last iterate. */
  eigenvalue: number;
  /** ||A v - theta v|| for the unit vector v: an eigenvalue lies within it (certified). */
  residual: number;
  /** The last unit iterate v. */
  vector: Float64Array;
  iterations: number;
  converged: boolean;
}

function checkPowerOptions(where: string, o: PowerOptions): { maxIterations: number; tol: number } {
  const maxIterations = o.maxIterations ?? 1000;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new RangeError(
      `${where}: maxIterations must be a positive integer; got ${maxIterations}`,
    );
  }
  const tol = o.tol ?? 1e-6;
  if (!(tol > 0) || !Number.isFinite(tol)) {
    throw new RangeError(`${where}: tol must be positive and finite; got ${tol}`);
  }
  return { maxIterations, tol };
}

/** Dominant eigenvalue of a symmetric operator by power iteration. */
export function powerIteration(op: LinearOperator, options: PowerOptions = {}): PowerResult {
  checkSymmetricOperator('powerIteration', op);
  const { maxIterations, tol } = checkPowerOptions('powerIteration', options);
  const v0 = unitStartVector('powerIteration', op.size, options.start, options.rng); // v_0 = v / ||v||
  return iterate(op, v0, maxIterations, tol);
}

/**
 * The iteration; stops when r <= tol |c - theta|: c = 0 for A itself, c = the
 * shift for B = c I - A, so that the tolerance is relative to lmin = c - theta_B.
 */
function iterate(
  op: LinearOperator,
  v: Float64Array,
  maxIterations: number,
  tol: number,
  c = 0,
): PowerResult {
  const n = op.size;
  const w = new Float64Array(n);
  let theta = 0;
  let residual = Infinity;
  let it = 0;
  let converged = false;
  while (it < maxIterations) {
    op.apply(v, w); // w = A v
    it++;
    let t = 0;
    for (let i = 0; i < n; i++) t += v[i] * w[i]; // theta = v . A v
    let rr = 0;
    let ww = 0;
    for (let i = 0; i < n; i++) {
      const d = w[i] - t * v[i]; // r = A v - theta v
      rr += d * d;
      ww += w[i] * w[i];
    }
    theta = t;
    residual = Math.sqrt(rr);
    if (!Number.isFinite(theta) || !Number.isFinite(residual)) {
      throw new RangeError(
        `power iteration: non-finite value at iteration ${it}; check the operator`,
      );
    }
    if (residual <= tol * Math.abs(c - theta)) {
      converged = true;
      break;
    }
    if (ww === 0) break; // A v = 0: theta = 0 is an eigenvalue, residual 0 (handled above)
    const inv = 1 / Math.sqrt(ww);
    for (let i = 0; i < n; i++) v[i] = w[i] * inv; // v <- A v / ||A v||
  }
  return { eigenvalue: theta, residual, vector: v, iterations: it, converged };
}

export interface PowerExtremesOptions extends PowerOptions {
  /** Relative margin on lmax for the safe interval and for the shift c (default 0.1). */
  safetyMargin?: number;
}

/**
 * lmax by power iteration on A, then lmin by power iteration on c I - A with
 * c = the safe upper end max((1 + margin) lmax, lmax + r). For PSD A.
 * maxIterations applies to each of the two runs; iterations reports both.
 */
export function powerExtremes(
  op: LinearOperator,
  options: PowerExtremesOptions = {},
): SpectrumEstimate {
  checkSymmetricOperator('powerExtremes', op);
  const margin = checkSafetyMargin('powerExtremes', options.safetyMargin ?? DEFAULT_SAFETY_MARGIN);
  const { maxIterations, tol } = checkPowerOptions('powerExtremes', options);
  const n = op.size;
  const v0 = unitStartVector('powerExtremes', n, options.start, options.rng); // v_0 = v / ||v||
  const top = iterate(op, v0, maxIterations, tol);
  const lmax = top.eigenvalue;
  const c = Math.max((1 + margin) * lmax, lmax + top.residual);
  const shifted: LinearOperator = {
    size: n,
    symmetric: true,
    apply: (x, out) => {
      op.apply(x, out); // out = A x
      for (let i = 0; i < n; i++) out[i] = c * x[i] - out[i]; // out = (c I - A) x
      return out;
    },
  };
  const start2 =
    options.start ?? randomUnitVector(checkRandomSource('powerExtremes', options.rng), n);
  // the relative tolerance of the lmin run is on lmin = c - theta_B, not on theta_B
  const bottom = iterate(
    shifted,
    unitStartVector('powerExtremes', n, start2, undefined),
    maxIterations,
    tol,
    c,
  );
  const lmin = c - bottom.eigenvalue;
  return withSafeInterval(
    {
      n,
      lmin,
      lmax,
      // residual plus the rounding of A v and of c - theta_B: a few eps ||A||
      lminBound: bottom.residual + 4 * EPS * c,
      lmaxBound: top.residual + 4 * EPS * Math.abs(lmax),
      boundKind: 'certified',
      method: 'power',
      iterations: top.iterations + bottom.iterations,
      converged: top.converged && bottom.converged,
      breakdown: false,
      notes: [
        `power iteration: ${top.iterations} iterations for lmax, ${bottom.iterations} for lmin (on ${c} I - A)`,
      ],
    },
    margin,
  );
}
