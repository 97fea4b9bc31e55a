/**
 * Matrix Market reader (NIST exchange format) into a coordinate (COO) matrix.
 *
 * File layout:
 *   %%MatrixMarket matrix <coordinate|array> <real|integer|pattern> <general|symmetric|skew-symmetric>
 *   % comments (and blank lines) anywhere after the header
 *   rows cols entries        (coordinate)   |   rows cols   (array)
 *   i j a_ij                 (coordinate: 1-based; pattern files have no value)
 *   a_ij                     (array: column by column; symmetric files give the
 *                             lower triangle with the diagonal, skew-symmetric
 *                             the strictly lower triangle)
 * The header is case-insensitive. `complex` and `hermitian` are refused.
 *
 * What the reader returns (`CooMatrix`): the full matrix, 0-based, entries
 * sorted by row then column, each (i, j) at most once:
 * - symmetric: each stored a_ij with i > j also gives a_ji = a_ij; the
 *   diagonal is never doubled; skew-symmetric gives a_ji = -a_ij;
 * - duplicates: entries with the same (i, j) are summed (what the format's
 *   users, e.g. finite-element assembly, expect); `duplicatesSummed` counts them;
 * - pattern: every stored entry is 1;
 * - explicit zeros in coordinate files are kept (they are structure); zeros
 *   of array files are not stored.
 * Refused, with `file:line: ...`: a missing or bad header, a bad size line,
 * too few or too many entries, a wrong number of fields, an index outside
 * 1..rows / 1..cols, a value that is not a number, non-finite values, integers
 * beyond 2^53, an entry above the diagonal in a symmetric or skew-symmetric
 * coordinate file (the format stores the lower triangle; mirroring both
 * triangles would double the matrix), a nonzero diagonal in a skew-symmetric file.
 *
 * `readMatrixMarket` (async) and `readMatrixMarketSync` read the file in 1 MiB
 * chunks, so files far beyond the 512 MB string limit work;
 * `parseMatrixMarket` parses a string. All three share `MatrixMarketParser`.
 * Cost: O(nnz + rows + cols) (a two-pass counting sort by column then row).
 */
import { denseMatrix, type DenseMatrix } from '../linalg/dense.js';
import { FileFormatError, quote } from './errors.js';
import { LineSplitter, MAX_LINE_LENGTH, readLines, readLinesSync, splitText } from './lines.js';
import { assembleCoo } from './coo.js';

export type MatrixMarketFormat = 'coordinate' | 'array';
export type MatrixMarketField = 'real' | 'integer' | 'pattern';
export type MatrixMarketSymmetry = 'general' | 'symmetric' | 'skew-symmetric';

/** A sparse matrix in coordinate form: entry k is (rowIndex[k], colIndex[k], values[k]), 0-based. */
export interface CooMatrix {
  readonly rows: number;
  readonly cols: number;
  /** Number of entries held (after mirroring and summing duplicates). */
  readonly nnz: number;
  readonly rowIndex: Int32Array;
  readonly colIndex: Int32Array;
  readonly values: Float64Array;
  /** As declared by the file; the arrays always hold the full matrix. */
  readonly symmetry: MatrixMarketSymmetry;
  readonly field: MatrixMarketField;
  readonly format: MatrixMarketFormat;
  /** Entries stored in the file (before mirroring). */
  readonly storedEntries: number;
  /** Entries merged into an earlier one with the same (i, j). */
  readonly duplicatesSummed: number;
}

/** Dense row-major copy of a COO matrix (repeated (i, j) are added). */
export function toDense(coo: CooMatrix): DenseMatrix {
  const a = denseMatrix(coo.rows, coo.cols);
  const { rowIndex, colIndex, values, cols } = coo;
  for (let k = 0; k < coo.nnz; k++) a.data[rowIndex[k] * cols + colIndex[k]] += values[k];
  return a;
}

/** Parse Matrix Market text (small inputs, tests). `name` is used in messages. */
export function parseMatrixMarket(text: string, name = '<text>'): CooMatrix {
  if (typeof text !== 'string')
    throw new TypeError(`parseMatrixMarket: text must be a string; got ${typeof text}`);
  const parser = new MatrixMarketParser(name);
  splitText(text, parser.splitter());
  return parser.finish();
}

/** Read a Matrix Market file synchronously, in chunks. */
export function readMatrixMarketSync(path: string, name = path): CooMatrix {
  const parser = new MatrixMarketParser(name);
  readLinesSync(path, parser.splitter());
  return parser.finish();
}

/** Read a Matrix Market file as a stream (never holds the whole text). */
export async function readMatrixMarket(path: string, name = path): Promise<CooMatrix> {
  const parser = new MatrixMarketParser(name);
  await readLines(path, parser.splitter());
  return parser.finish();
}

// ---------------------------------------------------------------------------
// The line parser

const HEADER =
  "'%%MatrixMarket matrix <coordinate|array> <real|integer|pattern> <general|symmetric|skew-symmetric>'";
const MAX_INDEX = 2 ** 31 - 1;
// fields of the current line: [tokStart[t], tokEnd[t]) in the line's text
const MAX_TOKENS = 8;
const tokStart = new Int32Array(MAX_TOKENS);
const tokEnd = new Int32Array(MAX_TOKENS);

/** Split [start, end) of text at spaces and tabs; returns the number of fields. */
function tokenize(text: string, start: number, end: number): number {
  let n = 0;
  let i = start;
  while (i < end) {
    let c = text.charCodeAt(i);
    while (i < end && (c === 32 || c === 9 || c === 11 || c === 12)) c = text.charCodeAt(++i);
    if (i >= end) break;
    const s = i;
    while (i < end && c !== 32 && c !== 9 && c !== 11 && c !== 12) c = text.charCodeAt(++i);
    if (n < MAX_TOKENS) {
      tokStart[n] = s;
      tokEnd[n] = i;
    }
    n++;
  }
  return n;
}

/** Integer field t, or NaN when it is not [+-]digits. */
function intToken(text: string, t: number): number {
  let i = tokStart[t];
  const e = tokEnd[t];
  let sign = 1;
  const c0 = text.charCodeAt(i);
  if (c0 === 45 || c0 === 43) {
    if (c0 === 45) sign = -1;
    i++;
  }
  if (i >= e || e - i > 15) return e - i > 15 ? sign * Number(text.slice(i, e)) : NaN;
  let v = 0;
  for (; i < e; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return sign * v;
}

// exact powers of ten (10^22 is the largest exactly representable one)
const POW10 = Float64Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * Real field t (decimal, optional exponent), or NaN.
 * Fast path (Clinger): with at most 15 significant digits m and a decimal
 * exponent |q| <= 22, both m and 10^|q| are exact doubles, so the one
 * correctly rounded product m * 10^q (or quotient m / 10^-q) is the
 * correctly rounded value of the text, the same double Number() gives.
 * Anything else goes to Number() after a check of the characters.
 */
function realToken(text: string, t: number): number {
  const s = tokStart[t];
  const e = tokEnd[t];
  let i = s;
  let c = text.charCodeAt(i);
  const neg = c === 45;
  if (c === 45 || c === 43) c = text.charCodeAt(++i);
  let m = 0;
  let sig = 0; // significant digits taken into m
  let q = 0; // decimal exponent of the last digit of m
  let digits = 0;
  for (; i < e && c >= 48 && c <= 57; c = text.charCodeAt(++i), digits++) {
    if (m > 0 || c > 48) sig++;
    m = m * 10 + (c - 48);
  }
  if (c === 46) {
    for (
      c = text.charCodeAt(++i);
      i < e && c >= 48 && c <= 57;
      c = text.charCodeAt(++i), digits++
    ) {
      if (m > 0 || c > 48) sig++;
      m = m * 10 + (c - 48);
      q--;
    }
  }
  if (digits > 0 && (c === 101 || c === 69) && i < e) {
    c = text.charCodeAt(++i);
    const eneg = c === 45;
    if (c === 45 || c === 43) c = text.charCodeAt(++i);
    let x = 0;
    let xd = 0;
    for (; i < e && c >= 48 && c <= 57 && xd < 6; c = text.charCodeAt(++i), xd++)
      x = x * 10 + (c - 48);
    q += eneg ? -x : x;
    if (xd === 0) i = -1; // 'e' without digits: not a number
  }
  if (i === e && digits > 0 && sig <= 15 && q >= -22 && q <= 22) {
    const v = q < 0 ? m / POW10[-q] : m * POW10[q];
    return neg ? -v : v;
  }
  for (let k = s; k < e; k++) {
    c = text.charCodeAt(k);
    // digits, '+', '-', '.', 'e', 'E' only (Number() alone would accept hex and 'Infinity')
    if (!((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46 || c === 101 || c === 69))
      return NaN;
  }
  return Number(text.slice(s, e));
}

const NON_FINITE_WORD = /^[+-]?(inf|infinity|nan)$/i;

export class MatrixMarketParser {
  private lineNo = 0;
  private state: 'header' | 'size' | 'entries' = 'header';
  private format: MatrixMarketFormat = 'coordinate';
  private field: MatrixMarketField = 'real';
  private symmetry: MatrixMarketSymmetry = 'general';
  private rows = 0;
  private cols = 0;
  private expected = 0;
  private sizeLine = 0;
  private count = 0;
  // stored entries (0-based), grown by doubling
  private ri = new Int32Array(0);
  private ci = new Int32Array(0);
  private vals = new Float64Array(0);
  private held = 0;
  // array files: position (i, j) of the next value
  private ai = 0;
  private aj = 0;

  constructor(private readonly name: string) {}

  splitter(): LineSplitter {
    return new LineSplitter(
      (text, start, end) => this.line(text, start, end),
      () => this.fail(this.lineNo + 1, `line longer than ${MAX_LINE_LENGTH} characters`),
    );
  }

  private fail(line: number | undefined, detail: string): never {
    throw new FileFormatError(this.name, line, detail);
  }

  /** One line of the file: text[start, end), without the newline. */
  line(text: string, start: number, end: number): void {
    const ln = ++this.lineNo;
    if (this.state === 'entries') {
      const n = tokenize(text, start, end);
      if (n === 0 || text.charCodeAt(tokStart[0]) === 37) return; // blank or % comment
      if (this.format === 'coordinate') this.coordinateEntry(text, n, ln);
      else this.arrayEntry(text, n, ln);
      return;
    }
    if (this.state === 'header') {
      this.header(text.slice(start, end), ln);
      return;
    }
    const n = tokenize(text, start, end);
    if (n === 0 || text.charCodeAt(tokStart[0]) === 37) return;
    this.sizeLineParse(text, n, ln);
  }

  private header(line: string, ln: number): void {
    const words = line.trim().split(/\s+/);
    if (words[0].toLowerCase() !== '%%matrixmarket')
      this.fail(ln, `expected the header ${HEADER}, got ${quote(line)}`);
    if (words.length !== 5)
      this.fail(ln, `expected the header ${HEADER} (5 words), got ${words.length} words`);
    const [, object, format, field, symmetry] = words.map((w) => w.toLowerCase());
    if (object !== 'matrix') this.fail(ln, `expected object 'matrix', got ${quote(words[1])}`);
    if (format !== 'coordinate' && format !== 'array')
      this.fail(ln, `expected format 'coordinate' or 'array', got ${quote(words[2])}`);
    if (field === 'complex')
      this.fail(ln, `complex matrices are not supported (dugd works in real float64)`);
    if (field !== 'real' && field !== 'integer' && field !== 'pattern')
      this.fail(ln, `expected field 'real', 'integer' or 'pattern', got ${quote(words[3])}`);
    if (symmetry === 'hermitian')
      this.fail(
        ln,
        `'hermitian' applies to complex data; a real symmetric matrix must be declared 'symmetric'`,
      );
    if (symmetry !== 'general' && symmetry !== 'symmetric' && symmetry !== 'skew-symmetric')
      this.fail(
        ln,
        `expected symmetry 'general', 'symmetric' or 'skew-symmetric', got ${quote(words[4])}`,
      );
    if (field === 'pattern' && format === 'array')
      this.fail(ln, `'pattern' is only valid with 'coordinate' (an array file stores values)`);
    if (field === 'pattern' && symmetry === 'skew-symmetric')
      this.fail(ln, `'pattern' cannot be 'skew-symmetric' (the sign of a_ji needs a value)`);
    this.format = format;
    this.field = field;
    this.symmetry = symmetry;
    this.state = 'size';
  }

  private sizeLineParse(text: string, n: number, ln: number): void {
    const coord = this.format === 'coordinate';
    const want = coord ? 3 : 2;
    const what = coord ? "'rows cols entries'" : "'rows cols'";
    if (n !== want) this.fail(ln, `expected the size line ${what} (${want} fields), got ${n}`);
    const sizes = [intToken(text, 0), intToken(text, 1), coord ? intToken(text, 2) : 0];
    for (let t = 0; t < want; t++) {
      if (!(sizes[t] >= 0 && sizes[t] <= MAX_INDEX))
        this.fail(
          ln,
          `expected the size line ${what} of integers in 0..${MAX_INDEX}, ` +
            `got ${quote(text.slice(tokStart[t], tokEnd[t]))}`,
        );
    }
    const [rows, cols] = sizes;
    if (this.symmetry !== 'general' && rows !== cols)
      this.fail(ln, `a ${this.symmetry} matrix must be square; got ${rows} x ${cols}`);
    this.rows = rows;
    this.cols = cols;
    if (coord) this.expected = sizes[2];
    else if (this.symmetry === 'general') this.expected = rows * cols;
    else if (this.symmetry === 'symmetric') this.expected = (rows * (rows + 1)) / 2;
    else this.expected = (rows * (rows - 1)) / 2;
    this.sizeLine = ln;
    this.ai = this.symmetry === 'skew-symmetric' ? 1 : 0; // skew arrays start below the diagonal
    this.grow(Math.min(this.expected, 1 << 16));
    this.state = 'entries';
  }

  private grow(capacity: number): void {
    const ri = new Int32Array(capacity);
    const ci = new Int32Array(capacity);
    const vals = new Float64Array(capacity);
    ri.set(this.ri.subarray(0, this.held));
    ci.set(this.ci.subarray(0, this.held));
    vals.set(this.vals.subarray(0, this.held));
    this.ri = ri;
    this.ci = ci;
    this.vals = vals;
  }

  private push(i: number, j: number, v: number): void {
    if (this.held === this.ri.length) this.grow(Math.min(this.expected, 2 * this.held + 16));
    this.ri[this.held] = i;
    this.ci[this.held] = j;
    this.vals[this.held] = v;
    this.held++;
  }

  private tooMany(ln: number): never {
    return this.fail(
      ln,
      `more entries than the ${this.expected} declared on line ${this.sizeLine}`,
    );
  }

  /** Value field t, checked: finite, and an exact integer for 'integer' files. */
  private value(text: string, t: number, ln: number): number {
    const v = this.field === 'integer' ? intToken(text, t) : realToken(text, t);
    if (Number.isFinite(v)) {
      if (this.field === 'integer' && Math.abs(v) > Number.MAX_SAFE_INTEGER)
        this.fail(ln, `integer value ${text.slice(tokStart[t], tokEnd[t])} is beyond 2^53 - 1`);
      return v;
    }
    const tok = text.slice(tokStart[t], tokEnd[t]);
    // 1e999 overflows to Infinity; 'inf' and 'nan' are words Number() refuses here
    if (v === Infinity || v === -Infinity || NON_FINITE_WORD.test(tok))
      this.fail(ln, `expected a finite value, got ${quote(tok)}`);
    const kind = this.field === 'integer' ? 'an integer' : 'a real number';
    return this.fail(ln, `expected ${kind} as the value, got ${quote(tok)}`);
  }

  private coordinateEntry(text: string, n: number, ln: number): void {
    const pattern = this.field === 'pattern';
    const want = pattern ? 2 : 3;
    if (n !== want)
      this.fail(
        ln,
        `expected ${want} fields ${pattern ? "'row col'" : "'row col value'"}, got ${n}`,
      );
    if (this.count === this.expected) this.tooMany(ln);
    const i = intToken(text, 0);
    const j = intToken(text, 1);
    if (!(i >= 1 && i <= this.rows)) this.badIndex(text, 0, i, ln);
    if (!(j >= 1 && j <= this.cols)) this.badIndex(text, 1, j, ln);
    const v = pattern ? 1 : this.value(text, 2, ln);
    this.count++;
    if (this.symmetry !== 'general') {
      if (j > i)
        this.fail(
          ln,
          `entry (${i}, ${j}) is above the diagonal; a ${this.symmetry} file stores the lower ` +
            `triangle (row >= col); declare the file 'general' if it stores both`,
        );
      if (i === j && this.symmetry === 'skew-symmetric') {
        if (v !== 0)
          this.fail(
            ln,
            `diagonal entry (${i}, ${i}) = ${v}: a skew-symmetric matrix has a zero diagonal`,
          );
        return; // an explicit zero on the diagonal of a skew matrix carries nothing
      }
    }
    this.push(i - 1, j - 1, v);
  }

  private badIndex(text: string, t: number, v: number, ln: number): never {
    const what = t === 0 ? 'row' : 'column';
    const max = t === 0 ? this.rows : this.cols;
    if (Number.isNaN(v))
      this.fail(
        ln,
        `expected an integer ${what} index, got ${quote(text.slice(tokStart[t], tokEnd[t]))}`,
      );
    const hint = v === 0 ? ' (Matrix Market indices start at 1)' : '';
    return this.fail(ln, `${what} index ${v} is out of range 1..${max}${hint}`);
  }

  private arrayEntry(text: string, n: number, ln: number): void {
    if (n !== 1)
      this.fail(ln, `expected 1 field 'value' (array format: one value per line), got ${n}`);
    if (this.count === this.expected) this.tooMany(ln);
    const v = this.value(text, 0, ln);
    this.count++;
    const { ai, aj } = this;
    if (v !== 0) this.push(ai, aj, v);
    // next position, column by column over the stored part
    if (ai + 1 < this.rows) this.ai = ai + 1;
    else {
      this.aj = aj + 1;
      this.ai = this.symmetry === 'general' ? 0 : this.symmetry === 'symmetric' ? aj + 1 : aj + 2;
    }
  }

  /** Check the entry count and assemble the full matrix. */
  finish(): CooMatrix {
    if (this.state === 'header')
      this.fail(undefined, `the file is empty; expected the header ${HEADER}`);
    if (this.state === 'size')
      this.fail(
        this.lineNo,
        `the file ends before the size line ` +
          `${this.format === 'coordinate' ? "'rows cols entries'" : "'rows cols'"}`,
      );
    if (this.count < this.expected)
      this.fail(
        this.lineNo,
        `the file ends after ${this.count} entries; line ${this.sizeLine} declares ${this.expected}` +
          (this.format === 'array' && this.symmetry !== 'general'
            ? ` (the ${this.symmetry === 'symmetric' ? 'lower triangle with the diagonal' : 'strictly lower triangle'} of a ${this.rows} x ${this.cols} matrix)`
            : ''),
      );
    const mirror = this.symmetry === 'general' ? 0 : this.symmetry === 'symmetric' ? 1 : -1;
    const assembled = assembleCoo(
      this.rows,
      this.cols,
      this.ri.subarray(0, this.held),
      this.ci.subarray(0, this.held),
      this.vals.subarray(0, this.held),
      mirror,
    );
    return {
      rows: this.rows,
      cols: this.cols,
      nnz: assembled.nnz,
      rowIndex: assembled.rowIndex,
      colIndex: assembled.colIndex,
      values: assembled.values,
      symmetry: this.symmetry,
      field: this.field,
      format: this.format,
      storedEntries: this.count,
      duplicatesSummed: assembled.duplicatesSummed,
    };
  }
}
