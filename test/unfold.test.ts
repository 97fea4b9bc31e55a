/**
 * DUGD engines and training against the shared references
 * (dugd_minibatch.json, dugd_training_tiny.json), finite differences, and
 * exact identities between engines on the same samples.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SpectralRecurrence } from '../src/analysis/index.js';
import { denseMatrix, fromRows, spectrumFromEigenvalues, toRows } from '../src/linalg/index.js';
import { Rng } from '../src/random/index.js';
import {
  Adam,
  DenseEngine,
  ExpectedEngine,
  MomentEngine,
  SpectralEngine,
  createEngine,
  trainIncremental,
  type TrainingEngine,
} from '../src/unfold/index.js';
import { expectAllClose, expectClose } from './helpers/close.js';
import { loadReference } from './helpers/reference.js';

// DUGD loss, gradient, Adam steps, tiny training (float64): relative 1e-10 (reference README)
const DUGD = { rtol: 1e-10 };

/** A sample source that hands out the given batches (rows = samples) in order. */
function explicitSamples(batches: number[][][]) {
  let k = 0;
  return (x: Float64Array) => {
    x.set(batches[k++].flat());
  };
}

describe('dugd_minibatch.json: one batch of the dense engine', () => {
  const ref = loadReference('dugd_minibatch.json');
  const H = fromRows(ref.H);
  const p: number[] = ref.params;
  for (const form of ['A', 'H'] as const) {
    it(`form ${form}: loss, gradient with respect to raw p, iterates`, () => {
      const engine = new DenseEngine(H, {
        batchSize: ref.batch,
        form,
        samples: explicitSamples([ref.X]),
      });
      const gradGamma = new Float64Array(ref.T);
      const loss = engine.batchLossAndGradient(
        Float64Array.from(p, Math.abs),
        new Rng(0),
        gradGamma,
      );
      expectClose(loss, ref.loss, DUGD, 'loss');
      const grad = gradGamma.map((g, t) => Math.sign(p[t]) * g);
      expectAllClose(grad, ref.grad, DUGD, 'grad');
      for (let t = 0; t <= ref.T; t++) {
        // s_0 = 0 exactly; the later iterates are O(1): relative 1e-10 + absolute 1e-12
        expectAllClose(
          toRows(engine.iterate(t)).flat(),
          ref.iterates[t].flat(),
          { rtol: 1e-10, atol: 1e-12 },
          `iterate ${t}`,
        );
      }
    });
  }

  it('two torch Adam steps on this batch', () => {
    const engine = new DenseEngine(H, {
      batchSize: ref.batch,
      samples: explicitSamples([ref.X, ref.X]),
    });
    const params = Float64Array.from(p);
    const adam = new Adam(ref.T, { lr: ref.lr });
    const gradGamma = new Float64Array(ref.T);
    for (const s of ref.adam_steps) {
      const loss = engine.batchLossAndGradient(
        Float64Array.from(params, Math.abs),
        new Rng(0),
        gradGamma,
      );
      const grad = gradGamma.map((g, t) => Math.sign(params[t]) * g);
      expectClose(loss, s.loss_before, DUGD, `loss step ${s.step}`);
      expectAllClose(grad, s.grad, DUGD, `grad step ${s.step}`);
      adam.step(params, grad);
      expect(adam.stepCount).toBe(s.step);
      expectAllClose(adam.m, s.exp_avg, DUGD, `exp_avg step ${s.step}`);
      expectAllClose(adam.v, s.exp_avg_sq, DUGD, `exp_avg_sq step ${s.step}`);
      expectAllClose(params, s.params_after, DUGD, `params step ${s.step}`);
    }
  });
});

describe('dugd_training_tiny.json: incremental training with one global Adam counter', () => {
  const ref = loadReference('dugd_training_tiny.json');
  it('batch losses, parameters and Adam moments after every generation', () => {
    const H = fromRows(ref.H);
    const engine = new DenseEngine(H, {
      batchSize: ref.batch,
      samples: explicitSamples(ref.samples.flat()),
    });
    const losses: number[][] = [];
    const result = trainIncremental(engine, new Rng(0), {
      T: ref.T,
      batches: ref.batches_per_generation,
      lr: ref.lr,
      init: ref.init,
      spectrum: spectrumFromEigenvalues([1, 2]), // only for the records
      onBatch: (g, _i, loss) => (losses[g - 1] ??= []).push(loss),
      onGeneration: (rec, { params, adam }) => {
        const gen = ref.generations[rec.generation - 1];
        expectAllClose(
          losses[rec.generation - 1],
          gen.batch_losses,
          DUGD,
          `losses g=${rec.generation}`,
        );
        expectAllClose(params, gen.params_after, DUGD, `params g=${rec.generation}`);
        expectAllClose(adam.m, gen.exp_avg_after, DUGD, `exp_avg g=${rec.generation}`);
        expectAllClose(adam.v, gen.exp_avg_sq_after, DUGD, `exp_avg_sq g=${rec.generation}`);
        expectClose(
          rec.loss,
          gen.batch_losses.reduce((a: number, b: number) => a + b, 0) / gen.batch_losses.length,
          DUGD,
          'mean loss',
        );
      },
    });
    expect(result.status).toBe('completed');
    expect(result.history.length).toBe(ref.T);
    expect(result.adamSteps).toBe(ref.T * ref.batches_per_generation);
    expectAllClose(result.params, ref.final_params, DUGD, 'final params');
  });
});

describe('Adam', () => {
  it('a layer first used at global step k moves by lr (1-b1)/(1-b1^k) sqrt(1-b2^k)/sqrt(1-b2)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3000 }),
        fc.double({ min: 1e-3, max: 10, noNaN: true }),
        (k, g) => {
          const adam = new Adam(2, { lr: 0.002 });
          const params = new Float64Array([0, 0.3]);
          for (let j = 1; j < k; j++) adam.step(params, new Float64Array([1, 0])); // layer 1 unused
          expect(params[1]).toBe(0.3);
          adam.step(params, new Float64Array([1, g]));
          const predicted =
            (0.002 * ((1 - 0.9) / (1 - 0.9 ** k))) /
            (Math.sqrt(1 - 0.999) / Math.sqrt(1 - 0.999 ** k) + 1e-8 / g);
          expectClose(0.3 - params[1], predicted, { rtol: 1e-9 }, 'first move');
        },
      ),
      { numRuns: 40 },
    );
  });
});

/** Loss of `engine` at `steps` on the batch drawn by Rng(seed, 1). */
function lossAt(engine: TrainingEngine, steps: number[], seed: number): number {
  return engine.batchLossAndGradient(
    Float64Array.from(steps),
    new Rng(seed, 1),
    new Float64Array(steps.length),
  );
}

describe('gradients of every engine against central finite differences (same batch)', () => {
  const n = 12;
  const m = 20;
  const rng = new Rng(5);
  const H = denseMatrix(n, m);
  rng.fillNormal(H.data, 0, 1 / Math.sqrt(n));
  // a spectrum with unequal gaps and a weighted variant are both fine for the sampled engines
  const spectrum = spectrumFromEigenvalues(
    Array.from({ length: n }, (_, i) => 0.2 + 0.45 * i + 0.01 * i * i),
  );
  const steps = [0.3, 0.15, 0.45, 0.2, 0.33];
  for (const noise of [0, 0.3]) {
    const engines: TrainingEngine[] = [
      new DenseEngine(H, { batchSize: 7, noise }),
      new DenseEngine(H, { batchSize: 7, noise, form: 'H' }),
      new SpectralEngine(spectrum, { batchSize: 7, noise }),
      new MomentEngine(spectrum, { batchSize: 7, noise }),
      new ExpectedEngine(spectrum, { noise }),
    ];
    for (const engine of engines) {
      it(`${engine.name}${engine instanceof DenseEngine ? ` (${engine.form})` : ''}, sigma = ${noise}`, () => {
        const grad = new Float64Array(steps.length);
        const loss = engine.batchLossAndGradient(Float64Array.from(steps), new Rng(9, 1), grad);
        expect(loss).toBe(lossAt(engine, steps, 9)); // same seed, same batch, same loss
        const h = 1e-6;
        const fd = steps.map((_, k) => {
          const up = steps.slice();
          const down = steps.slice();
          up[k] += h;
          down[k] -= h;
          return (lossAt(engine, up, 9) - lossAt(engine, down, 9)) / (2 * h);
        });
        // central differences: O(h^2) truncation + O(eps/h) rounding
        expectAllClose(grad, fd, { rtol: 1e-6, atol: 1e-9 }, 'fd');
      });
    }
  }
});

describe('exact identities between engines on the same samples', () => {
  const lambda = [0.25, 0.6, 1.1, 1.7, 2.4, 3.2, 4.1];
  const n = lambda.length;
  const spectrum = spectrumFromEigenvalues(lambda);
  const steps = Float64Array.from([0.35, 0.2, 0.5, 0.28]);
  const bs = 9;

  for (const noise of [0, 0.4]) {
    it(`dense on H = diag(sqrt(lambda)) equals spectral (sigma = ${noise})`, () => {
      // A = diag(lambda): z = x, and H w = sqrt(lambda) w, so the dense engine's draws
      // (x then w ~ sigma N(0,1)) are the spectral engine's (z then xi), scaled.
      const H = denseMatrix(n, n);
      for (let i = 0; i < n; i++) H.data[i * n + i] = Math.sqrt(lambda[i]);
      const dense = new DenseEngine(H, { batchSize: bs, noise });
      const spectral = new SpectralEngine(spectrum, { batchSize: bs, noise });
      const gd = new Float64Array(steps.length);
      const gs = new Float64Array(steps.length);
      const ld = dense.batchLossAndGradient(steps, new Rng(3, 1), gd);
      const ls = spectral.batchLossAndGradient(steps, new Rng(3, 1), gs);
      expectClose(ls, ld, { rtol: 1e-12 }, 'loss');
      expectAllClose(gs, gd, { rtol: 1e-11, atol: 1e-14 }, 'gradient');
    });

    it(`the spectral batch loss depends on the batch only through per-node moments (sigma = ${noise})`, () => {
      // the identity the moment engine rests on: L = sum_i w_i (S_zz a^2 + 2 S_zx a b + S_xx b^2)
      const spectral = new SpectralEngine(spectrum, { batchSize: bs, noise });
      const gs = new Float64Array(steps.length);
      const ls = spectral.batchLossAndGradient(steps, new Rng(4, 1), gs);
      const r = new Rng(4, 1);
      const z = Array.from({ length: bs * n }, () => r.normal());
      const xi = noise > 0 ? Array.from({ length: bs * n }, () => r.normal()) : z.map(() => 0);
      const moments = { zz: new Float64Array(n), zx: new Float64Array(n), xx: new Float64Array(n) };
      for (let b = 0; b < bs; b++) {
        for (let i = 0; i < n; i++) {
          const k = b * n + i;
          moments.zz[i] += (z[k] * z[k]) / bs;
          moments.zx[i] += (z[k] * xi[k]) / bs;
          moments.xx[i] += (xi[k] * xi[k]) / bs;
        }
      }
      const gm = new Float64Array(steps.length);
      const lm = new SpectralRecurrence(spectrum, noise).lossAndGradient(steps, gm, moments);
      expectClose(lm, ls, { rtol: 1e-12 }, 'loss');
      expectAllClose(gm, gs, { rtol: 1e-11, atol: 1e-14 }, 'gradient');
    });
  }

  it('expected engine = exact expected MSE and its gradient; rng untouched', () => {
    const e = createEngine({ engine: 'expected', spectrum, batchSize: 1, noise: 0.2 });
    const grad = new Float64Array(steps.length);
    const rng = new Rng(1);
    const loss = e.batchLossAndGradient(steps, rng, grad);
    const ref = new SpectralRecurrence(spectrum, 0.2);
    const g2 = new Float64Array(steps.length);
    expect(loss).toBe(ref.lossAndGradient(steps, g2));
    expect(Array.from(grad)).toEqual(Array.from(g2));
    expect(rng.nextUint32()).toBe(new Rng(1).nextUint32());
  });
});

describe('createEngine and argument checks', () => {
  const spectrum = spectrumFromEigenvalues([1, 2, 3]);
  it('builds each engine by name and rejects bad arguments', () => {
    for (const name of ['spectral', 'moment', 'expected'] as const) {
      expect(createEngine({ engine: name, spectrum, batchSize: 4 }).name).toBe(name);
    }
    expect(() => createEngine({ engine: 'dense', spectrum, batchSize: 4 })).toThrow(
      /dense engine needs the matrix H/,
    );
    expect(() => createEngine({ engine: 'nope' as 'dense', spectrum, batchSize: 4 })).toThrow(
      /engine must be one of dense, spectral, moment, expected; got nope/,
    );
    expect(() => new MomentEngine(spectrum, { batchSize: 0 })).toThrow(
      /MomentEngine: batchSize must be a positive integer; got 0/,
    );
    expect(() => new SpectralEngine(spectrum, { batchSize: 2, noise: -1 })).toThrow(
      /noise must be a finite number >= 0; got -1/,
    );
    expect(() => new Adam(3, { lr: 0 })).toThrow(/Adam: lr must be a finite number > 0; got 0/);
  });
});
