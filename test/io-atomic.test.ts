/**
 * writeFilesAtomic / writeFileAtomic / checkWritable (src/io/atomic.ts):
 * every target is checked before anything is written, failures are one-line
 * FileWriteErrors naming the path, and a failed write leaves the directory
 * as it was (no new file, no temporary). /proc and /sys fail at once.
 */
import { describe, expect, it } from 'vitest';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkWritable, writeFileAtomic, writeFilesAtomic } from '../src/io/atomic.js';
import { FileWriteError } from '../src/io/errors.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'dugd-atomic-'));
const files = { 'result.json': '{"a":1}\n', 'curves.csv': 't\n0\n' };

/** The error thrown by f (fails the test when nothing is thrown). */
function thrown(f: () => unknown): FileWriteError {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(FileWriteError);
    return err as FileWriteError;
  }
  throw new Error('expected a FileWriteError');
}

describe('writeFilesAtomic', () => {
  it('writes every file, creates missing directories, leaves no temporary', () => {
    const d = join(tmp(), 'a', 'b');
    const paths = writeFilesAtomic(d, { ...files, 'sub/x.txt': 'x' });
    expect(paths).toEqual([join(d, 'result.json'), join(d, 'curves.csv'), join(d, 'sub/x.txt')]);
    expect(readdirSync(d).sort()).toEqual(['curves.csv', 'result.json', 'sub']);
    expect(readFileSync(join(d, 'sub', 'x.txt'), 'utf8')).toBe('x');
  });

  it('replaces existing files and keeps no backup', () => {
    const d = tmp();
    writeFileSync(join(d, 'result.json'), 'old');
    writeFilesAtomic(d, files);
    expect(readFileSync(join(d, 'result.json'), 'utf8')).toBe(files['result.json']);
    expect(readdirSync(d).sort()).toEqual(['curves.csv', 'result.json']);
  });

  it('a target that is a directory: refused before anything is written', () => {
    const d = tmp();
    mkdirSync(join(d, 'curves.csv'));
    const err = thrown(() => writeFilesAtomic(d, files));
    expect(err.message).toBe(`cannot write ${join(d, 'curves.csv')}: is a directory`);
    expect(readdirSync(d)).toEqual(['curves.csv']); // no result.json, no *.tmp
  });

  it('the directory (or a parent) is a file: one line naming it', () => {
    const d = tmp();
    writeFileSync(join(d, 'afile'), 'x');
    expect(thrown(() => writeFilesAtomic(join(d, 'afile'), files)).message).toBe(
      `cannot write into ${join(d, 'afile')}: it is a file, not a directory`,
    );
    expect(thrown(() => writeFilesAtomic(join(d, 'afile', 'sub'), files)).message).toBe(
      `cannot write into ${join(d, 'afile', 'sub')}: ${join(d, 'afile')} is a file, not a directory`,
    );
    expect(readdirSync(d)).toEqual(['afile']);
    expect(readFileSync(join(d, 'afile'), 'utf8')).toBe('x');
  });

  it('writeFileAtomic: the same checks for one file', () => {
    const d = tmp();
    mkdirSync(join(d, 'm.mtx'));
    expect(thrown(() => writeFileAtomic(join(d, 'm.mtx'), 'x')).message).toMatch(
      /m\.mtx: is a directory$/,
    );
    writeFileAtomic(join(d, 'new', 'v.npy'), 'y');
    expect(readdirSync(join(d, 'new'))).toEqual(['v.npy']);
  });
});

describe.skipIf(process.platform !== 'linux')('file systems that refuse new entries', () => {
  it('/proc: fails at once (recursive mkdir used to spin forever)', () => {
    const t0 = performance.now();
    const err = thrown(() => writeFilesAtomic('/proc/dugd-test-dir', files));
    expect(err.message).toMatch(/^cannot create directory \/proc\/dugd-test-dir: .*\(ENOENT\)$/);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(
      thrown(() => checkWritable('/proc/dugd-test-dir', ['a'], { probe: true })).message,
    ).toMatch(/^cannot create directory \/proc\/dugd-test-dir: /);
  });

  it.skipIf(!existsSync('/sys/kernel'))('/sys/kernel: a one-line EPERM message', () => {
    const err = thrown(() => checkWritable('/sys/kernel/dugd-x', ['a'], { probe: true }));
    expect(err.message).toMatch(
      /^cannot create directory \/sys\/kernel\/dugd-x: .*\((EPERM|EACCES|EROFS)\)$/,
    );
    expect(err.message).not.toMatch(/\n/);
  });

  it('checkWritable without probe writes nothing; with probe it leaves nothing', () => {
    const d = tmp();
    expect(checkWritable(join(d, 'x', 'y'), ['a.json'])).toEqual([join(d, 'x'), join(d, 'x', 'y')]);
    checkWritable(join(d, 'x', 'y'), ['a.json'], { probe: true });
    checkWritable(d, ['a.json'], { probe: true });
    expect(readdirSync(d)).toEqual([]);
  });
});
