export { gaussianProblem, sampleGaussian, gaussianSpectrum, SAMPLE_STREAMS } from './gaussian.js';
export type { GaussianProblem, GaussianProblemOptions } from './gaussian.js';
