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
import { statSync } from 'node:fs';
import {
  describeNonFinite,
  PAPER_SETTINGS,
  runTraining,
  trainingCurvesTable,
  type InitSpec,
  type TrainingRun,
} from '../../experiments/index.js';
import { writeFilesAtomic } from '../../io/atomic.js';
import { toJson } from '../../io/json.js';
import { readNumberList } from '../../io/number-list.js';
import { toCsv } from '../../report/csv.js';
import { ENGINE_NAMES, type DenseForm, type EngineName } from '../../unfold/index.js';
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

/** Largest H we agree to build (n m doubles, 800 MB). */
const MAX_MATRIX_ENTRIES = 1e8;

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
    if (f.n * f.m > MAX_MATRIX_ENTRIES) {
      throw new UsageError(
        `-n/-m: H would have n*m = ${f.n * f.m} entries; at most ${MAX_MATRIX_ENTRIES} are supported`,
      );
    }
  }
  if (f.generations !== undefined && f.generations > f.T) {
    throw new UsageError(`--generations: expected an integer <= T (${f.T}); got ${f.generations}`);
  }
  if (f.horizon !== undefined && f.horizon < f.T) {
    throw new UsageError(`--horizon: expected an integer >= T (${f.T}); got ${f.horizon}`);
  }
  if (f.out !== undefined) {
    let isDir = true;
    try {
      isDir = statSync(f.out).isDirectory();
    } catch {
      // does not exist yet: created when writing
    }
    if (!isDir) throw new UsageError(`--out: expected a directory; '${f.out}' is a file`);
  }
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
  const header = [
    'method',
    'steps',
    `MSE t=${T} (exact)`,
    ...(sampled ? [`MSE t=${T} (${ev.samples} samples)`] : []),
    ...(ev.iterations > T ? [`MSE t=${ev.iterations} (exact)`] : []),
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
    `spectrum: lmin ${fmt(sp.lmin)}, lmax ${fmt(sp.lmax)}, kappa ${fmt(sp.kappa)} (${sp.source}, ${sp.nodes} eigenvalues)`,
    `training: ${h.length} generations, ${run.training.adamSteps} Adam steps in ${run.timing.trainSeconds.toFixed(2)} s` +
      (run.training.status === 'completed' ? '' : ` (stopped: ${run.training.status})`),
    '',
    table(header, rows),
    '',
    `DUGD vs GD at t = ${T}: ${fmt(ev.final.gd / ev.final.dugd)} times lower MSE; ` +
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
    .option('-n, --n <int>', 'rows of H: signal dimension', positiveInt('-n'), P.n)
    .option('-m, --m <int>', 'columns of H: measurements (>= n)', positiveInt('-m'), P.m)
    .option('-T, --T <int>', 'layers: number of trainable steps', positiveInt('-T'), P.T)
    .option('--batches <int>', 'mini-batches per generation', positiveInt('--batches'), P.batches)
    .option('--batch-size <int>', 'mini-batch size', positiveInt('--batch-size'), P.batchSize)
    .option(
      '--lr <number>',
      'Adam learning rate (0.01 for --matrix/--design)',
      positiveNumber('--lr'),
      P.lr,
    )
    .option(
      '--init <step>',
      'initial step of every layer: a number, c/lmax or chebyshev (1/lmax for --matrix/--design)',
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
      'noise standard deviation of w',
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
      positiveInt('--generations'),
    )
    .option(
      '--horizon <int>',
      'evaluate t = 0..K, schedules repeated periodically (default T)',
      positiveInt('--horizon'),
    )
    .option(
      '--eval-samples <int>',
      'fresh samples for the sampled MSE (0: none)',
      nonNegativeInt('--eval-samples'),
      P.evalSamples,
    )
    .option(
      '--dense-form <form>',
      "dense engine: 'A' (A = H H^T precomputed) or 'H' (literal)",
      oneOf('--dense-form', ['A', 'H'] as const),
      'A',
    );
  addTrainFileOptions(train)
    .option('--out <dir>', 'write result.json and curves.csv into this directory')
    .option('--json', 'print the result as one JSON object')
    .option('--quiet', 'no progress bar')
    .action((flags: TrainFlags, cmd: Command) => {
      checkFlags(flags, cmd);
      const file = prepareFileTraining(flags, cmd);
      const eigenvalues = flags.spectrum !== undefined ? readNumberList(flags.spectrum) : undefined;
      if (eigenvalues && !(Math.min(...eigenvalues) > 0)) {
        throw new InputError(
          `--spectrum ${flags.spectrum}: expected eigenvalues > 0 (the GD and Chebyshev baselines need lmin > 0); got lmin = ${Math.min(...eigenvalues)}`,
        );
      }
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
        throw new InputError(
          `training turned non-finite at generation ${nf.generation}, batch ${nf.batch + 1} ` +
            `(${describeNonFinite(nf)}) with --lr ${run.settings.lr}: lower --lr; the last finite steps are shown above` +
            (flags.out !== undefined ? `; nothing was written to ${flags.out}` : ''),
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
