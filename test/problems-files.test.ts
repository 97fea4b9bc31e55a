/**
 * Problems from files (src/problems/spd-system.ts, least-squares.ts,
 * problem-spectrum.ts): the real matrices of ../shared/data against the
 * facts in its README and the dense eigensolver, scaling rules, refusals
 * that say why, least-squares designs from generic tables (column choice,
 * missing rows, standardisation, intercept, ridge), the vega-datasets cars
 * table, and the SLQ path against exact traces.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readMatrixMarketSync, toDense, writeNpy } from '../src/io/index.js';
import {
  csrFromCoordinates,
  fromRows,
  gram,
  matTVec,
  symmetricEigenvalues,
  type DenseMatrix,
} from '../src/linalg/index.js';
import {
  leastSquaresFromFile,
  leastSquaresProblem,
  originalRhs,
  problemExtremes,
  problemSpectrum,
  readDesignFile,
  readMatrixFile,
  requirePositiveDefinite,
  sampleProblem,
  spdSystem,
  spdSystemFromFile,
} from '../src/problems/index.js';
import { matrixStructure, numericalSingularity } from '../src/problems/spd-system.js';
import { Rng } from '../src/random/index.js';
import { ROOT } from './helpers/built-cli.js';
import { expectAllClose } from './helpers/close.js';
import { SHARED } from './helpers/reference.js';

const DATA = join(SHARED, 'data');
const LUND = join(DATA, 'lund_a.mtx');
const PORES = join(DATA, 'pores_1.mtx');
const CARS = join(ROOT, 'node_modules', 'vega-datasets', 'data', 'cars.json');
const tmp = () => mkdtempSync(join(tmpdir(), 'dugd-problems-'));

/** Exact eigenvalues of S^-1/2 A S^-1/2 (or A), formed densely here. */
function denseEigs(a: DenseMatrix, scale: boolean): Float64Array {
  const n = a.rows;
  const b = Float64Array.from(a.data);
  if (scale) {
    const s = Float64Array.from({ length: n }, (_, i) => 1 / Math.sqrt(a.data[i * n + i]));
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) b[i * n + j] *= s[i] * s[j];
  }
  return symmetricEigenvalues({ rows: n, cols: n, data: b });
}

describe('SPD systems from Matrix Market and .npy files', () => {
  const lundDense = toDense(readMatrixMarketSync(LUND));

  it('lund_a.mtx: the stored lower triangle is mirrored to 2449 entries, symmetric, diagonal kept once', () => {
    const f = readMatrixFile(LUND);
    expect(f.format).toBe('matrix-market');
    expect(f.nnz).toBe(2449);
    expect(f.header).toBe('coordinate real symmetric');
    expect(f.matrix.rows).toBe(147);
    const p = spdSystem(f.matrix, { name: 'lund_a.mtx', nnz: f.nnz });
    expect(p.kind).toBe('spd-system');
    expect(p.n).toBe(147);
    expect(p.nnz).toBe(2449);
    // the diagonal of the operator equals the file's diagonal entries (not doubled)
    const d = p.original.diagonal();
    for (let i = 0; i < 147; i++) expect(d[i]).toBe(lundDense.data[i * 147 + i]);
  });

  it('scaling: auto applies Jacobi scaling (every a_ii > 0) and says so; none keeps A', () => {
    const auto = spdSystemFromFile(LUND);
    expect(auto.scaling.applied).toBe('diagonal');
    expect(auto.scaling.reason).toMatch(/every diagonal entry is positive/);
    expect(auto.operator.diagonal().every((v) => v === 1)).toBe(true);
    const none = spdSystemFromFile(LUND, { scale: 'none' });
    expect(none.scaling.applied).toBe('none');
    // A x = b  <=>  A_s x_s = b_s with b_s = S^-1/2 b, x = S^-1/2 x_s
    const x = new Rng(1).fillNormal(new Float64Array(147));
    const b = originalRhs(auto, x);
    const xs = auto.scaleSolution(x);
    const bs = auto.operator.apply(xs, new Float64Array(147));
    expectAllClose(bs, auto.scaleRhs(b), {
      rtol: 1e-12,
      atol: 1e-12 * Math.max(...bs.map(Math.abs)),
    });
    expectAllClose(auto.unscaleSolution(xs), x, { rtol: 1e-15 });
  });

  it('dense spectrum of lund_a within 1e-6 of the README facts, scaled and unscaled; Lanczos agrees with dense to 1e-6', () => {
    // README (6 significant digits): [80.0351, 2.23854e8] unscaled, [2.05251e-4, 2.10674] scaled
    const raw = problemSpectrum(spdSystemFromFile(LUND, { scale: 'none' }));
    expect(raw.method).toBe('dense');
    expect(Math.abs(raw.interval.lmin / 80.0351 - 1)).toBeLessThan(1e-6);
    expect(Math.abs(raw.interval.lmax / 2.23854e8 - 1)).toBeLessThan(1e-6);
    const scaled = problemSpectrum(spdSystemFromFile(LUND));
    expect(Math.abs(scaled.interval.lmin / 2.05251e-4 - 1)).toBeLessThan(1e-5); // README rounds to 6 digits: 5e-6 relative
    expect(Math.abs(scaled.interval.lmax / 2.10674 - 1)).toBeLessThan(1e-6);
    expect(scaled.interval.lmax / scaled.interval.lmin).toBeCloseTo(1.0264e4, -1);
    // every eigenvalue against an independent dense computation of S^-1/2 A S^-1/2
    expectAllClose(scaled.spectrum.nodes, denseEigs(lundDense, true), { rtol: 1e-9, atol: 1e-13 });
    expectAllClose(raw.spectrum.nodes, denseEigs(lundDense, false), { rtol: 0, atol: 1e-6 });
    // Lanczos (forced) against the dense extremes: certified bounds make 1e-6 easy
    for (const p of [spdSystemFromFile(LUND), spdSystemFromFile(LUND, { scale: 'none' })]) {
      const exact = problemSpectrum(p).interval;
      const lz = problemExtremes(p, { method: 'lanczos' });
      expect(lz.method).toBe('lanczos');
      expect(Math.abs(lz.lmin / exact.lmin - 1)).toBeLessThan(1e-6);
      expect(Math.abs(lz.lmax / exact.lmax - 1)).toBeLessThan(1e-6);
      expect(lz.safeInterval[1]).toBeCloseTo(1.1 * lz.lmax, 10);
    }
  });

  it('a .npy copy of the matrix gives the same problem and spectrum', () => {
    const dir = tmp();
    writeNpy(join(dir, 'lund.npy'), lundDense);
    const f = readMatrixFile(join(dir, 'lund.npy'));
    expect(f.format).toBe('npy');
    expect(f.nnz).toBe(2449);
    const a = problemSpectrum(spdSystemFromFile(join(dir, 'lund.npy'))).spectrum.nodes;
    const b = problemSpectrum(spdSystemFromFile(LUND)).spectrum.nodes;
    expectAllClose(a, b, { rtol: 1e-12, atol: 1e-16 });
  });

  it('pores_1.mtx (not symmetric) is refused with why and the least-squares suggestion', () => {
    expect(() => spdSystemFromFile(PORES)).toThrow(
      /pores_1\.mtx: the matrix is not symmetric \(relative asymmetry .*\).*not a valid SPD system.*least-squares form A = D\^T D.*--design/,
    );
  });

  it('wrong.mtx is refused naming the line and the problem; jgl009.mtx (pattern) reads as ones', () => {
    expect(() => readMatrixFile(join(DATA, 'wrong.mtx'))).toThrow(
      /wrong\.mtx:\d+: row index 0 is out of range/,
    );
    const j = readMatrixFile(join(DATA, 'jgl009.mtx'));
    expect(j.header).toBe('coordinate pattern general');
    expect(j.nnz).toBe(50);
    const v = (j.matrix as { values: Float64Array }).values;
    expect(v.length).toBe(50);
    expect(v.every((x) => x === 1)).toBe(true);
  });

  it('not square, not a matrix file, and non-positive diagonals: refused or reported with the reason', () => {
    const rect = csrFromCoordinates(2, 3, [0, 1], [0, 2], [1, 1]);
    expect(() => spdSystem(rect, { name: 'r.mtx' })).toThrow(
      /r\.mtx: the matrix is 2 x 3, not square.*--design r\.mtx/,
    );
    const dir = tmp();
    writeFileSync(join(dir, 'x.txt'), '1 2\n3 4\n');
    expect(() => readMatrixFile(join(dir, 'x.txt'))).toThrow(
      /x\.txt:1: expected a Matrix Market file/,
    );
    const indef = fromRows([
      [1, 2],
      [2, 0],
    ]);
    const auto = spdSystem(indef, { name: 'i' });
    expect(auto.scaling.applied).toBe('none');
    expect(auto.scaling.reason).toMatch(/a\[2,2\] = 0 is not positive.*not positive definite/);
    expect(() => spdSystem(indef, { name: 'i', scale: 'diagonal' })).toThrow(/a\[2,2\] = 0/);
    const lmin = problemSpectrum(auto).interval.lmin; // 1/2 - sqrt(17)/2
    expect(lmin).toBeCloseTo((1 - Math.sqrt(17)) / 2, 12);
    expect(() => requirePositiveDefinite(auto, lmin, 'Chebyshev steps')).toThrow(
      /i: the smallest eigenvalue of the matrix is -1\.56.* <= 0, so it is not positive definite and Chebyshev steps cannot converge/,
    );
  });

  it('samples: x ~ N(0, I), b = A_s x in the operator variables, seeded', () => {
    const p = spdSystemFromFile(LUND);
    const a = sampleProblem(p, new Rng(5, 1));
    const b = sampleProblem(p, new Rng(5, 1));
    expect(a.x).toEqual(b.x);
    expectAllClose(a.b, p.operator.apply(a.x, new Float64Array(147)), { rtol: 0, atol: 0 });
  });

  it('SLQ path: interval from Lanczos matches dense; on a diagonal matrix the moments equal the exact traces', () => {
    const p = spdSystemFromFile(LUND);
    const exact = problemSpectrum(p).interval;
    const slq = problemSpectrum(p, { method: 'slq', probes: 10, steps: 20 });
    expect(slq.method).toBe('slq');
    expect(slq.spectrum.source).toBe('slq');
    expect(slq.spectrum.nodes.length).toBe(200);
    expect(Math.abs(slq.interval.lmin / exact.lmin - 1)).toBeLessThan(1e-6);
    expect(Math.abs(slq.interval.lmax / exact.lmax - 1)).toBeLessThan(1e-6);
    // diagonal A: Rademacher Hutchinson has zero variance and a k-node Gauss rule is exact to degree 2k-1
    const d = Float64Array.from(
      { length: 500 },
      (_, i) => 1 + (i % 50) * 0.37 + Math.floor(i / 50),
    );
    const diag = csrFromCoordinates(500, 500, [...d.keys()], [...d.keys()], d);
    const q = problemSpectrum(spdSystem(diag, { scale: 'none' }), {
      denseThreshold: 100,
      probes: 3,
      steps: 8,
    });
    expect(q.method).toBe('slq');
    for (let j = 0; j <= 6; j++) {
      let est = 0;
      for (let i = 0; i < q.spectrum.nodes.length; i++)
        est += q.spectrum.weights[i] * q.spectrum.nodes[i] ** j;
      const tr = d.reduce((s, v) => s + v ** j, 0) / 500; // (1/n) tr A^j
      expect(Math.abs(est / tr - 1)).toBeLessThan(1e-12);
    }
  });
});

describe('least-squares designs', () => {
  const csv = [
    'id,a,b,label,c,y',
    '1,1.0,2,x,0.5,3',
    '2,2.0,1,y,NA,1',
    '3,0.5,4,z,1.5,2',
    '4,3.0,,w,2.5,7',
    '5,1.5,3,v,-1,4',
    '6,2.5,0.5,u,0.25,5',
  ].join('\n');

  it('a generic CSV: default columns are the numeric ones except the target; missing rows dropped and counted', () => {
    const dir = tmp();
    writeFileSync(join(dir, 't.csv'), csv);
    const f = readDesignFile(join(dir, 't.csv'), { target: 'y' });
    expect(f.columns).toEqual(['id', 'a', 'b', 'c']);
    expect(f.droppedRows).toBe(2);
    expect(f.design.rows).toBe(4);
    expect(Array.from(f.y!)).toEqual([3, 2, 4, 5]);
    const g = readDesignFile(join(dir, 't.csv'), { columns: ['b', 'a'], target: 'y' });
    expect(g.droppedRows).toBe(1);
    expect(Array.from((g.design as DenseMatrix).data.slice(0, 2))).toEqual([2, 1]);
    expect(() =>
      readDesignFile(join(dir, 't.csv'), { columns: ['a'], missing: 'error' }),
    ).not.toThrow();
    expect(() => readDesignFile(join(dir, 't.csv'), { columns: ['c'], missing: 'error' })).toThrow(
      /t\.csv:3: column 'c' has a missing value/,
    );
    expect(() => readDesignFile(join(dir, 't.csv'), { columns: ['label'] })).toThrow(
      /t\.csv:2: column 'label': expected a number/,
    );
    expect(() => readDesignFile(join(dir, 't.csv'), { target: 'nope' })).toThrow(
      /no column 'nope'/,
    );
  });

  it('standardize, intercept and ridge: A = D^T D + mu I against a dense computation', () => {
    const d0 = fromRows([
      [1, 10, 3],
      [2, 20, 1],
      [4, 25, 0],
      [3, 5, 2],
      [5, 12, 2],
    ]);
    const p = leastSquaresProblem(d0, {
      standardize: true,
      intercept: true,
      ridge: 0.5,
      scale: 'none',
      columns: ['u', 'v', 'w'],
    });
    expect(p.columns).toEqual(['(intercept)', 'u', 'v', 'w']);
    expect(p.n).toBe(4);
    expect(p.m).toBe(5);
    const D = p.design as DenseMatrix;
    for (let j = 1; j < 4; j++) {
      let mean = 0;
      let sq = 0;
      for (let i = 0; i < 5; i++) mean += D.data[i * 4 + j] / 5;
      for (let i = 0; i < 5; i++) sq += D.data[i * 4 + j] ** 2 / 5;
      expect(mean).toBeCloseTo(0, 14);
      expect(sq).toBeCloseTo(1, 14); // sd with divisor m
      expect(D.data[j * 4]).toBe(1); // intercept column
    }
    // eigenvalues of D^T D + mu I = eig(D^T D) + mu
    const G = gram({ rows: 4, cols: 5, data: transposeData(D) });
    const want = symmetricEigenvalues(G).map((v) => v + 0.5);
    expectAllClose(problemSpectrum(p).spectrum.nodes, want, { rtol: 1e-12, atol: 1e-12 });
    const y = [1, 2, 3, 4, 5];
    expectAllClose(p.rhsFromTarget(y), matTVec(D, Float64Array.from(y)), { rtol: 0, atol: 0 });
    expect(() =>
      leastSquaresProblem(fromRows([[1], [1]]), { standardize: true, columns: ['k'] }),
    ).toThrow(/column 'k' is constant \(sd 0\)/);
  });

  it('the cars table of vega-datasets: 392 complete rows, numeric columns, kappa of D^T D by scaling', () => {
    const { problem, file } = leastSquaresFromFile(CARS, {
      target: 'Miles_per_Gallon',
      standardize: true,
      intercept: true,
    });
    // Year is a date string and Name/Origin are text: the numeric columns are these five
    expect(file.columns).toEqual([
      'Cylinders',
      'Displacement',
      'Horsepower',
      'Weight_in_lbs',
      'Acceleration',
    ]);
    expect(file.droppedRows).toBe(14);
    expect(problem.m).toBe(392);
    expect(problem.n).toBe(6);
    const s = problemSpectrum(problem);
    // standardised + intercept: a_jj = m for every column, so scaling only divides by m
    expect(s.interval.lmax / s.interval.lmin).toBeCloseTo(111.5, 0);
    const raw = leastSquaresFromFile(CARS, {
      target: 'Miles_per_Gallon',
      intercept: true,
      scale: 'none',
    });
    const k = problemSpectrum(raw.problem).interval;
    expect(k.lmax / k.lmin).toBeGreaterThan(1e9); // raw columns (weights in lbs) with an intercept
  });

  it('pores_1.mtx as a design: eigenvalues of D^T D within the README interval [297.021, 9.75879e14]', () => {
    const { problem } = leastSquaresFromFile(PORES, { scale: 'none' });
    const s = problemSpectrum(problem).interval;
    // README gives 6 digits; the dense solver's absolute error is about n eps lmax = 6.5, i.e. 2e-2 relative at lmin
    expect(Math.abs(s.lmin / 297.021 - 1)).toBeLessThan(2e-2);
    expect(Math.abs(s.lmax / 9.75879e14 - 1)).toBeLessThan(1e-6);
    expect(() => leastSquaresFromFile(PORES, { target: 'y' })).toThrow(
      /columns and target choose columns of a table/,
    );
  });
});

describe('structure, finiteness and singularity checks (before any eigenvalue work)', () => {
  it('matrixStructure counts empty rows and columns of dense and CSR matrices (explicit zeros are empty)', () => {
    const d = fromRows([
      [1, 0, 0],
      [0, 0, 0],
      [2, 0, 3],
    ]);
    expect(matrixStructure(d)).toEqual({
      rows: 3,
      cols: 3,
      emptyRows: { count: 1, first: 1 },
      emptyColumns: { count: 1, first: 1 },
    });
    const c = csrFromCoordinates(3, 4, [0, 1, 2], [0, 0, 3], [1, 0, 5]); // row 1: an explicit 0
    expect(matrixStructure(c).emptyRows).toEqual({ count: 1, first: 1 });
    expect(matrixStructure(c).emptyColumns).toEqual({ count: 2, first: 1 });
  });

  it('an SPD matrix with an empty row is refused as singular; a Matrix Market file before its CSR is built', () => {
    expect(() =>
      spdSystem(
        fromRows([
          [2, 0],
          [0, 0],
        ]),
        { name: 'z' },
      ),
    ).toThrow(/^z: row 2 of the matrix has no non-zero entry, so the matrix is singular/);
    const dir = tmp();
    writeFileSync(
      join(dir, 'h.mtx'),
      '%%MatrixMarket matrix coordinate real symmetric\n2000000000 2000000000 2\n1 1 2.0\n3 1 1.0\n',
    );
    const t0 = performance.now();
    expect(() => spdSystemFromFile(join(dir, 'h.mtx'))).toThrow(
      /row 2 of the matrix has no non-zero entry \(1999999998 of the 2000000000 rows are empty\)/,
    );
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('a design with an empty column is refused unless there is a ridge term; 0 x 0 and NaN files are refused', () => {
    const d = fromRows([
      [1, 0],
      [2, 0],
    ]);
    expect(() => leastSquaresProblem(d, { name: 'd', columns: ['a', 'b'] })).toThrow(
      /^d: column 'b' of the design D has no non-zero entry, so A = D\^T D is singular .*--ridge/,
    );
    expect(leastSquaresProblem(d, { ridge: 0.1 }).n).toBe(2);
    const dir = tmp();
    writeNpy(join(dir, 'e.npy'), { shape: [0, 3], data: new Float64Array(0) });
    expect(() => readMatrixFile(join(dir, 'e.npy'))).toThrow(/e\.npy: empty: the matrix is 0 x 3/);
    writeNpy(join(dir, 'n.npy'), { shape: [2, 2], data: Float64Array.of(1, 0, 0, NaN) });
    expect(() => spdSystemFromFile(join(dir, 'n.npy'))).toThrow(
      /n\.npy: entry \(1, 1\) is not finite \(NaN/,
    );
  });

  it('numericalSingularity: positive definite, numerically singular (|lmin| within max(bound, n eps lmax)), indefinite', () => {
    expect(numericalSingularity({ n: 147, lmin: 2.05e-4, lmax: 2.1 }).definiteness).toBe(
      'positive-definite',
    );
    expect(
      numericalSingularity({ n: 9, lmin: 5.9e-17, lmax: 37.2, lminBound: 1e-13 }),
    ).toMatchObject({ definiteness: 'numerically-singular', threshold: 1e-13 });
    expect(numericalSingularity({ n: 2, lmin: 1.1e-16, lmax: 2 }).definiteness).toBe(
      'numerically-singular',
    ); // threshold n eps lmax = 8.9e-16
    expect(numericalSingularity({ n: 2, lmin: -1.6, lmax: 2.6 }).definiteness).toBe('indefinite');
    const p = spdSystem(fromRows([[1]]), { name: 's' });
    expect(() =>
      requirePositiveDefinite(p, 5.9e-17, 'Chebyshev steps', { lmax: 37.2, lminBound: 7.4e-14 }),
    ).toThrow(/s: .* is 5\.900e-17, within rounding .* numerically singular \(kappa > 1\/eps\)/);
    expect(() => requirePositiveDefinite(p, 5.9e-17, 'Chebyshev steps')).not.toThrow();
  });

  it('tables: the default rule reports left-out columns; dropped rows per column; flag-named column errors', () => {
    const dir = tmp();
    const f = join(dir, 't.csv');
    writeFileSync(f, 'a,b,c,y\n1,x,,3\n2,2,4,\n3,y,1,5\n4,1,2,6\n');
    const r = readDesignFile(f, { target: 'y' });
    expect(r.columns).toEqual(['a', 'c']);
    expect(r.excludedColumns).toEqual([
      { column: 'b', reason: "not numeric: 'x' on line 2 (2 such cells)" },
    ]);
    expect(r.droppedRows).toBe(2);
    expect(r.droppedRowsByColumn).toEqual({ c: 1, y: 1 });
    expect(() => readDesignFile(f, { target: 'y', missing: 'error' })).toThrow(
      /t\.csv:2: column 'c' has a missing value \(1 in this column\); use --missing drop/,
    );
    expect(() => readDesignFile(f, { columns: ['a', 'q'] })).toThrow(
      /t\.csv: --columns: no column 'q'; columns: a, b, c, y/,
    );
  });

  it('problemExtremes: every eigenvalue when dense; a power estimate that did not converge is widened and flagged', () => {
    const p = spdSystemFromFile(LUND);
    const dense = problemExtremes(p);
    expect(dense.eigenvalues?.length).toBe(147);
    expect(dense.safeIntervalReliable).toBe(true);
    expect(dense.definiteness).toBe('positive-definite');
    const power = problemExtremes(p, { method: 'power' });
    expect(power.converged).toBe(false);
    expect(power.safeIntervalReliable).toBe(false);
    expect(power.safeInterval[0]).toBeLessThan(dense.lmin);
    expect(power.lmin).toBeGreaterThan(dense.lmin * 10); // what was presented as safe before
  });
});

function transposeData(a: DenseMatrix): Float64Array {
  const t = new Float64Array(a.rows * a.cols);
  for (let i = 0; i < a.rows; i++)
    for (let j = 0; j < a.cols; j++) t[j * a.rows + i] = a.data[i * a.cols + j];
  return t;
}
