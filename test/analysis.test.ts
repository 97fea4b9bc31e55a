import { describe, expect, it } from 'vitest';
import {
  chebyshevAsymptoticRate,
  chebyshevBound,
  expectedMseCurve,
  expectedMseWithGradient,
  gdOptimalRate,
  mseBoundsFromSpectralRadius,
  ratePerStep,
  spectralRadius,
  stepPolynomialValues,
  log10AbsStepPolynomial,
  worstCaseOnInterval,
} from '../src/analysis/index.js';
import { spectrumFromEigenvalues } from '../src/linalg/index.js';
import { chebyshevSteps, optimalConstantStep, constantSteps } from '../src/schedules/index.js';
import { expectAllClose, expectClose } from './helpers/close.js';
import { loadReference } from './helpers/reference.js';

// tolerances from ../shared/reference/README.md:
//   p(lambda), spectral radii, rates: relative 1e-10 + absolute 1e-13
//   MSE curves, gradients: relative 1e-10 + absolute 1e-12
const POLY = { rtol: 1e-10, atol: 1e-13 };
const CURVE = { rtol: 1e-10, atol: 1e-12 };

describe('polynomial_spectral.json', () => {
  const ref = loadReference('polynomial_spectral.json');
  for (const c of ref.cases) {
    it(`${c.name}: p, spectral radius, rates, worst case`, () => {
      expectAllClose(
        stepPolynomialValues(c.steps, c.eval_lambdas),
        c.p_at_eval_lambdas,
        POLY,
        'p(eval)',
      );
      expectAllClose(
        stepPolynomialValues(c.steps, c.spectrum),
        c.p_at_spectrum,
        POLY,
        'p(spectrum)',
      );
      const rho = spectralRadius(c.steps, c.spectrum);
      expectClose(rho, c.spectral_radius, POLY, 'spectral radius');
      expectClose(ratePerStep(rho, c.T), c.rate_per_step, POLY, 'rate');
      const [lmin, lmax] = c.interval;
      const worst = worstCaseOnInterval(c.steps, lmin, lmax);
      expectClose(worst.value, c.worst_case_on_interval_numeric, POLY, 'worst case');
      expectClose(
        chebyshevAsymptoticRate(c.kappa),
        c.asymptotic_rate_chebyshev,
        POLY,
        'asymptotic',
      );
      expectClose(gdOptimalRate(c.kappa), c.rate_constant_optimal_step, POLY, 'gd rate');
      if (c.schedule_kind === 'cheb') {
        expectClose(chebyshevBound(c.T, c.kappa), c.worst_case_closed_form, POLY, 'closed form');
      }
    });
  }
});

describe('expected_mse.json', () => {
  const ref = loadReference('expected_mse.json');
  const spectrum = spectrumFromEigenvalues(ref.eigenvalues);
  it('the reference schedules are ours: optimal constant and Chebyshev from lmin, lmax', () => {
    const byName = Object.fromEntries(ref.cases.map((c: { name: string }) => [c.name, c]));
    expectAllClose(
      constantSteps(10, optimalConstantStep(ref.lmin, ref.lmax)),
      byName.const_opt_T10.steps,
      { rtol: 1e-12 },
    );
    expectAllClose(chebyshevSteps(10, ref.lmin, ref.lmax), byName.chebyshev_T10.steps, {
      rtol: 1e-12,
    });
  });
  for (const c of ref.cases) {
    it(`${c.name}: curve and gradient, noiseless and sigma = ${c.noisy.sigma}`, () => {
      expectAllClose(expectedMseCurve(spectrum, c.steps), c.mse_after_step, CURVE, 'curve');
      const g = expectedMseWithGradient(spectrum, c.steps);
      expectClose(g.mse, c.mse_final, CURVE, 'mse final');
      expectAllClose(g.gradient, c.grad_mse_final_wrt_steps, CURVE, 'gradient');
      const sigma = c.noisy.sigma;
      expectAllClose(
        expectedMseCurve(spectrum, c.steps, sigma),
        c.noisy.mse_after_step,
        CURVE,
        'noisy',
      );
      const gn = expectedMseWithGradient(spectrum, c.steps, sigma);
      expectClose(gn.mse, c.noisy.mse_final, CURVE, 'noisy final');
      // Chebyshev noisy gradients are ~1e-4 from cancellation and carry ~5e-12 relative error
      // in the reference itself (README): compare them with an absolute floor at that level.
      expectAllClose(
        gn.gradient,
        c.noisy.grad_mse_final_wrt_steps,
        { rtol: 1e-10, atol: 1e-14 },
        'noisy grad',
      );
    });
  }

  it('gradient agrees with central finite differences (h = 1e-6), with and without noise', () => {
    const steps = [0.1, 0.5, 0.3, 0.25, 0.05, 0.4];
    for (const sigma of [0, 0.3]) {
      const { gradient } = expectedMseWithGradient(spectrum, steps, sigma);
      const fd = steps.map((_, k) => {
        const h = 1e-6;
        const up = steps.slice();
        const down = steps.slice();
        up[k] += h;
        down[k] -= h;
        return (
          (expectedMseWithGradient(spectrum, up, sigma).mse -
            expectedMseWithGradient(spectrum, down, sigma).mse) /
          (2 * h)
        );
      });
      // central differences: O(h^2) truncation + O(eps/h) rounding, about 1e-9 here
      expectAllClose(gradient, fd, { rtol: 1e-6, atol: 1e-9 }, `fd sigma=${sigma}`);
    }
  });
});

describe('paper_spectrum.json', () => {
  const ref = loadReference('paper_spectrum.json');
  const spectrum = spectrumFromEigenvalues(ref.eigenvalues);
  it('GD and Chebyshev curves in every order; spectral radius equals the closed form', () => {
    const gd = constantSteps(ref.T, optimalConstantStep(ref.lmin, ref.lmax));
    expectAllClose(expectedMseCurve(spectrum, gd), ref.expected_mse.gd_constant, CURVE, 'gd');
    const cheb = chebyshevSteps(ref.T, ref.lmin, ref.lmax);
    expectAllClose(cheb, ref.chebyshev_steps, { rtol: 1e-12 }, 'steps');
    expectAllClose(
      expectedMseCurve(spectrum, cheb),
      ref.expected_mse.chebyshev_index_order,
      CURVE,
      'index',
    );
    expectAllClose(
      expectedMseCurve(
        spectrum,
        chebyshevSteps(ref.T, ref.lmin, ref.lmax, { order: 'increasing' }),
      ),
      ref.expected_mse.chebyshev_ascending,
      CURVE,
      'ascending',
    );
    expectAllClose(
      expectedMseCurve(
        spectrum,
        chebyshevSteps(ref.T, ref.lmin, ref.lmax, { order: 'decreasing' }),
      ),
      ref.expected_mse.chebyshev_descending,
      CURVE,
      'descending',
    );
    expectClose(spectralRadius(cheb, ref.eigenvalues), ref.chebyshev_spectral_radius, POLY, 'rho');
    expectClose(
      chebyshevBound(ref.T, ref.kappa),
      ref.chebyshev_worst_case_closed_form,
      POLY,
      'bound',
    );
  });

  it("the published learned steps: expected MSE and spectral radius, and the paper's bounds", () => {
    const run = ref.published_notebook_run;
    const curve = expectedMseCurve(spectrum, run.learned_gammas);
    expectAllClose(curve, run.expected_mse_learned_gammas, CURVE, 'learned');
    const rho = spectralRadius(run.learned_gammas, ref.eigenvalues);
    expectClose(rho, run.spectral_radius_learned, POLY, 'rho learned');
    const { lower, upper } = mseBoundsFromSpectralRadius(rho, ref.n);
    expect(curve[ref.T]).toBeGreaterThanOrEqual(lower);
    expect(curve[ref.T]).toBeLessThanOrEqual(upper);
  });
});

describe('long schedules', () => {
  it('p_T of Chebyshev steps in index order for T = 1000 matches the stable order and the closed form', () => {
    // the plain running product of the index order underflows below 1e-308 midway
    const T = 1000;
    const index = chebyshevSteps(T, 1, 100);
    const stable = chebyshevSteps(T, 1, 100, { order: 'stable' });
    for (const lambda of [1, 1.7, 42, 99.9]) {
      const pIndex = stepPolynomialValues(index, [lambda])[0];
      const pStable = stepPolynomialValues(stable, [lambda])[0];
      expect(Math.abs(pIndex)).toBeLessThanOrEqual(chebyshevBound(T, 100) * (1 + 1e-9));
      expectClose(
        pIndex,
        pStable,
        { rtol: 1e-8, atol: 1e-14 * chebyshevBound(T, 100) },
        `lambda=${lambda}`,
      );
    }
    // log10 |p| stays finite where p_T itself is far below float64's range
    const logValue = log10AbsStepPolynomial(index, 1);
    expectClose(logValue, Math.log10(chebyshevBound(T, 100)), { rtol: 1e-9 }, 'log10 at lmin');
    expect(log10AbsStepPolynomial(constantSteps(5000, 0.5), 1.5)).toBeCloseTo(
      -5000 * Math.log10(4),
      6,
    );
  });
});
