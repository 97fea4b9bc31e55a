import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTable, readTable, selectColumns, type TableOptions } from '../src/io/table.js';
import { FileFormatError } from '../src/io/errors.js';
import { toRows } from '../src/linalg/dense.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dugd-table-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
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

// A few records of vega-datasets' cars.json, in its layout (one object per line, nulls, text columns).
const CARS = `[
  {"Name":"chevrolet chevelle malibu", "Miles_per_Gallon":18, "Cylinders":8, "Displacement":307, "Horsepower":130, "Weight_in_lbs":3504, "Acceleration":12, "Year":"1970-01-01", "Origin":"USA"},
  {"Name":"buick skylark 320", "Miles_per_Gallon":15, "Cylinders":8, "Displacement":350, "Horsepower":165, "Weight_in_lbs":3693, "Acceleration":11.5, "Year":"1970-01-01", "Origin":"USA"},
  {"Name":"citroen ds-21 pallas", "Miles_per_Gallon":null, "Cylinders":4, "Displacement":133, "Horsepower":115, "Weight_in_lbs":3090, "Acceleration":17.5, "Year":"1970-01-01", "Origin":"Europe"},
  {"Name":"ford pinto", "Miles_per_Gallon":25, "Cylinders":4, "Displacement":98, "Horsepower":null, "Weight_in_lbs":2046, "Acceleration":19, "Year":"1971-01-01", "Origin":"USA"},
  {"Name":"datsun pl510", "Miles_per_Gallon":27, "Cylinders":4, "Displacement":97, "Horsepower":88, "Weight_in_lbs":2130, "Acceleration":14.5, "Year":"1970-01-01", "Origin":"Japan"}
]
`;

describe('JSON tables', () => {
  it('cars.json layout: columns, nulls counted, text columns flagged, rows with missing values dropped', () => {
    const t = readTable(file('cars.json', CARS));
    expect(t.source).toBe('json');
    expect(t.columns).toEqual([
      'Name',
      'Miles_per_Gallon',
      'Cylinders',
      'Displacement',
      'Horsepower',
      'Weight_in_lbs',
      'Acceleration',
      'Year',
      'Origin',
    ]);
    expect(t.lines).toEqual([2, 3, 4, 5, 6]);
    expect(t.missing).toEqual([0, 1, 0, 0, 1, 0, 0, 0, 0]);
    expect(t.nonNumeric[0]).toEqual({ count: 5, line: 2, text: 'chevrolet chevelle malibu' });
    expect(t.nonNumeric[7]?.count).toBe(5);
    expect(t.nonNumeric[1]).toBeNull();
    const s = selectColumns(t, ['Miles_per_Gallon', 'Horsepower', 'Weight_in_lbs'], {
      dropMissing: true,
    });
    expect(toRows(s.matrix)).toEqual([
      [18, 130, 3504],
      [15, 165, 3693],
      [27, 88, 2130],
    ]);
    expect(s.dropped).toBe(2);
    expect(s.lines).toEqual([2, 3, 6]);
    expect(s.columns).toEqual(['Miles_per_Gallon', 'Horsepower', 'Weight_in_lbs']);
  });

  it('a missing value in a selected column without dropMissing: error naming file, line and column', () => {
    const t = readTable(file('cars.json', CARS));
    const e = errorOf(() => selectColumns(t, ['Cylinders', 'Horsepower']));
    expect(e.message).toBe(
      `${join(dir, 'cars.json')}:5: column 'Horsepower' has a missing value (1 in this column); drop such rows with dropMissing`,
    );
    // an unselected column with missing values is fine
    expect(selectColumns(t, ['Cylinders', 'Displacement']).matrix.rows).toBe(5);
  });

  it('a non-numeric cell in a selected column: error naming file, line and column', () => {
    const t = parseTable(CARS, 'cars.json');
    const e = errorOf(() => selectColumns(t, ['Cylinders', 'Origin']));
    expect(e.message).toBe(
      `cars.json:2: column 'Origin': expected a number or a missing value (empty, NA, NaN, null), got 'USA' (5 such cells in this column)`,
    );
    expect(e.line).toBe(2);
  });

  it('unknown or ambiguous column names are RangeErrors listing the columns', () => {
    const t = parseTable(CARS, 'cars.json');
    expect(() => selectColumns(t, ['MPG'])).toThrow(
      /cars\.json has no column 'MPG'; columns: Name, Miles_per_Gallon/,
    );
    expect(() => selectColumns(t, [])).toThrow(RangeError);
    const d = parseTable('a,a,b\n1,2,3\n', 'd.csv');
    expect(() => selectColumns(d, ['a'])).toThrow(/has 2 columns named 'a'/);
    expect(toRows(selectColumns(d, ['b']).matrix)).toEqual([[3]]);
  });

  it('objects with different keys: union of keys, absent keys are missing', () => {
    const t = parseTable('[{"a": 1}, {"b": 2, "a": "3.5"}, {"c": true}]', 'u.json');
    expect(t.columns).toEqual(['a', 'b', 'c']);
    expect(t.rows).toEqual([
      [1, null, null],
      [3.5, 2, null],
      [null, null, null],
    ]);
    expect(t.missing).toEqual([1, 2, 2]);
    expect(t.nonNumeric[2]).toEqual({ count: 1, line: 1, text: 'true' });
  });

  it('array of arrays, with and without a header row', () => {
    const withHeader = parseTable('[["x", "y"],\n [1, 2],\n [3, null]]', 'h.json');
    expect([withHeader.hasHeader, withHeader.columns, withHeader.lines]).toEqual([
      true,
      ['x', 'y'],
      [2, 3],
    ]);
    expect(withHeader.rows).toEqual([
      [1, 2],
      [3, null],
    ]);
    const bare = parseTable('[[1, 2], [3, 4]]', 'n.json');
    expect([bare.hasHeader, bare.columns]).toEqual([false, ['c1', 'c2']]);
    expect(parseTable('[[1, 2], [3, 4]]', 'n.json', { header: true }).columns).toEqual(['1', '2']);
  });

  it('bad JSON tables', () => {
    expect(errorOf(() => parseTable('[1, 2]', 'a.json', { format: 'json' })).message).toBe(
      'a.json:1: expected each element to be an object or an array, got number',
    );
    expect(errorOf(() => parseTable('{"a": [1]}', 'b.json', { format: 'json' })).message).toMatch(
      /^b\.json:1: expected a JSON array of objects or of arrays, got object$/,
    );
    expect(errorOf(() => parseTable('[{"a": 1},\n\n [2]]', 'c.json')).message).toBe(
      'c.json:3: element 2 is array; expected an object like element 1',
    );
    const e = errorOf(() => parseTable('[\n{"a": 1},\n{"a": 2]\n]', 'd.json'));
    expect(e.message).toMatch(/^d\.json:3: not valid JSON: /);
    expect(errorOf(() => parseTable('[[1, 2], [3]]', 'e.json')).message).toBe(
      'e.json:1: expected 2 fields (as on line 1), got 1',
    );
  });
});

describe('CSV / TSV', () => {
  it('header, quoted fields (delimiter, newline, ""), missing values of every spelling', () => {
    const text =
      'id,"name, full",x,y\n1,"a ""quoted""\nname",1.5,-2e3\n2,b,,NA\n3,c,NaN,n/a\r\n4,d, 7 ,?\n\n5,e,null,None\n';
    const t = parseTable(text, 't.csv');
    expect([t.hasHeader, t.source, t.columns]).toEqual([true, ',', ['id', 'name, full', 'x', 'y']]);
    expect(t.lines).toEqual([2, 4, 5, 6, 8]);
    expect(t.rows.map((r) => [r[0], r[2], r[3]])).toEqual([
      [1, 1.5, -2000],
      [2, null, null],
      [3, null, null],
      [4, 7, null],
      [5, null, null],
    ]);
    expect(t.missing).toEqual([0, 0, 3, 4]);
    expect(t.nonNumeric[1]).toEqual({ count: 5, line: 2, text: 'a "quoted"\nname' });
    const s = selectColumns(t, ['x', 'id'], { dropMissing: true });
    expect([toRows(s.matrix), s.dropped, s.lines]).toEqual([
      [
        [1.5, 1],
        [7, 4],
      ],
      3,
      [2, 6],
    ]);
  });

  it('delimiter: by extension (.tsv), detected (; and tab), forced, and whitespace', () => {
    const tsv = readTable(file('d.tsv', 'a\tb,c\n1\t2\n'));
    expect([tsv.source, tsv.columns]).toEqual(['\t', ['a', 'b,c']]);
    const semi = parseTable('a;b;c\n1,5;2;3\n', 's.txt', { delimiter: ';' });
    expect(semi.nonNumeric[0]?.text).toBe('1,5'); // decimal commas are not numbers
    expect(parseTable('a;b;c\n1;2;3\n', 's.csv', { format: 'csv' }).source).toBe(';');
    expect(parseTable('a\tb\n1\t2\n', 'x.txt').source).toBe('\t');
    const ws = parseTable('  1.5   2\t3\n4 5 6  \n', 'w.dat');
    expect([ws.source, ws.hasHeader, ws.columns, ws.rows]).toEqual([
      'whitespace',
      false,
      ['c1', 'c2', 'c3'],
      [
        [1.5, 2, 3],
        [4, 5, 6],
      ],
    ]);
    // a comma inside quotes on the first line does not count
    expect(parseTable('"a,b";c;d\n1;2;3\n', 'q.txt').source).toBe(';');
  });

  it('header detection: auto, forced on, forced off', () => {
    expect(parseTable('1,2\n3,4\n', 'n.csv').hasHeader).toBe(false);
    expect(parseTable('x,y\n3,4\n', 'h.csv').hasHeader).toBe(true);
    expect(parseTable('x,y\n', 'h.csv').hasHeader).toBe(true);
    // two text rows: the first is not a header (the second has no number)
    expect(parseTable('x,y\nu,v\n', 't.csv').hasHeader).toBe(false);
    const forced = parseTable('2019,2020\n3,4\n', 'y.csv', { header: true });
    expect([forced.columns, forced.rows]).toEqual([['2019', '2020'], [[3, 4]]]);
    const off = parseTable('x,y\n3,4\n', 'h.csv', { header: false });
    expect([off.columns, off.rows.length, off.nonNumeric[0]?.line]).toEqual([['c1', 'c2'], 2, 1]);
  });

  it('Inf, 1e999 and other non-finite numbers are refused when selected as not finite, named by line', () => {
    const t = parseTable('a,b,c\n1,2,x\n3,Inf,1e999\n4,-infinity,2\n', 'i.csv');
    expect(t.nonFinite[1]).toEqual({ count: 2, line: 3, text: 'Inf' });
    expect(t.nonFinite[2]).toEqual({ count: 1, line: 3, text: '1e999' });
    expect(t.nonNumeric[1]).toBeNull();
    expect(errorOf(() => selectColumns(t, ['b'])).message).toBe(
      "i.csv:3: column 'b': the value 'Inf' is not finite (2 such cells in this column)",
    );
    // the earliest bad cell among the selected columns: the text 'x' on line 2
    expect(errorOf(() => selectColumns(t, ['b', 'c'])).message).toBe(
      "i.csv:2: column 'c': expected a number or a missing value (empty, NA, NaN, null), got 'x'",
    );
  });

  it('files: empty, blank or binary content (NUL byte, invalid UTF-8) is refused naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dugd-table-'));
    const cases: [string, Uint8Array | string, RegExp][] = [
      ['empty.csv', '', /empty\.csv: empty$/],
      ['blank.csv', '\ufeff \n\n', /blank\.csv: empty$/],
      [
        'nul.csv',
        Uint8Array.from([0x61, 0x2c, 0x62, 0x0a, 0x31, 0x00, 0x32]),
        /nul\.csv: binary content \(a NUL byte at offset 5\)/,
      ],
      [
        'latin1.csv',
        Uint8Array.from([0x61, 0x0a, 0xe9, 0x0a]),
        /latin1\.csv: binary content \(bytes that are not UTF-8 text\)/,
      ],
    ];
    for (const [file, content, msg] of cases) {
      writeFileSync(join(dir, file), content);
      expect(errorOf(() => readTable(join(dir, file))).message).toMatch(msg);
    }
  });

  it('bad delimited files: wrong field count, unclosed quote, text after a closing quote', () => {
    expect(errorOf(() => parseTable('a,b,c\n1,2,3\n4,5\n', 'f.csv')).message).toBe(
      'f.csv:3: expected 3 fields (as on line 1), got 2',
    );
    expect(errorOf(() => parseTable('a,b\n1,"2\n3,4\n', 'q.csv')).message).toBe(
      'q.csv:2: a quoted field is not closed (missing ")',
    );
    expect(errorOf(() => parseTable('a,b\n1,"2"x\n', 'x.csv')).message).toBe(
      "x.csv:2: expected ',' or the end of the line after a quoted field, got 'x'",
    );
    expect(() => parseTable('a|b', 'p.csv', { delimiter: '|' })).toThrow(RangeError);
    expect(() => parseTable('a', 'p.csv', { format: 'xls' } as unknown as TableOptions)).toThrow(
      RangeError,
    );
  });

  it('a UTF-8 byte-order mark is dropped; an empty file is an empty table', () => {
    expect(parseTable('\ufeffa,b\n1,2\n', 'bom.csv').columns).toEqual(['a', 'b']);
    const e = parseTable('', 'e.csv');
    expect([e.columns, e.rows]).toEqual([[], []]);
  });

  it('property: any finite matrix written as CSV (String(x)) or TSV reads back exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), {
          minLength: 1,
          maxLength: 30,
        }),
        fc.constantFrom(',', '\t', ';'),
        (cols, values, delimiter) => {
          const rows = Math.floor(values.length / cols);
          if (rows === 0) return;
          const names = Array.from({ length: cols }, (_, j) => `v${j}`);
          const lines = [names.join(delimiter)];
          for (let i = 0; i < rows; i++)
            lines.push(
              values
                .slice(i * cols, (i + 1) * cols)
                .map(String)
                .join(delimiter),
            );
          const t = parseTable(lines.join('\n'), 'p.csv');
          const s = selectColumns(t, names);
          // String(-0) is '0': the sign of zero is not kept by the text
          expect(Array.from(s.matrix.data)).toEqual(
            values.slice(0, rows * cols).map((v) => (v === 0 ? 0 : v)),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
