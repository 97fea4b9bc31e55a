/**
 * Low-level table parsing: delimited text into records (RFC 4180 quoting)
 * and the start line of each top-level element of a JSON array.
 *
 * Delimited: a field is either unquoted (trimmed of spaces and tabs) or
 * "quoted" (may contain the delimiter, newlines and "" for one quote; only
 * spaces may follow the closing quote before the delimiter or the end of the
 * line). Blank lines are skipped. 'whitespace' splits each line at runs of
 * spaces and tabs, without quoting. Each record remembers its first line.
 */
import { FileFormatError, quote } from './errors.js';

export interface Records {
  records: unknown[][];
  /** 1-based line where each record starts. */
  lines: number[];
}

export function parseDelimited(text: string, name: string, delimiter: string): Records {
  const records: string[][] = [];
  const lines: number[] = [];
  if (delimiter === 'whitespace') {
    const all = text.split('\n');
    for (let k = 0; k < all.length; k++) {
      const t = all[k].trim();
      if (t.length === 0) continue;
      records.push(t.split(/[ \t]+/));
      lines.push(k + 1);
    }
    return { records, lines };
  }
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    // one record starting at i
    const start = line;
    const fields: string[] = [];
    let blank = true;
    for (;;) {
      // one field
      while (i < n && (text[i] === ' ' || (text[i] === '\t' && delimiter !== '\t'))) i++;
      let field: string;
      if (text[i] === '"') {
        const openLine = line;
        i++;
        let s = '';
        for (;;) {
          if (i >= n)
            throw new FileFormatError(name, openLine, `a quoted field is not closed (missing ")`);
          const ch = text[i];
          if (ch === '"') {
            if (text[i + 1] === '"') {
              s += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (ch === '\n') line++;
          s += ch;
          i++;
        }
        while (i < n && (text[i] === ' ' || (text[i] === '\t' && delimiter !== '\t'))) i++;
        if (i < n && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r')
          throw new FileFormatError(
            name,
            line,
            `expected ${delimiterName(delimiter)} or the end of the line after a quoted field, ` +
              `got ${quote(text[i])}`,
          );
        field = s;
        blank = false;
      } else {
        const s = i;
        while (i < n && text[i] !== delimiter && text[i] !== '\n') i++;
        field = text.slice(s, i).replace(/\r$/, '').trim();
        if (field.length > 0 || text[i] === delimiter) blank = false;
      }
      fields.push(field);
      if (i < n && text[i] === delimiter) {
        i++;
        continue;
      }
      // end of record: '\r'?, '\n' or end of text
      if (text[i] === '\r') i++;
      if (text[i] === '\n') {
        i++;
        line++;
      }
      break;
    }
    if (blank) continue;
    records.push(fields);
    lines.push(start);
  }
  return { records, lines };
}

function delimiterName(d: string): string {
  return d === '\t' ? 'a tab' : `'${d}'`;
}

/** 1-based line of the start of each element of a top-level JSON array (text assumed valid). */
export function jsonRecordLines(text: string): number[] {
  const out: number[] = [];
  let depth = 0;
  let inString = false;
  let escaped = false;
  let expecting = false;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (
      depth === 1 &&
      expecting &&
      ch !== ' ' &&
      ch !== '\t' &&
      ch !== '\n' &&
      ch !== '\r' &&
      ch !== ']'
    ) {
      out.push(line);
      expecting = false;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') {
      depth++;
      if (depth === 1) expecting = true;
    } else if (ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 1) expecting = true;
  }
  return out;
}
