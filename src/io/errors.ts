/**
 * FileFormatError: the one error class of every reader in src/io. Its
 * message is a single line `file:line: what was expected, what was found`
 * (`file: ...` when there is no line, e.g. binary .npy files), so the CLI
 * can show it as a user error (exit code 1) without a stack trace.
 */

export class FileFormatError extends Error {
  /** Same exit code as the CLI's InputError: a bad input file. */
  readonly exitCode = 1;
  /** File name as given by the caller (a path or a label). */
  readonly file: string;
  /** 1-based line number, when the format has lines. */
  readonly line: number | undefined;
  /** The message without the `file:line: ` prefix. */
  readonly detail: string;

  constructor(file: string, line: number | undefined, detail: string) {
    super(line === undefined ? `${file}: ${detail}` : `${file}:${line}: ${detail}`);
    this.name = 'FileFormatError';
    this.file = file;
    this.line = line;
    this.detail = detail;
  }
}

/**
 * FileWriteError: an output that cannot be written (writeFilesAtomic,
 * writeFileAtomic). One line, `cannot write PATH: reason (CODE)` or
 * `cannot create directory DIR: reason (CODE)`, for the CLI to show as a
 * runtime error (exit code 1) without a stack trace.
 */
export class FileWriteError extends Error {
  readonly exitCode = 1;
  /** The file or directory that could not be written or created. */
  readonly path: string;
  /** The errno code (EISDIR, EACCES, ...) when there was one. */
  readonly code: string | undefined;

  constructor(message: string, path: string, code?: string) {
    super(message);
    this.name = 'FileWriteError';
    this.path = path;
    this.code = code;
  }
}

/** A value quoted for a one-line message: at most 40 characters. */
export function quote(text: string): string {
  const s = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  return `'${s.replace(/[\r\n]/g, ' ')}'`;
}
