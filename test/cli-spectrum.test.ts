/**
 * `dugd spectrum` end to end (spawned CLI): the interval of lund_a.mtx
 * against the dense eigensolver and the README facts (1e-6 relative), the
 * documented JSON fields, Lanczos vs dense, designs, and one-line refusals.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readMatrixMarketSync, toDense, writeNpy } from '../src/io/index.js';
import { symmetricEigenvalues } from '../src/linalg/index.js';
import { ensureBuilt, isOneLineError, ROOT, runCli } from './helpers/built-cli.js';
import { SHARED } from './helpers/reference.js';

const DATA = join(SHARED, 'data');
const LUND = join(DATA, 'lund_a.mtx');
const CARS = join(ROOT, 'node_modules', 'vega-datasets', 'data', 'cars.json');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = (args: string[]): any => {
  const r = runCli(['spectrum', ...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
};
const rel = (a: number, b: number) => Math.abs(a / b - 1);

beforeAll(() => ensureBuilt(), 180_000);

describe('dugd spectrum on lund_a.mtx', () => {
  const a = toDense(readMatrixMarketSync(LUND));
  const n = a.rows;
  const exact = symmetricEigenvalues(a);
  const scaled = (() => {
    const b = Float64Array.from(a.data);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) b[i * n + j] /= Math.sqrt(a.data[i * n + i] * a.data[j * n + j]);
    return symmetricEigenvalues({ rows: n, cols: n, data: b });
  })();

  it('default: diagonal scaling, dense method, interval within 1e-6 of the exact one, JSON fields', () => {
    const r = json([LUND]);
    expect(r).toMatchObject({ method: 'dense', n: 147, nnz: 2449, scaling: 'diagonal' });
    expect(rel(r.lmin, scaled[0])).toBeLessThan(1e-6);
    expect(rel(r.lmax, scaled[n - 1])).toBeLessThan(1e-6);
    // README: [2.05251e-4, 2.10674], kappa about 1.03e4
    expect(rel(r.lmin, 2.05251e-4)).toBeLessThan(5e-6); // README rounds to 6 digits
    expect(rel(r.lmax, 2.10674)).toBeLessThan(1e-6);
    expect(r.kappa).toBeCloseTo(r.lmax / r.lmin, 8);
    expect(r.safetyMargin).toBe(0);
    expect(r.safeInterval[0]).toBe(r.lmin);
    expect(r.safeInterval[1]).toBeGreaterThanOrEqual(r.lmax);
    expect(r.seconds).toBeGreaterThanOrEqual(0);
    expect(r.positiveDefinite).toBe(true);
    expect(r.problem).toMatchObject({ kind: 'spd-system', n: 147, nnz: 2449 });
    expect(r.problem.scaling.applied).toBe('diagonal');
  });

  it('--scale none: [80.0351, 2.23854e8] (README), kappa 2.80e6, within 1e-6 of the dense eigensolver', () => {
    const r = json([LUND, '--scale', 'none']);
    expect(rel(r.lmin, exact[0])).toBeLessThan(1e-6);
    expect(rel(r.lmax, exact[n - 1])).toBeLessThan(1e-6);
    expect(rel(r.lmin, 80.0351)).toBeLessThan(1e-6);
    expect(rel(r.lmax, 2.23854e8)).toBeLessThan(1e-6);
    expect(r.kappa / 2.8e6).toBeCloseTo(1, 2);
  });

  it('--method lanczos: within 1e-6 of dense, certified bounds, 10 % margin on lmax', () => {
    for (const scale of ['diagonal', 'none']) {
      const r = json([LUND, '--method', 'lanczos', '--scale', scale]);
      const e = scale === 'none' ? exact : scaled;
      expect(r.method).toBe('lanczos');
      expect(r.boundKind).toBe('certified');
      expect(rel(r.lmin, e[0])).toBeLessThan(1e-6);
      expect(rel(r.lmax, e[n - 1])).toBeLessThan(1e-6);
      expect(r.safetyMargin).toBe(0.1);
      expect(rel(r.safeInterval[1], 1.1 * r.lmax)).toBeLessThan(1e-12);
    }
  });

  it('human output names the method, the interval, kappa, the margin and the time', () => {
    const r = runCli(['spectrum', LUND]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/method: dense/);
    expect(r.stdout).toMatch(/lmin = 0\.000205250981/);
    expect(r.stdout).toMatch(/condition number kappa = lmax\/lmin = 1\.026e\+4/);
    expect(r.stdout).toMatch(/safe interval for Chebyshev steps: .*safety margin 0 on lmax/);
    expect(r.stdout).toMatch(/n = 147, nnz = 2449/);
    expect(r.stdout).toMatch(/\d+\.\d{3} s/);
  });

  it('a .npy copy gives the same interval', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dugd-spectrum-'));
    writeNpy(join(dir, 'a.npy'), a);
    const r = json([join(dir, 'a.npy')]);
    expect(rel(r.lmin, scaled[0])).toBeLessThan(1e-9);
    expect(r.nnz).toBe(2449);
  });
});

describe('dugd spectrum: designs and refusals', () => {
  it('--design pores_1.mtx --scale none: D^T D in [297.021, 9.75879e14] (README)', () => {
    const r = json(['--design', join(DATA, 'pores_1.mtx'), '--scale', 'none']);
    // lmin: the dense solver's absolute error is about n eps lmax = 6.5 (2e-2 relative); lmax to 1e-6
    expect(rel(r.lmin, 297.021)).toBeLessThan(2e-2);
    expect(rel(r.lmax, 9.75879e14)).toBeLessThan(1e-6);
    expect(r.problem).toMatchObject({ kind: 'least-squares', m: 30, n: 30, nnz: 180 });
  });

  it('the cars table (standardised + intercept): n = 6, kappa 111.5', () => {
    const r = json([
      '--design',
      CARS,
      '--target',
      'Miles_per_Gallon',
      '--standardize',
      '--intercept',
    ]);
    expect(r.n).toBe(6);
    expect(r.kappa).toBeCloseTo(111.5, 0);
    expect(r.problem.columns[0]).toBe('(intercept)');
    expect(r.problem.droppedRows).toBe(14);
  });

  it('jgl009.mtx (pattern, singular) as a design: reported as not positive definite, exit 0', () => {
    const r = json(['--design', join(DATA, 'jgl009.mtx')]);
    expect(r.positiveDefinite).toBe(false);
    expect(r.kappa).toBe(null);
    expect(r.warnings[0]).toMatch(/not positive definite.*--ridge/);
  });

  it('pores_1.mtx as an SPD matrix: refused with why and --design, one line, exit 1', () => {
    const r = runCli(['spectrum', join(DATA, 'pores_1.mtx')]);
    expect(r.code).toBe(1);
    expect(isOneLineError(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(/pores_1\.mtx: the matrix is not symmetric.*--design .*pores_1\.mtx/);
  });

  it('wrong.mtx: refused naming the line and the problem', () => {
    const r = runCli(['spectrum', join(DATA, 'wrong.mtx')]);
    expect(r.code).toBe(1);
    expect(isOneLineError(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(/wrong\.mtx:3: row index 0 is out of range 1\.\.2/);
  });

  it('numerically singular: jgl009 unscaled (lmin 5.9e-17 > 0) and two equal CSV columns are not positive definite', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dugd-spectrum-'));
    writeFileSync(join(dir, 'dup.csv'), 'a,b,y\n1,1,3\n2,2,4\n3,3,5\n4,4,6\n5,5,1\n');
    for (const args of [
      ['--design', join(DATA, 'jgl009.mtx'), '--scale', 'none'],
      ['--design', join(dir, 'dup.csv'), '--target', 'y'],
    ]) {
      const r = json(args);
      expect(r.lmin).toBeGreaterThan(0); // rounding noise of 0
      expect(r.positiveDefinite).toBe(false);
      expect(r.numericallySingular).toBe(true);
      expect(r.kappa).toBe(null);
      expect(r.warnings[0]).toMatch(
        /within rounding .* of 0: the matrix is numerically singular \(kappa > 1\/eps\).*--ridge/,
      );
      const t = runCli(['spectrum', ...args]);
      expect(t.stdout).toMatch(/condition number kappa > 1\/eps \(numerically singular\)/);
      expect(t.stdout).toMatch(/safe interval for Chebyshev steps: none \(not positive definite\)/);
    }
    expect(json([LUND]).numericallySingular).toBe(false);
  });

  it('an empty row (design: an empty column) is refused from the structure, at once: a declared 1e8 x 1e8 file with one entry', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dugd-spectrum-'));
    const huge = join(dir, 'huge.mtx');
    writeFileSync(
      huge,
      '%%MatrixMarket matrix coordinate real symmetric\n100000000 100000000 1\n1 1 2.0\n',
    );
    const t0 = performance.now();
    const r = runCli(['spectrum', huge]);
    expect(performance.now() - t0).toBeLessThan(5000); // was 16 s and 2.8 GB
    expect(r.code).toBe(1);
    expect(isOneLineError(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(
      /huge\.mtx: row 2 of the matrix has no non-zero entry \(99999999 of the 100000000 rows are empty\), so the matrix is singular/,
    );
    const d = runCli(['spectrum', '--design', huge]);
    expect(d.code).toBe(1);
    expect(d.stderr).toMatch(/column 2 of the design D has no non-zero entry .*--ridge/);
    // a zero column of a table design too
    writeFileSync(join(dir, 'z.csv'), 'a,b\n1,0\n2,0\n3,0\n');
    const z = runCli(['spectrum', '--design', join(dir, 'z.csv')]);
    expect(z.code).toBe(1);
    expect(z.stderr).toMatch(/z\.csv: column 'b' of the design D has no non-zero entry/);
  });

  it('bad files: NaN/Inf entries named with their position, 0 x 0, binary, empty; no internal names', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dugd-spectrum-'));
    const eye = (k: number, v: number) => {
      const d = new Float64Array(9);
      d[0] = d[4] = d[8] = 1;
      d[k] = v;
      return { shape: [3, 3], data: d };
    };
    writeNpy(join(dir, 'nan.npy'), eye(5, NaN)); // (1, 2)
    writeNpy(join(dir, 'inf.npy'), eye(7, Infinity)); // (2, 1)
    writeNpy(join(dir, 'empty.npy'), { shape: [0, 0], data: new Float64Array(0) });
    writeFileSync(
      join(dir, 'garbage.bin'),
      Uint8Array.from({ length: 300 }, (_, i) => (i * 37) % 256),
    );
    writeFileSync(join(dir, 'empty.csv'), '');
    writeFileSync(join(dir, 'ovf.csv'), 'a,b\n1e200,1\n1e200,2\n3,1\n');
    const cases: [string[], RegExp][] = [
      [[join(dir, 'nan.npy')], /nan\.npy: entry \(1, 2\) is not finite \(NaN/],
      [[join(dir, 'inf.npy')], /inf\.npy: entry \(2, 1\) is not finite \(Infinity/],
      [['--design', join(dir, 'nan.npy')], /nan\.npy: entry \(1, 2\) is not finite/],
      [[join(dir, 'empty.npy')], /empty\.npy: empty: the matrix is 0 x 0/],
      [['--design', join(dir, 'garbage.bin')], /garbage\.bin: binary content/],
      [['--design', join(dir, 'empty.csv')], /empty\.csv: empty$/],
      [
        ['--design', join(dir, 'ovf.csv')],
        /ovf\.csv: column 'a' of the design D is too large: its sum of squares .* overflows float64/,
      ],
    ];
    for (const [args, msg] of cases) {
      const r = runCli(['spectrum', ...args]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(isOneLineError(r.stderr)).toBe(true);
      expect(r.stderr.trim()).toMatch(msg);
      expect(r.stderr).not.toMatch(/symmetricEigen|estimateSpectrum|lanczos:|selectColumns/);
    }
  });

  it('table columns: unknown, ambiguous or repeated names in --columns/--target name the flag and the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dugd-spectrum-'));
    const f = join(dir, 'names.csv');
    writeFileSync(f, 'a,a,b,y\n1,2,4,3\n2,3,1,4\n3,1,5,5\n');
    const cases: [string[], RegExp][] = [
      [
        ['--columns', 'a', '--target', 'y'],
        /names\.csv: --columns: 2 columns are named 'a' \(columns 1, 2\)/,
      ],
      [['--columns', 'q'], /names\.csv: --columns: no column 'q'; columns: a, a, b, y/],
      [['--columns', 'b,b'], /names\.csv: --columns: 'b' is listed twice/],
      [['--target', 'z'], /names\.csv: --target: no column 'z'/],
      [
        ['--columns', 'b', '--target', 'b'],
        /--columns\/--target: the target 'b' cannot also be a design column/,
      ],
    ];
    for (const [args, msg] of cases) {
      const r = runCli(['spectrum', '--design', f, ...args]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(isOneLineError(r.stderr)).toBe(true);
      expect(r.stderr).toMatch(msg);
    }
    // the default rule leaves the two 'a' columns out and says so
    const r = json(['--design', f, '--target', 'y']);
    expect(r.problem.columns).toEqual(['b']);
    expect(r.problem.excludedColumns).toEqual([
      { column: 'a', reason: 'the name is used by 2 columns' },
    ]);
  });

  it('--method power that did not converge: the interval is widened by the bound and not called safe', () => {
    const r = json([LUND, '--method', 'power']);
    expect(r.converged).toBe(false);
    expect(r.safeIntervalReliable).toBe(false);
    expect(r.safeInterval[0]).toBeCloseTo(r.lmin - r.lminBound, 12);
    expect(r.safeInterval[0]).toBeLessThan(2.05251e-4); // the true lmin (power's lmin is 0.00243)
    const t = runCli(['spectrum', LUND, '--method', 'power']);
    expect(t.stdout).toMatch(
      /interval for Chebyshev steps, NOT certain \(power did not converge\)/,
    );
    expect(t.stdout).not.toMatch(/^safe interval/m);
    expect(json([LUND, '--method', 'lanczos']).safeIntervalReliable).toBe(true);
  });

  it('no FILE: the message names FILE and --design, exit 2', () => {
    const r = runCli(['spectrum']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /FILE: expected a matrix file \(dugd spectrum FILE\) or a design \(dugd spectrum --design FILE\)/,
    );
  });

  it('usage errors exit 2: no file, FILE and --design, design flags without --design', () => {
    for (const args of [
      [],
      [LUND, '--design', LUND],
      [LUND, '--standardize'],
      [LUND, '--scale', 'x'],
    ]) {
      const r = runCli(['spectrum', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
    }
  });
});
