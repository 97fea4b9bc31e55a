/**
 * Errors the CLI shows as one line. UsageError: a bad flag or argument
 * (exit code 2). InputError: a bad input file or a run that cannot go on
 * (exit code 1); the io readers' FileFormatError and the writers'
 * FileWriteError are shown the same way.
 * Library RangeError/TypeError messages already name the function, argument
 * and value, and are shown as they are (exit code 1).
 */
import { FileFormatError, FileWriteError } from '../io/errors.js';

export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export class InputError extends Error {
  readonly exitCode = 1;
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** Exit code and one-line message for any thrown value. */
export function describeError(err: unknown): { code: number; message: string; internal: boolean } {
  if (
    err instanceof UsageError ||
    err instanceof InputError ||
    err instanceof FileFormatError ||
    err instanceof FileWriteError
  ) {
    return { code: err.exitCode, message: err.message, internal: false };
  }
  if (err instanceof RangeError || err instanceof TypeError || isNodeFsError(err)) {
    return { code: 1, message: (err as Error).message, internal: false };
  }
  const message = err instanceof Error ? err.message : String(err);
  return {
    code: 1,
    message: `internal error: ${message} (set DUGD_DEBUG=1 for a stack trace)`,
    internal: true,
  };
}

function isNodeFsError(err: unknown): boolean {
  return (
    err instanceof Error &&
    typeof (err as NodeJS.ErrnoException).code === 'string' &&
    'syscall' in err
  );
}
