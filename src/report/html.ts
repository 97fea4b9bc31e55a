/**
 * report.html: one self-contained page (no scripts, no network) with every
 * figure, its caption and links to its CSV/JSON, and a table of the key
 * numbers next to the values published with the paper's code. Figures are
 * inlined as <img src="data:image/svg+xml;base64,...">: vector, and each
 * image keeps its own SVG ids (inline <svg> elements would share one id
 * space and clip each other's curves).
 */
import type { ReproduceSettings } from '../experiments/reproduce.js';
import { PUBLISHED_DUGD_LMS } from '../experiments/published.js';
import type { RenderedFigure } from './figure.js';

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function num(v: number | undefined): string {
  if (v === undefined) return '';
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(3) : v.toPrecision(5);
}

function keyTable(figures: RenderedFigure[]): string {
  const rows = figures.flatMap((f) =>
    f.keyNumbers.map(
      (k) =>
        `<tr><td>${escapeHtml(f.name)}</td><td>${escapeHtml(k.label)}</td>` +
        `<td class="num">${num(k.value)}</td><td class="num">${num(k.published)}</td>` +
        `<td>${escapeHtml(k.note ?? '')}</td></tr>`,
    ),
  );
  return (
    '<table><thead><tr><th>figure</th><th>quantity</th><th>ours (our matrix)</th>' +
    "<th>published (authors' matrix)</th><th>note</th></tr></thead><tbody>\n" +
    rows.join('\n') +
    '\n</tbody></table>'
  );
}

function figureSection(f: RenderedFigure): string {
  const svg64 = Buffer.from(f.svg, 'utf8').toString('base64');
  return (
    `<section id="${escapeHtml(f.name)}">\n<h2>${escapeHtml(f.name)}: ${escapeHtml(f.title)}</h2>\n` +
    `<img alt="${escapeHtml(f.title)}" src="data:image/svg+xml;base64,${svg64}">\n` +
    `<p class="caption">${escapeHtml(f.caption)}</p>\n` +
    `<p class="files">Data: <a href="${escapeHtml(f.name)}.csv">${escapeHtml(f.name)}.csv</a>, ` +
    `<a href="${escapeHtml(f.name)}.json">${escapeHtml(f.name)}.json</a>; ` +
    `images: <a href="${escapeHtml(f.name)}.svg">SVG</a>, <a href="${escapeHtml(f.name)}.png">PNG</a>.</p>\n` +
    '</section>'
  );
}

const STYLE = `body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.6em}h2{font-size:1.2em;margin-top:2.2em;border-top:1px solid #ddd;padding-top:1em}
img{max-width:100%;height:auto;border:1px solid #eee}
.caption{color:#444;font-size:.92em}.files{font-size:.85em;color:#666}
table{border-collapse:collapse;font-size:.88em;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .5em;vertical-align:top}
th{background:#f4f4f4;text-align:left}td.num{text-align:right;font-family:"DejaVu Sans Mono",monospace;white-space:nowrap}
pre{background:#f7f7f7;padding:.8em;overflow:auto;font-size:.82em}`;

export function reportHtml(figures: RenderedFigure[], settings: ReproduceSettings): string {
  const toc = figures
    .map(
      (f) =>
        `<li><a href="#${escapeHtml(f.name)}">${escapeHtml(f.name)}</a>: ${escapeHtml(f.title)}</li>`,
    )
    .join('\n');
  const p = settings.paper;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>dugd: the figures of Takabe &amp; Wadayama (arXiv:2001.05142), reproduced</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Learned and Chebyshev step sizes: the figures, reproduced</h1>
<p>S. Takabe and T. Wadayama, "Theoretical Interpretation of Learned Step Size in Deep-Unfolded
Gradient Descent", arXiv:2001.05142, and "Convergence Acceleration via Chebyshev Step",
arXiv:2010.13335. Produced by <code>dugd reproduce all --seed ${settings.seed}</code>; every number
below is a function of the settings at the end of this page (same seed, same bytes).</p>
<ul>
${toc}
</ul>
<h2>Key numbers, next to the published ones</h2>
<p>The published values come from the output cells of the authors' notebooks
(${escapeHtml(PUBLISHED_DUGD_LMS.source)}): one training run in float32 on a GPU, on
<em>their</em> random matrix H, with the MSE estimated from 10000 samples. Ours are computed on
<em>our</em> seeded matrix (H ${p.n} x ${p.m}, seed ${settings.seed}), in float64, with the exact
expected MSE. The random matrices differ, so the spectra differ (see lmin and lmax), and with them
the learned steps and the MSE after ${p.T} steps; what must agree is the size of each number and the
ordering of the methods (DUGD orders of magnitude below GD, CHGD below DUGD), which the table shows.
Learned steps also vary from run to run on the same matrix.</p>
${keyTable(figures)}
${figures.map(figureSection).join('\n')}
<h2>Settings</h2>
<pre>${escapeHtml(JSON.stringify(settings, null, 2))}</pre>
</body>
</html>
`;
}
