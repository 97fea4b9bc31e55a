/**
 * `dugd solve` end to end (spawned CLI) on the real matrices of
 * ../shared/data: Chebyshev steps with diagonal scaling against GD with the
 * optimal constant step on lund_a.mtx (iteration counts and residuals within
 * the theoretical bounds), CG and momentum, learned and listed schedules,
 * right-hand sides and solutions as files, the interval check, designs,
 * determinism, and one-line refusals.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chebyshevBound, gdOptimalRate } from '../src/analysis/index.js';
import { readMatrixMarketSync, readNpy, toDense, writeNpy } from '../src/io/index.js';
import { matVec, norm2 } from '../src/linalg/index.js';
import { chebyshevSteps } from '../src/schedules/index.js';
import { chebyshevPeriodFor } from '../src/solvers/index.js';
import { CLI, ensureBuilt, isOneLineError, ROOT, runCli } from './helpers/built-cli.js';
import { SHARED } from './helpers/reference.js';

const DATA = join(SHARED, 'data');
const LUND = join(DATA, 'lund_a.mtx');
const CARS = join(ROOT, 'node_modules', 'vega-datasets', 'data', 'cars.json');
const tmp = () => mkdtempSync(join(tmpdir(), 'dugd-solve-'));
/** runCli with room for the 70 000-entry residual history of GD (about 2 MB of JSON). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const solveJson = (args: string[]): any => {
  const r = spawnSync(process.execPath, [CLI, 'solve', ...args, '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
};

beforeAll(() => ensureBuilt(), 180_000);

describe('dugd solve on lund_a.mtx (diagonally scaled, kappa 1.03e4)', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let cheb: any, gd: any;
  beforeAll(() => {
    cheb = solveJson(['--matrix', LUND, '--method', 'chebyshev']);
    gd = solveJson(['--matrix', LUND, '--method', 'gd']);
  });

  it('both reach relative residual 1e-8; Chebyshev needs at most a third of the GD iterations', () => {
    for (const r of [cheb, gd]) {
      expect(r.reason).toBe('converged');
      expect(r.relativeResidual).toBeLessThanOrEqual(1e-8);
      expect(r.residualHistory.length).toBe(r.iterations + 1);
      expect(r.residualHistory[r.iterations]).toBe(r.relativeResidual);
      expect(r.warnings).toEqual([]);
      expect(r.problem.scaling.applied).toBe('diagonal');
      expect(r.rhs).toMatch(/b = A x\* with x\* ~ N\(0, I\), seed 12/);
      expect(r.relativeError).toBeLessThan(1e-5); // kappa 1e4 times the residual
    }
    expect(cheb.iterations * 3).toBeLessThanOrEqual(gd.iterations);
    // measured: 1003 vs 70807; keep the numbers from drifting silently
    expect(cheb.iterations).toBeLessThan(1100);
    expect(gd.iterations).toBeGreaterThan(60000);
  });

  it('the interval is the exact one (dense, margin 0) and the default period follows kappa and tol', () => {
    expect(cheb.estimate.method).toBe('dense');
    expect(cheb.intervalSource).toBe('estimated');
    expect(Math.abs(cheb.interval[0] / 2.05251e-4 - 1)).toBeLessThan(5e-6);
    expect(Math.abs(cheb.interval[1] / 2.10674 - 1)).toBeLessThan(1e-6);
    const kappa = cheb.interval[1] / cheb.interval[0];
    expect(cheb.period).toBe(chebyshevPeriodFor(kappa, 1e-8));
    expect(cheb.order).toBe('stable');
    // one period reaches sqrt(tol) in the worst case, so two periods reach tol
    expect(chebyshevBound(cheb.period, kappa)).toBeLessThanOrEqual(1e-4);
    expect(cheb.iterations).toBeLessThanOrEqual(2 * cheb.period + 1);
  });

  it('residuals within the theoretical bounds: GD rho^k at every k, Chebyshev (1/C_T)^j at every period end', () => {
    const kappaGd = gd.interval[1] / gd.interval[0];
    const rho = gdOptimalRate(kappaGd);
    const h: number[] = gd.residualHistory;
    // r_k = (I - gamma A_s)^k b_s exactly; slack 1e-9 relative + 1e-13 absolute for rounding
    for (let k = 0; k < h.length; k += 97)
      expect(h[k]).toBeLessThanOrEqual(rho ** k * (1 + 1e-9) + 1e-13);
    const T = cheb.period;
    const bound = chebyshevBound(T, cheb.interval[1] / cheb.interval[0]);
    for (let j = 1; j * T < cheb.residualHistory.length; j++) {
      expect(cheb.residualHistory[j * T]).toBeLessThanOrEqual(bound ** j * (1 + 1e-9) + 1e-13);
    }
  });

  it('CG and momentum converge; CG uses no interval', () => {
    const cg = solveJson(['--matrix', LUND, '--method', 'cg']);
    expect(cg.reason).toBe('converged');
    expect(cg.interval).toBe(null);
    expect(cg.iterations).toBeLessThan(200);
    const hb = solveJson(['--matrix', LUND, '--method', 'momentum']);
    expect(hb.reason).toBe('converged');
    expect(hb.iterations).toBeLessThan(cheb.iterations * 2);
  });

  it('--steps: a number list of the same Chebyshev steps gives the same history as --method chebyshev', () => {
    const dir = tmp();
    const T = 64;
    const steps = chebyshevSteps(T, cheb.interval[0], cheb.interval[1], { order: 'stable' });
    writeFileSync(join(dir, 'steps.txt'), Array.from(steps, String).join('\n'));
    const a = solveJson(['--matrix', LUND, '--steps', join(dir, 'steps.txt')]);
    const b = solveJson(['--matrix', LUND, '--method', 'chebyshev', '-T', String(T)]);
    expect(a.method).toBe('gd');
    expect(a.period).toBe(T);
    expect(a.residualHistory).toEqual(b.residualHistory);
  });

  it('--steps result.json of dugd train: the learned schedule applied periodically converges', () => {
    const dir = tmp();
    const t = runCli([
      'train',
      '--matrix',
      LUND,
      '-T',
      '25',
      '--batches',
      '200',
      '--eval-samples',
      '0',
      '--out',
      dir,
      '--quiet',
    ]);
    expect(t.code).toBe(0);
    const r = solveJson(['--matrix', LUND, '--steps', join(dir, 'result.json')]);
    expect(r.reason).toBe('converged');
    expect(r.period).toBe(25);
    expect(r.warnings).toEqual([]);
    const m = solveJson([
      '--matrix',
      LUND,
      '--steps',
      join(dir, 'result.json'),
      '--scale',
      'none',
      '--max-iterations',
      '50',
    ]);
    expect(m.warnings[0]).toMatch(/trained with scaling diagonal, this solve uses none/);
  });

  it('--rhs and --solution: b from a .npy file, x written as .npy with ||b - A x|| / ||b|| as reported', () => {
    const dir = tmp();
    const b = Float64Array.from({ length: 147 }, (_, i) => 1 + (i % 3));
    writeNpy(join(dir, 'b.npy'), b);
    const r = solveJson([
      '--matrix',
      LUND,
      '--rhs',
      join(dir, 'b.npy'),
      '--solution',
      join(dir, 'x.npy'),
    ]);
    expect(r.reason).toBe('converged');
    expect(r.relativeError).toBe(null);
    const x = readNpy(join(dir, 'x.npy')).data;
    const ax = matVec(toDense(readMatrixMarketSync(LUND)), x);
    const res = norm2(Float64Array.from(ax, (v, i) => b[i] - v)) / norm2(b);
    expect(Math.abs(res / r.originalRelativeResidual - 1)).toBeLessThan(1e-6);
    expect(res).toBeLessThan(1e-7);
  });

  it('an underestimated lmax: the interval check warns and names a larger lmax', () => {
    const r = solveJson(['--matrix', LUND, '--lmax', '1.5']);
    expect(r.intervalSource).toBe('given and estimated');
    expect(r.interval[1]).toBe(1.5);
    expect(r.reason).not.toBe('converged');
    expect(r.warnings[0]).toMatch(/seems wrong: an eigenvalue above lmax.*try lmax >= 2\.\d+/);
  });

  it('same seed, same output (but time); a different seed changes x*', () => {
    const strip = (s: string) => s.replace(/"seconds": [0-9.e-]+/g, '');
    const a = runCli(['solve', '--matrix', LUND, '--json']).stdout;
    const b = runCli(['solve', '--matrix', LUND, '--json']).stdout;
    expect(strip(a)).toBe(strip(b));
    const c = runCli(['solve', '--matrix', LUND, '--json', '--seed', '13']).stdout;
    expect(strip(c)).not.toBe(strip(a));
  });

  it('human output: scaling, rhs, interval, period, stop reason, history and a rerun line', () => {
    const r = runCli(['solve', '--matrix', LUND]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /scaling: diagonal \(the default, as every diagonal entry is positive\)/,
    );
    expect(r.stdout).toMatch(
      /interval \[lmin, lmax\] = \[2\.05251e-4, 2\.10674\] \(estimated: dense/,
    );
    expect(r.stdout).toMatch(/method: chebyshev, period T = \d+, stable order/);
    expect(r.stdout).toMatch(/stop: converged after \d+ iterations/);
    expect(r.stdout).toMatch(/rerun: dugd solve --matrix \S+lund_a\.mtx --method chebyshev/);
  });
});

describe('dugd solve: designs and refusals', () => {
  it('the cars regression (target column): b = D^T y, converged, no error reported', () => {
    const r = solveJson([
      '--design',
      CARS,
      '--target',
      'Miles_per_Gallon',
      '--standardize',
      '--intercept',
    ]);
    expect(r.reason).toBe('converged');
    expect(r.rhs).toMatch(/y = column 'Miles_per_Gallon'/);
    expect(r.relativeError).toBe(null);
    expect(r.problem).toMatchObject({
      kind: 'least-squares',
      m: 392,
      n: 6,
      target: 'Miles_per_Gallon',
    });
  });

  it('pores_1.mtx as an SPD matrix is refused with why and the least-squares form; as a design CG solves it', () => {
    const r = runCli(['solve', '--matrix', join(DATA, 'pores_1.mtx')]);
    expect(r.code).toBe(1);
    expect(isOneLineError(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(/not symmetric.*not a valid SPD system.*least-squares form.*--design/);
    const d = solveJson(['--design', join(DATA, 'pores_1.mtx'), '--method', 'cg']);
    expect(d.reason).toBe('converged');
  });

  it('a singular design is refused for Chebyshev steps naming the smallest eigenvalue and the ridge fix', () => {
    const r = runCli(['solve', '--design', join(DATA, 'jgl009.mtx')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /smallest eigenvalue .* <= 0, so it is not positive definite.*--ridge/,
    );
    const ok = solveJson(['--design', join(DATA, 'jgl009.mtx'), '--ridge', '0.1']);
    expect(ok.reason).toBe('converged');
  });

  it('wrong.mtx: refused naming the line and the problem', () => {
    const r = runCli(['solve', '--matrix', join(DATA, 'wrong.mtx')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/wrong\.mtx:3: row index 0 is out of range/);
  });

  it('usage errors exit 2 with the flag named', () => {
    const cases: [string[], RegExp][] = [
      [[], /--matrix\/--design/],
      [['--matrix', LUND, '--design', LUND], /not both/],
      [['--matrix', LUND, '--steps', 'x', '--method', 'cg'], /--steps/],
      [['--matrix', LUND, '--method', 'gd', '-T', '5'], /-T/],
      [['--matrix', LUND, '--lmin', '2', '--lmax', '1'], /--lmin\/--lmax/],
      [['--matrix', LUND, '--method', 'newton'], /--method/],
      [['--matrix', LUND, '--target', 'y'], /--target: only with --design/],
    ];
    for (const [args, msg] of cases) {
      const r = runCli(['solve', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(msg);
    }
  });
});
