/**
 * Test problems with a known spectrum for the solver tests:
 * A = Q diag(lambda) Q^T with lambda_i = kappa^{i/(n-1)} (lmin = 1, lmax = kappa,
 * both attained), Q = I (diagonal) or a product of n Householder reflections
 * of seeded normal vectors (rotated, dense), x* ~ N(0, I), b = A x*.
 */
import {
  denseMatrix,
  denseOperator,
  diagonalOperator,
  matVec,
  type DenseMatrix,
  type LinearOperator,
} from '../src/linalg/index.js';
import { Rng } from '../src/random/index.js';

export interface KnownProblem {
  name: string;
  n: number;
  kappa: number;
  lambda: Float64Array;
  /** Q (row-major, columns = eigenvectors); null for the diagonal problem. */
  Q: DenseMatrix | null;
  A: DenseMatrix;
  op: LinearOperator;
  xStar: Float64Array;
  b: Float64Array;
}

export function geometricSpectrum(n: number, kappa: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => Math.pow(kappa, i / (n - 1)));
}

/** A Haar-like orthogonal matrix: the product of n Householder reflections I - 2 v v^T / (v^T v). */
export function randomOrthogonal(n: number, rng: Rng): DenseMatrix {
  const Q = denseMatrix(n, n);
  for (let i = 0; i < n; i++) Q.data[i * n + i] = 1;
  const v = new Float64Array(n);
  const w = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    rng.fillNormal(v);
    let vv = 0;
    for (let i = 0; i < n; i++) vv += v[i] * v[i];
    // Q <- Q (I - 2 v v^T / vv): w = Q v, Q <- Q - (2/vv) w v^T
    matVec(Q, v, w);
    for (let i = 0; i < n; i++) {
      const c = (2 / vv) * w[i];
      for (let j = 0; j < n; j++) Q.data[i * n + j] -= c * v[j];
    }
  }
  return Q;
}

export function knownProblem(n: number, kappa: number, rotated: boolean, seed = 7): KnownProblem {
  const rng = new Rng(seed, rotated ? 1 : 0);
  const lambda = geometricSpectrum(n, kappa);
  const A = denseMatrix(n, n);
  let Q: DenseMatrix | null = null;
  if (rotated) {
    Q = randomOrthogonal(n, rng);
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        let s = 0;
        for (let l = 0; l < n; l++) s += Q.data[i * n + l] * lambda[l] * Q.data[j * n + l];
        A.data[i * n + j] = s;
        A.data[j * n + i] = s;
      }
    }
  } else {
    for (let i = 0; i < n; i++) A.data[i * n + i] = lambda[i];
  }
  const xStar = rng.fillNormal(new Float64Array(n));
  const b = matVec(A, xStar, new Float64Array(n));
  const op = rotated ? denseOperator(A, true) : diagonalOperator(lambda);
  const name = `${rotated ? 'rotated dense' : 'diagonal'} n=${n} kappa=${kappa}`;
  return { name, n, kappa, lambda, Q, A, op, xStar, b };
}

/** Q^T v: the eigencomponents of v. */
export function eigenComponents(p: KnownProblem, v: ArrayLike<number>): Float64Array {
  const { n, Q } = p;
  if (!Q) return Float64Array.from(v);
  const out = new Float64Array(n);
  for (let l = 0; l < n; l++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += Q.data[i * n + l] * v[i];
    out[l] = s;
  }
  return out;
}

/** Q diag(f(lambda)) Q^T v. */
export function applyFunction(
  p: KnownProblem,
  f: (lambda: number) => number,
  v: ArrayLike<number>,
): Float64Array {
  const c = eigenComponents(p, v);
  for (let l = 0; l < p.n; l++) c[l] *= f(p.lambda[l]);
  const { n, Q } = p;
  if (!Q) return c;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let l = 0; l < n; l++) s += Q.data[i * n + l] * c[l];
    out[i] = s;
  }
  return out;
}
