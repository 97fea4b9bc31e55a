import { describe, expect, it } from 'vitest';
import { Rng } from '../src/random/index.js';

function moments(draw: () => number, count: number) {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < count; i++) {
    const v = draw();
    s += v;
    s2 += v * v;
  }
  const mean = s / count;
  return { mean, variance: s2 / count - mean * mean };
}

describe('Rng', () => {
  it('same seed and stream give the same bytes; other streams differ', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(42, 1);
    const xs = Array.from({ length: 100 }, () => a.nextUint32());
    expect(Array.from({ length: 100 }, () => b.nextUint32())).toEqual(xs);
    expect(Array.from({ length: 100 }, () => c.nextUint32())).not.toEqual(xs);
  });

  it('matches the reference xoshiro128** algorithm from state [1, 2, 3, 4]', () => {
    // expected values: an independent Python transcription of Vigna's reference C code
    const r = Rng.fromState([1, 2, 3, 4]);
    const got = Array.from({ length: 6 }, () => r.nextUint32());
    expect(got).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('uniform is in [0, 1) with mean 1/2 and variance 1/12 (5 standard errors)', () => {
    const r = new Rng(1);
    const N = 200000;
    let min = 1;
    let max = 0;
    const m = moments(() => {
      const u = r.uniform();
      min = Math.min(min, u);
      max = Math.max(max, u);
      return u;
    }, N);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(Math.abs(m.mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / N));
    expect(Math.abs(m.variance - 1 / 12)).toBeLessThan(5 * Math.sqrt(1 / 180 / N));
  });

  it('normal has mean 0, variance 1 and kurtosis 3', () => {
    const r = new Rng(2);
    const N = 200000;
    let s4 = 0;
    const m = moments(() => {
      const v = r.normal();
      s4 += v ** 4;
      return v;
    }, N);
    expect(Math.abs(m.mean)).toBeLessThan(5 / Math.sqrt(N));
    expect(Math.abs(m.variance - 1)).toBeLessThan(5 * Math.sqrt(2 / N));
    expect(Math.abs(s4 / N - 3)).toBeLessThan(5 * Math.sqrt(96 / N));
  });

  it.each([0.3, 1, 2.5, 100])('gamma(%f) has mean k and variance k', (k) => {
    const r = new Rng(3);
    const N = 100000;
    const m = moments(() => r.gamma(k), N);
    expect(Math.abs(m.mean - k)).toBeLessThan(5 * Math.sqrt(k / N));
    // var of the sample variance of a gamma: (mu4 - k^2)/N with mu4 = 3k^2 + 6k
    expect(Math.abs(m.variance - k)).toBeLessThan(5 * Math.sqrt((2 * k * k + 6 * k) / N));
  });

  it('chiSquare(d) has mean d and variance 2d; chiSquare(0) = 0', () => {
    const r = new Rng(4);
    const N = 100000;
    const m = moments(() => r.chiSquare(7), N);
    expect(Math.abs(m.mean - 7)).toBeLessThan(5 * Math.sqrt(14 / N));
    expect(Math.abs(m.variance - 14)).toBeLessThan(5 * Math.sqrt((8 * 49 + 48 * 7) / N));
    expect(r.chiSquare(0)).toBe(0);
  });

  it('wishart2(d) matches the sample second moment of d normal pairs in mean and variance', () => {
    const d = 5;
    const N = 100000;
    const r = new Rng(5);
    const acc = { zz: [0, 0], zx: [0, 0], xx: [0, 0] };
    for (let i = 0; i < N; i++) {
      const s = r.wishart2(d);
      for (const k of ['zz', 'zx', 'xx'] as const) {
        acc[k][0] += s[k];
        acc[k][1] += s[k] * s[k];
      }
    }
    // E S = I; Var S_zz = Var S_xx = 2/d, Var S_zx = 1/d
    const expected = { zz: [1, 2 / d], zx: [0, 1 / d], xx: [1, 2 / d] };
    for (const k of ['zz', 'zx', 'xx'] as const) {
      const mean = acc[k][0] / N;
      const variance = acc[k][1] / N - mean * mean;
      expect(Math.abs(mean - expected[k][0]), k).toBeLessThan(5 * Math.sqrt(expected[k][1] / N));
      expect(Math.abs(variance / expected[k][1] - 1), k).toBeLessThan(0.05);
    }
  });

  it('rejects bad seeds with a message naming the value', () => {
    expect(() => new Rng(-1)).toThrow(/non-negative integer; got -1/);
    expect(() => new Rng(1.5)).toThrow(RangeError);
  });
});
