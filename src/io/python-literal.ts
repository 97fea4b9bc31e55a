/**
 * A parser for the small subset of Python literals found in .npy headers:
 * dicts `{k: v, ...}`, tuples `(a, b)` / `(a,)` / `()`, lists `[...]`,
 * strings in single or double quotes (with backslash escapes), integers
 * (an old Python 2 `L` suffix is accepted), True, False and None; spaces,
 * newlines and trailing commas anywhere Python allows them. Nothing else.
 * Errors are thrown as plain `Error`s with the character offset; the .npy
 * reader turns them into a FileFormatError naming the file.
 */

export class PyTuple {
  constructor(readonly items: PyValue[]) {}
}

export type PyValue = string | number | boolean | null | PyTuple | PyValue[] | Map<string, PyValue>;

export function parsePythonLiteral(text: string): PyValue {
  let i = 0;
  const fail = (what: string): never => {
    const seen = i < text.length ? `'${text[i]}'` : 'the end';
    throw new Error(`expected ${what} at character ${i}, got ${seen}`);
  };
  const skip = (): void => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };

  function sequence(close: string): PyValue[] {
    const items: PyValue[] = [];
    skip();
    while (text[i] !== close) {
      items.push(value());
      skip();
      if (text[i] === ',') {
        i++;
        skip();
      } else if (text[i] !== close) fail(`',' or '${close}'`);
    }
    i++;
    return items;
  }

  function value(): PyValue {
    skip();
    const c = text[i];
    if (c === '{') {
      i++;
      const map = new Map<string, PyValue>();
      skip();
      while (text[i] !== '}') {
        const key = value();
        if (typeof key !== 'string') fail('a string key');
        skip();
        if (text[i] !== ':') fail("':'");
        i++;
        map.set(key as string, value());
        skip();
        if (text[i] === ',') {
          i++;
          skip();
        } else if (text[i] !== '}') fail("',' or '}'");
      }
      i++;
      return map;
    }
    if (c === '(') {
      i++;
      const start = i;
      const items = sequence(')');
      // (x) without a comma is a parenthesised value, not a tuple
      if (items.length === 1 && !/,\s*\)$/.test(text.slice(start, i))) return items[0];
      return new PyTuple(items);
    }
    if (c === '[') {
      i++;
      return sequence(']');
    }
    if (c === "'" || c === '"') {
      i++;
      let s = '';
      while (i < text.length && text[i] !== c) {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        s += text[i++];
      }
      if (i >= text.length) fail(`a closing ${c}`);
      i++;
      return s;
    }
    const m = /^(?:[+-]?\d+L?|True|False|None)/.exec(text.slice(i, i + 40));
    if (!m) return fail('a value');
    i += m[0].length;
    if (m[0] === 'True') return true;
    if (m[0] === 'False') return false;
    if (m[0] === 'None') return null;
    return Number(m[0].replace('L', ''));
  }

  const v = value();
  skip();
  if (i < text.length) fail('the end of the literal');
  return v;
}
