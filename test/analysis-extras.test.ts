/**
 * Analysis extras: the MSE-optimal schedule (against an independent oracle,
 * the Gauss nodes of the measure lambda w), root comparison with the
 * Chebyshev nodes, prefix/suffix norms of orderings, multiset comparison.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  chebyshevBound,
  compareRootsWithChebyshev,
  compareStepMultisets,
  expectedMseCurve,
  expectedMseWithGradient,
  mseOptimalSteps,
  prefixSuffixNorms,
  stepPolynomialValues,
} from '../src/analysis/index.js';
import {
  denseMatrix,
  spectrumFromEigenvalues,
  symmetricEigenvalues,
  type Spectrum,
} from '../src/linalg/index.js';
import { chebyshevNodes, chebyshevSteps } from '../src/schedules/index.js';
import { expectAllClose, expectClose } from './helpers/close.js';
import { loadReference } from './helpers/reference.js';

/**
 * Oracle: min sum_i w_i p(lambda_i)^2 over degree-T p with p(0) = 1 is attained by
 * the degree-T orthogonal polynomial of the measure lambda_i w_i (the optimality
 * condition is sum_i w_i p(lambda_i) lambda_i q(lambda_i) = 0 for deg q < T), whose
 * roots are the eigenvalues of its T x T Jacobi matrix: Lanczos on diag(lambda)
 * from v ~ sqrt(lambda_i w_i), with full re-orthogonalisation (twice).
 */
function gaussNodes(spectrum: Spectrum, T: number): Float64Array {
  const lambda = spectrum.nodes;
  const n = lambda.length;
  const V: Float64Array[] = [];
  let v = Float64Array.from(lambda, (l, i) => Math.sqrt(l * spectrum.weights[i]));
  const nv = Math.hypot(...v);
  v = v.map((x) => x / nv);
  const alpha: number[] = [];
  const beta: number[] = [];
  for (let j = 0; j < T; j++) {
    V.push(v);
    const w = v.map((x, i) => lambda[i] * x);
    alpha.push(w.reduce((s, x, i) => s + x * v[i], 0));
    for (let pass = 0; pass < 2; pass++) {
      for (const q of V) {
        const c = w.reduce((s, x, i) => s + x * q[i], 0);
        for (let i = 0; i < n; i++) w[i] -= c * q[i];
      }
    }
    const b = Math.hypot(...w);
    beta.push(b);
    v = w.map((x) => x / b);
  }
  const J = denseMatrix(T, T);
  for (let j = 0; j < T; j++) {
    J.data[j * T + j] = alpha[j];
    if (j + 1 < T) J.data[j * T + j + 1] = J.data[(j + 1) * T + j] = beta[j];
  }
  return symmetricEigenvalues(J);
}

describe('mseOptimalSteps', () => {
  const paper = loadReference('paper_spectrum.json');
  const spectrum = spectrumFromEigenvalues(paper.eigenvalues);
  const T: number = paper.T;
  const result = mseOptimalSteps(spectrum, T);
  const chebyshevMse: number = paper.expected_mse.chebyshev_index_order[T];

  it('paper spectrum, T = 25: below the Chebyshev schedule, with a small gradient', () => {
    expect(result.converged).toBe(true);
    expect(result.stop).toBe('gradient');
    // measured: 8.613e-9 against Chebyshev 2.451e-8 (ratio 0.351)
    expect(result.start).toBe('gauss-nodes');
    expect(result.mse).toBeLessThan(0.4 * chebyshevMse);
    // an independent route to the same optimum: L-BFGS descent from the Chebyshev steps
    const descent = mseOptimalSteps(spectrum, T, {
      initial: chebyshevSteps(T, paper.lmin, paper.lmax),
    });
    expectClose(descent.initialMse, chebyshevMse, { rtol: 1e-10 }, 'start = Chebyshev');
    expect(descent.converged).toBe(true);
    expectClose(descent.mse, result.mse, { rtol: 1e-8 }, 'descent vs exact optimum');
    // the stop rule: max_t |gamma_t dL/dgamma_t| / L <= 1e-9 (recomputed here)
    const g = expectedMseWithGradient(spectrum, result.steps);
    expectClose(g.mse, result.mse, { rtol: 1e-14 }, 'mse');
    let rel = 0;
    for (let t = 0; t < T; t++)
      rel = Math.max(rel, Math.abs(result.steps[t] * g.gradient[t]) / g.mse);
    expect(rel).toBeLessThanOrEqual(1e-9);
    expect(Math.hypot(...g.gradient)).toBeLessThan((1e-9 * result.mse) / result.steps[0]);
    // steps sorted ascending
    for (let t = 1; t < T; t++) expect(result.steps[t]).toBeGreaterThanOrEqual(result.steps[t - 1]);
  });

  it('its roots are the Gauss nodes of the measure lambda w (the exact optimum)', () => {
    const nodes = gaussNodes(spectrum, T);
    const roots = compareRootsWithChebyshev(result.steps, paper.lmin, paper.lmax).roots;
    // measured agreement 5e-12; the optimum is flat to O(gradient^2), so allow 1e-8
    expectAllClose(roots, nodes, { rtol: 1e-8 }, 'roots vs Gauss nodes');
    const exact = expectedMseWithGradient(
      spectrum,
      Float64Array.from(nodes, (x) => 1 / x),
    ).mse;
    expectClose(result.mse, exact, { rtol: 1e-10 }, 'optimal MSE');
  });

  it('T = 1: the closed form gamma = sum w lambda / sum w lambda^2', () => {
    const r = mseOptimalSteps(spectrum, 1);
    let s1 = 0;
    let s2 = 0;
    spectrum.nodes.forEach((l, i) => {
      s1 += spectrum.weights[i] * l;
      s2 += spectrum.weights[i] * l * l;
    });
    expectClose(r.steps[0], s1 / s2, { rtol: 1e-10 }, 'gamma');
  });

  it('a spectrum with T distinct eigenvalues: the optimum is exact (MSE 0 up to rounding), roots = eigenvalues', () => {
    const sp = spectrumFromEigenvalues([1, 2, 5]);
    const r = mseOptimalSteps(sp, 3, { initial: [0.9, 0.45, 0.3] });
    expect(r.mse).toBeLessThan(1e-20);
    expectAllClose(Float64Array.from(r.steps, (g) => 1 / g).sort(), [1, 2, 5], { rtol: 1e-8 });
  });

  it('roots against the Chebyshev nodes, both sorted', () => {
    const c = compareRootsWithChebyshev(result.steps, paper.lmin, paper.lmax);
    expectAllClose(c.chebyshevNodes, chebyshevNodes(T, paper.lmin, paper.lmax).sort(), { rtol: 0 });
    for (let t = 1; t < T; t++) expect(c.roots[t]).toBeGreaterThan(c.roots[t - 1]);
    // measured: the optimal roots sit up to 10.6 % (relative) from the Chebyshev nodes, all inside
    // [lmin, lmax]: the MSE weighs the bulk of the spectrum, Chebyshev only its ends
    expect(c.maxRelativeDifference).toBeGreaterThan(0.05);
    expect(c.maxRelativeDifference).toBeLessThan(0.2);
    expect(c.roots[0]).toBeGreaterThan(paper.lmin);
    expect(c.roots[T - 1]).toBeLessThan(paper.lmax * (1 + 1e-12));
    // Chebyshev steps compared with themselves: identical to rounding
    const self = compareRootsWithChebyshev(paper.chebyshev_steps, paper.lmin, paper.lmax);
    expect(self.maxRelativeDifference).toBeLessThan(1e-14);
  });

  it('with noise (sigma = 0.3): better than Chebyshev, and the MSE depends only on the multiset', () => {
    const r = mseOptimalSteps(spectrum, T, { sigma: 0.3 });
    // b_T = sigma / sqrt(lambda) (1 - p_T(lambda)) (telescoping sum), so the noisy loss
    // sum_i w_i (p_i^2 + sigma^2 (1 - p_i)^2 / lambda_i) is a function of p_T alone
    const viaP = (steps: ArrayLike<number>) => {
      const p = stepPolynomialValues(steps, spectrum.nodes);
      let s = 0;
      spectrum.nodes.forEach((l, i) => {
        s += spectrum.weights[i] * (p[i] * p[i] + (0.09 * (1 - p[i]) * (1 - p[i])) / l);
      });
      return s;
    };
    const cheb = viaP(paper.chebyshev_steps);
    // the recurrence in index order agrees with the p_T formula to 7e-10 only (its suffix
    // products amplify rounding); mseOptimalSteps evaluates in the stable order: 1e-12
    expectClose(expectedMseCurve(spectrum, paper.chebyshev_steps, 0.3)[T], cheb, { rtol: 1e-8 });
    expectClose(r.initialMse, cheb, { rtol: 1e-12 }, 'start');
    expect(r.mse).toBeLessThan(0.95 * cheb);
    expectClose(viaP(r.steps), r.mse, { rtol: 1e-12 }, 'MSE from p_T');
    // hence order-free (the ascending order's suffix products reach 1e11, which costs the
    // noisy recurrence about 1e-7 relative: mseOptimalSteps evaluates in the stable order)
    const reversed = Float64Array.from(r.steps).reverse();
    expectClose(expectedMseCurve(spectrum, reversed, 0.3)[T], r.mse, { rtol: 1e-12 }, 'reversed');
    // the unconstrained optimum has complex root pairs; real steps converge to coinciding pairs
    expect(r.stop).toBe('gradient');
    expect(r.relativeGradient).toBeLessThanOrEqual(1e-9);
  });

  it('argument checks', () => {
    expect(() => mseOptimalSteps(spectrum, 0)).toThrow(
      /mseOptimalSteps: T must be a positive integer; got 0/,
    );
    expect(() => mseOptimalSteps(spectrum, 2, { initial: [1] })).toThrow(
      /initial must be 2 positive finite steps/,
    );
  });
});

describe('prefixSuffixNorms', () => {
  it('a hand example: steps [2, 0.25] on [1, 3] with the grid {1, 2, 3}', () => {
    const r = prefixSuffixNorms([2, 0.25], 1, 3, 3);
    // P_1 = 1 - 2 lambda: -1, -3, -5; P_2 adds (1 - lambda/4): -0.75, -1.5, -1.25
    expectAllClose(r.prefix, [1, 5, 1.5], { rtol: 1e-15 });
    // Q_1 = 1 - lambda/4: 0.75, 0.5, 0.25; Q_0 = P_2
    expectAllClose(r.suffix, [1.5, 0.75, 1], { rtol: 1e-15 });
    expect([r.maxPrefix, r.argmaxPrefix, r.maxSuffix, r.argmaxSuffix, r.final]).toEqual([
      5, 1, 1.5, 0, 1.5,
    ]);
    // the reversed order swaps the roles
    const s = prefixSuffixNorms([0.25, 2], 1, 3, 3);
    expectAllClose(s.prefix, [1, 0.75, 1.5], { rtol: 1e-15 });
    expectAllClose(s.suffix, [1.5, 5, 1], { rtol: 1e-15 });
  });

  it('property: reversing a schedule maps prefix[t] to suffix[T - t]', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 2, noNaN: true }), { minLength: 1, maxLength: 12 }),
        (steps) => {
          const f = prefixSuffixNorms(steps, 0.5, 3, 41);
          const r = prefixSuffixNorms(steps.slice().reverse(), 0.5, 3, 41);
          const T = steps.length;
          for (let t = 0; t <= T; t++) {
            expect(Math.abs(r.suffix[T - t] - f.prefix[t])).toBeLessThanOrEqual(
              1e-12 * f.prefix[t],
            );
          }
        },
      ),
      { seed: 42, numRuns: 100 },
    );
  });

  it('Chebyshev steps, T = 64, kappa = 100: monotone orders grow to 1e27, the stable order stays below 30', () => {
    const final = chebyshevBound(64, 100);
    const inc = prefixSuffixNorms(
      chebyshevSteps(64, 1, 100, { order: 'increasing' }),
      1,
      100,
      2001,
    );
    const dec = prefixSuffixNorms(
      chebyshevSteps(64, 1, 100, { order: 'decreasing' }),
      1,
      100,
      2001,
    );
    const stable = prefixSuffixNorms(chebyshevSteps(64, 1, 100, { order: 'stable' }), 1, 100, 2001);
    // measured: 1.04e27 (suffix of increasing = prefix of decreasing), 24.1 and 28.9 (stable)
    expect(inc.maxSuffix).toBeGreaterThan(1e26);
    expect(dec.maxPrefix).toBeGreaterThan(1e26);
    expect(inc.maxPrefix).toBeLessThanOrEqual(1 + 1e-12);
    expect(stable.maxPrefix).toBeLessThan(30);
    expect(stable.maxSuffix).toBeLessThan(30);
    // the same polynomial at the end: the grid contains lmin and lmax where |p_T| = 1/C_T
    for (const r of [inc, dec, stable]) expectClose(r.final, final, { rtol: 1e-10 }, 'final');
  });

  it('argument checks', () => {
    expect(() => prefixSuffixNorms([1], 1, 2, 1)).toThrow(
      /gridPoints must be an integer >= 2; got 1/,
    );
    expect(() => prefixSuffixNorms([], 1, 2, 10)).toThrow(/the schedule is empty/);
    expect(() => prefixSuffixNorms([1], 2, 1, 10)).toThrow(/prefixSuffixNorms: the interval/);
  });
});

describe('compareStepMultisets', () => {
  const paper = loadReference('paper_spectrum.json');

  it('a permutation is the same multiset, with the same expected MSE', () => {
    const steps: number[] = paper.chebyshev_steps;
    const perm = chebyshevSteps(25, paper.lmin, paper.lmax, { order: 'stable' });
    const c = compareStepMultisets(perm, steps);
    expect(c.maxRelativeDifference).toBe(0);
    const sp = spectrumFromEigenvalues(paper.eigenvalues);
    expectClose(expectedMseCurve(sp, perm)[25], expectedMseCurve(sp, steps)[25], { rtol: 1e-12 });
  });

  it('side by side, sorted, relative to b', () => {
    const c = compareStepMultisets([3, 1, 2], [2, 4, 1]);
    expectAllClose(c.a, [1, 2, 3], { rtol: 0 });
    expectAllClose(c.b, [1, 2, 4], { rtol: 0 });
    expectAllClose(c.relativeDifference, [0, 0, 0.25], { rtol: 1e-15 });
    expect([c.maxRelativeDifference, c.argmax]).toEqual([0.25, 2]);
  });

  it('the published learned steps against the Chebyshev steps (qualitative, as the README says)', () => {
    const learned: number[] = paper.published_notebook_run.learned_gammas;
    const c = compareStepMultisets(learned, paper.chebyshev_steps);
    // the learned multiset is close to Chebyshev's for the small steps and differs
    // most at the largest ones (a float32 training run, not an optimum)
    expect(c.relativeDifference[0]).toBeLessThan(0.2);
    expect(c.maxRelativeDifference).toBeGreaterThan(0.2);
  });

  it('argument checks', () => {
    expect(() => compareStepMultisets([1], [1, 2])).toThrow(/same, non-zero length; got 1 and 2/);
  });
});

describe('mseOptimalSteps on an ill-conditioned spectrum (kappa = 1e4)', () => {
  // a clustered spectrum like the diagonally scaled lund_a.mtx: a few isolated small
  // eigenvalues below a dense bulk; descent from Chebyshev steps stalls here
  const nodes = [
    ...Array.from({ length: 6 }, (_, i) => 1e-4 * 3 ** i),
    ...Array.from({ length: 114 }, (_, i) => 0.5 + (1.6 * i) / 113),
  ];
  const spectrum = spectrumFromEigenvalues(nodes);
  it.each([10, 25, 60])('T = %i: exact optimum beats Chebyshev and L-BFGS from Chebyshev', (T) => {
    const exact = mseOptimalSteps(spectrum, T);
    expect(exact.start).toBe('gauss-nodes');
    const roots = Array.from(exact.steps, (g) => 1 / g).sort((a, b) => a - b);
    expectAllClose(
      roots,
      gaussNodes(spectrum, T),
      { rtol: 1e-8 },
      'roots vs independent Gauss nodes',
    );
    const cheb = expectedMseCurve(
      spectrum,
      chebyshevSteps(T, nodes[0], nodes[nodes.length - 1], { order: 'stable' }),
    )[T];
    expect(exact.mse).toBeLessThan(cheb);
    const fromChebyshev = mseOptimalSteps(spectrum, T, {
      initial: chebyshevSteps(T, nodes[0], nodes[nodes.length - 1]),
      maxIterations: 300,
    });
    // the descent can only reach the optimum from above (relative slack for rounding)
    expect(exact.mse).toBeLessThanOrEqual(fromChebyshev.mse * (1 + 1e-9));
  });
});
