/**
 * A rendered figure's files: NAME.svg, NAME.png, NAME.csv (the table behind
 * the figure) and NAME.json (settings, key numbers and any data not in the
 * CSV). Nothing is written here: the caller writes the whole group with
 * writeFilesAtomic once every figure has been produced.
 */
import type { FigureTable, KeyNumber } from '../experiments/figures/types.js';
import { toJson } from '../io/json.js';
import { figureSpec, type Chart } from './chart.js';
import { toCsv } from './csv.js';
import { renderSvg, svgToPng } from './render.js';

export interface FigureOutput {
  name: string;
  title: string;
  /** the settings in one or two sentences; clipping notes are appended */
  caption: string;
  chart: Chart;
  table: FigureTable;
  keyNumbers: KeyNumber[];
  /** settings and extra data for NAME.json */
  json: Record<string, unknown>;
}

export interface RenderedFigure {
  name: string;
  title: string;
  caption: string;
  svg: string;
  png: Uint8Array;
  csv: string;
  jsonText: string;
  keyNumbers: KeyNumber[];
}

export async function renderFigure(fig: FigureOutput): Promise<RenderedFigure> {
  const spec = figureSpec(fig.chart, fig.title, fig.caption);
  const svg = await renderSvg(spec);
  const png = svgToPng(svg);
  const captionWithNotes = [fig.caption, ...fig.chart.notes.map((n) => `Note: ${n}.`)].join(' ');
  return {
    name: fig.name,
    title: fig.title,
    caption: captionWithNotes,
    svg,
    png,
    csv: toCsv(fig.table),
    jsonText: toJson({
      figure: fig.name,
      title: fig.title,
      caption: captionWithNotes,
      csvColumns: fig.table.columns,
      keyNumbers: fig.keyNumbers,
      ...fig.json,
    }),
    keyNumbers: fig.keyNumbers,
  };
}

/** The files of one figure, by file name. */
export function figureFiles(r: RenderedFigure): Record<string, string | Uint8Array> {
  return {
    [`${r.name}.svg`]: r.svg,
    [`${r.name}.png`]: r.png,
    [`${r.name}.csv`]: r.csv,
    [`${r.name}.json`]: r.jsonText,
  };
}
