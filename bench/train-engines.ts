/**
 * Timing of the paper's default DUGD training per engine (Takabe & Wadayama,
 * arXiv:2001.05142: n = 300, m = 600, T = 25, incremental over generations
 * g = 1..T, 500 mini-batches of 200 per generation, Adam lr 0.002, init 0.3),
 * through the library (runTraining, the code path of `dugd train`, so process
 * start-up is not counted), and the wall time of the `dugd train` command
 * itself, separately.
 *
 *   npx tsx bench/train-engines.ts [--quick] [--engines moment,expected,spectral,dense]
 *       [--runs N | --runs moment=7,dense=1] [--generations G | --generations dense=3]
 *       [--batches B] [--dense-form A|H] [--cli-runs N] [--seed S]
 *
 * stdout: one JSON object (TrainBenchResult); stderr: progress and a table.
 *
 * Per engine: --runs runs (default moment 7, expected 7, spectral 3, dense 1)
 * of generations 1..G (default G = T; dense G = 3). Per run:
 *   trainSeconds  wall time of the training (runTraining's timing.trainSeconds:
 *                 engine set-up + trainIncremental; not the eigenvalues)
 *   cpuSeconds    user + system CPU from the first batch's callback to the end
 *                 of generation G (misses one batch of batches x G)
 *   generationSeconds  wall time of each generation g = 1..G
 *   finalExpectedMse   exact expected MSE after T steps of the returned schedule
 *                 (layers beyond G keep the initial step), from the spectrum
 *   prefixExpectedMse  exact expected MSE of the G trained layers (history[G-1])
 * and the load average (/proc/loadavg, 1 min) at its start and end.
 * Medians over the runs; the first run of each engine is also the coldest
 * (no warm-up: it includes the JIT compilation).
 *
 * When G < T (the dense engine: the full training takes hours in float64
 * JavaScript), the full time is extrapolated from the per-generation wall
 * times with the cost model cost(g) = a + b g (a: sampling, B = X A and the
 * optimizer; b: the per-layer products), fitted by least squares over
 * g = 1..G: full = a T + b T(T+1)/2; also the plain proportional model
 * cost(g) = b g: full = sum_{g<=G} cost(g) / sum_{g<=G} g * T(T+1)/2.
 *
 * --quick: n = 40, m = 80, T = 6, 50 batches of 20, one run of each engine
 * and one `dugd train` run on the same tiny settings (a few seconds; the test
 * suite runs it). Same JSON shape.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  PAPER_SETTINGS,
  runTraining,
  type PaperTrainingSettings,
} from '../src/experiments/index.js';
import { ENGINE_NAMES, type DenseForm, type EngineName } from '../src/unfold/index.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The paper's settings (PAPER_SETTINGS, or the tiny --quick ones) and the bench's own. */
export interface TrainBenchOptions extends Pick<
  PaperTrainingSettings,
  'n' | 'm' | 'T' | 'batches' | 'batchSize' | 'lr' | 'init' | 'seed'
> {
  quick: boolean;
  engines: EngineName[];
  runs: Record<EngineName, number>;
  generations: Record<EngineName, number>;
  denseForm: DenseForm;
  /** runs of the `dugd train` command (moment engine, the default); 0: none */
  cliRuns: number;
}

export interface RunRecord {
  trainSeconds: number;
  cpuSeconds: number;
  spectrumSeconds: number;
  generationSeconds: number[];
  finalExpectedMse: number;
  prefixExpectedMse: number;
  status: string;
  loadavg: [number, number];
}

export interface Extrapolation {
  /** cost(g) = a + b g, least squares over g = 1..G (null when G < 2) */
  linear: { a: number; b: number; fullSeconds: number } | null;
  /** cost(g) = b g */
  proportionalSeconds: number;
  /**
   * The number we quote: the linear model when it is usable (G >= 2, b > 0
   * and a total no smaller than the generations already measured), else the
   * proportional one. For the cheap engines at small G, generation 1 carries
   * the JIT compilation and the fit is meaningless: extrapolate the dense
   * and spectral engines only.
   */
  fullSeconds: number;
  model: 'a + b g' | 'b g';
}

export interface EngineResult {
  engine: EngineName;
  denseForm: DenseForm | null;
  generations: number;
  runs: RunRecord[];
  median: { trainSeconds: number; cpuSeconds: number; finalExpectedMse: number };
  min: { trainSeconds: number };
  max: { trainSeconds: number };
  /** null when every generation was trained */
  extrapolation: Extrapolation | null;
}

export interface CliResult {
  command: string[];
  /** 'dist' (node dist/src/cli/main.js, what `npm start` runs) or 'tsx' (no build found) */
  via: 'dist' | 'tsx';
  runs: { wallSeconds: number; trainSeconds: number; exitCode: number; loadavg: number }[];
  median: { wallSeconds: number; trainSeconds: number };
}

export interface TrainBenchResult {
  benchmark: 'train-engines';
  node: string;
  cpu: string;
  settings: Omit<TrainBenchOptions, 'engines' | 'runs' | 'generations'>;
  /** exact expected MSE at t = 0 (s_0 = 0, x ~ N(0, I)): 1 */
  initialMse: number;
  engines: EngineResult[];
  cli: CliResult | null;
  /** design target: the moment engine trains in < 1 s (median wall); null when not run */
  momentUnderOneSecond: boolean | null;
  loadavg: { start: number[]; end: number[] };
  totalSeconds: number;
}

export function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[k] : 0.5 * (s[k - 1] + s[k]);
}

const load1 = () => loadavg()[0];

/** full = a T + b T(T+1)/2 from cost(g) = a + b g fitted to seconds[g-1], g = 1..G. */
export function extrapolate(seconds: number[], T: number): Extrapolation {
  const G = seconds.length;
  const units = (T * (T + 1)) / 2;
  const sum = seconds.reduce((s, v) => s + v, 0);
  const proportionalSeconds = (sum / ((G * (G + 1)) / 2)) * units;
  let linear: Extrapolation['linear'] = null;
  if (G >= 2) {
    const gm = (G + 1) / 2;
    const cm = sum / G;
    let sxy = 0;
    let sxx = 0;
    for (let g = 1; g <= G; g++) {
      sxy += (g - gm) * (seconds[g - 1] - cm);
      sxx += (g - gm) * (g - gm);
    }
    const b = sxy / sxx;
    const a = cm - b * gm;
    linear = { a, b, fullSeconds: a * T + b * units };
  }
  const useLinear = linear !== null && linear.b > 0 && linear.fullSeconds >= sum;
  return {
    linear,
    proportionalSeconds,
    fullSeconds: useLinear ? linear!.fullSeconds : proportionalSeconds,
    model: useLinear ? 'a + b g' : 'b g',
  };
}

function oneRun(o: TrainBenchOptions, engine: EngineName, G: number): RunRecord {
  const l0 = load1();
  const ends: number[] = [];
  let cpu0: NodeJS.CpuUsage | null = null;
  let cpu1: NodeJS.CpuUsage | null = null;
  const run = runTraining({
    n: o.n,
    m: o.m,
    T: o.T,
    batches: o.batches,
    batchSize: o.batchSize,
    lr: o.lr,
    init: o.init,
    seed: o.seed,
    engine,
    noise: 0,
    generations: G,
    evalSamples: 0,
    denseForm: o.denseForm,
    onBatch: (g, i) => {
      if (cpu0 === null && g === 1 && i === 0) cpu0 = process.cpuUsage();
    },
    onGeneration: (rec) => {
      ends.push(performance.now());
      if (rec.generation === G) cpu1 = process.cpuUsage(cpu0 ?? undefined);
    },
  });
  const trainSeconds = run.timing.trainSeconds;
  // generation 1 = the training time not spent in generations 2..G
  const generationSeconds = ends.map((t, k) =>
    k === 0 ? trainSeconds - (ends[ends.length - 1] - ends[0]) / 1000 : (t - ends[k - 1]) / 1000,
  );
  const c = cpu1 as NodeJS.CpuUsage | null;
  return {
    trainSeconds,
    cpuSeconds: c ? (c.user + c.system) / 1e6 : NaN,
    spectrumSeconds: run.timing.spectrumSeconds,
    generationSeconds,
    finalExpectedMse: run.evaluation.final.dugd,
    prefixExpectedMse: run.history.length ? run.history[run.history.length - 1].expectedMse : NaN,
    status: run.training.status,
    loadavg: [l0, load1()],
  };
}

export function benchEngine(o: TrainBenchOptions, engine: EngineName): EngineResult {
  const G = Math.min(o.generations[engine], o.T);
  const runs: RunRecord[] = [];
  for (let r = 0; r < o.runs[engine]; r++) {
    runs.push(oneRun(o, engine, G));
    const x = runs[runs.length - 1];
    process.stderr.write(
      `${engine}${engine === 'dense' ? ` (form ${o.denseForm})` : ''} run ${r + 1}/${o.runs[engine]}: ` +
        `G = ${G}, train ${x.trainSeconds.toFixed(3)} s (CPU ${x.cpuSeconds.toFixed(3)} s), ` +
        `final expected MSE ${x.finalExpectedMse.toExponential(3)}, load ${x.loadavg.map((v) => v.toFixed(2)).join(' -> ')}\n`,
    );
  }
  const train = runs.map((x) => x.trainSeconds);
  // per-generation medians over the runs, then the cost model
  const perGen = Array.from({ length: G }, (_, k) =>
    median(runs.map((x) => x.generationSeconds[k])),
  );
  return {
    engine,
    denseForm: engine === 'dense' ? o.denseForm : null,
    generations: G,
    runs,
    median: {
      trainSeconds: median(train),
      cpuSeconds: median(runs.map((x) => x.cpuSeconds)),
      finalExpectedMse: median(runs.map((x) => x.finalExpectedMse)),
    },
    min: { trainSeconds: Math.min(...train) },
    max: { trainSeconds: Math.max(...train) },
    extrapolation: G < o.T ? extrapolate(perGen, o.T) : null,
  };
}

/** `dugd train` on the bench settings with the moment engine (default evaluation), wall time. */
export function benchCli(o: TrainBenchOptions): CliResult | null {
  if (o.cliRuns < 1) return null;
  const dist = join(ROOT, 'dist', 'src', 'cli', 'main.js');
  const via: CliResult['via'] = existsSync(dist) ? 'dist' : 'tsx';
  const entry = via === 'dist' ? [dist] : ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts')];
  const out = mkdtempSync(join(tmpdir(), 'dugd-bench-cli-'));
  const args = [
    'train',
    ...['-n', String(o.n), '-m', String(o.m), '-T', String(o.T)],
    ...['--batches', String(o.batches), '--batch-size', String(o.batchSize)],
    ...['--lr', String(o.lr), '--init', String(o.init), '--seed', String(o.seed)],
    ...['--engine', 'moment', '--quiet', '--out', out],
  ];
  const runs: CliResult['runs'] = [];
  try {
    for (let r = 0; r < o.cliRuns; r++) {
      const l0 = load1();
      const t0 = performance.now();
      const p = spawnSync(process.execPath, [...entry, ...args], { cwd: ROOT, encoding: 'utf8' });
      const wallSeconds = (performance.now() - t0) / 1000;
      let trainSeconds = NaN;
      if (p.status === 0) {
        const res = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
        trainSeconds = res.timing.trainSeconds;
      } else {
        process.stderr.write(`dugd train failed (exit ${p.status}): ${p.stderr}\n`);
      }
      runs.push({ wallSeconds, trainSeconds, exitCode: p.status ?? -1, loadavg: l0 });
      process.stderr.write(
        `dugd train (${via}) run ${r + 1}/${o.cliRuns}: wall ${wallSeconds.toFixed(3)} s, ` +
          `train ${trainSeconds.toFixed(3)} s, load ${l0.toFixed(2)}\n`,
      );
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return {
    command: ['node', via === 'dist' ? 'dist/src/cli/main.js' : 'src/cli/main.ts', ...args].map(
      (a) => (a === out ? '<tmp>' : a),
    ),
    via,
    runs,
    median: {
      wallSeconds: median(runs.map((x) => x.wallSeconds)),
      trainSeconds: median(runs.map((x) => x.trainSeconds)),
    },
  };
}

export function runTrainBench(o: TrainBenchOptions): TrainBenchResult {
  const t0 = performance.now();
  const start = loadavg();
  const engines = o.engines.map((e) => benchEngine(o, e));
  const cli = benchCli(o);
  const moment = engines.find((e) => e.engine === 'moment' && e.generations === o.T);
  const { engines: _e, runs: _r, generations: _g, ...settings } = o;
  return {
    benchmark: 'train-engines',
    node: process.version,
    cpu: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}`,
    settings,
    initialMse: 1,
    engines,
    cli,
    momentUnderOneSecond: moment && !o.quick ? moment.median.trainSeconds < 1 : null,
    loadavg: { start, end: loadavg() },
    totalSeconds: (performance.now() - t0) / 1000,
  };
}

export function formatTable(r: TrainBenchResult): string {
  const s = (v: number) => (v < 10 ? v.toFixed(3) : v < 100 ? v.toFixed(1) : v.toFixed(0));
  const e = (v: number) => v.toExponential(2);
  const lines = [
    `| engine | runs | G | train wall, median (min-max) s | CPU median s | full T = ${r.settings.T} (extrapolated) s | final expected MSE, median (range) | load avg 1 min |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const x of r.engines) {
    const mses = x.runs.map((y) => y.finalExpectedMse);
    const loads = x.runs.flatMap((y) => y.loadavg);
    const ex = x.extrapolation;
    lines.push(
      `| ${x.engine}${x.denseForm ? ` (${x.denseForm})` : ''} | ${x.runs.length} | ${x.generations} | ` +
        `${s(x.median.trainSeconds)} (${s(x.min.trainSeconds)}-${s(x.max.trainSeconds)}) | ${s(x.median.cpuSeconds)} | ` +
        `${ex ? `${s(ex.fullSeconds)} (${ex.model}${ex.model === 'a + b g' ? `; b g: ${s(ex.proportionalSeconds)}` : ''})` : '-'} | ` +
        `${e(x.median.finalExpectedMse)} (${e(Math.min(...mses))}-${e(Math.max(...mses))})${x.generations < r.settings.T ? ` [G-prefix ${e(median(x.runs.map((y) => y.prefixExpectedMse)))}]` : ''} | ` +
        `${Math.min(...loads).toFixed(2)}-${Math.max(...loads).toFixed(2)} |`,
    );
  }
  if (r.cli) {
    lines.push(
      '',
      `\`dugd train\` (moment, ${r.cli.via}, incl. start-up, eigenvalues, evaluation on 10000 samples, writing --out): ` +
        `median wall ${s(r.cli.median.wallSeconds)} s over ${r.cli.runs.length} run(s); its training ${s(r.cli.median.trainSeconds)} s`,
    );
  }
  const st = r.settings;
  lines.push(
    '',
    `n = ${st.n}, m = ${st.m}, T = ${st.T}, ${st.batches} batches x ${st.batchSize}, lr ${st.lr}, init ${st.init}, seed ${st.seed}; ` +
      `node ${r.node}; ${r.cpu}; load average ${r.loadavg.start[0].toFixed(2)} at start, ${r.loadavg.end[0].toFixed(2)} at end; total ${r.totalSeconds.toFixed(1)} s`,
  );
  if (r.momentUnderOneSecond !== null) {
    lines.push(
      `target: moment engine under 1 s (median wall): ${r.momentUnderOneSecond ? 'met' : 'NOT met'}`,
    );
  }
  return lines.join('\n');
}

/** `--runs 3` (every engine) or `--runs moment=7,dense=1` (the others keep their default). */
function perEngine(
  flag: string,
  raw: string | undefined,
  defaults: Record<EngineName, number>,
  min: number,
): Record<EngineName, number> {
  const out = { ...defaults };
  if (raw === undefined) return out;
  const bad = () => {
    throw new RangeError(
      `bench/train-engines: ${flag} must be an integer >= ${min} or engine=int pairs; got ${raw}`,
    );
  };
  for (const part of raw.split(',')) {
    const [k, v] = part.includes('=') ? part.split('=') : [null, part];
    const x = Number(v);
    if (!Number.isInteger(x) || x < min) bad();
    if (k === null) for (const e of ENGINE_NAMES) out[e] = x;
    else if (ENGINE_NAMES.includes(k as EngineName)) out[k as EngineName] = x;
    else bad();
  }
  return out;
}

export function parseArgs(argv: string[]): TrainBenchOptions {
  const known = [
    '--quick',
    '--engines',
    '--runs',
    '--generations',
    '--batches',
    '--dense-form',
    '--cli-runs',
    '--seed',
  ];
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  for (const a of argv) {
    if (a.startsWith('--') && !known.includes(a)) {
      throw new RangeError(`bench/train-engines: unknown flag ${a} (known: ${known.join(' ')})`);
    }
  }
  const quick = argv.includes('--quick');
  const int = (name: string, fallback: number, min: number): number => {
    const v = get(name);
    if (v === undefined) return fallback;
    const x = Number(v);
    if (!Number.isInteger(x) || x < min) {
      throw new RangeError(`bench/train-engines: ${name} must be an integer >= ${min}; got ${v}`);
    }
    return x;
  };
  const enginesArg = get('--engines');
  const engines = (enginesArg ?? ENGINE_NAMES.join(',')).split(',') as EngineName[];
  for (const e of engines) {
    if (!ENGINE_NAMES.includes(e)) {
      throw new RangeError(
        `bench/train-engines: --engines must be among ${ENGINE_NAMES.join(',')}; got ${enginesArg}`,
      );
    }
  }
  const form = get('--dense-form') ?? 'A';
  if (form !== 'A' && form !== 'H') {
    throw new RangeError(`bench/train-engines: --dense-form must be A or H; got ${form}`);
  }
  const P = PAPER_SETTINGS;
  const T = quick ? 6 : P.T;
  return {
    quick,
    engines,
    runs: perEngine(
      '--runs',
      get('--runs'),
      quick
        ? { dense: 1, spectral: 1, moment: 1, expected: 1 }
        : { dense: 1, spectral: 3, moment: 7, expected: 7 },
      1,
    ),
    generations: perEngine(
      '--generations',
      get('--generations'),
      quick
        ? { dense: T, spectral: T, moment: T, expected: T }
        : { dense: 3, spectral: T, moment: T, expected: T },
      1,
    ),
    n: quick ? 40 : P.n,
    m: quick ? 80 : P.m,
    T,
    batches: int('--batches', quick ? 50 : P.batches, 1),
    batchSize: quick ? 20 : P.batchSize,
    lr: P.lr,
    init: P.init,
    seed: int('--seed', P.seed, 0),
    denseForm: form,
    cliRuns: int('--cli-runs', quick ? 1 : 5, 0),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const opts = parseArgs(process.argv.slice(2));
  const dist = join(ROOT, 'dist', 'src', 'cli', 'main.js');
  if (opts.cliRuns > 0 && existsSync(dist)) {
    process.stderr.write(`dugd train via dist/ built ${statSync(dist).mtime.toISOString()}\n`);
  }
  const result = runTrainBench(opts);
  process.stderr.write(formatTable(result) + '\n');
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}
