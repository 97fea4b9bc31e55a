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
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
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
    // on the unscaled matrix (lmax 2.2e8) the learned steps cannot converge: refused before
    // iterating, naming max |p_T| on the exact eigenvalues and the scaling mismatch
    const m = runCli([
      'solve',
      '--matrix',
      LUND,
      '--steps',
      join(dir, 'result.json'),
      '--scale',
      'none',
      '--max-iterations',
      '50',
    ]);
    expect(m.code).toBe(1);
    expect(isOneLineError(m.stderr)).toBe(true);
    expect(m.stderr).toMatch(
      /cannot converge on .*lund_a\.mtx: max \|p_T\(lambda\)\| = .* >= 1 at lambda = 2\.23854e\+8 \(an eigenvalue, exact\).*trained with scaling diagonal, this solve uses none/,
    );
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

  it('--lmax below the largest eigenvalue: warned before iterating, the check names the eigenvalue, exit 1', () => {
    const dir = tmp();
    const r = runCli([
      'solve',
      '--matrix',
      LUND,
      '--lmax',
      '1.5',
      '--solution',
      join(dir, 'x.npy'),
      '--json',
    ]);
    expect(r.code).toBe(1);
    expect(isOneLineError(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(
      /the chebyshev iteration diverged: relative residual .* \(the steps are not contractive on the spectrum: \|p_T\| >= 1 at lambda = 2\.107\); --solution \S*x\.npy not written/,
    );
    expect(existsSync(join(dir, 'x.npy'))).toBe(false);
    const j = JSON.parse(r.stdout);
    expect(j.intervalSource).toBe('given and estimated');
    expect(j.interval[1]).toBe(1.5);
    expect(j.diverged).toBe(true);
    expect(j.solutionWritten).toBe(null);
    expect(j.divergenceCause).toBe('not-contractive');
    expect(j.warnings[0]).toMatch(
      /^--lmax 1\.5 is below the largest eigenvalue 2\.10674 \(dense, exact\).*diverges/,
    );
    expect(j.warnings[1]).toMatch(
      /^chebyshev: .*not contractive on this problem's spectrum: .* at the eigenvalue lambda = 2\.107 .*outside the interval \[lmin, lmax\] = \[2\.053e-4, 1\.5\]\. Use --lmax >= 2\.10674/,
    );
  });

  it('momentum with --lmax below the spectrum: the warning is labelled momentum and names --lmax', () => {
    const r = runCli([
      'solve',
      '--matrix',
      LUND,
      '--method',
      'momentum',
      '--lmax',
      '1.5',
      '--json',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the momentum iteration diverged/);
    const j = JSON.parse(r.stdout);
    expect(j.warnings[1]).toMatch(
      /^momentum: .*\[2\.053e-4, 1\.5\] seems wrong.*Use --lmax >= 2\.10674 \(the largest eigenvalue\)/,
    );
  });

  it('--lmin above the smallest eigenvalue: warned (the error stays large), exit 0', () => {
    const r = solveJson(['--matrix', LUND, '--lmin', '0.1']);
    expect(r.reason).toBe('converged');
    expect(r.warnings[0]).toMatch(
      /^--lmin 0\.1 is above the smallest eigenvalue 2\.05251e-4 \(dense, exact\).*error .* can stay large/,
    );
    expect(r.relativeError).toBeGreaterThan(1e-5); // measured 8.3e-4, against 2e-7 with the estimate
  });

  it('--order index: the check blames rounding amplified by the monotone order (not the exact interval), exit 1', () => {
    const r = runCli(['solve', '--matrix', LUND, '--order', 'index', '--json']);
    expect(r.code).toBe(1);
    expect(isOneLineError(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(
      /chebyshev iteration diverged.*rounding amplified by the order of the steps/,
    );
    const j = JSON.parse(r.stdout);
    expect(j.reason).toBe('non-finite');
    expect(j.divergenceCause).toBe('rounding');
    expect(j.warnings).toHaveLength(1);
    expect(j.warnings[0]).toMatch(
      /^chebyshev: .*is not the cause: it holds every eigenvalue \(exact\) and max \|p_T\| = .* < 1 there\. .*monotone \(index\) order .*Use --order stable/,
    );
    expect(j.warnings[0]).not.toMatch(/gd:|try lmax/);
  });

  it('a schedule made for another spectrum (learned on cars) is refused before iterating with max |p_T|', () => {
    const dir = tmp();
    // the cars schedule of docs/real-problems.md (scaled cars spectrum [0.0365, 4.07])
    writeFileSync(
      join(dir, 'cars.txt'),
      '20.7465\n0.245588\n1.44125\n1.00012\n0.246378\n7.64172\n',
    );
    const r = runCli(['solve', '--matrix', LUND, '--steps', join(dir, 'cars.txt')]);
    expect(r.code).toBe(1);
    expect(isOneLineError(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(
      /--steps .*cars\.txt: the schedule cannot converge on .*lund_a\.mtx: max \|p_T\(lambda\)\| = 337\.\d >= 1 at lambda = 2\.10674 \(an eigenvalue, exact\), T = 6/,
    );
  });

  it('--steps files: a step <= 0 or a non-finite step is refused naming the file and the step', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'neg.txt'), '0.5\n-0.1\n');
    writeFileSync(join(dir, 'r.json'), JSON.stringify({ steps: { learned: [0.5, null] } }));
    const neg = runCli(['solve', '--matrix', LUND, '--steps', join(dir, 'neg.txt')]);
    expect(neg.code).toBe(1);
    expect(isOneLineError(neg.stderr)).toBe(true);
    expect(neg.stderr).toMatch(/--steps .*neg\.txt: step 1 is -0\.1; expected steps > 0/);
    const nan = runCli(['solve', '--matrix', LUND, '--steps', join(dir, 'r.json')]);
    expect(nan.code).toBe(1);
    expect(nan.stderr).toMatch(
      /r\.json \(steps\.learned\): entry 1 must be a finite number; got null/,
    );
  });

  it('max-iterations: exit 0, the report says it did not converge', () => {
    const r = solveJson(['--matrix', LUND, '--method', 'gd', '--max-iterations', '100']);
    expect(r.reason).toBe('max-iterations');
    expect(r.diverged).toBe(false);
    expect(r.warnings.at(-1)).toMatch(
      /stopped at the iteration budget \(--max-iterations 100\) with relative residual .* > tol 1e-8: not converged/,
    );
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

  it('a numerically singular design (two equal columns, lmin 2.2e-16 > 0) is refused with --ridge, not run to max-iterations', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'dup.csv'), 'a,b,y\n1,1,3\n2,2,4\n3,3,5\n4,4,6\n5,5,1\n');
    const r = runCli(['solve', '--design', join(dir, 'dup.csv'), '--target', 'y']);
    expect(r.code).toBe(1);
    expect(isOneLineError(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(
      /dup\.csv: the smallest eigenvalue .* within rounding .* of 0: the matrix is numerically singular \(kappa > 1\/eps\).*--ridge/,
    );
    const ok = solveJson(['--design', join(dir, 'dup.csv'), '--target', 'y', '--ridge', '0.1']);
    expect(ok.reason).toBe('converged');
  });

  it('tables: a column left out by the default rule and dropped rows are reported in the text and the JSON', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'nonnum.csv'), 'a,b,c,y\n1,2,1,3\n2,x,4,4\n3,1,,5\n4,5,2,6\n5,1,7,2\n');
    const text = runCli(['solve', '--design', join(dir, 'nonnum.csv'), '--target', 'y']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /columns: a, c \(every numeric column except the target\); left out: 'b' \(not numeric: 'x' on line 3\)/,
    );
    expect(text.stdout).toMatch(
      /dropped 1 row with a missing value \(missing per column: 'c' 1\); 4 rows left/,
    );
    const j = solveJson(['--design', join(dir, 'nonnum.csv'), '--target', 'y']);
    expect(j.problem.excludedColumns).toEqual([
      { column: 'b', reason: "not numeric: 'x' on line 3" },
    ]);
    expect(j.problem.droppedRows).toBe(1);
    expect(j.problem.droppedRowsByColumn).toEqual({ c: 1 });
    const err = runCli([
      'solve',
      '--design',
      join(dir, 'nonnum.csv'),
      '--target',
      'y',
      '--missing',
      'error',
    ]);
    expect(err.code).toBe(1);
    expect(err.stderr).toMatch(
      /nonnum\.csv:4: column 'c' has a missing value .*use --missing drop/,
    );
    writeFileSync(join(dir, 'inf.csv'), 'a,b,y\n1,2,3\n2,inf,4\n3,1,5\n');
    const inf = runCli(['solve', '--design', join(dir, 'inf.csv'), '--target', 'y']);
    expect(inf.code).toBe(1);
    expect(isOneLineError(inf.stderr)).toBe(true);
    expect(inf.stderr).toMatch(/inf\.csv:3: column 'b': the value 'inf' is not finite/);
  });

  it('--rhs with a NaN entry or no entries: refused naming --rhs, the file and the entry', () => {
    const dir = tmp();
    const b = Float64Array.from({ length: 147 }, () => 1);
    b[5] = NaN;
    writeNpy(join(dir, 'b.npy'), b);
    writeNpy(join(dir, 'e.npy'), new Float64Array(0));
    const r = runCli(['solve', '--matrix', LUND, '--rhs', join(dir, 'b.npy')]);
    expect(r.code).toBe(1);
    expect(isOneLineError(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(/--rhs .*b\.npy: entry 5 is not finite \(NaN/);
    const e = runCli(['solve', '--matrix', LUND, '--rhs', join(dir, 'e.npy')]);
    expect(e.code).toBe(1);
    expect(e.stderr).toMatch(/--rhs .*e\.npy: empty/);
    writeFileSync(join(dir, 'big.csv'), 'a,y\n1,1e308\n2,1e308\n3,1e308\n');
    const o = runCli(['solve', '--design', join(dir, 'big.csv'), '--target', 'y']);
    expect(o.code).toBe(1);
    expect(o.stderr).toMatch(/big\.csv: the right-hand side b = D\^T y is not finite/);
    for (const x of [r, e, o]) {
      expect(isOneLineError(x.stderr)).toBe(true);
      expect(x.stderr).not.toMatch(/gdIterates|estimateSpectrum/);
    }
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
      [
        ['--matrix', LUND, '--method', 'momentum', '--order', 'index'],
        /--order: .*--method chebyshev only; not with --method momentum/,
      ],
      [
        ['--matrix', LUND, '--method', 'cg', '--order', 'stable'],
        /--order: .*not with --method cg/,
      ],
      [['--matrix', LUND, '--steps', 'x', '--order', 'index'], /--order: .*not with --steps/],
      [
        ['--matrix', LUND, '--steps', 'x', '--lmax', '3'],
        /--lmin\/--lmax: a --steps schedule uses no interval/,
      ],
      [
        ['--matrix', LUND, '--method', 'cg', '--safety-margin', '0.2'],
        /--safety-margin: .*CG needs no interval/,
      ],
      [
        ['--matrix', LUND, '--lmin', '1e-4', '--lmax', '3', '--safety-margin', '0.2'],
        /--safety-margin: .*both --lmin and --lmax/,
      ],
      [['--matrix', LUND, '--steps', 'x', '--safety-margin', '0.2'], /--safety-margin: .*--steps/],
      [['--matrix', LUND, '--lmin', '1e-320', '--lmax', '3'], /--lmin\/--lmax: kappa .* overflows/],
    ];
    for (const [args, msg] of cases) {
      const r = runCli(['solve', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(msg);
    }
  });
});
