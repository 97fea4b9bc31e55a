/** Figures (SVG/PNG via vega-lite and resvg), their CSV, and the HTML report. */
export {
  lineChart,
  histogramChart,
  histogramBins,
  stackCharts,
  figureSpec,
  wrapCaption,
} from './chart.js';
export type {
  Chart,
  LineSeries,
  LineChartOptions,
  HistogramOptions,
  AxisScale,
  Spec,
} from './chart.js';
export { renderSvg, svgToPng } from './render.js';
export type { PngOptions } from './render.js';
export { toCsv } from './csv.js';
export { renderFigure, figureFiles } from './figure.js';
export type { FigureOutput, RenderedFigure } from './figure.js';
export { reproduce, figureOutput } from './reproduce.js';
export type { ReproduceResult, ReproduceCallbacks } from './reproduce.js';
export { reportHtml } from './html.js';
