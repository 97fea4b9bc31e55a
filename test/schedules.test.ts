import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  chebyshevNodes,
  chebyshevSteps,
  constantSteps,
  optimalConstantStep,
  repeatSchedule,
  sortedSteps,
  stableChebyshevPermutation,
} from '../src/schedules/index.js';
import { stepPolynomial, prefixSpectralRadii } from '../src/analysis/index.js';
import { expectAllClose, expectClose } from './helpers/close.js';
import { loadReference } from './helpers/reference.js';

const ref = loadReference('chebyshev_steps.json');

describe('chebyshevSteps against ../shared/reference/chebyshev_steps.json', () => {
  // tolerance: the reference README's "Chebyshev steps, nodes, closed forms: relative 1e-12"
  for (const c of ref.cases) {
    it(`(${c.lmin}, ${c.lmax}, T=${c.T}) steps, nodes, sorted steps and sum`, () => {
      const steps = chebyshevSteps(c.T, c.lmin, c.lmax);
      expectAllClose(steps, c.steps, { rtol: 1e-12 }, 'steps');
      expectAllClose(chebyshevNodes(c.T, c.lmin, c.lmax), c.nodes, { rtol: 1e-12 }, 'nodes');
      expectAllClose(sortedSteps(steps), c.steps_sorted_ascending, { rtol: 1e-12 }, 'sorted');
      expectClose(
        steps.reduce((s, g) => s + g, 0),
        c.sum_of_steps,
        { rtol: 1e-12 },
        'sum',
      );
    });
  }
});

describe('step orders', () => {
  it('stable permutation for T = 8 is the fractal order of Agarwal et al. (1-based 1,8,4,5,2,7,3,6)', () => {
    expect(Array.from(stableChebyshevPermutation(8), (k) => k + 1)).toEqual([
      1, 8, 4, 5, 2, 7, 3, 6,
    ]);
  });

  it('every order is a permutation of the same steps, for every T up to 200', () => {
    for (let T = 1; T <= 200; T++) {
      const base = Array.from(sortedSteps(chebyshevSteps(T, 0.5, 7)));
      for (const order of ['index', 'increasing', 'decreasing', 'stable'] as const) {
        expect(
          Array.from(sortedSteps(chebyshevSteps(T, 0.5, 7, { order }))),
          `${order} T=${T}`,
        ).toEqual(base);
      }
    }
  });

  it('index order is increasing and decreasing order is its reverse', () => {
    const s = chebyshevSteps(9, 1, 10);
    for (let k = 1; k < 9; k++) expect(s[k]).toBeGreaterThan(s[k - 1]);
    expect(Array.from(chebyshevSteps(9, 1, 10, { order: 'decreasing' }))).toEqual(
      Array.from(s).reverse(),
    );
  });

  it('stable order keeps every prefix and suffix polynomial bounded; monotone orders blow up (kappa = 1e3)', () => {
    // stability measure of an ordering: max over t of max_lambda |prefix_t(lambda)| and |suffix_t(lambda)|
    const grid = Array.from({ length: 2001 }, (_, i) => 1 + (i * 999) / 2000);
    const worst = (s: Float64Array) =>
      Math.max(
        ...prefixSpectralRadii(s, grid),
        ...prefixSpectralRadii(Float64Array.from(s).reverse(), grid),
      );
    for (const T of [16, 25, 64, 97, 100, 128, 255]) {
      const stable = worst(chebyshevSteps(T, 1, 1000, { order: 'stable' }));
      const increasing = worst(chebyshevSteps(T, 1, 1000, { order: 'increasing' }));
      const decreasing = worst(chebyshevSteps(T, 1, 1000, { order: 'decreasing' }));
      // measured: stable <= 431 for these T; monotone >= 4e7 (T = 16) and 1e46 (T = 97)
      expect(stable, `stable T=${T}`).toBeLessThan(1e3);
      expect(increasing, `increasing T=${T}`).toBeGreaterThan(1e4 * stable);
      expect(decreasing, `decreasing T=${T}`).toBeGreaterThan(1e4 * stable);
    }
  });
});

describe('constant steps', () => {
  it('optimal constant step is 2/(lmin+lmax)', () => {
    expect(optimalConstantStep(1, 10)).toBe(2 / 11);
    expect(Array.from(constantSteps(3, 0.5))).toEqual([0.5, 0.5, 0.5]);
  });

  it('repeatSchedule applies gamma_{t mod T}', () => {
    expect(Array.from(repeatSchedule([1, 2, 3], 7))).toEqual([1, 2, 3, 1, 2, 3, 1]);
  });

  it('property: the Chebyshev polynomial equals C_T(...)/C_T(...) for random intervals and T', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 10, noNaN: true }),
        fc.double({ min: 1.01, max: 100, noNaN: true }),
        fc.integer({ min: 1, max: 30 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (lmin, ratio, T, u) => {
          const lmax = lmin * ratio;
          const lambda = lmin + u * (lmax - lmin);
          const steps = chebyshevSteps(T, lmin, lmax, { order: 'stable' });
          const x = Math.min(1, Math.max(-1, (lmax + lmin - 2 * lambda) / (lmax - lmin)));
          const y = (lmax + lmin) / (lmax - lmin);
          const expected = Math.cos(T * Math.acos(x)) / Math.cosh(T * Math.acosh(y));
          const got = stepPolynomial(steps, lambda);
          return Math.abs(got - expected) <= 1e-9 * (1 / Math.cosh(T * Math.acosh(y))) + 1e-13;
        },
      ),
    );
  });

  it('rejects bad arguments naming the function and values', () => {
    expect(() => chebyshevSteps(4, 2, 1)).toThrow(/chebyshevSteps: .*lmin=2, lmax=1/);
    expect(() => chebyshevSteps(0, 1, 2)).toThrow(/T must be a positive integer; got 0/);
    expect(() => chebyshevSteps(4, 0, 2)).toThrow(RangeError);
    expect(() => optimalConstantStep(-1, 2)).toThrow(RangeError);
  });
});
