/**
 * Generated sparse SPD test matrices with closed-form spectra: the finite
 * difference Laplacians (Dirichlet boundary, unscaled: no 1/h^2 factor).
 *
 *   1-D:  A = tridiag(-1, 2, -1), n x n;
 *         lambda_k = 2 - 2 cos(k pi / (n + 1)),  k = 1..n.
 *   2-D:  the 5-point stencil on an nx x ny grid, unknown (i, j) -> j nx + i,
 *         A = I_ny (x) T_nx + T_ny (x) I_nx with T_m = tridiag(-1, 2, -1);
 *         lambda_{k,l} = 4 - 2 cos(k pi/(nx+1)) - 2 cos(l pi/(ny+1)),
 *         k = 1..nx, l = 1..ny.  lmin at (1, 1), lmax at (nx, ny).
 *
 * kappa grows like (n+1)^2 (4/pi^2 in 1-D): a standard ill-conditioned
 * problem whose every eigenvalue is known, so Lanczos, SLQ and solver
 * rates can be tested against exact numbers.
 */
import type { CsrMatrix } from '../linalg/sparse.js';

export interface PoissonProblem {
  readonly matrix: CsrMatrix;
  /** Number of unknowns. */
  readonly n: number;
  /** Closed-form smallest and largest eigenvalue. */
  readonly lmin: number;
  readonly lmax: number;
  /** Every eigenvalue in closed form, ascending. */
  eigenvalues(): Float64Array;
  readonly description: string;
}

function checkGrid(where: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) {
    throw new RangeError(`${where}: ${name} must be a positive integer; got ${v}`);
  }
}

/** 2 - 2 cos(k pi / (m + 1)), written as 4 sin^2(k pi / (2 (m + 1))) for accuracy at small k. */
function laplace1dEigenvalue(k: number, m: number): number {
  const s = Math.sin((k * Math.PI) / (2 * (m + 1)));
  return 4 * s * s;
}

/** tridiag(-1, 2, -1), n x n. */
export function poisson1d(n: number): PoissonProblem {
  checkGrid('poisson1d', 'n', n);
  const nnz = 3 * n - 2;
  const rowPtr = new Int32Array(n + 1);
  const colIndex = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let p = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      colIndex[p] = i - 1;
      values[p++] = -1;
    }
    colIndex[p] = i;
    values[p++] = 2;
    if (i < n - 1) {
      colIndex[p] = i + 1;
      values[p++] = -1;
    }
    rowPtr[i + 1] = p;
  }
  return {
    matrix: { rows: n, cols: n, rowPtr, colIndex, values },
    n,
    lmin: laplace1dEigenvalue(1, n),
    lmax: laplace1dEigenvalue(n, n),
    eigenvalues: () => Float64Array.from({ length: n }, (_, k) => laplace1dEigenvalue(k + 1, n)),
    description: `1-D Poisson tridiag(-1, 2, -1), n = ${n}`,
  };
}

/** 5-point Laplacian on an nx x ny grid (n = nx ny unknowns, about 5n non-zeros). */
export function poisson2d(nx: number, ny: number = nx): PoissonProblem {
  checkGrid('poisson2d', 'nx', nx);
  checkGrid('poisson2d', 'ny', ny);
  const n = nx * ny;
  const nnz = 5 * n - 2 * nx - 2 * ny;
  if (nnz > 2147483647) {
    throw new RangeError(`poisson2d: nx * ny is too large for Int32 indices; got ${nx} x ${ny}`);
  }
  const rowPtr = new Int32Array(n + 1);
  const colIndex = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let p = 0;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const r = j * nx + i;
      // columns in increasing order: south, west, centre, east, north
      if (j > 0) {
        colIndex[p] = r - nx;
        values[p++] = -1;
      }
      if (i > 0) {
        colIndex[p] = r - 1;
        values[p++] = -1;
      }
      colIndex[p] = r;
      values[p++] = 4;
      if (i < nx - 1) {
        colIndex[p] = r + 1;
        values[p++] = -1;
      }
      if (j < ny - 1) {
        colIndex[p] = r + nx;
        values[p++] = -1;
      }
      rowPtr[r + 1] = p;
    }
  }
  return {
    matrix: { rows: n, cols: n, rowPtr, colIndex, values },
    n,
    lmin: laplace1dEigenvalue(1, nx) + laplace1dEigenvalue(1, ny),
    lmax: laplace1dEigenvalue(nx, nx) + laplace1dEigenvalue(ny, ny),
    eigenvalues: () => {
      const ex = Float64Array.from({ length: nx }, (_, k) => laplace1dEigenvalue(k + 1, nx));
      const ey = Float64Array.from({ length: ny }, (_, l) => laplace1dEigenvalue(l + 1, ny));
      const out = new Float64Array(n);
      for (let l = 0; l < ny; l++) for (let k = 0; k < nx; k++) out[l * nx + k] = ex[k] + ey[l];
      return out.sort();
    },
    description: `2-D Poisson 5-point Laplacian on a ${nx} x ${ny} grid, n = ${n}`,
  };
}
