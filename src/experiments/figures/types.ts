/**
 * The data of one figure, independent of how it is drawn: the table behind
 * it (written as NAME.csv), the settings that produced it and its key
 * numbers (written as NAME.json and shown in the HTML report). The drawing
 * itself lives in src/report/figures.ts.
 */

export type Cell = number | string;

/** Column names and rows; every row has one cell per column. */
export interface FigureTable {
  columns: string[];
  rows: Cell[][];
}

/** A number worth reporting, with the value published with the paper's code when there is one. */
export interface KeyNumber {
  /** stable identifier, e.g. 'dugd_mse_t25' */
  key: string;
  /** what it is, in words */
  label: string;
  value: number;
  /** the value printed by the authors' notebook, on their matrix */
  published?: number;
  /** why ours and theirs differ, or how the value was obtained */
  note?: string;
}

/** A table from equal-length columns. */
export function tableFromColumns(columns: Record<string, ArrayLike<Cell>>): FigureTable {
  const names = Object.keys(columns);
  const lengths = names.map((n) => columns[n].length);
  if (new Set(lengths).size > 1) {
    throw new RangeError(
      `tableFromColumns: columns differ in length: ${names.map((n, i) => `${n}=${lengths[i]}`).join(', ')}`,
    );
  }
  const n = lengths[0] ?? 0;
  const rows: Cell[][] = [];
  for (let i = 0; i < n; i++) rows.push(names.map((c) => columns[c][i]));
  return { columns: names, rows };
}

/** The column `name` of a table as numbers (for tests and callers). */
export function tableColumn(table: FigureTable, name: string): number[] {
  const j = table.columns.indexOf(name);
  if (j < 0)
    throw new RangeError(`tableColumn: no column '${name}' in ${table.columns.join(', ')}`);
  return table.rows.map((r) => Number(r[j]));
}
