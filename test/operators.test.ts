import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  csrFromCoordinates,
  csrOperator,
  csrToDense,
  denseMatrix,
  denseOperator,
  diagonalScaling,
  dot,
  functionOperator,
  hasDiagonal,
  materializeOperator,
  matMul,
  normalEquationsOperator,
  scaledOperator,
  shiftedOperator,
  symmetricEigenvalues,
  transpose,
  type DenseMatrix,
  type LinearOperator,
} from '../src/linalg/index.js';
import { poisson2d } from '../src/problems/index.js';
import { Rng } from '../src/random/index.js';
import { expectAllClose } from './helpers/close.js';

function randomDense(r: number, c: number, seed: number): DenseMatrix {
  return denseMatrix(r, c, new Rng(seed, 0).fillNormal(new Float64Array(r * c)));
}

/** |x.(A y) - (A x).y| relative to ||x|| ||A y|| + ||A x|| ||y|| scale, for random x, y. */
function adjointGap(op: LinearOperator, seed: number): number {
  const rng = new Rng(seed, 7);
  const n = op.size;
  const x = rng.fillNormal(new Float64Array(n));
  const y = rng.fillNormal(new Float64Array(n));
  const ax = op.apply(x, new Float64Array(n));
  const ay = op.apply(y, new Float64Array(n));
  const scale = Math.sqrt(dot(x, x) * dot(ay, ay)) + Math.sqrt(dot(ax, ax) * dot(y, y));
  const gap = Math.abs(dot(x, ay) - dot(ax, y));
  return scale === 0 ? gap : gap / scale; // the zero operator (an empty sparse design) has gap 0
}

/** D^T D + mu I, formed densely. */
function denseNormal(d: DenseMatrix, mu: number): DenseMatrix {
  const g = matMul(transpose(d), d);
  for (let j = 0; j < d.cols; j++) g.data[j * d.cols + j] += mu;
  return g;
}

describe('normalEquationsOperator', () => {
  it('dense and CSR designs equal the formed D^T D + mu I, are self-adjoint, and report the diagonal (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 10 }),
        fc.constantFrom(0, 0.5, 3),
        fc.integer({ min: 0, max: 1e6 }),
        (m, n, mu, seed) => {
          const d = randomDense(m, n, seed);
          const expected = denseNormal(d, mu);
          // sparse version of the same design: drop entries with |d_ij| < 0.5
          const rows: number[] = [];
          const cols: number[] = [];
          const vals: number[] = [];
          for (let i = 0; i < m; i++) {
            for (let j = 0; j < n; j++) {
              const v = d.data[i * n + j];
              if (Math.abs(v) >= 0.5) {
                rows.push(i);
                cols.push(j);
                vals.push(v);
              }
            }
          }
          const s = csrFromCoordinates(m, n, rows, cols, vals);
          const sd = csrToDense(s);
          for (const [design, dense] of [
            [d, d],
            [s, sd],
          ] as const) {
            const op = normalEquationsOperator(design, { ridge: mu });
            expect(op.size).toBe(n);
            expect(op.symmetric).toBe(true);
            const ref = design === d ? expected : denseNormal(dense, mu);
            // two summation orders of <= 20 products of O(1) numbers
            expectAllClose(materializeOperator(op).data, ref.data, { atol: 1e-12 }, 'D^T D');
            expectAllClose(
              op.diagonal(),
              Array.from({ length: n }, (_, j) => ref.data[j * n + j]),
              { atol: 1e-12 },
              'diag',
            );
            expect(adjointGap(op, seed)).toBeLessThan(1e-14);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('rejects a negative ridge and a non-matrix design', () => {
    expect(() => normalEquationsOperator(randomDense(3, 2, 1), { ridge: -1 })).toThrow(
      /normalEquationsOperator: ridge must be finite and >= 0; got -1/,
    );
    expect(() => normalEquationsOperator({ rows: 2, cols: 2 } as unknown as DenseMatrix)).toThrow(
      TypeError,
    );
  });
});

describe('diagonalScaling', () => {
  it('equals S^-1/2 A S^-1/2 formed densely, keeps symmetry, has unit diagonal', () => {
    const p = poisson2d(5, 4).matrix;
    // make the diagonal non-uniform: A + diag(1..n) (still SPD)
    const n = p.rows;
    const rows: number[] = [];
    const cols: number[] = [];
    const vals: number[] = [];
    for (let i = 0; i < n; i++) {
      for (let q = p.rowPtr[i]; q < p.rowPtr[i + 1]; q++) {
        rows.push(i);
        cols.push(p.colIndex[q]);
        vals.push(p.values[q] + (p.colIndex[q] === i ? i + 1 : 0));
      }
    }
    const a = csrFromCoordinates(n, n, rows, cols, vals);
    const ad = csrToDense(a);
    const sc = diagonalScaling(csrOperator(a));
    const expected = denseMatrix(n, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        expected.data[i * n + j] =
          ad.data[i * n + j] / Math.sqrt(ad.data[i * n + i] * ad.data[j * n + j]);
      }
    }
    expectAllClose(materializeOperator(sc.operator).data, expected.data, { atol: 1e-15 }, 'scaled');
    expect(sc.operator.symmetric).toBe(true);
    expect(Array.from(sc.operator.diagonal())).toEqual(new Array(n).fill(1));
    expect(adjointGap(sc.operator, 3)).toBeLessThan(1e-14);
    expectAllClose(
      sc.scale,
      Array.from({ length: n }, (_, i) => 1 / Math.sqrt(4 + i + 1)),
    );
  });

  it('maps solutions back: A x = b  <=>  A_s x_s = b_s with b_s = s.*b and x = s.*x_s', () => {
    const d = randomDense(8, 8, 5);
    const a = denseNormal(d, 0.1); // SPD, non-uniform diagonal
    const op = denseOperator(a, true);
    const sc = diagonalScaling(op);
    const x = new Rng(5, 1).fillNormal(new Float64Array(8));
    const b = op.apply(x, new Float64Array(8));
    const xs = Float64Array.from(x, (v, i) => v / sc.scale[i]);
    expectAllClose(sc.operator.apply(xs, new Float64Array(8)), sc.scaleRhs(b), {
      rtol: 1e-12,
      atol: 1e-12,
    });
    expectAllClose(sc.unscaleSolution(xs), x, { rtol: 1e-15 });
  });

  it('reduces the condition number of a badly row/column-scaled SPD matrix to that of the unscaled one', () => {
    // A = E P E with E = diag(10^k): Jacobi scaling removes E exactly when diag(P) = const
    const p = csrToDense(poisson2d(4, 4).matrix);
    const n = 16;
    const e = Float64Array.from({ length: n }, (_, i) => 10 ** ((i % 5) - 2));
    const a = denseMatrix(n, n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) a.data[i * n + j] = e[i] * p.data[i * n + j] * e[j];
    const before = symmetricEigenvalues(a);
    const after = symmetricEigenvalues(
      materializeOperator(diagonalScaling(denseOperator(a, true)).operator),
    );
    const exact = symmetricEigenvalues(p).map((v) => v / 4);
    expect(before[n - 1] / before[0]).toBeGreaterThan(1e6);
    // eigenvalues of P / 4, up to the dense solver's O(n eps ||A||)
    expectAllClose(after, exact, { atol: 1e-13 });
  });

  it('refuses a non-positive diagonal entry, naming the first bad index; needs a diagonal', () => {
    const op = denseOperator(
      denseMatrix(3, 3, Float64Array.from([1, 0, 0, 0, 0, 0, 0, 0, -2])),
      true,
    );
    expect(() => diagonalScaling(op)).toThrow(/positive and finite; got d\[1\] = 0/);
    expect(() => diagonalScaling(op, [1, 2, NaN])).toThrow(/d\[2\] = NaN/);
    const f = functionOperator(3, (x, out) => out.set(x) ?? out, true);
    expect(() => diagonalScaling(f)).toThrow(TypeError);
    expect(diagonalScaling(f, [4, 4, 4]).scale[0]).toBe(0.5);
  });
});

describe('shifted and scaled operators', () => {
  it('A + sigma I and alpha A equal the dense versions, stay self-adjoint, carry the diagonal', () => {
    const a = denseNormal(randomDense(6, 5, 9), 0);
    const op = denseOperator(a, true);
    const sh = shiftedOperator(op, 2.5);
    const sc = scaledOperator(op, -3);
    const shExpected = Float64Array.from(a.data, (v, k) => v + (k % 6 === 0 ? 2.5 : 0));
    expectAllClose(materializeOperator(sh).data, shExpected, { rtol: 1e-15 });
    expectAllClose(
      materializeOperator(sc).data,
      Float64Array.from(a.data, (v) => -3 * v),
      { rtol: 1e-15 },
    );
    expect(adjointGap(sh, 1)).toBeLessThan(1e-14);
    expect(adjointGap(sc, 2)).toBeLessThan(1e-14);
    expect(hasDiagonal(sh) && hasDiagonal(sc)).toBe(true);
    if (hasDiagonal(sh)) {
      expectAllClose(
        sh.diagonal(),
        Array.from({ length: 5 }, (_, j) => a.data[j * 6] + 2.5),
        { rtol: 1e-15 },
      );
    }
    const f = functionOperator(2, (x, out) => out.set(x) ?? out, true);
    expect(hasDiagonal(shiftedOperator(f, 1))).toBe(false);
    expect(() => shiftedOperator(op, Infinity)).toThrow(/sigma must be finite; got Infinity/);
  });
});
