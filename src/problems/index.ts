export { gaussianProblem, sampleGaussian, gaussianSpectrum, SAMPLE_STREAMS } from './gaussian.js';
export type { GaussianProblem, GaussianProblemOptions } from './gaussian.js';
export { poisson1d, poisson2d } from './poisson.js';
export type { PoissonProblem } from './poisson.js';
export {
  readMatrixFile,
  sniffMatrixFormat,
  spdSystem,
  spdSystemFromFile,
  chooseScaling,
  sampleProblem,
  originalRhs,
  requirePositiveDefinite,
  SCALE_MODES,
  SPD_SYMMETRY_TOLERANCE,
} from './spd-system.js';
export type {
  LinearProblem,
  MatrixFile,
  Scaling,
  ScaleMode,
  SpdSystemOptions,
} from './spd-system.js';
export { readDesignFile, leastSquaresProblem, leastSquaresFromFile } from './least-squares.js';
export type {
  DesignFile,
  DesignReadOptions,
  LeastSquaresOptions,
  LeastSquaresProblem,
} from './least-squares.js';
export { problemSpectrum, problemExtremes, FILE_PROBLEM_STREAMS } from './problem-spectrum.js';
export type {
  ProblemSpectrum,
  ProblemSpectrumMethod,
  ProblemSpectrumOptions,
  ProblemExtremesOptions,
} from './problem-spectrum.js';
