/**
 * dugd solve --matrix FILE | --design FILE: solve A x = b (or the least-squares
 * normal equations D^T D x = D^T y) with Chebyshev steps, GD (the optimal
 * constant step, or a learned schedule from --steps), heavy-ball momentum or
 * CG, through solve() of src/solvers (typed stop reason, residual history,
 * interval check).
 *
 * Defaults, each reported:
 * - right-hand side: b = A x* with x* ~ N(0, I) from --seed (stream 5), so
 *   the error ||x - x*|| / ||x*|| is reported too; a design's --target
 *   column gives b = D^T y; --rhs FILE gives b (SPD) or y (design);
 * - scaling: symmetric diagonal scaling when every diagonal entry is
 *   positive; the method runs on A_s x_s = b_s and x = S^-1/2 x_s. The stop
 *   rule and `relativeResidual` are of the system solved (A_s x_s = b_s);
 *   `originalRelativeResidual` is ||b - A x|| / ||b|| at the end;
 * - interval (chebyshev, gd, momentum): --lmin/--lmax, else estimated
 *   (problem-spectrum.ts: dense eigenvalues when n <= 1000, else Lanczos with
 *   the 10 % safety margin on lmax); the safe interval is used;
 * - Chebyshev period T: chebyshevPeriodFor(kappa, tol) (solvers/chebyshev-period.ts:
 *   one period reaches sqrt(tol), two reach tol), steps in the stable order.
 * Exit code 0 whenever the run completed, whatever its stop reason (read
 * `reason`); 1 for bad files, 2 for bad flags.
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { toJson } from '../../io/json.js';
import { readMatrixMarketSync, toDense } from '../../io/matrix-market.js';
import { npyToVector, readNpy, writeNpy } from '../../io/npy.js';
import { parseNumberList, readNumberList } from '../../io/number-list.js';
import { norm2 } from '../../linalg/vector.js';
import {
  FILE_PROBLEM_STREAMS,
  originalRhs,
  problemExtremes,
  requirePositiveDefinite,
  sniffMatrixFormat,
  type LeastSquaresProblem,
} from '../../problems/index.js';
import { Rng } from '../../random/rng.js';
import { chebyshevPeriodFor, solve, type SolveMethod } from '../../solvers/index.js';
import { UsageError } from '../errors.js';
import { fmt, table } from '../format.js';
import {
  nonNegativeInt,
  nonNegativeNumber,
  oneOf,
  positiveInt,
  positiveNumber,
  seed,
} from '../parse.js';
import {
  addProblemOptions,
  addSafetyMarginOption,
  checkProblemFlags,
  loadProblem,
  problemArgs,
  problemRecord,
  shellWord,
  spectrumEstimateArgs,
  type ProblemFlags,
} from '../problem-flags.js';

const METHODS = ['chebyshev', 'gd', 'momentum', 'cg'] as const;
type Method = (typeof METHODS)[number];

interface SolveFlags extends ProblemFlags {
  rhs?: string;
  method: Method;
  tol: number;
  maxIterations: number;
  steps?: string;
  lmin?: number;
  lmax?: number;
  order: 'stable' | 'index';
  period?: number;
  safetyMargin?: number;
  seed: number;
  solution?: string;
  json?: boolean;
}

/** A vector from .npy, Matrix Market (one row or column) or a number list. */
function readVector(path: string, length: number, what: string): Float64Array {
  const format = sniffMatrixFormat(path);
  let v: Float64Array;
  if (format === 'npy') v = npyToVector(readNpy(path));
  else if (format === 'matrix-market') {
    const coo = readMatrixMarketSync(path);
    if (coo.rows !== 1 && coo.cols !== 1) {
      throw new RangeError(
        `${path}: expected one row or one column; got ${coo.rows} x ${coo.cols}`,
      );
    }
    v = toDense(coo).data;
  } else v = readNumberList(path);
  if (v.length !== length) {
    throw new RangeError(`${path}: ${what} must have ${length} entries; got ${v.length}`);
  }
  return Float64Array.from(v);
}

/** A schedule: steps.learned of a `dugd train` result.json, or a number list. */
function readSteps(path: string): {
  steps: Float64Array;
  trainedOn: Record<string, unknown> | null;
} {
  const text = readFileSync(path, 'utf8');
  if (text.trim().startsWith('{')) {
    let obj: unknown = null;
    try {
      obj = JSON.parse(text);
    } catch {
      // not JSON: parseNumberList names the problem
    }
    const r = obj as { steps?: { learned?: unknown }; problem?: Record<string, unknown> } | null;
    if (r && Array.isArray(r.steps?.learned)) {
      const steps = parseNumberList(JSON.stringify(r.steps.learned), `${path} (steps.learned)`);
      return { steps, trainedOn: r.problem ?? null };
    }
  }
  return { steps: parseNumberList(text, path, { field: 'steps' }), trainedOn: null };
}

export function registerSolve(program: Command): void {
  const cmd = program
    .command('solve')
    .description(
      'solve A x = b from a matrix file (or least squares from a design) with Chebyshev, GD, momentum or CG',
    );
  addProblemOptions(cmd, { matrix: true })
    .option('--rhs <file>', 'b (or y for --design): .npy, Matrix Market or a number list')
    .option(
      '--method <name>',
      `${METHODS.join('|')} (momentum: Polyak's heavy ball)`,
      oneOf('--method', METHODS),
      'chebyshev',
    )
    .option('--tol <x>', 'stop when ||r_k|| <= tol ||b||', nonNegativeNumber('--tol'), 1e-8)
    .option(
      '--max-iterations <int>',
      'iteration budget',
      nonNegativeInt('--max-iterations'),
      100000,
    )
    .option(
      '--steps <file>',
      'GD with this schedule, repeated: result.json of dugd train or a number list',
    )
    .option(
      '--lmin <x>',
      'smallest eigenvalue of the (scaled) matrix (default: estimated)',
      positiveNumber('--lmin'),
    )
    .option(
      '--lmax <x>',
      'largest eigenvalue of the (scaled) matrix (default: estimated)',
      positiveNumber('--lmax'),
    )
    .option(
      '--order <order>',
      'order of the Chebyshev steps: stable|index',
      oneOf('--order', ['stable', 'index'] as const),
      'stable',
    )
    .option(
      '-T, --period <int>',
      'Chebyshev period (default: from kappa and tol, see docs/real-problems.md)',
      positiveInt('-T'),
    );
  addSafetyMarginOption(cmd)
    .option('--seed <int>', 'seed of x* and of the Lanczos start vector', seed(), 12)
    .option('--solution <file>', 'write x to this .npy file')
    .option('--json', 'print one JSON object')
    .action((flags: SolveFlags, c: Command) => {
      const fromCli = (k: string) => c.getOptionValueSource(k) === 'cli';
      checkProblemFlags(flags, true);
      let method = flags.method;
      if (flags.steps !== undefined) {
        if (fromCli('method') && method !== 'gd') {
          throw new UsageError(`--steps: a schedule runs with --method gd; got --method ${method}`);
        }
        method = 'gd';
      }
      if (flags.period !== undefined && method !== 'chebyshev') {
        throw new UsageError(`-T: the Chebyshev period applies to --method chebyshev only`);
      }
      if (flags.lmin !== undefined && flags.lmax !== undefined && !(flags.lmin < flags.lmax)) {
        throw new UsageError(
          `--lmin/--lmax: expected lmin < lmax; got ${flags.lmin}, ${flags.lmax}`,
        );
      }
      if (method === 'cg' && (flags.lmin !== undefined || flags.lmax !== undefined)) {
        throw new UsageError('--lmin/--lmax: CG needs no interval');
      }
      const schedule = flags.steps !== undefined ? readSteps(flags.steps) : null;
      const loaded = loadProblem(flags);
      const p = loaded.problem;
      const warnings: string[] = [];

      // right-hand side b (unscaled), and x* when we made it
      let b: Float64Array;
      let xStar: Float64Array | null = null;
      let rhs: string;
      const ls = p.kind === 'least-squares' ? (p as LeastSquaresProblem) : null;
      if (flags.rhs !== undefined) {
        if (ls) {
          b = ls.rhsFromTarget(readVector(flags.rhs, ls.m, 'y'));
          rhs = `b = D^T y, y from ${flags.rhs}`;
        } else {
          b = readVector(flags.rhs, p.n, 'b');
          rhs = `b from ${flags.rhs}`;
        }
      } else if (ls && loaded.design?.y) {
        b = ls.rhsFromTarget(loaded.design.y);
        rhs = `b = D^T y, y = column '${loaded.design.target}'`;
      } else {
        xStar = new Rng(flags.seed, FILE_PROBLEM_STREAMS.solution).fillNormal(
          new Float64Array(p.n),
        );
        b = originalRhs(p, xStar);
        rhs = `b = A x* with x* ~ N(0, I), seed ${flags.seed}`;
      }

      // the interval [lmin, lmax] of the scaled operator
      const needsInterval =
        method === 'chebyshev' || method === 'momentum' || (method === 'gd' && !schedule);
      let interval: { lmin: number; lmax: number } | null = null;
      let estimate: Record<string, unknown> | null = null;
      let intervalSource: string | null = null;
      const given = flags.lmin !== undefined && flags.lmax !== undefined;
      if (given) {
        interval = { lmin: flags.lmin!, lmax: flags.lmax! };
        intervalSource = 'given';
      } else if (needsInterval) {
        const est = problemExtremes(p, { seed: flags.seed, safetyMargin: flags.safetyMargin });
        estimate = {
          method: est.method,
          lmin: est.lmin,
          lmax: est.lmax,
          converged: est.converged,
          safetyMargin: est.safetyMargin,
          safeInterval: est.safeInterval,
          seconds: est.seconds,
        };
        requirePositiveDefinite(p, est.lmin, 'GD, momentum and Chebyshev steps');
        interval = {
          lmin: flags.lmin ?? est.safeInterval[0],
          lmax: flags.lmax ?? est.safeInterval[1],
        };
        intervalSource =
          flags.lmin !== undefined || flags.lmax !== undefined
            ? 'given and estimated'
            : 'estimated';
        if (!(interval.lmin < interval.lmax)) {
          throw new UsageError(
            `--lmin/--lmax: expected lmin < lmax; got ${interval.lmin}, ${interval.lmax}`,
          );
        }
      }
      if (schedule?.trainedOn) {
        const t = schedule.trainedOn as { file?: string; scaling?: { applied?: string } };
        if (t.scaling?.applied !== undefined && t.scaling.applied !== p.scaling.applied) {
          warnings.push(
            `the steps were trained with scaling ${t.scaling.applied}, this solve uses ${p.scaling.applied}: ` +
              'learned steps fit the spectrum they were trained on (use the same --scale)',
          );
        }
      }

      const op = p.operator;
      const bs = p.scaleRhs(b);
      const xs = xStar ? p.scaleSolution(xStar) : undefined;
      let spec: SolveMethod;
      let period: number | null = null;
      if (method === 'chebyshev') {
        period =
          flags.period ??
          chebyshevPeriodFor(interval!.lmax / interval!.lmin, Math.min(flags.tol, 0.5));
        spec = {
          method: 'chebyshev',
          operator: op,
          b: bs,
          xStar: xs,
          interval: interval!,
          period,
          order: flags.order,
        };
      } else if (method === 'gd') {
        spec = schedule
          ? {
              method: 'gd',
              operator: op,
              b: bs,
              xStar: xs,
              steps: schedule.steps,
              interval: interval ?? undefined,
            }
          : { method: 'gd', operator: op, b: bs, xStar: xs, interval: interval! };
        if (schedule) period = schedule.steps.length;
      } else if (method === 'momentum') {
        spec = { method: 'heavy-ball', operator: op, b: bs, xStar: xs, interval: interval! };
      } else {
        spec = { method: 'cg', operator: op, b: bs, xStar: xs };
      }
      const t0 = performance.now();
      const res = solve(spec, { tol: flags.tol, maxIterations: flags.maxIterations });
      const seconds = (performance.now() - t0) / 1000;
      warnings.push(...res.warnings);
      const x = p.unscaleSolution(res.x);
      const ax = p.original.apply(x, new Float64Array(p.n));
      for (let i = 0; i < p.n; i++) ax[i] = b[i] - ax[i]; // r = b - A x
      const bNorm = norm2(b);
      const originalRelativeResidual = bNorm > 0 ? norm2(ax) / bNorm : norm2(ax);
      let relativeError: number | null = null;
      if (xStar) {
        for (let i = 0; i < p.n; i++) ax[i] = x[i] - xStar[i]; // x - x*
        relativeError = norm2(ax) / norm2(xStar);
      }

      const args = ['dugd', 'solve', ...problemArgs(flags)];
      if (flags.rhs !== undefined) args.push('--rhs', shellWord(flags.rhs));
      args.push(
        '--method',
        method,
        '--tol',
        String(flags.tol),
        '--max-iterations',
        String(flags.maxIterations),
      );
      if (flags.steps !== undefined) args.push('--steps', shellWord(flags.steps));
      if (flags.lmin !== undefined) args.push('--lmin', String(flags.lmin));
      if (flags.lmax !== undefined) args.push('--lmax', String(flags.lmax));
      if (method === 'chebyshev') args.push('--order', flags.order, '-T', String(period));
      args.push(...spectrumEstimateArgs(flags));
      args.push('--seed', String(flags.seed));
      const report = {
        command: args.join(' '),
        problem: problemRecord(loaded),
        rhs,
        method,
        period,
        order: method === 'chebyshev' ? flags.order : null,
        interval: interval ? [interval.lmin, interval.lmax] : null,
        intervalSource,
        estimate,
        tol: flags.tol,
        maxIterations: flags.maxIterations,
        iterations: res.iterations,
        reason: res.reason,
        ...(res.detail !== undefined ? { detail: res.detail } : {}),
        relativeResidual: res.relativeResidual,
        originalRelativeResidual,
        relativeError,
        residualHistory: res.residualHistory,
        warnings,
        seconds,
      };
      if (flags.solution !== undefined) writeNpy(flags.solution, x);
      if (flags.json) {
        process.stdout.write(toJson(report));
        return;
      }
      process.stdout.write(humanReport(report, p.description, p.scaling, flags.solution));
    });
}

function humanReport(
  r: {
    rhs: string;
    method: string;
    period: number | null;
    order: string | null;
    interval: number[] | null;
    intervalSource: string | null;
    estimate: Record<string, unknown> | null;
    iterations: number;
    reason: string;
    detail?: string;
    relativeResidual: number;
    originalRelativeResidual: number;
    relativeError: number | null;
    residualHistory: Float64Array;
    warnings: string[];
    seconds: number;
    command: string;
    tol: number;
  },
  description: string,
  scaling: { applied: string; reason: string },
  solution: string | undefined,
): string {
  const h = r.residualHistory;
  const K = h.length - 1;
  const ks = [...new Set(Array.from({ length: 11 }, (_, i) => Math.round((i * K) / 10)))];
  const est = r.estimate;
  const lines = [
    `dugd solve: ${description}`,
    `scaling: ${scaling.applied} (${scaling.reason})`,
    `right-hand side: ${r.rhs}`,
    r.interval
      ? `interval [lmin, lmax] = [${fmt(r.interval[0], 6)}, ${fmt(r.interval[1], 6)}] (${r.intervalSource}` +
        (est
          ? `: ${est.method} lmin ${fmt(est.lmin as number, 6)}, lmax ${fmt(est.lmax as number, 6)}, safety margin ${est.safetyMargin} on lmax`
          : '') +
        `), kappa ${fmt(r.interval[1] / r.interval[0])}`
      : 'interval: not used',
    `method: ${r.method}` +
      (r.period !== null ? `, period T = ${r.period}` : '') +
      (r.order !== null ? `, ${r.order} order` : ''),
    '',
    `stop: ${r.reason}${r.detail ? ` (${r.detail})` : ''} after ${r.iterations} iterations (${r.seconds.toFixed(3)} s), tol ${r.tol}`,
    `relative residual ${fmt(r.relativeResidual)} (system solved)` +
      (scaling.applied === 'diagonal'
        ? `, ${fmt(r.originalRelativeResidual)} (original system)`
        : '') +
      (r.relativeError !== null
        ? `; relative error ||x - x*||/||x*|| = ${fmt(r.relativeError)}`
        : ''),
    '',
    table(
      ['k', '||r_k|| / ||b||'],
      ks.map((k) => [k, fmt(h[k])]),
    ),
    '',
    ...r.warnings.map((w) => `warning: ${w}`),
    ...(solution !== undefined ? [`wrote ${solution}`] : []),
    `rerun: ${r.command}`,
  ];
  return lines.join('\n') + '\n';
}
