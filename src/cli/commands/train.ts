/**
 * dugd train: the paper's main experiment (incremental DUGD training, then
 * DUGD vs GD vs CHGD) with the paper's settings as defaults; flags map
 * one-to-one to runTraining options. `--out DIR` writes result.json and
 * curves.csv atomically after all work succeeded; nothing is written when
 * anything fails (including training that turns non-finite).
 * `--matrix FILE` / `--design FILE` train on a problem from a file
 * (../train-files.ts: its flags, spectrum and defaults).
 */
import type { Command } from 'commander';
import {
  describeNonFinite,
  nonFiniteAtStart,
  PAPER_SETTINGS,
  runTraining,
  trainingCost,
  trainingCurvesTable,
  type CostSetting,
  type InitSpec,
  type TrainingRun,
} from '../../experiments/index.js';
import { writeFilesAtomic } from '../../io/atomic.js';
import { toJson } from '../../io/json.js';
import { readNumberList } from '../../io/number-list.js';
import { MAX_FLOAT64_ENTRIES } from '../../linalg/limits.js';
import { spectrumFromEigenvalues, weightedSpectrum } from '../../linalg/spectrum.js';
import { minMax } from '../../linalg/vector.js';
import { toCsv } from '../../report/csv.js';
import { ENGINE_NAMES, type DenseForm, type EngineName } from '../../unfold/index.js';
import { InputError, UsageError } from '../errors.js';
import { fmt, table } from '../format.js';
import { checkTrainingCost, formatLimit, TRAIN_LIMITS as L } from '../limits.js';
import { checkOutputDirectory } from '../output.js';
import {
  nonNegativeInt,
  nonNegativeNumber,
  oneOf,
  positiveInt,
  positiveNumber,
  seed,
} from '../parse.js';
import { createProgress } from '../progress.js';
import {
  addTrainFileOptions,
  initFlag,
  prepareFileTraining,
  type TrainFileFlags,
} from '../train-files.js';

export interface TrainFlags extends TrainFileFlags {
  n: number;
  m: number;
  T: number;
  batches: number;
  batchSize: number;
  lr: number;
  init: InitSpec;
  seed: number;
  engine: EngineName;
  noise: number;
  spectrum?: string;
  generations?: number;
  horizon?: number;
  evalSamples: number;
  denseForm: DenseForm;
  out?: string;
  json?: boolean;
  quiet?: boolean;
}

/** The files `--out DIR` receives. */
const OUT_FILES = ['result.json', 'curves.csv'] as const;

/** The command line that reruns a result (every setting explicit); `problemArgs` rebuild a file problem. */
export function rerunCommand(run: TrainingRun, problemArgs?: string[]): string {
  const s = run.settings;
  const parts = ['dugd', 'train'];
  if (problemArgs) parts.push(...problemArgs);
  else if (s.spectrum === null) parts.push('-n', String(s.n), '-m', String(s.m));
  parts.push(
    '-T',
    String(s.T),
    '--batches',
    String(s.batches),
    '--batch-size',
    String(s.batchSize),
    '--lr',
    String(s.lr),
    '--init',
    String(s.init),
    '--seed',
    String(s.seed),
    '--engine',
    s.engine,
    '--noise',
    String(s.noise),
  );
  if (s.spectrum !== null && !problemArgs) parts.push('--spectrum', JSON.stringify(s.spectrum));
  if (!problemArgs && s.parametrization !== 'abs') parts.push('--param', s.parametrization);
  if (s.generations !== s.T) parts.push('--generations', String(s.generations));
  if (s.horizon !== s.T) parts.push('--horizon', String(s.horizon));
  if (s.evalSamples !== PAPER_SETTINGS.evalSamples)
    parts.push('--eval-samples', String(s.evalSamples));
  if (s.denseForm !== null && s.denseForm !== 'A') parts.push('--dense-form', s.denseForm);
  return parts.join(' ');
}

function checkFlags(f: TrainFlags, cmd: Command): void {
  const fromCli = (k: string) => cmd.getOptionValueSource(k) === 'cli';
  if (fromCli('denseForm') && f.engine !== 'dense') {
    throw new UsageError(
      `--dense-form: only with --engine dense (the ${f.engine} engine works in the eigenbasis and has no matrix form)`,
    );
  }
  if (typeof f.init === 'number' && !(f.init > 0)) {
    throw new UsageError(
      f.init === 0
        ? `--init: expected a step > 0; got '0' (a zero step never moves: the gradient of gamma = |p| is 0 at p = 0)`
        : `--init: expected a step > 0; got '${f.init}' (steps are gamma = |p|, so a negative start trains exactly like ${-f.init}; give that instead)`,
    );
  }
  if (!Number.isFinite(f.noise * f.noise)) {
    throw new UsageError(
      `--noise: expected sigma with a finite sigma^2 (sigma < 1.3e154); got '${f.noise}'`,
    );
  }
  // the file-problem flags (parsed in train-files.ts / problem-flags.ts)
  for (const [key, flag, max] of [
    ['denseThreshold', '--dense-threshold', L.denseThreshold],
    ['slqProbes', '--slq-probes', L.slqProbes],
    ['slqSteps', '--slq-steps', L.slqSteps],
  ] as const) {
    const v = f[key];
    if (v !== undefined && v > max) {
      throw new UsageError(
        `${flag}: expected an integer <= ${formatLimit(max)} (the limit); got '${v}'`,
      );
    }
  }
  if (f.spectrum !== undefined) {
    if (f.engine === 'dense') {
      throw new UsageError(
        `--engine dense: needs a matrix; --spectrum gives only eigenvalues (use --engine spectral, moment or expected)`,
      );
    }
    if (fromCli('n') || fromCli('m')) {
      throw new UsageError(
        `-n/-m: not used with --spectrum (n is the number of eigenvalues in ${f.spectrum})`,
      );
    }
  } else {
    if (f.n > f.m) {
      throw new UsageError(
        `-m: expected m >= n (A = H H^T is singular when n > m, so GD and Chebyshev steps are undefined); got n=${f.n}, m=${f.m}`,
      );
    }
    if (f.n * f.m > MAX_FLOAT64_ENTRIES) {
      throw new UsageError(
        `-n/-m: H would have n*m = ${f.n * f.m} entries; at most ${formatLimit(MAX_FLOAT64_ENTRIES)} are supported (the limit)`,
      );
    }
  }
  if (f.generations !== undefined && f.generations > f.T) {
    throw new UsageError(`--generations: expected an integer <= T (${f.T}); got ${f.generations}`);
  }
  if (f.horizon !== undefined && f.horizon < f.T) {
    throw new UsageError(`--horizon: expected an integer >= T (${f.T}); got ${f.horizon}`);
  }
  // before any work: a directory that cannot be written fails now, not after training
  if (f.out !== undefined) checkOutputDirectory('--out', f.out, OUT_FILES);
}

/** An input whose spectrum has lmin = lmax (kappa = 1) or an infinite kappa. */
function checkInterval(what: string, lmin: number, lmax: number): void {
  if (!(lmax > lmin)) {
    throw new InputError(
      `${what}: all eigenvalues equal ${lmin} (kappa = 1): the one step 1/${lmin} solves the problem exactly, ` +
        'so there is nothing to learn, and Chebyshev steps need lmin < lmax (as in dugd analyze and dugd chebyshev)',
    );
  }
  if (!Number.isFinite(lmax / lmin)) {
    throw new InputError(
      `${what}: kappa = lmax/lmin = ${lmax}/${lmin} overflows float64; rescale the eigenvalues`,
    );
  }
}

/** Refuses a run over the memory or work limit, naming the flags that make it large. */
function checkCost(f: TrainFlags, cmd: Command, nodes: number, n: number, source: string | null) {
  const fromCli = (k: string) => cmd.getOptionValueSource(k) === 'cli';
  const flagOf = (s: CostSetting): string =>
    ({
      n: source ?? '-n',
      m: '-m',
      nodes: source ?? '-n',
      T: '-T',
      generations: fromCli('generations') ? '--generations' : '-T',
      batches: '--batches',
      batchSize: '--batch-size',
      horizon: fromCli('horizon') ? '--horizon' : '-T',
      evalSamples: '--eval-samples',
    })[s];
  checkTrainingCost(
    trainingCost({
      engine: f.engine,
      n,
      m: source === null ? f.m : null,
      nodes,
      T: f.T,
      generations: f.generations,
      batches: f.batches,
      batchSize: f.batchSize,
      horizon: f.horizon,
      evalSamples: f.evalSamples,
      noise: f.noise,
      denseForm: f.denseForm,
    }),
    flagOf,
  );
}

/** 'DUGD vs GD at t = T: ...' that reads right whichever is lower, and when either is 0. */
export function comparison(T: number, dugd: number, gd: number): string {
  const head = `DUGD vs GD at t = ${T}:`;
  if (!Number.isFinite(dugd) || !Number.isFinite(gd))
    return `${head} MSE ${fmt(dugd)} vs ${fmt(gd)}`;
  if (dugd === 0 && gd === 0) return `${head} both reach MSE 0`;
  if (gd === 0) return `${head} GD reaches MSE 0, DUGD ${fmt(dugd)} (DUGD is worse)`;
  if (dugd === 0) return `${head} DUGD reaches MSE 0, GD ${fmt(gd)}`;
  if (dugd === gd) return `${head} the same MSE (${fmt(dugd)})`;
  return dugd < gd
    ? `${head} ${fmt(gd / dugd)} times lower MSE`
    : `${head} ${fmt(dugd / gd)} times higher MSE (DUGD is worse than GD)`;
}

function summary(run: TrainingRun, command: string): string {
  const s = run.settings;
  const sp = run.spectrum;
  const ev = run.evaluation;
  const T = s.T;
  const problem =
    s.spectrum === null
      ? `n = ${s.n}, m = ${s.m}, seed ${s.seed}`
      : `spectrum ${s.spectrum} (n = ${s.n})`;
  const sampled = ev.sampled;
  const rows = (['dugd', 'gd', 'chgd'] as const).map((k) => [
    { dugd: 'DUGD', gd: 'GD', chgd: 'CHGD' }[k],
    { dugd: 'learned', gd: '2/(lmin+lmax)', chgd: 'Chebyshev' }[k],
    ev.final[k],
    ...(sampled ? [T <= ev.iterations ? sampled[k][T] : NaN] : []),
    ...(ev.iterations > T ? [ev.expected[k][ev.iterations]] : []),
    ev.spectralRadius[k],
    ev.rate[k],
  ]);
  // an SLQ spectrum is an estimate: its MSE is the expectation under the estimated density
  const estimated = sp.source === 'slq';
  const exact = estimated ? 'expected, SLQ density' : 'exact';
  const header = [
    'method',
    'steps',
    `MSE t=${T} (${exact})`,
    ...(sampled ? [`MSE t=${T} (${ev.samples} samples)`] : []),
    ...(ev.iterations > T ? [`MSE t=${ev.iterations} (${exact})`] : []),
    'spectral radius',
    'rate/step',
  ];
  const h = run.history;
  const stepRows = Array.from(run.steps.learned, (g, t) => [
    t,
    g.toPrecision(6),
    run.steps.chebyshev[t].toPrecision(6),
    t < h.length ? h[t].expectedMse : '',
  ]);
  const lines = [
    `dugd train: ${problem}, T = ${T}, engine ${s.engine}, ${s.batches} batches x ${s.batchSize} per generation, lr ${s.lr}, init ${s.init}, noise ${s.noise}`,
    `spectrum: lmin ${fmt(sp.lmin)}, lmax ${fmt(sp.lmax)}, kappa ${fmt(sp.kappa)} (${sp.source}, ${sp.nodes} ${estimated ? 'quadrature nodes of the estimated spectral density' : 'eigenvalues'})`,
    `training: ${h.length} generations, ${run.training.adamSteps} Adam steps in ${run.timing.trainSeconds.toFixed(2)} s` +
      (run.training.status === 'completed' ? '' : ` (stopped: ${run.training.status})`),
    '',
    table(header, rows),
    '',
    `${comparison(T, ev.final.dugd, ev.final.gd)}; ` +
      `DUGD MSE bounds rho^2/n = ${fmt(ev.mseBounds.lower)} <= MSE <= rho^2 = ${fmt(ev.mseBounds.upper)}`,
    `Chebyshev bound 1/C_T((kappa+1)/(kappa-1)) = ${fmt(ev.chebyshevBound)} (rate ${fmt(ev.chebyshevRate)}); ` +
      `limit (sqrt(kappa)-1)/(sqrt(kappa)+1) = ${fmt(ev.chebyshevAsymptoticRate)}; GD (kappa-1)/(kappa+1) = ${fmt(ev.gdRate)}`,
    '',
    table(
      ['t', 'learned gamma_t', 'Chebyshev gamma_t', 'generation t+1: MSE of t+1 layers'],
      stepRows,
    ),
    '',
    ...run.warnings.map((w) => `warning: ${w}`),
    `rerun: ${command}`,
  ];
  return lines.join('\n') + '\n';
}

export function registerTrain(program: Command): void {
  const P = PAPER_SETTINGS; // the defaults: the paper's settings
  const train = program
    .command('train')
    .description(
      "train DUGD step sizes incrementally (the paper's main experiment) and compare with GD and Chebyshev steps",
    )
    .option(
      '-n, --n <int>',
      `rows of H: signal dimension (<= ${formatLimit(L.n)})`,
      positiveInt('-n', L.n),
      P.n,
    )
    .option(
      '-m, --m <int>',
      `columns of H: measurements (>= n, n m <= ${formatLimit(MAX_FLOAT64_ENTRIES)})`,
      positiveInt('-m', L.m),
      P.m,
    )
    .option(
      '-T, --T <int>',
      `layers: number of trainable steps (<= ${formatLimit(L.T)})`,
      positiveInt('-T', L.T),
      P.T,
    )
    .option(
      '--batches <int>',
      `mini-batches per generation (<= ${formatLimit(L.batches)})`,
      positiveInt('--batches', L.batches),
      P.batches,
    )
    .option(
      '--batch-size <int>',
      `mini-batch size (<= ${formatLimit(L.batchSize)})`,
      positiveInt('--batch-size', L.batchSize),
      P.batchSize,
    )
    .option(
      '--lr <number>',
      'Adam learning rate (0.01 for --matrix/--design)',
      positiveNumber('--lr'),
      P.lr,
    )
    .option(
      '--init <step>',
      'initial step of every layer: a number > 0, c/lmax or chebyshev (1/lmax for --matrix/--design)',
      initFlag,
      P.init,
    )
    .option('--seed <int>', 'seed of H, training and evaluation samples', seed(), P.seed)
    .option(
      '--engine <name>',
      `training engine: ${ENGINE_NAMES.join('|')}`,
      oneOf('--engine', ENGINE_NAMES),
      P.engine,
    )
    .option(
      '--noise <sigma>',
      'noise standard deviation of w (sigma^2 finite)',
      nonNegativeNumber('--noise'),
      P.noise,
    )
    .option(
      '--spectrum <file>',
      'train on these eigenvalues of A (JSON array, {"eigenvalues": [...]} or one a line)',
    )
    .option(
      '--generations <int>',
      'train generations 1..G only (default T)',
      positiveInt('--generations', L.T),
    )
    .option(
      '--horizon <int>',
      `evaluate t = 0..K, schedules repeated periodically (default T; <= ${formatLimit(L.horizon)})`,
      positiveInt('--horizon', L.horizon),
    )
    .option(
      '--eval-samples <int>',
      `fresh samples for the sampled MSE (0: none; <= ${formatLimit(L.evalSamples)})`,
      nonNegativeInt('--eval-samples', L.evalSamples),
      P.evalSamples,
    )
    .option(
      '--dense-form <form>',
      "--engine dense only: 'A' (A = H H^T precomputed) or 'H' (literal)",
      oneOf('--dense-form', ['A', 'H'] as const),
      'A',
    );
  addTrainFileOptions(train)
    .option('--out <dir>', 'write result.json and curves.csv into this directory')
    .option('--json', 'print the result as one JSON object')
    .option('--quiet', 'no progress bar')
    .addHelpText(
      'after',
      `\nLimits: the flags above, and a run keeps at most ${formatLimit(MAX_FLOAT64_ENTRIES)} float64 entries (800 MB) ` +
        'and does at most 3e13 multiply-adds (docs/training.md, "Limits").',
    )
    .action((flags: TrainFlags, cmd: Command) => {
      checkFlags(flags, cmd);
      const file = prepareFileTraining(flags, cmd);
      const eigenvalues = flags.spectrum !== undefined ? readNumberList(flags.spectrum) : undefined;
      if (eigenvalues) {
        const { min, max } = minMax(eigenvalues);
        if (!(min > 0)) {
          throw new InputError(
            `--spectrum ${flags.spectrum}: expected eigenvalues > 0 (the GD and Chebyshev baselines need lmin > 0); got lmin = ${min}`,
          );
        }
        checkInterval(`--spectrum ${flags.spectrum}`, min, max);
      }
      if (file) {
        checkInterval(
          `${flags.matrix !== undefined ? '--matrix' : '--design'} ${flags.matrix ?? flags.design}`,
          file.problem.interval!.lmin,
          file.problem.interval!.lmax,
        );
      }
      const nodes = file?.problem.spectrum.nodes.length ?? eigenvalues?.length ?? flags.n;
      const n = file?.problem.spectrum.dimension ?? nodes;
      const source = file
        ? flags.matrix !== undefined
          ? '--matrix'
          : '--design'
        : eigenvalues
          ? '--spectrum'
          : null;
      checkCost(flags, cmd, nodes, n, source);
      const progress = createProgress(flags.quiet === true);
      const G = flags.generations ?? flags.T;
      let run: TrainingRun;
      try {
        run = runTraining({
          n: eigenvalues ? eigenvalues.length : flags.n,
          m: flags.m,
          T: flags.T,
          batches: flags.batches,
          batchSize: flags.batchSize,
          lr: file?.lr ?? flags.lr,
          init: file?.init ?? flags.init,
          parametrization: file?.param ?? flags.param,
          problem: file?.problem,
          seed: flags.seed,
          engine: flags.engine,
          noise: flags.noise,
          eigenvalues,
          spectrumSource: flags.spectrum,
          generations: flags.generations,
          horizon: flags.horizon,
          evalSamples: flags.evalSamples,
          denseForm: flags.denseForm,
          onBatch: (g, i, loss) => {
            if (i === 0) progress.start(`generation ${g}/${G}`, flags.batches);
            if (i % 10 === 9 || i === flags.batches - 1)
              progress.update(i + 1, `loss ${fmt(loss)}`);
          },
        });
      } finally {
        progress.stop();
      }
      const command = rerunCommand(run, file?.args);
      const record = {
        tool: { name: 'dugd', version: cmd.parent?.version() ?? 'unknown' },
        command,
        ...(file ? { problem: file.record } : {}),
        ...run,
      };
      process.stdout.write(
        flags.json ? toJson(record) : (file?.header ?? '') + summary(run, command),
      );
      if (run.training.status !== 'completed') {
        const nf = run.training.nonFinite!;
        const sp = run.spectrum;
        const spectrum = sp.weights
          ? weightedSpectrum(sp.eigenvalues, sp.weights, sp.n, sp.source)
          : spectrumFromEigenvalues(sp.eigenvalues);
        // at the first batch nothing was updated: steps.learned[0] is the start
        const start = nonFiniteAtStart(nf, spectrum, run.steps.learned[0], run.settings.noise);
        const nothing = flags.out !== undefined ? `; nothing was written to ${flags.out}` : '';
        if (start !== null) {
          throw new InputError(
            `training turned non-finite at the first batch (${describeNonFinite(nf)}), ${start}${nothing}`,
          );
        }
        throw new InputError(
          `training turned non-finite at generation ${nf.generation}, batch ${nf.batch + 1} ` +
            `(${describeNonFinite(nf)}) with --lr ${run.settings.lr}: lower --lr; the last finite steps are shown above` +
            nothing,
        );
      }
      if (flags.out !== undefined) {
        const written = writeFilesAtomic(flags.out, {
          'result.json': toJson(record),
          'curves.csv': toCsv(trainingCurvesTable(run)),
        });
        if (!flags.json) process.stdout.write(`wrote ${written.join(', ')}\n`);
      }
    });
}
