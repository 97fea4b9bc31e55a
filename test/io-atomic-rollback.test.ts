/**
 * writeFilesAtomic when a rename fails after the checks passed (a race, a
 * disk error): the renames already done are rolled back, the old files come
 * back with their old content, and no temporary or backup is left. The
 * failure is injected by mocking node:fs renameSync for this file only.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFilesAtomic } from '../src/io/atomic.js';
import { FileWriteError } from '../src/io/errors.js';

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  return { ...actual, renameSync: vi.fn(actual.renameSync) };
});

const tmp = () => fs.mkdtempSync(join(tmpdir(), 'dugd-rollback-'));

/** Make the k-th rename of the temporaries (1-based) fail with `code`. */
function failRename(k: number, code: string): void {
  const real = vi.mocked(fs.renameSync).getMockImplementation()!;
  let seen = 0;
  vi.mocked(fs.renameSync).mockImplementation((from, to) => {
    if (String(from).endsWith('.tmp') && ++seen === k) {
      throw Object.assign(new Error(`${code}: injected, rename '${String(from)}'`), {
        code,
        syscall: 'rename',
      });
    }
    return real(from, to);
  });
}

afterEach(() => {
  vi.mocked(fs.renameSync).mockRestore();
});

describe('writeFilesAtomic rolls back a failed rename', () => {
  it('existing files are restored, new ones removed, no *.tmp or *.bak left', () => {
    const d = tmp();
    fs.writeFileSync(join(d, 'a.txt'), 'old a');
    fs.writeFileSync(join(d, 'b.txt'), 'old b');
    failRename(3, 'EISDIR');
    let err: unknown;
    try {
      writeFilesAtomic(d, { 'a.txt': 'new a', 'new.txt': 'new', 'b.txt': 'new b' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FileWriteError);
    expect((err as Error).message).toBe(
      `cannot write ${join(d, 'b.txt')}: is a directory (EISDIR)`,
    );
    expect(fs.readdirSync(d).sort()).toEqual(['a.txt', 'b.txt']);
    expect(fs.readFileSync(join(d, 'a.txt'), 'utf8')).toBe('old a');
    expect(fs.readFileSync(join(d, 'b.txt'), 'utf8')).toBe('old b');
  });

  it('a directory it created is removed again', () => {
    const base = tmp();
    failRename(2, 'ENOSPC');
    expect(() =>
      writeFilesAtomic(join(base, 'out', 'deep'), { 'x.csv': 'x', 'y.csv': 'y' }),
    ).toThrow(
      `cannot write ${join(base, 'out', 'deep', 'y.csv')}: no space left on device (ENOSPC)`,
    );
    expect(fs.readdirSync(base)).toEqual([]);
  });
});
