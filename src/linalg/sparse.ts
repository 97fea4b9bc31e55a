/**
 * Compressed sparse row (CSR) matrices in float64.
 *
 * Row i holds the entries p = rowPtr[i] .. rowPtr[i+1]-1 with column
 * colIndex[p] and value values[p]. A `CsrMatrix` made here is canonical:
 * column indices strictly increase within each row (sorted, no duplicates).
 * Explicit zeros are kept (they are part of the structure).
 *
 *   SpMV       y_i = sum_{p in row i} values[p] x[colIndex[p]]        (y = A x)
 *   SpMV^T     y_j = sum_{i, p in row i, colIndex[p] = j} values[p] x_i (y = A^T x)
 *
 * Cost: one pass over the nnz entries (2 nnz flops); the kernels allocate
 * nothing and check nothing (checks happen when the matrix is built).
 * Indices are Int32Array, so nnz < 2^31.
 */
import type { DenseMatrix } from './dense.js';
import { denseMatrix } from './dense.js';
import type { HasDiagonal, LinearOperator } from './operator.js';
import type { Vector } from './vector.js';

export interface CsrMatrix {
  readonly rows: number;
  readonly cols: number;
  /** rows + 1 offsets; rowPtr[0] = 0, rowPtr[rows] = nnz. */
  readonly rowPtr: Int32Array;
  /** Column of each stored entry, strictly increasing within a row. */
  readonly colIndex: Int32Array;
  readonly values: Float64Array;
}

function checkSize(where: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0 || v > 2147483647) {
    throw new RangeError(`${where}: ${name} must be a non-negative 32-bit integer; got ${v}`);
  }
}

/**
 * A CSR matrix from its three arrays (taken, not copied), after checking
 * that it is canonical: rowPtr non-decreasing from 0 to nnz, every column in
 * [0, cols), strictly increasing within each row, every value finite.
 */
export function csrMatrix(
  rows: number,
  cols: number,
  rowPtr: Int32Array,
  colIndex: Int32Array,
  values: Float64Array,
): CsrMatrix {
  checkSize('csrMatrix', 'rows', rows);
  checkSize('csrMatrix', 'cols', cols);
  if (!(rowPtr instanceof Int32Array) || !(colIndex instanceof Int32Array)) {
    throw new TypeError('csrMatrix: rowPtr and colIndex must be Int32Array');
  }
  if (!(values instanceof Float64Array)) {
    throw new TypeError('csrMatrix: values must be a Float64Array');
  }
  if (rowPtr.length !== rows + 1) {
    throw new RangeError(
      `csrMatrix: rowPtr must have rows + 1 = ${rows + 1} entries; got ${rowPtr.length}`,
    );
  }
  const nnz = colIndex.length;
  if (values.length !== nnz) {
    throw new RangeError(
      `csrMatrix: colIndex and values must have the same length; got ${nnz} and ${values.length}`,
    );
  }
  if (rowPtr[0] !== 0 || rowPtr[rows] !== nnz) {
    throw new RangeError(
      `csrMatrix: rowPtr must start at 0 and end at nnz = ${nnz}; got ${rowPtr[0]} .. ${rowPtr[rows]}`,
    );
  }
  for (let i = 0; i < rows; i++) {
    const start = rowPtr[i];
    const end = rowPtr[i + 1];
    if (end < start) {
      throw new RangeError(
        `csrMatrix: rowPtr must be non-decreasing; got rowPtr[${i + 1}] = ${end} < ${start}`,
      );
    }
    let prev = -1;
    for (let p = start; p < end; p++) {
      const j = colIndex[p];
      if (j <= prev || j >= cols) {
        throw new RangeError(
          `csrMatrix: columns must be strictly increasing in [0, ${cols}) within a row; got column ${j} after ${prev} in row ${i}`,
        );
      }
      if (!Number.isFinite(values[p])) {
        throw new RangeError(`csrMatrix: values must be finite; got ${values[p]} at (${i}, ${j})`);
      }
      prev = j;
    }
  }
  return { rows, cols, rowPtr, colIndex, values };
}

/**
 * CSR from coordinates (COO, 0-based): entry k is values[k] at
 * (rowIndex[k], colIndex[k]). Duplicate coordinates are summed (the Matrix
 * Market convention); columns end sorted within each row. Two stable
 * counting sorts (by column, then by row): O(nnz + rows + cols).
 */
export function csrFromCoordinates(
  rows: number,
  cols: number,
  rowIndex: ArrayLike<number>,
  colIndex: ArrayLike<number>,
  values: ArrayLike<number>,
): CsrMatrix {
  const where = 'csrFromCoordinates';
  checkSize(where, 'rows', rows);
  checkSize(where, 'cols', cols);
  const nIn = rowIndex.length;
  if (colIndex.length !== nIn || values.length !== nIn) {
    throw new RangeError(
      `${where}: rowIndex, colIndex and values must have the same length; got ${nIn}, ${colIndex.length}, ${values.length}`,
    );
  }
  for (let k = 0; k < nIn; k++) {
    const i = rowIndex[k];
    const j = colIndex[k];
    if (!Number.isInteger(i) || i < 0 || i >= rows || !Number.isInteger(j) || j < 0 || j >= cols) {
      throw new RangeError(
        `${where}: entry ${k} must have 0 <= row < ${rows} and 0 <= column < ${cols}; got (${i}, ${j})`,
      );
    }
    if (!Number.isFinite(values[k])) {
      throw new RangeError(`${where}: entry ${k} must be finite; got ${values[k]} at (${i}, ${j})`);
    }
  }
  // pass 1: order entries by column (stable counting sort)
  const colCount = new Int32Array(cols + 1);
  for (let k = 0; k < nIn; k++) colCount[colIndex[k] + 1]++;
  for (let j = 0; j < cols; j++) colCount[j + 1] += colCount[j];
  const byCol = new Int32Array(nIn);
  for (let k = 0; k < nIn; k++) byCol[colCount[colIndex[k]]++] = k;
  // pass 2: stable counting sort by row keeps columns sorted within each row
  const rowCount = new Int32Array(rows + 1);
  for (let k = 0; k < nIn; k++) rowCount[rowIndex[k] + 1]++;
  for (let i = 0; i < rows; i++) rowCount[i + 1] += rowCount[i];
  const next = rowCount.slice(0, rows);
  const order = new Int32Array(nIn);
  for (let q = 0; q < nIn; q++) {
    const k = byCol[q];
    order[next[rowIndex[k]]++] = k;
  }
  // pass 3: merge duplicates (adjacent after sorting) by summing
  const rowPtr = new Int32Array(rows + 1);
  const outCol = new Int32Array(nIn);
  const outVal = new Float64Array(nIn);
  let nnz = 0;
  for (let i = 0; i < rows; i++) {
    let prev = -1;
    for (let q = rowCount[i]; q < rowCount[i + 1]; q++) {
      const k = order[q];
      const j = colIndex[k];
      if (j === prev) {
        outVal[nnz - 1] += values[k]; // a_ij <- a_ij + duplicate
      } else {
        outCol[nnz] = j;
        outVal[nnz] = values[k];
        nnz++;
        prev = j;
      }
    }
    rowPtr[i + 1] = nnz;
  }
  return { rows, cols, rowPtr, colIndex: outCol.slice(0, nnz), values: outVal.slice(0, nnz) };
}

/** Number of stored entries. */
export function csrNnz(a: CsrMatrix): number {
  return a.rowPtr[a.rows];
}

/** y <- A x  (y must not alias x; no allocation, no checks). */
export function csrMatVec(a: CsrMatrix, x: Vector, y: Vector): Vector {
  const { rows, rowPtr, colIndex, values } = a;
  let p = rowPtr[0];
  for (let i = 0; i < rows; i++) {
    const end = rowPtr[i + 1];
    let s = 0;
    for (; p < end; p++) s += values[p] * x[colIndex[p]]; // s = sum_p a_ip x_j
    y[i] = s; // y_i = (A x)_i
  }
  return y;
}

/** y <- A^T x  (y of length cols, must not alias x; no allocation, no checks). */
export function csrMatTVec(a: CsrMatrix, x: Vector, y: Vector): Vector {
  const { rows, cols, rowPtr, colIndex, values } = a;
  for (let j = 0; j < cols; j++) y[j] = 0;
  for (let i = 0; i < rows; i++) {
    const xi = x[i];
    const end = rowPtr[i + 1];
    for (let p = rowPtr[i]; p < end; p++) y[colIndex[p]] += values[p] * xi; // y_j += a_ij x_i
  }
  return y;
}

/** The diagonal a_ii, i < min(rows, cols) (0 where not stored). */
export function csrDiagonal(a: CsrMatrix): Float64Array {
  const n = Math.min(a.rows, a.cols);
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) {
      if (a.colIndex[p] === i) {
        d[i] = a.values[p];
        break;
      }
    }
  }
  return d;
}

/** A^T in CSR (canonical: a counting sort by column). */
export function csrTranspose(a: CsrMatrix): CsrMatrix {
  const { rows, cols, rowPtr, colIndex, values } = a;
  const nnz = rowPtr[rows];
  const tPtr = new Int32Array(cols + 1);
  for (let p = 0; p < nnz; p++) tPtr[colIndex[p] + 1]++;
  for (let j = 0; j < cols; j++) tPtr[j + 1] += tPtr[j];
  const next = tPtr.slice(0, cols);
  const tCol = new Int32Array(nnz);
  const tVal = new Float64Array(nnz);
  for (let i = 0; i < rows; i++) {
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
      const q = next[colIndex[p]]++;
      tCol[q] = i;
      tVal[q] = values[p];
    }
  }
  return { rows: cols, cols: rows, rowPtr: tPtr, colIndex: tCol, values: tVal };
}

export interface CsrSymmetryReport {
  /** |a_ij - a_ji| <= rtol * max|a| for every pair (a missing entry counts as 0). */
  symmetric: boolean;
  /** The stored pattern equals its transpose. */
  structural: boolean;
  /** max |a_ij - a_ji| / max |a| (0 for the zero matrix; Infinity when not square). */
  asymmetry: number;
  /** The pair (row, col) with the largest difference, when it is non-zero. */
  worst: [number, number] | null;
}

/**
 * Symmetry check, structural and by value: merges row i of A with row i of
 * A^T (both sorted). rtol is relative to the largest |a_ij|.
 */
export function csrSymmetry(a: CsrMatrix, rtol = 0): CsrSymmetryReport {
  if (!(rtol >= 0)) throw new RangeError(`csrSymmetry: rtol must be >= 0; got ${rtol}`);
  if (a.rows !== a.cols)
    return { symmetric: false, structural: false, asymmetry: Infinity, worst: null };
  const t = csrTranspose(a);
  let maxAbs = 0;
  for (let p = 0; p < a.values.length; p++) maxAbs = Math.max(maxAbs, Math.abs(a.values[p]));
  let structural = true;
  let maxDiff = 0;
  let worst: [number, number] | null = null;
  for (let i = 0; i < a.rows; i++) {
    let p = a.rowPtr[i];
    let q = t.rowPtr[i];
    const pe = a.rowPtr[i + 1];
    const qe = t.rowPtr[i + 1];
    while (p < pe || q < qe) {
      const ja = p < pe ? a.colIndex[p] : a.cols;
      const jt = q < qe ? t.colIndex[q] : a.cols;
      let diff: number;
      let j: number;
      if (ja === jt) {
        diff = Math.abs(a.values[p] - t.values[q]);
        j = ja;
        p++;
        q++;
      } else if (ja < jt) {
        structural = false;
        diff = Math.abs(a.values[p]);
        j = ja;
        p++;
      } else {
        structural = false;
        diff = Math.abs(t.values[q]);
        j = jt;
        q++;
      }
      if (diff > maxDiff) {
        maxDiff = diff;
        worst = [i, j];
      }
    }
  }
  const asymmetry = maxAbs === 0 ? 0 : maxDiff / maxAbs;
  return { symmetric: asymmetry <= rtol, structural, asymmetry, worst };
}

/** Dense copy (for small matrices: tests, the dense eigensolver). */
export function csrToDense(a: CsrMatrix, maxEntries = 1 << 26): DenseMatrix {
  if (a.rows * a.cols > maxEntries) {
    throw new RangeError(
      `csrToDense: rows * cols must be <= maxEntries = ${maxEntries}; got ${a.rows} x ${a.cols}`,
    );
  }
  const d = denseMatrix(a.rows, a.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++)
      d.data[i * a.cols + a.colIndex[p]] = a.values[p];
  }
  return d;
}

/** CSR of a dense matrix, keeping entries with |a_ij| > dropTolerance (default: non-zeros). */
export function csrFromDense(a: DenseMatrix, dropTolerance = 0): CsrMatrix {
  const rowIndex: number[] = [];
  const colIndex: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) {
      const v = a.data[i * a.cols + j];
      if (Math.abs(v) > dropTolerance) {
        rowIndex.push(i);
        colIndex.push(j);
        values.push(v);
      }
    }
  }
  return csrFromCoordinates(a.rows, a.cols, rowIndex, colIndex, values);
}

export interface CsrOperatorOptions {
  /**
   * Whether A = A^T. Default: detected exactly (csrSymmetry with rtol 0);
   * pass true to accept a matrix that is symmetric up to rounding.
   */
  symmetric?: boolean;
}

/** A square CSR matrix as a LinearOperator with its diagonal. */
export function csrOperator(
  a: CsrMatrix,
  options: CsrOperatorOptions = {},
): LinearOperator & HasDiagonal & { readonly matrix: CsrMatrix } {
  if (a.rows !== a.cols) {
    throw new RangeError(`csrOperator: the matrix must be square; got ${a.rows} x ${a.cols}`);
  }
  const symmetric = options.symmetric ?? csrSymmetry(a, 0).symmetric;
  return {
    size: a.rows,
    symmetric,
    matrix: a,
    apply: (x, out) => csrMatVec(a, x, out),
    diagonal: () => csrDiagonal(a),
  };
}

/** True when `x` has the shape of a CsrMatrix (for functions taking several kinds). */
export function isCsrMatrix(x: unknown): x is CsrMatrix {
  const c = x as Partial<CsrMatrix> | null;
  return (
    typeof c === 'object' &&
    c !== null &&
    c.rowPtr instanceof Int32Array &&
    c.colIndex instanceof Int32Array &&
    c.values instanceof Float64Array
  );
}

/**
 * Gershgorin interval [min_i (a_ii - R_i), max_i (a_ii + R_i)], R_i = sum_{j != i} |a_ij|:
 * every eigenvalue of a symmetric A lies in it (certified, usually loose).
 */
export function csrGershgorin(a: CsrMatrix): { lower: number; upper: number } {
  if (a.rows !== a.cols) {
    throw new RangeError(`csrGershgorin: the matrix must be square; got ${a.rows} x ${a.cols}`);
  }
  let lower = Infinity;
  let upper = -Infinity;
  for (let i = 0; i < a.rows; i++) {
    let diag = 0;
    let radius = 0;
    for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) {
      if (a.colIndex[p] === i) diag = a.values[p];
      else radius += Math.abs(a.values[p]);
    }
    lower = Math.min(lower, diag - radius);
    upper = Math.max(upper, diag + radius);
  }
  return { lower, upper };
}
