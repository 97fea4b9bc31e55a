/**
 * The library as a user sees it: everything through the package entry
 * (dist/src/index.js, what `import ... from 'dugd'` resolves to), on a small
 * end-to-end workflow whose numbers are checked against independent ones.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ensureBuilt } from './helpers/built-cli.js';
import * as top from '../src/index.js';
import * as linalg from '../src/linalg/index.js';
import * as random from '../src/random/index.js';
import * as io from '../src/io/index.js';
import * as schedules from '../src/schedules/index.js';
import * as analysis from '../src/analysis/index.js';
import * as problems from '../src/problems/index.js';
import * as solvers from '../src/solvers/index.js';
import * as unfold from '../src/unfold/index.js';
import * as experiments from '../src/experiments/index.js';
import * as report from '../src/report/index.js';

describe('public API (package entry)', () => {
  it('exports the documented names and runs the paper workflow on a small problem', async () => {
    ensureBuilt();
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    const dugd = await import(new URL(`../${pkg.exports['.'].default}`, import.meta.url).href);
    for (const name of [
      'Rng',
      'chebyshevSteps',
      'optimalConstantStep',
      'spectralRadius',
      'expectedMseCurve',
      'gaussianProblem',
      'gaussianSpectrum',
      'symmetricEigenvalues',
      'runTraining',
      'trainIncremental',
      'createEngine',
      'solve',
      'gdIterates',
      'cgIterates',
      'readMatrixMarket',
      'readNpy',
      'readTable',
      'estimateSpectrum',
      'spectralDensity',
      'mseOptimalSteps',
    ]) {
      expect(typeof dugd[name], name).toBe('function');
    }
    // train 8 layers on a 40 x 80 problem; compare with the Chebyshev schedule and GD
    const run = dugd.runTraining({
      ...dugd.PAPER_DEFAULTS,
      n: 40,
      m: 80,
      T: 8,
      seed: 3,
      noise: 0,
      evalSamples: 0,
    });
    const problem = dugd.gaussianProblem({ n: 40, m: 80, seed: 3 });
    const eig = dugd.symmetricEigenvalues(problem.gramMatrix());
    // the run's spectrum is the eigenvalues of H H^T for the same seed
    expect(Array.from(run.spectrum.eigenvalues)).toEqual(Array.from(eig));
    const spectrum = dugd.spectrumFromEigenvalues(eig);
    const learned = dugd.expectedMseCurve(spectrum, run.steps.learned)[8];
    const gd = dugd.expectedMseCurve(
      spectrum,
      dugd.constantSteps(8, dugd.optimalConstantStep(eig[0], eig[39])),
    )[8];
    expect(run.evaluation.expected.dugd[8]).toBeCloseTo(learned, 15);
    // measured: about 9x lower than GD after 8 steps (kappa ~ 30)
    expect(learned).toBeLessThan(gd / 5);
    // the paper's bounds rho^2/n <= MSE <= rho^2
    const rho = dugd.spectralRadius(run.steps.learned, eig);
    expect(learned).toBeGreaterThanOrEqual((rho * rho) / 40);
    expect(learned).toBeLessThanOrEqual(rho * rho);
  });
});

describe('src/index.ts stays in sync with the layers', () => {
  it('re-exports every value exported by a layer index', () => {
    const layers = {
      linalg,
      random,
      io,
      schedules,
      analysis,
      problems,
      solvers,
      unfold,
      experiments,
      report,
    };
    const missing: string[] = [];
    for (const [layer, mod] of Object.entries(layers)) {
      for (const name of Object.keys(mod)) if (!(name in top)) missing.push(`${layer}: ${name}`);
    }
    // regenerate with: python3 scripts/gen-index.py && npx prettier --write src/index.ts
    expect(missing).toEqual([]);
  });
});
