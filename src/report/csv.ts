/**
 * CSV of the data behind a figure: a header line of column names, then one
 * line per row, numbers in shortest round-trip form (String(v): parsing the
 * text gives back the same float64), NaN / Infinity / -Infinity written as
 * such (numpy and pandas read them), text cells quoted only when needed
 * (RFC 4180). Lines end with '\n'.
 */

import type { Cell, FigureTable } from '../experiments/figures/types.js';

function cell(v: Cell): string {
  if (typeof v === 'number') return String(v);
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function toCsv(table: FigureTable): string {
  const width = table.columns.length;
  table.rows.forEach((r, i) => {
    if (r.length !== width) {
      throw new RangeError(`toCsv: row ${i} has ${r.length} cells, the header has ${width}`);
    }
  });
  const lines = [table.columns.map(cell).join(',')];
  for (const r of table.rows) lines.push(r.map(cell).join(','));
  return lines.join('\n') + '\n';
}
