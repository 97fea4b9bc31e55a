/**
 * Upper limits of the size flags (docs/training.md, "Limits"). Each flag has
 * its own limit, checked when it is parsed, and runs whose size is a product
 * of flags are checked as a whole before any work starts: the float64
 * entries a run keeps (MAX_FLOAT64_ENTRIES, 1e8 = 800 MB) and, for training,
 * its work in multiply-adds (MAX_TRAINING_WORK). A refusal is a usage error
 * (exit 2) naming the flags and the limit, instead of a hang, a crash of
 * V8, or an out-of-memory kill minutes later.
 */
import {
  largestTerm,
  MAX_TRAINING_WORK,
  type CostSetting,
  type TrainingCost,
} from '../experiments/index.js';
import { formatBytes, MAX_FLOAT64_ENTRIES } from '../linalg/limits.js';
import { UsageError } from './errors.js';

export const TRAIN_LIMITS = {
  /** -n: the dense eigensolver of A = H H^T is O(n^3) */
  n: 10_000,
  /** -m (and n m <= MAX_FLOAT64_ENTRIES for H) */
  m: MAX_FLOAT64_ENTRIES,
  /** -T: history[] keeps the steps of every generation, T (T + 1) / 2 numbers */
  T: 2000,
  batches: 10_000_000,
  batchSize: 100_000_000,
  /** --horizon: curves.csv has one row per t */
  horizon: 1_000_000,
  /** --eval-samples: n normal draws each */
  evalSamples: 10_000_000,
  /** --dense-threshold: the dense eigensolver keeps n^2 entries and costs O(n^3) */
  denseThreshold: 10_000,
  slqProbes: 1000,
  slqSteps: 1000,
} as const;

export const CHEBYSHEV_LIMITS = {
  /** -T: one line of output per step */
  T: 1_000_000,
} as const;

export const ANALYZE_LIMITS = {
  /** steps from --steps, --steps-file or --result */
  steps: 10_000,
  /** --points */
  points: 1_000_000,
  /** eigenvalues from --spectrum or --result */
  eigenvalues: 10_000_000,
  /**
   * evaluations of one factor (1 - gamma lambda): T (points + N + 64 T),
   * for p_T on the points or nodes, the expected MSE curve and the
   * worst-case grid; about 15 s at 7e8 per second
   */
  work: 1e10,
} as const;

export const SOLVE_LIMITS = {
  /** --max-iterations: residualHistory keeps one number per iteration */
  maxIterations: 10_000_000,
  /** -T, --period: the Chebyshev steps of one period */
  period: 1_000_000,
} as const;

/** 1e+8 -> '1e8' */
export function formatLimit(v: number): string {
  return v >= 1e5 ? v.toExponential().replace('e+', 'e') : String(v);
}

/** A count for messages: exact below 1e7, else 3 significant digits. */
export function formatCount(v: number): string {
  return Number.isInteger(v) && v < 1e7 ? String(v) : v.toPrecision(3).replace('e+', 'e');
}

/**
 * Throws a UsageError when the training run's memory or work exceeds the
 * limits, naming the flags of its largest term (`flagOf` maps each setting
 * to the flag the user controls it with).
 */
export function checkTrainingCost(cost: TrainingCost, flagOf: (s: CostSetting) => string): void {
  const flags = (settings: CostSetting[]) => [...new Set(settings.map(flagOf))].join('/');
  if (cost.entries > MAX_FLOAT64_ENTRIES) {
    const big = largestTerm(cost.entryTerms);
    throw new UsageError(
      `${flags(big.settings)}: the run would keep ${formatCount(cost.entries)} float64 entries ` +
        `(${formatBytes(8 * cost.entries)}), most for ${big.what} (${big.formula}); ` +
        `the limit is ${formatLimit(MAX_FLOAT64_ENTRIES)} (${formatBytes(8 * MAX_FLOAT64_ENTRIES)})`,
    );
  }
  if (cost.work > MAX_TRAINING_WORK) {
    const big = largestTerm(cost.workTerms);
    throw new UsageError(
      `${flags(big.settings)}: the run would take ${formatCount(cost.work)} multiply-adds, ` +
        `most for ${big.what} (${big.formula}); the limit is ${formatLimit(MAX_TRAINING_WORK)} ` +
        `(about 4 hours of the dense engine, a day of the others)`,
    );
  }
}
