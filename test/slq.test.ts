import { describe, expect, it } from 'vitest';
import {
  csrMatVec,
  csrOperator,
  diagonalOperator,
  functionOperator,
  rademacherProbe,
  spectralDensity,
  type Spectrum,
} from '../src/linalg/index.js';
import { poisson1d } from '../src/problems/index.js';
import { Rng } from '../src/random/index.js';
import { expectAllClose } from './helpers/close.js';

/** sum_i w_i theta_i^j */
function moment(s: Spectrum, j: number): number {
  let m = 0;
  for (let i = 0; i < s.nodes.length; i++) m += s.weights[i] * s.nodes[i] ** j;
  return m;
}

/** (1/n) sum lambda^j */
function exactMoment(eigs: ArrayLike<number>, j: number): number {
  let m = 0;
  for (let i = 0; i < eigs.length; i++) m += eigs[i] ** j;
  return m / eigs.length;
}

describe('spectralDensity (stochastic Lanczos quadrature)', () => {
  it('diagonal with a chosen clustered spectrum: moments 0..4 exact (Rademacher Hutchinson has zero variance on diagonals)', () => {
    const rng = new Rng(1, 0);
    const d = Float64Array.from({ length: 300 }, (_, i) =>
      i < 100 ? 0.1 + 0.01 * rng.uniform() : i < 250 ? 1 + rng.uniform() : 20 + rng.uniform(),
    );
    const s = spectralDensity(diagonalOperator(d), { rng: new Rng(2), probes: 5, steps: 12 });
    expect(s.source).toBe('slq');
    expect(s.dimension).toBe(300);
    expect(s.nodes.length).toBe(5 * 12);
    // Gauss rule with 12 nodes is exact to degree 23; z_i^2 = 1 makes z^T D^j z = tr D^j: only rounding remains
    for (let j = 0; j <= 4; j++) {
      expectAllClose([moment(s, j)], [exactMoment(d, j)], { rtol: 1e-11 }, `moment ${j}`);
    }
  });

  it('3 distinct eigenvalues with multiplicities 10, 30, 20: exact nodes and weights 1/6, 1/2, 1/3', () => {
    const d = Float64Array.from({ length: 60 }, (_, i) => (i % 6 === 0 ? 2 : i % 2 === 1 ? 5 : 9));
    const s = spectralDensity(diagonalOperator(d), { rng: new Rng(3), probes: 4, steps: 10 });
    // every probe breaks down after 3 steps: 12 nodes, 3 distinct values
    expect(s.nodes.length).toBe(12);
    const byValue = new Map<number, number>();
    for (let i = 0; i < s.nodes.length; i++) {
      const key = [2, 5, 9].find((v) => Math.abs(v - s.nodes[i]) < 1e-12);
      expect(key, `node ${s.nodes[i]}`).toBeDefined();
      byValue.set(key!, (byValue.get(key!) ?? 0) + s.weights[i]);
    }
    expectAllClose(
      [byValue.get(2)!, byValue.get(5)!, byValue.get(9)!],
      [10 / 60, 30 / 60, 20 / 60],
      { rtol: 1e-12 },
    );
  });

  it('1-D Poisson n = 400: moments within 4 Hutchinson standard errors of (1/n) tr(A^j), and equal to the Hutchinson estimate of the same probes', () => {
    const n = 400;
    const p = poisson1d(n);
    const op = csrOperator(p.matrix);
    const eigs = p.eigenvalues();
    const nv = 30;
    const k = 15;
    const s = spectralDensity(op, { rng: new Rng(4), probes: nv, steps: k });
    expect(s.nodes[0]).toBeGreaterThanOrEqual(p.lmin - 1e-13);
    expect(s.nodes[s.nodes.length - 1]).toBeLessThanOrEqual(p.lmax + 1e-13);

    // the same probes, drawn again: v^T A^j v by repeated products
    const rng = new Rng(4);
    const v = new Float64Array(n);
    const hutch = new Float64Array(5);
    const t = new Float64Array(n);
    const u = new Float64Array(n);
    for (let l = 0; l < nv; l++) {
      rademacherProbe(rng, v);
      u.set(v);
      for (let j = 0; j <= 4; j++) {
        if (j > 0) {
          csrMatVec(p.matrix, u, t);
          u.set(t);
        }
        let q = 0;
        for (let i = 0; i < n; i++) q += v[i] * u[i];
        hutch[j] += q / nv;
      }
    }
    // per-probe variance of (1/n) z^T B z (Rademacher): 2 (||B||_F^2 - sum_i B_ii^2) / n^2, B = A^j;
    // ||B||_F^2 = sum lambda^(2j); B_ii from A^j e_i
    const diagPow = (j: number): Float64Array => {
      const out = new Float64Array(n);
      const e = new Float64Array(n);
      const w = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        e.fill(0);
        e[i] = 1;
        for (let r = 0; r < j; r++) {
          csrMatVec(p.matrix, e, w);
          e.set(w);
        }
        out[i] = e[i];
      }
      return out;
    };
    for (let j = 0; j <= 4; j++) {
      const m = moment(s, j);
      // Gauss quadrature with k = 15 nodes is exact for degree <= 29: SLQ = Hutchinson up to rounding
      expectAllClose([m], [hutch[j]], { rtol: 1e-10 }, `SLQ vs Hutchinson, j=${j}`);
      const frob2 = eigs.reduce((acc, l) => acc + l ** (2 * j), 0);
      const dj = diagPow(j);
      const diag2 = dj.reduce((acc, b) => acc + b * b, 0);
      const se = Math.sqrt((2 * (frob2 - diag2)) / (n * n) / nv);
      const exact = exactMoment(eigs, j);
      // 4 standard errors (a fixed seed; a fresh draw would fail with probability ~6e-5 per moment);
      // 1e-12 relative for the rounding of the j = 0, 1 cases whose variance is 0 (diagonal of A is 2)
      expect(Math.abs(m - exact), `moment ${j}: se ${se}`).toBeLessThanOrEqual(
        4 * se + 1e-12 * exact,
      );
      if (j >= 2) expect(se).toBeGreaterThan(0);
    }
  });

  it('same seed, same spectrum; arguments are checked', () => {
    const op = csrOperator(poisson1d(50).matrix);
    const a = spectralDensity(op, { rng: new Rng(9), probes: 3, steps: 5 });
    const b = spectralDensity(op, { rng: new Rng(9), probes: 3, steps: 5 });
    expect(Array.from(a.nodes)).toEqual(Array.from(b.nodes));
    expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
    expect(() => spectralDensity(op, { rng: new Rng(9), probes: 0 })).toThrow(
      /spectralDensity: probes must be a positive integer; got 0/,
    );
    expect(() => spectralDensity(op, {} as never)).toThrow(TypeError);
    const ns = functionOperator(3, (x, out) => out, false);
    expect(() => spectralDensity(ns, { rng: new Rng(1) })).toThrow(/must be symmetric/);
  });
});
