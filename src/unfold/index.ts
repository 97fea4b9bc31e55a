export { ENGINE_NAMES } from './engine.js';
export type { EngineName, TrainingEngine, SamplingOptions } from './engine.js';
export { DenseEngine } from './dense-engine.js';
export type { DenseForm, DenseSampleSource, DenseEngineOptions } from './dense-engine.js';
export { SpectralEngine } from './spectral-engine.js';
export { MomentEngine } from './moment-engine.js';
export { ExpectedEngine } from './expected-engine.js';
export { createEngine } from './create.js';
export type { EngineOptions } from './create.js';
export { Adam } from './adam.js';
export type { AdamOptions } from './adam.js';
export { trainIncremental, PARAMETRIZATIONS } from './train.js';
export type {
  TrainOptions,
  TrainResult,
  TrainStatus,
  GenerationRecord,
  NonFiniteEvent,
  Parametrization,
} from './train.js';
