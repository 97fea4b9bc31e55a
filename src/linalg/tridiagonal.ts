/**
 * Eigenvalues of a symmetric tridiagonal matrix T (k x k) with the first and
 * last components of its unit eigenvectors, by implicit QL with Wilkinson
 * shifts (EISPACK tql2; Numerical Recipes tqli).
 *
 *   T = tridiag(offDiag, diag, offDiag),  T s_i = theta_i s_i,  ||s_i|| = 1
 *
 * Lanczos needs only two rows of S = [s_1 .. s_k]: the first (Gauss
 * quadrature weights tau_i^2 = s_{1,i}^2, Golub & Welsch 1969) and the last
 * (residual norms |beta_k s_{k,i}|). A plane rotation G_i acting on columns
 * i, i+1 of S updates every row independently,
 *   z_{r,i+1} <- s z_{r,i} + c z_{r,i+1},  z_{r,i} <- c z_{r,i} - s z_{r,i+1},
 * so tracking rows 1 and k costs O(k) per sweep: O(k^2) in all, not O(k^3).
 *
 * Deflation: |e_m| <= eps (|d_m| + |d_{m+1}|). At most maxSweeps sweeps per
 * eigenvalue, else an Error. Accuracy: O(eps ||T||) absolute (backward stable).
 */

const EPS = 2 ** -52;
const MAX_SWEEPS = 60;

export interface TridiagonalEigen {
  /** Eigenvalues, ascending. */
  values: Float64Array;
  /** first[i] = first component of the unit eigenvector of values[i]. */
  first: Float64Array;
  /** last[i] = last component of the unit eigenvector of values[i]. */
  last: Float64Array;
}

/** Eigen-decomposition (values, first and last eigenvector rows) of tridiag(offDiag, diag, offDiag). */
export function tridiagonalEigen(
  diag: ArrayLike<number>,
  offDiag: ArrayLike<number>,
): TridiagonalEigen {
  const k = diag.length;
  if (k < 1) throw new RangeError('tridiagonalEigen: diag must have at least one entry; got 0');
  if (offDiag.length < k - 1) {
    throw new RangeError(
      `tridiagonalEigen: offDiag must have at least k - 1 = ${k - 1} entries; got ${offDiag.length}`,
    );
  }
  const d = Float64Array.from(diag);
  const e = new Float64Array(k);
  for (let i = 0; i < k - 1; i++) e[i] = offDiag[i];
  for (let i = 0; i < k; i++) {
    if (!Number.isFinite(d[i]) || !Number.isFinite(e[i])) {
      throw new RangeError(
        `tridiagonalEigen: entries must be finite; got d[${i}] = ${d[i]}, e[${i}] = ${e[i]}`,
      );
    }
  }
  // rows 1 and k of S, starting from S = I
  const z0 = new Float64Array(k);
  const zk = new Float64Array(k);
  z0[0] = 1;
  zk[k - 1] = 1;
  for (let l = 0; l < k; l++) {
    let sweeps = 0;
    for (;;) {
      let m = l;
      for (; m < k - 1; m++) {
        const dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
        if (Math.abs(e[m]) <= EPS * dd) break;
      }
      if (m === l) break;
      if (++sweeps > MAX_SWEEPS) {
        throw new Error(
          `tridiagonalEigen: no convergence after ${MAX_SWEEPS} QL sweeps at index ${l}`,
        );
      }
      // Wilkinson shift from the leading 2 x 2 block at l
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let r = Math.hypot(g, 1);
      g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      let underflow = false;
      for (; i >= l; i--) {
        const f = s * e[i];
        const b = c * e[i];
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          // the rotation is the identity: deflate and restart
          d[i + 1] -= p;
          e[m] = 0;
          underflow = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        // columns i, i+1 of rows 1 and k of S: S <- S G_i
        let t = z0[i + 1];
        z0[i + 1] = s * z0[i] + c * t;
        z0[i] = c * z0[i] - s * t;
        t = zk[i + 1];
        zk[i + 1] = s * zk[i] + c * t;
        zk[i] = c * zk[i] - s * t;
      }
      if (underflow) continue;
      d[l] -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
  const order = Array.from({ length: k }, (_, i) => i).sort((a, b) => d[a] - d[b]);
  return {
    values: Float64Array.from(order, (i) => d[i]),
    first: Float64Array.from(order, (i) => z0[i]),
    last: Float64Array.from(order, (i) => zk[i]),
  };
}
