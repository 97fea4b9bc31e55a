/** Plain-text tables and number formatting for terminal output. */

export function fmt(v: number, digits = 4): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e6) return String(v);
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e5 ? v.toPrecision(digits) : v.toExponential(digits - 1);
}

export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)))];
  // a loop, not Math.max(...column): spreading a million rows overflows the call stack
  const widths = header.map((_, j) =>
    cells.reduce((w, r) => Math.max(w, String(r[j] ?? '').length), 0),
  );
  const line = (r: (string | number)[]) =>
    r
      .map((c, j) => String(c ?? '').padEnd(widths[j]))
      .join('  ')
      .trimEnd();
  return [
    line(cells[0]),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.slice(1).map(line),
  ].join('\n');
}
