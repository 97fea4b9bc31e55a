/**
 * Incremental training: the paper's default run with the moment engine on
 * the authors' spectrum, per-generation records, determinism, partial
 * generations, and training that turns non-finite.
 */
import { describe, expect, it } from 'vitest';
import { expectedMseCurve, spectralRadius } from '../src/analysis/index.js';
import { spectrumFromEigenvalues } from '../src/linalg/index.js';
import { Rng } from '../src/random/index.js';
import { constantSteps, optimalConstantStep } from '../src/schedules/index.js';
import { createEngine, trainIncremental, type EngineName } from '../src/unfold/index.js';
import { expectAllClose, expectClose } from './helpers/close.js';
import { loadReference } from './helpers/reference.js';

const ref = loadReference('paper_spectrum.json');
const paper = spectrumFromEigenvalues(ref.eigenvalues);

function train(
  engine: EngineName,
  opts: {
    T?: number;
    batches?: number;
    lr?: number;
    seed?: number;
    generations?: number;
    batchSize?: number;
  },
) {
  const e = createEngine({ engine, spectrum: paper, batchSize: opts.batchSize ?? 200 });
  return trainIncremental(e, new Rng(opts.seed ?? 12, 1), {
    T: opts.T ?? 25,
    batches: opts.batches ?? 500,
    lr: opts.lr ?? 0.002,
    generations: opts.generations,
    spectrum: paper,
  });
}

describe("the paper's default training on the authors' spectrum (moment engine)", () => {
  const r = train('moment', {});
  const curve = expectedMseCurve(paper, r.steps);
  const gd = expectedMseCurve(paper, constantSteps(25, optimalConstantStep(ref.lmin, ref.lmax)));

  it('reaches the published quality: MSE_25 <= 1e-6 and >= 500x below GD', () => {
    expect(r.status).toBe('completed');
    expect(r.adamSteps).toBe(25 * 500);
    expect(curve[25]).toBeLessThan(1e-6);
    expect(gd[25] / curve[25]).toBeGreaterThan(500);
    // published run (float32 GPU, other samples): 3.88e-7; same order of magnitude
    expect(curve[25] / ref.published_notebook_run.expected_mse_learned_gammas[25]).toBeGreaterThan(
      0.2,
    );
    expect(curve[25] / ref.published_notebook_run.expected_mse_learned_gammas[25]).toBeLessThan(5);
  });

  it('shows the zig-zag: large steps (> 1.5) alternating with small ones (< 0.3) early on', () => {
    for (let t = 0; t < 10; t += 2) {
      expect(r.steps[t], `gamma_${t}`).toBeGreaterThan(1.5);
      expect(r.steps[t + 1], `gamma_${t + 1}`).toBeLessThan(0.3);
    }
    // the largest learned step is near the published 2.80 and below 2/lmin-ish nonsense
    const max = Math.max(...r.steps);
    expect(max).toBeGreaterThan(2.4);
    expect(max).toBeLessThan(3.2);
  });

  it('records per generation: mean loss, exact MSE and spectral radius of the prefix, its steps', () => {
    expect(r.history.map((h) => h.generation)).toEqual(Array.from({ length: 25 }, (_, g) => g + 1));
    const last = r.history[24];
    expectAllClose(last.steps, r.steps, { rtol: 0 });
    for (const h of [r.history[0], r.history[9], last]) {
      expect(h.steps.length).toBe(h.generation);
      expectClose(h.expectedMse, expectedMseCurve(paper, h.steps)[h.generation], { rtol: 1e-12 });
      expectClose(h.spectralRadius, spectralRadius(h.steps, paper.nodes), { rtol: 1e-15 });
      // the mean batch loss of a generation estimates the expected MSE while training
      // (the steps still move during the generation, so only loosely)
      expect(h.loss / h.expectedMse).toBeGreaterThan(0.5);
      expect(h.loss / h.expectedMse).toBeLessThan(5);
      expect(h.lastLoss).toBeGreaterThan(0);
    }
    // later generations end lower (incremental training improves the deeper network)
    expect(last.expectedMse).toBeLessThan(r.history[12].expectedMse);
  });
});

describe('trainIncremental', () => {
  it('same seed, same bytes; another seed, other steps', () => {
    const a = train('spectral', { T: 5, batches: 20, batchSize: 10, seed: 3 });
    const b = train('spectral', { T: 5, batches: 20, batchSize: 10, seed: 3 });
    const c = train('spectral', { T: 5, batches: 20, batchSize: 10, seed: 4 });
    expect(Array.from(a.params)).toEqual(Array.from(b.params));
    expect(Array.from(a.params)).not.toEqual(Array.from(c.params));
  });

  it('generations < T: later layers keep init and never move', () => {
    const r = train('expected', { T: 8, batches: 30, generations: 3 });
    expect(r.history.length).toBe(3);
    expect(Array.from(r.params.subarray(3))).toEqual(new Array(5).fill(0.3));
    expect(r.params[0]).not.toBe(0.3);
  });

  it('a huge learning rate: stops as non-finite and keeps the last finite parameters', () => {
    const seen: Float64Array[] = [];
    const e = createEngine({ engine: 'moment', spectrum: paper, batchSize: 50 });
    const r = trainIncremental(e, new Rng(1, 1), {
      T: 6,
      batches: 20,
      lr: 1e300,
      spectrum: paper,
      onBatch: () => {},
      onGeneration: (_rec, { params }) => seen.push(params.slice()),
    });
    expect(r.status).toBe('non-finite');
    expect(r.nonFinite).not.toBeNull();
    expect(r.nonFinite!.generation).toBe(1);
    expect(r.params.every(Number.isFinite)).toBe(true);
    expect(r.history.length).toBe(r.nonFinite!.generation - 1);
    // the kept parameters give a finite loss (they are the ones of the last finite batch)
    const grad = new Float64Array(6);
    const loss = createEngine({
      engine: 'expected',
      spectrum: paper,
      batchSize: 1,
    }).batchLossAndGradient(
      Float64Array.from(r.params.subarray(0, r.nonFinite!.generation), Math.abs),
      new Rng(0),
      grad,
    );
    expect(Number.isFinite(loss)).toBe(true);
    expect(r.steps).toEqual(Float64Array.from(r.params, Math.abs));
  });

  it('an overflowing Adam update (grad^2 > 1e308) also counts as non-finite', () => {
    const r = train('moment', { T: 25, batches: 50, lr: 1e10, batchSize: 50 });
    expect(r.status).toBe('non-finite');
    expect(r.nonFinite!.cause).toBe('update');
    expect(Number.isFinite(r.nonFinite!.loss)).toBe(true);
    expect(r.params.every(Number.isFinite)).toBe(true);
  });

  it('argument checks', () => {
    const e = createEngine({ engine: 'expected', spectrum: paper, batchSize: 1 });
    const base = { T: 3, batches: 2, lr: 0.01, spectrum: paper };
    expect(() => trainIncremental(e, new Rng(0), { ...base, T: 0 })).toThrow(
      /trainIncremental: T must be a positive integer; got 0/,
    );
    expect(() => trainIncremental(e, new Rng(0), { ...base, batches: 1.5 })).toThrow(
      /batches must be a positive integer; got 1.5/,
    );
    expect(() => trainIncremental(e, new Rng(0), { ...base, generations: 4 })).toThrow(
      /generations must be <= T = 3; got 4/,
    );
    expect(() => trainIncremental(e, new Rng(0), { ...base, init: NaN })).toThrow(
      /init must be a finite number; got NaN/,
    );
    expect(() => trainIncremental(e, new Rng(0), { ...base, lr: -1 })).toThrow(
      /Adam: lr must be a finite number > 0; got -1/,
    );
  });
});
