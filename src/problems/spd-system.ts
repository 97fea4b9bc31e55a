/**
 * SPD systems A x = b from a matrix file, and `LinearProblem`: the shape
 * every problem built from a file has (also the least-squares designs of
 * least-squares.ts).
 *
 * Problem (the paper's structure, Takabe & Wadayama, arXiv:2001.05142,
 * Sec. II, with H H^T replaced by any symmetric positive definite A):
 *
 *   A (n x n, from the file),  x ~ N(0, I_n),  b = A x,
 *   s_0 = 0,  s_{t+1} = s_t - gamma_t (A s_t - b),   e_T = p_T(A) e_0,
 *   E ||s_T - x||^2 / n = (1/n) sum_i p_T(lambda_i)^2,
 *
 * the paper's expected MSE with sigma = 0, so training and evaluation need
 * only the eigenvalues of A (problem-spectrum.ts).
 *
 * Symmetric diagonal (Jacobi) scaling, S = diag(a_11, ..., a_nn):
 *   A_s = S^-1/2 A S^-1/2,   A x = b  <=>  A_s x_s = b_s,
 *   b_s = S^-1/2 b,  x = S^-1/2 x_s   (linalg/operators.ts: diagonalScaling).
 * Scale mode 'auto' (the default) applies it when every a_ii is positive and
 * finite (always so for an SPD matrix) and says why when it does not;
 * 'diagonal' requires it; 'none' keeps A. `operator` is the matrix solved and
 * trained on (A_s or A); with scaling the training distribution is
 * x_s ~ N(0, I) in the scaled variables, b_s = A_s x_s.
 *
 * Checks, each refused with a message that names the file and says why:
 * the file holds at least one entry and only finite values; the matrix is
 * square, has no empty row (a row without a non-zero entry makes A
 * singular, eigenvalue 0; this is seen from the structure, before any
 * eigenvalue work, and for a Matrix Market file before the CSR matrix is
 * built, so a declared 1e8 x 1e8 file with one entry costs nothing), and is
 * symmetric to a relative asymmetry of 1e-12 (otherwise it is not an SPD
 * system; the message suggests the least-squares form D^T D, `--design`).
 * Positive definiteness is revealed by the spectrum: `requirePositiveDefinite`
 * refuses lmin <= 0, and a numerically singular lmin (within rounding of 0,
 * problem-spectrum.ts: numericalSingularity), where GD or Chebyshev steps
 * need it.
 *
 * Files: Matrix Market (`%%MatrixMarket` header; coordinate or array) and
 * NumPy .npy (2-D), recognised by their first bytes, so the extension does
 * not matter.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { asymmetry, type DenseMatrix } from '../linalg/dense.js';
import { denseOperator, type HasDiagonal, type LinearOperator } from '../linalg/operator.js';
import { diagonalScaling } from '../linalg/operators.js';
import {
  csrFromCoordinates,
  csrOperator,
  csrSymmetry,
  isCsrMatrix,
  type CsrMatrix,
} from '../linalg/sparse.js';
import { FileFormatError } from '../io/errors.js';
import { readMatrixMarketSync } from '../io/matrix-market.js';
import { npyToDense, readNpy, requireFiniteNpy } from '../io/npy.js';
import type { Rng } from '../random/rng.js';

/** 'auto': diagonal scaling when every a_ii > 0, else none (the reason is reported). */
export type ScaleMode = 'auto' | 'diagonal' | 'none';
export const SCALE_MODES: readonly ScaleMode[] = ['auto', 'diagonal', 'none'];
/** Relative asymmetry max|a_ij - a_ji| / max|a_ij| accepted as symmetric. */
export const SPD_SYMMETRY_TOLERANCE = 1e-12;

export interface Scaling {
  /** What was applied. */
  readonly applied: 'diagonal' | 'none';
  readonly requested: ScaleMode;
  /** Why, in a few words (shown to the user). */
  readonly reason: string;
  /** s_i = a_ii^-1/2 when applied, else null. */
  readonly scale: Float64Array | null;
}

/** A symmetric problem A x = b built from a file: the operator, its scaling, its sizes. */
export interface LinearProblem {
  readonly kind: 'spd-system' | 'least-squares';
  /** The file name (or a label). */
  readonly name: string;
  /** One line on what the matrix is. */
  readonly description: string;
  /** Unknowns: A is n x n. */
  readonly n: number;
  /** Stored entries of the file's matrix (A, or the design D). */
  readonly nnz: number;
  /** A itself. */
  readonly original: LinearOperator & HasDiagonal;
  /** The operator solved and trained on: A_s = S^-1/2 A S^-1/2, or A. */
  readonly operator: LinearOperator & HasDiagonal;
  /** A as a matrix when it is one (exact spectra without n operator applications). */
  readonly matrix: CsrMatrix | DenseMatrix | null;
  readonly scaling: Scaling;
  /** b_s = S^-1/2 b (a copy of b without scaling). */
  scaleRhs(b: ArrayLike<number>): Float64Array;
  /** x_s = S^1/2 x (a copy without scaling). */
  scaleSolution(x: ArrayLike<number>): Float64Array;
  /** x = S^-1/2 x_s (a copy without scaling). */
  unscaleSolution(xs: ArrayLike<number>): Float64Array;
}

export interface MatrixFile {
  readonly matrix: CsrMatrix | DenseMatrix;
  readonly format: 'matrix-market' | 'npy';
  /** Stored entries (after mirroring a symmetric Matrix Market file); non-zeros of a .npy. */
  readonly nnz: number;
  /** e.g. 'coordinate real symmetric' or "'<f8' C order". */
  readonly header: string;
}

/** Rows (or columns) of a matrix without a non-zero entry: how many, and the first (0-based, -1 if none). */
export interface EmptyLines {
  readonly count: number;
  readonly first: number;
}

/** The sizes of a matrix file and its empty rows and columns, known before the matrix is built. */
export interface MatrixStructure {
  readonly rows: number;
  readonly cols: number;
  readonly emptyRows: EmptyLines;
  readonly emptyColumns: EmptyLines;
}

/** Empty lines among 0..extent-1 from a 0/1 marker per line. */
function emptyOfMarks(has: Uint8Array): EmptyLines {
  let count = 0;
  let first = -1;
  for (let i = 0; i < has.length; i++) {
    if (has[i]) continue;
    count++;
    if (first < 0) first = i;
  }
  return { count, first };
}

/**
 * Empty lines among 0..extent-1, given the line index of every non-zero
 * entry: a marker per line when extent is not much larger than the entries,
 * else by sorting the indices (so a declared 1e8 x 1e8 file with a few
 * entries allocates nothing of size 1e8). O(nz + extent) or O(nz log nz).
 */
function emptyLines(index: Int32Array, extent: number): EmptyLines {
  if (extent <= 4 * index.length + 1024) {
    const has = new Uint8Array(extent);
    for (let k = 0; k < index.length; k++) has[index[k]] = 1;
    return emptyOfMarks(has);
  }
  const sorted = Int32Array.from(index).sort();
  let covered = 0;
  let first = -1;
  let next = 0; // the smallest line not yet seen
  for (let k = 0; k < sorted.length; k++) {
    const i = sorted[k];
    if (i < next) continue; // the same line again
    if (i > next && first < 0) first = next;
    covered++;
    next = i + 1;
  }
  if (next < extent && first < 0) first = next;
  return { count: extent - covered, first };
}

/** Empty rows and columns of a COO (or CSR) matrix from its entries. */
function cooStructure(
  rows: number,
  cols: number,
  rowIndex: ArrayLike<number>,
  colIndex: ArrayLike<number>,
  values: Float64Array,
): MatrixStructure {
  let nz = 0;
  for (let k = 0; k < values.length; k++) if (values[k] !== 0) nz++;
  const r = new Int32Array(nz);
  const c = new Int32Array(nz);
  for (let k = 0, t = 0; k < values.length; k++) {
    if (values[k] === 0) continue;
    r[t] = rowIndex[k];
    c[t++] = colIndex[k];
  }
  return { rows, cols, emptyRows: emptyLines(r, rows), emptyColumns: emptyLines(c, cols) };
}

/** Empty rows and columns of a matrix: O(rows cols) dense, O(nnz + rows + cols) CSR. */
export function matrixStructure(matrix: CsrMatrix | DenseMatrix): MatrixStructure {
  const { rows, cols } = matrix;
  const rowHas = new Uint8Array(rows);
  const colHas = new Uint8Array(cols);
  if (isCsrMatrix(matrix)) {
    for (let i = 0; i < rows; i++) {
      for (let k = matrix.rowPtr[i]; k < matrix.rowPtr[i + 1]; k++) {
        if (matrix.values[k] === 0) continue;
        rowHas[i] = 1;
        colHas[matrix.colIndex[k]] = 1;
      }
    }
  } else {
    const d = (matrix as DenseMatrix).data;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        if (d[i * cols + j] === 0) continue;
        rowHas[i] = 1;
        colHas[j] = 1;
      }
    }
  }
  return { rows, cols, emptyRows: emptyOfMarks(rowHas), emptyColumns: emptyOfMarks(colHas) };
}

/** The refusal of a square matrix with an empty row (null when there is none). */
function emptyRowError(s: MatrixStructure, name: string): RangeError | null {
  const { count, first } = s.emptyRows;
  if (s.rows !== s.cols || count === 0) return null;
  const many = count > 1 ? ` (${count} of the ${s.rows} rows are empty)` : '';
  return new RangeError(
    `${name}: row ${first + 1} of the matrix has no non-zero entry${many}, so the matrix is ` +
      `singular (eigenvalue 0, lmin = 0) and not positive definite: it is not an SPD system ` +
      `for GD, Chebyshev steps, CG or DUGD training; remove the unknowns that appear in no equation`,
  );
}

/** 'matrix-market', 'npy' or null, from the first bytes of a file. */
export function sniffMatrixFormat(path: string): 'matrix-market' | 'npy' | null {
  const head = Buffer.alloc(14);
  const fd = openSync(path, 'r');
  let got: number;
  try {
    got = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (got >= 6 && head[0] === 0x93 && head.subarray(1, 6).toString('latin1') === 'NUMPY') {
    return 'npy';
  }
  if (head.subarray(0, got).toString('latin1').toLowerCase().startsWith('%%matrixmarket')) {
    return 'matrix-market';
  }
  return null;
}

export interface ReadMatrixOptions {
  /**
   * Called with the sizes and the empty rows and columns before the matrix
   * is built (for a Matrix Market file: from the entries, without the CSR
   * arrays of length rows + 1), so a caller can refuse a singular matrix
   * cheaply by throwing.
   */
  checkStructure?: (s: MatrixStructure) => void;
}

/**
 * A matrix from a Matrix Market or .npy file (CSR for Matrix Market, dense
 * for .npy), for use as numbers: a file without entries (0 rows or 0
 * columns) and non-finite values are refused naming the file (and the entry).
 */
export function readMatrixFile(
  path: string,
  name = path,
  options: ReadMatrixOptions = {},
): MatrixFile {
  if (typeof path !== 'string' || path === '') {
    throw new TypeError(`readMatrixFile: path must be a non-empty string; got ${String(path)}`);
  }
  const noEntries = (rows: number, cols: number) =>
    new FileFormatError(name, undefined, `empty: the matrix is ${rows} x ${cols}`);
  const format = sniffMatrixFormat(path);
  if (format === 'matrix-market') {
    const coo = readMatrixMarketSync(path, name);
    if (coo.rows === 0 || coo.cols === 0) throw noEntries(coo.rows, coo.cols);
    options.checkStructure?.(
      cooStructure(coo.rows, coo.cols, coo.rowIndex, coo.colIndex, coo.values),
    );
    const matrix = csrFromCoordinates(coo.rows, coo.cols, coo.rowIndex, coo.colIndex, coo.values);
    return {
      matrix,
      format,
      nnz: coo.nnz,
      header: `${coo.format} ${coo.field} ${coo.symmetry}`,
    };
  }
  if (format === 'npy') {
    const a = readNpy(path, name);
    if (a.shape.length !== 2) {
      throw new FileFormatError(
        name,
        undefined,
        `expected a 2-D array (a matrix), got shape (${a.shape.join(', ')})`,
      );
    }
    if (a.shape[0] === 0 || a.shape[1] === 0) throw noEntries(a.shape[0], a.shape[1]);
    requireFiniteNpy(a, name);
    let nnz = 0;
    for (let k = 0; k < a.data.length; k++) if (a.data[k] !== 0) nnz++;
    const dense = npyToDense(a);
    options.checkStructure?.(matrixStructure(dense));
    return {
      matrix: dense,
      format,
      nnz,
      header: `'${a.dtype}' ${a.fortranOrder ? 'Fortran' : 'C'} order`,
    };
  }
  throw new FileFormatError(
    name,
    1,
    "expected a Matrix Market file ('%%MatrixMarket' header) or a NumPy .npy file",
  );
}

/** Picks and applies the scaling of `original` (see the header). */
export function chooseScaling(
  original: LinearOperator & HasDiagonal,
  mode: ScaleMode,
  name: string,
): { operator: LinearOperator & HasDiagonal; scaling: Scaling } {
  if (!SCALE_MODES.includes(mode)) {
    throw new RangeError(`${name}: scale must be one of ${SCALE_MODES.join(', ')}; got ${mode}`);
  }
  if (mode === 'none') {
    return {
      operator: original,
      scaling: { applied: 'none', requested: mode, reason: 'not requested', scale: null },
    };
  }
  const d = original.diagonal();
  let bad = -1;
  for (let i = 0; i < d.length && bad < 0; i++) if (!(d[i] > 0) || !Number.isFinite(d[i])) bad = i;
  if (bad >= 0) {
    const why = `diagonal entry a[${bad + 1},${bad + 1}] = ${d[bad]} is not positive`;
    if (mode === 'diagonal') {
      throw new RangeError(
        `${name}: symmetric diagonal scaling needs every diagonal entry > 0; ${why} (so the matrix is not positive definite either)`,
      );
    }
    return {
      operator: original,
      scaling: {
        applied: 'none',
        requested: mode,
        reason: `${why}, so no scaling (and the matrix is not positive definite)`,
        scale: null,
      },
    };
  }
  const s = diagonalScaling(original, d);
  return {
    operator: s.operator,
    scaling: {
      applied: 'diagonal',
      requested: mode,
      reason: mode === 'auto' ? 'the default, as every diagonal entry is positive' : 'requested',
      scale: s.scale,
    },
  };
}

/** scaleRhs / scaleSolution / unscaleSolution for a scaling. */
export function scalingMaps(scale: Float64Array | null, n: number) {
  const map = (v: ArrayLike<number>, f: (i: number) => number, what: string): Float64Array => {
    if (v == null || v.length !== n) {
      throw new RangeError(`${what}: expected a vector of length ${n}; got ${v?.length}`);
    }
    return Float64Array.from({ length: n }, (_, i) => v[i] * f(i));
  };
  return {
    scaleRhs: (b: ArrayLike<number>) => map(b, (i) => (scale ? scale[i] : 1), 'scaleRhs'), // b_s = S^-1/2 b
    scaleSolution: (x: ArrayLike<number>) =>
      map(x, (i) => (scale ? 1 / scale[i] : 1), 'scaleSolution'), // x_s = S^1/2 x
    unscaleSolution: (xs: ArrayLike<number>) =>
      map(xs, (i) => (scale ? scale[i] : 1), 'unscaleSolution'), // x = S^-1/2 x_s
  };
}

export interface SpdSystemOptions {
  /** Name used in messages (default '<matrix>'). */
  name?: string;
  /** Default 'auto'. */
  scale?: ScaleMode;
  /** Stored entries to report (default: the CSR entries, or the non-zeros of a dense matrix). */
  nnz?: number;
  /** Extra words for the description (e.g. the Matrix Market header). */
  header?: string;
}

/** The SPD system of a square symmetric matrix (dense or CSR). */
export function spdSystem(
  matrix: CsrMatrix | DenseMatrix,
  options: SpdSystemOptions = {},
): LinearProblem {
  const name = options.name ?? '<matrix>';
  const csr = isCsrMatrix(matrix);
  if (!csr && !((matrix as DenseMatrix)?.data instanceof Float64Array)) {
    throw new TypeError(`spdSystem: matrix must be a CsrMatrix or a DenseMatrix`);
  }
  const { rows, cols } = matrix;
  if (rows !== cols) {
    throw new RangeError(
      `${name}: the matrix is ${rows} x ${cols}, not square, so it is not a system A x = b with ` +
        `A symmetric positive definite; for a rectangular D use the least-squares form ` +
        `D^T D (--design ${name})`,
    );
  }
  if (rows === 0) throw new RangeError(`${name}: the matrix is 0 x 0 (empty)`);
  const emptyRow = emptyRowError(matrixStructure(matrix), name);
  if (emptyRow) throw emptyRow;
  let asym: number;
  let worst: [number, number] | null = null;
  if (csr) {
    const r = csrSymmetry(matrix, SPD_SYMMETRY_TOLERANCE);
    asym = r.asymmetry;
    worst = r.worst;
  } else {
    asym = asymmetry(matrix as DenseMatrix);
  }
  if (asym > SPD_SYMMETRY_TOLERANCE) {
    const at = worst ? `, largest at row ${worst[0] + 1}, column ${worst[1] + 1}` : '';
    throw new RangeError(
      `${name}: the matrix is not symmetric (relative asymmetry ${asym.toExponential(2)}${at}), ` +
        `so it is not a valid SPD system A x = b for GD, Chebyshev steps or CG; ` +
        `use the least-squares form A = D^T D with D = this matrix (--design ${name})`,
    );
  }
  let nnz = options.nnz;
  let original: LinearOperator & HasDiagonal;
  if (csr) {
    original = csrOperator(matrix, { symmetric: true });
    nnz ??= matrix.values.length;
  } else {
    const dense = matrix as DenseMatrix;
    original = denseOperator(dense, true);
    nnz ??= dense.data.reduce((c, v) => c + (v !== 0 ? 1 : 0), 0);
  }
  const { operator, scaling } = chooseScaling(original, options.scale ?? 'auto', name);
  const what = options.header ? `, ${options.header}` : '';
  return {
    kind: 'spd-system',
    name,
    description: `${name}: ${rows} x ${cols} symmetric matrix, ${nnz} stored entries${what}`,
    n: rows,
    nnz,
    original,
    operator,
    matrix,
    scaling,
    ...scalingMaps(scaling.scale, rows),
  };
}

/** readMatrixFile + spdSystem. */
export function spdSystemFromFile(
  path: string,
  options: Omit<SpdSystemOptions, 'nnz' | 'header'> = {},
): LinearProblem {
  const name = options.name ?? path;
  const file = readMatrixFile(path, name, {
    checkStructure: (s) => {
      const e = emptyRowError(s, name);
      if (e) throw e;
    },
  });
  return spdSystem(file.matrix, { ...options, name, nnz: file.nnz, header: file.header });
}

/**
 * One training/test sample in the operator's variables: x ~ N(0, I_n),
 * b = A_s x (A x without scaling). Writes into x and b and returns them.
 */
export function sampleProblem(
  problem: LinearProblem,
  rng: Rng,
  x: Float64Array = new Float64Array(problem.n),
  b: Float64Array = new Float64Array(problem.n),
): { x: Float64Array; b: Float64Array } {
  rng.fillNormal(x); // x ~ N(0, I)
  problem.operator.apply(x, b); // b = A_s x
  return { x, b };
}

/** b = A x* with the unscaled A. */
export function originalRhs(problem: LinearProblem, xStar: ArrayLike<number>): Float64Array {
  if (xStar == null || xStar.length !== problem.n) {
    throw new RangeError(
      `originalRhs: xStar must have length ${problem.n}; got ${String(xStar?.length)}`,
    );
  }
  return problem.original.apply(Float64Array.from(xStar), new Float64Array(problem.n)); // b = A x*
}

/** Whether a smallest eigenvalue can be told from 0 (see numericalSingularity). */
export type Definiteness = 'positive-definite' | 'numerically-singular' | 'indefinite';

/**
 * Whether an estimated smallest eigenvalue lmin can be told from 0: within
 *   threshold = max(lminBound, n eps |lmax|)      (eps = 2^-52)
 * of 0 it cannot (its own error bound, or the rounding level of a backward
 * stable eigensolver, about n eps ||A||): 'numerically-singular', kappa
 * > 1/(n eps) is not resolved. Below -threshold: 'indefinite'; above:
 * 'positive-definite'. A singular D^T D computed in float64 gives a tiny
 * lmin of either sign (jgl009 as a design, unscaled: 5.9e-17 with bound
 * 7.4e-14), so its sign says nothing.
 */
export function numericalSingularity(e: {
  n: number;
  lmin: number;
  lmax: number;
  lminBound?: number;
}): { definiteness: Definiteness; threshold: number } {
  const threshold = Math.max(e.lminBound ?? 0, e.n * 2 ** -52 * Math.abs(e.lmax));
  const definiteness: Definiteness =
    e.lmin > threshold && Number.isFinite(e.lmin)
      ? 'positive-definite'
      : e.lmin < -threshold
        ? 'indefinite'
        : 'numerically-singular';
  return { definiteness, threshold };
}

/** What to do about a matrix that is not positive definite (for messages). */
export function definitenessFix(problem: LinearProblem): string {
  return problem.kind === 'least-squares'
    ? 'D^T D is singular (dependent columns): add a ridge term (--ridge mu) or drop columns'
    : `if the matrix is a design matrix, use the least-squares form D^T D (--design ${problem.name})`;
}

/**
 * Refuses lmin <= 0 (or not finite), and with `estimate` (lmax, the bound
 * of lmin) a numerically singular lmin (numericalSingularity), where
 * `purpose` (e.g. 'Chebyshev steps') needs a positive definite matrix.
 */
export function requirePositiveDefinite(
  problem: LinearProblem,
  lmin: number,
  purpose: string,
  estimate?: { lmax: number; lminBound?: number },
): void {
  const scaled = problem.scaling.applied === 'diagonal' ? ' (diagonally scaled)' : '';
  const fix = definitenessFix(problem);
  if (!(lmin > 0 && Number.isFinite(lmin))) {
    throw new RangeError(
      `${problem.name}: the smallest eigenvalue of the matrix${scaled} is ${lmin} <= 0, ` +
        `so it is not positive definite and ${purpose} cannot converge; ${fix}`,
    );
  }
  if (!estimate) return;
  const { definiteness, threshold } = numericalSingularity({ n: problem.n, lmin, ...estimate });
  if (definiteness === 'positive-definite') return;
  throw new RangeError(
    `${problem.name}: the smallest eigenvalue of the matrix${scaled} is ${lmin.toExponential(3)}, ` +
      `within rounding (${threshold.toExponential(2)}) of 0: the matrix is numerically singular ` +
      `(kappa > 1/eps) and not positive definite, so ${purpose} cannot converge; ${fix}`,
  );
}
