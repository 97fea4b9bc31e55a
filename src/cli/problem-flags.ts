/**
 * The flags that read a problem from a file, shared by `dugd solve`,
 * `dugd spectrum` and `dugd train` (one place, so they mean the same
 * everywhere): an SPD system `--matrix FILE` (Matrix Market or .npy) or a
 * least-squares design `--design FILE` (Matrix Market, .npy, CSV/TSV/JSON
 * table) with `--columns a,b,c`, `--target col`, `--missing drop|error`,
 * `--standardize`, `--intercept`, `--ridge mu`; and `--scale diagonal|none`
 * (default: diagonal when every diagonal entry is positive). Each maps to an
 * option of src/problems (spd-system.ts, least-squares.ts).
 *
 * What the file gave is reported the same way everywhere (`problemNotes`:
 * the columns the default rule left out and why, the rows dropped for
 * missing values per column), and library errors from the eigenvalue and
 * solver code are shown in file language (`inFileTerms`: no internal
 * function names).
 *
 * Also the flags of the spectrum estimate that more than one command takes:
 * `--dense-threshold N` (spectrum, train: exact eigenvalues when n <= N,
 * default DEFAULT_DENSE_THRESHOLD = 1000) and `--safety-margin x` (spectrum,
 * solve: the relative margin on an estimated lmax, problem-spectrum.ts).
 */
import type { Command } from 'commander';
import { DEFAULT_DENSE_THRESHOLD } from '../linalg/index.js';
import {
  leastSquaresFromFile,
  spdSystemFromFile,
  type DesignFile,
  type LeastSquaresProblem,
  type LinearProblem,
} from '../problems/index.js';
import { InputError, UsageError } from './errors.js';
import { nonNegativeInt, nonNegativeNumber, oneOf } from './parse.js';

export interface ProblemFlags {
  matrix?: string;
  design?: string;
  columns?: string[];
  target?: string;
  missing: 'drop' | 'error';
  standardize?: boolean;
  intercept?: boolean;
  ridge: number;
  scale?: 'diagonal' | 'none';
}

function columnList(raw: string): string[] {
  const cols = raw
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
  if (cols.length === 0) throw new UsageError(`--columns: expected a,b,c; got '${raw}'`);
  return cols;
}

/** Adds the design flags and --scale (and --matrix unless the command takes FILE otherwise). */
export function addProblemOptions(cmd: Command, options: { matrix: boolean }): Command {
  if (options.matrix) {
    cmd.option('--matrix <file>', 'SPD system A x = b: A from a Matrix Market or .npy file');
  }
  return cmd
    .option(
      '--design <file>',
      'least squares min ||y - D x||: D from a Matrix Market, .npy or CSV/TSV/JSON file; A = D^T D',
    )
    .option('--columns <a,b,c>', 'table columns of D (default: every numeric column)', columnList)
    .option('--target <column>', 'table column of y (the right-hand side is D^T y)')
    .option(
      '--missing <how>',
      'table rows with a missing value: drop|error',
      oneOf('--missing', ['drop', 'error'] as const),
      'drop',
    )
    .option('--standardize', 'centre and scale every column of D to mean 0, sd 1')
    .option('--intercept', 'add a column of ones to D')
    .option('--ridge <mu>', 'ridge term: A = D^T D + mu I', nonNegativeNumber('--ridge'), 0)
    .option(
      '--scale <how>',
      'symmetric diagonal scaling S^-1/2 A S^-1/2: diagonal|none (default: diagonal when every diagonal entry is positive)',
      oneOf('--scale', ['diagonal', 'none'] as const),
    );
}

/** Usage checks: exactly one source (FILE given otherwise counts as a matrix), design flags only with --design. */
export function checkProblemFlags(f: ProblemFlags, required: boolean): void {
  if (f.matrix !== undefined && f.design !== undefined) {
    throw new UsageError('--matrix/--design: give one of them, not both');
  }
  if (required && f.matrix === undefined && f.design === undefined) {
    throw new UsageError('--matrix/--design: expected a matrix file or a design file');
  }
  if (f.design === undefined) {
    const used = [
      ['--columns', f.columns !== undefined],
      ['--target', f.target !== undefined],
      ['--standardize', f.standardize === true],
      ['--intercept', f.intercept === true],
      ['--ridge', f.ridge !== 0],
    ].filter(([, on]) => on);
    if (used.length > 0) {
      throw new UsageError(`${used[0][0]}: only with --design (a least-squares design matrix)`);
    }
  }
}

export interface LoadedProblem {
  problem: LinearProblem;
  /** The design file (least squares), with y from --target. */
  design: DesignFile | null;
}

/** Builds the problem of the flags (library errors name the file and say why). */
export function loadProblem(f: ProblemFlags): LoadedProblem {
  const scale = f.scale ?? 'auto';
  const design = f.design;
  if (design !== undefined) {
    return inFileTerms(design, 'while reading the design', () => {
      const { problem, file } = leastSquaresFromFile(design, {
        columns: f.columns,
        target: f.target,
        missing: f.missing,
        standardize: f.standardize,
        intercept: f.intercept,
        ridge: f.ridge,
        scale,
      });
      return { problem, design: file };
    });
  }
  const matrix = f.matrix!;
  return inFileTerms(matrix, 'while reading the matrix', () => ({
    problem: spdSystemFromFile(matrix, { scale }),
    design: null,
  }));
}

/** What the problem is, for JSON records. */
export function problemRecord(loaded: LoadedProblem) {
  const { problem: p, design } = loaded;
  const base = {
    kind: p.kind,
    file: p.name,
    description: p.description,
    n: p.n,
    nnz: p.nnz,
    scaling: { applied: p.scaling.applied, reason: p.scaling.reason },
  };
  if (p.kind !== 'least-squares' || !design) return base;
  const ls = p as LeastSquaresProblem;
  return {
    ...base,
    m: ls.m,
    columns: ls.columns,
    target: design.target,
    droppedRows: design.droppedRows,
    droppedRowsByColumn: design.droppedRowsByColumn,
    excludedColumns: design.excludedColumns,
    standardize: ls.standardization !== null,
    intercept: ls.intercept,
    ridge: ls.ridge,
  };
}

/** Lines on what the table gave: columns left out by the default rule, rows dropped (none for matrices). */
export function problemNotes(loaded: LoadedProblem): string[] {
  const d = loaded.design;
  if (!d || d.format !== 'table') return [];
  const lines: string[] = [];
  const p = loaded.problem as LeastSquaresProblem;
  if (d.excludedColumns.length > 0) {
    lines.push(
      `columns: ${p.columns?.join(', ')} (every numeric column${d.target ? ' except the target' : ''}); ` +
        `left out: ${d.excludedColumns.map((e) => `'${e.column}' (${e.reason})`).join(', ')}`,
    );
  }
  if (d.droppedRows > 0) {
    const by = Object.entries(d.droppedRowsByColumn)
      .map(([c, k]) => `'${c}' ${k}`)
      .join(', ');
    lines.push(
      `dropped ${d.droppedRows} row${d.droppedRows === 1 ? '' : 's'} with a missing value ` +
        `(missing per column: ${by}); ${p.m} rows left (--missing error refuses them instead)`,
    );
  }
  return lines;
}

/**
 * Runs `work` and shows a library RangeError/TypeError of the form
 * `someFunction: message` in file terms: `FILE: while WHAT: message`, so no
 * internal function name reaches the user; other errors pass unchanged.
 */
export function inFileTerms<T>(file: string, what: string, work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (!(err instanceof RangeError || err instanceof TypeError)) throw err;
    const m = /^([A-Za-z][A-Za-z0-9]*)(?: \([^)]*\))?: ([\s\S]*)$/.exec(err.message);
    if (!m || m[1] === file) throw err;
    throw new InputError(`${file}: ${what}: ${m[2]}`);
  }
}

/** A path or value as one shell word (quoted only when needed). */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_./:=,+@%-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The flags that rebuild the problem, for a rerun command line. */
export function problemArgs(f: ProblemFlags): string[] {
  const a: string[] = [];
  if (f.matrix !== undefined) a.push('--matrix', shellWord(f.matrix));
  if (f.design !== undefined) {
    a.push('--design', shellWord(f.design));
    if (f.columns) a.push('--columns', shellWord(f.columns.join(',')));
    if (f.target !== undefined) a.push('--target', shellWord(f.target));
    if (f.missing !== 'drop') a.push('--missing', f.missing);
    if (f.standardize) a.push('--standardize');
    if (f.intercept) a.push('--intercept');
    if (f.ridge !== 0) a.push('--ridge', String(f.ridge));
  }
  if (f.scale !== undefined) a.push('--scale', f.scale);
  return a;
}

/** Adds --dense-threshold (default DEFAULT_DENSE_THRESHOLD). */
export function addDenseThresholdOption(cmd: Command): Command {
  return cmd.option(
    '--dense-threshold <int>',
    'largest n for exact (dense) eigenvalues',
    nonNegativeInt('--dense-threshold'),
    DEFAULT_DENSE_THRESHOLD,
  );
}

/** Adds --safety-margin (no default here: problem-spectrum.ts picks 0 or 0.1 by method). */
export function addSafetyMarginOption(cmd: Command): Command {
  return cmd.option(
    '--safety-margin <x>',
    'relative margin on an estimated lmax for the safe interval (default 0 dense, 0.1 iterative)',
    nonNegativeNumber('--safety-margin'),
  );
}

/** The spectrum-estimate flags that differ from their defaults, for a rerun command line. */
export function spectrumEstimateArgs(f: {
  denseThreshold?: number;
  safetyMargin?: number;
}): string[] {
  const a: string[] = [];
  if (f.denseThreshold !== undefined && f.denseThreshold !== DEFAULT_DENSE_THRESHOLD) {
    a.push('--dense-threshold', String(f.denseThreshold));
  }
  if (f.safetyMargin !== undefined) a.push('--safety-margin', String(f.safetyMargin));
  return a;
}
