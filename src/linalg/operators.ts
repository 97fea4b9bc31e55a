/**
 * Operator constructors beyond the basic ones in operator.ts. Each applies
 * its matrix without forming it; scratch vectors are allocated once per
 * operator, so one operator must not be applied re-entrantly (from inside
 * its own apply).
 *
 *   normalEquationsOperator(D, {ridge: mu}):  A = D^T D + mu I   (D m x n)
 *       apply: t = D x (m-vector), out = D^T t + mu x
 *       diagonal: a_jj = sum_i d_ij^2 + mu
 *   diagonalScaling(A, d = diag(A)):  A_s = S^-1/2 A S^-1/2, S = diag(d)
 *       apply: t = s .* x, out = s .* (A t), with s_i = d_i^-1/2
 *       A x = b  <=>  A_s x_s = b_s  with  b_s = s .* b,  x = s .* x_s
 *       (Jacobi scaling; for SPD A, diag(A_s) = 1 and kappa(A_s) is often
 *       far smaller, e.g. lund_a: 2.8e6 -> 1.0e4)
 *   shiftedOperator(A, sigma):  A + sigma I
 *   scaledOperator(A, alpha):   alpha A
 *   materializeOperator(A):     the dense matrix [A e_1, ..., A e_n] (tests, small n)
 */
import type { DenseMatrix } from './dense.js';
import { denseMatrix, matTVec, matVec } from './dense.js';
import type { HasDiagonal, LinearOperator } from './operator.js';
import { hasDiagonal } from './operator.js';
import type { CsrMatrix } from './sparse.js';
import { csrMatTVec, csrMatVec, isCsrMatrix } from './sparse.js';
import type { Vector } from './vector.js';

export interface NormalEquationsOptions {
  /** Ridge term mu >= 0: A = D^T D + mu I. Default 0. */
  ridge?: number;
}

/** A = D^T D + mu I for a rectangular design D (dense or CSR), never formed. */
export function normalEquationsOperator(
  design: DenseMatrix | CsrMatrix,
  options: NormalEquationsOptions = {},
): LinearOperator & HasDiagonal {
  const mu = options.ridge ?? 0;
  if (!Number.isFinite(mu) || mu < 0) {
    throw new RangeError(`normalEquationsOperator: ridge must be finite and >= 0; got ${mu}`);
  }
  const m = design.rows;
  const n = design.cols;
  if (n < 1)
    throw new RangeError(`normalEquationsOperator: the design must have columns; got ${m} x ${n}`);
  const t = new Float64Array(m);
  const diag = new Float64Array(n).fill(mu);
  let forward: (x: Vector, out: Vector) => Vector;
  let backward: (x: Vector, out: Vector) => Vector;
  if (isCsrMatrix(design)) {
    forward = (x, out) => csrMatVec(design, x, out);
    backward = (x, out) => csrMatTVec(design, x, out);
    for (let p = 0; p < design.values.length; p++) {
      diag[design.colIndex[p]] += design.values[p] * design.values[p]; // a_jj += d_ij^2
    }
  } else if (design.data instanceof Float64Array) {
    forward = (x, out) => matVec(design, x, out);
    backward = (x, out) => matTVec(design, x, out);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) diag[j] += design.data[i * n + j] ** 2; // a_jj += d_ij^2
    }
  } else {
    throw new TypeError('normalEquationsOperator: design must be a DenseMatrix or a CsrMatrix');
  }
  return {
    size: n,
    symmetric: true,
    apply: (x, out) => {
      forward(x, t); // t = D x
      backward(t, out); // out = D^T t = D^T D x
      if (mu !== 0) for (let j = 0; j < n; j++) out[j] += mu * x[j]; // out += mu x
      return out;
    },
    diagonal: () => diag.slice(),
  };
}

export interface DiagonalScaling {
  /** A_s = S^-1/2 A S^-1/2 (its diagonal is d_i / d_i = 1). */
  readonly operator: LinearOperator & HasDiagonal;
  /** s_i = d_i^-1/2. */
  readonly scale: Float64Array;
  /** b_s = s .* b (the right-hand side of the scaled system). */
  scaleRhs(b: Vector, out?: Vector): Vector;
  /** x = s .* x_s (the solution of the original system). */
  unscaleSolution(xScaled: Vector, out?: Vector): Vector;
}

/**
 * Symmetric diagonal (Jacobi) scaling S^-1/2 A S^-1/2 with S = diag(d),
 * d = diag(A) by default. Every d_i must be positive and finite; the error
 * names the first bad index.
 */
export function diagonalScaling(op: LinearOperator, d?: ArrayLike<number>): DiagonalScaling {
  let diag: ArrayLike<number>;
  if (d !== undefined) diag = d;
  else if (hasDiagonal(op)) diag = op.diagonal();
  else {
    throw new TypeError(
      'diagonalScaling: the operator has no diagonal(); pass the diagonal d explicitly',
    );
  }
  const n = op.size;
  if (diag.length !== n) {
    throw new RangeError(`diagonalScaling: d must have ${n} entries; got ${diag.length}`);
  }
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = diag[i];
    if (!(v > 0) || !Number.isFinite(v)) {
      throw new RangeError(
        `diagonalScaling: every diagonal entry must be positive and finite; got d[${i}] = ${v}`,
      );
    }
    s[i] = 1 / Math.sqrt(v);
  }
  const t = new Float64Array(n);
  const operator: LinearOperator & HasDiagonal = {
    size: n,
    symmetric: op.symmetric,
    apply: (x, out) => {
      for (let i = 0; i < n; i++) t[i] = s[i] * x[i]; // t = S^-1/2 x
      op.apply(t, out); // out = A t
      for (let i = 0; i < n; i++) out[i] *= s[i]; // out = S^-1/2 A S^-1/2 x
      return out;
    },
    diagonal: () => new Float64Array(n).fill(1),
  };
  return {
    operator,
    scale: s,
    scaleRhs: (b, out = new Float64Array(n)) => {
      for (let i = 0; i < n; i++) out[i] = s[i] * b[i]; // b_s = S^-1/2 b
      return out;
    },
    unscaleSolution: (xs, out = new Float64Array(n)) => {
      for (let i = 0; i < n; i++) out[i] = s[i] * xs[i]; // x = S^-1/2 x_s
      return out;
    },
  };
}

function checkOperator(where: string, op: LinearOperator): void {
  if (typeof op !== 'object' || op === null || typeof op.apply !== 'function') {
    throw new TypeError(`${where}: op must be a LinearOperator (with apply(x, out))`);
  }
}

/** Adds diagonal() to `op` when the underlying operator has one, mapped by `f`. */
function withMappedDiagonal(
  op: LinearOperator,
  base: LinearOperator,
  f: (d: Float64Array) => Float64Array,
): LinearOperator {
  if (!hasDiagonal(base)) return op;
  return { ...op, diagonal: () => f(base.diagonal()) } as LinearOperator & HasDiagonal;
}

/** A + sigma I (with diagonal() when A has one). */
export function shiftedOperator(op: LinearOperator, sigma: number): LinearOperator {
  checkOperator('shiftedOperator', op);
  if (!Number.isFinite(sigma)) {
    throw new RangeError(`shiftedOperator: sigma must be finite; got ${sigma}`);
  }
  const n = op.size;
  const shifted: LinearOperator = {
    size: n,
    symmetric: op.symmetric,
    apply: (x, out) => {
      op.apply(x, out); // out = A x
      for (let i = 0; i < n; i++) out[i] += sigma * x[i]; // out += sigma x
      return out;
    },
  };
  return withMappedDiagonal(shifted, op, (d) => d.map((v) => v + sigma));
}

/** alpha A (with diagonal() when A has one). */
export function scaledOperator(op: LinearOperator, alpha: number): LinearOperator {
  checkOperator('scaledOperator', op);
  if (!Number.isFinite(alpha)) {
    throw new RangeError(`scaledOperator: alpha must be finite; got ${alpha}`);
  }
  const n = op.size;
  const scaled: LinearOperator = {
    size: n,
    symmetric: op.symmetric,
    apply: (x, out) => {
      op.apply(x, out); // out = A x
      for (let i = 0; i < n; i++) out[i] *= alpha; // out = alpha A x
      return out;
    },
  };
  return withMappedDiagonal(scaled, op, (d) => d.map((v) => alpha * v));
}

/** The dense matrix of an operator, column by column (n applications; for small n). */
export function materializeOperator(op: LinearOperator, maxSize = 4096): DenseMatrix {
  checkOperator('materializeOperator', op);
  const n = op.size;
  if (n > maxSize) {
    throw new RangeError(`materializeOperator: size must be <= maxSize = ${maxSize}; got ${n}`);
  }
  const a = denseMatrix(n, n);
  const e = new Float64Array(n);
  const col = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    e[j] = 1;
    op.apply(e, col); // col = A e_j
    e[j] = 0;
    for (let i = 0; i < n; i++) a.data[i * n + j] = col[i];
  }
  return a;
}
