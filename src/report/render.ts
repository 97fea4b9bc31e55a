/**
 * Rendering without a browser: vega-lite spec -> vega spec (vl.compile) ->
 * vega View with renderer 'none' -> SVG string (view.toSVG) -> PNG with
 * @resvg/resvg-js (a Rust SVG renderer shipped as a prebuilt binary inside
 * the npm package; no install script, no canvas).
 *
 * Determinism: vega numbers its SVG clip paths and gradients from
 * module-level counters (clip1, clip2, ... gradient_0, ...), so the same
 * chart rendered second in a process would get other ids than when rendered
 * first. resetSVGDefIds() before each render makes the SVG depend only on
 * the spec. Text: in Node vega measures text with a width estimate (no
 * canvas), with the DejaVu Sans advance widths of text-width.ts; resvg
 * draws it with the system fonts (DejaVu Sans here).
 */
import { Resvg } from '@resvg/resvg-js';
import { parse, resetSVGDefIds, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Spec } from './chart.js';
import { useMeasuredTextWidths } from './text-width.js';

/** SVG markup of a vega-lite spec. */
export async function renderSvg(spec: Spec): Promise<string> {
  useMeasuredTextWidths();
  const vegaSpec = compile(spec as unknown as TopLevelSpec).spec;
  const view = new View(parse(vegaSpec), { renderer: 'none' });
  try {
    resetSVGDefIds();
    const svg = await view.toSVG();
    return svg.endsWith('\n') ? svg : `${svg}\n`;
  } finally {
    view.finalize();
  }
}

export interface PngOptions {
  /** pixels per SVG unit (default 2: a 600-unit-wide chart becomes 1200 px) */
  scale?: number;
}

/** PNG bytes of an SVG, on a white background, text in the system sans-serif font. */
export function svgToPng(svg: string, options: PngOptions = {}): Uint8Array {
  const scale = options.scale ?? 2;
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: {
      loadSystemFonts: true,
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
    },
  });
  return new Uint8Array(resvg.render().asPng());
}
