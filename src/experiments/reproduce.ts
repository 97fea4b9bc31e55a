/**
 * The figures of `dugd reproduce`: their names, their settings (the paper's
 * by default, all derived from one seed) and a source that computes each
 * figure's data once, sharing the paper's training run between the figures
 * that use it (dugd-mse, learned-steps, training, polynomial).
 *
 * Random streams of one seed: the paper's problem and training use
 * SAMPLE_STREAMS (matrix 0, training 1, evaluation 2); the accelerated
 * comparison uses the same streams on its own matrix (n x m differs); the
 * ordering problem uses ORDERING_STREAMS (10, 11). Same seed, same numbers.
 */
import { mseOptimalSteps } from '../analysis/index.js';
import { spectrumFromEigenvalues } from '../linalg/index.js';
import { ENGINE_NAMES } from '../unfold/index.js';
import {
  ACCELERATED_DEFAULTS,
  acceleratedData,
  type AcceleratedData,
  type AcceleratedOptions,
} from './figures/accelerated.js';
import {
  ORDERING_DEFAULTS,
  orderingData,
  type OrderingData,
  type OrderingOptions,
} from './figures/ordering.js';
import {
  dugdMseData,
  learnedStepsData,
  trainingData,
  type DugdMseData,
  type LearnedStepsData,
  type TrainingData,
} from './figures/paper.js';
import { polynomialData, type PolynomialData } from './figures/polynomial.js';
import { RATE_VS_T_DEFAULTS, rateVsTData, type RateVsTData } from './figures/rate-vs-t.js';
import { PAPER_SETTINGS, type PaperTrainingSettings } from './paper-settings.js';
import { runTraining, type TrainingRun } from './train-dugd.js';

export const FIGURE_NAMES = [
  'dugd-mse',
  'learned-steps',
  'training',
  'rate-vs-T',
  'polynomial',
  'accelerated',
  'ordering',
] as const;
export type FigureName = (typeof FIGURE_NAMES)[number];
export const REPRODUCE_NAMES = [...FIGURE_NAMES, 'all'] as const;
export type ReproduceName = (typeof REPRODUCE_NAMES)[number];

/** The paper's experiment in `reproduce`: PaperTrainingSettings but the seed (one for all figures) and the noise (0). */
export type PaperSettings = Omit<PaperTrainingSettings, 'seed' | 'noise'>;

export interface ReproduceSettings {
  seed: number;
  paper: PaperSettings;
  accelerated: Omit<AcceleratedOptions, 'seed'>;
  ordering: Omit<OrderingOptions, 'seed'>;
  rateVsT: { kappas: number[]; Ts: number[] };
  /** grid points of the polynomial figure */
  polynomialPoints: number;
}

/** The paper's settings (PAPER_SETTINGS, paper-settings.ts) but the seed and noise, for one seed. */
export const PAPER_DEFAULTS: PaperSettings = {
  n: PAPER_SETTINGS.n,
  m: PAPER_SETTINGS.m,
  T: PAPER_SETTINGS.T,
  batches: PAPER_SETTINGS.batches,
  batchSize: PAPER_SETTINGS.batchSize,
  lr: PAPER_SETTINGS.lr,
  init: PAPER_SETTINGS.init,
  engine: PAPER_SETTINGS.engine,
  evalSamples: PAPER_SETTINGS.evalSamples,
};

export interface SettingsOverrides {
  paper?: Partial<PaperSettings>;
  accelerated?: Partial<Omit<AcceleratedOptions, 'seed'>>;
  ordering?: Partial<Omit<OrderingOptions, 'seed'>>;
  rateVsT?: Partial<{ kappas: number[]; Ts: number[] }>;
  polynomialPoints?: number;
}

export function reproduceSettings(
  seed: number,
  overrides: SettingsOverrides = {},
): ReproduceSettings {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(`reproduceSettings: seed must be a non-negative integer; got ${seed}`);
  }
  const paper = { ...PAPER_DEFAULTS, ...overrides.paper };
  if (!ENGINE_NAMES.includes(paper.engine)) {
    throw new RangeError(`reproduceSettings: unknown engine ${String(paper.engine)}`);
  }
  return {
    seed,
    paper,
    accelerated: { ...ACCELERATED_DEFAULTS, ...overrides.accelerated },
    ordering: { ...ORDERING_DEFAULTS, ...overrides.ordering },
    rateVsT: { ...RATE_VS_T_DEFAULTS, ...overrides.rateVsT },
    polynomialPoints: overrides.polynomialPoints ?? 1501,
  };
}

export interface FigureDataMap {
  'dugd-mse': DugdMseData;
  'learned-steps': LearnedStepsData;
  training: TrainingData;
  'rate-vs-T': RateVsTData;
  polynomial: PolynomialData;
  accelerated: AcceleratedData;
  ordering: OrderingData;
}

/** Computes figure data on demand; the paper's training runs once per source. */
export class FigureSource {
  readonly settings: ReproduceSettings;
  private run: TrainingRun | null = null;

  constructor(settings: ReproduceSettings) {
    this.settings = settings;
  }

  /** The paper's experiment: problem, incremental training, evaluation. */
  paperRun(): TrainingRun {
    if (!this.run) {
      const p = this.settings.paper;
      this.run = runTraining({ ...p, seed: this.settings.seed, noise: PAPER_SETTINGS.noise });
    }
    return this.run;
  }

  data<N extends FigureName>(name: N): FigureDataMap[N] {
    return this.compute(name) as FigureDataMap[N];
  }

  private compute(name: FigureName): FigureDataMap[FigureName] {
    const s = this.settings;
    switch (name) {
      case 'dugd-mse':
        return dugdMseData(this.paperRun());
      case 'learned-steps': {
        const run = this.paperRun();
        const spectrum = spectrumFromEigenvalues(run.spectrum.eigenvalues, 'dense-eigensolver');
        return learnedStepsData(run, mseOptimalSteps(spectrum, run.settings.T));
      }
      case 'training':
        return trainingData(this.paperRun());
      case 'rate-vs-T':
        return rateVsTData(s.rateVsT);
      case 'polynomial': {
        const run = this.paperRun();
        return polynomialData({
          eigenvalues: run.spectrum.eigenvalues,
          points: s.polynomialPoints,
          schedules: [
            { key: 'learned', label: 'DUGD (learned)', colorKey: 'DUGD', steps: run.steps.learned },
            {
              key: 'chebyshev',
              label: 'Chebyshev steps',
              colorKey: 'Chebyshev',
              steps: run.steps.chebyshev,
            },
            {
              key: 'constant',
              label: 'constant step 2/(lmin+lmax)',
              colorKey: 'GD',
              steps: run.steps.gd,
            },
          ],
        });
      }
      case 'accelerated':
        return acceleratedData({ ...s.accelerated, seed: s.seed });
      case 'ordering':
        return orderingData({ ...s.ordering, seed: s.seed });
      default:
        throw new RangeError(`FigureSource: unknown figure ${String(name)}`);
    }
  }
}
