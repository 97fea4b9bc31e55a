/**
 * Dense symmetric eigensolver: A = V diag(lambda) V^T for a real symmetric
 * n x n matrix A (row-major Float64Array), lambda ascending, V orthogonal.
 *
 * Method (the EISPACK tred2 / tql2 family, Numerical Recipes tred2 / tqli):
 *
 * 0. Work on the symmetric part S = (A + A^T)/2 scaled by sigma = 2^-k
 *    (exact in binary) so that max |s_ij| is in [1/2, 1): no overflow or
 *    underflow in the sums of squares below; eigenvalues are scaled back.
 *
 * 1. Householder tridiagonalisation, last row first. For i = n-1 .. 2 with
 *    l = i - 1 and x = S[i, 0..l] (the part of row i left of the diagonal):
 *      alpha = sum_k |x_k|,  x <- x / alpha           (scaling, guards sqrt)
 *      h = x . x,  f = x_l,  g = -sign(f) sqrt(h)
 *      u = x with u_l = f - g,  H = h - f g = u . u / 2
 *      P_i = I - u u^T / H   (P_i x = g e_l;  sub-diagonal e_i = alpha g)
 *    and the leading block B = S[0..l, 0..l] becomes P_i B P_i:
 *      p = B u / H,  K = u . p / (2 H),  q = p - K u,
 *      B <- B - q u^T - u q^T.
 *    Only the lower triangle of B is stored and updated; B u is formed in
 *    one row-major sweep (row j gives p_j += B[j, 0..j] . u[0..j] and
 *    p_k += B[j, k] u_j for k < j). Cost 4/3 n^3 flops.
 *    Result: T = Q^T S Q tridiagonal with diagonal d and sub-diagonal e,
 *    Q = P_{n-1} ... P_2.
 *
 * 2. (vectors only) Q^T = P_2 P_3 ... P_{n-1}, formed as M <- M P_i for
 *    i = 2 .. n-1 from M = I:  w = M u / H,  M <- M - w u^T  (rows 0..l).
 *    Cost 4/3 n^3 flops.
 *
 * 3. Implicit QL with Wilkinson shifts on (d, e) (tql2/tqli): for each l,
 *    find the first m >= l with |e_m| <= eps (|d_m| + |d_{m+1}|) (deflation);
 *    if m > l do one QL sweep with the shift from the 2 x 2 block at l,
 *    a chain of plane rotations G_i (i = m-1 .. l) chasing the bulge.
 *    With vectors, Z^T = S_T^T Q^T is kept row-major (eigenvectors as rows),
 *    so each rotation combines two contiguous rows:
 *      z_{i+1} <- s z_i + c z_{i+1},  z_i <- c z_i - s z_{i+1}.
 *    At most maxSweeps (default MAX_SWEEPS) sweeps per eigenvalue, otherwise
 *    an Error is thrown.
 *    Cost O(n^2) without vectors, about 3 n^3 to 6 n^3 flops with vectors.
 *
 * 4. Sort ascending; V[:, j] = row perm[j] of Z^T.
 *
 * Accuracy: backward stable; |lambda_i - lambda_i(A)| = O(n eps ||A||)
 * (absolute, relative to ||A||, not to |lambda_i|), ||A V - V Lambda|| and
 * ||V^T V - I|| are O(n eps ||A||) and O(n eps).
 *
 * References: Wilkinson & Reinsch, Handbook for Automatic Computation II
 * (1971), procedures tred2 and tql2; Press et al., Numerical Recipes, 11.2-11.3.
 */
import { asymmetry, denseMatrix, type DenseMatrix } from './dense.js';

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

const EPS = 2 ** -52;

/** Eigen-decomposition of a symmetric matrix: values ascending, optional vectors. */
export function symmetricEigen(
  a: DenseMatrix,
  options: SymmetricEigenOptions = {},
): SymmetricEigenResult {
  const wantVectors = options.vectors === true;
  const maxSweeps = options.maxSweeps ?? MAX_SWEEPS;
  if (!Number.isInteger(maxSweeps) || maxSweeps < 0) {
    throw new RangeError(
      `symmetricEigen: maxSweeps must be a non-negative integer; got ${maxSweeps}`,
    );
  }
  const { n, work, unscale } = prepare('symmetricEigen', a);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const h = new Float64Array(n);
  tridiagonalize(work, n, d, e, h);
  let zt: Float64Array | null = null;
  if (wantVectors) zt = accumulateQt(work, n, h);
  tqli(d, e, n, zt, maxSweeps);
  // scale back: eigenvalues of A are those of the scaled matrix divided by sigma
  for (let i = 0; i < n; i++) d[i] = d[i] * unscale[0] * unscale[1];
  if (!zt) return { values: d.sort(), vectors: null };
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => d[x] - d[y]);
  const values = Float64Array.from(order, (i) => d[i]);
  const V = denseMatrix(n, n);
  const v = V.data;
  for (let j = 0; j < n; j++) {
    const row = order[j] * n;
    // V[:, j] <- Z^T[order[j], :]
    for (let r = 0; r < n; r++) v[r * n + j] = zt[row + r];
  }
  return { values, vectors: V };
}

/** Eigenvalues of a symmetric matrix, ascending. */
export function symmetricEigenvalues(a: DenseMatrix): Float64Array {
  return symmetricEigen(a).values;
}

/**
 * Checks the input and returns the scaled symmetric part sigma (A + A^T)/2
 * (full storage; only the lower triangle is used) with sigma a power of 2,
 * and the two powers of 2 whose product is 1 / sigma.
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
  // sigma = s1 s2 = 2^k with sigma maxAbs in [1/2, 1): exact scaling (two
  // factors: 2^k alone overflows for subnormal input, k up to 1074)
  const k = maxAbs > 0 ? -(Math.floor(Math.log2(maxAbs)) + 1) : 0;
  const s1 = 2 ** Math.trunc(k / 2);
  const s2 = 2 ** (k - Math.trunc(k / 2));
  const work = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      // work_ij <- (sigma a_ij + sigma a_ji) / 2  (lower triangle)
      work[i * n + j] = 0.5 * (src[i * n + j] * s1 * s2 + src[j * n + i] * s1 * s2);
    }
  }
  return { n, work, unscale: [1 / s1, 1 / s2] };
}

/**
 * Step 1 (header): reduces the lower triangle of w to tridiagonal form.
 * On return d holds the diagonal, e[i] the entry (i, i-1) (e[0] = 0), row i
 * of w holds u of P_i in columns 0..i-1 and h[i] = H (0: no reflection).
 */
function tridiagonalize(
  w: Float64Array,
  n: number,
  d: Float64Array,
  e: Float64Array,
  h: Float64Array,
): void {
  const u = new Float64Array(n);
  const p = new Float64Array(n);
  for (let i = n - 1; i >= 1; i--) {
    const l = i - 1;
    const ri = i * n;
    h[i] = 0;
    let alpha = 0;
    if (l > 0) for (let k = 0; k <= l; k++) alpha += Math.abs(w[ri + k]);
    if (alpha === 0) {
      // nothing to eliminate (or i = 1): the sub-diagonal entry stays as is
      e[i] = w[ri + l];
      continue;
    }
    let hh = 0;
    for (let k = 0; k <= l; k++) {
      // x <- x / alpha
      const x = w[ri + k] / alpha;
      w[ri + k] = x;
      hh += x * x;
    }
    const f = w[ri + l];
    const g = f >= 0 ? -Math.sqrt(hh) : Math.sqrt(hh);
    e[i] = alpha * g;
    hh -= f * g;
    w[ri + l] = f - g; // u_l <- f - g
    h[i] = hh;
    for (let k = 0; k <= l; k++) u[k] = w[ri + k];
    // p <- B u (lower triangle of B, one row-major sweep)
    p.fill(0, 0, l + 1);
    for (let j = 0; j <= l; j++) {
      const rj = j * n;
      const uj = u[j];
      let s = 0;
      for (let k = 0; k < j; k++) {
        const b = w[rj + k];
        s += b * u[k];
        p[k] += b * uj;
      }
      p[j] += s + w[rj + j] * uj;
    }
    // p <- p / H;  K <- u . p / (2 H)
    let up = 0;
    for (let k = 0; k <= l; k++) {
      p[k] /= hh;
      up += u[k] * p[k];
    }
    const K = up / (2 * hh);
    // q <- p - K u  (stored in p)
    for (let k = 0; k <= l; k++) p[k] -= K * u[k];
    // B <- B - q u^T - u q^T  (lower triangle)
    for (let j = 0; j <= l; j++) {
      const rj = j * n;
      const uj = u[j];
      const qj = p[j];
      for (let k = 0; k <= j; k++) w[rj + k] -= qj * u[k] + uj * p[k];
    }
  }
  for (let i = 0; i < n; i++) d[i] = w[i * n + i];
  e[0] = 0;
}

/** Step 2 (header): Q^T = P_2 ... P_{n-1} as a new row-major n x n matrix. */
function accumulateQt(w: Float64Array, n: number, h: Float64Array): Float64Array {
  const M = new Float64Array(n * n);
  for (let i = 0; i < n; i++) M[i * n + i] = 1;
  for (let i = 2; i < n; i++) {
    const hh = h[i];
    if (hh === 0) continue;
    const l = i - 1;
    const ri = i * n;
    for (let r = 0; r <= l; r++) {
      const rr = r * n;
      let s = 0;
      for (let k = 0; k <= l; k++) s += M[rr + k] * w[ri + k];
      const t = s / hh;
      // M[r, :] <- M[r, :] - (M u)_r / H u^T
      for (let k = 0; k <= l; k++) M[rr + k] -= t * w[ri + k];
    }
  }
  return M;
}

/** sqrt(a^2 + b^2) without overflow or destructive underflow. */
function pythag(a: number, b: number): number {
  const x = Math.abs(a);
  const y = Math.abs(b);
  if (x > y) {
    const r = y / x;
    return x * Math.sqrt(1 + r * r);
  }
  if (y === 0) return 0;
  const r = x / y;
  return y * Math.sqrt(1 + r * r);
}

/**
 * Step 3 (header): implicit QL with Wilkinson shifts on the tridiagonal
 * (d, e) with e[i] = T(i, i-1). Overwrites d with the eigenvalues
 * (unsorted); when zt is given, applies the rotations to its rows.
 */
function tqli(
  d: Float64Array,
  e: Float64Array,
  n: number,
  zt: Float64Array | null,
  maxSweeps: number,
): void {
  // shift: e[i] <- T(i+1, i), e[n-1] = 0
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  if (n > 0) e[n - 1] = 0;
  for (let l = 0; l < n; l++) {
    let sweeps = 0;
    for (;;) {
      let m = l;
      for (; m < n - 1; m++) {
        const dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
        if (Math.abs(e[m]) <= EPS * dd) break;
      }
      if (m === l) break;
      if (++sweeps > maxSweeps) {
        throw new Error(
          `symmetricEigen: the QL iteration did not converge for eigenvalue ${l} within ${maxSweeps} sweeps`,
        );
      }
      // Wilkinson shift from the leading 2 x 2 block at l
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let r = pythag(g, 1);
      g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      for (; i >= l; i--) {
        let f = s * e[i];
        const b = c * e[i];
        r = pythag(f, g);
        e[i + 1] = r;
        if (r === 0) {
          // underflow: deflate and restart
          d[i + 1] -= p;
          e[m] = 0;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        if (zt) {
          const ra = i * n;
          const rb = ra + n;
          for (let k = 0; k < n; k++) {
            // z_{i+1} <- s z_i + c z_{i+1};  z_i <- c z_i - s z_{i+1}
            f = zt[rb + k];
            const zi = zt[ra + k];
            zt[rb + k] = s * zi + c * f;
            zt[ra + k] = c * zi - s * f;
          }
        }
      }
      if (r === 0 && i >= l) continue;
      d[l] -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
}
