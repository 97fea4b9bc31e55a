/**
 * A list of numbers from a file (eigenvalues for `--spectrum`, a schedule for
 * `--steps-file`). Accepted forms:
 *
 *   - a JSON array of numbers:            [0.18, 0.2, ...]
 *   - a JSON object with a numeric array under `field` (default
 *     `eigenvalues`), e.g. ../shared/reference/paper_spectrum.json
 *   - plain text, one number a line; blank lines and lines starting with
 *     `#` are ignored.
 *
 * Every error is a one-line FileFormatError naming the file and, for text,
 * the line (1-based); JSON errors name the entry index.
 */
import { readFileSync } from 'node:fs';
import { FileFormatError, quote } from './errors.js';

export interface NumberListOptions {
  /** For a JSON object: the field that holds the array (default 'eigenvalues'). */
  field?: string;
}

/** Read a list of numbers from `path` (see the header for the formats). */
export function readNumberList(path: string, options: NumberListOptions = {}): Float64Array {
  if (typeof path !== 'string' || path === '') {
    throw new TypeError(`readNumberList: path must be a non-empty string; got ${String(path)}`);
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new FileFormatError(path, undefined, `cannot read the file (${code})`);
  }
  return parseNumberList(text, path, options);
}

/** Parse the content of a number-list file; `name` is used in error messages. */
export function parseNumberList(
  text: string,
  name: string,
  options: NumberListOptions = {},
): Float64Array {
  const field = options.field ?? 'eigenvalues';
  const trimmed = text.trim();
  if (trimmed === '')
    throw new FileFormatError(name, undefined, 'the file is empty; expected a list of numbers');
  if (trimmed[0] === '[' || trimmed[0] === '{') return parseJsonList(trimmed, name, field);
  return parseLines(text, name);
}

function parseJsonList(text: string, name: string, field: string): Float64Array {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new FileFormatError(name, undefined, `not valid JSON (${(err as Error).message})`);
  }
  let where = '';
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    if (!(field in obj)) {
      throw new FileFormatError(
        name,
        undefined,
        `a JSON object must have an array field '${field}'; found fields ${Object.keys(obj).join(', ') || '(none)'}`,
      );
    }
    value = obj[field];
    where = `${field} `;
  }
  if (!Array.isArray(value)) {
    throw new FileFormatError(
      name,
      undefined,
      `expected a JSON array of numbers${where ? ` in '${field}'` : ''}`,
    );
  }
  if (value.length === 0) throw new FileFormatError(name, undefined, `the ${where}list is empty`);
  const out = new Float64Array(value.length);
  for (let k = 0; k < value.length; k++) {
    const v = value[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new FileFormatError(
        name,
        undefined,
        `${where}entry ${k} must be a finite number; got ${JSON.stringify(v)}`,
      );
    }
    out[k] = v;
  }
  return out;
}

function parseLines(text: string, name: string): Float64Array {
  const values: number[] = [];
  const lines = text.split(/\r?\n/);
  for (let k = 0; k < lines.length; k++) {
    const s = lines[k].trim();
    if (s === '' || s.startsWith('#')) continue;
    const v = Number(s);
    if (!Number.isFinite(v)) {
      throw new FileFormatError(name, k + 1, `expected one finite number; got ${quote(s)}`);
    }
    values.push(v);
  }
  if (values.length === 0) throw new FileFormatError(name, undefined, 'no numbers found');
  return Float64Array.from(values);
}
