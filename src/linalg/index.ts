export { zeros, dot, norm2, axpy, scale, sub, distance, allFinite, minMax } from './vector.js';
export type { Vector } from './vector.js';
export { MAX_FLOAT64_ENTRIES, checkFloat64Entries, formatBytes } from './limits.js';
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
export {
  csrMatrix,
  csrFromCoordinates,
  csrNnz,
  csrMatVec,
  csrMatTVec,
  csrDiagonal,
  csrTranspose,
  csrSymmetry,
  csrToDense,
  csrFromDense,
  csrOperator,
  csrGershgorin,
  isCsrMatrix,
} from './sparse.js';
export type { CsrMatrix, CsrSymmetryReport, CsrOperatorOptions } from './sparse.js';
export {
  normalEquationsOperator,
  diagonalScaling,
  shiftedOperator,
  scaledOperator,
  materializeOperator,
} from './operators.js';
export type { NormalEquationsOptions, DiagonalScaling } from './operators.js';
export { tridiagonalEigen } from './tridiagonal.js';
export type { TridiagonalEigen } from './tridiagonal.js';
export { DEFAULT_SAFETY_MARGIN, withSafeInterval, randomUnitVector } from './estimate.js';
export type { RandomSource, SpectrumEstimate, SpectrumMethod, BoundKind } from './estimate.js';
export { lanczos, lanczosExtremes, BREAKDOWN_TOL, DEFAULT_MAX_BASIS_ENTRIES } from './lanczos.js';
export type {
  LanczosOptions,
  LanczosResult,
  LanczosExtremesOptions,
  Reorthogonalization,
} from './lanczos.js';
export { powerIteration, powerExtremes } from './power.js';
export type { PowerOptions, PowerResult, PowerExtremesOptions } from './power.js';
export { spectralDensity, rademacherProbe } from './slq.js';
export type { SpectralDensityOptions } from './slq.js';
export {
  estimateSpectrum,
  DEFAULT_DENSE_THRESHOLD,
  DEFAULT_SYMMETRY_TOLERANCE,
} from './spectrum-estimate.js';
export type { EstimateSpectrumOptions, SpectrumInput } from './spectrum-estimate.js';
