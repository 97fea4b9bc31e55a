/**
 * Text widths for chart layout without a browser. In Node, vega has no
 * canvas to measure text and estimates 0.8 em per character, which is about
 * 40 % too wide for DejaVu Sans: legends were cut with an ellipsis and panels
 * pushed apart. `useMeasuredTextWidths()` installs a measure (vega supports
 * a user-defined textMetrics.width, as vl-convert does) built from the
 * advance widths of DejaVu Sans and DejaVu Sans Bold, the fonts resvg draws
 * the PNG with. Widths are in thousandths of an em, read from the 'hmtx'
 * table of DejaVuSans.ttf / DejaVuSans-Bold.ttf (DejaVu 2.37) for ASCII 32-126
 * and the few other characters the figures use; any other character counts
 * as 0.65 em. A static table keeps the layout, hence the SVG bytes, the same
 * on every machine. Kerning is ignored (a few per cent at most).
 */
import * as vega from 'vega';

const REGULAR_ASCII = [
  318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636,
  636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632,
  575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685,
  611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579,
  278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
];
const BOLD_ASCII = [
  348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696,
  696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683,
  683, 821, 837, 372, 372, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771,
  724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665,
  343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838,
];
const REGULAR_EXTRA: Record<string, number> = {
  '²': 401,
  '·': 318,
  '×': 838,
  Σ: 632,
  γ: 592,
  κ: 589,
  λ: 592,
  ρ: 635,
  σ: 634,
  '–': 500,
  '—': 1000,
  '…': 1000,
  '∏': 757,
  '−': 838,
  '√': 637,
  '≤': 838,
  '≥': 838,
};
const BOLD_EXTRA: Record<string, number> = {
  '²': 438,
  '·': 380,
  '×': 838,
  Σ: 683,
  γ: 681,
  κ: 710,
  λ: 633,
  ρ: 716,
  σ: 779,
  '–': 500,
  '—': 1000,
  '…': 1000,
  '∏': 787,
  '−': 838,
  '√': 667,
  '≤': 838,
  '≥': 838,
};
const OTHER = 650;

/** Width of `text` in em (thousandths summed, / 1000). */
export function textWidthEm(text: string, bold = false): number {
  const ascii = bold ? BOLD_ASCII : REGULAR_ASCII;
  const extra = bold ? BOLD_EXTRA : REGULAR_EXTRA;
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    w += c >= 32 && c <= 126 ? ascii[c - 32] : (extra[ch] ?? OTHER);
  }
  return w / 1000;
}

interface TextItem {
  fontSize?: number | string;
  fontWeight?: number | string;
  limit?: number;
}

function isBold(weight: number | string | undefined): boolean {
  if (weight === undefined) return false;
  if (typeof weight === 'number') return weight >= 600;
  return weight === 'bold' || weight === 'bolder' || Number(weight) >= 600;
}

/** Width in pixels of one line of a vega text item (capped at its label limit). */
export function measureTextItem(item: TextItem, text: unknown): number {
  const size = item.fontSize != null ? +item.fontSize || 0 : 11;
  const str = text == null ? '' : String(text).trim();
  if (size <= 0 || str === '') return 0;
  const w = textWidthEm(str, isBold(item.fontWeight)) * size;
  return item.limit !== undefined && item.limit > 0 ? Math.min(w, item.limit) : w;
}

let installed = false;

/** Make vega measure text with the DejaVu Sans widths (idempotent, process-wide). */
export function useMeasuredTextWidths(): void {
  if (installed) return;
  // textMetrics is exported by vega-scenegraph (re-exported by vega) but not in vega's typings
  const metrics = (vega as unknown as { textMetrics: { width: unknown } }).textMetrics;
  metrics.width = measureTextItem;
  installed = true;
}
