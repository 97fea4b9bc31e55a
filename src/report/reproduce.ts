/**
 * `reproduce`: one figure, or all of them with report.html, as files in
 * memory (NAME.svg, NAME.png, NAME.csv, NAME.json); the caller writes them
 * with writeFilesAtomic once everything has been produced, so a failure
 * leaves nothing half-written.
 */
import type { KeyNumber } from '../experiments/figures/types.js';
import {
  FIGURE_NAMES,
  FigureSource,
  type FigureName,
  type ReproduceName,
  type ReproduceSettings,
} from '../experiments/reproduce.js';
import { figureFiles, renderFigure, type FigureOutput, type RenderedFigure } from './figure.js';
import { polynomialFigure, rateVsTFigure } from './figures-analysis.js';
import { dugdMseFigure, learnedStepsFigure, runCaption, trainingFigure } from './figures-paper.js';
import { acceleratedFigure, orderingFigure } from './figures-solvers.js';
import { reportHtml } from './html.js';

/** The drawing of one figure from its data. */
export function figureOutput(name: FigureName, source: FigureSource): FigureOutput {
  switch (name) {
    case 'dugd-mse':
      return dugdMseFigure(source.data('dugd-mse'));
    case 'learned-steps':
      return learnedStepsFigure(source.data('learned-steps'));
    case 'training':
      return trainingFigure(source.data('training'));
    case 'rate-vs-T':
      return rateVsTFigure(source.data('rate-vs-T'));
    case 'polynomial': {
      const run = source.paperRun();
      return polynomialFigure(
        source.data('polynomial'),
        `Steps: DUGD learned, Chebyshev for [lmin, lmax], constant 2/(lmin+lmax); T = ${run.settings.T}. ${runCaption(run)}`,
      );
    }
    case 'accelerated':
      return acceleratedFigure(source.data('accelerated'));
    case 'ordering':
      return orderingFigure(source.data('ordering'));
    default:
      throw new RangeError(`figureOutput: unknown figure ${String(name)}`);
  }
}

export interface ReproduceResult {
  name: ReproduceName;
  settings: ReproduceSettings;
  figures: RenderedFigure[];
  /** file name -> content, for writeFilesAtomic */
  files: Record<string, string | Uint8Array>;
  keyNumbers: (KeyNumber & { figure: string })[];
  /** seconds per figure (data + rendering) */
  seconds: Record<string, number>;
}

export interface ReproduceCallbacks {
  /** called before each figure is computed */
  onFigure?: (name: FigureName, index: number, total: number) => void;
}

export async function reproduce(
  name: ReproduceName,
  settings: ReproduceSettings,
  callbacks: ReproduceCallbacks = {},
): Promise<ReproduceResult> {
  const names: FigureName[] = name === 'all' ? [...FIGURE_NAMES] : [name];
  const source = new FigureSource(settings);
  const figures: RenderedFigure[] = [];
  const seconds: Record<string, number> = {};
  for (const [i, n] of names.entries()) {
    callbacks.onFigure?.(n, i, names.length);
    const t0 = performance.now();
    figures.push(await renderFigure(figureOutput(n, source)));
    seconds[n] = (performance.now() - t0) / 1000;
  }
  const files: Record<string, string | Uint8Array> = {};
  for (const f of figures) Object.assign(files, figureFiles(f));
  if (name === 'all') files['report.html'] = reportHtml(figures, settings);
  return {
    name,
    settings,
    figures,
    files,
    keyNumbers: figures.flatMap((f) => f.keyNumbers.map((k) => ({ figure: f.name, ...k }))),
    seconds,
  };
}
