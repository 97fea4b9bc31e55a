export { zeros, dot, norm2, axpy, scale, sub, distance, allFinite, minMax } from './vector.js';
export type { Vector } from './vector.js';
export {
  denseMatrix,
  fromRows,
  toRows,
  identity,
  transpose,
  matVec,
  matTVec,
  matMul,
  gram,
  asymmetry,
} from './dense.js';
export type { DenseMatrix } from './dense.js';
export { hasDiagonal, denseOperator, diagonalOperator, functionOperator } from './operator.js';
export type { LinearOperator, HasDiagonal } from './operator.js';
export { spectrumFromEigenvalues, weightedSpectrum, summarizeSpectrum } from './spectrum.js';
export type { Spectrum, SpectrumSummary } from './spectrum.js';
export { symmetricEigen, symmetricEigenvalues, SYMMETRY_TOLERANCE, MAX_SWEEPS } from './eigen.js';
export type { SymmetricEigenOptions, SymmetricEigenResult } from './eigen.js';
