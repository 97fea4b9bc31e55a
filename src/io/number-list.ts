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
 * Every error names the file and, for text, the line (1-based); JSON errors
 * name the entry index. Errors are RangeError (a bad value) or TypeError
 * (the wrong kind of content).
 */
import { readFileSync } from 'node:fs';

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
    throw new RangeError(`${path}: cannot read the file (${code})`, { cause: err });
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
    throw new RangeError(`${name}: the file is empty; expected a list of numbers`);
  if (trimmed[0] === '[' || trimmed[0] === '{') return parseJsonList(trimmed, name, field);
  return parseLines(text, name);
}

function parseJsonList(text: string, name: string, field: string): Float64Array {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new TypeError(`${name}: not valid JSON (${(err as Error).message})`, { cause: err });
  }
  let where = '';
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    if (!(field in obj)) {
      throw new TypeError(
        `${name}: a JSON object must have an array field '${field}'; found fields ${Object.keys(obj).join(', ') || '(none)'}`,
      );
    }
    value = obj[field];
    where = `${field} `;
  }
  if (!Array.isArray(value)) {
    throw new TypeError(
      `${name}: expected a JSON array of numbers${where ? ` in '${field}'` : ''}`,
    );
  }
  if (value.length === 0) throw new RangeError(`${name}: the ${where}list is empty`);
  const out = new Float64Array(value.length);
  for (let k = 0; k < value.length; k++) {
    const v = value[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new TypeError(
        `${name}: ${where}entry ${k} must be a finite number; got ${JSON.stringify(v)}`,
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
      const shown = s.length > 40 ? `${s.slice(0, 40)}...` : s;
      throw new RangeError(`${name}:${k + 1}: expected one finite number; got '${shown}'`);
    }
    values.push(v);
  }
  if (values.length === 0) throw new RangeError(`${name}: no numbers found`);
  return Float64Array.from(values);
}
