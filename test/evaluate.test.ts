/**
 * Evaluation curves: exact expectation against the shared reference
 * (paper_spectrum.json), periodic repetition, and the sampled estimate
 * against a brute-force per-sample simulation on the same draws.
 */
import { describe, expect, it } from 'vitest';
import { expectedMseCurve } from '../src/analysis/index.js';
import {
  baselineSchedules,
  evaluateSchedules,
  sampleNodeMoments,
} from '../src/experiments/index.js';
import { spectrumFromEigenvalues, type Spectrum } from '../src/linalg/index.js';
import { Rng } from '../src/random/index.js';
import {
  chebyshevSteps,
  constantSteps,
  optimalConstantStep,
  repeatSchedule,
} from '../src/schedules/index.js';
import { expectAllClose, expectClose } from './helpers/close.js';
import { loadReference } from './helpers/reference.js';

// MSE curves: relative 1e-10 + absolute 1e-12 (reference README)
const CURVE = { rtol: 1e-10, atol: 1e-12 };

/** Brute force: N samples drawn as evaluate.ts documents, each pushed through GD. */
function bruteForce(spectrum: Spectrum, steps: Float64Array, N: number, sigma: number, rng: Rng) {
  const n = spectrum.nodes.length;
  const K = steps.length;
  const per = Array.from({ length: K + 1 }, () => new Float64Array(N));
  const z = new Float64Array(n);
  const xi = new Float64Array(n);
  for (let b = 0; b < N; b++) {
    rng.fillNormal(z);
    if (sigma > 0) for (let i = 0; i < n; i++) xi[i] = rng.normal();
    const e = Float64Array.from(z, (v) => -v); // e_0 = s_0 - x = -z
    for (let t = 0; t <= K; t++) {
      let mse = 0;
      for (let i = 0; i < n; i++) mse += spectrum.weights[i] * e[i] * e[i];
      per[t][b] = mse;
      if (t === K) break;
      for (let i = 0; i < n; i++) {
        const l = spectrum.nodes[i];
        e[i] = (1 - steps[t] * l) * e[i] + steps[t] * sigma * Math.sqrt(l) * xi[i];
      }
    }
  }
  const mean = per.map((v) => v.reduce((a, x) => a + x, 0) / N);
  const se = per.map((v, t) => {
    const m = mean[t];
    return Math.sqrt(v.reduce((a, x) => a + (x - m) ** 2, 0) / (N - 1) / N);
  });
  return { mean, se };
}

describe('evaluateSchedules', () => {
  const ref = loadReference('paper_spectrum.json');
  const spectrum = spectrumFromEigenvalues(ref.eigenvalues);

  it('exact curves of GD and CHGD equal paper_spectrum.json; radii and rates', () => {
    const { gd, chgd } = baselineSchedules(ref.lmin, ref.lmax, ref.T);
    expectAllClose(gd, constantSteps(ref.T, optimalConstantStep(ref.lmin, ref.lmax)), {
      rtol: 1e-15,
    });
    expectAllClose(chgd, ref.chebyshev_steps, { rtol: 1e-12 }, 'chebyshev steps');
    const ev = evaluateSchedules({ gd, chgd }, { spectrum, samples: 0 });
    expect(ev.horizon).toBe(ref.T);
    expect(ev.schedules.gd.sampled).toBeNull();
    expectAllClose(ev.schedules.gd.expected, ref.expected_mse.gd_constant, CURVE, 'gd');
    expectAllClose(
      ev.schedules.chgd.expected,
      ref.expected_mse.chebyshev_index_order,
      CURVE,
      'chgd',
    );
    // p, spectral radii: relative 1e-10 + absolute 1e-13
    expectClose(
      ev.schedules.chgd.spectralRadius,
      ref.chebyshev_spectral_radius,
      { rtol: 1e-10, atol: 1e-13 },
      'rho',
    );
    expectClose(ev.schedules.chgd.rate, ref.chebyshev_spectral_radius ** (1 / ref.T), {
      rtol: 1e-10,
    });
    // the published learned steps: their exact curve is in the reference too
    const pub = evaluateSchedules(
      { dugd: ref.published_notebook_run.learned_gammas },
      { spectrum, samples: 0 },
    );
    expectAllClose(
      pub.schedules.dugd.expected,
      ref.published_notebook_run.expected_mse_learned_gammas,
      CURVE,
      'published',
    );
  });

  it('beyond T the schedule repeats periodically', () => {
    const steps = chebyshevSteps(7, 0.5, 4);
    const ev = evaluateSchedules({ c: steps }, { spectrum, horizon: 21, samples: 0 });
    expect(ev.schedules.c.expected.length).toBe(22);
    expectAllClose(ev.schedules.c.expected, expectedMseCurve(spectrum, repeatSchedule(steps, 21)), {
      rtol: 1e-15,
    });
    // after every whole period the error polynomial is p_T^k: MSE_{kT} <= rho^{2k}
    const rho = ev.schedules.c.spectralRadius;
    for (const k of [1, 2, 3])
      expect(ev.schedules.c.expected[7 * k]).toBeLessThanOrEqual(rho ** (2 * k));
  });

  for (const sigma of [0, 0.3]) {
    it(`sampled curve = brute-force simulation on the same draws (sigma = ${sigma})`, () => {
      const small = spectrumFromEigenvalues(Array.from({ length: 30 }, (_, i) => 0.2 + 0.15 * i));
      const steps = Float64Array.from([0.6, 0.25, 0.45, 0.3]);
      const N = 3000;
      const ev = evaluateSchedules(
        { a: steps },
        { spectrum: small, noise: sigma, horizon: 8, samples: N, rng: new Rng(5, 2) },
      );
      const brute = bruteForce(small, repeatSchedule(steps, 8), N, sigma, new Rng(5, 2));
      // the same sum, regrouped: agreement to rounding
      expectAllClose(ev.schedules.a.sampled!, brute.mean, { rtol: 1e-12 }, 'sampled');
      // and it estimates the exact expectation within 4 standard errors
      for (let t = 0; t <= 8; t++) {
        const z = Math.abs(ev.schedules.a.sampled![t] - ev.schedules.a.expected[t]) / brute.se[t];
        expect(z, `t=${t}`).toBeLessThan(4);
      }
      expect(ev.sampler).toBe('spectral');
      expect(ev.samples).toBe(N);
    });
  }

  it('same seed, same numbers; the sample moments have mean 1 (zz, xx) and 0 (zx)', () => {
    const a = sampleNodeMoments(4, 20000, true, new Rng(1, 2));
    const b = sampleNodeMoments(4, 20000, true, new Rng(1, 2));
    expect(Array.from(a.zz)).toEqual(Array.from(b.zz));
    // each entry is a mean of 20000 terms with variance 2 (squares) or 1 (products)
    expectAllClose(a.zz, [1, 1, 1, 1], { atol: 5 * Math.sqrt(2 / 20000) }, 'zz');
    expectAllClose(a.xx, [1, 1, 1, 1], { atol: 5 * Math.sqrt(2 / 20000) }, 'xx');
    expectAllClose(a.zx, [0, 0, 0, 0], { atol: 5 * Math.sqrt(1 / 20000) }, 'zx');
  });

  it('argument checks', () => {
    expect(() => evaluateSchedules({}, { spectrum })).toThrow(/no schedules/);
    expect(() => evaluateSchedules({ a: [] }, { spectrum })).toThrow(/'a' is empty/);
    expect(() => evaluateSchedules({ a: [0.1, NaN] }, { spectrum, samples: 0 })).toThrow(
      /schedule 'a' step 1 must be finite; got NaN/,
    );
    expect(() => evaluateSchedules({ a: [0.1] }, { spectrum })).toThrow(/an rng/);
    expect(() => evaluateSchedules({ a: [0.1] }, { spectrum, horizon: -1, samples: 0 })).toThrow(
      /horizon must be a non-negative integer; got -1/,
    );
  });
});
