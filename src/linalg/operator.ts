/**
 * The linear-operator interface that solvers see: `apply(x, out)` computes
 * out <- A x, with x read-only and out written and returned. Optional
 * capabilities (a diagonal, a transpose) are separate interfaces.
 */
import type { DenseMatrix } from './dense.js';
import { matVec } from './dense.js';
import type { Vector } from './vector.js';

export interface LinearOperator {
  /** A is size x size. */
  readonly size: number;
  /** True when A = A^T (callers may rely on it). */
  readonly symmetric: boolean;
  /** out <- A x; x and out must not alias. Returns out. */
  apply(x: Vector, out: Vector): Vector;
}

/** An operator that can report its diagonal (for Jacobi scaling). */
export interface HasDiagonal {
  diagonal(): Vector;
}

export function hasDiagonal(op: LinearOperator): op is LinearOperator & HasDiagonal {
  return typeof (op as Partial<HasDiagonal>).diagonal === 'function';
}

/** A dense square matrix as an operator (symmetric when the caller says so). */
export function denseOperator(a: DenseMatrix, symmetric: boolean): LinearOperator & HasDiagonal {
  if (a.rows !== a.cols) {
    throw new RangeError(`denseOperator: the matrix must be square; got ${a.rows} x ${a.cols}`);
  }
  return {
    size: a.rows,
    symmetric,
    apply: (x, out) => matVec(a, x, out),
    diagonal: () => Float64Array.from({ length: a.rows }, (_, i) => a.data[i * a.cols + i]),
  };
}

/** diag(d) as an operator. */
export function diagonalOperator(d: ArrayLike<number>): LinearOperator & HasDiagonal {
  const diag = Float64Array.from(d);
  return {
    size: diag.length,
    symmetric: true,
    apply: (x, out) => {
      for (let i = 0; i < diag.length; i++) out[i] = diag[i] * x[i];
      return out;
    },
    diagonal: () => diag.slice(),
  };
}

/** An operator backed by a function (matrix-free). */
export function functionOperator(
  size: number,
  apply: (x: Vector, out: Vector) => Vector,
  symmetric: boolean,
): LinearOperator {
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(`functionOperator: size must be a positive integer; got ${size}`);
  }
  return { size, symmetric, apply };
}
