/**
 * NumPy .npy reader and writer (format versions 1.0, 2.0, 3.0).
 *
 * Layout: the 6 bytes \x93NUMPY, major and minor version bytes, the header
 * length (uint16 little-endian in 1.0; uint32 in 2.0 and 3.0), the header
 * (latin-1 in 1.0/2.0, UTF-8 in 3.0): a Python dict literal such as
 *   {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }
 * padded with spaces and ended by '\n' so that the data starts on a multiple
 * of 64 bytes; then the raw data, prod(shape) items.
 *
 * Read: dtypes f2/f4/f8, i1/i2/i4/i8, u1/u2/u4/u8 and b1, little ('<') or big
 * ('>') endian ('|' for one byte; '=' means this machine's order); values are
 * converted to float64 (exact for all of these except int64/uint64 beyond
 * 2^53, which are refused). 1-D and 2-D shapes (0-d and >2-D are refused);
 * Fortran order is transposed, so `data` is always row-major. The header is
 * parsed as a small Python literal (either quote style, spaces, trailing
 * commas, padding). Truncated files, bad magic, unknown versions, a data
 * length that differs from the shape, complex, structured and non-numeric
 * dtypes are refused with `file: what was expected`.
 *
 * Write: float64 little-endian, C order, version 1.0 (2.0 when the header
 * would exceed 65535 bytes), the header written exactly as numpy 2 writes it
 * (byte-identical files), atomically.
 */
import { readFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { denseMatrix, type DenseMatrix } from '../linalg/dense.js';
import { writeFileAtomic } from './atomic.js';
import { FileFormatError, quote } from './errors.js';
import { parsePythonLiteral, PyTuple, type PyValue } from './python-literal.js';

export interface NpyArray {
  /** [n] or [rows, cols]. */
  readonly shape: number[];
  /** The values, row-major (C order), converted to float64. */
  readonly data: Float64Array;
  /** The dtype as stored in the file, e.g. '<f8', '>i4'. */
  readonly dtype: string;
  /** Whether the file stored the data in Fortran (column-major) order. */
  readonly fortranOrder: boolean;
  /** Format version of the file, e.g. '1.0'. */
  readonly version: string;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ALIGN = 64;
const GROWTH_AXIS_MAX_DIGITS = 21; // numpy leaves room to grow the first axis in place

/** Read a .npy file. */
export function readNpy(path: string, name = path): NpyArray {
  return parseNpy(readFileSync(path), name);
}

/** Parse the bytes of a .npy file. `name` is used in messages. */
export function parseNpy(bytes: Uint8Array, name = '<bytes>'): NpyArray {
  if (!(bytes instanceof Uint8Array))
    throw new TypeError(`parseNpy: bytes must be a Uint8Array; got ${typeof bytes}`);
  const fail = (detail: string): never => {
    throw new FileFormatError(name, undefined, detail);
  };
  if (bytes.length < 10)
    fail(`truncated: a .npy file starts with at least 10 bytes, got ${bytes.length}`);
  for (let k = 0; k < 6; k++) {
    if (bytes[k] !== MAGIC[k]) {
      const seen = Array.from(bytes.subarray(0, 6), (b) => b.toString(16).padStart(2, '0'));
      fail(
        `not a .npy file: expected the magic bytes 93 4e 55 4d 50 59 (\\x93NUMPY), got ${seen.join(' ')}`,
      );
    }
  }
  const major = bytes[6];
  const minor = bytes[7];
  if (!(minor === 0 && (major === 1 || major === 2 || major === 3)))
    fail(`unsupported .npy format version ${major}.${minor}; expected 1.0, 2.0 or 3.0`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lenBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lenBytes) fail(`truncated: the file ends inside the header length`);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = 8 + lenBytes;
  const dataStart = headerStart + headerLength;
  if (dataStart > bytes.length)
    fail(
      `truncated: the header declares ${headerLength} bytes, ` +
        `but only ${bytes.length - headerStart} follow`,
    );
  const headerBytes = bytes.subarray(headerStart, dataStart);
  const headerText = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(headerBytes);
  const { descr, fortranOrder, shape } = readHeader(headerText, fail);
  const type = parseDescr(descr, fail);

  const count = shape.reduce((p, d) => p * d, 1);
  const needed = count * type.size;
  const have = bytes.length - dataStart;
  if (have !== needed)
    fail(
      `expected ${needed} data bytes for shape (${shape.join(', ')}) of '${descr}', got ${have}` +
        (have < needed ? ' (truncated file)' : ' (extra bytes after the data)'),
    );
  const raw = decode(view, dataStart, count, type, fail);
  let data = raw;
  if (fortranOrder && shape.length === 2 && shape[0] > 1 && shape[1] > 1) {
    // column-major -> row-major: data[i * cols + j] = raw[j * rows + i]
    const [rows, cols] = shape;
    data = new Float64Array(count);
    for (let j = 0; j < cols; j++)
      for (let i = 0; i < rows; i++) data[i * cols + j] = raw[j * rows + i];
  }
  return { shape, data, dtype: descr, fortranOrder, version: `${major}.0` };
}

interface DType {
  kind: 'f' | 'i' | 'u' | 'b';
  size: number;
  little: boolean;
}

function readHeader(
  text: string,
  fail: (d: string) => never,
): { descr: string; fortranOrder: boolean; shape: number[] } {
  let dict: PyValue;
  try {
    dict = parsePythonLiteral(text);
  } catch (err) {
    return fail(`header: ${(err as Error).message}; header is ${quote(text.trim())}`);
  }
  if (!(dict instanceof Map))
    return fail(`header: expected a dict {'descr': ..., 'fortran_order': ..., 'shape': ...}`);
  const keys = Array.from(dict.keys()).sort();
  if (keys.join(',') !== 'descr,fortran_order,shape')
    fail(
      `header: expected exactly the keys 'descr', 'fortran_order', 'shape'; ` +
        `got ${keys.map((k) => `'${k}'`).join(', ')}`,
    );
  const descr = dict.get('descr');
  const fortran = dict.get('fortran_order');
  const shape = dict.get('shape');
  if (typeof descr !== 'string') {
    if (Array.isArray(descr)) fail(`structured dtypes (record arrays) are not supported`);
    fail(`header: expected 'descr' to be a string such as '<f8'`);
  }
  if (typeof fortran !== 'boolean') fail(`header: expected 'fortran_order' to be True or False`);
  if (
    !(shape instanceof PyTuple) ||
    !shape.items.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)
  )
    return fail(`header: expected 'shape' to be a tuple of non-negative integers such as (3, 4)`);
  const dims = shape.items as number[];
  if (dims.length === 0) fail(`0-d (scalar) arrays are not supported; expected a 1-D or 2-D array`);
  if (dims.length > 2)
    fail(`expected a 1-D or 2-D array, got ${dims.length}-D shape (${dims.join(', ')})`);
  return { descr: descr as string, fortranOrder: fortran as boolean, shape: dims };
}

function parseDescr(descr: string, fail: (d: string) => never): DType {
  const m = /^([<>|=])([a-zA-Z])(\d+)$/.exec(descr);
  if (!m) return fail(`unsupported dtype ${quote(descr)}; expected e.g. '<f8', '>i4', '|u1'`);
  const [, order, kind, sizeText] = m;
  const size = Number(sizeText);
  if (kind === 'c') fail(`complex dtype '${descr}' is not supported (dugd works in real float64)`);
  const ok =
    (kind === 'f' && (size === 2 || size === 4 || size === 8)) ||
    ((kind === 'i' || kind === 'u') && (size === 1 || size === 2 || size === 4 || size === 8)) ||
    (kind === 'b' && size === 1);
  if (!ok)
    fail(
      `unsupported dtype '${descr}'; expected float (f2, f4, f8), signed or unsigned ` +
        `integer (i1..i8, u1..u8) or bool (b1)`,
    );
  const little = order === '<' || order === '|' || (order === '=' && endianness() === 'LE');
  return { kind: kind as DType['kind'], size, little };
}

/** IEEE half precision to float64 (exact). */
function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

function decode(
  view: DataView,
  start: number,
  count: number,
  t: DType,
  fail: (d: string) => never,
): Float64Array {
  const out = new Float64Array(count);
  const { little, size } = t;
  if (t.kind === 'f' && size === 8 && little && endianness() === 'LE') {
    // fast path: copy the bytes (the copy is 8-byte aligned)
    const src = new Uint8Array(view.buffer, view.byteOffset + start, count * 8);
    new Uint8Array(out.buffer).set(src);
    return out;
  }
  const key = `${t.kind}${size}`;
  for (let k = 0, p = start; k < count; k++, p += size) {
    switch (key) {
      case 'f2':
        out[k] = halfToNumber(view.getUint16(p, little));
        break;
      case 'f4':
        out[k] = view.getFloat32(p, little);
        break;
      case 'f8':
        out[k] = view.getFloat64(p, little);
        break;
      case 'i1':
        out[k] = view.getInt8(p);
        break;
      case 'i2':
        out[k] = view.getInt16(p, little);
        break;
      case 'i4':
        out[k] = view.getInt32(p, little);
        break;
      case 'u1':
      case 'b1':
        out[k] = view.getUint8(p);
        break;
      case 'u2':
        out[k] = view.getUint16(p, little);
        break;
      case 'u4':
        out[k] = view.getUint32(p, little);
        break;
      default: {
        // i8, u8: exact in float64 only up to 2^53 in magnitude
        const v = key === 'i8' ? view.getBigInt64(p, little) : view.getBigUint64(p, little);
        if (v > 2n ** 53n || v < -(2n ** 53n))
          fail(`value ${v} at index ${k} is beyond 2^53 and cannot be held exactly in float64`);
        out[k] = Number(v);
      }
    }
  }
  if (t.kind === 'b') for (let k = 0; k < count; k++) if (out[k] > 1) out[k] = 1;
  return out;
}

// ---------------------------------------------------------------------------
// Writing

/** The preamble (magic, version, length, padded header) for a header dict text. */
export function npyPreamble(dict: string): Uint8Array {
  const header = new TextEncoder().encode(dict);
  for (const version of [1, 2]) {
    const prefix = 8 + (version === 1 ? 2 : 4);
    const hlen = header.length + 1; // + '\n'
    const pad = ALIGN - ((prefix + hlen) % ALIGN); // 1..64, as numpy pads
    const total = hlen + pad;
    if (version === 1 && total > 0xffff) continue;
    const out = new Uint8Array(prefix + total);
    out.set(MAGIC, 0);
    out[6] = version;
    out[7] = 0;
    const view = new DataView(out.buffer);
    if (version === 1) view.setUint16(8, total, true);
    else view.setUint32(8, total, true);
    out.set(header, prefix);
    out.fill(0x20, prefix + header.length, prefix + total - 1);
    out[prefix + total - 1] = 0x0a;
    return out;
  }
  throw new RangeError(`npyPreamble: header of ${header.length} bytes is too long`);
}

/** The header dict text numpy writes for a float64 C-order array of this shape. */
export function npyHeaderDict(shape: readonly number[]): string {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '<f8', 'fortran_order': False, 'shape': ${shapeText}, }`;
  return dict + ' '.repeat(shape.length > 0 ? GROWTH_AXIS_MAX_DIGITS - String(shape[0]).length : 0);
}

/** A .npy file (float64 little-endian, C order) for a vector, a dense matrix or {shape, data}. */
export function formatNpy(
  x: Float64Array | DenseMatrix | { shape: readonly number[]; data: Float64Array },
): Uint8Array {
  let shape: number[];
  let data: Float64Array;
  if (x instanceof Float64Array) {
    shape = [x.length];
    data = x;
  } else if (x && 'shape' in x) {
    shape = [...x.shape];
    data = x.data;
  } else if (x && 'rows' in x && x.data instanceof Float64Array) {
    shape = [x.rows, x.cols];
    data = x.data;
  } else throw new TypeError('formatNpy: expected a Float64Array, a DenseMatrix or {shape, data}');
  if (
    (shape.length !== 1 && shape.length !== 2) ||
    !shape.every((d) => Number.isInteger(d) && d >= 0)
  )
    throw new RangeError(
      `formatNpy: shape must be 1-D or 2-D non-negative integers; got (${shape})`,
    );
  const count = shape.reduce((p, d) => p * d, 1);
  if (!(data instanceof Float64Array) || data.length !== count)
    throw new RangeError(
      `formatNpy: data must be a Float64Array of ${count} values for shape (${shape}); got ${data?.length}`,
    );
  const pre = npyPreamble(npyHeaderDict(shape));
  const out = new Uint8Array(pre.length + 8 * count);
  out.set(pre, 0);
  const view = new DataView(out.buffer, pre.length);
  for (let k = 0; k < count; k++) view.setFloat64(8 * k, data[k], true);
  return out;
}

/** Write a .npy file atomically. */
export function writeNpy(
  path: string,
  x: Float64Array | DenseMatrix | { shape: readonly number[]; data: Float64Array },
): void {
  writeFileAtomic(path, formatNpy(x));
}

/**
 * The array, or a FileFormatError for its first entry that is not finite
 * (NaN, Infinity, -Infinity): `file: entry (i, j) is not finite (NaN)`,
 * indices from 0 as numpy prints them (`entry i` for a 1-D array). readNpy
 * keeps every value as stored (the raw mode); callers that use the array as
 * numbers (a matrix A or D, a vector b or y) check it with this.
 */
export function requireFiniteNpy(a: NpyArray, name: string): NpyArray {
  const { data, shape } = a;
  for (let k = 0; k < data.length; k++) {
    const v = data[k];
    if (v - v === 0) continue; // finite
    const cols = shape.length === 2 ? shape[1] : 0;
    const at = cols > 0 ? `(${Math.floor(k / cols)}, ${k % cols})` : `${k}`;
    throw new FileFormatError(
      name,
      undefined,
      `entry ${at} is not finite (${v}; indices from 0, as in numpy)`,
    );
  }
  return a;
}

/** A 2-D array as a dense matrix (shares the data). */
export function npyToDense(a: NpyArray): DenseMatrix {
  if (a.shape.length !== 2)
    throw new RangeError(`npyToDense: expected a 2-D array; got shape (${a.shape.join(', ')})`);
  return denseMatrix(a.shape[0], a.shape[1], a.data);
}

/** A 1-D array, or a 2-D array with one row or one column, as a vector (shares the data). */
export function npyToVector(a: NpyArray): Float64Array {
  if (a.shape.length === 1 || a.shape[0] === 1 || a.shape[1] === 1) return a.data;
  throw new RangeError(
    `npyToVector: expected a 1-D array or a single row or column; got shape (${a.shape.join(', ')})`,
  );
}
