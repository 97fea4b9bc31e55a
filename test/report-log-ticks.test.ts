/**
 * Log-axis ticks (src/report/log-ticks.ts): which values get a label, the
 * domain, and that labels never collide. The regression: vega's own ticks on
 * [0.17, 4.9] kept 0.9 and hid 1 (and 10) as overlapping.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logTickLabel, logTicks, type LogTickOptions } from '../src/report/log-ticks.js';

/** A y axis: labels 11 px high, 6 px apart at least, powers of ten 30 px apart. */
const Y = { labelSize: () => 11, gap: 6, preferredSpacing: 30 };
const labels = (extent: [number, number], length: number, o: Partial<LogTickOptions> = {}) =>
  logTicks(extent, { length, ...Y, ...o }).labelled.map(logTickLabel);

/** Pixel position of v on a log axis of `length` pixels over `domain`. */
const px = ([lo, hi]: [number, number], length: number, v: number) =>
  (length * Math.log10(v / lo)) / Math.log10(hi / lo);

describe('logTicks', () => {
  it('labels 1, 2, 5 times the powers of ten on an axis under two decades (1 included)', () => {
    const t = logTicks([0.17, 4.9], { length: 249, ...Y });
    expect(t.domain).toEqual([0.1, 5]);
    expect(t.labelled.map(logTickLabel)).toEqual(['0.1', '0.2', '0.5', '1', '2', '5']);
    // grid lines at every m·10^k in between, unlabelled
    expect(t.values).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 2, 3, 4, 5]);
    // the learned-steps case: the largest Chebyshev step is a little above 5
    expect(logTicks([0.1722, 5.16], { length: 249, ...Y }).domain).toEqual([0.1, 6]);
    expect(labels([0.5, 20], 249)).toEqual(['0.5', '1', '2', '5', '10', '20']);
  });

  it('labels powers of ten on long axes, every second or fifth one when they would crowd', () => {
    expect(labels([1.3e-7, 0.9], 249)).toEqual([
      '1e-7',
      '1e-6',
      '1e-5',
      '1e-4',
      '0.001',
      '0.01',
      '0.1',
      '1',
    ]);
    // 12 decades on 284 px: 24 px per decade < 30, so every second one
    expect(labels([1e-8, 2e3], 284)).toEqual(['1e-8', '1e-6', '1e-4', '0.01', '1', '100', '1e+4']);
    // 43 decades on 264 px (the ordering figure)
    expect(labels([1e-16, 3e26], 264)).toEqual([
      '1e-15',
      '1e-10',
      '1e-5',
      '1',
      '1e+5',
      '1e+10',
      '1e+15',
      '1e+20',
      '1e+25',
    ]);
  });

  it('keeps a fixed domain (the rate-vs-T axis, T = 1..1024)', () => {
    const x = {
      labelSize: (v: number) => 7 * logTickLabel(v).length,
      gap: 10,
      preferredSpacing: 45,
    };
    const t = logTicks([1, 1024], { length: 328, ...x, fixedDomain: true });
    expect(t.domain).toEqual([1, 1024]);
    expect(t.labelled).toEqual([1, 10, 100, 1000]);
    expect(t.values).toContain(500); // the 2..9 multiples are grid lines
  });

  it('uses evenly spaced labels on an axis shorter than half a decade', () => {
    expect(labels([0.94, 0.999], 200)).toEqual(['0.92', '0.94', '0.96', '0.98', '1']);
    expect(labels([0.99, 1.01], 200)).toEqual(['0.99', '0.995', '1', '1.005', '1.01']);
    expect(labels([3, 3], 200)).toEqual(['1', '2', '5']);
    expect(() => logTicks([0, 1], { length: 100, ...Y })).toThrow(/0 < lo <= hi/);
  });

  it('never lets labels collide, keeps the data inside the domain, and labels every power of ten of a short axis', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -30, max: 30, noNaN: true }),
        fc.double({ min: 0, max: 40, noNaN: true }),
        fc.integer({ min: 120, max: 600 }),
        (lo10, span, length) => {
          const extent: [number, number] = [10 ** lo10, 10 ** (lo10 + span)];
          const t = logTicks(extent, { length, ...Y });
          expect(t.domain[0]).toBeLessThanOrEqual(extent[0] * (1 + 1e-12));
          expect(t.domain[1]).toBeGreaterThanOrEqual(extent[1] * (1 - 1e-12));
          expect(t.labelled.length).toBeGreaterThanOrEqual(2);
          for (const v of t.labelled) {
            expect(t.values).toContain(v);
            expect(v).toBeGreaterThanOrEqual(t.domain[0] * (1 - 1e-12));
            expect(v).toBeLessThanOrEqual(t.domain[1] * (1 + 1e-12));
          }
          for (let i = 1; i < t.labelled.length; i++) {
            const d = px(t.domain, length, t.labelled[i]) - px(t.domain, length, t.labelled[i - 1]);
            expect(d).toBeGreaterThanOrEqual(11 + 6 - 1e-9);
          }
          if (span >= 0.5 && span < 3) {
            const k0 = Math.ceil(Math.log10(t.domain[0]) - 1e-9);
            const k1 = Math.floor(Math.log10(t.domain[1]) + 1e-9);
            for (let k = k0; k <= k1; k++) expect(t.labelled).toContain(Number(`1e${k}`));
          }
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });

  it('formats labels as vega does (d3-format ~g inside [1e-3, 1e4), .3~e outside)', () => {
    expect([1e-7, 2e-5, 0.002, 0.5, 1, 1000, 1e4, 2.5e25].map(logTickLabel)).toEqual([
      '1e-7',
      '2e-5',
      '0.002',
      '0.5',
      '1',
      '1000',
      '1e+4',
      '2.5e+25',
    ]);
  });
});
