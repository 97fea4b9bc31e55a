/**
 * Our training engines side by side with the Python peers of
 * ../shared/bench (peer_torch_dugd.py: PyTorch autograd + torch.optim.Adam;
 * peer_numpy_dugd.py: NumPy with a hand-derived reverse recurrence), run as
 * their README says (/usr/bin/python3, --threads 1), back to back.
 *
 *   npx tsx bench/run-peers.ts [--quick] [--pairs dense-H,dense-A,spectral-eig]
 *       [--reps K] [--generations G | --generations dense-H=2,spectral-eig=25]
 *       [--batches B] [--peers torch-float64,torch-float32,numpy-float64,numpy-float32]
 *
 * Pairs (ours vs the peer's --form):
 *   dense-H       dense engine, form 'H' (S H then (.) H^T per layer: the paper's
 *                 literal computation)   vs  --form H
 *   dense-A       dense engine, form 'A' (A = H H^T precomputed)  vs  --form A
 *   spectral-eig  spectral engine (samples drawn in the eigenbasis)  vs  --form eig
 * The moment and expected engines have no peer equivalent (the peers sample
 * every batch; a Wishart/chi-square draw per eigenvalue has no analogue there).
 *
 * Per repetition, in this order: ours (one process: npx tsx
 * bench/train-engines.ts --engines E --runs 1 ...), then each peer. Timed on
 * both sides: the training loop only (generations 1..G), wall and process
 * CPU, so interpreter start-up, imports and H / eigenvalues are not counted.
 * Ratios ours / peer are taken within a repetition (back to back), then the
 * median over repetitions. With G < T both sides also extrapolate the full
 * T-generation training from their per-generation times (cost(g) = a + b g).
 * The peers run with --eval-samples 1: their exact expected MSE after T steps
 * is then printed (the one sample costs nothing and is outside the timing).
 * Precision: ours is float64; torch and numpy run in --dtype float64 and float32.
 *
 * stdout: one JSON object; stderr: progress and a markdown table.
 * --quick: n 40, m 80, T 6, 20 batches of 20, G = T, one repetition, the
 * float64 peers only (checks the plumbing; needs python3 with torch and numpy).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PAPER_SETTINGS } from '../src/experiments/index.js';
import type { TrainBenchResult } from './train-engines.js';
import { median } from './train-engines.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PEER_DIR = join(ROOT, '..', 'shared', 'bench');
const PYTHON = '/usr/bin/python3';

export type PairName = 'dense-H' | 'dense-A' | 'spectral-eig';
export const PAIRS: Record<PairName, { engine: 'dense' | 'spectral'; form: 'H' | 'A' | 'eig' }> = {
  'dense-H': { engine: 'dense', form: 'H' },
  'dense-A': { engine: 'dense', form: 'A' },
  'spectral-eig': { engine: 'spectral', form: 'eig' },
};
export type PeerName = 'torch-float64' | 'torch-float32' | 'numpy-float64' | 'numpy-float32';
const PEER_NAMES: PeerName[] = ['torch-float64', 'torch-float32', 'numpy-float64', 'numpy-float32'];

interface Options {
  quick: boolean;
  pairs: PairName[];
  peers: PeerName[];
  reps: number;
  generations: Record<PairName, number>;
  batches: number;
}

interface Measurement {
  wallSeconds: number;
  cpuSeconds: number;
  /** full T-generation training from the per-generation times (null when G = T: measured) */
  fullSeconds: number | null;
  /** exact expected MSE after T steps of the returned schedule */
  finalExpectedMse: number;
  loadavg: number;
}

interface PairResult {
  pair: PairName;
  generations: number;
  reps: {
    ours: Measurement;
    peers: Partial<Record<PeerName, Measurement>>;
  }[];
  /** medians over repetitions */
  ours: { wallSeconds: number; cpuSeconds: number; fullSeconds: number | null };
  peers: Partial<
    Record<
      PeerName,
      {
        wallSeconds: number;
        cpuSeconds: number;
        fullSeconds: number | null;
        /** median over repetitions of ours / peer within a repetition */
        ratioWall: number;
        ratioCpu: number;
      }
    >
  >;
}

function run(cmd: string, args: string[]): string {
  const p = spawnSync(cmd, args, {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    env: { ...process.env },
  });
  if (p.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${p.status}):\n${p.stderr}`);
  }
  return p.stdout;
}

function sizes(o: Options): string[] {
  return o.quick ? ['--n', '40', '--m', '80', '--T', '6', '--batch-size', '20'] : [];
}

function runOurs(o: Options, pair: PairName, G: number): Measurement {
  const { engine, form } = PAIRS[pair];
  const args = [
    '--import',
    'tsx',
    join(ROOT, 'bench', 'train-engines.ts'),
    ...(o.quick ? ['--quick'] : []),
    ...['--engines', engine, '--runs', '1', '--generations', String(G)],
    ...['--batches', String(o.batches), '--cli-runs', '0'],
    ...(engine === 'dense' ? ['--dense-form', form] : []),
  ];
  const r = JSON.parse(run(process.execPath, args)) as TrainBenchResult;
  const e = r.engines[0];
  const x = e.runs[0];
  return {
    wallSeconds: x.trainSeconds,
    cpuSeconds: x.cpuSeconds,
    fullSeconds: e.extrapolation ? e.extrapolation.fullSeconds : null,
    finalExpectedMse: x.finalExpectedMse,
    loadavg: x.loadavg[0],
  };
}

function runPeer(o: Options, pair: PairName, peer: PeerName, G: number): Measurement {
  const [lib, dtype] = peer.split('-');
  const script = join(PEER_DIR, lib === 'torch' ? 'peer_torch_dugd.py' : 'peer_numpy_dugd.py');
  const args = [
    script,
    ...sizes(o),
    ...['--threads', '1', '--dtype', dtype, '--form', PAIRS[pair].form],
    ...['--generations', String(G), '--batches', String(o.batches), '--eval-samples', '1'],
  ];
  const r = JSON.parse(run(PYTHON, args));
  const ex = r.extrapolation_full_training;
  const curve: number[] = r.evaluation.mse_dugd_expected_exact;
  return {
    wallSeconds: r.train_wall_s,
    cpuSeconds: r.train_cpu_s,
    fullSeconds: G < r.config.T ? (ex.linear_fit_s ?? ex.proportional_s) : null,
    finalExpectedMse: curve[curve.length - 1],
    loadavg: r.loadavg_start[0],
  };
}

export function runPeers(o: Options): { pairs: PairResult[]; loadavg: number[][] } {
  const start = loadavg();
  const pairs: PairResult[] = [];
  for (const pair of o.pairs) {
    const G = o.generations[pair];
    const reps: PairResult['reps'] = [];
    for (let k = 0; k < o.reps; k++) {
      const ours = runOurs(o, pair, G);
      process.stderr.write(
        `${pair} rep ${k + 1}/${o.reps}: ours ${ours.wallSeconds.toFixed(2)} s (CPU ${ours.cpuSeconds.toFixed(2)}), load ${ours.loadavg.toFixed(2)}\n`,
      );
      const peers: Partial<Record<PeerName, Measurement>> = {};
      for (const peer of o.peers) {
        const m = runPeer(o, pair, peer, G);
        peers[peer] = m;
        process.stderr.write(
          `${pair} rep ${k + 1}/${o.reps}: ${peer} ${m.wallSeconds.toFixed(2)} s (CPU ${m.cpuSeconds.toFixed(2)}), ` +
            `ratio ours/peer ${(ours.wallSeconds / m.wallSeconds).toFixed(2)}, load ${m.loadavg.toFixed(2)}\n`,
        );
      }
      reps.push({ ours, peers });
    }
    const med = (f: (m: Measurement) => number | null, ms: Measurement[]) => {
      const v = ms.map(f);
      return v.every((x) => x !== null) ? median(v as number[]) : null;
    };
    const oursAll = reps.map((r) => r.ours);
    const summary: PairResult['peers'] = {};
    for (const peer of o.peers) {
      const ms = reps.map((r) => r.peers[peer]!);
      summary[peer] = {
        wallSeconds: median(ms.map((m) => m.wallSeconds)),
        cpuSeconds: median(ms.map((m) => m.cpuSeconds)),
        fullSeconds: med((m) => m.fullSeconds, ms),
        ratioWall: median(reps.map((r) => r.ours.wallSeconds / r.peers[peer]!.wallSeconds)),
        ratioCpu: median(reps.map((r) => r.ours.cpuSeconds / r.peers[peer]!.cpuSeconds)),
      };
    }
    pairs.push({
      pair,
      generations: G,
      reps,
      ours: {
        wallSeconds: median(oursAll.map((m) => m.wallSeconds)),
        cpuSeconds: median(oursAll.map((m) => m.cpuSeconds)),
        fullSeconds: med((m) => m.fullSeconds, oursAll),
      },
      peers: summary,
    });
  }
  return { pairs, loadavg: [start, loadavg()] };
}

export function formatTable(pairs: PairResult[], o: Options): string {
  const s = (v: number | null) =>
    v === null ? '-' : v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0);
  const lines = [
    '| pair | G | ours wall s | peer | peer wall s | ours / peer (wall) | ours / peer (CPU) | full training, ours / peer s (extrapolated when G < T) | loads |',
    '| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const p of pairs) {
    for (const peer of o.peers) {
      const x = p.peers[peer]!;
      const loads = p.reps.flatMap((r) => [r.ours.loadavg, r.peers[peer]!.loadavg]);
      lines.push(
        `| ${p.pair} | ${p.generations} | ${s(p.ours.wallSeconds)} | ${peer} | ${s(x.wallSeconds)} | ` +
          `${x.ratioWall.toFixed(2)} | ${x.ratioCpu.toFixed(2)} | ${s(p.ours.fullSeconds)} / ${s(x.fullSeconds)} | ` +
          `${Math.min(...loads).toFixed(2)}-${Math.max(...loads).toFixed(2)} |`,
      );
    }
  }
  lines.push(
    '',
    `medians over ${o.reps} back-to-back repetition(s), ${o.batches} batches per generation; ratios per repetition, then median`,
  );
  return lines.join('\n');
}

function parseArgs(argv: string[]): Options {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = argv.includes('--quick');
  const fail = (msg: string): never => {
    throw new RangeError(`bench/run-peers: ${msg}`);
  };
  const list = <K extends string>(flag: string, all: readonly K[], fallback: K[]): K[] => {
    const v = get(flag);
    if (v === undefined) return fallback;
    const xs = v.split(',') as K[];
    for (const x of xs)
      if (!all.includes(x)) fail(`${flag} must be among ${all.join(',')}; got ${v}`);
    return xs;
  };
  const T = quick ? 6 : PAPER_SETTINGS.T;
  const generations: Record<PairName, number> = quick
    ? { 'dense-H': T, 'dense-A': T, 'spectral-eig': T }
    : { 'dense-H': 2, 'dense-A': 3, 'spectral-eig': T };
  const gArg = get('--generations');
  if (gArg !== undefined) {
    for (const part of gArg.split(',')) {
      const [k, v] = part.includes('=') ? part.split('=') : [null, part];
      const x = Number(v);
      if (!Number.isInteger(x) || x < 1 || x > T)
        fail(`--generations must be in 1..${T}; got ${gArg}`);
      if (k === null) for (const p of Object.keys(generations)) generations[p as PairName] = x;
      else if (k in PAIRS) generations[k as PairName] = x;
      else fail(`--generations: unknown pair ${k}`);
    }
  }
  const int = (flag: string, fallback: number): number => {
    const v = get(flag);
    if (v === undefined) return fallback;
    const x = Number(v);
    if (!Number.isInteger(x) || x < 1) fail(`${flag} must be a positive integer; got ${v}`);
    return x;
  };
  return {
    quick,
    pairs: list('--pairs', Object.keys(PAIRS) as PairName[], Object.keys(PAIRS) as PairName[]),
    peers: list('--peers', PEER_NAMES, quick ? ['torch-float64', 'numpy-float64'] : PEER_NAMES),
    reps: int('--reps', quick ? 1 : 3),
    generations,
    batches: int('--batches', quick ? 20 : PAPER_SETTINGS.batches),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const o = parseArgs(process.argv.slice(2));
  if (!existsSync(PEER_DIR)) throw new Error(`bench/run-peers: no peers at ${PEER_DIR}`);
  const t0 = performance.now();
  const r = runPeers(o);
  process.stderr.write(formatTable(r.pairs, o) + '\n');
  process.stdout.write(
    JSON.stringify(
      {
        benchmark: 'run-peers',
        node: process.version,
        options: o,
        ...r,
        totalSeconds: (performance.now() - t0) / 1000,
      },
      null,
      2,
    ) + '\n',
  );
}
