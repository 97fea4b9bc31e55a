/**
 * The documented limits of the size flags (docs/training.md, "Limits"),
 * spawned as a user would: a size beyond a limit is a one-line usage error
 * (exit 2) naming the flag and the limit, within seconds (before, these
 * runs crashed V8, hung or took 15 GB); sizes within the limits that used to
 * overflow the call stack now work. Also `dugd` without a command and
 * chebyshev's kappa check.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { CLI, ensureBuilt, isOneLineError, runCli } from './helpers/built-cli.js';
import { sharedData } from './helpers/reference.js';

beforeAll(() => ensureBuilt(), 180_000);

const d = mkdtempSync(join(tmpdir(), 'dugd-limits-'));
/** runCli for outputs of tens of MB (spawnSync's default buffer is 1 MB). */
const runBig = (args: string[]) => {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
};
const steps = (T: number) => Array.from({ length: T }, () => '0.1').join(',');

describe('size flags beyond their limit: exit 2, one line, in seconds', () => {
  const cases: [string[], RegExp][] = [
    [
      ['train', '-T', '1e9', '--batches', '1'],
      /^dugd: -T: expected a positive integer <= 2000 \(the limit\); got '1e9'/,
    ],
    [['train', '-T', '1000000'], /-T: expected a positive integer <= 2000 \(the limit\)/],
    [
      ['train', '--horizon', '1000000000'],
      /--horizon: expected a positive integer <= 1e6 \(the limit\)/,
    ],
    [
      ['train', '--batch-size', '1000000000', '--engine', 'spectral'],
      /--batch-size: expected a positive integer <= 1e8/,
    ],
    [['train', '--batches', '100000000'], /--batches: expected a positive integer <= 1e7/],
    [
      ['train', '--eval-samples', '1000000000'],
      /--eval-samples: expected a non-negative integer <= 1e7/,
    ],
    [['train', '-n', '20000', '-m', '20000'], /-n: expected a positive integer <= 10000/],
    [['train', '--generations', '5000'], /--generations: expected a positive integer <= 2000/],
    [['train', '--slq-probes', '5000'], /--slq-probes: expected an integer <= 1000 \(the limit\)/],
    [['train', '--dense-threshold', '50000'], /--dense-threshold: expected an integer <= 10000/],
    // products of flags: memory and work, reported with the product
    [
      ['train', '--batch-size', '10000000', '--engine', 'spectral'],
      /^dugd: --batch-size\/-n: the run would keep 3\.00e9 float64 entries \(24 GB\), most for the spectral engine's batch \(bs N = 10000000 x 300\); the limit is 1e8 \(800 MB\)/,
    ],
    [
      ['train', '-n', '5000', '-m', '10000'],
      /^dugd: -n\/-m: the run would keep .* float64 entries .*n m \+ 2 n\^2 = 5000 x 10000/,
    ],
    [
      ['train', '-T', '2000', '--batches', '10000000'],
      /^dugd: --batches\/-T\/-n: the run would take 1\.21e16 multiply-adds, most for moment training \(B G \(G \+ 1\) N = 10000000 x 4002000 x 300\); the limit is 3e13/,
    ],
    [
      ['train', '--engine', 'dense', '--batch-size', '100000', '-T', '100'],
      /--batch-size\/-n\/-T: the run would keep .* most for the dense engine's batch matrices/,
    ],
    [
      ['train', '--horizon', '1000000', '-T', '25'],
      /^dugd: --horizon\/-n: the run would keep 3\.10e8 float64 entries .*the evaluation curves/,
    ],
    [
      ['chebyshev', '--lmin', '1', '--lmax', '10', '-T', '100000000'],
      /-T: expected a positive integer <= 1e6 \(the limit\)/,
    ],
    [
      ['analyze', '--steps', '0.3', '--lmin', '0.5', '--lmax', '4', '--points', '1000000000'],
      /--points: expected a positive integer <= 1e6 \(the limit\)/,
    ],
    [
      ['analyze', '--steps', steps(10001), '--lmin', '0.5', '--lmax', '4'],
      /--steps: expected at most 10000 steps \(the limit\); got 10001/,
    ],
    [
      ['analyze', '--steps', steps(10000), '--lmin', '0.5', '--lmax', '4', '--points', '1000000'],
      /^dugd: --points\/--steps: T \(points \+ 2 N \+ 64 T\) = 10000 x \(1000000 \+ 0 \+ 640001\) = 1\.64e10 evaluations .* the limit is 1e10/,
    ],
    [
      ['solve', '--matrix', sharedData('lund_a.mtx'), '-T', '100000000'],
      /^dugd: -T: expected a positive integer <= 1e6 \(the limit\); got '100000000'/,
    ],
    [
      ['solve', '--matrix', sharedData('lund_a.mtx'), '--max-iterations', '1e9'],
      /^dugd: --max-iterations: expected a non-negative integer <= 1e7 \(the limit\)/,
    ],
  ];
  for (const [args, message] of cases) {
    it(args.map((a) => (a.length > 20 ? `${a.slice(0, 12)}...` : a)).join(' '), () => {
      const t0 = performance.now();
      const r = runCli(args);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(isOneLineError(r.stderr), r.stderr).toBe(true);
      expect(performance.now() - t0).toBeLessThan(15_000);
    });
  }
});

describe('sizes within the limits that overflowed the call stack', () => {
  it('chebyshev -T 1000000 prints a million steps and a rate, not 0', () => {
    const r = runBig(['chebyshev', '--lmin', '1', '--lmax', '10', '-T', '1000000']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').length).toBeGreaterThan(1_000_000);
    expect(r.stdout).toMatch(/rate per step: 0\.5195/);
  });

  it('train --spectrum with a million eigenvalues (lmin was Math.min(...eigenvalues))', () => {
    const file = join(d, 'million.txt');
    writeFileSync(
      file,
      Array.from({ length: 1_000_000 }, (_, i) => String(1 + i / 1e5)).join('\n') + '\n',
    );
    const r = runBig([
      'train',
      '--spectrum',
      file,
      '-T',
      '1',
      '--batches',
      '1',
      '--engine',
      'expected',
      '--eval-samples',
      '0',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).spectrum.n).toBe(1_000_000);
  });

  it('--help states the limits', () => {
    expect(runCli(['train', '--help']).stdout).toMatch(
      /-T, --T <int> +layers: number of trainable steps \(<= 2000\)/,
    );
    expect(runCli(['train', '--help']).stdout).toMatch(
      /Limits: .* 1e8 float64 entries .* 3e13 multiply-adds/,
    );
    expect(runCli(['chebyshev', '--help']).stdout).toMatch(/number of steps \(<= 1e6\)/);
    expect(runCli(['analyze', '--help']).stdout).toMatch(/Limits: at most 10000 steps/);
  });
});

describe('chebyshev: kappa must be finite', () => {
  it('--lmin 5e-324 --lmax 1: a usage error naming --lmin/--lmax, not an internal message', () => {
    const r = runCli(['chebyshev', '--lmin', '5e-324', '--lmax', '1', '-T', '5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'dugd: --lmin/--lmax: expected a finite kappa = lmax/lmin; got lmax/lmin = 1/5e-324 = Infinity\n',
    );
  });
});

describe('dugd without a command', () => {
  it('prints the help to stderr and exits 2 (a missing command is a usage error)', () => {
    const r = runCli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Usage: dugd \[options\] \[command\]/);
    expect(r.stderr).toMatch(/train \[options\]/);
  });
  it('--help and help print it to stdout and exit 0', () => {
    for (const args of [['--help'], ['help']]) {
      const r = runCli(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: dugd \[options\] \[command\]/);
    }
  });
});
