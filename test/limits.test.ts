/**
 * Size limits at the library boundaries (linalg/limits.ts): every place that
 * allocates from a size argument refuses more than MAX_FLOAT64_ENTRIES with a
 * RangeError naming the function, before allocating (so these tests are
 * fast; without the checks they crash V8 or run for minutes). Also the
 * training cost model, arrays of a million entries where a spread
 * (Math.max(...a)) overflowed the call stack, the O(n K) sampled curve and
 * the Chebyshev rate where the bound underflows.
 */
import { describe, expect, it } from 'vitest';
import {
  chebyshevAsymptoticRate,
  chebyshevBound,
  chebyshevRate,
  SpectralRecurrence,
  worstCaseOnInterval,
} from '../src/analysis/index.js';
import {
  MAX_TRAINING_WORK,
  PAPER_SETTINGS,
  runTraining,
  sampleNodeMoments,
  trainingCost,
} from '../src/experiments/index.js';
import { table } from '../src/cli/format.js';
import {
  checkFloat64Entries,
  denseMatrix,
  formatBytes,
  MAX_FLOAT64_ENTRIES,
  spectrumFromEigenvalues,
} from '../src/linalg/index.js';
import { Rng } from '../src/random/index.js';
import { chebyshevSteps, constantSteps, repeatSchedule } from '../src/schedules/index.js';
import { createEngine, trainIncremental } from '../src/unfold/index.js';

const small = spectrumFromEigenvalues([0.5, 1, 2, 4]);

describe('checkFloat64Entries', () => {
  it('passes up to the limit, refuses beyond it with the size in bytes', () => {
    expect(MAX_FLOAT64_ENTRIES).toBe(1e8);
    expect(() => checkFloat64Entries('f', 'x', 1e8)).not.toThrow();
    expect(() => checkFloat64Entries('f', 'a 1e9 vector', 1e9)).toThrow(
      'f: a 1e9 vector would allocate 1.00e+9 float64 entries (8 GB); at most 1e+8 (800 MB) are supported',
    );
    expect(() => checkFloat64Entries('f', 'x', NaN)).toThrow(RangeError);
    expect(formatBytes(2.4e12)).toBe('2.4 TB');
  });
});

describe('library boundaries refuse huge sizes before allocating', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['chebyshevSteps T', () => chebyshevSteps(1e9, 1, 10), /chebyshevSteps: T = 1000000000 steps/],
    ['constantSteps T', () => constantSteps(2e8, 0.1), /constantSteps: T = 200000000 steps/],
    ['denseMatrix', () => denseMatrix(1e5, 1e5), /denseMatrix: a 100000 x 100000 matrix/],
    [
      'SpectralEngine batch x n',
      () => createEngine({ engine: 'spectral', spectrum: small, batchSize: 1e9 }),
      /SpectralEngine: a batch of batchSize x n = 1000000000 x 4 samples/,
    ],
    [
      'trainIncremental history',
      () =>
        trainIncremental(
          createEngine({ engine: 'expected', spectrum: small, batchSize: 1 }),
          new Rng(1, 1),
          {
            T: 1e6,
            batches: 1,
            lr: 0.01,
            spectrum: small,
          },
        ),
      /trainIncremental: T = 1000000 layers over 1000000 generations/,
    ],
    [
      'SpectralRecurrence horizon x n',
      () => new SpectralRecurrence(small).curve(new Float64Array(3e7)),
      /SpectralRecurrence: the recurrence over T \+ 1 = 30000001 steps and n = 4 nodes/,
    ],
    [
      'worstCaseOnInterval grid',
      () => worstCaseOnInterval(new Float64Array(2e6), 1, 2),
      /worstCaseOnInterval: a grid of 64 T \+ 1 = 128000001 points/,
    ],
    [
      'runTraining horizon',
      () => runTraining({ ...PAPER_SETTINGS, n: 30, m: 60, T: 3, horizon: 1e9 }),
      /runTraining: the run \(most for the evaluation curves: \(K \+ 1\) N = 1000000001 x 30\)/,
    ],
    [
      'runTraining dense batch',
      () => runTraining({ ...PAPER_SETTINGS, n: 30, m: 60, T: 3, engine: 'dense', batchSize: 1e8 }),
      /runTraining: the run \(most for the dense engine's batch matrices/,
    ],
  ];
  for (const [name, f, message] of cases) {
    it(name, () => {
      expect(f).toThrow(RangeError);
      expect(f).toThrow(message);
    });
  }
});

describe('trainingCost', () => {
  const paper = {
    engine: 'moment' as const,
    n: 300,
    m: 600,
    nodes: 300,
    T: 25,
    batches: 500,
    batchSize: 200,
    evalSamples: 10000,
    noise: 0,
  };
  it("the paper's runs fit; the literal dense training (form H) is below the work limit", () => {
    const moment = trainingCost(paper);
    expect(moment.entries).toBeLessThan(1e6);
    expect(moment.work).toBeLessThan(1e10);
    const denseA = trainingCost({ ...paper, engine: 'dense' });
    const denseH = trainingCost({ ...paper, engine: 'dense', denseForm: 'H' });
    // B G^2 bs n^2 = 500 x 625 x 200 x 300^2; form H: 2 bs n m per layer
    expect(denseA.work).toBeGreaterThan(5.6e12);
    expect(denseA.work).toBeLessThan(5.7e12);
    expect(denseH.work).toBeGreaterThan(2.25e13);
    expect(denseH.work).toBeLessThan(MAX_TRAINING_WORK);
    expect(denseH.entries).toBeLessThan(MAX_FLOAT64_ENTRIES);
  });
  it('names the term that makes a run large', () => {
    const c = trainingCost({ ...paper, engine: 'spectral', batchSize: 1e9 });
    const big = c.entryTerms.reduce((a, b) => (b.value > a.value ? b : a));
    expect(big.settings).toEqual(['batchSize', 'nodes']);
    expect(big.formula).toBe('bs N = 1000000000 x 300');
    const w = trainingCost({ ...paper, T: 2000, batches: 1e7 });
    expect(w.work).toBeGreaterThan(1e16);
  });
});

describe('large arrays (no spread of a million entries into a call)', () => {
  it('table() of a million rows', () => {
    const rows = Array.from({ length: 1_000_000 }, (_, i) => [i, 'x']);
    const t = table(['t', 'v'], rows);
    expect(t.split('\n').length).toBe(1_000_002);
  });
  it('chebyshevSteps in every order for T = 1e6', () => {
    for (const order of ['index', 'stable'] as const) {
      const s = chebyshevSteps(1_000_000, 1, 10, { order });
      expect(s.length).toBe(1_000_000);
    }
  });
});

describe('the sampled curve in one pass', () => {
  it('curve(steps, moments) equals lossAndGradient on every prefix, bit for bit', () => {
    const spectrum = spectrumFromEigenvalues([0.2, 0.7, 1.5, 3, 5.5]);
    const steps = repeatSchedule(chebyshevSteps(6, 0.2, 5.5), 17);
    for (const sigma of [0, 0.3]) {
      const rec = new SpectralRecurrence(spectrum, sigma);
      const moments = sampleNodeMoments(5, 50, sigma > 0, new Rng(4, 2));
      const curve = rec.curve(steps, moments);
      for (let t = 0; t <= steps.length; t++) {
        const one = new SpectralRecurrence(spectrum, sigma);
        expect(curve[t]).toBe(one.lossAndGradient(steps.subarray(0, t), null, moments));
      }
    }
  });
});

describe('chebyshevRate where the bound underflows', () => {
  it('is the limit, not 0, for T = 1e6', () => {
    expect(chebyshevBound(1_000_000, 10)).toBe(0);
    const r = chebyshevRate(1_000_000, 10);
    expect(r).toBeCloseTo(chebyshevAsymptoticRate(10), 6);
    // unchanged where the bound is representable
    expect(chebyshevRate(25, 30)).toBe(Math.pow(chebyshevBound(25, 30), 1 / 25));
    // continuous across the switch
    let T = 1;
    while (chebyshevBound(T * 2, 10) > 0) T *= 2;
    expect(chebyshevRate(T * 2, 10)).toBeCloseTo(chebyshevRate(T, 10), 3);
  });
});
