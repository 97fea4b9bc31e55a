/**
 * The four engines agree in distribution (issue 2): on a small problem
 * (n = 40, m = 80, T = 6, fixed steps), with and without noise, the batch
 * loss and gradient of dense, spectral and moment have the same means
 * (within 4 standard errors of the difference, over 3000 batches each) and
 * similar variances, and their means equal the expected engine's value.
 * The dense engine uses the actual H; `expected` uses that H's eigenvalues.
 */
import { describe, expect, it } from 'vitest';
import { gaussianProblem, gaussianSpectrum } from '../src/problems/index.js';
import { Rng } from '../src/random/index.js';
import { createEngine, type EngineName, type TrainingEngine } from '../src/unfold/index.js';

const BATCHES = 3000;
const Z = 4; // standard errors allowed for a difference of means (42 comparisons per setting)

interface Stats {
  mean: number[];
  variance: number[];
}

/** Means and variances of [loss, grad_0..grad_{T-1}] over `count` batches. */
function collect(engine: TrainingEngine, steps: Float64Array, count: number, seed: number): Stats {
  const T = steps.length;
  const rng = new Rng(seed, 1);
  const grad = new Float64Array(T);
  const s = new Float64Array(T + 1);
  const s2 = new Float64Array(T + 1);
  for (let k = 0; k < count; k++) {
    const loss = engine.batchLossAndGradient(steps, rng, grad);
    s[0] += loss;
    s2[0] += loss * loss;
    for (let t = 0; t < T; t++) {
      s[t + 1] += grad[t];
      s2[t + 1] += grad[t] * grad[t];
    }
  }
  const mean = Array.from(s, (v) => v / count);
  const variance = Array.from(s2, (v, j) => ((v / count - mean[j] ** 2) * count) / (count - 1));
  return { mean, variance };
}

describe('engine agreement on n = 40, m = 80, T = 6', () => {
  const steps = Float64Array.from([0.3, 0.5, 0.2, 0.4, 0.25, 0.35]);
  const T = steps.length;
  const bs = 8;
  for (const noise of [0, 0.3]) {
    it(`sigma = ${noise}: dense, spectral, moment match each other and expected`, () => {
      const problem = gaussianProblem({ n: 40, m: 80, seed: 7, noise });
      const spectrum = gaussianSpectrum(problem);
      const make = (engine: EngineName) =>
        createEngine({ engine, spectrum, H: problem.H, batchSize: bs, noise });
      const stats: Record<string, Stats> = {
        dense: collect(make('dense'), steps, BATCHES, 11),
        spectral: collect(make('spectral'), steps, BATCHES, 12),
        moment: collect(make('moment'), steps, BATCHES, 13),
      };
      const exactGrad = new Float64Array(T);
      const exactLoss = make('expected').batchLossAndGradient(steps, new Rng(0), exactGrad);
      const exact = [exactLoss, ...exactGrad];
      const labels = ['loss', ...Array.from({ length: T }, (_, t) => `grad ${t}`)];
      let worst = 0;
      const names = Object.keys(stats);
      for (let j = 0; j <= T; j++) {
        for (const a of names) {
          const se = Math.sqrt(stats[a].variance[j] / BATCHES);
          const z = Math.abs(stats[a].mean[j] - exact[j]) / se;
          worst = Math.max(worst, z);
          expect(
            z,
            `${a} ${labels[j]} vs expected: ${stats[a].mean[j]} vs ${exact[j]}`,
          ).toBeLessThan(Z);
          for (const b of names) {
            if (a >= b) continue;
            const seDiff = Math.sqrt((stats[a].variance[j] + stats[b].variance[j]) / BATCHES);
            const zd = Math.abs(stats[a].mean[j] - stats[b].mean[j]) / seDiff;
            worst = Math.max(worst, zd);
            expect(zd, `${a} vs ${b}, ${labels[j]}`).toBeLessThan(Z);
            // variances: the ratio's standard error is ~ 0.03-0.05 here; allow about 5 of them
            const ratio = stats[a].variance[j] / stats[b].variance[j];
            expect(ratio, `${a}/${b} variance of ${labels[j]}`).toBeGreaterThan(0.78);
            expect(ratio, `${a}/${b} variance of ${labels[j]}`).toBeLessThan(1.28);
          }
        }
      }
      // the batch loss is not deterministic: each sampled engine has a real spread
      for (const a of names) expect(stats[a].variance[0]).toBeGreaterThan(1e-4 * exactLoss ** 2);
      expect(worst).toBeLessThan(Z);
    });
  }

  it('a wrong batch size in the moment engine is detected (the test can fail)', () => {
    const problem = gaussianProblem({ n: 40, m: 80, seed: 7 });
    const spectrum = gaussianSpectrum(problem);
    const dense = collect(
      createEngine({ engine: 'dense', H: problem.H, batchSize: bs, spectrum }),
      steps,
      1500,
      21,
    );
    const wrong = collect(
      createEngine({ engine: 'moment', spectrum, batchSize: 2 * bs }),
      steps,
      1500,
      22,
    );
    // same means (both unbiased) but half the variance
    expect(wrong.variance[0] / dense.variance[0]).toBeLessThan(0.7);
  });
});
