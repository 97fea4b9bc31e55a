/**
 * Data tables of numbers: CSV/TSV (delimited text) and JSON tables, read
 * into named columns of float64 cells, and selected into a dense matrix.
 *
 * Delimited text (RFC 4180): fields separated by ',', ';' or tab (or runs of
 * spaces/tabs: 'whitespace'); double-quoted fields may hold the delimiter,
 * newlines and "" for a quote; unquoted fields are trimmed; blank lines are
 * skipped; a UTF-8 byte-order mark is dropped. Every record must have as
 * many fields as the first one.
 * JSON: an array of objects (columns = the union of keys, in order of first
 * appearance; a missing key is a missing value), as vega-datasets' cars.json,
 * or an array of arrays (optionally a header row first).
 *
 * Cells: a decimal number (`-1.5e3`) becomes that number; a missing value
 * (empty, NA, N/A, NaN, null, None, ?; any case; JSON null) becomes null and
 * is counted per column; a non-finite number (inf, -Infinity, any case, or
 * a decimal that overflows such as 1e999) is read as null, counted per
 * column in `nonFinite` with its first line, and is an error when that column
 * is selected (it is a number, just not a usable one); anything else (text,
 * true) is non-numeric: read as null too, counted per column with its first
 * line in `nonNumeric`, and an error only when that column is selected.
 * Files (readTable): an empty file (or only blank space) is refused
 * (`file: empty`; parseTable('') is an empty table), and so is binary content (a NUL byte, or bytes that are not UTF-8), which would
 * otherwise parse as a table of odd text columns.
 * Header row ('auto'): the first record is a header when none of its fields
 * is a number and the second record (if any) has a number. Without a header
 * the columns are named c1, c2, ...
 * Format ('auto'): '.json' -> JSON; '.tsv'/'.tab' -> tab; otherwise JSON if
 * the text starts with '[', else the delimiter among ',', tab and ';' that
 * occurs equally often on each of the first 20 records, else 'whitespace'
 * (runs of spaces and tabs) when that splits those lines evenly (see
 * `detectDelimiter`); `delimiter` overrides the detection.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { denseMatrix, type DenseMatrix } from '../linalg/dense.js';
import { FileFormatError, quote } from './errors.js';
import { jsonRecordLines, parseDelimited, type Records } from './table-parse.js';

export type TableFormat = 'auto' | 'csv' | 'tsv' | 'json';

export interface TableOptions {
  /** 'auto' (default): by extension, then by content. 'csv' still detects ',' vs ';'. */
  format?: TableFormat;
  /** Field delimiter for delimited text: ',', ';', '\t', ' ' or 'whitespace'; default detected. */
  delimiter?: string;
  /** Whether the first record is a header: 'auto' (default), true or false. */
  header?: 'auto' | boolean;
}

export interface NonNumericCells {
  /** Number of non-numeric cells in the column. */
  count: number;
  /** Line of the first one (for JSON: the line where its record starts). */
  line: number;
  /** Its text. */
  text: string;
}

export interface Table {
  /** File name used in messages. */
  readonly name: string;
  readonly columns: string[];
  /** rows[r][c]: a number, or null for a missing or non-numeric cell. */
  readonly rows: (number | null)[][];
  /** Source line of each row. */
  readonly lines: number[];
  /** Missing cells per column (empty, NA, NaN, null, ...). */
  readonly missing: number[];
  /** Non-numeric cells per column, or null when every cell is a number or missing. */
  readonly nonNumeric: (NonNumericCells | null)[];
  /** Non-finite numbers (inf, -Infinity, 1e999) per column, or null when there are none. */
  readonly nonFinite: (NonNumericCells | null)[];
  readonly hasHeader: boolean;
  /** 'json', or the delimiter used (',', ';', '\t', ' ', 'whitespace'). */
  readonly source: string;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '?']);
const INFINITE = /^[+-]?(?:inf|infinity)$/i;

type Cell =
  | { kind: 'number'; value: number }
  | { kind: 'missing' }
  | { kind: 'nonfinite'; text: string }
  | { kind: 'text'; text: string };

function cellOf(v: unknown): Cell {
  if (typeof v === 'number')
    return Number.isFinite(v)
      ? { kind: 'number', value: v }
      : { kind: 'nonfinite', text: String(v) };
  if (v === null || v === undefined) return { kind: 'missing' };
  if (typeof v === 'string') {
    const t = v.trim();
    if (NUMBER.test(t)) {
      const x = Number(t);
      return Number.isFinite(x) ? { kind: 'number', value: x } : { kind: 'nonfinite', text: t };
    }
    if (MISSING.has(t.toLowerCase())) return { kind: 'missing' };
    if (INFINITE.test(t)) return { kind: 'nonfinite', text: t };
    return { kind: 'text', text: v };
  }
  return { kind: 'text', text: typeof v === 'object' ? JSON.stringify(v) : String(v) };
}

/** Read a CSV, TSV or JSON table. */
export function readTable(path: string, options: TableOptions = {}, name = path): Table {
  let format = options.format ?? 'auto';
  if (format === 'auto') {
    const ext = extname(path).toLowerCase();
    if (ext === '.json') format = 'json';
    else if (ext === '.tsv' || ext === '.tab') format = 'tsv';
  }
  const text = decodeText(readFileSync(path), name);
  if (text.replace(/^\ufeff/, '').trim() === '')
    throw new FileFormatError(name, undefined, 'empty');
  return parseTable(text, name, { ...options, format });
}

/** UTF-8 text of a table file; binary content (a NUL byte, invalid UTF-8) is refused. */
function decodeText(bytes: Uint8Array, name: string): string {
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    throw new FileFormatError(
      name,
      undefined,
      `binary content (a NUL byte at offset ${nul}); expected a CSV, TSV or JSON text table`,
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new FileFormatError(
      name,
      undefined,
      'binary content (bytes that are not UTF-8 text); expected a CSV, TSV or JSON text table',
    );
  }
}

/** Parse table text. `name` is used in messages. */
export function parseTable(text: string, name = '<text>', options: TableOptions = {}): Table {
  if (typeof text !== 'string')
    throw new TypeError(`parseTable: text must be a string; got ${typeof text}`);
  const { format = 'auto', header = 'auto' } = options;
  if (!['auto', 'csv', 'tsv', 'json'].includes(format))
    throw new RangeError(
      `parseTable: format must be auto, csv, tsv or json; got ${String(format)}`,
    );
  if (header !== 'auto' && typeof header !== 'boolean')
    throw new RangeError(`parseTable: header must be 'auto', true or false; got ${String(header)}`);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const isJson = format === 'json' || (format === 'auto' && /^\s*\[/.test(text));
  if (isJson) return fromJson(text, name, header);
  let delimiter = options.delimiter;
  if (delimiter === undefined)
    delimiter = format === 'tsv' ? '\t' : detectDelimiter(text, format === 'csv');
  if (![',', ';', '\t', ' ', 'whitespace'].includes(delimiter))
    throw new RangeError(
      `parseTable: delimiter must be ',', ';', '\\t', ' ' or 'whitespace'; got ${JSON.stringify(delimiter)}`,
    );
  const records = parseDelimited(text, name, delimiter);
  return build(name, records, header, delimiter);
}

/**
 * The delimiter among ',', tab and ';' that occurs the same nonzero number
 * of times (outside quotes) in each of the first 20 records (the largest
 * such count wins); else 'whitespace' if splitting at spaces and tabs gives
 * the same number (> 1) of fields on those lines; else the most frequent on
 * the first record (the field-count check then names the bad line); else
 * ',' for a '.csv' file and 'whitespace' otherwise.
 */
function detectDelimiter(text: string, csv: boolean): string {
  const cands = [',', '\t', ';'];
  const records: number[][] = [];
  const lines: string[] = [];
  let counts = [0, 0, 0];
  let quoted = false;
  let start = 0;
  for (let i = 0; i <= text.length && records.length < 20; i++) {
    const ch = i < text.length ? text[i] : '\n';
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '\n') {
      const line = text.slice(start, i).trim();
      if (line !== '') {
        records.push(counts);
        lines.push(line);
      }
      counts = [0, 0, 0];
      start = i + 1;
    } else if (!quoted) {
      const k = cands.indexOf(ch);
      if (k >= 0) counts[k]++;
    }
  }
  if (records.length === 0) return csv ? ',' : 'whitespace';
  let best = -1;
  for (let k = 0; k < cands.length; k++) {
    const c = records[0][k];
    if (c > 0 && records.every((r) => r[k] === c) && (best < 0 || c > records[0][best])) best = k;
  }
  if (best >= 0) return cands[best];
  const widths = lines.map((l) => l.split(/[ \t]+/).length);
  if (!csv && widths[0] > 1 && widths.every((w) => w === widths[0])) return 'whitespace';
  for (let k = 0; k < cands.length; k++)
    if (records[0][k] > 0 && (best < 0 || records[0][k] > records[0][best])) best = k;
  return best >= 0 ? cands[best] : csv ? ',' : 'whitespace';
}

function fromJson(text: string, name: string, header: 'auto' | boolean): Table {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const msg = (err as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : undefined;
    throw new FileFormatError(name, line, `not valid JSON: ${msg.split('\n')[0]}`);
  }
  if (!Array.isArray(data))
    throw new FileFormatError(
      name,
      1,
      `expected a JSON array of objects or of arrays, got ${typeof data}`,
    );
  const lines = jsonRecordLines(text);
  const kindOf = (v: unknown): string =>
    Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v;
  const first = data.length > 0 ? kindOf(data[0]) : 'array';
  if (first !== 'object' && first !== 'array')
    throw new FileFormatError(
      name,
      lines[0],
      `expected each element to be an object or an array, got ${first}`,
    );
  for (let r = 0; r < data.length; r++) {
    if (kindOf(data[r]) !== first)
      throw new FileFormatError(
        name,
        lines[r],
        `element ${r + 1} is ${kindOf(data[r])}; expected an ${first} like element 1`,
      );
  }
  if (first === 'array')
    return build(name, { records: data as unknown[][], lines }, header, 'json');
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const rec of data as Record<string, unknown>[])
    for (const k of Object.keys(rec))
      if (!seen.has(k)) {
        seen.add(k);
        columns.push(k);
      }
  const records = (data as Record<string, unknown>[]).map((rec) => columns.map((k) => rec[k]));
  return fill(name, columns, { records, lines }, true, 'json', 0);
}

function build(name: string, recs: Records, header: 'auto' | boolean, source: string): Table {
  const { records, lines } = recs;
  const width = records.length > 0 ? records[0].length : 0;
  for (let r = 1; r < records.length; r++) {
    if (records[r].length !== width)
      throw new FileFormatError(
        name,
        lines[r],
        `expected ${width} fields (as on line ${lines[0]}), got ${records[r].length}`,
      );
  }
  let hasHeader = header === true;
  if (header === 'auto' && records.length > 0) {
    const isNum = (v: unknown): boolean => cellOf(v).kind === 'number';
    hasHeader = !records[0].some(isNum) && (records.length === 1 || records[1].some(isNum));
  }
  const columns = hasHeader
    ? records[0].map((v) => String(v ?? '').trim())
    : Array.from({ length: width }, (_, c) => `c${c + 1}`);
  return fill(name, columns, recs, hasHeader, source, hasHeader ? 1 : 0);
}

function fill(
  name: string,
  columns: string[],
  { records, lines }: Records,
  hasHeader: boolean,
  source: string,
  skip: number,
): Table {
  const rows: (number | null)[][] = [];
  const rowLines: number[] = [];
  const missing = new Array<number>(columns.length).fill(0);
  const nonNumeric: (NonNumericCells | null)[] = new Array(columns.length).fill(null);
  const nonFinite: (NonNumericCells | null)[] = new Array(columns.length).fill(null);
  for (let r = skip; r < records.length; r++) {
    const row = new Array<number | null>(columns.length);
    for (let c = 0; c < columns.length; c++) {
      const cell = cellOf(records[r][c]);
      if (cell.kind === 'number') {
        row[c] = cell.value;
        continue;
      }
      row[c] = null;
      if (cell.kind === 'missing') {
        missing[c]++;
        continue;
      }
      const seen = cell.kind === 'nonfinite' ? nonFinite : nonNumeric;
      if (seen[c]) seen[c]!.count++;
      else seen[c] = { count: 1, line: lines[r], text: cell.text };
    }
    rows.push(row);
    rowLines.push(lines[r]);
  }
  return {
    name,
    columns,
    rows,
    lines: rowLines,
    missing,
    nonNumeric,
    nonFinite,
    hasHeader,
    source,
  };
}

export interface SelectOptions {
  /** Drop rows with a missing value in a selected column (default false: such a row is an error). */
  dropMissing?: boolean;
}

export interface Selection {
  /** rows x names.length, row-major, in the order of `names`. */
  matrix: DenseMatrix;
  columns: string[];
  /** Rows dropped for missing values. */
  dropped: number;
  /** Source line of each kept row. */
  lines: number[];
}

/** The named numeric columns as a dense matrix (rows with missing values dropped on request). */
export function selectColumns(
  table: Table,
  names: readonly string[],
  options: SelectOptions = {},
): Selection {
  if (!Array.isArray(names) || names.length === 0)
    throw new RangeError(`selectColumns: names must be a non-empty array of column names`);
  const idx = names.map((n) => {
    const hits = table.columns.flatMap((c, k) => (c === n ? [k] : []));
    if (hits.length === 0)
      throw new RangeError(
        `selectColumns: ${table.name} has no column ${quote(String(n))}; columns: ${table.columns.join(', ')}`,
      );
    if (hits.length > 1)
      throw new RangeError(
        `selectColumns: ${table.name} has ${hits.length} columns named ${quote(n)}`,
      );
    return hits[0];
  });
  // the earliest non-numeric or non-finite cell among the selected columns
  let bad: { c: number; cells: NonNumericCells; finite: boolean } | null = null;
  for (const c of idx) {
    for (const [cells, finite] of [
      [table.nonNumeric[c], true],
      [table.nonFinite[c], false],
    ] as const) {
      if (cells && (bad === null || cells.line < bad.cells.line)) bad = { c, cells, finite };
    }
  }
  if (bad !== null) {
    const { c, cells: nn, finite } = bad;
    const many = nn.count > 1 ? ` (${nn.count} such cells in this column)` : '';
    throw new FileFormatError(
      table.name,
      nn.line,
      finite
        ? `column ${quote(table.columns[c])}: expected a number or a missing value ` +
            `(empty, NA, NaN, null), got ${quote(nn.text)}${many}`
        : `column ${quote(table.columns[c])}: the value ${quote(nn.text)} is not finite${many}`,
    );
  }
  const { dropMissing = false } = options;
  const kept: number[] = [];
  for (let r = 0; r < table.rows.length; r++) {
    const row = table.rows[r];
    const hole = idx.find((c) => row[c] === null);
    if (hole === undefined) kept.push(r);
    else if (!dropMissing)
      throw new FileFormatError(
        table.name,
        table.lines[r],
        `column ${quote(table.columns[hole])} has a missing value ` +
          `(${table.missing[hole]} in this column); drop such rows with dropMissing`,
      );
  }
  const m = denseMatrix(kept.length, idx.length);
  kept.forEach((r, i) => idx.forEach((c, j) => (m.data[i * idx.length + j] = table.rows[r][c]!)));
  return {
    matrix: m,
    columns: idx.map((c) => table.columns[c]),
    dropped: table.rows.length - kept.length,
    lines: kept.map((r) => table.lines[r]),
  };
}
