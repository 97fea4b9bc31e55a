/**
 * Colours and dashes of the figures. A method keeps its colour in every
 * figure (GD is always the same green, DUGD the same red, ...), so figures
 * can be compared side by side; other series take the Tableau-10 colours in
 * order. Colour-blind safety comes from the dashes and the legend order,
 * not from colour alone.
 */

const TABLEAU10 = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];

/** Fixed colours for the methods and quantities that recur across figures. */
const NAMED: Record<string, string> = {
  DUGD: '#e15759',
  'DUGD (learned)': '#e15759',
  learned: '#e15759',
  GD: '#59a14f',
  'GD (optimal constant step)': '#59a14f',
  'constant step': '#59a14f',
  CHGD: '#4e79a7',
  Chebyshev: '#4e79a7',
  'Chebyshev steps': '#4e79a7',
  'heavy ball': '#b07aa1',
  Nesterov: '#f28e2b',
  'Chebyshev semi-iteration': '#76b7b2',
  CG: '#000000',
  'MSE-optimal': '#9c755f',
  eigenvalues: '#8da0b6',
  published: '#7f7f7f',
};

/** One colour per series name: the fixed colour if it has one, else the next unused Tableau colour. */
export function seriesColors(names: readonly string[]): string[] {
  const used = new Set(names.map((n) => NAMED[n]).filter((c) => c !== undefined));
  const free = TABLEAU10.filter((c) => !used.has(c));
  let k = 0;
  return names.map((n) => NAMED[n] ?? free[k++ % free.length] ?? TABLEAU10[0]);
}

/** Solid for computed curves, dashed for references (bounds, limits, predictions). */
export function seriesDash(dashed: boolean): number[] {
  return dashed ? [6, 4] : [1, 0];
}
