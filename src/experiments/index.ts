export { evaluateSchedules, baselineSchedules, sampleNodeMoments } from './evaluate.js';
export type { EvaluationOptions, Evaluation, ScheduleEvaluation } from './evaluate.js';
export {
  runTraining,
  trainingCurvesTable,
  describeNonFinite,
  nonFiniteAtStart,
} from './train-dugd.js';
export type { TrainingRun, TrainingRunOptions, TrainingProblem } from './train-dugd.js';
export { parseInitSpec, initialSteps } from './training-start.js';
export { trainingCost, largestTerm, MAX_TRAINING_WORK } from './training-cost.js';
export type { TrainingCost, TrainingCostInput, CostTerm, CostSetting } from './training-cost.js';
export type { InitSpec } from './training-start.js';
export {
  FIGURE_NAMES,
  REPRODUCE_NAMES,
  PAPER_DEFAULTS,
  reproduceSettings,
  FigureSource,
} from './reproduce.js';
export type {
  FigureName,
  ReproduceName,
  ReproduceSettings,
  SettingsOverrides,
  FigureDataMap,
} from './reproduce.js';
export { PAPER_SETTINGS } from './paper-settings.js';
export type { PaperTrainingSettings } from './paper-settings.js';
export { PUBLISHED_DUGD_LMS, PUBLISHED_CHGD_MSE } from './published.js';
export { tableFromColumns, tableColumn } from './figures/types.js';
export type { FigureTable, KeyNumber } from './figures/types.js';
