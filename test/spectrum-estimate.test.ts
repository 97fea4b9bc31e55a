import { describe, expect, it } from 'vitest';
import {
  csrFromCoordinates,
  csrNnz,
  csrOperator,
  csrSymmetry,
  diagonalScaling,
  normalEquationsOperator,
  denseMatrix,
  denseOperator,
  diagonalOperator,
  estimateSpectrum,
  functionOperator,
  gram,
  lanczosExtremes,
  powerExtremes,
  powerIteration,
  symmetricEigenvalues,
} from '../src/linalg/index.js';
import { poisson1d, poisson2d } from '../src/problems/index.js';
import { readMatrixMarketSync } from '../src/io/index.js';
import { sharedData } from './helpers/reference.js';
import { Rng } from '../src/random/index.js';
import { expectAllClose } from './helpers/close.js';

const EPS = 2 ** -52;

describe('power iteration', () => {
  it('diagonal 1..10: lmax and lmin (on c I - A) converge; the certified bounds contain the truth', () => {
    const op = diagonalOperator(Float64Array.from({ length: 10 }, (_, i) => i + 1));
    const e = powerExtremes(op, { rng: new Rng(1), tol: 1e-8 });
    expect(e.method).toBe('power');
    expect(e.converged).toBe(true);
    // residual <= 1e-8 |theta| and the Rayleigh quotient error is ~ r^2 / gap
    expectAllClose([e.lmin, e.lmax], [1, 10], { rtol: 1e-12 });
    expect(Math.abs(e.lmax - 10)).toBeLessThanOrEqual(e.lmaxBound);
    expect(Math.abs(e.lmin - 1)).toBeLessThanOrEqual(e.lminBound + 10 * EPS * 11);
    // ratio 9/10 per iteration: residual 1e-8 needs about log(1e-8)/log(0.9) = 175 iterations each
    expect(e.iterations).toBeGreaterThan(100);
    expect(e.iterations).toBeLessThan(600);
    expect(e.safeInterval[1]).toBeCloseTo(11, 10);
  });

  it('the Rayleigh quotient approaches lmax from below and its residual certifies it', () => {
    const p = poisson1d(60);
    const r = powerIteration(csrOperator(p.matrix), { rng: new Rng(2), maxIterations: 50 });
    expect(r.converged).toBe(false);
    expect(r.iterations).toBe(50);
    expect(r.eigenvalue).toBeLessThanOrEqual(p.lmax);
    // some eigenvalue within the residual: the nearest one
    const dist = Math.min(...Array.from(p.eigenvalues(), (l) => Math.abs(l - r.eigenvalue)));
    expect(dist).toBeLessThanOrEqual(r.residual);
  });

  it('lmin by power iteration is slow where Lanczos is fast (1-D Poisson n = 100)', () => {
    const op = csrOperator(poisson1d(100).matrix);
    const pw = powerExtremes(op, { rng: new Rng(3), maxIterations: 2000, tol: 1e-6 });
    const lz = lanczosExtremes(op, { rng: new Rng(3), tol: 1e-6 });
    expect(lz.converged).toBe(true);
    expect(pw.converged).toBe(false);
    expect(lz.iterations).toBeLessThan(101);
    expect(pw.iterations).toBe(4000);
  });

  it('same seed, same value; arguments are checked', () => {
    const op = csrOperator(poisson1d(40).matrix);
    const a = powerIteration(op, { rng: new Rng(5), maxIterations: 30 });
    const b = powerIteration(op, { rng: new Rng(5), maxIterations: 30 });
    expect(a.eigenvalue).toBe(b.eigenvalue);
    expect(() => powerIteration(op, { rng: new Rng(5), maxIterations: 0 })).toThrow(
      /maxIterations must be a positive integer; got 0/,
    );
    expect(() => powerIteration(op)).toThrow(TypeError);
    expect(() => powerExtremes(op, { rng: new Rng(5), safetyMargin: -1 })).toThrow(
      /safetyMargin must be finite and >= 0; got -1/,
    );
  });
});

describe('estimateSpectrum', () => {
  it("auto picks 'dense' for n <= denseThreshold: exact values, margin 0, rounding bound", () => {
    const p = poisson2d(9, 7);
    const e = estimateSpectrum(p.matrix);
    expect(e.method).toBe('dense');
    expect(e.boundKind).toBe('rounding');
    expect(e.safetyMargin).toBe(0);
    // dense solver: O(n eps ||A||)
    expectAllClose([e.lmin, e.lmax], [p.lmin, p.lmax], { atol: 1e-13 });
    expect(e.lmaxBound).toBeCloseTo(63 * EPS * e.lmax, 25);
    expect(e.safeInterval).toEqual([e.lmin, e.lmax + e.lmaxBound]);
    expect(e.notes[0]).toMatch(/n = 63 <= denseThreshold 1000/);
  });

  it("auto picks 'lanczos' above the threshold and reports the PETSc margin", () => {
    const p = poisson1d(120);
    const e = estimateSpectrum(p.matrix, { denseThreshold: 100, rng: new Rng(1) });
    expect(e.method).toBe('lanczos');
    expect(e.safetyMargin).toBe(0.1);
    expectAllClose([e.lmin, e.lmax], [p.lmin, p.lmax], { rtol: 1e-7 });
    expect(e.safeInterval[1]).toBeCloseTo(1.1 * e.lmax, 14);
    expect(e.notes[0]).toMatch(/n = 120 > denseThreshold 100/);
  });

  it('a matrix-free operator below the threshold is materialised (n applications) and solved densely', () => {
    const h = denseMatrix(20, 30, new Rng(4, 0).fillNormal(new Float64Array(600)));
    const a = gram(h);
    const f = functionOperator(20, (x, out) => denseOperator(a, true).apply(x, out), true);
    const e = estimateSpectrum(f);
    const exact = symmetricEigenvalues(a);
    expect(e.method).toBe('dense');
    expect(e.iterations).toBe(20);
    expectAllClose([e.lmin, e.lmax], [exact[0], exact[19]], { atol: 1e-12 * exact[19] });
  });

  it('forced methods agree: dense, lanczos, power on a well-conditioned diagonal', () => {
    const d = Float64Array.from({ length: 30 }, (_, i) => 1 + i / 10);
    const m = denseMatrix(30, 30);
    for (let i = 0; i < 30; i++) m.data[i * 31] = d[i];
    const dense = estimateSpectrum(m, { method: 'dense' });
    const lz = estimateSpectrum(m, { method: 'lanczos', rng: new Rng(1) });
    const pw = estimateSpectrum(m, {
      method: 'power',
      rng: new Rng(1),
      power: { maxIterations: 5000, tol: 1e-7 },
    });
    expectAllClose([dense.lmin, dense.lmax], [1, 3.9], { rtol: 1e-15 });
    expectAllClose([lz.lmin, lz.lmax], [1, 3.9], { rtol: 1e-12 });
    // power: residual 1e-7 relative, eigenvalue error ~ r^2 / gap
    expectAllClose([pw.lmin, pw.lmax], [1, 3.9], { rtol: 1e-10 });
    expect(
      estimateSpectrum(m, { method: 'lanczos', rng: new Rng(1), safetyMargin: 0.25 })
        .safeInterval[1],
    ).toBeCloseTo(1.25 * 3.9, 12);
  });

  it('refuses non-symmetric matrices with a message that suggests the least-squares form', () => {
    const ns = csrFromCoordinates(3, 3, [0, 1, 2, 0], [0, 1, 2, 2], [1, 1, 1, 0.3]);
    expect(() => estimateSpectrum(ns)).toThrow(
      /must be symmetric; got relative asymmetry 3\.000e-1 \(largest difference at row 0, column 2\).*least-squares form D\^T D/,
    );
    const dn = denseMatrix(2, 2, Float64Array.from([1, 2, 0, 1]));
    expect(() => estimateSpectrum(dn)).toThrow(/must be symmetric/);
    expect(() => estimateSpectrum(csrOperator(ns))).toThrow(/operator must be symmetric/);
    expect(() => estimateSpectrum(poisson1d(5).matrix, { method: 'lanczos' })).toThrow(
      /estimateSpectrum \(method lanczos\): options.rng must be a seeded generator/,
    );
    expect(() => estimateSpectrum(poisson1d(5).matrix, { method: 'qr' as 'dense' })).toThrow(
      RangeError,
    );
  });
});

describe('real matrices from ../shared/data (facts from its README, 6 significant digits)', () => {
  const csr = (name: string) => {
    const c = readMatrixMarketSync(sharedData(name));
    return csrFromCoordinates(c.rows, c.cols, c.rowIndex, c.colIndex, c.values);
  };

  it('lund_a: 2449 non-zeros, symmetric, spectrum [80.0351, 2.23854e8]; Lanczos within 1e-6 of dense', () => {
    const a = csr('lund_a.mtx');
    expect(csrNnz(a)).toBe(2449);
    expect(csrSymmetry(a).symmetric).toBe(true);
    const dense = estimateSpectrum(a);
    expect(dense.method).toBe('dense');
    // the README rounds to 6 significant digits
    expectAllClose([dense.lmin, dense.lmax], [80.0351, 2.23854e8], { rtol: 1e-5 });
    const lz = estimateSpectrum(a, { method: 'lanczos', rng: new Rng(1) });
    // the requirement for the spectrum command: 1e-6 relative
    expectAllClose([lz.lmin, lz.lmax], [dense.lmin, dense.lmax], { rtol: 1e-6 });
  });

  it('lund_a with symmetric diagonal scaling: [2.05251e-4, 2.10674], kappa about 1.03e4', () => {
    const sc = diagonalScaling(csrOperator(csr('lund_a.mtx')));
    const dense = estimateSpectrum(sc.operator);
    expectAllClose([dense.lmin, dense.lmax], [2.05251e-4, 2.10674], { rtol: 1e-5 });
    expect(dense.lmax / dense.lmin).toBeCloseTo(1.03e4, -2);
    const lz = estimateSpectrum(sc.operator, { method: 'lanczos', rng: new Rng(2) });
    expectAllClose([lz.lmin, lz.lmax], [dense.lmin, dense.lmax], { rtol: 1e-6 });
  });

  it('pores_1 is refused as SPD input, and its least-squares form D^T D has spectrum [297.021, 9.75879e14]', () => {
    const d = csr('pores_1.mtx');
    expect(() => estimateSpectrum(d)).toThrow(/must be symmetric.*least-squares form/);
    const op = normalEquationsOperator(d);
    for (const e of [
      estimateSpectrum(op),
      estimateSpectrum(op, { method: 'lanczos', rng: new Rng(3) }),
    ]) {
      expectAllClose([e.lmax], [9.75879e14], { rtol: 1e-5 });
      // kappa 3e12: lmin is only known to O(n eps lmax) ~ 6.5 absolute (its reported bound)
      expect(Math.abs(e.lmin - 297.021)).toBeLessThanOrEqual(e.lminBound + 1e-3);
    }
  });
});
