/**
 * A small chart API over vega-lite: line charts (linear or log axes), a
 * histogram, and vertical/horizontal/grid stacks of panels. Each builder
 * returns a `Chart`: a vega-lite view spec plus the notes a caption must
 * carry (values clipped on a log axis, values that could not be drawn).
 * `figureSpec` wraps a chart with the figure title and its caption lines;
 * `render.ts` turns the spec into SVG and PNG.
 *
 * Log axes and values <= 0: a log scale cannot show 0 or negative numbers,
 * so every y below the floor (default: the smallest positive value, at most
 * 40 decades below the largest; or `logFloor`) is
 * drawn at the floor, marked `clipped` in the data, and counted in a note
 * that goes into the caption. Non-finite values (NaN, +-Infinity) are not
 * drawn and are counted in a note too. Nothing is dropped silently.
 */
import { seriesColors, seriesDash } from './style.js';

export type AxisScale = 'linear' | 'log';

/** A spec object handed to vega-lite (kept loose: built programmatically). */
export type Spec = Record<string, unknown>;

export interface Chart {
  spec: Spec;
  /** Caption notes: clipping and dropped values, one short sentence each. */
  notes: string[];
}

export interface LineSeries {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** dashed line (reference curves: bounds, asymptotes, predictions) */
  dashed?: boolean;
  /** a point at every value (default: the chart's `points`; never for dashed series) */
  points?: boolean;
  /** draw the connecting line (default true; false with points: markers only) */
  line?: boolean;
  /** name of the fixed colour to use (see style.ts) when the label differs from it */
  colorKey?: string;
  /** extra values drawn as dots only, in the series' colour (e.g. a sampled estimate of it) */
  markers?: { x: ArrayLike<number>; y: ArrayLike<number> };
}

export interface LineChartOptions {
  series: LineSeries[];
  xLabel: string;
  yLabel: string;
  xScale?: AxisScale;
  yScale?: AxisScale;
  /** panel title (the figure title goes to figureSpec) */
  title?: string;
  /** log y axis: values below this are drawn at it (see the header) */
  logFloor?: number;
  /** points on solid series (default: when every series has <= 40 points) */
  points?: boolean;
  /** tick values of the x axis (default: chosen by vega) */
  xTicks?: number[];
  xDomain?: [number, number];
  yDomain?: [number, number];
  width?: number;
  height?: number;
  /** legend title (default: none) */
  legendTitle?: string;
}

/** d3-format labels: 1, 10, 0.01 as numbers, tiny/huge ones as 1e-7. */
const LOG_LABEL =
  "datum.value >= 1e-3 && datum.value < 1e4 ? format(datum.value, '~g') : format(datum.value, '.0e')";
/** The same, but only at powers of ten (the other ticks keep their grid lines). */
const LOG_LABEL_DECADES = `abs(log(datum.value) / LN10 - round(log(datum.value) / LN10)) < 1e-9 ? (${LOG_LABEL}) : ''`;

/** Axis of a chart; `decades` = log10(max/min) of the data on a log axis. */
function axis(title: string, scale: AxisScale, decades = 0): Spec {
  if (scale !== 'log') return { title, grid: true };
  return { title, grid: true, labelExpr: decades >= 3 ? LOG_LABEL_DECADES : LOG_LABEL };
}

function scaleSpec(scale: AxisScale, domain?: [number, number]): Spec {
  const s: Spec = scale === 'log' ? { type: 'log' } : { type: 'linear', zero: false };
  if (domain) {
    s.domain = domain;
    s.nice = false;
    s.padding = 6; // pixels, so points at the ends are not cut in half
  }
  return s;
}

function checkSeries(series: LineSeries[]): void {
  if (series.length === 0) throw new RangeError('lineChart: no series given');
  const names = series.map((s) => s.name);
  if (new Set(names).size !== names.length) {
    throw new RangeError(`lineChart: series names must be unique; got ${names.join(', ')}`);
  }
  for (const s of series) {
    if (s.x.length !== s.y.length) {
      throw new RangeError(
        `lineChart: series '${s.name}' has ${s.x.length} x values and ${s.y.length} y values`,
      );
    }
  }
}

/**
 * Default log floor: the smallest positive finite value (so only zeros and
 * negatives are clipped), but at most 40 decades below the largest |y|.
 */
function defaultFloor(series: LineSeries[]): number {
  let maxAbs = 0;
  let minPos = Infinity;
  for (const s of series) {
    for (let i = 0; i < s.y.length; i++) {
      const v = s.y[i];
      if (!Number.isFinite(v)) continue;
      maxAbs = Math.max(maxAbs, Math.abs(v));
      if (v > 0) minPos = Math.min(minPos, v);
    }
  }
  if (!(maxAbs > 0)) return 1e-300;
  return Math.max(Number.isFinite(minPos) ? minPos : 0, maxAbs * 1e-40);
}

/** log10(max y / min y) over the rows (0 when not positive). */
function decadesOf(rows: Spec[]): number {
  let lo = Infinity;
  let hi = 0;
  for (const r of rows) {
    const y = r.y as number;
    if (y > 0) {
      lo = Math.min(lo, y);
      hi = Math.max(hi, y);
    }
  }
  return hi > 0 && lo < Infinity ? Math.log10(hi / lo) : 0;
}

export function lineChart(options: LineChartOptions): Chart {
  const xScale = options.xScale ?? 'linear';
  const yScale = options.yScale ?? 'linear';
  checkSeries(options.series);
  const names = options.series.map((s) => s.name);
  const floor = yScale === 'log' ? (options.logFloor ?? defaultFloor(options.series)) : 0;
  const defaultPoints = options.points ?? options.series.every((s) => s.x.length <= 40);
  const withPoints = (s: LineSeries) =>
    s.line === false || (s.points ?? (defaultPoints && !s.dashed));
  const rows: Spec[] = [];
  const clipped = new Map<string, number>();
  const dropped = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  /** rows of one series; `label` names them in the caption notes */
  const add = (
    name: string,
    label: string,
    xs: ArrayLike<number>,
    ys: ArrayLike<number>,
    point: boolean,
    line: boolean,
  ) => {
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i];
      let y = ys[i];
      if (!Number.isFinite(x) || !Number.isFinite(y) || (xScale === 'log' && !(x > 0))) {
        bump(dropped, label);
        continue;
      }
      let isClipped = false;
      if (yScale === 'log' && !(y >= floor)) {
        y = floor;
        isClipped = true;
        bump(clipped, label);
      }
      rows.push({ series: name, x, y, clipped: isClipped, point, line });
    }
  };
  for (const s of options.series) {
    add(s.name, s.name, s.x, s.y, withPoints(s), s.line ?? true);
    if (s.markers) add(s.name, `${s.name} (dots)`, s.markers.x, s.markers.y, true, false);
  }
  const notes: string[] = [];
  if (clipped.size > 0) {
    const list = [...clipped].map(([k, v]) => `${v} of ${k}`).join('; ');
    notes.push(`log axis: values below ${floor.toExponential(0)} drawn at that floor (${list})`);
  }
  if (dropped.size > 0) {
    const list = [...dropped].map(([k, v]) => `${v} of ${k}`).join('; ');
    notes.push(`not drawn: non-finite values, or x <= 0 on a log axis (${list})`);
  }
  const legend: Spec = {
    title: options.legendTitle ?? null,
    symbolType: 'stroke',
    symbolStrokeWidth: 2.5,
    symbolSize: 300,
  };
  const xAxis = axis(options.xLabel, xScale);
  if (options.xTicks) xAxis.values = options.xTicks;
  const encoding: Spec = {
    x: { field: 'x', type: 'quantitative', axis: xAxis, scale: scaleSpec(xScale, options.xDomain) },
    y: {
      field: 'y',
      type: 'quantitative',
      axis: axis(options.yLabel, yScale, decadesOf(rows)),
      // 8 px of air above and below: extremes never touch the frame
      scale: { padding: 8, ...scaleSpec(yScale, options.yDomain) },
    },
    color: {
      field: 'series',
      type: 'nominal',
      sort: names,
      scale: {
        domain: names,
        range: seriesColors(options.series.map((s) => s.colorKey ?? s.name)),
      },
      legend,
    },
  };
  const layers: Spec[] = [
    {
      transform: [{ filter: 'datum.line' }],
      mark: { type: 'line', strokeWidth: 2, clip: true },
      encoding: {
        strokeDash: {
          field: 'series',
          type: 'nominal',
          sort: names,
          scale: { domain: names, range: options.series.map((s) => seriesDash(s.dashed ?? false)) },
          legend,
        },
      },
    },
  ];
  if (options.series.some((s) => withPoints(s) || s.markers)) {
    layers.push({
      transform: [{ filter: 'datum.point' }],
      mark: { type: 'point', filled: true, size: 26, clip: true },
    });
  }
  const spec: Spec = {
    width: options.width ?? 460,
    height: options.height ?? 280,
    data: { values: rows },
    encoding,
    layer: layers,
  };
  if (options.title) spec.title = { text: options.title, fontSize: 13 };
  return { spec, notes };
}

export interface HistogramOptions {
  values: ArrayLike<number>;
  bins: number;
  domain: [number, number];
  xLabel: string;
  yLabel?: string;
  title?: string;
  width?: number;
  height?: number;
  /** bar colour name for the palette (default 'eigenvalues') */
  name?: string;
}

export interface HistogramBin {
  x0: number;
  x1: number;
  count: number;
}

/** Equal-width bins over [lo, hi]; values outside are counted in `outside`. */
export function histogramBins(
  values: ArrayLike<number>,
  bins: number,
  [lo, hi]: [number, number],
): { bins: HistogramBin[]; outside: number } {
  if (!Number.isInteger(bins) || bins < 1 || !(hi > lo)) {
    throw new RangeError(`histogramBins: need bins >= 1 and lo < hi; got ${bins}, [${lo}, ${hi}]`);
  }
  const h = (hi - lo) / bins;
  const out = Array.from({ length: bins }, (_, j) => ({
    x0: lo + j * h,
    x1: j === bins - 1 ? hi : lo + (j + 1) * h,
    count: 0,
  }));
  let outside = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= lo && v <= hi)) {
      outside++;
      continue;
    }
    out[Math.min(bins - 1, Math.floor((v - lo) / h))].count++;
  }
  return { bins: out, outside };
}

export function histogramChart(options: HistogramOptions): Chart {
  const { bins, outside } = histogramBins(options.values, options.bins, options.domain);
  const notes = outside > 0 ? [`histogram: ${outside} values outside the axis range`] : [];
  const spec: Spec = {
    width: options.width ?? 460,
    height: options.height ?? 110,
    data: { values: bins },
    mark: { type: 'rect', color: seriesColors([options.name ?? 'eigenvalues'])[0], opacity: 0.8 },
    encoding: {
      x: {
        field: 'x0',
        type: 'quantitative',
        axis: axis(options.xLabel, 'linear'),
        scale: scaleSpec('linear', options.domain),
      },
      x2: { field: 'x1' },
      y: { field: 'count', type: 'quantitative', axis: axis(options.yLabel ?? 'count', 'linear') },
      y2: { datum: 0 },
    },
  };
  if (options.title) spec.title = { text: options.title, fontSize: 13 };
  return { spec, notes };
}

/** Panels one above the other (`vconcat`), side by side (`hconcat`) or in a grid (`columns`). */
export function stackCharts(
  charts: Chart[],
  layout: 'vertical' | 'horizontal' | { columns: number },
  options: { sharedX?: boolean; sharedLegend?: boolean } = {},
): Chart {
  const specs = charts.map((c) => c.spec);
  const spec: Spec =
    layout === 'vertical'
      ? { vconcat: specs }
      : layout === 'horizontal'
        ? { hconcat: specs }
        : { concat: specs, columns: layout.columns };
  // each panel keeps its own colour/dash legend unless the panels share their series
  const legends = options.sharedLegend ? 'shared' : 'independent';
  spec.resolve = {
    scale: { color: legends, strokeDash: legends, x: options.sharedX ? 'shared' : 'independent' },
    legend: { color: legends, strokeDash: legends },
  };
  spec.spacing = 24;
  return { spec, notes: charts.flatMap((c) => c.notes) };
}

/** Split a caption into lines of at most `width` characters at spaces. */
export function wrapCaption(text: string, width = 100): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter((w) => w !== '')) {
      if (line !== '' && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else line = line === '' ? word : `${line} ${word}`;
    }
    if (line !== '') lines.push(line);
  }
  return lines;
}

/**
 * The top-level spec of a figure: the chart, the title, and the caption
 * (settings, then the chart's notes) as subtitle lines under the title.
 */
export function figureSpec(chart: Chart, title: string, caption: string): Spec {
  const captionLines = wrapCaption([caption, ...chart.notes.map((n) => `Note: ${n}.`)].join('\n'));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...chart.spec,
    title: {
      text: title,
      subtitle: captionLines,
      anchor: 'start',
      fontSize: 16,
      subtitleFontSize: 11,
      subtitleColor: '#444',
      offset: 12,
    },
    background: 'white',
    padding: 12,
    config: {
      font: 'DejaVu Sans, Helvetica, Arial, sans-serif',
      axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#e4e4e4' },
      legend: { labelFontSize: 11, titleFontSize: 11, labelLimit: 320 },
      view: { stroke: '#bbb' },
    },
  };
}
