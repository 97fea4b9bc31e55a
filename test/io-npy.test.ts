import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  formatNpy,
  npyPreamble,
  npyToDense,
  npyToVector,
  parseNpy,
  readNpy,
  requireFiniteNpy,
  writeNpy,
} from '../src/io/npy.js';
import { FileFormatError } from '../src/io/errors.js';
import { fromRows, toRows } from '../src/linalg/dense.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'npy');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dugd-npy-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A .npy file built by hand: magic, version, header length (uint16 for 1.x,
 * uint32 otherwise), the header text padded with spaces to a multiple of 64
 * and ended by '\n', then the body.
 */
function npyBytes(header: string, body: Uint8Array, major = 1, pad = true): Uint8Array {
  const h = Buffer.from(header, major === 3 ? 'utf8' : 'latin1');
  const prefix = major === 1 ? 10 : 12;
  let len = h.length + 1;
  if (pad) len += (64 - ((prefix + len) % 64)) % 64;
  const out = Buffer.alloc(prefix + len + body.length, 0x20);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  if (major === 1) out.writeUInt16LE(len, 8);
  else out.writeUInt32LE(len, 8);
  out.set(h, prefix);
  out[prefix + len - 1] = 0x0a;
  out.set(body, prefix + len);
  return out;
}

type Setter = (v: DataView, p: number, x: number, little: boolean) => void;
const SETTERS: Record<string, [number, Setter]> = {
  f8: [8, (v, p, x, le) => v.setFloat64(p, x, le)],
  f4: [4, (v, p, x, le) => v.setFloat32(p, x, le)],
  i1: [1, (v, p, x) => v.setInt8(p, x)],
  i2: [2, (v, p, x, le) => v.setInt16(p, x, le)],
  i4: [4, (v, p, x, le) => v.setInt32(p, x, le)],
  i8: [8, (v, p, x, le) => v.setBigInt64(p, BigInt(x), le)],
  u1: [1, (v, p, x) => v.setUint8(p, x)],
  u2: [2, (v, p, x, le) => v.setUint16(p, x, le)],
  u4: [4, (v, p, x, le) => v.setUint32(p, x, le)],
  u8: [8, (v, p, x, le) => v.setBigUint64(p, BigInt(x), le)],
  b1: [1, (v, p, x) => v.setUint8(p, x)],
};

/** Body bytes of values in the given dtype and byte order. */
function body(type: string, little: boolean, values: number[]): Uint8Array {
  const [size, set] = SETTERS[type];
  const b = new Uint8Array(size * values.length);
  const v = new DataView(b.buffer);
  values.forEach((x, k) => set(v, k * size, x, little));
  return b;
}

function header(descr: string, shape: string, fortran = false): string {
  return `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${shape}, }`;
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

describe('hand-built files: every dtype, both byte orders, versions, Fortran order', () => {
  const VALUES: Record<string, number[]> = {
    f8: [1.5, -0, 1e-310, -1.7976931348623157e308, 0.1, 3],
    f4: [1.5, -0.25, 3.0517578125e-5, -65504, 0, 2],
    i1: [-128, 127, 0, -1, 5, 6],
    i2: [-32768, 32767, 0, -1, 5, 6],
    i4: [-2147483648, 2147483647, 0, -1, 5, 6],
    i8: [-(2 ** 53), 2 ** 53, 0, -1, 2 ** 40 + 1, 6],
    u1: [0, 255, 1, 2, 3, 4],
    u2: [0, 65535, 1, 2, 3, 4],
    u4: [0, 4294967295, 1, 2, 3, 4],
    u8: [0, 2 ** 53, 1, 2, 3, 4],
    b1: [0, 1, 1, 0, 0, 1],
  };
  for (const [type, values] of Object.entries(VALUES)) {
    for (const order of ['<', '>'] as const) {
      const descr = type.endsWith('1') ? `|${type}` : `${order}${type}`;
      if (type.endsWith('1') && order === '>') continue;
      it(`${descr}: 1-D, 2-D C order and 2-D Fortran order`, () => {
        const le = order === '<';
        const one = parseNpy(npyBytes(header(descr, '(6,)'), body(type, le, values)), 'x.npy');
        expect(one.shape).toEqual([6]);
        expect(Array.from(one.data)).toEqual(values);
        expect(one.dtype).toBe(descr);
        const c = parseNpy(npyBytes(header(descr, '(2, 3)'), body(type, le, values)));
        expect(toRows(npyToDense(c))).toEqual([values.slice(0, 3), values.slice(3)]);
        // Fortran: the file holds column 0, column 1, column 2
        const f = parseNpy(npyBytes(header(descr, '(2, 3)', true), body(type, le, values)));
        expect(f.fortranOrder).toBe(true);
        expect(toRows(npyToDense(f))).toEqual([
          [values[0], values[2], values[4]],
          [values[1], values[3], values[5]],
        ]);
      });
    }
  }

  it('float16 (little and big endian): normal, subnormal, zero, infinity', () => {
    // 0x3c00 = 1, 0xc000 = -2, 0x0001 = 2^-24, 0x8000 = -0, 0x7c00 = Infinity, 0x7bff = 65504
    const halves = [0x3c00, 0xc000, 0x0001, 0x8000, 0x7c00, 0x7bff];
    for (const le of [true, false]) {
      const b = body('u2', le, halves);
      const a = parseNpy(npyBytes(header(le ? '<f2' : '>f2', '(6,)'), b));
      expect(Array.from(a.data)).toEqual([1, -2, 2 ** -24, -0, Infinity, 65504]);
    }
  });

  it('format versions 1.0, 2.0 and 3.0 (UTF-8 header) give the same array', () => {
    const values = [1, 2, 3, 4, 5, 6];
    for (const major of [1, 2, 3]) {
      const a = parseNpy(npyBytes(header('<f8', '(3, 2)'), body('f8', true, values), major));
      expect(a.version).toBe(`${major}.0`);
      expect(toRows(npyToDense(a))).toEqual([
        [1, 2],
        [3, 4],
        [5, 6],
      ]);
    }
  });

  it('header variants: double quotes, key order, no trailing comma, newlines, 3L, no padding', () => {
    const b = body('f8', true, [1, 2, 3, 4]);
    const variants = [
      `{"descr": "<f8", "fortran_order": False, "shape": (2, 2)}`,
      `{'shape': (2,2), 'fortran_order': False, 'descr': '<f8'}`,
      `{ 'descr' : '<f8' ,\n 'fortran_order' : False ,\n 'shape' : ( 2 , 2 , ) , }`,
      `{'descr': '<f8', 'fortran_order': False, 'shape': (2L, 2L), }`,
    ];
    for (const h of variants) {
      expect(toRows(npyToDense(parseNpy(npyBytes(h, b))))).toEqual([
        [1, 2],
        [3, 4],
      ]);
      expect(toRows(npyToDense(parseNpy(npyBytes(h, b, 1, false))))).toEqual([
        [1, 2],
        [3, 4],
      ]);
    }
  });

  it('empty arrays and single rows/columns; npyToVector and npyToDense', () => {
    const e = parseNpy(npyBytes(header('<f8', '(0, 4)'), new Uint8Array(0)));
    expect(npyToDense(e)).toEqual({ rows: 0, cols: 4, data: new Float64Array(0) });
    const row = parseNpy(npyBytes(header('<f8', '(1, 3)', true), body('f8', true, [7, 8, 9])));
    expect(Array.from(npyToVector(row))).toEqual([7, 8, 9]);
    const v = parseNpy(npyBytes(header('<i4', '(3,)'), body('i4', true, [1, 2, 3])));
    expect(Array.from(npyToVector(v))).toEqual([1, 2, 3]);
    expect(() => npyToDense(v)).toThrow(/npyToDense: expected a 2-D array; got shape \(3\)/);
    const m = parseNpy(npyBytes(header('<f8', '(2, 2)'), body('f8', true, [1, 2, 3, 4])));
    expect(() => npyToVector(m)).toThrow(/single row or column; got shape \(2, 2\)/);
  });
});

describe('bad files are refused with one line naming the file', () => {
  const good = npyBytes(header('<f8', '(2,)'), body('f8', true, [1, 2]));
  const cases: [string, Uint8Array, RegExp][] = [
    [
      'fewer than 10 bytes',
      good.subarray(0, 7),
      /truncated: a \.npy file starts with at least 10 bytes, got 7/,
    ],
    [
      'bad magic',
      Uint8Array.from([0x50, 0x4b, 3, 4, 0, 0, 0, 0, 0, 0, 0]),
      /not a \.npy file: expected the magic bytes 93 4e 55 4d 50 59 .*got 50 4b 03 04 00 00/,
    ],
    [
      'version 4.0',
      Uint8Array.from([...good.subarray(0, 6), 4, 0, ...good.subarray(8)]),
      /unsupported \.npy format version 4\.0/,
    ],
    [
      'header cut short',
      good.subarray(0, 40),
      /truncated: the header declares 118 bytes, but only 30 follow/,
    ],
    [
      'data cut short',
      good.subarray(0, good.length - 3),
      /expected 16 data bytes for shape \(2\) of '<f8', got 13 \(truncated file\)/,
    ],
    [
      'extra data',
      Uint8Array.from([...good, 0]),
      /expected 16 data bytes .* got 17 \(extra bytes after the data\)/,
    ],
    [
      '3-D shape',
      npyBytes(header('<f8', '(1, 1, 2)'), body('f8', true, [1, 2])),
      /expected a 1-D or 2-D array, got 3-D shape \(1, 1, 2\)/,
    ],
    [
      '0-d array',
      npyBytes(header('<f8', '()'), body('f8', true, [1])),
      /0-d \(scalar\) arrays are not supported/,
    ],
    [
      'complex dtype',
      npyBytes(header('<c16', '(1,)'), new Uint8Array(16)),
      /complex dtype '<c16' is not supported/,
    ],
    [
      'string dtype',
      npyBytes(header('<U3', '(1,)'), new Uint8Array(12)),
      /unsupported dtype '<U3'/,
    ],
    ['object dtype', npyBytes(header('|O', '(1,)'), new Uint8Array(8)), /unsupported dtype '\|O'/],
    [
      'structured dtype',
      npyBytes(
        `{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }`,
        new Uint8Array(8),
      ),
      /structured dtypes .* are not supported/,
    ],
    [
      'missing key',
      npyBytes(`{'descr': '<f8', 'shape': (1,), }`, new Uint8Array(8)),
      /expected exactly the keys 'descr', 'fortran_order', 'shape'; got 'descr', 'shape'/,
    ],
    [
      'extra key',
      npyBytes(
        `{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 1}`,
        new Uint8Array(8),
      ),
      /got 'descr', 'fortran_order', 'shape', 'x'/,
    ],
    [
      'negative dimension',
      npyBytes(header('<f8', '(-1,)'), new Uint8Array(0)),
      /'shape' to be a tuple of non-negative integers/,
    ],
    [
      'shape not a tuple',
      npyBytes(header('<f8', '[2]'), new Uint8Array(16)),
      /'shape' to be a tuple/,
    ],
    [
      'fortran_order not a bool',
      npyBytes(`{'descr': '<f8', 'fortran_order': 0, 'shape': (1,), }`, new Uint8Array(8)),
      /'fortran_order' to be True or False/,
    ],
    ['not a dict', npyBytes(`('<f8', False, (1,))`, new Uint8Array(8)), /header: expected a dict/],
    [
      'unclosed dict',
      npyBytes(`{'descr': '<f8', 'fortran_order': False, 'shape': (1,)`, new Uint8Array(8)),
      /header: expected ',' or '}' at character \d+, got the end/,
    ],
    [
      'garbage in header',
      npyBytes(`{'descr': <f8}`, new Uint8Array(8)),
      /header: expected a value at character 10, got '<'/,
    ],
    [
      'int64 beyond 2^53',
      npyBytes(header('<i8', '(2,)'), body('i8', true, [1, 2 ** 53 + 2])),
      /value 9007199254740994 at index 1 is beyond 2\^53/,
    ],
    [
      'uint64 beyond 2^53',
      npyBytes(header('>u8', '(1,)'), body('u8', false, [2 ** 60])),
      /value 1152921504606846976 at index 0 is beyond 2\^53/,
    ],
  ];
  for (const [what, bytes, re] of cases) {
    it(what, () => {
      const e = errorOf(() => parseNpy(bytes, 'm.npy'));
      expect(e.message).toMatch(re);
      expect(e.message.startsWith('m.npy: ')).toBe(true);
      expect(e.message).not.toContain('\n');
    });
  }
});

describe('NumPy-written fixtures (test/fixtures/make_npy.py)', () => {
  const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as Record<
    string,
    { dtype: string; shape: number[]; fortran_order: boolean; version: string; values: number[] }
  >;
  it('covers the variants it claims to', () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.npy'));
    expect(files.length).toBe(Object.keys(expected).length);
    const dtypes = new Set(Object.values(expected).map((e) => e.dtype));
    for (const d of [
      '<f8',
      '>f8',
      '<f4',
      '>f4',
      '<f2',
      '|i1',
      '>i2',
      '<i4',
      '<i8',
      '>i8',
      '|u1',
      '>u2',
      '<u4',
      '<u8',
      '|b1',
    ])
      expect(dtypes.has(d), d).toBe(true);
    expect(new Set(Object.values(expected).map((e) => e.version))).toEqual(
      new Set(['1.0', '2.0', '3.0']),
    );
  });
  for (const [name, e] of Object.entries(expected)) {
    it(`${name}: ${e.dtype} shape (${e.shape.join(', ')})${e.fortran_order ? ' Fortran' : ''} v${e.version}`, () => {
      const a = readNpy(join(FIXTURES, `${name}.npy`));
      expect(a.dtype).toBe(e.dtype);
      expect(a.shape).toEqual(e.shape);
      expect(a.fortranOrder).toBe(e.fortran_order);
      expect(a.version).toBe(e.version);
      expect(Array.from(a.data)).toEqual(e.values); // exact, with -0
    });
  }
  for (const name of ['save_1d', 'save_2d', 'save_0x0', 'save_long_axis']) {
    it(`formatNpy writes ${name}.npy byte for byte as numpy.save does`, () => {
      const file = readFileSync(join(FIXTURES, `${name}.npy`));
      const a = parseNpy(file);
      expect(Buffer.from(formatNpy({ shape: a.shape, data: a.data }))).toEqual(file);
    });
  }
});

describe('writer', () => {
  it('round trip: random shapes and values (with NaN, -0, infinities) come back bit for bit', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.tuple(fc.integer({ min: 0, max: 9 })),
          fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 })),
        ),
        fc.array(fc.double(), { minLength: 81, maxLength: 81 }),
        (shape, pool) => {
          const count = shape.reduce((p, d) => p * d, 1);
          const data = Float64Array.from(pool.slice(0, count));
          const back = parseNpy(formatNpy({ shape, data }));
          expect(back.shape).toEqual(shape);
          expect(back.data).toEqual(data);
          expect(back.dtype).toBe('<f8');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('vectors and dense matrices; the file is written atomically', () => {
    const path = join(dir, 'out', 'a.npy');
    const m = fromRows([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    writeNpy(path, m);
    expect(readdirSync(join(dir, 'out'))).toEqual(['a.npy']);
    expect(toRows(npyToDense(readNpy(path)))).toEqual(toRows(m));
    writeNpy(path, Float64Array.of(3, -1));
    const v = readNpy(path);
    expect([v.shape, Array.from(v.data)]).toEqual([[2], [3, -1]]);
  });

  it('header alignment: the data starts at a multiple of 64; version 2.0 when the header exceeds 65535 bytes', () => {
    for (const shape of [[0], [7], [1234567, 0], [3, 5]]) {
      const pre = formatNpy({ shape, data: new Float64Array(shape.reduce((p, d) => p * d, 1)) });
      const start = 10 + (pre[8] | (pre[9] << 8));
      expect(start % 64).toBe(0);
      expect(pre[start - 1]).toBe(0x0a);
    }
    const long = `{'descr': '<f8', 'fortran_order': False, 'shape': (0,), 'pad': '${'x'.repeat(70000)}'}`;
    const pre = npyPreamble(long);
    expect([pre[6], pre[7]]).toEqual([2, 0]);
    const len = new DataView(pre.buffer).getUint32(8, true);
    expect(pre.length).toBe(12 + len);
    expect(pre.length % 64).toBe(0);
    expect(npyPreamble("{'a': 1}")[6]).toBe(1);
  });

  it('refuses bad input at the boundary', () => {
    expect(() => formatNpy({ shape: [2, 2], data: new Float64Array(3) })).toThrow(
      /4 values for shape \(2,2\)/,
    );
    expect(() => formatNpy({ shape: [1, 1, 1], data: new Float64Array(1) })).toThrow(/1-D or 2-D/);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect(() => formatNpy([1, 2] as any)).toThrow(TypeError);
  });
});

describe('requireFiniteNpy (for arrays used as numbers)', () => {
  it('names the first non-finite entry with its numpy position and value; finite arrays pass', () => {
    const m = parseNpy(
      formatNpy({ shape: [2, 3], data: Float64Array.of(1, 2, 3, 4, -Infinity, NaN) }),
    );
    expect(() => requireFiniteNpy(m, 'm.npy')).toThrow(FileFormatError);
    expect(() => requireFiniteNpy(m, 'm.npy')).toThrow(
      /^m\.npy: entry \(1, 1\) is not finite \(-Infinity; indices from 0, as in numpy\)$/,
    );
    const v = parseNpy(formatNpy(Float64Array.of(0, NaN)));
    expect(() => requireFiniteNpy(v, 'v.npy')).toThrow(/^v\.npy: entry 1 is not finite \(NaN/);
    const ok = parseNpy(formatNpy(Float64Array.of(1, 2)));
    expect(requireFiniteNpy(ok, 'ok.npy')).toBe(ok);
    // readNpy itself keeps the raw values
    expect(Number.isNaN(m.data[5])).toBe(true);
  });
});
