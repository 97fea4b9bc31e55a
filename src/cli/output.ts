/**
 * Output directories of the commands (`train --out`, `reproduce --out`):
 * checked before the computation starts, so a directory that cannot be
 * written is a usage error (exit 2) in milliseconds, not a failure after a
 * long run; the files are then written with writeFilesAtomic, whose errors
 * (a disk that fills up meanwhile) are runtime errors (exit 1). Both are one
 * line naming the file or directory.
 */
import { checkWritable } from '../io/atomic.js';
import { FileWriteError } from '../io/errors.js';
import { UsageError } from './errors.js';

/** Throws a UsageError `FLAG: cannot write ...` unless `names` can be written into `dir`. */
export function checkOutputDirectory(flag: string, dir: string, names: readonly string[]): void {
  try {
    checkWritable(dir, names, { probe: true });
  } catch (err) {
    if (err instanceof FileWriteError) throw new UsageError(`${flag}: ${err.message}`);
    throw err;
  }
}
