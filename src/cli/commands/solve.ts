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
 *
 * Checks before iterating: every flag applies to the method (--order and -T
 * to chebyshev; --lmin/--lmax and --safety-margin not to cg or --steps), the
 * spectrum is estimated for every method but CG (also when --lmin/--lmax are
 * both given, and for --steps) and must be positive definite and not
 * numerically singular; a given --lmax below the largest or --lmin above the
 * smallest eigenvalue is warned about; --steps must be finite and > 0, and a
 * schedule with max |p_T| >= 1 on the exact eigenvalues is refused (warned
 * about on an estimated interval); b must be finite.
 * While iterating, solve()'s interval check (solvers/interval-check.ts) gets
 * the known spectrum and tells the cause of a divergence, in flag terms.
 *
 * Exit codes: 0 for a run that converged or used up --max-iterations without
 * diverging (the report says so in `reason` and a warning); 1 for a run that
 * diverged (non-finite, or a final residual above the initial one) or broke
 * down, after the report is printed and without writing --solution, and for
 * bad files; 2 for bad flags.
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { toJson } from '../../io/json.js';
import { readMatrixMarketSync, toDense } from '../../io/matrix-market.js';
import { npyToVector, readNpy, requireFiniteNpy, writeNpy } from '../../io/npy.js';
import { parseNumberList, readNumberList } from '../../io/number-list.js';
import { allFinite, norm2 } from '../../linalg/vector.js';
import { formatLimit, SOLVE_LIMITS } from '../limits.js';
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
import {
  scheduleContraction,
  type IntervalDiagnosis,
  type KnownSpectrum,
} from '../../solvers/interval-check.js';
import { InputError, UsageError } from '../errors.js';
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
  inFileTerms,
  loadProblem,
  problemArgs,
  problemNotes,
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

/** A vector from .npy, Matrix Market (one row or column) or a number list: finite, of the given length. */
function readVector(path: string, length: number, what: string, flag: string): Float64Array {
  const format = sniffMatrixFormat(path);
  let v: Float64Array;
  const name = `${flag} ${path}`;
  if (format === 'npy') v = npyToVector(requireFiniteNpy(readNpy(path, name), name));
  else if (format === 'matrix-market') {
    const coo = readMatrixMarketSync(path, name);
    if (coo.rows !== 1 && coo.cols !== 1) {
      throw new InputError(
        `${flag} ${path}: expected one row or one column; got ${coo.rows} x ${coo.cols}`,
      );
    }
    v = toDense(coo).data;
  } else v = readNumberList(path);
  if (v.length === 0) throw new InputError(`${flag} ${path}: empty (0 entries)`);
  if (v.length !== length) {
    throw new InputError(`${flag} ${path}: ${what} must have ${length} entries; got ${v.length}`);
  }
  return Float64Array.from(v);
}

/** A schedule: steps.learned of a `dugd train` result.json, or a number list; every step finite and > 0. */
function readSteps(path: string): {
  steps: Float64Array;
  trainedOn: Record<string, unknown> | null;
} {
  const text = readFileSync(path, 'utf8');
  let steps: Float64Array | null = null;
  let trainedOn: Record<string, unknown> | null = null;
  let where = path;
  if (text.trim().startsWith('{')) {
    let obj: unknown = null;
    try {
      obj = JSON.parse(text);
    } catch {
      // not JSON: parseNumberList names the problem
    }
    const r = obj as { steps?: { learned?: unknown }; problem?: Record<string, unknown> } | null;
    if (r && Array.isArray(r.steps?.learned)) {
      where = `${path} (steps.learned)`;
      steps = parseNumberList(JSON.stringify(r.steps.learned), where);
      trainedOn = r.problem ?? null;
    }
  }
  steps ??= parseNumberList(text, path, { field: 'steps' });
  for (let t = 0; t < steps.length; t++) {
    if (!(steps[t] > 0)) {
      throw new InputError(
        `--steps ${where}: step ${t} is ${steps[t]}; expected steps > 0 (gamma_t of ` +
          `x <- x - gamma_t (A x - b); a step <= 0 moves away from the solution)`,
      );
    }
  }
  return { steps, trainedOn };
}

/** Advice in flag terms for the interval check's diagnosis (see solvers/interval-check.ts). */
function adviceFor(flags: SolveFlags, method: Method): (d: IntervalDiagnosis) => string {
  return (d) => {
    const fromSteps = flags.steps !== undefined;
    if (d.cause === 'rounding') {
      return method === 'chebyshev'
        ? 'Use --order stable (the default), or a shorter period -T.'
        : `Reorder the steps of ${flags.steps} (e.g. the stable order, dugd chebyshev --order stable) or shorten the period.`;
    }
    if (d.cause === 'not-contractive') {
      const c = d.contraction!;
      const iv = d.interval;
      if (!fromSteps && iv && c.lambda > iv.lmax) {
        return `Use --lmax >= ${fmt(d.spectrum!.lmax, 6)} (the largest eigenvalue), or leave --lmax out to use the estimate.`;
      }
      if (!fromSteps && iv && c.lambda < iv.lmin) {
        return `Use --lmin <= ${fmt(d.spectrum!.lmin, 6)} (the smallest eigenvalue), or leave --lmin out to use the estimate.`;
      }
      return fromSteps
        ? `The schedule of --steps ${flags.steps} does not fit this problem: train one on it (dugd train --matrix/--design ...) or use --method chebyshev.`
        : '';
    }
    if (d.cause === 'interval') {
      const sp = d.spectrum;
      if (d.lambda !== undefined) {
        return (
          `Use a larger --lmax (growth x${fmt(d.growth)} per period of ${d.period} steps is ` +
          `|p_T(lambda)| at lambda = ${fmt(d.lambda)}; try --lmax >= ${fmt(1.1 * d.lambda)}).`
        );
      }
      if (sp && d.interval && sp.lmax > d.interval.lmax) {
        const how = sp.eigenvalues ? 'the largest eigenvalue' : 'the estimated largest eigenvalue';
        return `Use --lmax >= ${fmt(sp.lmax, 6)} (${how}), or leave --lmax out to use the estimate.`;
      }
      return 'Use a larger --lmax.';
    }
    return d.advice;
  };
}

/** One line on why a run diverged, for the exit message. */
function causeWords(d: IntervalDiagnosis | undefined): string {
  switch (d?.cause) {
    case 'rounding':
      return 'rounding amplified by the order of the steps';
    case 'not-contractive':
      return `the steps are not contractive on the spectrum: |p_T| >= 1 at lambda = ${fmt(d.contraction!.lambda)}`;
    case 'interval':
      return 'an eigenvalue above lmax';
    default:
      return 'see the warnings';
  }
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
      `iteration budget (<= ${formatLimit(SOLVE_LIMITS.maxIterations)})`,
      nonNegativeInt('--max-iterations', SOLVE_LIMITS.maxIterations),
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
      'order of the Chebyshev steps: stable|index (--method chebyshev)',
      oneOf('--order', ['stable', 'index'] as const),
      'stable',
    )
    .option(
      '-T, --period <int>',
      `Chebyshev period (<= ${formatLimit(SOLVE_LIMITS.period)}; default: from kappa and tol, see docs/real-problems.md)`,
      positiveInt('-T', SOLVE_LIMITS.period),
    );
  addSafetyMarginOption(cmd)
    .option('--seed <int>', 'seed of x* and of the Lanczos start vector', seed(), 12)
    .option('--solution <file>', 'write x to this .npy file (only when the run did not diverge)')
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
      // every flag applies to the chosen method, or is refused
      const given = flags.lmin !== undefined || flags.lmax !== undefined;
      const what = flags.steps !== undefined ? '--steps (a given schedule)' : `--method ${method}`;
      if (flags.period !== undefined && method !== 'chebyshev') {
        throw new UsageError(`-T: the Chebyshev period applies to --method chebyshev only`);
      }
      if (fromCli('order') && method !== 'chebyshev') {
        throw new UsageError(
          `--order: the order of the Chebyshev steps applies to --method chebyshev only; not with ${what}`,
        );
      }
      if (method === 'cg' && given) throw new UsageError('--lmin/--lmax: CG needs no interval');
      if (flags.steps !== undefined && given) {
        throw new UsageError(
          '--lmin/--lmax: a --steps schedule uses no interval (its steps are given)',
        );
      }
      if (flags.safetyMargin !== undefined) {
        const why =
          method === 'cg'
            ? 'CG needs no interval'
            : flags.steps !== undefined
              ? 'a --steps schedule uses no interval'
              : flags.lmin !== undefined && flags.lmax !== undefined
                ? 'both --lmin and --lmax are given'
                : null;
        if (why) {
          throw new UsageError(`--safety-margin: widens an estimated lmax; not used here (${why})`);
        }
      }
      if (flags.lmin !== undefined && flags.lmax !== undefined && !(flags.lmin < flags.lmax)) {
        throw new UsageError(
          `--lmin/--lmax: expected lmin < lmax; got ${flags.lmin}, ${flags.lmax}`,
        );
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
          const rhsFile = flags.rhs;
          b = ls.rhsFromTarget(
            inFileTerms(`--rhs ${rhsFile}`, 'while reading', () =>
              readVector(rhsFile, ls.m, 'y', '--rhs'),
            ),
          );
          rhs = `b = D^T y, y from ${flags.rhs}`;
        } else {
          const rhsFile = flags.rhs;
          b = inFileTerms(`--rhs ${rhsFile}`, 'while reading', () =>
            readVector(rhsFile, p.n, 'b', '--rhs'),
          );
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
      if (!allFinite(b)) {
        const which = ls ? 'b = D^T y' : xStar ? 'b = A x*' : 'b';
        throw new InputError(
          `${flags.rhs !== undefined ? `--rhs ${flags.rhs}` : p.name}: the right-hand side ${which} is not finite (its values overflow float64); rescale the data`,
        );
      }

      let scalingMismatch = '';
      if (schedule?.trainedOn) {
        const t = schedule.trainedOn as { file?: string; scaling?: { applied?: string } };
        if (t.scaling?.applied !== undefined && t.scaling.applied !== p.scaling.applied) {
          scalingMismatch =
            `the steps were trained with scaling ${t.scaling.applied}, this solve uses ${p.scaling.applied}: ` +
            'learned steps fit the spectrum they were trained on (use the same --scale)';
          warnings.push(scalingMismatch);
        }
      }

      // the spectrum of the scaled operator (every method but CG), and the interval used
      const needsInterval =
        method === 'chebyshev' || method === 'momentum' || (method === 'gd' && !schedule);
      let interval: { lmin: number; lmax: number } | null = null;
      let estimate: Record<string, unknown> | null = null;
      let intervalSource: string | null = null;
      let known: KnownSpectrum | undefined;
      if (method !== 'cg') {
        const est = inFileTerms(p.name, 'while estimating the spectrum', () =>
          problemExtremes(p, { seed: flags.seed, safetyMargin: flags.safetyMargin }),
        );
        const exact = est.eigenvalues !== undefined;
        estimate = {
          method: est.method,
          lmin: est.lmin,
          lmax: est.lmax,
          lminBound: est.lminBound,
          lmaxBound: est.lmaxBound,
          converged: est.converged,
          exact,
          safetyMargin: est.safetyMargin,
          safeInterval: est.safeInterval,
          safeIntervalReliable: est.safeIntervalReliable,
          seconds: est.seconds,
        };
        known = { lmin: est.lmin, lmax: est.lmax, eigenvalues: est.eigenvalues };
        requirePositiveDefinite(
          p,
          est.lmin,
          schedule ? 'GD with the --steps schedule' : 'GD, momentum and Chebyshev steps',
          { lmax: est.lmax, lminBound: est.lminBound },
        );
        const source = `${est.method}${exact ? ', exact' : ''}`;
        if (!est.safeIntervalReliable) {
          warnings.push(
            `the ${est.method} estimate did not converge in ${est.iterations} iterations: ` +
              `[${fmt(est.safeInterval[0], 6)}, ${fmt(est.safeInterval[1], 6)}] is not certain to hold the spectrum` +
              (needsInterval && !(flags.lmin !== undefined && flags.lmax !== undefined)
                ? ' (give --lmin/--lmax, or use --method cg)'
                : ''),
          );
        }
        if (needsInterval) {
          interval = {
            lmin: flags.lmin ?? est.safeInterval[0],
            lmax: flags.lmax ?? est.safeInterval[1],
          };
          intervalSource =
            flags.lmin !== undefined && flags.lmax !== undefined
              ? 'given'
              : given
                ? 'given and estimated'
                : 'estimated';
          if (!(interval.lmin < interval.lmax)) {
            throw new UsageError(
              `--lmin/--lmax: expected lmin < lmax; got ${interval.lmin}, ${interval.lmax}`,
            );
          }
          if (!Number.isFinite(interval.lmax / interval.lmin)) {
            throw new UsageError(
              `--lmin/--lmax: kappa = lmax/lmin = ${interval.lmax}/${interval.lmin} overflows float64`,
            );
          }
          // a given bound that misses the spectrum, said before iterating
          if (flags.lmax !== undefined && flags.lmax < est.lmax - est.lmaxBound) {
            warnings.push(
              `--lmax ${flags.lmax} is below the largest eigenvalue ${fmt(est.lmax, 6)} (${source}): ` +
                `the steps grow that eigencomponent (|p_T| > 1 there), so the iteration diverges; ` +
                `use --lmax >= ${fmt(est.lmax, 6)} or leave --lmax out`,
            );
          }
          if (flags.lmin !== undefined && flags.lmin > est.lmin + est.lminBound) {
            warnings.push(
              `--lmin ${flags.lmin} is above the smallest eigenvalue ${fmt(est.lmin, 6)} (${source}): ` +
                `the eigencomponents below it converge slowly or not at all, so the error ` +
                `||x - x*|| can stay large while the residual is small; use --lmin <= ${fmt(est.lmin, 6)} or leave --lmin out`,
            );
          }
        }
        if (schedule) {
          // a schedule that cannot converge on this spectrum, said (or refused) before iterating
          const c = scheduleContraction(schedule.steps, known);
          if (c.value >= 1) {
            const at =
              `max |p_T(lambda)| = ${fmt(c.value)} >= 1 at lambda = ${fmt(c.lambda, 6)} ` +
              `(${exact ? 'an eigenvalue, exact' : `on the estimated interval [${fmt(est.lmin, 6)}, ${fmt(est.lmax, 6)}]`}), ` +
              `T = ${schedule.steps.length}`;
            if (exact) {
              throw new InputError(
                `--steps ${flags.steps}: the schedule cannot converge on ${p.name}: ${at}, so that ` +
                  `eigencomponent grows every period; ` +
                  (scalingMismatch ||
                    'use a schedule trained on this problem or --method chebyshev'),
              );
            }
            warnings.push(
              `the schedule of --steps ${flags.steps} is not contractive on this problem's estimated spectrum: ${at}; ` +
                'it diverges if an eigenvalue lies there',
            );
          }
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
          ? { method: 'gd', operator: op, b: bs, xStar: xs, steps: schedule.steps }
          : { method: 'gd', operator: op, b: bs, xStar: xs, interval: interval! };
        if (schedule) period = schedule.steps.length;
      } else if (method === 'momentum') {
        spec = { method: 'heavy-ball', operator: op, b: bs, xStar: xs, interval: interval! };
      } else {
        spec = { method: 'cg', operator: op, b: bs, xStar: xs };
      }
      const t0 = performance.now();
      const res = inFileTerms(p.name, `while solving with --method ${method}`, () =>
        solve(spec, {
          tol: flags.tol,
          maxIterations: flags.maxIterations,
          intervalCheck: { label: method, spectrum: known, advice: adviceFor(flags, method) },
        }),
      );
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
      const h = res.residualHistory;
      const diverged =
        res.reason === 'non-finite' ||
        !(res.relativeResidual <= h[0]) ||
        res.reason === 'breakdown';
      if (res.reason === 'max-iterations' && !diverged) {
        warnings.push(
          `stopped at the iteration budget (--max-iterations ${flags.maxIterations}) with relative residual ` +
            `${fmt(res.relativeResidual)} > tol ${flags.tol}: not converged (raise --max-iterations${method === 'cg' ? '' : ', or try --method cg'})`,
        );
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
        diverged,
        ...(res.diagnosis ? { divergenceCause: res.diagnosis.cause } : {}),
        relativeResidual: res.relativeResidual,
        originalRelativeResidual,
        relativeError,
        residualHistory: res.residualHistory,
        solutionWritten: flags.solution !== undefined && !diverged ? flags.solution : null,
        warnings,
        seconds,
      };
      if (flags.solution !== undefined && !diverged) writeNpy(flags.solution, x);
      if (flags.json) process.stdout.write(toJson(report));
      else {
        process.stdout.write(
          humanReport(
            report,
            p.description,
            p.scaling,
            problemNotes(loaded),
            report.solutionWritten,
          ),
        );
      }
      if (diverged) {
        const what =
          res.reason === 'breakdown'
            ? `broke down at k = ${res.iterations} (${res.detail ?? 'breakdown'})`
            : `diverged: relative residual ${fmt(res.relativeResidual)} at k = ${res.iterations}, from ${fmt(h[0])} at k = 0`;
        throw new InputError(
          `the ${method} iteration ${what}` +
            (res.reason === 'breakdown' ? '' : ` (${causeWords(res.diagnosis)})`) +
            `; ${flags.solution !== undefined ? `--solution ${flags.solution} not written` : 'no solution'}`,
        );
      }
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
  notes: string[],
  solution: string | null,
): string {
  const h = r.residualHistory;
  const K = h.length - 1;
  const ks = [...new Set(Array.from({ length: 11 }, (_, i) => Math.round((i * K) / 10)))];
  const est = r.estimate;
  const lines = [
    `dugd solve: ${description}`,
    ...notes,
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
    ...(solution !== null ? [`wrote ${solution}`] : []),
    `rerun: ${r.command}`,
  ];
  return lines.join('\n') + '\n';
}
