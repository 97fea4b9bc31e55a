export {
  stepPolynomial,
  log10AbsStepPolynomial,
  stepPolynomialValues,
  spectralRadius,
  spectralRadiusOf,
  ratePerStep,
  prefixSpectralRadii,
  worstCaseOnInterval,
} from './polynomial.js';
export {
  chebyshevT,
  chebyshevBound,
  chebyshevRate,
  chebyshevAsymptoticRate,
  gdOptimalRate,
  mseBoundsFromSpectralRadius,
} from './rates.js';
export { SpectralRecurrence, expectedMseCurve, expectedMseWithGradient } from './expected-mse.js';
export type { NodeMoments } from './expected-mse.js';
export { mseOptimalSteps, mseOptimalRoots, compareRootsWithChebyshev } from './optimal.js';
export type { MseOptimalOptions, MseOptimalResult, MseOptimalStop } from './optimal.js';
export { prefixSuffixNorms, compareStepMultisets } from './ordering.js';
export type { PrefixSuffixNorms, StepMultisetComparison } from './ordering.js';
