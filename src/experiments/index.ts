export { evaluateSchedules, baselineSchedules, sampleNodeMoments } from './evaluate.js';
export type { EvaluationOptions, Evaluation, ScheduleEvaluation } from './evaluate.js';
export { runTraining, trainingCurvesTable, describeNonFinite } from './train-dugd.js';
export type { TrainingRun, TrainingRunOptions } from './train-dugd.js';
