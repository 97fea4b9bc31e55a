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
  expectedMseCurve,
  gdOptimalRate,
  mseBoundsFromSpectralRadius,
  ratePerStep,
  spectralRadius,
  stepPolynomialValues,
  worstCaseOnInterval,
} from '../../analysis/index.js';
import { toJson } from '../../io/json.js';
import { readNumberList } from '../../io/number-list.js';
import { spectrumFromEigenvalues, type Spectrum } from '../../linalg/spectrum.js';
import { InputError, UsageError } from '../errors.js';
import { fmt, table } from '../format.js';
import { nonNegativeNumber, numberList, positiveInt, positiveNumber } from '../parse.js';

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
    lambda = Float64Array.from({ length: N }, (_, j) =>
      N === 1 ? lmin : j === N - 1 ? lmax : lmin + ((lmax - lmin) * j) / (N - 1),
    );
    at = 'grid';
  }
  const rho = spectrum ? spectralRadius(steps, spectrum.nodes) : null;
  const worst = worstCaseOnInterval(steps, lmin, lmax);
  const bound = chebyshevBound(T, kappa);
  return {
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
      rate: ratePerStep(bound, T),
      asymptoticRate: chebyshevAsymptoticRate(kappa),
    },
    gdRate: gdOptimalRate(kappa),
    mseBounds: rho === null ? null : mseBoundsFromSpectralRadius(rho, spectrum!.dimension),
    expectedMse: spectrum ? expectedMseCurve(spectrum, steps, options.noise ?? 0) : null,
    noise: options.noise ?? 0,
  };
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
    .option('--steps <list>', 'the steps, comma-separated, e.g. "0.1,0.2"', numberList('--steps'))
    .option('--steps-file <file>', 'the steps from a file (JSON array or one number a line)')
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
      'evaluate p_T on a grid of N points of the interval',
      positiveInt('--points'),
    )
    .option('--noise <sigma>', 'noise sigma for the expected MSE', nonNegativeNumber('--noise'), 0)
    .option('--json', 'print one JSON object')
    .action((f: AnalyzeFlags) => {
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
        steps = readNumberList(f.stepsFile!);
        scheduleSource = f.stepsFile!;
      }
      if (f.spectrum !== undefined) {
        eigenvalues = readNumberList(f.spectrum);
        spectrumSource = f.spectrum;
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
