import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  parseMatrixMarket,
  readMatrixMarket,
  readMatrixMarketSync,
  toDense,
  type CooMatrix,
} from '../src/io/matrix-market.js';
import { formatMatrixMarket, writeMatrixMarket } from '../src/io/matrix-market-write.js';
import { LineSplitter } from '../src/io/lines.js';
import { assembleCoo } from '../src/io/coo.js';
import { FileFormatError } from '../src/io/errors.js';
import { denseMatrix, fromRows, toRows, transpose } from '../src/linalg/dense.js';
import { sharedData } from './helpers/reference.js';
import { describeError } from '../src/cli/errors.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dugd-mm-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Independent oracle: a naive dense reading of a coordinate file (split, Number, mirror). */
function naiveDense(text: string): number[][] {
  const lines = text.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('%'));
  const header = text.split('\n')[0].toLowerCase();
  const [m, n] = lines[0].trim().split(/\s+/).map(Number);
  const a = Array.from({ length: m }, () => new Array<number>(n).fill(0));
  for (const l of lines.slice(1)) {
    const f = l.trim().split(/\s+/);
    const i = Number(f[0]) - 1;
    const j = Number(f[1]) - 1;
    const v = f.length > 2 ? Number(f[2]) : 1;
    a[i][j] += v;
    if (header.includes(' symmetric') && i !== j) a[j][i] += v;
  }
  return a;
}

/** Canonical form: entries sorted by row, then column; no repeats. */
function expectCanonical(a: CooMatrix): void {
  for (let k = 1; k < a.nnz; k++) {
    const before =
      a.rowIndex[k - 1] < a.rowIndex[k] ||
      (a.rowIndex[k - 1] === a.rowIndex[k] && a.colIndex[k - 1] < a.colIndex[k]);
    expect(before, `entry ${k} out of order`).toBe(true);
  }
  expect(a.rowIndex.length).toBe(a.nnz);
  expect(a.values.length).toBe(a.nnz);
}

/** Same COO, field by field; typed arrays compared entry by entry with Object.is (fast for large arrays). */
function expectSameCoo(a: CooMatrix, b: CooMatrix): void {
  const { rowIndex, colIndex, values, ...rest } = a;
  const { rowIndex: r2, colIndex: c2, values: v2, ...rest2 } = b;
  expect(rest2).toEqual(rest);
  for (const [x, y, what] of [
    [rowIndex, r2, 'rowIndex'],
    [colIndex, c2, 'colIndex'],
    [values, v2, 'values'],
  ] as const) {
    expect(y.length, what).toBe(x.length);
    const k = x.findIndex((v, i) => !Object.is(v, y[i]));
    expect(k, `${what}: first difference`).toBe(-1);
  }
}

function errorOf(f: () => unknown): FileFormatError {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(FileFormatError);
    return err as FileFormatError;
  }
  throw new Error('expected a FileFormatError, nothing was thrown');
}

describe('real files in ../shared/data', () => {
  it('lund_a.mtx: 147 x 147 symmetric, 1298 stored, 2449 after mirroring, exactly symmetric', async () => {
    const path = sharedData('lund_a.mtx');
    const a = await readMatrixMarket(path);
    expect([a.rows, a.cols, a.storedEntries, a.nnz]).toEqual([147, 147, 1298, 2449]);
    expect([a.format, a.field, a.symmetry, a.duplicatesSummed]).toEqual([
      'coordinate',
      'real',
      'symmetric',
      0,
    ]);
    expectCanonical(a);
    const d = toDense(a);
    expect(Array.from(d.data)).toEqual(Array.from(transpose(d).data));
    expect(toRows(d)).toEqual(naiveDense(readFileSync(path, 'utf8')));
    // the file's third line: 2 1 9.6153881000000e+05 (and its mirror)
    expect(d.data[1 * 147 + 0]).toBe(9.6153881e5);
    expect(d.data[0 * 147 + 1]).toBe(9.6153881e5);
    expect(d.data[0]).toBe(7.5e7);
  });

  it('pores_1.mtx: general 30 x 30 with 180 entries; sync, async and string readers agree', async () => {
    const path = sharedData('pores_1.mtx');
    const a = readMatrixMarketSync(path);
    expect([a.rows, a.cols, a.nnz, a.symmetry]).toEqual([30, 30, 180, 'general']);
    expect(toRows(toDense(a))).toEqual(naiveDense(readFileSync(path, 'utf8')));
    expect(toDense(a).data[0]).toBe(-9.481011349e2);
    expect(await readMatrixMarket(path)).toEqual(a);
    expect(parseMatrixMarket(readFileSync(path, 'utf8'), path)).toEqual(a);
  });

  it('jgl009.mtx: pattern entries read as ones (50 of them)', () => {
    const a = readMatrixMarketSync(sharedData('jgl009.mtx'));
    expect([a.rows, a.cols, a.nnz, a.field]).toEqual([9, 9, 50, 'pattern']);
    expect(Array.from(a.values).every((v) => v === 1)).toBe(true);
    expect(toRows(toDense(a))).toEqual(naiveDense(readFileSync(sharedData('jgl009.mtx'), 'utf8')));
  });

  it('wrong.mtx is refused naming the file, line 3 and the row index 0', async () => {
    const e = errorOf(() => readMatrixMarketSync(sharedData('wrong.mtx')));
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/wrong\.mtx:3: row index 0 is out of range 1\.\.2/);
    // the CLI shows it as a user error: one line, exit code 1, no stack trace
    expect(describeError(e)).toEqual({ code: 1, message: e.message, internal: false });
    await expect(readMatrixMarket(sharedData('wrong.mtx'))).rejects.toThrow(
      /wrong\.mtx:3: row index 0/,
    );
  });
});

describe('format variants', () => {
  it('coordinate real general: comments, blank lines, CRLF, tabs, mixed-case header', () => {
    const text =
      '%%MatrixMarket Matrix COORDINATE Real GENERAL\r\n% a comment\r\n\r\n  2 3 3\r\n' +
      '1 1 1.5\r\n%middle comment\r\n\t2\t3\t-2e-3  \r\n\r\n1 3 .25\r\n';
    const a = parseMatrixMarket(text, 't.mtx');
    expect(toRows(toDense(a))).toEqual([
      [1.5, 0, 0.25],
      [0, 0, -2e-3],
    ]);
  });

  it('coordinate integer symmetric: mirrored, diagonal not doubled', () => {
    const a = parseMatrixMarket(
      '%%MatrixMarket matrix coordinate integer symmetric\n3 3 4\n1 1 5\n2 1 -7\n3 2 9\n3 3 2\n',
    );
    expect(toRows(toDense(a))).toEqual([
      [5, -7, 0],
      [-7, 0, 9],
      [0, 9, 2],
    ]);
    expect([a.storedEntries, a.nnz]).toEqual([4, 6]);
  });

  it('coordinate real skew-symmetric: mirrored with the sign flipped', () => {
    const a = parseMatrixMarket(
      '%%MatrixMarket matrix coordinate real skew-symmetric\n3 3 2\n2 1 1.5\n3 1 -4\n',
    );
    expect(toRows(toDense(a))).toEqual([
      [0, -1.5, 4],
      [1.5, 0, 0],
      [-4, 0, 0],
    ]);
  });

  it('coordinate pattern symmetric: ones, mirrored', () => {
    const a = parseMatrixMarket(
      '%%MatrixMarket matrix coordinate pattern symmetric\n2 2 2\n1 1\n2 1\n',
    );
    expect(toRows(toDense(a))).toEqual([
      [1, 1],
      [1, 0],
    ]);
  });

  it('array real general: column by column; zeros not stored', () => {
    const a = parseMatrixMarket(
      '%%MatrixMarket matrix array real general\n2 3\n1\n4\n2\n0\n3\n6\n',
    );
    expect(toRows(toDense(a))).toEqual([
      [1, 2, 3],
      [4, 0, 6],
    ]);
    expect([a.format, a.nnz, a.storedEntries]).toEqual(['array', 5, 6]);
  });

  it('array real symmetric: lower triangle with the diagonal, column by column', () => {
    const a = parseMatrixMarket(
      '%%MatrixMarket matrix array real symmetric\n3 3\n1\n2\n3\n4\n5\n6\n',
    );
    expect(toRows(toDense(a))).toEqual([
      [1, 2, 3],
      [2, 4, 5],
      [3, 5, 6],
    ]);
  });

  it('array integer skew-symmetric: strictly lower triangle', () => {
    const a = parseMatrixMarket(
      '%%MatrixMarket matrix array integer skew-symmetric\n3 3\n1\n2\n3\n',
    );
    expect(toRows(toDense(a))).toEqual([
      [0, -1, -2],
      [1, 0, -3],
      [2, 3, 0],
    ]);
  });

  it('duplicates are summed (also mirrored); explicit zeros are kept', () => {
    const a = parseMatrixMarket(
      '%%MatrixMarket matrix coordinate real symmetric\n2 2 5\n2 1 1\n1 1 0\n2 1 2.5\n2 2 1\n2 2 1\n',
    );
    expect(toRows(toDense(a))).toEqual([
      [0, 3.5],
      [3.5, 2],
    ]);
    expect(a.nnz).toBe(4); // (1,1) explicit zero, (1,2), (2,1), (2,2)
    expect(a.duplicatesSummed).toBe(3); // (2,1) and its mirror, (2,2)
    expectCanonical(a);
  });

  it('a zero on the diagonal of a skew-symmetric file is allowed and not stored', () => {
    const a = parseMatrixMarket(
      '%%MatrixMarket matrix coordinate real skew-symmetric\n2 2 2\n1 1 0\n2 1 3\n',
    );
    expect([a.nnz, a.storedEntries]).toEqual([2, 2]);
  });

  it('empty matrices: 0 x 0 and 3 x 2 with no entries', () => {
    expect(parseMatrixMarket('%%MatrixMarket matrix coordinate real general\n0 0 0\n').nnz).toBe(0);
    const a = parseMatrixMarket('%%MatrixMarket matrix coordinate real general\n3 2 0');
    expect([a.rows, a.cols, a.nnz]).toEqual([3, 2, 0]);
  });
});

describe('bad files: one line naming file, line and what was expected', () => {
  const H = '%%MatrixMarket matrix coordinate real general\n';
  const cases: [string, string, number | undefined, RegExp][] = [
    ['empty file', '', undefined, /b\.mtx: the file is empty; expected the header/],
    ['no header', '2 2 1\n1 1 1\n', 1, /expected the header '%%MatrixMarket/],
    ['header too short', '%%MatrixMarket matrix coordinate real\n', 1, /5 words/],
    [
      'vector object',
      '%%MatrixMarket vector coordinate real general\n',
      1,
      /expected object 'matrix'/,
    ],
    [
      'unknown format',
      '%%MatrixMarket matrix dense real general\n',
      1,
      /expected format 'coordinate' or 'array'/,
    ],
    [
      'complex field',
      '%%MatrixMarket matrix coordinate complex general\n',
      1,
      /complex matrices are not supported/,
    ],
    ['unknown field', '%%MatrixMarket matrix coordinate double general\n', 1, /expected field/],
    [
      'hermitian',
      '%%MatrixMarket matrix coordinate real hermitian\n',
      1,
      /'hermitian' applies to complex data/,
    ],
    [
      'pattern array',
      '%%MatrixMarket matrix array pattern general\n',
      1,
      /'pattern' is only valid with 'coordinate'/,
    ],
    [
      'pattern skew',
      '%%MatrixMarket matrix coordinate pattern skew-symmetric\n',
      1,
      /'pattern' cannot be 'skew-symmetric'/,
    ],
    ['no size line', H + '% only comments\n', 2, /ends before the size line 'rows cols entries'/],
    [
      'size line with 2 fields',
      H + '2 2\n',
      2,
      /expected the size line 'rows cols entries' \(3 fields\), got 2/,
    ],
    ['negative size', H + '2 -2 1\n', 2, /integers in 0\.\.2147483647, got '-2'/],
    [
      'non-square symmetric',
      '%%MatrixMarket matrix coordinate real symmetric\n2 3 0\n',
      2,
      /must be square; got 2 x 3/,
    ],
    ['too few entries', H + '2 2 3\n1 1 1\n2 2 1\n', 4, /ends after 2 entries; line 2 declares 3/],
    [
      'too many entries',
      H + '2 2 1\n1 1 1\n2 2 1\n',
      4,
      /more entries than the 1 declared on line 2/,
    ],
    [
      'two fields instead of three',
      H + '2 2 1\n1 1\n',
      3,
      /expected 3 fields 'row col value', got 2/,
    ],
    ['four fields', H + '2 2 1\n1 1 1 1\n', 3, /expected 3 fields 'row col value', got 4/],
    ['column out of range', H + '2 2 1\n1 3 1\n', 3, /column index 3 is out of range 1\.\.2/],
    ['row not an integer', H + '2 2 1\n1.5 1 1\n', 3, /expected an integer row index, got '1\.5'/],
    [
      'value not a number',
      H + '2 2 1\n1 1 abc\n',
      3,
      /expected a real number as the value, got 'abc'/,
    ],
    ['hex value', H + '2 2 1\n1 1 0x10\n', 3, /expected a real number as the value, got '0x10'/],
    ['NaN value', H + '2 2 1\n1 1 NaN\n', 3, /expected a finite value, got 'NaN'/],
    ['Inf value', H + '2 2 1\n1 1 -inf\n', 3, /expected a finite value, got '-inf'/],
    ['overflowing value', H + '2 2 1\n1 1 1e999\n', 3, /expected a finite value, got '1e999'/],
    [
      'pattern with a value',
      '%%MatrixMarket matrix coordinate pattern general\n2 2 1\n1 1 1\n',
      3,
      /expected 2 fields 'row col', got 3/,
    ],
    [
      'real in an integer file',
      '%%MatrixMarket matrix coordinate integer general\n2 2 1\n1 1 1.5\n',
      3,
      /expected an integer as the value, got '1\.5'/,
    ],
    [
      'integer beyond 2^53',
      '%%MatrixMarket matrix coordinate integer general\n2 2 1\n1 1 9007199254740993\n',
      3,
      /beyond 2\^53 - 1/,
    ],
    [
      'upper triangle in a symmetric file',
      '%%MatrixMarket matrix coordinate real symmetric\n2 2 1\n1 2 1\n',
      3,
      /entry \(1, 2\) is above the diagonal; a symmetric file stores the lower triangle/,
    ],
    [
      'nonzero diagonal in a skew file',
      '%%MatrixMarket matrix coordinate real skew-symmetric\n2 2 1\n2 2 1\n',
      3,
      /diagonal entry \(2, 2\) = 1: a skew-symmetric matrix has a zero diagonal/,
    ],
    [
      'array line with two values',
      '%%MatrixMarket matrix array real general\n2 1\n1 2\n',
      3,
      /expected 1 field 'value' .*got 2/,
    ],
    [
      'array too short',
      '%%MatrixMarket matrix array real symmetric\n2 2\n1\n2\n',
      4,
      /ends after 2 entries; line 2 declares 3 \(the lower triangle with the diagonal/,
    ],
  ];
  for (const [what, text, line, re] of cases) {
    it(what, () => {
      const e = errorOf(() => parseMatrixMarket(text, 'b.mtx'));
      expect(e.message).toMatch(re);
      expect(e.line).toBe(line);
      expect(e.message.startsWith(line === undefined ? 'b.mtx: ' : `b.mtx:${line}: `)).toBe(true);
      expect(e.message).not.toContain('\n');
    });
  }
});

describe('assembleCoo', () => {
  it('sorts by row then column and sums repeats in input order, for small and hypersparse sizes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(6), fc.nat(6), fc.integer({ min: -9, max: 9 })), {
          maxLength: 40,
        }),
        fc.constantFrom(0, 1, -1),
        fc.constantFrom(7, 10_000_000), // 10^7 rows and columns take the comparison-sort path
        (entries, mirror, n) => {
          const lower = mirror === 0 ? entries : entries.filter(([i, j]) => i >= j);
          const want = new Map<string, number>();
          const add = (i: number, j: number, v: number): void => {
            const k = `${i},${j}`;
            want.set(k, want.has(k) ? want.get(k)! + v : v);
          };
          for (const [i, j, v] of lower) add(i, j, v);
          if (mirror !== 0) for (const [i, j, v] of lower) if (i !== j) add(j, i, mirror * v);
          const keys = [...want.keys()].sort((a, b) => {
            const [ai, aj] = a.split(',').map(Number);
            const [bi, bj] = b.split(',').map(Number);
            return ai - bi || aj - bj;
          });
          const got = assembleCoo(
            n,
            n,
            Int32Array.from(lower, (e) => e[0]),
            Int32Array.from(lower, (e) => e[1]),
            Float64Array.from(lower, (e) => e[2]),
            mirror as 0 | 1 | -1,
          );
          expect(
            Array.from({ length: got.nnz }, (_, k) => `${got.rowIndex[k]},${got.colIndex[k]}`),
          ).toEqual(keys);
          expect(Array.from(got.values)).toEqual(keys.map((k) => want.get(k)!));
          expect(got.duplicatesSummed).toBe(
            lower.length +
              (mirror === 0 ? 0 : lower.filter(([i, j]) => i !== j).length) -
              keys.length,
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('number parsing', () => {
  it('any decimal text gives the same double as Number() (fast path and fallback)', () => {
    const digits = (max: number) =>
      fc.array(fc.constantFrom(...'0123456789'), { maxLength: max }).map((d) => d.join(''));
    const decimal = fc
      .tuple(
        fc.constantFrom('', '-', '+'),
        digits(20),
        fc.option(digits(20)),
        fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '-', '+'), digits(4))),
      )
      .map(
        ([sign, int, frac, exp]) =>
          `${sign}${int}${frac === null ? '' : `.${frac}`}${exp === null ? '' : exp.join('')}`,
      )
      .filter((t) => /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t));
    fc.assert(
      fc.property(decimal, (t) => {
        const want = Number(t);
        const text = `%%MatrixMarket matrix coordinate real general\n1 1 1\n1 1 ${t}\n`;
        if (!Number.isFinite(want)) {
          expect(() => parseMatrixMarket(text)).toThrow(/expected a finite value/);
          return;
        }
        expect(parseMatrixMarket(text).values[0]).toBe(want); // Object.is: -0 and every bit
      }),
      { numRuns: 3000 },
    );
  });

  it('hand-picked texts: exact halfway cases, 15 vs 16 digits, powers of ten near 10^22', () => {
    for (const t of [
      '9007199254740993',
      '0.1',
      '1e22',
      '1e23',
      '123456789012345e-22',
      '1234567890123456e-5',
      '2.2250738585072011e-308',
      '4.9e-324',
      '-0.0e5',
      '.5',
      '5.',
      '1E+2',
      '00012.5000',
    ]) {
      const a = parseMatrixMarket(
        `%%MatrixMarket matrix coordinate real general\n1 1 1\n1 1 ${t}\n`,
      );
      expect(a.values[0], t).toBe(Number(t));
    }
  });
});

describe('writer round trips (shortest round-trip numbers: same bits back)', () => {
  const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
  const sparse = fc
    .record({ rows: fc.integer({ min: 1, max: 7 }), cols: fc.integer({ min: 1, max: 7 }) })
    .chain(({ rows, cols }) =>
      fc.record({
        rows: fc.constant(rows),
        cols: fc.constant(cols),
        entries: fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: rows - 1 }),
            fc.integer({ min: 0, max: cols - 1 }),
            finite,
          ),
          { maxLength: 20 },
        ),
      }),
    );

  it('coordinate general: a COO with repeats reads back as its summed dense matrix, bit for bit', () => {
    fc.assert(
      fc.property(sparse, ({ rows, cols, entries }) => {
        const coo = {
          rows,
          cols,
          rowIndex: Int32Array.from(entries, (e) => e[0]),
          colIndex: Int32Array.from(entries, (e) => e[1]),
          values: Float64Array.from(entries, (e) => e[2]),
        };
        const sums = new Map<string, number>();
        for (const [i, j, v] of entries)
          sums.set(`${i},${j}`, sums.has(`${i},${j}`) ? sums.get(`${i},${j}`)! + v : v);
        if (![...sums.values()].every(Number.isFinite)) {
          expect(() => formatMatrixMarket(coo)).toThrow(/repeated entries sum to/);
          return;
        }
        const back = parseMatrixMarket(formatMatrixMarket(coo));
        const twice = parseMatrixMarket(formatMatrixMarket(back));
        expect(twice).toEqual(back);
        // toEqual compares numbers with Object.is: -0, subnormals and last bits must survive
        for (let k = 0; k < back.nnz; k++)
          expect(back.values[k]).toBe(sums.get(`${back.rowIndex[k]},${back.colIndex[k]}`));
        expect(back.nnz).toBe(new Set(entries.map((e) => `${e[0]},${e[1]}`)).size);
      }),
      { numRuns: 200 },
    );
  });

  it('every finite double (subnormals, -0, extremes) survives formatting as a 1 x 1 entry', () => {
    fc.assert(
      fc.property(finite, (v) => {
        const back = parseMatrixMarket(formatMatrixMarket(fromRows([[v]]), { format: 'array' }));
        const w = back.nnz === 0 ? 0 : back.values[0];
        if (v === 0) expect(back.nnz).toBe(0);
        else expect(Object.is(w, v)).toBe(true);
        const c = parseMatrixMarket(
          formatMatrixMarket({
            rows: 1,
            cols: 1,
            rowIndex: Int32Array.of(0),
            colIndex: Int32Array.of(0),
            values: Float64Array.of(v),
          }),
        );
        expect(Object.is(c.values[0], v)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('array general and symmetric, coordinate symmetric: dense matrices come back exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(finite, { minLength: 36, maxLength: 36 }),
        (n, vals) => {
          const a = denseMatrix(n, n);
          for (let i = 0; i < n; i++)
            for (let j = 0; j <= i; j++) {
              a.data[i * n + j] = vals[i * 6 + j];
              a.data[j * n + i] = vals[i * 6 + j];
            }
          const dense = (t: string): number[] => Array.from(toDense(parseMatrixMarket(t)).data);
          const expected = Array.from(a.data, (v) => (v === 0 ? 0 : v)); // zeros of any sign
          const norm = (xs: number[]): number[] => xs.map((v) => (v === 0 ? 0 : v));
          expect(norm(dense(formatMatrixMarket(a, { format: 'array' })))).toEqual(expected);
          expect(
            norm(dense(formatMatrixMarket(a, { format: 'array', symmetry: 'symmetric' }))),
          ).toEqual(expected);
          const sym = formatMatrixMarket(a, { symmetry: 'symmetric' });
          expect(sym.split('\n')[0]).toBe('%%MatrixMarket matrix coordinate real symmetric');
          expect(norm(dense(sym))).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('writes exactly the expected text for a small matrix', () => {
    const a = fromRows([
      [2, -1, 0],
      [-1, 2, 1e-300],
      [0, 1e-300, -0.5],
    ]);
    expect(
      formatMatrixMarket(a, { symmetry: 'symmetric', comment: ' tridiagonal\n second line' }),
    ).toBe(
      '%%MatrixMarket matrix coordinate real symmetric\n% tridiagonal\n% second line\n3 3 5\n' +
        '1 1 2\n2 1 -1\n2 2 2\n3 2 1e-300\n3 3 -0.5\n',
    );
    expect(
      formatMatrixMarket(
        fromRows([
          [1, 2],
          [3, -0],
        ]),
        { format: 'array' },
      ),
    ).toBe('%%MatrixMarket matrix array real general\n2 2\n1\n3\n2\n-0\n');
  });

  it('lund_a.mtx written as symmetric and read back is the same matrix; the file is written atomically', async () => {
    const a = readMatrixMarketSync(sharedData('lund_a.mtx'));
    const path = join(dir, 'sub', 'lund_copy.mtx');
    writeMatrixMarket(path, a, { symmetry: 'symmetric' });
    expect(readdirSync(join(dir, 'sub'))).toEqual(['lund_copy.mtx']); // no temporary left
    const b = await readMatrixMarket(path);
    expect([b.storedEntries, b.nnz]).toEqual([1298, 2449]);
    expect(b.values).toEqual(a.values);
    expect(b.rowIndex).toEqual(a.rowIndex);
    expect(b.colIndex).toEqual(a.colIndex);
  });

  it('CSR input (rowPtr, colIndex, values) writes the same file as the equivalent COO', () => {
    // [[1, 0, 2], [0, 0, 0], [0, 3, 0]]
    const csr = {
      rows: 3,
      cols: 3,
      rowPtr: Int32Array.of(0, 2, 2, 3),
      colIndex: Int32Array.of(0, 2, 1),
      values: Float64Array.of(1, 2, 3),
    };
    const text = formatMatrixMarket(csr);
    expect(text).toBe(
      '%%MatrixMarket matrix coordinate real general\n3 3 3\n1 1 1\n1 3 2\n3 2 3\n',
    );
    expect(formatMatrixMarket(csr, { format: 'array' })).toBe(
      formatMatrixMarket(toDense(parseMatrixMarket(text)), { format: 'array' }),
    );
    expect(() => formatMatrixMarket({ ...csr, rowPtr: Int32Array.of(0, 2, 3) })).toThrow(
      /rowPtr must be/,
    );
  });

  it('the writer refuses an asymmetric matrix as symmetric, non-finite values and bad options', () => {
    expect(() =>
      formatMatrixMarket(
        fromRows([
          [1, 2],
          [3, 4],
        ]),
        { symmetry: 'symmetric' },
      ),
    ).toThrow(/a\(1, 2\) = 2 but a\(2, 1\) = 3/);
    const coo = {
      rows: 2,
      cols: 2,
      rowIndex: Int32Array.of(1),
      colIndex: Int32Array.of(0),
      values: Float64Array.of(1),
    };
    expect(() => formatMatrixMarket(coo, { symmetry: 'symmetric' })).toThrow(
      /a\(2, 1\) = 1 but a\(1, 2\) = not stored/,
    );
    expect(() => formatMatrixMarket(fromRows([[NaN]]))).toThrow(RangeError);
    expect(() => formatMatrixMarket(fromRows([[1, 2]]), { symmetry: 'symmetric' })).toThrow(
      /must be square/,
    );
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect(() => formatMatrixMarket(fromRows([[1]]), { format: 'dense' as any })).toThrow(
      /format must be/,
    );
    expect(() =>
      formatMatrixMarket({
        rows: 1,
        cols: 1,
        rowIndex: Int32Array.of(1),
        colIndex: Int32Array.of(0),
        values: Float64Array.of(1),
      }),
    ).toThrow(/outside 1 x 1/);
  });
});

describe('streaming', () => {
  it('a file of several 1 MiB chunks (CRLF, multi-byte UTF-8 comments) reads the same streamed, sync and parsed', async () => {
    const n = 60000;
    const parts = [
      '%%MatrixMarket matrix coordinate real general\r\n',
      `% ${'é'.repeat(300000)}\r\n`,
      `${n} 2 ${n}\r\n`,
    ];
    for (let i = 1; i <= n; i++)
      parts.push(`${i} ${1 + (i % 2)} ${i / 7}\r\n`, i % 997 === 0 ? '% é comment\r\n' : '');
    const text = parts.join('');
    expect(Buffer.byteLength(text)).toBeGreaterThan(2 * (1 << 20));
    const path = join(dir, 'big.mtx');
    writeFileSync(path, text);
    const a = await readMatrixMarket(path);
    expect(a.nnz).toBe(n);
    for (const k of [0, 1, 12345, n - 1]) {
      expect(a.rowIndex[k]).toBe(k);
      expect(a.colIndex[k]).toBe((k + 1) % 2);
      expect(a.values[k]).toBe((k + 1) / 7);
    }
    expectSameCoo(readMatrixMarketSync(path), a);
    expectSameCoo(parseMatrixMarket(text, path), a);
  });

  it('an error in a late chunk names the right line', async () => {
    const lines = ['%%MatrixMarket matrix coordinate real general', '100000 1 100000'];
    for (let i = 1; i <= 100000; i++) lines.push(i === 99999 ? `${i} 1 x` : `${i} 1 1.0000000000`);
    const path = join(dir, 'late.mtx');
    writeFileSync(path, lines.join('\n'));
    await expect(readMatrixMarket(path)).rejects.toThrow(
      /late\.mtx:100001: expected a real number as the value, got 'x'/,
    );
  });

  it('LineSplitter gives the lines of the text however it is cut into chunks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', ' ', '\n', '\r\n', 'é'), { maxLength: 60 }),
        fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 6 }),
        (pieces, cuts) => {
          const text = pieces.join('');
          const bytes = Buffer.from(text, 'utf8');
          const got: string[] = [];
          const s = new LineSplitter(
            (t, a, b) => got.push(t.slice(a, b)),
            () => {
              throw new Error('too long');
            },
          );
          let prev = 0;
          for (const c of [...cuts.map((c) => Math.min(c, bytes.length))].sort((x, y) => x - y)) {
            s.push(bytes.subarray(prev, c)); // cuts may split a 2-byte 'é'
            prev = c;
          }
          s.push(bytes.subarray(prev));
          s.end();
          const want = text.split('\n').map((l) => l.replace(/\r$/, ''));
          if (want[want.length - 1] === '') want.pop();
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 300 },
    );
  });
});
