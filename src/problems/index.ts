export { gaussianProblem, sampleGaussian, gaussianSpectrum, SAMPLE_STREAMS } from './gaussian.js';
export type { GaussianProblem, GaussianProblemOptions } from './gaussian.js';
export { poisson1d, poisson2d } from './poisson.js';
export type { PoissonProblem } from './poisson.js';
