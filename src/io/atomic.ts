/**
 * Writes that never leave a half-written output. A group of files
 * (`writeFilesAtomic(dir, files)`) is written in phases, each undone if a
 * later one fails, so the directory ends either with every new file or as
 * it was:
 *
 *   1. check every target before writing anything: the directory (and any
 *      sub-directory of a name) is a directory or can be created under an
 *      existing directory, and every target that exists is a regular file;
 *   2. create the missing directories, one level at a time (never
 *      mkdirSync recursive: on /proc it retries forever, ENOENT from the
 *      child and EEXIST from the parent, at 100 % CPU);
 *   3. write each file to a temporary name next to it (`NAME.PID.tmp`);
 *   4. keep each existing target under a backup name (`NAME.PID.bak`, a
 *      hard link, or a copy where links are not supported);
 *   5. rename the temporaries into place. If a rename fails, the renames
 *      already done are rolled back (the backups renamed back, new files
 *      removed), the temporaries and backups removed and the directories of
 *      phase 2 removed.
 *
 * Every failure is a one-line FileWriteError (`cannot write DIR/NAME: is a
 * directory (EISDIR)`). `checkWritable(dir, names)` runs phase 1 and, with
 * `probe`, creates and removes a probe entry where the files would go, so a
 * command can refuse an unusable output directory (read-only, /proc, /sys,
 * no permission) in milliseconds, before a long computation.
 */
import {
  closeSync,
  copyFileSync,
  linkSync,
  mkdirSync,
  openSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { FileWriteError } from './errors.js';

const REASONS: Record<string, string> = {
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EEXIST: 'exists and is not a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or directory, or the file system does not allow creating it',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  ENAMETOOLONG: 'file name too long',
  EMFILE: 'too many open files',
  EBUSY: 'resource busy',
  EXDEV: 'cross-device rename',
};

function errnoCode(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** `cannot write PATH: reason (CODE)` (or `cannot create directory ...` with `verb`). */
function writeError(err: unknown, path: string, verb = 'write'): FileWriteError {
  if (err instanceof FileWriteError) return err;
  const code = errnoCode(err);
  const reason = code
    ? `${REASONS[code] ?? (err as Error).message.split(',')[0]} (${code})`
    : String((err as Error)?.message ?? err);
  return new FileWriteError(`cannot ${verb} ${path}: ${reason}`, path, code);
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch (err) {
    const code = errnoCode(err);
    // ENOTDIR: a part of the path is a file; the walk up to it names it
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw writeError(err, path, 'access');
  }
}

/**
 * The directories to create for `dir`, outermost first ([] when it exists).
 * Throws when `dir` or an ancestor exists and is not a directory.
 */
function missingDirectories(dir: string): string[] {
  const missing: string[] = [];
  let d = dir;
  for (;;) {
    const s = statOrNull(d);
    if (s) {
      if (!s.isDirectory()) {
        const what = d === dir ? 'it' : `${d}`;
        throw new FileWriteError(
          `cannot write into ${dir}: ${what} is a file, not a directory`,
          d,
          'ENOTDIR',
        );
      }
      return missing.reverse();
    }
    missing.push(d);
    const parent = dirname(d);
    if (parent === d || resolve(parent) === resolve(d)) return missing.reverse();
    d = parent;
  }
}

export interface CheckWritableOptions {
  /**
   * Create and remove a probe entry in the nearest existing directory, to
   * find out now whether the file system accepts new entries there
   * (default false).
   */
  probe?: boolean;
}

/**
 * Checks, before anything is written, that `names` (relative paths) can be
 * written into `dir`: the directories are directories or can be created,
 * and every existing target is a regular file. Throws a FileWriteError
 * naming the first problem; returns the directories that would be created.
 */
export function checkWritable(
  dir: string,
  names: readonly string[],
  options: CheckWritableOptions = {},
): string[] {
  const create = new Set<string>();
  for (const d of missingDirectories(dir)) create.add(d);
  for (const name of names) {
    const path = join(dir, name);
    const parent = dirname(path);
    if (parent !== dir && !create.has(parent)) {
      for (const d of missingDirectories(parent)) create.add(d);
    }
    if (create.has(parent)) continue;
    const s = statOrNull(path);
    if (s && s.isDirectory()) {
      throw new FileWriteError(`cannot write ${path}: is a directory`, path, 'EISDIR');
    }
    if (s && !s.isFile()) {
      throw new FileWriteError(
        `cannot write ${path}: exists and is not a regular file`,
        path,
        undefined,
      );
    }
  }
  const dirs = [...create];
  if (options.probe) probeDirectory(dirs.length > 0 ? dirname(dirs[0]) : dir, dirs[0] ?? dir);
  return dirs;
}

/** Creates and removes an entry in `existing`: a directory when `target` is still to be created. */
function probeDirectory(existing: string, target: string): void {
  const probe = join(existing, `.dugd-probe-${process.pid}`);
  const creating = target !== existing;
  try {
    if (creating) {
      mkdirSync(probe);
      rmdirSync(probe);
    } else {
      closeSync(openSync(probe, 'wx'));
      unlinkSync(probe);
    }
  } catch (err) {
    rmSync(probe, { force: true, recursive: true });
    throw creating
      ? writeError(err, target, 'create directory')
      : writeError(err, target, 'write into');
  }
}

/**
 * Write several files into `dir` (names may contain sub-directories): all
 * are checked, written to temporary names, then renamed into place; on any
 * failure the directory is left as it was (see the header). Returns the
 * paths written.
 */
export function writeFilesAtomic(
  dir: string,
  files: Record<string, string | Uint8Array>,
): string[] {
  const names = Object.keys(files);
  const toCreate = checkWritable(dir, names);
  const created: string[] = [];
  const written: { tmp: string; path: string; backup: string | null }[] = [];
  const renamed: number[] = [];
  const cleanUp = () => {
    // undo the renames (newest first): the old file back, or the new one removed
    for (const k of renamed.reverse()) {
      const w = written[k];
      try {
        if (w.backup !== null) renameSync(w.backup, w.path);
        else unlinkSync(w.path);
      } catch {
        // best effort: the other files are still restored
      }
    }
    for (const w of written) {
      rmSync(w.tmp, { force: true });
      if (w.backup !== null) rmSync(w.backup, { force: true });
    }
    for (const d of created.reverse()) {
      try {
        rmdirSync(d);
      } catch {
        // not empty (someone else wrote there) or gone: leave it
      }
    }
  };
  let current = dir;
  try {
    for (const d of toCreate) {
      current = d;
      try {
        mkdirSync(d);
        created.push(d);
      } catch (err) {
        if (errnoCode(err) !== 'EEXIST' || !statSync(d).isDirectory()) {
          throw writeError(err, d, 'create directory');
        }
      }
    }
    for (const name of names) {
      const path = join(dir, name);
      current = path;
      const tmp = `${path}.${process.pid}.tmp`;
      written.push({ tmp, path, backup: null });
      writeFileSync(tmp, files[name]);
    }
    for (const w of written) {
      current = w.path;
      if (statOrNull(w.path) === null) continue;
      const backup = `${w.path}.${process.pid}.bak`;
      rmSync(backup, { force: true });
      try {
        linkSync(w.path, backup);
      } catch {
        copyFileSync(w.path, backup);
      }
      w.backup = backup;
    }
    for (let k = 0; k < written.length; k++) {
      current = written[k].path;
      renameSync(written[k].tmp, written[k].path);
      renamed.push(k);
    }
  } catch (err) {
    cleanUp();
    throw writeError(err, current);
  }
  for (const w of written) if (w.backup !== null) rmSync(w.backup, { force: true });
  return written.map((w) => w.path);
}

/** Write one file atomically (a temporary name in the same directory, then a rename). */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  writeFilesAtomic(dirname(path), { [basename(path)]: content });
}
