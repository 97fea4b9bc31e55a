/**
 * Dense symmetric eigensolver: A = V diag(lambda) V^T for a real symmetric
 * n x n matrix A (row-major Float64Array), lambda ascending, V orthogonal.
 * The EISPACK tred2 / tql2 family, hand-written on Float64Array:
 *
 * 0. S = sigma (A + A^T)/2 with sigma = 2^k chosen so that max |s_ij| is
 *    in [1/2, 1) (exact in binary): no overflow or underflow in the sums of
 *    squares; lambda(A) = lambda(S) / sigma. Lower triangle, packed by rows.
 * 1. Householder: T = Q^T S Q tridiagonal, Q = P_{n-1} ... P_2,
 *    P_i = I - u u^T / H  (householder-tridiagonal.ts: tridiagonalize).
 * 2. With vectors: Q = P_{n-1} ... P_2 formed explicitly, row-major
 *    (accumulateQ).
 * 3. Implicit QL with Wilkinson shifts on T: T = S_T diag(d) S_T^T; with
 *    vectors Z <- Q S_T by the sweeps' plane rotations (tridiagonal-ql.ts).
 * 4. Sort ascending: values[j] = d[perm[j]], V[:, j] = Z[:, perm[j]].
 *
 * Accuracy: backward stable; each eigenvalue is within O(n eps ||A||) of
 * the exact one (absolute: small eigenvalues get no relative accuracy),
 * ||A V - V Lambda|| = O(n eps ||A||), ||V^T V - I|| = O(n eps).
 * Cost: 4/3 n^3 flops for values; about 8 n^3 with vectors.
 *
 * References: Wilkinson & Reinsch, Handbook for Automatic Computation II
 * (1971), procedures tred2 and tql2; Press et al., Numerical Recipes, 11.2-11.3.
 */
import { asymmetry, denseMatrix, type DenseMatrix } from './dense.js';
import { accumulateQ, tridiagonalize } from './householder-tridiagonal.js';
import { tqli } from './tridiagonal-ql.js';

export interface SymmetricEigenOptions {
  /** Also compute the eigenvectors (default false). */
  vectors?: boolean;
  /** QL sweeps allowed per eigenvalue before an Error is thrown (default MAX_SWEEPS). */
  maxSweeps?: number;
}

export interface SymmetricEigenResult {
  /** Eigenvalues, ascending. */
  values: Float64Array;
  /** n x n row-major; column j is the unit eigenvector of values[j]; null unless requested. */
  vectors: DenseMatrix | null;
}

/** Largest relative asymmetry max|a_ij - a_ji| / max|a_ij| accepted as symmetric. */
export const SYMMETRY_TOLERANCE = 1e-10;
/** QL sweeps allowed per eigenvalue before giving up (EISPACK tql2 uses 30). */
export const MAX_SWEEPS = 60;

/** Eigen-decomposition of a symmetric matrix: values ascending, optional vectors. */
export function symmetricEigen(
  a: DenseMatrix,
  options: SymmetricEigenOptions = {},
): SymmetricEigenResult {
  const wantVectors = options.vectors === true;
  const maxSweeps = checkSweeps('symmetricEigen', options.maxSweeps);
  const { n, work, unscale } = prepare('symmetricEigen', a);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const h = new Float64Array(n);
  tridiagonalize(work, n, d, e, h);
  const z = wantVectors ? accumulateQ(work, n, h) : null;
  tqli(d, e, n, z, maxSweeps);
  return finish(d, z, n, unscale);
}

/** Eigenvalues of a symmetric matrix, ascending. */
export function symmetricEigenvalues(a: DenseMatrix): Float64Array {
  return symmetricEigen(a).values;
}

/**
 * Checks the input and returns the lower triangle of the scaled symmetric
 * part sigma (A + A^T)/2, packed by rows (row i at offset i (i + 1) / 2),
 * with sigma a power of 2, and two powers of 2 whose product is 1 / sigma.
 */
function prepare(
  fn: string,
  a: DenseMatrix,
): { n: number; work: Float64Array; unscale: [number, number] } {
  if (
    a === null ||
    typeof a !== 'object' ||
    !(a.data instanceof Float64Array) ||
    !Number.isInteger(a.rows) ||
    !Number.isInteger(a.cols)
  ) {
    throw new TypeError(`${fn}: a must be a DenseMatrix with a Float64Array data; got ${typeof a}`);
  }
  if (a.rows !== a.cols) {
    throw new RangeError(`${fn}: the matrix must be square; got ${a.rows} x ${a.cols}`);
  }
  const n = a.rows;
  const src = a.data;
  if (src.length !== n * n) {
    throw new RangeError(`${fn}: data must have ${n * n} entries; got ${src.length}`);
  }
  let maxAbs = 0;
  for (let k = 0; k < src.length; k++) {
    const v = src[k];
    if (!Number.isFinite(v)) {
      throw new RangeError(
        `${fn}: entries must be finite; got ${v} at (${Math.floor(k / n)}, ${k % n})`,
      );
    }
    const av = Math.abs(v);
    if (av > maxAbs) maxAbs = av;
  }
  const asym = asymmetry(a);
  if (asym > SYMMETRY_TOLERANCE) {
    throw new RangeError(
      `${fn}: the matrix must be symmetric (relative asymmetry <= ${SYMMETRY_TOLERANCE}); got ${asym}`,
    );
  }
  // sigma = s1 s2 = 2^k: exact scaling
  const [s1, s2] = powerOfTwoScale(maxAbs);
  const work = new Float64Array((n * (n + 1)) / 2);
  for (let i = 0; i < n; i++) {
    const ri = (i * (i + 1)) / 2;
    for (let j = 0; j <= i; j++) {
      // L_ij <- (sigma a_ij + sigma a_ji) / 2  (packed lower triangle)
      work[ri + j] = 0.5 * (src[i * n + j] * s1 * s2 + src[j * n + i] * s1 * s2);
    }
  }
  return { n, work, unscale: [1 / s1, 1 / s2] };
}

function checkSweeps(fn: string, maxSweeps: number | undefined): number {
  const v = maxSweeps ?? MAX_SWEEPS;
  if (!Number.isInteger(v) || v < 0) {
    throw new RangeError(`${fn}: maxSweeps must be a non-negative integer; got ${maxSweeps}`);
  }
  return v;
}

/**
 * Two powers of 2, s1 s2 = sigma, with sigma maxAbs in [1/2, 1) (1, 1 for 0).
 * Two factors because sigma alone overflows for subnormal maxAbs.
 */
function powerOfTwoScale(maxAbs: number): [number, number] {
  const k = maxAbs > 0 ? -(Math.floor(Math.log2(maxAbs)) + 1) : 0;
  return [2 ** Math.trunc(k / 2), 2 ** (k - Math.trunc(k / 2))];
}

/** Step 4 (header): unscale, sort ascending and permute the columns of Z. */
function finish(
  d: Float64Array,
  z: Float64Array | null,
  n: number,
  unscale: [number, number],
): SymmetricEigenResult {
  // lambda(A) = lambda(sigma A) / sigma
  for (let i = 0; i < n; i++) d[i] = d[i] * unscale[0] * unscale[1];
  if (!z) return { values: d.sort(), vectors: null };
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => d[x] - d[y]);
  const values = Float64Array.from(order, (i) => d[i]);
  const V = denseMatrix(n, n);
  const v = V.data;
  for (let r = 0; r < n; r++) {
    const o = r * n;
    // V[r, j] <- Z[r, order[j]]
    for (let j = 0; j < n; j++) v[o + j] = z[o + order[j]];
  }
  return { values, vectors: V };
}
