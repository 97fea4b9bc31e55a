/**
 * Least-squares problems from a design matrix D (m x n): a Matrix Market or
 * .npy matrix, or numeric columns of a CSV/TSV/JSON table.
 *
 *   min_x ||y - D x||^2 / 2 + mu ||x||^2 / 2
 *   <=>  A x = b,   A = D^T D + mu I  (n x n, SPD when D has full column
 *                                      rank or mu > 0),   b = D^T y.
 *
 * This is the paper's class (Takabe & Wadayama, arXiv:2001.05142, Sec. II)
 * with H = D^T: y = D x + w, x ~ N(0, I_n), A = H H^T, so DUGD training
 * needs only the spectrum of A. A is applied as t = D x, A x = D^T t + mu x
 * (linalg/operators.ts: normalEquationsOperator) and never formed; the
 * dense eigensolver materialises it column by column only when n is small
 * (problem-spectrum.ts).
 *
 * Columns of a table: `columns` (default: every column whose cells are all
 * numbers or missing, except the target) and `target` (y). The default rule
 * says which columns it left out and why (`excludedColumns`: text cells,
 * every cell missing, a name used twice); a non-finite cell (inf, 1e999) in
 * a chosen column is an error naming the line. Unknown, ambiguous (two
 * columns of that name) or repeated names in `columns` / `target` are
 * refused naming the flag and the file. Rows with a missing value in a
 * selected column are dropped (`missing: 'drop'`, the default, counted in
 * `droppedRows` and per column in `droppedRowsByColumn`) or refused
 * (`'error'`).
 * Structure: a column of D without a non-zero entry makes D^T D singular;
 * without a ridge term it is refused before any eigenvalue work (for a
 * Matrix Market file before the CSR matrix is built).
 * Optional transforms, in this order:
 *   standardize:  d_ij <- (d_ij - mean_j) / sd_j   (sd with divisor m; a
 *                 constant column is refused: it has no scale)
 *   intercept:    a first column of ones, named '(intercept)'
 * then the ridge term mu, then symmetric diagonal scaling of A
 * (spd-system.ts: 'auto' applies it when every a_jj > 0, i.e. no zero
 * column). With standardize + intercept every a_jj = m, so the scaling only
 * divides A by m: A_s is the correlation matrix of the columns, bordered by
 * the intercept's 1.
 * Nothing here depends on a particular data set.
 */
import { denseMatrix, matTVec, type DenseMatrix } from '../linalg/dense.js';
import { normalEquationsOperator } from '../linalg/operators.js';
import { csrMatTVec, csrToDense, isCsrMatrix, type CsrMatrix } from '../linalg/sparse.js';
import { FileFormatError } from '../io/errors.js';
import { quote } from '../io/errors.js';
import { readTable, selectColumns, type Table } from '../io/table.js';
import {
  chooseScaling,
  matrixStructure,
  readMatrixFile,
  scalingMaps,
  sniffMatrixFormat,
  type LinearProblem,
  type MatrixStructure,
  type ScaleMode,
} from './spd-system.js';

/** Largest m n densified for standardize / intercept on a sparse design. */
const MAX_DENSE_ENTRIES = 5e7;

export interface DesignReadOptions {
  /** Table columns of D (default: every numeric column except the target). */
  columns?: readonly string[];
  /** Table column of y. */
  target?: string;
  /** Rows with a missing value: 'drop' (default) or 'error'. */
  missing?: 'drop' | 'error';
  /** For a matrix file: called with its empty rows and columns before the matrix is built (readMatrixFile). */
  checkStructure?: (s: MatrixStructure) => void;
}

/** A table column the default column rule left out, and why. */
export interface ExcludedColumn {
  column: string;
  reason: string;
}

export interface DesignFile {
  design: DenseMatrix | CsrMatrix;
  /** y from the target column, else null. */
  y: Float64Array | null;
  /** Column names (tables), else null. */
  columns: string[] | null;
  target: string | null;
  droppedRows: number;
  /** Per selected column (target included): dropped rows with a missing value there. */
  droppedRowsByColumn: Record<string, number>;
  /** Columns the default rule (every numeric column) left out, with the reason; [] otherwise. */
  excludedColumns: ExcludedColumn[];
  format: 'table' | 'matrix-market' | 'npy';
  nnz: number;
  header: string;
}

/** The index of the one column named `column`, or an error naming the flag and the file. */
function findColumn(table: Table, column: string, flag: string, name: string): number {
  const hits = table.columns.flatMap((c, k) => (c === column ? [k] : []));
  if (hits.length === 0) {
    throw new RangeError(
      `${name}: ${flag}: no column ${quote(column)}; columns: ${table.columns.join(', ')}`,
    );
  }
  if (hits.length > 1) {
    throw new RangeError(
      `${name}: ${flag}: ${hits.length} columns are named ${quote(column)} (columns ${hits
        .map((k) => k + 1)
        .join(', ')}); rename them in the file`,
    );
  }
  return hits[0];
}

/** D (and y) from a Matrix Market, .npy or CSV/TSV/JSON file. */
export function readDesignFile(
  path: string,
  options: DesignReadOptions = {},
  name = path,
): DesignFile {
  if (typeof path !== 'string' || path === '') {
    throw new TypeError(`readDesignFile: path must be a non-empty string; got ${String(path)}`);
  }
  const missing = options.missing ?? 'drop';
  if (missing !== 'drop' && missing !== 'error') {
    throw new RangeError(`readDesignFile: missing must be 'drop' or 'error'; got ${missing}`);
  }
  if (sniffMatrixFormat(path) !== null) {
    if (options.columns !== undefined || options.target !== undefined) {
      throw new RangeError(
        `${name}: columns and target choose columns of a table (CSV/TSV/JSON); this is a matrix file`,
      );
    }
    const f = readMatrixFile(path, name, { checkStructure: options.checkStructure });
    return {
      design: f.matrix,
      y: null,
      columns: null,
      target: null,
      droppedRows: 0,
      droppedRowsByColumn: {},
      excludedColumns: [],
      format: f.format,
      nnz: f.nnz,
      header: f.header,
    };
  }
  const table = readTable(path, {}, name);
  const target = options.target ?? null;
  if (target !== null) findColumn(table, target, '--target', name);
  let columns: string[];
  const excludedColumns: ExcludedColumn[] = [];
  if (options.columns !== undefined) {
    columns = [...options.columns];
    columns.forEach((c, k) => {
      if (columns.indexOf(c) !== k) {
        throw new RangeError(`${name}: --columns: ${quote(c)} is listed twice`);
      }
      findColumn(table, c, '--columns', name);
    });
    if (target !== null && columns.includes(target)) {
      throw new RangeError(
        `${name}: --columns/--target: the target ${quote(target)} cannot also be a design column`,
      );
    }
  } else {
    columns = [];
    table.columns.forEach((c, k) => {
      if (c === target) return;
      const uses = table.columns.filter((x) => x === c).length;
      const nn = table.nonNumeric[k];
      let reason: string | null = null;
      if (uses > 1) reason = `the name is used by ${uses} columns`;
      else if (nn !== null) {
        reason =
          `not numeric: ${quote(nn.text)} on line ${nn.line}` +
          (nn.count > 1 ? ` (${nn.count} such cells)` : '');
      } else if (table.missing[k] >= table.rows.length) reason = 'every cell is missing';
      if (reason === null) columns.push(c);
      else if (!excludedColumns.some((e) => e.column === c))
        excludedColumns.push({ column: c, reason });
    });
    if (columns.length === 0) {
      const why = excludedColumns.map((e) => `${quote(e.column)}: ${e.reason}`).join('; ');
      throw new FileFormatError(
        name,
        undefined,
        `expected at least one numeric column${why ? ` (left out: ${why})` : ''}`,
      );
    }
  }
  const chosen = target === null ? columns : [...columns, target];
  // non-numeric and non-finite cells are refused here (naming the line); missing values counted below
  const sel = selectColumns(table, chosen, { dropMissing: true });
  const idx = chosen.map((c) => table.columns.indexOf(c));
  const droppedRowsByColumn: Record<string, number> = {};
  if (sel.dropped > 0) {
    for (let r = 0; r < table.rows.length; r++) {
      const row = table.rows[r];
      const hole = idx.findIndex((c) => row[c] === null);
      if (hole < 0) continue;
      if (missing === 'error') {
        const c = idx[hole];
        throw new FileFormatError(
          name,
          table.lines[r],
          `column ${quote(table.columns[c])} has a missing value (${table.missing[c]} in this column); ` +
            'use --missing drop to drop such rows',
        );
      }
      idx.forEach((c, j) => {
        if (row[c] === null)
          droppedRowsByColumn[chosen[j]] = (droppedRowsByColumn[chosen[j]] ?? 0) + 1;
      });
    }
  }
  const m = sel.matrix.rows;
  const n = columns.length;
  if (m === 0) throw new FileFormatError(name, undefined, 'no complete rows are left');
  const design = denseMatrix(m, n);
  const y = target === null ? null : new Float64Array(m);
  const w = sel.matrix.cols;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) design.data[i * n + j] = sel.matrix.data[i * w + j];
    if (y) y[i] = sel.matrix.data[i * w + n];
  }
  let nnz = 0;
  for (let k = 0; k < design.data.length; k++) if (design.data[k] !== 0) nnz++;
  return {
    design,
    y,
    columns,
    target,
    droppedRows: sel.dropped,
    droppedRowsByColumn,
    excludedColumns,
    format: 'table',
    nnz,
    header: `table (${table.source === 'json' ? 'JSON' : 'delimited'})`,
  };
}

export interface LeastSquaresOptions {
  name?: string;
  /** Centre and scale every column to mean 0, sd 1 (default false). */
  standardize?: boolean;
  /** Add a first column of ones (default false). */
  intercept?: boolean;
  /** mu >= 0 (default 0). */
  ridge?: number;
  /** Default 'auto'. */
  scale?: ScaleMode;
  /** Names of the columns of D (before the intercept). */
  columns?: readonly string[] | null;
  /** Stored entries to report (default: the non-zeros of the final D). */
  nnz?: number;
  header?: string;
}

export interface LeastSquaresProblem extends LinearProblem {
  readonly kind: 'least-squares';
  /** Rows of D. */
  readonly m: number;
  /** D after standardize / intercept. */
  readonly design: DenseMatrix | CsrMatrix;
  /** Column names of D (with '(intercept)'), when known. */
  readonly columns: string[] | null;
  readonly standardization: { mean: Float64Array; sd: Float64Array } | null;
  readonly intercept: boolean;
  readonly ridge: number;
  /** b = D^T y (unscaled), y of length m. */
  rhsFromTarget(y: ArrayLike<number>): Float64Array;
}

function transform(
  d0: DenseMatrix | CsrMatrix,
  standardize: boolean,
  intercept: boolean,
  name: string,
  columns: readonly string[] | null,
) {
  if (!standardize && !intercept) return { design: d0, standardization: null };
  if (isCsrMatrix(d0) && d0.rows * d0.cols > MAX_DENSE_ENTRIES) {
    throw new RangeError(
      `${name}: standardize and intercept make a sparse ${d0.rows} x ${d0.cols} design dense; ` +
        `at most ${MAX_DENSE_ENTRIES} entries are supported`,
    );
  }
  const src = isCsrMatrix(d0) ? csrToDense(d0, MAX_DENSE_ENTRIES) : d0;
  const { rows: m, cols: n } = src;
  const off = intercept ? 1 : 0;
  const out = denseMatrix(m, n + off);
  const mean = new Float64Array(n);
  const sd = new Float64Array(n).fill(1);
  if (standardize) {
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) mean[j] += src.data[i * n + j] / m;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = 0; i < m; i++) s += (src.data[i * n + j] - mean[j]) ** 2;
      sd[j] = Math.sqrt(s / m); // population standard deviation
      if (!(sd[j] > 0)) {
        const label = columns ? `'${columns[j]}'` : `${j + 1}`;
        throw new RangeError(
          `${name}: column ${label} is constant (sd 0), so it cannot be standardised; leave it out of the columns`,
        );
      }
    }
  }
  for (let i = 0; i < m; i++) {
    if (intercept) out.data[i * (n + 1)] = 1;
    for (let j = 0; j < n; j++) {
      out.data[i * (n + off) + j + off] = (src.data[i * n + j] - mean[j]) / sd[j]; // (d - mean)/sd
    }
  }
  return { design: out, standardization: standardize ? { mean, sd } : null };
}

/** Column names of D after the intercept, when known. */
function columns0(given: readonly string[] | null, intercept: boolean): string[] | null {
  return given === null ? null : [...(intercept ? ['(intercept)'] : []), ...given];
}

/** The refusal of a design with an empty column (null when there is none). */
function emptyColumnError(
  s: MatrixStructure,
  name: string,
  columns: readonly string[] | null,
): RangeError | null {
  const { count, first } = s.emptyColumns;
  if (count === 0) return null;
  const label = columns ? quote(columns[first]) : `${first + 1}`;
  const many = count > 1 ? ` (${count} of the ${s.cols} columns are empty)` : '';
  return new RangeError(
    `${name}: column ${label} of the design D has no non-zero entry${many}, so A = D^T D is ` +
      `singular (eigenvalue 0, lmin = 0) and not positive definite; add a ridge term ` +
      `(--ridge mu) or leave the column out`,
  );
}

/** The least-squares problem of a design matrix. */
export function leastSquaresProblem(
  design: DenseMatrix | CsrMatrix,
  options: LeastSquaresOptions = {},
): LeastSquaresProblem {
  const name = options.name ?? '<design>';
  if (!isCsrMatrix(design) && !((design as DenseMatrix)?.data instanceof Float64Array)) {
    throw new TypeError('leastSquaresProblem: design must be a DenseMatrix or a CsrMatrix');
  }
  const ridge = options.ridge ?? 0;
  if (!(ridge >= 0) || !Number.isFinite(ridge)) {
    throw new RangeError(`leastSquaresProblem: ridge must be finite and >= 0; got ${ridge}`);
  }
  const standardize = options.standardize === true;
  const intercept = options.intercept === true;
  const given = options.columns ?? null;
  if (given !== null && given.length !== design.cols) {
    throw new RangeError(
      `leastSquaresProblem: columns must name the ${design.cols} columns; got ${given.length}`,
    );
  }
  const t = transform(design, standardize, intercept, name, given);
  const d = t.design;
  const { rows: m, cols: n } = d;
  if (m === 0 || n === 0) throw new RangeError(`${name}: the design is ${m} x ${n} (empty)`);
  if (ridge === 0) {
    const cols = intercept && given ? ['(intercept)', ...given] : given;
    const e = emptyColumnError(matrixStructure(d), name, cols);
    if (e) throw e;
  }
  const original = normalEquationsOperator(d, { ridge });
  const diag = original.diagonal(); // a_jj = ||d_j||^2 + mu
  for (let j = 0; j < n; j++) {
    if (Number.isFinite(diag[j])) continue;
    const label = columns0(given, intercept)?.[j] ?? `${j + 1}`;
    throw new RangeError(
      `${name}: column ${given ? `'${label}'` : label} of the design D is too large: its sum of squares ` +
        `(a diagonal entry of A = D^T D) overflows float64; rescale the column (e.g. --standardize)`,
    );
  }
  const { operator, scaling } = chooseScaling(original, options.scale ?? 'auto', name);
  const columns = given === null ? null : [...(intercept ? ['(intercept)'] : []), ...given];
  let nnz = options.nnz;
  if (nnz === undefined || standardize || intercept) {
    nnz = isCsrMatrix(d) ? d.values.length : d.data.reduce((c, v) => c + (v !== 0 ? 1 : 0), 0);
  }
  const how = [
    standardize ? 'standardised columns' : '',
    intercept ? 'intercept' : '',
    ridge > 0 ? `ridge ${ridge}` : '',
    options.header ?? '',
  ].filter((s) => s !== '');
  return {
    kind: 'least-squares',
    name,
    description:
      `${name}: design D ${m} x ${n}${how.length ? ` (${how.join(', ')})` : ''}, ` +
      `A = D^T D${ridge > 0 ? ' + mu I' : ''} (${n} x ${n}, applied without forming it)`,
    n,
    m,
    nnz,
    original,
    operator,
    matrix: null,
    scaling,
    design: d,
    columns,
    standardization: t.standardization,
    intercept,
    ridge,
    ...scalingMaps(scaling.scale, n),
    rhsFromTarget(y: ArrayLike<number>): Float64Array {
      if (y == null || y.length !== m) {
        throw new RangeError(
          `${name}: y must have one entry per row of D (${m}); got ${String(y?.length)}`,
        );
      }
      const yy = Float64Array.from(y);
      const b = new Float64Array(n);
      return isCsrMatrix(d) ? csrMatTVec(d, yy, b) : matTVec(d, yy, b); // b = D^T y
    },
  };
}

/** readDesignFile + leastSquaresProblem; y (the target column) comes along. */
export function leastSquaresFromFile(
  path: string,
  options: DesignReadOptions & Omit<LeastSquaresOptions, 'columns' | 'nnz' | 'header'> = {},
): { problem: LeastSquaresProblem; file: DesignFile } {
  const name = options.name ?? path;
  const ridge = options.ridge ?? 0;
  const file = readDesignFile(
    path,
    {
      ...options,
      checkStructure: (s) => {
        const e = ridge === 0 ? emptyColumnError(s, name, null) : null;
        if (e) throw e;
        options.checkStructure?.(s);
      },
    },
    name,
  );
  const problem = leastSquaresProblem(file.design, {
    ...options,
    name,
    columns: file.columns,
    nnz: file.nnz,
    header: file.header,
  });
  return { problem, file };
}
