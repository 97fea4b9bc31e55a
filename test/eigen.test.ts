import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import {
  denseMatrix,
  fromRows,
  identity,
  matMul,
  norm2,
  symmetricEigen,
  symmetricEigenvalues,
  transpose,
  type DenseMatrix,
} from '../src/linalg/index.js';
import { spectralRadius } from '../src/analysis/index.js';
import { Rng } from '../src/random/index.js';
import { expectAllClose, expectClose } from './helpers/close.js';
import { loadReference } from './helpers/reference.js';

const EPS = 2 ** -52;

/** Symmetric n x n with N(0, 1) entries on and below the diagonal. */
function randomSymmetric(n: number, seed: number): DenseMatrix {
  const rng = new Rng(seed, 0);
  const a = denseMatrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const v = rng.normal();
      a.data[i * n + j] = v;
      a.data[j * n + i] = v;
    }
  }
  return a;
}

/** Random orthogonal Q = P_1 ... P_n (Householder reflectors I - 2 v v^T / v.v). */
function randomOrthogonal(n: number, seed: number): DenseMatrix {
  const rng = new Rng(seed, 1);
  let q = identity(n);
  for (let r = 0; r < n; r++) {
    const v = rng.fillNormal(new Float64Array(n));
    let vv = 0;
    for (const x of v) vv += x * x;
    const p = identity(n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) p.data[i * n + j] -= (2 * v[i] * v[j]) / vv;
    q = matMul(q, p);
  }
  return q;
}

/** Q diag(lambda) Q^T */
function withSpectrum(lambda: number[], seed: number): DenseMatrix {
  const n = lambda.length;
  const q = randomOrthogonal(n, seed);
  const ql = denseMatrix(n, n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) ql.data[i * n + j] = q.data[i * n + j] * lambda[j];
  const a = matMul(ql, transpose(q));
  // symmetrise the rounding of the product
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const v = 0.5 * (a.data[i * n + j] + a.data[j * n + i]);
      a.data[i * n + j] = v;
      a.data[j * n + i] = v;
    }
  }
  return a;
}

/** ||a||_2 of the entries (scaled: no underflow for tiny entries) */
function frobenius(a: Float64Array): number {
  return norm2(a);
}

/** ||A V - V diag(lambda)||_F and ||V^T V - I||_F */
function residuals(
  a: DenseMatrix,
  values: Float64Array,
  v: DenseMatrix,
): { res: number; orth: number } {
  const n = a.rows;
  const av = matMul(a, v);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) av.data[i * n + j] -= v.data[i * n + j] * values[j];
  const vtv = matMul(transpose(v), v);
  for (let i = 0; i < n; i++) vtv.data[i * n + i] -= 1;
  return { res: frobenius(av.data), orth: frobenius(vtv.data) };
}

function oracle(a: DenseMatrix): { values: number[]; vectors: Matrix } {
  const rows = Array.from({ length: a.rows }, (_, i) =>
    Array.from(a.data.subarray(i * a.cols, (i + 1) * a.cols)),
  );
  const evd = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
  const order = evd.realEigenvalues
    .map((_, i) => i)
    .sort((x, y) => evd.realEigenvalues[x] - evd.realEigenvalues[y]);
  const vec = evd.eigenvectorMatrix;
  return {
    values: order.map((i) => evd.realEigenvalues[i]),
    vectors: new Matrix(order.map((i) => vec.getColumn(i))).transpose(),
  };
}

// Tolerances. Householder + QL is backward stable: the computed eigenvalues
// are exact for A + E with ||E||_2 <= c n eps ||A||_2, so each eigenvalue
// moves by at most that (Weyl), the residual ||A V - V Lambda|| is of that
// size and ||V^T V - I|| is c n eps. Measured c is below 1 for values and
// residuals (e.g. 7.4e-13 = 0.3 n eps ||A||_F at n = 300) and 1.7 to 3.8 for
// ||V^T V - I||_F at n = 100 to 2000 (bench/eigen.ts); we allow c = 8, with
// ||A||_F >= ||A||_2 as the computable norm. Two such solvers (ours and
// ml-matrix, the JAMA tred2/tql2) can then differ by twice that.
const C = 8;

describe('symmetricEigen against ml-matrix (oracle) on random symmetric matrices', () => {
  for (const [n, seed] of [
    [1, 1],
    [2, 2],
    [3, 3],
    [8, 4],
    [33, 5],
    [100, 6],
  ] as const) {
    it(`n = ${n}: eigenvalues agree, eigenvectors agree up to sign where the gap allows`, () => {
      const a = randomSymmetric(n, seed);
      const normA = frobenius(a.data);
      const ours = symmetricEigen(a, { vectors: true });
      const ref = oracle(a);
      expectAllClose(
        ours.values,
        ref.values,
        { rtol: 0, atol: 2 * C * n * EPS * normA },
        'eigenvalues',
      );
      for (let j = 1; j < n; j++) expect(ours.values[j]).toBeGreaterThanOrEqual(ours.values[j - 1]);
      // vector j is determined up to sign; its angle to the oracle's is
      // about (n eps ||A||) / gap_j, so compare only where gap_j > 1e-6 ||A||
      const v = ours.vectors!;
      for (let j = 0; j < n; j++) {
        const gapLeft = j > 0 ? ours.values[j] - ours.values[j - 1] : Infinity;
        const gapRight = j < n - 1 ? ours.values[j + 1] - ours.values[j] : Infinity;
        const gap = Math.min(gapLeft, gapRight);
        if (gap < 1e-6 * normA) continue;
        let dot = 0;
        for (let i = 0; i < n; i++) dot += v.data[i * n + j] * ref.vectors.get(i, j);
        const angleBound = (4 * C * n * EPS * normA) / gap;
        expect(1 - Math.abs(dot), `vector ${j}`).toBeLessThanOrEqual(
          angleBound * angleBound + 4 * EPS * n,
        );
      }
    });
  }
});

describe('symmetricEigen invariants', () => {
  for (const [n, seed] of [
    [5, 11],
    [64, 12],
    // > 2^15 QL rotations: the rotation buffer is flushed during the iteration
    [263, 13],
  ] as const) {
    it(`n = ${n}: ||A V - V Lambda||_F and ||V^T V - I||_F are O(n eps)`, () => {
      const a = randomSymmetric(n, seed);
      const normA = frobenius(a.data);
      const { values, vectors } = symmetricEigen(a, { vectors: true });
      const { res, orth } = residuals(a, values, vectors!);
      expect(res).toBeLessThanOrEqual(C * n * EPS * normA);
      expect(orth).toBeLessThanOrEqual(C * n * EPS);
      // the values-only path gives the same bits (same arithmetic on d, e)
      expect(Array.from(symmetricEigenvalues(a))).toEqual(Array.from(values));
    });
  }

  it('is deterministic: same input, same bytes', () => {
    const a = randomSymmetric(40, 21);
    const r1 = symmetricEigen(a, { vectors: true });
    const r2 = symmetricEigen(a, { vectors: true });
    expect(Buffer.from(r1.values.buffer).equals(Buffer.from(r2.values.buffer))).toBe(true);
    expect(Buffer.from(r1.vectors!.data.buffer).equals(Buffer.from(r2.vectors!.data.buffer))).toBe(
      true,
    );
  });

  it('does not modify its input', () => {
    const a = randomSymmetric(20, 22);
    const copy = a.data.slice();
    symmetricEigen(a, { vectors: true });
    expect(Array.from(a.data)).toEqual(Array.from(copy));
  });
});

describe('symmetricEigen: reference values (../shared/reference)', () => {
  // README: the eigenvalues agree with mpmath to 1.9e-15 relative (checks
  // bound 1e-12); we use relative 1e-12. p(lambda), spectral radii:
  // relative 1e-10 + absolute 1e-13.
  const EIG = { rtol: 1e-12, atol: 0 };
  const POLY = { rtol: 1e-10, atol: 1e-13 };

  it('small_dense_problem.json: eigenvalues of A = H H^T (and of H H^T recomputed)', () => {
    const ref = loadReference('small_dense_problem.json');
    expectAllClose(symmetricEigenvalues(fromRows(ref.A)), ref.eigenvalues, EIG, 'eig(A)');
    const H = fromRows(ref.H);
    expectAllClose(
      symmetricEigenvalues(matMul(H, transpose(H))),
      ref.eigenvalues,
      EIG,
      'eig(HH^T)',
    );
  });

  it('polynomial_spectral.json dense_example: eigenvalues, W, spectral radius', () => {
    const ex = loadReference('polynomial_spectral.json').dense_example;
    const A = fromRows(ex.A);
    const n = A.rows;
    const { values, vectors } = symmetricEigen(A, { vectors: true });
    expectAllClose(values, ex.eigenvalues, EIG, 'eig(A)');
    const { res, orth } = residuals(A, values, vectors!);
    expect(res).toBeLessThanOrEqual(C * n * EPS * frobenius(A.data));
    expect(orth).toBeLessThanOrEqual(C * n * EPS);
    // W = (I - gamma_{T-1} A) ... (I - gamma_0 A)
    let W = identity(n);
    for (const g of ex.steps as number[]) {
      const factor = identity(n);
      for (let k = 0; k < n * n; k++) factor.data[k] -= g * A.data[k];
      W = matMul(factor, W);
    }
    expectAllClose(W.data, (ex.W as number[][]).flat(), POLY, 'W');
    // spectral radius: max |p(eig(A))| and max |eig(W)| (W is symmetric)
    expectClose(spectralRadius(ex.steps, values), ex.spectral_radius, POLY, 'rho via p');
    const eigW = symmetricEigenvalues(W);
    const rhoW = Math.max(Math.abs(eigW[0]), Math.abs(eigW[n - 1]));
    expectClose(rhoW, ex.spectral_radius, POLY, 'rho via eig(W)');
  });

  it('1-D Poisson tridiag(-1, 2, -1): eigenvalues 2 - 2 cos(k pi / (n + 1))', () => {
    for (const n of [1, 2, 10, 120]) {
      const a = denseMatrix(n, n);
      for (let i = 0; i < n; i++) {
        a.data[i * n + i] = 2;
        if (i > 0) a.data[i * n + i - 1] = a.data[(i - 1) * n + i] = -1;
      }
      const exact = Array.from(
        { length: n },
        (_, k) => 2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1)),
      );
      // absolute: backward error C n eps ||A||_2 with ||A||_2 < 4
      expectAllClose(
        symmetricEigenvalues(a),
        exact,
        { rtol: 0, atol: C * n * EPS * 4 },
        `poisson n=${n}`,
      );
    }
  });
});

describe('symmetricEigen: special matrices', () => {
  it('n = 1', () => {
    const r = symmetricEigen(fromRows([[-3.5]]), { vectors: true });
    expect(Array.from(r.values)).toEqual([-3.5]);
    expect(Array.from(r.vectors!.data)).toEqual([1]);
  });

  it('n = 0 gives empty results', () => {
    const r = symmetricEigen(denseMatrix(0, 0), { vectors: true });
    expect(r.values.length).toBe(0);
    expect(r.vectors!.rows).toBe(0);
  });

  it('diagonal matrix: exact values, sorted, vectors a signed permutation of I', () => {
    const diag = [3, -1, 7, 0, -1, 2.5];
    const n = diag.length;
    const a = denseMatrix(n, n);
    diag.forEach((v, i) => (a.data[i * n + i] = v));
    const { values, vectors } = symmetricEigen(a, { vectors: true });
    expect(Array.from(values)).toEqual([...diag].sort((x, y) => x - y));
    for (let j = 0; j < n; j++) {
      const col = Array.from({ length: n }, (_, i) => Math.abs(vectors!.data[i * n + j]));
      expect(col.filter((x) => x === 1).length).toBe(1);
      expect(col.filter((x) => x === 0).length).toBe(n - 1);
      expect(diag[col.indexOf(1)]).toBe(values[j]);
    }
  });

  it('rows with nothing to eliminate (block diagonal, zero couplings) skip the reflection', () => {
    // rows 3 and 6 (and all of block [7..9]) have zeros left of the diagonal
    // in places, so some Householder steps are skipped (H = 0 branches)
    const n = 10;
    const a = randomSymmetric(n, 71);
    for (const [i, upto] of [
      [3, 3],
      [6, 6],
      [9, 7],
      [8, 7],
      [7, 7],
    ] as const) {
      for (let j = 0; j < upto; j++) a.data[i * n + j] = a.data[j * n + i] = 0;
    }
    const normA = frobenius(a.data);
    const { values, vectors } = symmetricEigen(a, { vectors: true });
    expectAllClose(values, oracle(a).values, { rtol: 0, atol: 2 * C * n * EPS * normA });
    const { res, orth } = residuals(a, values, vectors!);
    expect(res).toBeLessThanOrEqual(C * n * EPS * normA);
    expect(orth).toBeLessThanOrEqual(C * n * EPS);
  });

  it('zero matrix: zero eigenvalues, orthonormal vectors', () => {
    const { values, vectors } = symmetricEigen(denseMatrix(7, 7), { vectors: true });
    expect(Array.from(values)).toEqual(new Array(7).fill(0));
    expect(residuals(denseMatrix(7, 7), values, vectors!).orth).toBeLessThanOrEqual(C * 7 * EPS);
  });

  it('repeated eigenvalues: values, residual and orthogonality', () => {
    const lambda = [2, 1, 5, 1, 2, 1, -3, 5];
    const n = lambda.length;
    const a = withSpectrum(lambda, 31);
    const normA = frobenius(a.data);
    const { values, vectors } = symmetricEigen(a, { vectors: true });
    // a carries the rounding of Q diag Q^T (a few eps ||A||) on top of the solver's
    expectAllClose(
      values,
      [...lambda].sort((x, y) => x - y),
      { rtol: 0, atol: 2 * C * n * EPS * normA },
    );
    const { res, orth } = residuals(a, values, vectors!);
    expect(res).toBeLessThanOrEqual(C * n * EPS * normA);
    expect(orth).toBeLessThanOrEqual(C * n * EPS);
  });

  it('scaling: eigenvalues of 2^k A and s A are scaled (no overflow / underflow)', () => {
    const a = randomSymmetric(12, 41);
    const base = symmetricEigenvalues(a);
    for (const k of [-1000, -300, 300, 1000]) {
      const s = 2 ** k;
      const as = denseMatrix(
        12,
        12,
        a.data.map((x) => x * s),
      );
      // power-of-2 scaling is exact and the solver rescales by powers of 2: same bits
      expect(Array.from(symmetricEigenvalues(as))).toEqual(Array.from(base, (x) => x * s));
    }
    for (const s of [1e-250, 1e250]) {
      const as = denseMatrix(
        12,
        12,
        a.data.map((x) => x * s),
      );
      const normA = frobenius(a.data) * s;
      expectAllClose(
        symmetricEigenvalues(as),
        Array.from(base, (x) => x * s),
        { rtol: 0, atol: 2 * C * 12 * EPS * normA },
        `scale ${s}`,
      );
    }
  });

  it('n = 400 values only: agrees with eigenvalues of the same matrix from vectors', () => {
    // larger size exercise of the values-only path; the trace is a cheap check
    const n = 400;
    const a = randomSymmetric(n, 51);
    const values = symmetricEigenvalues(a);
    let trace = 0;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      trace += a.data[i * n + i];
      sum += values[i];
    }
    expectClose(sum, trace, { rtol: 0, atol: C * n * n * EPS * frobenius(a.data) }, 'trace');
  });
});

describe('symmetricEigen: argument checks', () => {
  it('rejects non-square, non-finite and non-symmetric input with one-line RangeErrors', () => {
    expect(() => symmetricEigen(denseMatrix(2, 3))).toThrow(
      /symmetricEigen: the matrix must be square; got 2 x 3/,
    );
    const nan = fromRows([
      [1, 2],
      [2, NaN],
    ]);
    expect(() => symmetricEigen(nan)).toThrow(
      /symmetricEigen: entries must be finite; got NaN at \(1, 1\)/,
    );
    const inf = fromRows([
      [1, Infinity],
      [Infinity, 1],
    ]);
    expect(() => symmetricEigenvalues(inf)).toThrow(RangeError);
    const asym = fromRows([
      [1, 2],
      [2 + 1e-6, 1],
    ]);
    expect(() => symmetricEigen(asym)).toThrow(
      /symmetricEigen: the matrix must be symmetric .*; got 4\.99/,
    );
    expect(() => symmetricEigen({ rows: 1, cols: 1, data: [1] } as unknown as DenseMatrix)).toThrow(
      TypeError,
    );
    expect(() => symmetricEigen(identity(2), { maxSweeps: -1 })).toThrow(/maxSweeps must be/);
  });

  it('accepts rounding-level asymmetry and uses the symmetric part', () => {
    const a = fromRows([
      [2, 1 + 1e-14],
      [1 - 1e-14, 2],
    ]);
    expectAllClose(symmetricEigenvalues(a), [1, 3], { rtol: 0, atol: 4 * EPS * 3 });
  });

  it('throws a clear Error when the QL iteration exceeds its sweep budget', () => {
    const a = randomSymmetric(6, 61);
    expect(() => symmetricEigen(a, { maxSweeps: 0 })).toThrow(
      /symmetricEigen: the QL iteration did not converge for eigenvalue 0 within 0 sweeps/,
    );
    // the default budget converges; total sweeps are far below 60 per eigenvalue
    expect(symmetricEigen(a).values.length).toBe(6);
  });
});

describe('symmetricEigen: properties (fast-check)', () => {
  it('preserves the trace and the Frobenius norm', () => {
    const entry = fc.double({ min: -100, max: 100, noNaN: true, noDefaultInfinity: true });
    const arbMatrix = fc.integer({ min: 1, max: 12 }).chain((n) =>
      fc
        .array(entry, { minLength: (n * (n + 1)) / 2, maxLength: (n * (n + 1)) / 2 })
        .map((lower) => {
          const a = denseMatrix(n, n);
          let k = 0;
          for (let i = 0; i < n; i++) {
            for (let j = 0; j <= i; j++) {
              a.data[i * n + j] = a.data[j * n + i] = lower[k++];
            }
          }
          return a;
        }),
    );
    fc.assert(
      fc.property(arbMatrix, (a) => {
        const n = a.rows;
        const values = symmetricEigenvalues(a);
        const normA = frobenius(a.data);
        let trace = 0;
        for (let i = 0; i < n; i++) trace += a.data[i * n + i];
        let sum = 0;
        for (const v of values) sum += v;
        // each eigenvalue is within C n eps ||A|| of the exact one, so the sum
        // is within n times that of the trace and ||lambda||_2 within
        // sqrt(n) times that of ||A||_F = ||lambda_exact||_2 (triangle inequality)
        const tol = C * n * EPS * normA;
        expect(Math.abs(sum - trace)).toBeLessThanOrEqual(n * tol + Number.MIN_VALUE);
        expect(Math.abs(norm2(values) - normA)).toBeLessThanOrEqual(
          Math.sqrt(n) * tol + Number.MIN_VALUE,
        );
        for (let j = 1; j < n; j++) expect(values[j]).toBeGreaterThanOrEqual(values[j - 1]);
      }),
      { numRuns: 200, seed: 20240601 },
    );
  });
});
