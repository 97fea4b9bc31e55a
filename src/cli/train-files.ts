/**
 * `dugd train --matrix FILE` (an SPD system A x = b, x ~ N(0, I), b = A x)
 * and `dugd train --design FILE` (least squares, A = D^T D): the problem
 * flags (problem-flags.ts), the spectrum the training runs on
 * (problems/problem-spectrum.ts: every eigenvalue by the dense eigensolver
 * when n <= --dense-threshold, exact; else the stochastic Lanczos quadrature
 * density, with the interval from Lanczos), and the defaults for matrices
 * of any scale:
 *
 *   --param log      gamma_t = exp(p_t): Adam's lr is a relative change of
 *                    each step, so steps spanning 1/lmax .. 1/lmin (a factor
 *                    kappa) all move at the same pace (unfold/train.ts)
 *   --init 1/lmax    every layer starts at gamma = 1/lmax (scale-free; the
 *                    paper's 0.3 is 0.3 in units of its own lmax ~ 5.8)
 *   --lr 0.01        about 1 % per Adam step
 *
 * (the Gaussian problem keeps the paper's abs / 0.3 / 0.002). With these
 * defaults A and c A give the same schedule up to the factor 1/c.
 *
 * A numerically singular matrix (lmin within rounding of 0) is refused like
 * lmin <= 0. With the SLQ density the header says what its numbers are:
 * expected MSE under the estimated density (weighted nodes, not
 * eigenvalues), and why two intervals appear (the density's support, the
 * nodes; the Lanczos extremes that the GD and Chebyshev baselines use).
 */
import type { Command } from 'commander';
import { parseInitSpec, type InitSpec, type TrainingProblem } from '../experiments/index.js';
import {
  problemSpectrum,
  requirePositiveDefinite,
  type ProblemSpectrumMethod,
} from '../problems/index.js';
import { PARAMETRIZATIONS, type Parametrization } from '../unfold/index.js';
import { UsageError } from './errors.js';
import { fmt } from './format.js';
import { oneOf, positiveInt } from './parse.js';
import {
  addDenseThresholdOption,
  addProblemOptions,
  checkProblemFlags,
  inFileTerms,
  loadProblem,
  problemArgs,
  problemNotes,
  problemRecord,
  spectrumEstimateArgs,
  type ProblemFlags,
} from './problem-flags.js';

/** Defaults for problems from files (see the header). */
export const FILE_TRAINING_DEFAULTS = { lr: 0.01, init: '1/lmax', param: 'log' } as const;

export interface TrainFileFlags extends ProblemFlags {
  param: Parametrization;
  spectrumMethod: ProblemSpectrumMethod;
  denseThreshold: number;
  slqProbes: number;
  slqSteps?: number;
}

/** `--init`: a number, 'c/lmax' or 'chebyshev'. */
export function initFlag(raw: string): InitSpec {
  try {
    return parseInitSpec(raw, '--init');
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** Adds --matrix, the design flags, --param and the spectrum flags to `dugd train`. */
export function addTrainFileOptions(cmd: Command): Command {
  addProblemOptions(cmd, { matrix: true });
  cmd
    .option(
      '--param <p>',
      `step parametrization: ${PARAMETRIZATIONS.join('|')} (abs: gamma = |p|, the paper's; log: gamma = exp(p); default log for --matrix/--design)`,
      oneOf('--param', PARAMETRIZATIONS),
      'abs',
    )
    .option(
      '--spectrum-method <m>',
      'spectrum of a file problem: auto|dense|slq (auto: dense when n <= --dense-threshold)',
      oneOf('--spectrum-method', ['auto', 'dense', 'slq'] as const),
      'auto',
    );
  return addDenseThresholdOption(cmd)
    .option('--slq-probes <int>', 'SLQ probe vectors', positiveInt('--slq-probes'), 20)
    .option(
      '--slq-steps <int>',
      'SLQ Lanczos steps per probe (default min(n, 30))',
      positiveInt('--slq-steps'),
    );
}

export interface FileTraining {
  problem: TrainingProblem;
  /** The problem record for result.json. */
  record: Record<string, unknown>;
  /** Flags that rebuild the problem and its spectrum (for the rerun command). */
  args: string[];
  /** Lines printed before the summary. */
  header: string;
  /** True when the spectrum is the SLQ density estimate: MSE numbers are estimates, nodes are not eigenvalues. */
  spectrumIsEstimate: boolean;
  lr: number;
  init: InitSpec;
  param: Parametrization;
}

/**
 * The training problem of --matrix / --design (null when neither is given),
 * with the file defaults for lr, init and param unless given on the command line.
 */
export function prepareFileTraining(
  flags: TrainFileFlags & { lr: number; init: InitSpec; engine: string; seed: number },
  cmd: Command,
): FileTraining | null {
  const fromCli = (k: string) => cmd.getOptionValueSource(k) === 'cli';
  checkProblemFlags(flags, false);
  if (flags.matrix === undefined && flags.design === undefined) {
    for (const k of ['scale', 'spectrumMethod', 'denseThreshold', 'slqProbes', 'slqSteps']) {
      if (fromCli(k)) {
        const flag = `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
        throw new UsageError(`${flag}: only with --matrix or --design`);
      }
    }
    return null;
  }
  const src = flags.matrix !== undefined ? '--matrix' : '--design';
  for (const k of ['n', 'm', 'spectrum']) {
    if (fromCli(k))
      throw new UsageError(`${k.length === 1 ? '-' : '--'}${k}: not used with ${src}`);
  }
  if (flags.engine === 'dense') {
    throw new UsageError(
      `--engine dense: not with ${src} (it samples the paper's Gaussian H); use spectral, moment or expected`,
    );
  }
  const loaded = loadProblem(flags);
  const p = loaded.problem;
  const ps = inFileTerms(p.name, 'while computing the spectrum', () =>
    problemSpectrum(p, {
      method: flags.spectrumMethod,
      denseThreshold: flags.denseThreshold,
      seed: flags.seed,
      probes: flags.slqProbes,
      steps: flags.slqSteps,
    }),
  );
  requirePositiveDefinite(p, ps.interval.lmin, 'DUGD training and the GD / Chebyshev baselines', {
    lmax: ps.interval.lmax,
    lminBound: ps.lminBound,
  });
  const args = problemArgs(flags);
  if (flags.spectrumMethod !== 'auto') args.push('--spectrum-method', flags.spectrumMethod);
  args.push(...spectrumEstimateArgs({ denseThreshold: flags.denseThreshold }));
  if (ps.method === 'slq') {
    args.push('--slq-probes', String(flags.slqProbes));
    if (flags.slqSteps !== undefined) args.push('--slq-steps', String(flags.slqSteps));
  }
  const param = fromCli('param') ? flags.param : FILE_TRAINING_DEFAULTS.param;
  args.push('--param', param);
  const kind = ps.method === 'dense' ? 'exact eigenvalues' : 'SLQ spectral density';
  const nodes = ps.spectrum.nodes;
  const slqLines =
    ps.method === 'slq'
      ? [
          `SLQ: the MSE numbers below are estimates (expected MSE under the estimated spectral density: ` +
            `${nodes.length} weighted nodes, not eigenvalues); ` +
            `the density's support [${fmt(nodes[0], 6)}, ${fmt(nodes[nodes.length - 1], 6)}] is inside the ` +
            `Lanczos extremes [${fmt(ps.interval.lmin, 6)}, ${fmt(ps.interval.lmax, 6)}] that the GD and Chebyshev baselines use`,
        ]
      : [];
  const header = [
    `problem: ${p.description}`,
    ...problemNotes(loaded),
    `scaling: ${p.scaling.applied} (${p.scaling.reason})`,
    `spectrum: ${ps.method} (${kind}; ${ps.notes.join('; ')}) in ${ps.seconds.toFixed(3)} s; ` +
      `interval [${fmt(ps.interval.lmin, 6)}, ${fmt(ps.interval.lmax, 6)}], kappa ${fmt(ps.interval.lmax / ps.interval.lmin)}`,
    ...slqLines,
    '',
  ].join('\n');
  return {
    problem: { name: p.name, spectrum: ps.spectrum, interval: ps.interval },
    record: {
      ...problemRecord(loaded),
      spectrum: { method: ps.method, seconds: ps.seconds, notes: ps.notes },
    },
    args,
    header,
    spectrumIsEstimate: ps.method === 'slq',
    lr: fromCli('lr') ? flags.lr : FILE_TRAINING_DEFAULTS.lr,
    init: fromCli('init') ? flags.init : FILE_TRAINING_DEFAULTS.init,
    param,
  };
}
