import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  csrDiagonal,
  csrFromCoordinates,
  csrFromDense,
  csrGershgorin,
  csrMatrix,
  csrMatTVec,
  csrMatVec,
  csrNnz,
  csrOperator,
  csrSymmetry,
  csrToDense,
  csrTranspose,
  denseMatrix,
  dot,
  matTVec,
  matVec,
  symmetricEigenvalues,
  type CsrMatrix,
} from '../src/linalg/index.js';
import { poisson1d, poisson2d } from '../src/problems/index.js';
import { Rng } from '../src/random/index.js';
import { expectAllClose, expectClose } from './helpers/close.js';

/** Random COO entries (with repeated coordinates) of an r x c matrix. */
function randomCoo(r: number, c: number, count: number, seed: number) {
  const rng = new Rng(seed, 0);
  const rowIndex = Int32Array.from({ length: count }, () => rng.int(r));
  const colIndex = Int32Array.from({ length: count }, () => rng.int(c));
  const values = Float64Array.from({ length: count }, () => rng.normal());
  return { rowIndex, colIndex, values };
}

function isCanonical(a: CsrMatrix): boolean {
  // csrMatrix re-validates every invariant and throws otherwise
  csrMatrix(a.rows, a.cols, a.rowPtr, a.colIndex, a.values);
  return true;
}

describe('csrFromCoordinates', () => {
  it('sums duplicates and sorts columns: equals dense accumulation (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 1e6 }),
        (r, c, count, seed) => {
          const { rowIndex, colIndex, values } = randomCoo(r, c, count, seed);
          const a = csrFromCoordinates(r, c, rowIndex, colIndex, values);
          const expected = new Float64Array(r * c);
          const stored = new Set<number>();
          for (let k = 0; k < count; k++) {
            expected[rowIndex[k] * c + colIndex[k]] += values[k];
            stored.add(rowIndex[k] * c + colIndex[k]);
          }
          expect(isCanonical(a)).toBe(true);
          expect(csrNnz(a)).toBe(stored.size);
          // same additions in the same (input) order within each (i, j): exact equality
          expect(Array.from(csrToDense(a).data)).toEqual(Array.from(expected));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps an explicit zero that duplicates cancel to, and merges (1,1)+(1,1) into one entry', () => {
    const a = csrFromCoordinates(2, 3, [1, 0, 1, 0], [1, 2, 1, 0], [2.5, -1, 0.5, 4]);
    expect(Array.from(a.rowPtr)).toEqual([0, 2, 3]);
    expect(Array.from(a.colIndex)).toEqual([0, 2, 1]);
    expect(Array.from(a.values)).toEqual([4, -1, 3]);
    const z = csrFromCoordinates(1, 1, [0, 0], [0, 0], [1, -1]);
    expect(csrNnz(z)).toBe(1);
    expect(z.values[0]).toBe(0);
  });

  it('rejects out-of-range indices and non-finite values, naming the entry', () => {
    expect(() => csrFromCoordinates(2, 2, [0, 2], [0, 0], [1, 1])).toThrow(
      /csrFromCoordinates: entry 1 must have 0 <= row < 2 .*got \(2, 0\)/,
    );
    expect(() => csrFromCoordinates(2, 2, [0], [-1], [1])).toThrow(RangeError);
    expect(() => csrFromCoordinates(2, 2, [0], [1], [NaN])).toThrow(
      /entry 0 must be finite; got NaN/,
    );
    expect(() => csrFromCoordinates(2, 2, [0, 1], [1], [1, 2])).toThrow(/same length/);
  });
});

describe('csrMatrix validation', () => {
  it('rejects unsorted or repeated columns, bad rowPtr and wrong array types', () => {
    const ptr = Int32Array.from([0, 2]);
    expect(() => csrMatrix(1, 3, ptr, Int32Array.from([2, 1]), new Float64Array(2))).toThrow(
      /strictly increasing.*column 1 after 2 in row 0/,
    );
    expect(() => csrMatrix(1, 3, ptr, Int32Array.from([1, 1]), new Float64Array(2))).toThrow(
      RangeError,
    );
    expect(() =>
      csrMatrix(1, 3, Int32Array.from([0, 3]), Int32Array.from([0, 1]), new Float64Array(2)),
    ).toThrow(/end at nnz = 2/);
    expect(() =>
      csrMatrix(1, 3, ptr, [0, 1] as unknown as Int32Array, new Float64Array(2)),
    ).toThrow(TypeError);
  });
});

describe('SpMV', () => {
  it('A x and A^T x equal the dense products; y.(A x) = (A^T y).x (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 15 }),
        fc.integer({ min: 1, max: 15 }),
        fc.integer({ min: 0, max: 1e6 }),
        (r, c, seed) => {
          const { rowIndex, colIndex, values } = randomCoo(r, c, 3 * (r + c), seed);
          const a = csrFromCoordinates(r, c, rowIndex, colIndex, values);
          const d = csrToDense(a);
          const rng = new Rng(seed, 1);
          const x = rng.fillNormal(new Float64Array(c));
          const y = rng.fillNormal(new Float64Array(r));
          const ax = csrMatVec(a, x, new Float64Array(r));
          const aty = csrMatTVec(a, y, new Float64Array(c));
          // same sums in a different order: a few ulps of sum |a_ij x_j| (entries O(1), <= 45 terms)
          expectAllClose(ax, matVec(d, x), { atol: 1e-13 }, 'A x');
          expectAllClose(aty, matTVec(d, y), { atol: 1e-13 }, 'A^T y');
          expect(Math.abs(dot(y, ax) - dot(aty, x))).toBeLessThan(1e-12);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('overwrites a dirty output vector (no accumulation into old values)', () => {
    const a = poisson1d(5).matrix;
    const x = Float64Array.from([1, 2, 3, 4, 5]);
    const y = new Float64Array(5).fill(99);
    expect(Array.from(csrMatVec(a, x, y))).toEqual([0, 0, 0, 0, 6]);
    const yt = new Float64Array(5).fill(99);
    expect(Array.from(csrMatTVec(a, x, yt))).toEqual([0, 0, 0, 0, 6]);
  });
});

describe('diagonal, transpose, symmetry', () => {
  it('csrDiagonal returns 0 where the diagonal is not stored, and min(rows, cols) entries', () => {
    const a = csrFromCoordinates(3, 4, [0, 1, 2, 2], [0, 2, 2, 3], [5, 7, -2, 1]);
    expect(Array.from(csrDiagonal(a))).toEqual([5, 0, -2]);
  });

  it('transpose twice is the same matrix; transpose matches the dense transpose', () => {
    const { rowIndex, colIndex, values } = randomCoo(7, 5, 30, 3);
    const a = csrFromCoordinates(7, 5, rowIndex, colIndex, values);
    const t = csrTranspose(a);
    expect(isCanonical(t)).toBe(true);
    const tt = csrTranspose(t);
    expect(Array.from(tt.rowPtr)).toEqual(Array.from(a.rowPtr));
    expect(Array.from(tt.colIndex)).toEqual(Array.from(a.colIndex));
    expect(Array.from(tt.values)).toEqual(Array.from(a.values));
    const d = csrToDense(a);
    const dt = csrToDense(t);
    for (let i = 0; i < 7; i++)
      for (let j = 0; j < 5; j++) expect(dt.data[j * 7 + i]).toBe(d.data[i * 5 + j]);
  });

  it('csrSymmetry: symmetric Poisson; a perturbed value, a one-sided entry, a one-sided explicit zero', () => {
    const p = poisson2d(4, 3).matrix;
    expect(csrSymmetry(p)).toEqual({
      symmetric: true,
      structural: true,
      asymmetry: 0,
      worst: null,
    });
    // perturb a_01 only: relative asymmetry 1e-9 / max|a| = 1e-9 / 4
    const v = p.values.slice();
    v[1] += 1e-9;
    const q = { ...p, values: v };
    const r = csrSymmetry(q, 1e-12);
    expect(r.symmetric).toBe(false);
    expect(r.structural).toBe(true);
    // fl(-1 + 1e-9) + 1 carries an absolute rounding error ~1e-16, i.e. 1e-7 relative to 1e-9
    expectClose(r.asymmetry, 1e-9 / 4, { rtol: 1e-6 }, 'asymmetry');
    expect(r.worst).toEqual([0, 1]);
    expect(csrSymmetry(q, 1e-9).symmetric).toBe(true);
    // a_02 stored without a_20
    const one = csrFromCoordinates(3, 3, [0, 1, 2, 0], [0, 1, 2, 2], [1, 1, 1, 0.5]);
    expect(csrSymmetry(one)).toMatchObject({ symmetric: false, structural: false, asymmetry: 0.5 });
    // an explicit zero on one side only: symmetric by value, not by structure
    const z = csrFromCoordinates(3, 3, [0, 1, 2, 0], [0, 1, 2, 2], [1, 1, 1, 0]);
    expect(csrSymmetry(z)).toMatchObject({ symmetric: true, structural: false, asymmetry: 0 });
    expect(csrSymmetry(csrFromCoordinates(2, 3, [0], [0], [1])).symmetric).toBe(false);
  });

  it('csrOperator detects symmetry, reports its diagonal and applies A', () => {
    const p = poisson2d(3, 2).matrix;
    const op = csrOperator(p);
    expect(op.symmetric).toBe(true);
    expect(Array.from(op.diagonal())).toEqual([4, 4, 4, 4, 4, 4]);
    const ns = csrOperator(csrFromCoordinates(2, 2, [0, 0, 1], [0, 1, 1], [1, 2, 3]));
    expect(ns.symmetric).toBe(false);
    expect(() => csrOperator(csrFromCoordinates(2, 3, [0], [0], [1]))).toThrow(/square; got 2 x 3/);
  });

  it('csrFromDense inverts csrToDense', () => {
    const d = denseMatrix(3, 3, Float64Array.from([1, 0, 2, 0, 0, 0, -3, 0, 4]));
    const a = csrFromDense(d);
    expect(csrNnz(a)).toBe(4);
    expect(Array.from(csrToDense(a).data)).toEqual(Array.from(d.data));
  });
});

describe('Poisson matrices', () => {
  it('poisson1d is tridiag(-1, 2, -1)', () => {
    const a = csrToDense(poisson1d(6).matrix);
    for (let i = 0; i < 6; i++) {
      for (let j = 0; j < 6; j++) {
        const e = i === j ? 2 : Math.abs(i - j) === 1 ? -1 : 0;
        expect(a.data[i * 6 + j]).toBe(e);
      }
    }
  });

  it('poisson2d is I (x) T + T (x) I, with 5 n - 2 nx - 2 ny non-zeros', () => {
    const nx = 4;
    const ny = 3;
    const p = poisson2d(nx, ny);
    expect(csrNnz(p.matrix)).toBe(5 * 12 - 2 * nx - 2 * ny);
    expect(isCanonical(p.matrix)).toBe(true);
    const a = csrToDense(p.matrix);
    const t = (m: number, i: number, j: number) => (i === j ? 2 : Math.abs(i - j) === 1 ? -1 : 0);
    for (let r = 0; r < 12; r++) {
      for (let c = 0; c < 12; c++) {
        const [i1, j1, i2, j2] = [r % nx, Math.floor(r / nx), c % nx, Math.floor(c / nx)];
        const e = (j1 === j2 ? t(nx, i1, i2) : 0) + (i1 === i2 ? t(ny, j1, j2) : 0);
        expect(a.data[r * 12 + c], `(${r}, ${c})`).toBe(e);
      }
    }
  });

  it('closed-form eigenvalues match the dense eigensolver (1-D n = 40, 2-D 7 x 5)', () => {
    // dense solver accuracy O(n eps ||A||) absolute, ||A|| <= 8
    for (const p of [poisson1d(40), poisson2d(7, 5)]) {
      const exact = p.eigenvalues();
      expectAllClose(
        symmetricEigenvalues(csrToDense(p.matrix)),
        exact,
        { atol: 1e-13 },
        p.description,
      );
      expect(p.lmin).toBe(exact[0]);
      expect(p.lmax).toBe(exact[exact.length - 1]);
    }
    // 2 - 2 cos(pi/(n+1)) and 4 - 2 cos(pi/(nx+1)) - 2 cos(pi/(ny+1)) (written as sin^2 in the code)
    expectAllClose([poisson1d(40).lmin], [2 - 2 * Math.cos(Math.PI / 41)], { rtol: 1e-12 });
    expectAllClose(
      [poisson2d(7, 5).lmin, poisson2d(7, 5).lmax],
      [
        4 - 2 * Math.cos(Math.PI / 8) - 2 * Math.cos(Math.PI / 6),
        4 - 2 * Math.cos((7 * Math.PI) / 8) - 2 * Math.cos((5 * Math.PI) / 6),
      ],
      { rtol: 1e-12 },
    );
  });

  it('Gershgorin interval [0, 8] contains the 2-D spectrum; sizes are checked', () => {
    const p = poisson2d(6, 6);
    const g = csrGershgorin(p.matrix);
    expect(g).toEqual({ lower: 0, upper: 8 });
    expect(p.lmin).toBeGreaterThanOrEqual(g.lower);
    expect(p.lmax).toBeLessThanOrEqual(g.upper);
    expect(() => poisson2d(0, 3)).toThrow(/poisson2d: nx must be a positive integer; got 0/);
    expect(() => poisson1d(2.5)).toThrow(RangeError);
  });
});
