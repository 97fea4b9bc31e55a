/**
 * Dense row-major float64 matrices: `data[i * cols + j]` is entry (i, j).
 * Products use an i-k-j loop with 4-row register blocking (about 2 GFLOP/s
 * in Node 20 on this class of machine; see docs/dependencies.md).
 */
import { checkFloat64Entries } from './limits.js';
import type { Vector } from './vector.js';

export interface DenseMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export function denseMatrix(rows: number, cols: number, data?: Float64Array): DenseMatrix {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new RangeError(`denseMatrix: sizes must be non-negative integers; got ${rows} x ${cols}`);
  }
  if (data && data.length !== rows * cols) {
    throw new RangeError(
      `denseMatrix: data has ${data.length} entries, expected ${rows} x ${cols} = ${rows * cols}`,
    );
  }
  if (!data) checkFloat64Entries('denseMatrix', `a ${rows} x ${cols} matrix`, rows * cols);
  return { rows, cols, data: data ?? new Float64Array(rows * cols) };
}

/** Matrix from an array of equal-length rows. */
export function fromRows(rows: ArrayLike<ArrayLike<number>>): DenseMatrix {
  const r = rows.length;
  const c = r > 0 ? rows[0].length : 0;
  const m = denseMatrix(r, c);
  for (let i = 0; i < r; i++) {
    if (rows[i].length !== c) {
      throw new RangeError(`fromRows: row ${i} has ${rows[i].length} entries, expected ${c}`);
    }
    for (let j = 0; j < c; j++) m.data[i * c + j] = rows[i][j];
  }
  return m;
}

/** Array of rows (for JSON output and tests). */
export function toRows(a: DenseMatrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < a.rows; i++)
    out.push(Array.from(a.data.subarray(i * a.cols, (i + 1) * a.cols)));
  return out;
}

export function identity(n: number): DenseMatrix {
  const m = denseMatrix(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

export function transpose(a: DenseMatrix): DenseMatrix {
  const t = denseMatrix(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) t.data[j * a.rows + i] = a.data[i * a.cols + j];
  }
  return t;
}

/** out <- A x */
export function matVec(a: DenseMatrix, x: Vector, out: Vector = new Float64Array(a.rows)): Vector {
  const { rows, cols, data } = a;
  for (let i = 0; i < rows; i++) {
    let s = 0;
    const o = i * cols;
    for (let j = 0; j < cols; j++) s += data[o + j] * x[j];
    out[i] = s;
  }
  return out;
}

/** out <- A^T x */
export function matTVec(a: DenseMatrix, x: Vector, out: Vector = new Float64Array(a.cols)): Vector {
  const { rows, cols, data } = a;
  out.fill(0);
  for (let i = 0; i < rows; i++) {
    const xi = x[i];
    if (xi === 0) continue;
    const o = i * cols;
    for (let j = 0; j < cols; j++) out[j] += data[o + j] * xi;
  }
  return out;
}

/** C <- A B (C must not alias A or B). */
export function matMul(a: DenseMatrix, b: DenseMatrix, c?: DenseMatrix): DenseMatrix {
  if (a.cols !== b.rows) {
    throw new RangeError(
      `matMul: inner sizes differ: ${a.rows}x${a.cols} times ${b.rows}x${b.cols}`,
    );
  }
  const out = c ?? denseMatrix(a.rows, b.cols);
  const n = a.rows;
  const k = a.cols;
  const m = b.cols;
  const A = a.data;
  const B = b.data;
  const C = out.data;
  C.fill(0);
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const c0 = i * m;
    const c1 = c0 + m;
    const c2 = c1 + m;
    const c3 = c2 + m;
    for (let p = 0; p < k; p++) {
      const a0 = A[i * k + p];
      const a1 = A[(i + 1) * k + p];
      const a2 = A[(i + 2) * k + p];
      const a3 = A[(i + 3) * k + p];
      const bo = p * m;
      for (let j = 0; j < m; j++) {
        const bv = B[bo + j];
        C[c0 + j] += a0 * bv;
        C[c1 + j] += a1 * bv;
        C[c2 + j] += a2 * bv;
        C[c3 + j] += a3 * bv;
      }
    }
  }
  for (; i < n; i++) {
    const co = i * m;
    for (let p = 0; p < k; p++) {
      const av = A[i * k + p];
      const bo = p * m;
      for (let j = 0; j < m; j++) C[co + j] += av * B[bo + j];
    }
  }
  return out;
}

/** G <- A A^T (symmetric; n x n for A n x m). */
export function gram(a: DenseMatrix): DenseMatrix {
  const n = a.rows;
  const m = a.cols;
  const g = denseMatrix(n, n);
  const A = a.data;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      const oi = i * m;
      const oj = j * m;
      for (let p = 0; p < m; p++) s += A[oi + p] * A[oj + p];
      g.data[i * n + j] = s;
      g.data[j * n + i] = s;
    }
  }
  return g;
}

/** Largest |a_ij - a_ji|, relative to the largest |a_ij|. */
export function asymmetry(a: DenseMatrix): number {
  if (a.rows !== a.cols) return Infinity;
  let maxAbs = 0;
  let maxDiff = 0;
  const n = a.rows;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = a.data[i * n + j];
      maxAbs = Math.max(maxAbs, Math.abs(v));
      if (j < i) maxDiff = Math.max(maxDiff, Math.abs(v - a.data[j * n + i]));
    }
  }
  return maxAbs === 0 ? 0 : maxDiff / maxAbs;
}
