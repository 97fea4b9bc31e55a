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
 *
 * Axes: every domain is explicit, with a few pixels of padding so points
 * and end labels stay inside the panel. Log axes get their ticks from
 * log-ticks.ts (labels that fit, powers of ten labelled whenever the axis
 * spans one; lighter grid lines in between) instead of vega's, which hid
 * overlapping labels and could drop 1 and 10. Panels side by side keep
 * their legends below them (stackCharts), never between the panels.
 */
import { minMax } from '../linalg/vector.js';
import { LOG_TICK_LABEL_EXPR, logTickLabel, logTicks, type LogTicks } from './log-ticks.js';
import { seriesColors, seriesDash } from './style.js';
import { textWidthEm } from './text-width.js';

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

/** Legend properties that put a panel's legend under it, one entry per line. */
const LEGEND_BELOW: Spec = { orient: 'bottom', direction: 'vertical' };
/** A shared legend under a grid of panels: the entries side by side. */
const LEGEND_BELOW_ROW: Spec = { orient: 'bottom', direction: 'horizontal' };
/** Pixels added to the x and y scales at both ends: end points and end labels stay inside the panel. */
const X_PADDING = 6;
const Y_PADDING = 8;

/** Font size of the tick labels (figureSpec's config) and the ticks' colours. */
const AXIS_LABEL_FONT_SIZE = 11;
const GRID_COLOR = '#e4e4e4';
const MINOR_GRID_COLOR = '#f1f1f1';

function linearAxis(title: string): Spec {
  return { title, grid: true, titlePadding: 8 };
}

/**
 * A log axis with the ticks of `logTicks`: labels only at `labelled` (the
 * other values are grid lines and short ticks), drawn as chosen (vega's
 * overlap removal off: the choice already keeps labels apart).
 */
function logAxis(title: string, ticks: LogTicks): Spec {
  const isLabelled = `indexof([${ticks.labelled.map(String).join(', ')}], datum.value) >= 0`;
  return {
    ...linearAxis(title),
    values: ticks.values,
    labelExpr: `${isLabelled} ? (${LOG_TICK_LABEL_EXPR}) : ''`,
    labelOverlap: false,
    gridColor: { condition: { test: isLabelled, value: GRID_COLOR }, value: MINOR_GRID_COLOR },
    tickSize: { condition: { test: isLabelled, value: 5 }, value: 2.5 },
  };
}

/** The extent of the finite values `v` (positive ones only on a log axis). */
function extentOf(v: number[], scale: AxisScale): [number, number] {
  const ok = v.filter((x) => Number.isFinite(x) && (scale !== 'log' || x > 0));
  if (ok.length === 0) return scale === 'log' ? [1, 10] : [0, 1];
  const { min, max } = minMax(ok);
  return [min, max];
}

/**
 * [lo, hi] widened to multiples of the step vega's axis will use (d3's
 * tickIncrement for ceil(length/40) ticks), so the end ticks are the ends of
 * the domain and, with the scale padding, their labels stay inside the panel.
 */
function niceLinearDomain([lo, hi]: [number, number], length: number): [number, number] {
  if (lo === hi) {
    const d = lo !== 0 ? Math.abs(lo) / 2 : 1;
    lo -= d;
    hi += d;
  }
  const raw = (hi - lo) / Math.ceil(length / 40);
  const power = Math.floor(Math.log10(raw));
  const error = raw / 10 ** power;
  const factor =
    error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.SQRT2 ? 2 : 1;
  const step = factor * 10 ** power;
  const round = (v: number) => Number(v.toPrecision(12));
  return [round(Math.floor(lo / step) * step), round(Math.ceil(hi / step) * step)];
}

interface AxisPlacement {
  orient: 'x' | 'y';
  /** axis length in pixels (the panel's width or height) */
  length: number;
  /** pixels added to the scale at both ends, so points and end labels stay inside the panel */
  padding: number;
  /** fixed domain (default: from the data) */
  domain?: [number, number];
  /** explicit tick values, all labelled */
  ticks?: number[];
}

/**
 * The axis and the scale of one position channel. The domain is always
 * explicit (nice: false) with `padding` pixels at both ends: the given one,
 * else on a log axis the data extent widened to labelled values (log-ticks.ts),
 * on a linear y axis the data extent widened to the end ticks, on a linear x
 * axis the data extent itself (iteration counts end at the last iteration).
 */
function axisAndScale(
  scale: AxisScale,
  title: string,
  values: number[],
  place: AxisPlacement,
): { axis: Spec; scale: Spec } {
  const extent = place.domain ?? extentOf(values, scale);
  let axis: Spec;
  let domain: [number, number];
  if (scale === 'log' && !place.ticks) {
    const ticks = logTicks(extent, {
      length: place.length - 2 * place.padding,
      labelSize:
        place.orient === 'y'
          ? () => AXIS_LABEL_FONT_SIZE
          : (v) => textWidthEm(logTickLabel(v)) * AXIS_LABEL_FONT_SIZE,
      gap: place.orient === 'y' ? 6 : 10,
      preferredSpacing: place.orient === 'y' ? 30 : 45,
      fixedDomain: place.domain !== undefined,
    });
    axis = logAxis(title, ticks);
    domain = ticks.domain;
  } else {
    axis = linearAxis(title);
    if (place.ticks) axis.values = place.ticks;
    // iterations, layers, generations: no ticks between the integers
    else if (scale === 'linear' && values.length > 0 && values.every(Number.isInteger)) {
      axis.tickMinStep = 1;
    }
    domain =
      place.domain ??
      (place.orient === 'y' && scale === 'linear'
        ? niceLinearDomain(extent, place.length)
        : extent);
  }
  return { axis, scale: scaleSpec(scale, domain, place.padding) };
}

/** An explicit domain (nice: false) with `padding` pixels at both ends. */
function scaleSpec(scale: AxisScale, domain: [number, number], padding: number): Spec {
  const s: Spec = { type: scale, domain, nice: false, padding };
  if (scale === 'linear') s.zero = false;
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
  const width = options.width ?? 460;
  const height = options.height ?? 280;
  const hasPoints = options.series.some((s) => withPoints(s) || s.markers);
  const x = axisAndScale(
    xScale,
    options.xLabel,
    rows.map((r) => r.x as number),
    {
      orient: 'x',
      length: width,
      // points at the ends need the room; lines alone end at the frame (no tick past the data)
      padding: hasPoints || options.xDomain ? X_PADDING : 0,
      domain: options.xDomain,
      ticks: options.xTicks,
    },
  );
  const y = axisAndScale(
    yScale,
    options.yLabel,
    rows.map((r) => r.y as number),
    {
      orient: 'y',
      length: height,
      padding: Y_PADDING,
      domain: options.yDomain,
    },
  );
  const encoding: Spec = {
    x: { field: 'x', type: 'quantitative', ...x },
    y: { field: 'y', type: 'quantitative', ...y },
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
  if (hasPoints) {
    layers.push({
      transform: [{ filter: 'datum.point' }],
      mark: { type: 'point', filled: true, size: 26, clip: true },
    });
  }
  const spec: Spec = {
    width,
    height,
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
        axis: linearAxis(options.xLabel),
        scale: scaleSpec('linear', options.domain, X_PADDING),
      },
      x2: { field: 'x1' },
      y: { field: 'count', type: 'quantitative', axis: linearAxis(options.yLabel ?? 'count') },
      y2: { datum: 0 },
    },
  };
  if (options.title) spec.title = { text: options.title, fontSize: 13 };
  return { spec, notes };
}

/** `spec` with every legend of its encodings (and its layers' encodings) given `placement`. */
function withLegends(spec: Spec, placement: Spec): Spec {
  const place = (encoding: Spec): Spec =>
    Object.fromEntries(
      Object.entries(encoding).map(([channel, def]) => {
        const d = def as Spec;
        return [channel, d.legend ? { ...d, legend: { ...(d.legend as Spec), ...placement } } : d];
      }),
    );
  const out: Spec = { ...spec };
  if (spec.encoding) out.encoding = place(spec.encoding as Spec);
  if (Array.isArray(spec.layer)) {
    out.layer = (spec.layer as Spec[]).map((l) =>
      l.encoding ? { ...l, encoding: place(l.encoding as Spec) } : l,
    );
  }
  return out;
}

/**
 * Panels one above the other (`vconcat`), side by side (`hconcat`) or in a
 * grid (`columns`). Side by side and in a grid, each panel's own legend goes
 * below it (to its right it would sit between the panels), and a shared
 * legend goes below the whole figure, its entries in a row.
 */
export function stackCharts(
  charts: Chart[],
  layout: 'vertical' | 'horizontal' | { columns: number },
  options: { sharedX?: boolean; sharedLegend?: boolean } = {},
): Chart {
  const placement =
    layout === 'vertical' ? undefined : options.sharedLegend ? LEGEND_BELOW_ROW : LEGEND_BELOW;
  const specs = charts.map((c) => (placement ? withLegends(c.spec, placement) : c.spec));
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
  spec.spacing = layout === 'vertical' ? 24 : 36;
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
      axis: { labelFontSize: AXIS_LABEL_FONT_SIZE, titleFontSize: 12, gridColor: GRID_COLOR },
      legend: { labelFontSize: 11, titleFontSize: 11, labelLimit: 320 },
      view: { stroke: '#bbb' },
    },
  };
}
