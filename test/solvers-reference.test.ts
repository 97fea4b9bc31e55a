/**
 * Solvers against ../shared/reference: momentum_semi_iterative.json and
 * jacobi_psor.json (tolerances from the reference README).
 */
import { describe, expect, it } from 'vitest';
import { spectralRadius, chebyshevBound, ratePerStep } from '../src/analysis/index.js';
import { denseOperator, fromRows } from '../src/linalg/index.js';
import { chebyshevSteps, constantSteps, optimalConstantStep } from '../src/schedules/index.js';
import {
  chebyshevSemiIterates,
  fixedPointIterates,
  gdIterates,
  heavyBallIterates,
  jacobiMap,
  notebookSemiIterativeInterval,
  polyakParameters,
  semiIterativeParameters,
  type SolverIterator,
} from '../src/solvers/index.js';
import { expectAllClose, expectClose } from './helpers/close.js';
import { loadReference } from './helpers/reference.js';

// iterates, error norms, MSE curves: relative 1e-10 + absolute 1e-12
const ITER = { rtol: 1e-10, atol: 1e-12 };
// the Chebyshev semi-iteration: relative 1e-9 (+ the same absolute term)
const SEMI = { rtol: 1e-9, atol: 1e-12 };
// closed forms and parameters: relative 1e-12
const CLOSED = { rtol: 1e-12 };
// spectral radii and rates: relative 1e-10 + absolute 1e-13
const POLY = { rtol: 1e-10, atol: 1e-13 };

interface Run {
  iterates: number[][];
  error: number[];
  residual: number[];
}

/** Iterates x_0..x_K (copies), error and residual norms. */
function collect(it: SolverIterator, K: number): Run {
  const run: Run = { iterates: [], error: [], residual: [] };
  for (const s of it) {
    run.iterates.push(Array.from(s.x));
    run.error.push(s.errorNorm as number);
    run.residual.push(s.residualNorm);
    if (s.k === K) break;
  }
  expect(run.iterates.length).toBe(K + 1);
  return run;
}

function expectRun(run: Run, ref: { iterates: number[][]; error_norm: number[] }, tol: object) {
  ref.iterates.forEach((x, k) => expectAllClose(run.iterates[k], x, tol, `iterate ${k}`));
  expectAllClose(run.error, ref.error_norm, tol, 'error norm');
}

describe('momentum_semi_iterative.json', () => {
  const ref = loadReference('momentum_semi_iterative.json');
  const op = denseOperator(fromRows(ref.A), true);
  const K: number = ref.K;
  const interval = { lmin: ref.lmin, lmax: ref.lmax };
  const opts = { xStar: ref.x_star };
  const n = ref.x_star.length;
  const mseOf = (run: Run) => run.error.map((e) => (e * e) / n);

  it('gd_constant: step 2/(lmin+lmax), iterates, error norms and MSE', () => {
    const m = ref.methods.gd_constant;
    expectClose(optimalConstantStep(ref.lmin, ref.lmax), m.step, CLOSED, 'step');
    const run = collect(gdIterates(op, ref.b, [m.step], opts), K);
    expectRun(run, m, ITER);
    expectAllClose(mseOf(run), m.mse, ITER, 'mse');
  });

  it('gd_chebyshev_periodic: T = 4 Chebyshev steps repeated', () => {
    const m = ref.methods.gd_chebyshev_periodic;
    const steps = chebyshevSteps(m.T_cheb, ref.lmin, ref.lmax);
    expectAllClose(steps, m.steps, CLOSED, 'steps');
    const run = collect(gdIterates(op, ref.b, steps, opts), K);
    expectRun(run, m, ITER);
    expectAllClose(mseOf(run), m.mse, ITER, 'mse');
  });

  it("heavy_ball: Polyak's parameters, x_{-1} = x_0", () => {
    const hb = polyakParameters(interval);
    expectClose(hb.alpha, ref.heavy_ball_params.alpha_polyak, CLOSED, 'alpha');
    expectClose(hb.beta, ref.heavy_ball_params.beta_polyak, CLOSED, 'beta');
    expectClose(hb.rate, ref.heavy_ball_params.asymptotic_rate_sqrt_beta, CLOSED, 'sqrt beta');
    const m = ref.methods.heavy_ball;
    const run = collect(heavyBallIterates(op, ref.b, interval, opts), K);
    expectRun(run, m, ITER);
    expectAllClose(mseOf(run), m.mse, ITER, 'mse');
    // the first step is plain GD with step alpha (x_{-1} = x_0)
    expectAllClose(
      run.iterates[1],
      Array.from(ref.b, (bi: number) => hb.alpha * bi),
      { rtol: 1e-14, atol: 1e-15 },
      'x_1 = alpha b',
    );
  });

  it('chebyshev_semi_iterative: theta, delta, sigma, rho_k, omega_{k+1}, iterates', () => {
    const m = ref.methods.chebyshev_semi_iterative;
    const par = semiIterativeParameters(interval, K);
    expectClose(par.theta, m.theta, CLOSED, 'theta');
    expectClose(par.delta, m.delta, CLOSED, 'delta');
    expectClose(par.sigma, m.sigma, CLOSED, 'sigma');
    expectAllClose(par.rho, m.rho, CLOSED, 'rho');
    expectAllClose(par.omega, m.omega, CLOSED, 'omega');
    const run = collect(chebyshevSemiIterates(op, ref.b, interval, opts), K);
    expectRun(run, m, SEMI);
    expectAllClose(mseOf(run), m.mse, SEMI, 'mse');
  });

  it('the notebook variant is the textbook method on [lmin, 2 lmax - lmin]', () => {
    const m = ref.methods.chebyshev_semi_iterative_notebook_variant;
    const wide = notebookSemiIterativeInterval(interval);
    const par = semiIterativeParameters(wide, K);
    expectClose(1 / par.theta, m.eta, CLOSED, 'eta = 1/lmax');
    expectClose(1 / par.sigma, m.r, CLOSED, 'r = 1 - 1/kappa');
    expectAllClose(par.omega, m.omega, CLOSED, 'omega');
    const run = collect(chebyshevSemiIterates(op, ref.b, wide, opts), K);
    expectRun(run, m, SEMI);
    expectAllClose(mseOf(run), m.mse, SEMI, 'mse');
  });

  it('consistency: after one period, GD with Chebyshev steps equals the semi-iteration', () => {
    const T = ref.methods.gd_chebyshev_periodic.T_cheb;
    const steps = chebyshevSteps(T, ref.lmin, ref.lmax);
    const gd = collect(gdIterates(op, ref.b, steps, opts), T);
    const semi = collect(chebyshevSemiIterates(op, ref.b, interval, opts), T);
    // same polynomial, different rounding: relative 1e-10 (the reference saw 6.7e-13)
    expectAllClose(gd.iterates[T], semi.iterates[T], ITER, 's_T');
    // and before the period ends they differ (the check is not vacuous)
    expect(Math.abs(gd.error[2] - semi.error[2])).toBeGreaterThan(0.1);
  });
});

describe('jacobi_psor.json', () => {
  const ref = loadReference('jacobi_psor.json');
  const P = denseOperator(fromRows(ref.P), true);
  const K: number = ref.K;
  const map = jacobiMap(P, ref.b);
  const opts = { x0: ref.x0, xStar: ref.x_star };

  function check(
    omegas: ArrayLike<number>,
    m: { iterates: number[][]; error_norm: number[]; residual_norm: number[] },
  ) {
    const run = collect(fixedPointIterates(map, omegas, opts), K);
    expectRun(run, m, ITER);
    expectAllClose(run.residual, m.residual_norm, ITER, 'residual norm');
  }

  it('jacobi: x_{k+1} = f(x_k)', () => check([1], ref.methods.jacobi));

  it('sor_constant: omega = 2/(lmin+lmax) of eig(I - B)', () => {
    expectClose(optimalConstantStep(ref.lmin, ref.lmax), ref.omega_sor, CLOSED, 'omega_sor');
    check(constantSteps(1, ref.omega_sor), ref.methods.sor_constant);
  });

  it('chebyshev_psor: omega_{k mod 4} = Chebyshev steps for eig(I - B)', () => {
    const omegas = chebyshevSteps(ref.T, ref.lmin, ref.lmax);
    expectAllClose(omegas, ref.omega_chebyshev, CLOSED, 'omega_chebyshev');
    check(omegas, ref.methods.chebyshev_psor);
  });

  it('rates: spectral radii of B, SOR and one Chebyshev period', () => {
    const eig: number[] = ref.eigenvalues_I_minus_B;
    const r = ref.rates;
    // B = I - (I - B): the spectral radius of B is max |1 - lambda| = p with the step 1
    expectClose(spectralRadius([1], eig), r.spectral_radius_B, POLY, 'rho(B)');
    expectClose(spectralRadius([ref.omega_sor], eig), r.spectral_radius_sor, POLY, 'rho(SOR)');
    const rho = spectralRadius(ref.omega_chebyshev, eig);
    expectClose(rho, r.chebyshev_period_spectral_radius, POLY, 'rho(period)');
    expectClose(ratePerStep(rho, ref.T), r.chebyshev_period_rate_per_step, POLY, 'rate');
    expectClose(
      chebyshevBound(ref.T, ref.lmax / ref.lmin),
      r.chebyshev_worst_case_closed_form_per_period,
      POLY,
      'closed form',
    );
  });

  it('the measured error falls at the Chebyshev rate: ||e_16|| / ||e_0|| vs the bound', () => {
    const run = collect(fixedPointIterates(map, ref.omega_chebyshev, opts), K);
    // I - B = D^{-1} P is symmetric in the D^{1/2} inner product, so the error
    // contracts by at most the per-period bound in that norm; in the 2-norm up
    // to the factor sqrt(max d / min d) (both ways).
    const d: number[] = ref.D_diag;
    const c = Math.sqrt(Math.max(...d) / Math.min(...d));
    const bound = c * Math.pow(ref.rates.chebyshev_worst_case_closed_form_per_period, K / ref.T);
    expect(run.error[K] / run.error[0]).toBeLessThanOrEqual(bound);
    expect(bound).toBeLessThan(1e-7); // the bound is not vacuous: (0.0109)^4 times c
  });
});
