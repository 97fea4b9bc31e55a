/**
 * Ticks of a log axis, chosen in pixels. vega's own log ticks put a tick at
 * every m·10^k (m = 1..9) and then hide the labels that overlap, keeping the
 * first from the bottom: on an axis from 0.17 to 5 it kept 0.9 and dropped 1.
 * `logTicks` instead chooses which values carry a label:
 *
 * - an axis spanning at least minLabels - 1 decades (default 3): powers of
 *   ten, every s-th one (s = 1, 2, 5, 10, ...: the smallest s whose labels
 *   are at least `preferredSpacing` pixels apart); the domain is widened to
 *   powers of ten;
 * - a shorter one: under half a decade, evenly spaced values 1, 2 or 5 times
 *   a power of ten apart (as on a linear axis); else 1, 2, 5 times the powers
 *   of ten, else 1, 2, ..., 9 times them, whichever first gives at least 3
 *   labels that fit; the domain is widened to the nearest m·10^k (m = 1..9).
 *   If none fits (a very short axis), powers of ten as above.
 *
 * "Fit" means neighbouring labels do not overlap: their extents along the
 * axis plus `gap` pixels. So every label set that spans a power of ten
 * labels it (1 and 10 between 0.9 and 20), and labels never collide. A
 * fixed domain is kept as given. Grid lines (unlabelled ticks) are at every
 * m·10^k when a decade is at least 80 pixels long, else at every power of
 * ten when those are at least 15 pixels apart, else at the labels only.
 */

export interface LogTicks {
  /** the scale domain (the data extent widened to labelled values unless fixed) */
  domain: [number, number];
  /** every tick and grid line, ascending (the labelled ones among them) */
  values: number[];
  /** the ticks that carry a label, ascending */
  labelled: number[];
}

export interface LogTickOptions {
  /** length of the axis in pixels (without the scale padding) */
  length: number;
  /** extent of a label along the axis in pixels: its height on a y axis, its width on an x axis */
  labelSize: (value: number) => number;
  /** minimum free space between two labels in pixels (default 6) */
  gap?: number;
  /** labels only at powers of ten are at least this far apart (default 30 pixels) */
  preferredSpacing?: number;
  /** an axis spanning at least minLabels - 1 decades is labelled at powers of ten (default 4) */
  minLabels?: number;
  /** use the extent as the domain instead of widening it */
  fixedDomain?: boolean;
}

/** Grid at every m·10^k when a decade is this many pixels long, at every power of ten from DECADE_GRID_PX. */
const MINOR_GRID_DECADE_PX = 80;
const DECADE_GRID_PX = 15;
const DECADE_STRIDES = [1, 2, 5, 10, 20, 50, 100];
const ALL_MANTISSAS = [1, 2, 3, 4, 5, 6, 7, 8, 9];

/** m·10^k as the double nearest the decimal (so it prints as 'm' 'e' 'k' would). */
const mantissaTimesPow = (m: number, k: number) => Number(`${m}e${k}`);

/** The label of a tick: a plain decimal in [1e-3, 1e4), else 1e-7, 2.5e+25 (d3-format '~g' / '.3~e'). */
export function logTickLabel(v: number): string {
  if (v >= 1e-3 && v < 1e4) return String(Number(v.toPrecision(6)));
  return v.toExponential(3).replace(/\.?0+e/, 'e');
}

/** The vega expression that formats a tick as `logTickLabel` does (d3-format in vega). */
export const LOG_TICK_LABEL_EXPR =
  "datum.value >= 1e-3 && datum.value < 1e4 ? format(datum.value, '~g') : format(datum.value, '.3~e')";

/** Values m·10^k (m in `mantissas`) in [lo, hi], ascending; decades only every `stride`. */
function mantissaValues(lo: number, hi: number, mantissas: number[], stride = 1): number[] {
  const out: number[] = [];
  const k0 = Math.floor(Math.log10(lo)) - 1;
  const k1 = Math.ceil(Math.log10(hi)) + 1;
  for (let k = k0; k <= k1; k++) {
    if (stride > 1 && k % stride !== 0) continue;
    for (const m of mantissas) {
      const v = mantissaTimesPow(m, k);
      if (v >= lo * (1 - 1e-12) && v <= hi * (1 + 1e-12)) out.push(v);
    }
  }
  return out;
}

/** The power of ten at or below (at or above) v. */
function niceDecade(v: number, above: boolean): number {
  const k = Math.log10(v);
  const r = Math.round(k);
  const e = Math.abs(k - r) < 1e-12 ? r : above ? Math.ceil(k) : Math.floor(k);
  return mantissaTimesPow(1, e);
}

/** The largest m·10^k <= v (the smallest >= v when `above`), m = 1..9. */
function niceMantissa(v: number, above: boolean): number {
  const k = Math.floor(Math.log10(v));
  // ascending candidates around v; m·10^(k-1) .. 10^(k+2) covers rounding of log10 either way
  const candidates = [k - 1, k, k + 1].flatMap((kk) =>
    ALL_MANTISSAS.map((m) => mantissaTimesPow(m, kk)),
  );
  candidates.push(mantissaTimesPow(1, k + 2));
  const eps = 1e-12;
  if (above) return candidates.find((c) => c >= v * (1 - eps)) as number;
  return candidates.filter((c) => c <= v * (1 + eps)).pop() as number;
}

interface Candidate {
  domain: [number, number];
  labelled: number[];
}

/** Do neighbouring labels keep `gap` pixels (at least `spacing` between centres) on this domain? */
function fits(
  c: Candidate,
  o: Required<Omit<LogTickOptions, 'fixedDomain'>>,
  spacing = 0,
): boolean {
  const [lo, hi] = c.domain;
  const span = Math.log10(hi / lo);
  const px = (v: number) => (span > 0 ? (o.length * Math.log10(v / lo)) / span : 0);
  for (let i = 1; i < c.labelled.length; i++) {
    const a = c.labelled[i - 1];
    const b = c.labelled[i];
    const need = Math.max(spacing, (o.labelSize(a) + o.labelSize(b)) / 2 + o.gap);
    if (px(b) - px(a) < need) return false;
  }
  return true;
}

/**
 * Evenly spaced labels on a short log axis (under half a decade): the
 * smallest step 1, 2 or 5 times a power of ten whose labels are
 * preferredSpacing apart; the domain widened to multiples of it.
 */
function linearCandidate(
  lo: number,
  hi: number,
  o: Required<Omit<LogTickOptions, 'fixedDomain'>>,
  fixed: boolean,
): Candidate {
  const round = (v: number) => Number(v.toPrecision(12));
  let last: Candidate | undefined;
  const k0 = Math.floor(Math.log10(hi - lo)) - 2;
  for (let k = k0; k <= k0 + 4; k++) {
    for (const m of [1, 2, 5]) {
      const step = mantissaTimesPow(m, k);
      if (!(step > 0) || (hi - lo) / step > 1000) continue;
      const dlo = fixed ? lo : round(Math.floor(lo / step) * step) || lo;
      const dhi = fixed ? hi : round(Math.ceil(hi / step) * step);
      const labelled: number[] = [];
      for (let i = Math.ceil(dlo / step - 1e-9); i * step <= dhi * (1 + 1e-12); i++) {
        const v = round(i * step);
        if (v >= dlo * (1 - 1e-12)) labelled.push(v);
      }
      last = { domain: [dlo, dhi], labelled };
      if (labelled.length >= 2 && fits(last, o, o.preferredSpacing)) return last;
    }
  }
  return last as Candidate;
}

export function logTicks(extent: [number, number], options: LogTickOptions): LogTicks {
  let [lo, hi] = extent;
  if (!(lo > 0 && hi >= lo && Number.isFinite(hi))) {
    throw new RangeError(`logTicks: need 0 < lo <= hi < Infinity; got [${lo}, ${hi}]`);
  }
  // keep clear of subnormals and overflow: m·10^k must be a normal double for every tick
  lo = Math.min(Math.max(lo, 1e-300), 1e300);
  hi = Math.min(Math.max(hi, lo), 1e300);
  if (hi / lo < 1 + 1e-9) {
    // one value (or all but equal): a factor of 2 either side
    lo /= 2;
    hi *= 2;
  }
  const o = {
    length: options.length,
    labelSize: options.labelSize,
    gap: options.gap ?? 6,
    preferredSpacing: options.preferredSpacing ?? 30,
    minLabels: options.minLabels ?? 4,
  };
  const fixed = options.fixedDomain ?? false;
  const decades = Math.log10(hi / lo);
  const pick =
    (decades < o.minLabels - 1 ? shortAxis(lo, hi, o, fixed) : undefined) ??
    (() => {
      // powers of ten: the smallest stride whose labels are preferredSpacing apart
      const domain: [number, number] = fixed
        ? [lo, hi]
        : [niceDecade(lo, false), niceDecade(hi, true)];
      let c: Candidate = { domain, labelled: [] };
      for (const stride of DECADE_STRIDES) {
        c = { domain, labelled: mantissaValues(...domain, [1], stride) };
        if (fits(c, o, o.preferredSpacing)) break;
      }
      return c;
    })();
  const [dlo, dhi] = pick.domain;
  const pxPerDecade = o.length / Math.max(Math.log10(dhi / dlo), 1e-12);
  const grid =
    pxPerDecade >= MINOR_GRID_DECADE_PX
      ? mantissaValues(dlo, dhi, ALL_MANTISSAS)
      : pxPerDecade >= DECADE_GRID_PX
        ? mantissaValues(dlo, dhi, [1])
        : [];
  const values = [...new Set([...grid, ...pick.labelled])].sort((a, b) => a - b);
  return { domain: [dlo, dhi], values, labelled: pick.labelled };
}

/**
 * Labels for an axis spanning fewer than minLabels - 1 decades: under half a
 * decade evenly spaced values; else 1-2-5, else 1..9 times powers of ten (at
 * least 3 labels, domain widened to the nearest m·10^k); undefined if none
 * fits (the caller labels powers of ten).
 */
function shortAxis(
  lo: number,
  hi: number,
  o: Required<Omit<LogTickOptions, 'fixedDomain'>>,
  fixed: boolean,
): Candidate | undefined {
  const domain: [number, number] = fixed
    ? [lo, hi]
    : [niceMantissa(lo, false), niceMantissa(hi, true)];
  if (Math.log10(hi / lo) < 0.5) {
    const c = linearCandidate(lo, hi, o, fixed);
    if (c.labelled.length >= 2 && fits(c, o)) return c;
  }
  for (const mantissas of [[1, 2, 5], ALL_MANTISSAS]) {
    const c = { domain, labelled: mantissaValues(...domain, mantissas) };
    if (c.labelled.length >= 3 && fits(c, o)) return c;
  }
  return undefined;
}
