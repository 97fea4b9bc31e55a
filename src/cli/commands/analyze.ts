/**
 * dugd analyze: what a step schedule does to a spectrum or an interval.
 * For p_T(lambda) = prod_t (1 - gamma_t lambda):
 *   - p_T at the spectrum's eigenvalues, or on a grid of --points over the interval
 *   - spectral radius rho = max_i |p_T(lambda_i)| and rate rho^(1/T) (with a spectrum)
 *   - worst case max |p_T| over [lmin, lmax] and its rate
 *   - the Chebyshev bound 1/C_T((kappa+1)/(kappa-1)), its rate and limit, GD's rate
 *   - the paper's MSE bounds rho^2/n <= MSE_T <= rho^2 and the exact expected
 *     MSE curve t = 0..T (with a spectrum)
 * The schedule comes from a `dugd train` result.json (steps.learned), a
 * list (--steps) or a number-list file (--steps-file).
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import {
  chebyshevAsymptoticRate,
  chebyshevBound,
  chebyshevRate,
  expectedMseCurve,
  gdOptimalRate,
  mseBoundsFromSpectralRadius,
  ratePerStep,
  spectralRadius,
  stepPolynomialValues,
  worstCaseOnInterval,
} from '../../analysis/index.js';
import { FileFormatError } from '../../io/errors.js';
import { toJson } from '../../io/json.js';
import { readNumberList } from '../../io/number-list.js';
import { checkFloat64Entries } from '../../linalg/limits.js';
import { spectrumFromEigenvalues, type Spectrum } from '../../linalg/spectrum.js';
import { InputError, UsageError } from '../errors.js';
import { fmt, table } from '../format.js';
import { ANALYZE_LIMITS as A, formatCount, formatLimit } from '../limits.js';
import { nonNegativeNumber, numberList, positiveInt, positiveNumber } from '../parse.js';
import { checkKappa } from './chebyshev.js';

interface AnalyzeFlags {
  result?: string;
  steps?: number[];
  stepsFile?: string;
  lmin?: number;
  lmax?: number;
  spectrum?: string;
  points?: number;
  noise: number;
  json?: boolean;
}

/** steps.learned (and the eigenvalues, when present) of a `dugd train` result.json. */
function readResult(path: string): { steps: number[]; eigenvalues: number[] | null } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(
      `--result: cannot read '${path}' (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new InputError(`--result: ${path} is not valid JSON (${(err as Error).message})`);
  }
  const d = doc as { steps?: { learned?: unknown }; spectrum?: { eigenvalues?: unknown } };
  const steps = d?.steps?.learned;
  const isNumbers = (v: unknown): v is number[] =>
    Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' && Number.isFinite(x));
  if (!isNumbers(steps)) {
    throw new InputError(
      `--result: ${path} has no array of finite numbers at steps.learned (expected a dugd train result.json)`,
    );
  }
  const ev = d.spectrum?.eigenvalues;
  return { steps, eigenvalues: isNumbers(ev) ? ev : null };
}

/**
 * A --steps-file: a number list whose JSON-object form holds the steps under
 * `steps` (a dugd train result.json, with steps.learned, goes to --result).
 */
function readSteps(path: string): Float64Array {
  try {
    return readNumberList(path, { field: 'steps' });
  } catch (err) {
    if (err instanceof FileFormatError && /'steps'/.test(err.detail)) {
      throw new FileFormatError(
        err.file,
        err.line,
        `${err.detail} (a dugd train result.json goes to --result)`,
      );
    }
    throw err;
  }
}

export interface AnalyzeReport {
  steps: Float64Array;
  T: number;
  sources: { schedule: string; spectrum: string | null };
  interval: { lmin: number; lmax: number; kappa: number };
  polynomial: { at: 'spectrum' | 'grid'; lambda: Float64Array; p: Float64Array };
  spectralRadius: number | null;
  rate: number | null;
  worstCase: { value: number; argmax: number; rate: number };
  chebyshev: { bound: number; rate: number; asymptoticRate: number };
  gdRate: number;
  mseBounds: { lower: number; upper: number } | null;
  expectedMse: Float64Array | null;
  noise: number;
  /** values that overflowed, eigenvalues outside the interval (one line each) */
  warnings: string[];
}

/** Evaluations of one factor (1 - gamma lambda) analyzeSchedule makes (ANALYZE_LIMITS.work). */
export function analyzeWork(T: number, points: number, nodes: number): number {
  return T * (points + 2 * nodes + Math.max(4001, 64 * T + 1));
}

const allFinite = (v: ArrayLike<number>) => Array.prototype.every.call(v, Number.isFinite);

/** Warnings for values that overflowed float64 and eigenvalues outside the interval. */
function analyzeWarnings(r: Omit<AnalyzeReport, 'warnings'>, spectrum: Spectrum | null): string[] {
  const warnings: string[] = [];
  const overflowed: string[] = [];
  const P = r.polynomial;
  let bad = 0;
  for (let j = 0; j < P.p.length; j++) if (!Number.isFinite(P.p[j])) bad++;
  if (bad > 0) {
    overflowed.push(
      `p_T at ${bad} of ${P.p.length} ${P.at === 'spectrum' ? 'eigenvalues' : 'grid points'}`,
    );
  }
  if (r.spectralRadius !== null && !Number.isFinite(r.spectralRadius)) {
    overflowed.push('the spectral radius and its rate');
  }
  if (!Number.isFinite(r.worstCase.value)) overflowed.push('the worst case and its rate');
  if (r.mseBounds && !Number.isFinite(r.mseBounds.upper)) overflowed.push('the MSE bounds');
  if (r.expectedMse && !allFinite(r.expectedMse)) overflowed.push('the expected MSE');
  if (overflowed.length > 0) {
    const { lmin, lmax } = r.interval;
    let factor = 0;
    for (const g of r.steps) {
      factor = Math.max(factor, Math.abs(1 - g * lmin), Math.abs(1 - g * lmax));
    }
    warnings.push(
      `${overflowed.join(', ')} overflow float64 (shown as Infinity or NaN, null in --json): ` +
        `|p_T| is a product of T = ${r.T} factors |1 - gamma_t lambda| up to ${fmt(factor)} each, ` +
        `which exceeds 1.8e308; the steps are far too large for [${fmt(lmin)}, ${fmt(lmax)}]`,
    );
  }
  if (spectrum && r.sources.spectrum !== null) {
    const { lmin, lmax } = r.interval;
    const nodes = spectrum.nodes;
    let outside = 0;
    for (let i = 0; i < nodes.length; i++) if (nodes[i] < lmin || nodes[i] > lmax) outside++;
    if (outside > 0) {
      warnings.push(
        `${outside} of ${nodes.length} eigenvalues of ${r.sources.spectrum} lie outside the interval ` +
          `[${fmt(lmin)}, ${fmt(lmax)}] (they span [${fmt(nodes[0])}, ${fmt(nodes[nodes.length - 1])}]): ` +
          'the worst case, the Chebyshev bound and the rates on the interval do not cover them; ' +
          'the spectral radius, the MSE bounds and the expected MSE use the eigenvalues',
      );
    }
  }
  return warnings;
}

export function analyzeSchedule(
  steps: Float64Array,
  interval: { lmin: number; lmax: number },
  spectrum: Spectrum | null,
  options: { points?: number; noise?: number; sources: AnalyzeReport['sources'] },
): AnalyzeReport {
  const T = steps.length;
  const { lmin, lmax } = interval;
  const kappa = lmax / lmin;
  let lambda: Float64Array;
  let at: 'spectrum' | 'grid';
  if (spectrum && options.points === undefined) {
    lambda = spectrum.nodes;
    at = 'spectrum';
  } else {
    const N = options.points ?? 21;
    checkFloat64Entries('analyzeSchedule', `a grid of ${N} points`, N);
    lambda = Float64Array.from({ length: N }, (_, j) =>
      N === 1 ? lmin : j === N - 1 ? lmax : lmin + ((lmax - lmin) * j) / (N - 1),
    );
    at = 'grid';
  }
  const rho = spectrum ? spectralRadius(steps, spectrum.nodes) : null;
  const worst = worstCaseOnInterval(steps, lmin, lmax);
  const bound = chebyshevBound(T, kappa);
  const report: Omit<AnalyzeReport, 'warnings'> = {
    steps,
    T,
    sources: options.sources,
    interval: { lmin, lmax, kappa },
    polynomial: { at, lambda, p: stepPolynomialValues(steps, lambda) },
    spectralRadius: rho,
    rate: rho === null ? null : ratePerStep(rho, T),
    worstCase: { ...worst, rate: ratePerStep(worst.value, T) },
    chebyshev: {
      bound,
      rate: chebyshevRate(T, kappa),
      asymptoticRate: chebyshevAsymptoticRate(kappa),
    },
    gdRate: gdOptimalRate(kappa),
    mseBounds: rho === null ? null : mseBoundsFromSpectralRadius(rho, spectrum!.dimension),
    expectedMse: spectrum ? expectedMseCurve(spectrum, steps, options.noise ?? 0) : null,
    noise: options.noise ?? 0,
  };
  return { ...report, warnings: analyzeWarnings(report, spectrum) };
}

function text(r: AnalyzeReport): string {
  const lines = [
    `schedule: T = ${r.T} steps from ${r.sources.schedule}; interval [${fmt(r.interval.lmin)}, ${fmt(r.interval.lmax)}], kappa ${fmt(r.interval.kappa)}` +
      (r.sources.spectrum ? `; spectrum ${r.sources.spectrum}` : ''),
    '',
  ];
  const rows: (string | number)[][] = [];
  if (r.spectralRadius !== null) {
    rows.push(['spectral radius max_i |p_T(lambda_i)|', r.spectralRadius, r.rate!]);
  }
  rows.push(['worst case max |p_T| on the interval', r.worstCase.value, r.worstCase.rate]);
  rows.push(['Chebyshev bound 1/C_T((kappa+1)/(kappa-1))', r.chebyshev.bound, r.chebyshev.rate]);
  rows.push(['Chebyshev limit (sqrt(kappa)-1)/(sqrt(kappa)+1)', '', r.chebyshev.asymptoticRate]);
  rows.push(['GD optimal constant step (kappa-1)/(kappa+1)', '', r.gdRate]);
  lines.push(table(['quantity', 'value', 'rate/step'], rows), '');
  if (r.mseBounds && r.expectedMse) {
    lines.push(
      `expected MSE after T = ${r.T} steps${r.noise > 0 ? ` (noise ${r.noise})` : ''}: ${fmt(r.expectedMse[r.T])}` +
        `; bounds rho^2/n = ${fmt(r.mseBounds.lower)} <= MSE <= rho^2 = ${fmt(r.mseBounds.upper)} (noiseless)`,
      '',
    );
  }
  const P = r.polynomial;
  const show = P.lambda.length <= 41;
  lines.push(
    `p_T(lambda) at ${P.lambda.length} ${P.at === 'spectrum' ? 'eigenvalues' : 'grid points'}` +
      (show ? ':' : ' (use --json for all values):'),
  );
  const idx = show
    ? Array.from(P.lambda, (_, j) => j)
    : [0, 1, 2, P.lambda.length - 3, P.lambda.length - 2, P.lambda.length - 1];
  lines.push(
    table(
      ['lambda', 'p_T(lambda)'],
      idx.map((j) => [P.lambda[j], P.p[j]]),
    ),
  );
  if (r.warnings.length > 0) lines.push('', ...r.warnings.map((w) => `warning: ${w}`));
  return lines.join('\n') + '\n';
}

export function registerAnalyze(program: Command): void {
  program
    .command('analyze')
    .description(
      'a schedule on an interval or a spectrum: step polynomial, spectral radius, rate, bounds, expected MSE',
    )
    .option(
      '--result <file>',
      'take steps.learned (and the eigenvalues) from a dugd train result.json',
    )
    .option(
      '--steps <list>',
      `the steps, comma-separated, e.g. "0.1,0.2" (at most ${formatLimit(A.steps)})`,
      numberList('--steps'),
    )
    .option(
      '--steps-file <file>',
      'the steps from a file (JSON array, {"steps": [...]} or one number a line)',
    )
    .option(
      '--lmin <number>',
      'smallest eigenvalue of the interval (> 0)',
      positiveNumber('--lmin'),
    )
    .option(
      '--lmax <number>',
      'largest eigenvalue of the interval (> lmin)',
      positiveNumber('--lmax'),
    )
    .option('--spectrum <file>', 'eigenvalues (JSON array, {"eigenvalues": [...]} or one a line)')
    .option(
      '--points <int>',
      `evaluate p_T on a grid of N points of the interval (<= ${formatLimit(A.points)})`,
      positiveInt('--points', A.points),
    )
    .option(
      '--noise <sigma>',
      'noise sigma for the expected MSE (needs a spectrum)',
      nonNegativeNumber('--noise'),
      0,
    )
    .option('--json', 'print one JSON object')
    .addHelpText(
      'after',
      `\nLimits: at most ${formatLimit(A.steps)} steps, ${formatLimit(A.eigenvalues)} eigenvalues, ` +
        `${formatLimit(A.points)} points, and T (points + 2 N + 64 T) <= ${formatLimit(A.work)} evaluations ` +
        '(docs/training.md, "Limits").',
    )
    .action((f: AnalyzeFlags, cmd: Command) => {
      const given = [f.result, f.steps, f.stepsFile].filter((v) => v !== undefined).length;
      if (given !== 1) {
        throw new UsageError(
          `--result/--steps/--steps-file: expected exactly one source of steps; got ${given}`,
        );
      }
      if ((f.lmin === undefined) !== (f.lmax === undefined)) {
        throw new UsageError(
          `--lmin/--lmax: give both or neither; got lmin=${f.lmin ?? 'none'}, lmax=${f.lmax ?? 'none'}`,
        );
      }
      if (f.lmin !== undefined && !(f.lmin < f.lmax!)) {
        throw new UsageError(
          `--lmin/--lmax: expected 0 < lmin < lmax; got lmin=${f.lmin}, lmax=${f.lmax}`,
        );
      }
      if (f.lmin !== undefined) checkKappa(f.lmin, f.lmax!);
      let steps: Float64Array;
      let scheduleSource: string;
      let eigenvalues: ArrayLike<number> | null = null;
      let spectrumSource: string | null = null;
      if (f.result !== undefined) {
        const r = readResult(f.result);
        steps = Float64Array.from(r.steps);
        scheduleSource = `${f.result} (steps.learned)`;
        if (r.eigenvalues) {
          eigenvalues = r.eigenvalues;
          spectrumSource = `${f.result} (spectrum.eigenvalues)`;
        }
      } else if (f.steps !== undefined) {
        steps = Float64Array.from(f.steps);
        scheduleSource = '--steps';
      } else {
        steps = readSteps(f.stepsFile!);
        scheduleSource = f.stepsFile!;
      }
      const stepsFlag =
        f.result !== undefined
          ? `--result ${f.result}`
          : f.steps !== undefined
            ? '--steps'
            : `--steps-file ${f.stepsFile}`;
      if (steps.length > A.steps) {
        throw new UsageError(
          `${stepsFlag}: expected at most ${formatLimit(A.steps)} steps (the limit); got ${steps.length}`,
        );
      }
      if (f.spectrum !== undefined) {
        eigenvalues = readNumberList(f.spectrum);
        spectrumSource = f.spectrum;
      }
      const spectrumFlag =
        f.spectrum !== undefined ? `--spectrum ${f.spectrum}` : `--result ${f.result}`;
      if (eigenvalues && eigenvalues.length > A.eigenvalues) {
        throw new UsageError(
          `${spectrumFlag}: expected at most ${formatLimit(A.eigenvalues)} eigenvalues (the limit); got ${eigenvalues.length}`,
        );
      }
      if (!eigenvalues && cmd.getOptionValueSource('noise') === 'cli') {
        throw new UsageError(
          '--noise: only with a spectrum (--spectrum FILE, or --result with eigenvalues): it enters only the expected MSE, which an interval does not give',
        );
      }
      const nodes = eigenvalues?.length ?? 0;
      const evaluated = f.points ?? (eigenvalues ? nodes : 21);
      const work = analyzeWork(steps.length, evaluated, nodes);
      if (work > A.work) {
        throw new UsageError(
          `${f.points !== undefined ? '--points/' : ''}${stepsFlag}: T (points + 2 N + 64 T) = ${steps.length} x (${evaluated} + ${2 * nodes} + ${Math.max(4001, 64 * steps.length + 1)}) = ${formatCount(work)} evaluations of p_T factors; the limit is ${formatLimit(A.work)} (about 15 s)`,
        );
      }
      const spectrum = eigenvalues ? spectrumFromEigenvalues(eigenvalues, spectrumSource!) : null;
      let interval: { lmin: number; lmax: number };
      if (f.lmin !== undefined) {
        interval = { lmin: f.lmin, lmax: f.lmax! };
      } else if (spectrum) {
        interval = { lmin: spectrum.nodes[0], lmax: spectrum.nodes[spectrum.nodes.length - 1] };
        if (!(interval.lmin > 0 && interval.lmin < interval.lmax)) {
          throw new InputError(
            `${spectrumSource}: expected eigenvalues with 0 < lmin < lmax; got lmin=${interval.lmin}, lmax=${interval.lmax}`,
          );
        }
        if (!Number.isFinite(interval.lmax / interval.lmin)) {
          throw new InputError(
            `${spectrumSource}: kappa = lmax/lmin = ${interval.lmax}/${interval.lmin} overflows float64; rescale the eigenvalues`,
          );
        }
      } else {
        throw new UsageError(
          '--lmin/--lmax/--spectrum: give an interval (--lmin A --lmax B) or a spectrum (--spectrum FILE)',
        );
      }
      const report = analyzeSchedule(steps, interval, spectrum, {
        points: f.points,
        noise: f.noise,
        sources: { schedule: scheduleSource, spectrum: spectrumSource },
      });
      process.stdout.write(f.json ? toJson(report) : text(report));
    });
}
