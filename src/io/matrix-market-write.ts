/**
 * Matrix Market writer, for dense, coordinate (COO) or CSR matrices, field `real`.
 *
 * - `coordinate general`: every entry (COO: summed, sorted by row then
 *   column; dense: the nonzeros), `i j a_ij` with 1-based indices;
 * - `coordinate symmetric`: the lower triangle (i >= j) only; the matrix must
 *   be exactly symmetric (structure and values), else a RangeError;
 * - `array general`: all rows x cols values column by column; `array
 *   symmetric`: the lower triangle with the diagonal, column by column.
 * Values are written in the shortest form that parses back to the same
 * float64 (`String(x)`, and `-0` for negative zero), so a file written here
 * and read by `readMatrixMarket` gives the same bits. Non-finite values are
 * refused (the format and the reader refuse them).
 *
 * The text is produced in chunks (`matrixMarketChunks`), so
 * `writeMatrixMarket` never builds a string beyond V8's 512 MB limit; the
 * file is written atomically (temporary name, then rename).
 */
import type { DenseMatrix } from '../linalg/dense.js';
import { writeFileAtomic } from './atomic.js';
import { assembleCoo } from './coo.js';

/** The coordinate data the writer needs (a CooMatrix, or any COO triple). */
export interface CooLike {
  readonly rows: number;
  readonly cols: number;
  readonly rowIndex: Int32Array;
  readonly colIndex: Int32Array;
  readonly values: Float64Array;
}

/** Compressed sparse rows (e.g. linalg's CsrMatrix): row i holds entries rowPtr[i]..rowPtr[i+1]-1. */
export interface CsrLike {
  readonly rows: number;
  readonly cols: number;
  readonly rowPtr: Int32Array;
  readonly colIndex: Int32Array;
  readonly values: Float64Array;
}

/** What the writer takes. */
export type WritableMatrix = DenseMatrix | CooLike | CsrLike;

/** COO view of a CSR matrix (row indices expanded from rowPtr). */
function cooOfCsr(m: CsrLike): CooLike {
  const { rows, rowPtr } = m;
  if (
    !(rowPtr instanceof Int32Array) ||
    rowPtr.length !== rows + 1 ||
    rowPtr[rows] !== m.values.length
  )
    throw new RangeError(
      `writeMatrixMarket: rowPtr must be an Int32Array of rows + 1 = ${rows + 1} offsets ending at ` +
        `${m.values.length}; got length ${rowPtr?.length}`,
    );
  const rowIndex = new Int32Array(m.values.length);
  for (let i = 0; i < rows; i++) rowIndex.fill(i, rowPtr[i], rowPtr[i + 1]);
  return { rows, cols: m.cols, rowIndex, colIndex: m.colIndex, values: m.values };
}

export interface MatrixMarketWriteOptions {
  /** 'coordinate' (default) or 'array'. */
  format?: 'coordinate' | 'array';
  /** 'general' (default) or 'symmetric' (lower triangle written; must be exactly symmetric). */
  symmetry?: 'general' | 'symmetric';
  /** Comment text written after the header, each line prefixed with '%'. */
  comment?: string;
}

const LINES_PER_CHUNK = 1 << 16;

/** Shortest decimal text that parses back to the same float64. */
export function formatNumber(v: number): string {
  return Object.is(v, -0) ? '-0' : String(v);
}

function isDense(m: DenseMatrix | CooLike): m is DenseMatrix {
  return (m as DenseMatrix).data instanceof Float64Array;
}

function checkInput(m: DenseMatrix | CooLike, options: MatrixMarketWriteOptions): void {
  const fn = 'writeMatrixMarket';
  if (!m || typeof m !== 'object')
    throw new TypeError(`${fn}: matrix must be a DenseMatrix or COO`);
  const { format = 'coordinate', symmetry = 'general' } = options;
  if (format !== 'coordinate' && format !== 'array')
    throw new RangeError(`${fn}: format must be 'coordinate' or 'array'; got ${String(format)}`);
  if (symmetry !== 'general' && symmetry !== 'symmetric')
    throw new RangeError(
      `${fn}: symmetry must be 'general' or 'symmetric'; got ${String(symmetry)}`,
    );
  if (symmetry === 'symmetric' && m.rows !== m.cols)
    throw new RangeError(`${fn}: a symmetric matrix must be square; got ${m.rows} x ${m.cols}`);
  const values = isDense(m) ? m.data : m.values;
  if (!isDense(m)) {
    const n = values.length;
    if (m.rowIndex.length !== n || m.colIndex.length !== n)
      throw new RangeError(
        `${fn}: rowIndex, colIndex and values must have one length; got ` +
          `${m.rowIndex.length}, ${m.colIndex.length}, ${n}`,
      );
    for (let k = 0; k < n; k++) {
      const i = m.rowIndex[k];
      const j = m.colIndex[k];
      if (i < 0 || i >= m.rows || j < 0 || j >= m.cols)
        throw new RangeError(`${fn}: entry ${k} at (${i}, ${j}) is outside ${m.rows} x ${m.cols}`);
    }
  }
  for (let k = 0; k < values.length; k++) {
    if (!Number.isFinite(values[k]))
      throw new RangeError(`${fn}: value ${k} is ${values[k]}; Matrix Market holds finite values`);
  }
}

/** Dense row-major values of either input. */
function denseData(m: DenseMatrix | CooLike): Float64Array {
  if (isDense(m)) return m.data;
  const d = new Float64Array(m.rows * m.cols);
  for (let k = 0; k < m.values.length; k++)
    d[m.rowIndex[k] * m.cols + m.colIndex[k]] += m.values[k];
  checkSums(d);
  return d;
}

/** Sums of repeated entries can overflow even when every entry is finite. */
function checkSums(values: Float64Array): void {
  for (let k = 0; k < values.length; k++)
    if (!Number.isFinite(values[k]))
      throw new RangeError(
        `writeMatrixMarket: repeated entries sum to ${values[k]}; Matrix Market holds finite values`,
      );
}

function notSymmetric(i: number, j: number, aij: number, aji: number | undefined): never {
  throw new RangeError(
    `writeMatrixMarket: symmetry 'symmetric' needs an exactly symmetric matrix; ` +
      `a(${i + 1}, ${j + 1}) = ${aij} but a(${j + 1}, ${i + 1}) = ${aji ?? 'not stored'}`,
  );
}

/** The file text in chunks of up to 65536 lines. */
export function* matrixMarketChunks(
  matrix: WritableMatrix,
  options: MatrixMarketWriteOptions = {},
): Generator<string> {
  if (!matrix || typeof matrix !== 'object')
    throw new TypeError('writeMatrixMarket: matrix must be a DenseMatrix, a COO or a CSR matrix');
  const m = 'rowPtr' in matrix ? cooOfCsr(matrix) : matrix;
  checkInput(m, options);
  const { format = 'coordinate', symmetry = 'general', comment } = options;
  const sym = symmetry === 'symmetric';
  const { rows, cols } = m;
  let head = `%%MatrixMarket matrix ${format} real ${symmetry}\n`;
  if (comment !== undefined) for (const c of comment.split('\n')) head += `%${c}\n`;
  let lines: string[] = [];

  if (format === 'array') {
    const d = denseData(m);
    yield `${head}${rows} ${cols}\n`;
    for (let j = 0; j < cols; j++) {
      for (let i = sym ? j : 0; i < rows; i++) {
        if (sym && d[i * cols + j] !== d[j * cols + i])
          notSymmetric(i, j, d[i * cols + j], d[j * cols + i]);
        lines.push(formatNumber(d[i * cols + j]));
        if (lines.length === LINES_PER_CHUNK) {
          yield lines.join('\n') + '\n';
          lines = [];
        }
      }
    }
    if (lines.length > 0) yield lines.join('\n') + '\n';
    return;
  }

  // coordinate: canonical entries (sorted by row then column, summed)
  let R: Int32Array;
  let C: Int32Array;
  let V: Float64Array;
  if (isDense(m)) {
    let nz = 0;
    for (let k = 0; k < m.data.length; k++) if (m.data[k] !== 0) nz++;
    R = new Int32Array(nz);
    C = new Int32Array(nz);
    V = new Float64Array(nz);
    let q = 0;
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < cols; j++) {
        const v = m.data[i * cols + j];
        if (v === 0) continue;
        R[q] = i;
        C[q] = j;
        V[q++] = v;
      }
  } else {
    ({
      rowIndex: R,
      colIndex: C,
      values: V,
    } = assembleCoo(rows, cols, m.rowIndex, m.colIndex, m.values, 0));
    checkSums(V);
  }
  if (sym) {
    // the sorted transpose must equal the sorted matrix, entry for entry
    const t = assembleCoo(cols, rows, C, R, V, 0);
    for (let k = 0; k < R.length; k++) {
      const tr = t.rowIndex[k];
      const tc = t.colIndex[k];
      if (tr === R[k] && tc === C[k]) {
        if (t.values[k] !== V[k]) notSymmetric(R[k], C[k], V[k], t.values[k]);
        continue;
      }
      // first structural difference: the smaller (row, col) has no mirror
      if (R[k] < tr || (R[k] === tr && C[k] < tc)) notSymmetric(R[k], C[k], V[k], undefined);
      notSymmetric(tc, tr, t.values[k], undefined);
    }
  }
  let count = 0;
  if (sym) for (let k = 0; k < R.length; k++) if (R[k] >= C[k]) count++;
  yield `${head}${rows} ${cols} ${sym ? count : R.length}\n`;
  for (let k = 0; k < R.length; k++) {
    if (sym && R[k] < C[k]) continue;
    lines.push(`${R[k] + 1} ${C[k] + 1} ${formatNumber(V[k])}`);
    if (lines.length === LINES_PER_CHUNK) {
      yield lines.join('\n') + '\n';
      lines = [];
    }
  }
  if (lines.length > 0) yield lines.join('\n') + '\n';
}

/** The whole file as one string (small matrices). */
export function formatMatrixMarket(
  m: WritableMatrix,
  options: MatrixMarketWriteOptions = {},
): string {
  return Array.from(matrixMarketChunks(m, options)).join('');
}

/** Write a Matrix Market file atomically. */
export function writeMatrixMarket(
  path: string,
  m: WritableMatrix,
  options: MatrixMarketWriteOptions = {},
): void {
  const parts: Buffer[] = [];
  for (const chunk of matrixMarketChunks(m, options)) parts.push(Buffer.from(chunk, 'utf8'));
  writeFileAtomic(path, Buffer.concat(parts));
}
