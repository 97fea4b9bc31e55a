/**
 * Eigenvalues of a symmetric tridiagonal matrix T (k x k) with the first and
 * last components of its unit eigenvectors, by implicit QL with Wilkinson
 * shifts (EISPACK tql2; Numerical Recipes tqli): the QL of the dense
 * eigensolver (tridiagonal-ql.ts), tracking two rows of S instead of all.
 *
 *   T = tridiag(offDiag, diag, offDiag),  T s_i = theta_i s_i,  ||s_i|| = 1
 *
 * Lanczos needs only two rows of S = [s_1 .. s_k]: the first (Gauss
 * quadrature weights tau_i^2 = s_{1,i}^2, Golub & Welsch 1969) and the last
 * (residual norms |beta_k s_{k,i}|). A plane rotation G_i acting on columns
 * i, i+1 of S updates every row independently,
 *   z_{r,i+1} <- s z_{r,i} + c z_{r,i+1},  z_{r,i} <- c z_{r,i} - s z_{r,i+1},
 * so tracking rows 1 and k (Z = [e_1^T; e_k^T] <- Z S) costs O(k) per sweep:
 * O(k^2) in all, not O(k^3).
 *
 * Deflation: |e_m| <= eps (|d_m| + |d_{m+1}|). At most MAX_SWEEPS sweeps per
 * eigenvalue, else an Error. Accuracy: O(eps ||T||) absolute (backward stable).
 */
import { tqli } from './tridiagonal-ql.js';

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
  // tqli's layout: e[i] = T(i, i-1), e[0] unused
  const e = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const off = i < k - 1 ? offDiag[i] : 0;
    if (!Number.isFinite(d[i]) || !Number.isFinite(off)) {
      throw new RangeError(
        `tridiagonalEigen: entries must be finite; got d[${i}] = ${d[i]}, e[${i}] = ${off}`,
      );
    }
    if (i + 1 < k) e[i + 1] = off;
  }
  // rows 1 and k of S (2 x k, row-major), starting from S = I
  const z = new Float64Array(2 * k);
  z[0] = 1;
  z[2 * k - 1] = 1;
  tqli(d, e, k, z, MAX_SWEEPS, { rows: 2, caller: 'tridiagonalEigen' });
  const order = Array.from({ length: k }, (_, i) => i).sort((a, b) => d[a] - d[b]);
  return {
    values: Float64Array.from(order, (i) => d[i]),
    first: Float64Array.from(order, (i) => z[i]),
    last: Float64Array.from(order, (i) => z[k + i]),
  };
}
