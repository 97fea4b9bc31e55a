import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  csrOperator,
  denseMatrix,
  denseOperator,
  diagonalOperator,
  functionOperator,
  gram,
  lanczos,
  lanczosExtremes,
  symmetricEigenvalues,
  tridiagonalEigen,
  type LinearOperator,
} from '../src/linalg/index.js';
import { poisson1d, poisson2d } from '../src/problems/index.js';
import { Rng } from '../src/random/index.js';
import { expectAllClose } from './helpers/close.js';

const EPS = 2 ** -52;

/** Distance from each Ritz value to the nearest exact eigenvalue (exact sorted ascending). */
function distancesToSpectrum(ritz: ArrayLike<number>, exact: Float64Array): number[] {
  return Array.from(ritz, (t) => {
    let lo = 0;
    let hi = exact.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (exact[mid] < t) lo = mid;
      else hi = mid;
    }
    return Math.min(Math.abs(t - exact[lo]), Math.abs(t - exact[hi]));
  });
}

describe('tridiagonalEigen', () => {
  it('tridiag(-1, 2, -1): eigenvalues 2 - 2 cos(i pi/(k+1)), |first| = |last| = sqrt(2/(k+1)) sin(i pi/(k+1))', () => {
    for (const k of [1, 2, 7, 60]) {
      const r = tridiagonalEigen(new Float64Array(k).fill(2), new Float64Array(k - 1).fill(-1));
      const i1 = Array.from({ length: k }, (_, i) => i + 1);
      // QL accuracy O(eps ||T||), ||T|| <= 4
      expectAllClose(
        r.values,
        i1.map((i) => 2 - 2 * Math.cos((i * Math.PI) / (k + 1))),
        { atol: 1e-14 },
      );
      const comp = i1.map((i) => Math.sqrt(2 / (k + 1)) * Math.sin((i * Math.PI) / (k + 1)));
      expectAllClose(r.first.map(Math.abs), comp, { atol: 1e-13 }, 'first');
      expectAllClose(r.last.map(Math.abs), comp, { atol: 1e-13 }, 'last');
    }
  });

  it('random tridiagonals: values equal the dense eigensolver, sum of first^2 = sum of last^2 = 1 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 1e6 }), (k, seed) => {
        const rng = new Rng(seed, 0);
        const d = rng.fillNormal(new Float64Array(k));
        const e = rng.fillNormal(new Float64Array(Math.max(0, k - 1)));
        if (k > 3) e[1] = 0; // a split block, exercises deflation
        const a = denseMatrix(k, k);
        for (let i = 0; i < k; i++) {
          a.data[i * k + i] = d[i];
          if (i + 1 < k) a.data[i * k + i + 1] = a.data[(i + 1) * k + i] = e[i];
        }
        const r = tridiagonalEigen(d, e);
        // both backward stable: O(k eps ||T||), ||T|| <= ~10 here
        expectAllClose(r.values, symmetricEigenvalues(a), { atol: 1e-12 });
        const s1 = r.first.reduce((s, v) => s + v * v, 0);
        const sk = r.last.reduce((s, v) => s + v * v, 0);
        expect(Math.abs(s1 - 1)).toBeLessThan(1e-13);
        expect(Math.abs(sk - 1)).toBeLessThan(1e-13);
      }),
      { numRuns: 100 },
    );
  });
});

describe('lanczos: known spectra', () => {
  it('1-D Poisson n = 300: extreme Ritz values reach 2 - 2cos(pi/(n+1)) and 2 - 2cos(n pi/(n+1))', () => {
    const p = poisson1d(300);
    const e = lanczosExtremes(csrOperator(p.matrix), { rng: new Rng(1), tol: 1e-10 });
    expect(e.method).toBe('lanczos');
    expect(e.converged).toBe(true);
    // relative 1e-9: the stopping rule bounds the residual by 1e-10 |theta|; the Ritz value error is smaller
    expectAllClose([e.lmin, e.lmax], [p.lmin, p.lmax], { rtol: 1e-9 });
    // certified: an eigenvalue within the bound (the extremes here)
    expect(Math.abs(e.lmin - p.lmin)).toBeLessThanOrEqual(e.lminBound + 4 * EPS);
    expect(Math.abs(e.lmax - p.lmax)).toBeLessThanOrEqual(e.lmaxBound + 4 * EPS * 4);
    expect(e.safeInterval).toEqual([e.lmin, Math.max(1.1 * e.lmax, e.lmax + e.lmaxBound)]);
    expect(e.safetyMargin).toBe(0.1);
  });

  it('every Ritz value is within its residual bound of an exact eigenvalue, at every stage (2-D Poisson 12 x 9)', () => {
    const p = poisson2d(12, 9);
    const exact = p.eigenvalues();
    const op = csrOperator(p.matrix);
    for (const k of [3, 10, 25, 60]) {
      const r = lanczos(op, { rng: new Rng(4), maxSteps: k, stopWhenConverged: false });
      expect(r.steps).toBe(k);
      expect(r.reorthogonalization).toBe('full');
      const dist = distancesToSpectrum(r.ritzValues, exact);
      for (let i = 0; i < k; i++) {
        // rounding allowance: a few eps ||A|| (||A|| < 8)
        expect(dist[i], `k=${k}, Ritz ${i}`).toBeLessThanOrEqual(r.residualBounds[i] + 1e-13);
      }
      // Cauchy interlacing: Ritz values inside [lmin, lmax]
      expect(r.ritzValues[0]).toBeGreaterThanOrEqual(p.lmin - 1e-13);
      expect(r.ritzValues[k - 1]).toBeLessThanOrEqual(p.lmax + 1e-13);
    }
  });

  it('identity: breakdown at step 1 with the exact eigenvalue 1', () => {
    const r = lanczos(diagonalOperator(new Float64Array(40).fill(1)), { rng: new Rng(2) });
    expect(r.steps).toBe(1);
    expect(r.breakdown).toBe(true);
    expect(r.converged).toBe(true);
    expect(r.ritzValues[0]).toBeCloseTo(1, 15);
    expect(r.residualBounds[0]).toBeLessThan(1e-15);
  });

  it('3 distinct eigenvalues (dense Q diag Q^T, multiplicities 5, 20, 35): breakdown at step 3, values exact', () => {
    const rng = new Rng(7, 0);
    const n = 60;
    const h = denseMatrix(n, n, rng.fillNormal(new Float64Array(n * n)));
    // Q from the eigenvectors would need vectors; use A = D diag D^T with D orthogonalised by Gram-Schmidt
    const q = new Float64Array(n * n);
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) q[i * n + j] = h.data[i * n + j];
      for (let pass = 0; pass < 2; pass++) {
        for (let m = 0; m < j; m++) {
          let t = 0;
          for (let i = 0; i < n; i++) t += q[i * n + m] * q[i * n + j];
          for (let i = 0; i < n; i++) q[i * n + j] -= t * q[i * n + m];
        }
      }
      let s = 0;
      for (let i = 0; i < n; i++) s += q[i * n + j] ** 2;
      for (let i = 0; i < n; i++) q[i * n + j] /= Math.sqrt(s);
    }
    const lam = Array.from({ length: n }, (_, j) => (j < 5 ? 0.5 : j < 25 ? 3 : 40));
    const a = denseMatrix(n, n);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k <= i; k++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += q[i * n + j] * lam[j] * q[k * n + j];
        a.data[i * n + k] = a.data[k * n + i] = s;
      }
    }
    const r = lanczos(denseOperator(a, true), { rng: new Rng(3) });
    expect(r.breakdown).toBe(true);
    expect(r.steps).toBe(3);
    // exact up to the rounding of forming A: O(n eps max lambda)
    expectAllClose(r.ritzValues, [0.5, 3, 40], { atol: 1e-11 });
  });

  it('clustered diagonal spectrum: 100 values in [1, 1.001] and 100 in [50, 50.5]', () => {
    const rng = new Rng(11, 0);
    const d = Float64Array.from({ length: 200 }, (_, i) =>
      i < 100 ? 1 + 0.001 * rng.uniform() : 50 + 0.5 * rng.uniform(),
    );
    const sorted = d.slice().sort();
    const e = lanczosExtremes(diagonalOperator(d), { rng: new Rng(5), tol: 1e-10 });
    expect(e.converged).toBe(true);
    // well separated clusters: converged to the stopping tolerance
    expectAllClose([e.lmin, e.lmax], [sorted[0], sorted[199]], { rtol: 1e-9 });
    expect(e.iterations).toBeLessThan(200);
  });

  it('dense random SPD (Wishart 50 x 80): Lanczos extremes equal the dense eigensolver', () => {
    const h = denseMatrix(50, 80, new Rng(9, 0).fillNormal(new Float64Array(4000)));
    const a = gram(h);
    const exact = symmetricEigenvalues(a);
    const e = lanczosExtremes(denseOperator(a, true), { rng: new Rng(9, 1), tol: 1e-12 });
    // relative to lmax: both are backward stable to O(n eps ||A||)
    expectAllClose([e.lmin, e.lmax], [exact[0], exact[49]], { atol: 1e-10 * exact[49] });
  });

  it('random diagonal spectra: full runs are exact, partial runs interlace and bounds contain (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: 2, maxLength: 60 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 1e6 }),
        (lams, kPartial, seed) => {
          const d = Float64Array.from(lams);
          const exact = d.slice().sort();
          const n = d.length;
          const op = diagonalOperator(d);
          const full = lanczos(op, { rng: new Rng(seed), maxSteps: n, stopWhenConverged: false });
          const scale = exact[n - 1];
          // Krylov space = span of the distinct eigen-directions: extremes exact up to O(n eps lmax)
          expect(Math.abs(full.ritzValues[0] - exact[0])).toBeLessThanOrEqual(1e-11 * scale);
          expect(Math.abs(full.ritzValues[full.steps - 1] - exact[n - 1])).toBeLessThanOrEqual(
            1e-11 * scale,
          );
          const k = Math.min(kPartial, n);
          const part = lanczos(op, { rng: new Rng(seed), maxSteps: k, stopWhenConverged: false });
          const dist = distancesToSpectrum(part.ritzValues, exact);
          for (let i = 0; i < part.steps; i++) {
            expect(dist[i]).toBeLessThanOrEqual(part.residualBounds[i] + 1e-12 * scale);
            expect(part.ritzValues[i]).toBeGreaterThanOrEqual(exact[0] - 1e-12 * scale);
            expect(part.ritzValues[i]).toBeLessThanOrEqual(exact[n - 1] + 1e-12 * scale);
          }
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe('lanczos: modes, determinism, arguments', () => {
  it('without re-orthogonalisation the extremes of 2-D Poisson 30 x 30 still converge', () => {
    const p = poisson2d(30, 30);
    const e = lanczosExtremes(csrOperator(p.matrix), {
      rng: new Rng(6),
      reorthogonalize: 'none',
      maxSteps: 400,
      tol: 1e-8,
    });
    expect(e.notes[0]).toMatch(/re-orthogonalisation none/);
    // lmax converges fast; lmin (kappa ~ 400, tiny relative gap) to the stopping tolerance
    expectAllClose([e.lmin, e.lmax], [p.lmin, p.lmax], { rtol: 1e-7 });
  });

  it("'auto' switches to the three-term recurrence when k n exceeds maxBasisEntries", () => {
    const op = csrOperator(poisson1d(100).matrix);
    expect(lanczos(op, { rng: new Rng(1), maxSteps: 20 }).reorthogonalization).toBe('full');
    expect(
      lanczos(op, { rng: new Rng(1), maxSteps: 20, maxBasisEntries: 1999 }).reorthogonalization,
    ).toBe('none');
  });

  it('same seed, same bytes; another seed, another start', () => {
    const op = csrOperator(poisson1d(80).matrix);
    const a = lanczos(op, { rng: new Rng(42, 3), maxSteps: 15 });
    const b = lanczos(op, { rng: new Rng(42, 3), maxSteps: 15 });
    const c = lanczos(op, { rng: new Rng(43, 3), maxSteps: 15 });
    expect(Buffer.from(a.alpha.buffer).equals(Buffer.from(b.alpha.buffer))).toBe(true);
    expect(Array.from(a.ritzValues)).toEqual(Array.from(b.ritzValues));
    expect(Array.from(a.alpha)).not.toEqual(Array.from(c.alpha));
  });

  it('an all-ones start misses half of the 1-D Poisson modes (why the start is random)', () => {
    // ones is symmetric under i -> n-1-i, so it is orthogonal to every antisymmetric eigenvector
    const n = 50;
    const op = csrOperator(poisson1d(n).matrix);
    const ones = lanczos(op, {
      start: new Float64Array(n).fill(1),
      maxSteps: n,
      stopWhenConverged: false,
    });
    expect(ones.breakdown).toBe(true);
    expect(ones.steps).toBe(n / 2);
    const rnd = lanczos(op, { rng: new Rng(1), maxSteps: n, stopWhenConverged: false });
    expect(rnd.steps).toBe(n);
  });

  it('rejects non-symmetric operators, a missing generator and bad steps', () => {
    const ns: LinearOperator = functionOperator(3, (x, out) => out, false);
    expect(() => lanczos(ns, { rng: new Rng(1) })).toThrow(
      /lanczos: the operator must be symmetric.*D\^T D/,
    );
    const op = diagonalOperator([1, 2, 3]);
    expect(() => lanczos(op)).toThrow(TypeError);
    expect(() => lanczos(op, { rng: new Rng(1), maxSteps: 0 })).toThrow(
      /maxSteps must be a positive integer; got 0/,
    );
    expect(() => lanczos(op, { start: new Float64Array(3) })).toThrow(/start must be non-zero/);
  });
});
