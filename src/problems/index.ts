export { gaussianProblem, sampleGaussian, SAMPLE_STREAMS } from './gaussian.js';
export type { GaussianProblem, GaussianProblemOptions } from './gaussian.js';
