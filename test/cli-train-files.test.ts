/**
 * `dugd train --matrix FILE` / `--design FILE` end to end (spawned CLI), and
 * the two library pieces they add: the 'log' step parametrization of
 * trainIncremental and the start specs of training-start.ts.
 *
 * Values: on lund_a.mtx (diagonally scaled, kappa 1.03e4) the learned T = 25
 * schedule beats the Chebyshev schedule of the same length in exact
 * expected MSE, recomputed here from the recorded eigenvalues; the
 * defaults make training scale-free (A and A/m give the same schedule up to
 * the factor m); the SLQ path records its weights; refusals say why.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectedMseCurve, SpectralRecurrence } from '../src/analysis/index.js';
import { initialSteps, parseInitSpec } from '../src/experiments/index.js';
import { spectrumFromEigenvalues, weightedSpectrum } from '../src/linalg/index.js';
import { Rng } from '../src/random/index.js';
import { chebyshevSteps } from '../src/schedules/index.js';
import { ExpectedEngine, trainIncremental } from '../src/unfold/index.js';
import { ensureBuilt, isOneLineError, ROOT, runCli } from './helpers/built-cli.js';
import { expectAllClose } from './helpers/close.js';
import { SHARED } from './helpers/reference.js';

const DATA = join(SHARED, 'data');
const LUND = join(DATA, 'lund_a.mtx');
const CARS = join(ROOT, 'node_modules', 'vega-datasets', 'data', 'cars.json');
const CARS_FLAGS = [
  '--design',
  CARS,
  '--target',
  'Miles_per_Gallon',
  '--standardize',
  '--intercept',
];
const tmp = () => mkdtempSync(join(tmpdir(), 'dugd-train-files-'));
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const trainJson = (args: string[]): any => {
  const r = runCli(['train', ...args, '--json', '--quiet']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
};
const finalMse = (eigs: number[], steps: number[], weights?: number[]) => {
  const s = weights
    ? weightedSpectrum(eigs, weights, eigs.length, 'slq')
    : spectrumFromEigenvalues(eigs);
  return expectedMseCurve(s, Float64Array.from(steps), 0)[steps.length];
};

beforeAll(() => ensureBuilt(), 180_000);

describe('dugd train --matrix lund_a.mtx', () => {
  const dir = tmp();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let r: any;
  beforeAll(() => {
    const run = runCli(['train', '--matrix', LUND, '--out', dir, '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    r = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
  });

  it('records the problem, the exact spectrum and the file defaults (log, 1/lmax, lr 0.01)', () => {
    expect(r.problem).toMatchObject({ kind: 'spd-system', n: 147, nnz: 2449 });
    expect(r.problem.scaling.applied).toBe('diagonal');
    expect(r.problem.spectrum.method).toBe('dense');
    expect(r.settings).toMatchObject({
      T: 25,
      lr: 0.01,
      init: '1/lmax',
      parametrization: 'log',
      engine: 'moment',
      m: null,
    });
    expect(r.settings.spectrum).toMatch(/lund_a\.mtx$/);
    expect(r.spectrum.eigenvalues.length).toBe(147);
    expect(r.spectrum.weights).toBeUndefined();
    expect(Math.abs(r.spectrum.lmin / 2.05251e-4 - 1)).toBeLessThan(5e-6);
    expect(Math.abs(r.spectrum.lmax / 2.10674 - 1)).toBeLessThan(1e-6);
    // start 1/lmax: the first layer's first generation starts there (history records after training)
    expect(r.history.length).toBe(25);
  });

  it('the learned schedule beats Chebyshev of the same length in exact expected MSE (recomputed here)', () => {
    const eigs: number[] = r.spectrum.eigenvalues;
    const dugd = finalMse(eigs, r.steps.learned);
    const cheb = finalMse(eigs, r.steps.chebyshev);
    expect(dugd).toBeCloseTo(r.evaluation.final.dugd, 12);
    expect(cheb).toBeCloseTo(r.evaluation.final.chgd, 12);
    // measured: 0.00827 vs 0.4445 (kappa 1e4: 25 Chebyshev steps reduce the worst case only to 0.89)
    expect(dugd).toBeLessThan(cheb / 20);
    expect(r.evaluation.spectralRadius.dugd).toBeLessThan(1);
    expect(r.warnings).toEqual([]);
  });

  it('curves.csv has the DUGD, GD and CHGD curves; the rerun command gives the same steps', () => {
    const csv = readFileSync(join(dir, 'curves.csv'), 'utf8').split('\n');
    expect(csv[0]).toMatch(/^t,dugd_expected,gd_expected,chgd_expected,/);
    expect(csv.filter((l) => l !== '').length).toBe(27);
    expect(r.command).toMatch(/^dugd train --matrix \S+lund_a\.mtx .*--param log/);
    const again = trainJson(r.command.split(' ').slice(2));
    expect(again.steps).toEqual(r.steps);
  });

  it('the paper start (abs, 0.3, lr 0.002) diverges on the unscaled matrix; the defaults do not', () => {
    const paper = runCli([
      'train',
      '--matrix',
      LUND,
      '--scale',
      'none',
      '--param',
      'abs',
      '--init',
      '0.3',
      '--lr',
      '0.002',
      '-T',
      '12',
      '--quiet',
    ]);
    expect(paper.code).toBe(1);
    expect(paper.stderr).toMatch(/training turned non-finite/);
    const ours = trainJson(['--matrix', LUND, '--scale', 'none', '-T', '12']);
    expect(ours.evaluation.final.dugd).toBeLessThan(ours.evaluation.final.chgd);
  });

  it('--spectrum-method slq: trains on the weighted SLQ nodes, records them, still beats Chebyshev', () => {
    const s = trainJson([
      '--matrix',
      LUND,
      '--spectrum-method',
      'slq',
      '--slq-probes',
      '8',
      '-T',
      '25',
      '--batches',
      '200',
      '--eval-samples',
      '0',
    ]);
    expect(s.problem.spectrum.method).toBe('slq');
    expect(s.spectrum.weights.length).toBe(s.spectrum.eigenvalues.length);
    const dugd = finalMse(s.spectrum.eigenvalues, s.steps.learned, s.spectrum.weights);
    expect(dugd).toBeCloseTo(s.evaluation.final.dugd, 10);
    expect(dugd).toBeLessThan(s.evaluation.final.chgd / 10);
    // the baselines use the Lanczos interval, equal to the exact one here
    expect(Math.abs(s.spectrum.interval.lmin / 2.05251e-4 - 1)).toBeLessThan(5e-6);
  });
});

describe('dugd train on an SLQ spectrum: the text output labels estimates as estimates', () => {
  it('MSE columns say "expected, SLQ density" and the nodes are not called eigenvalues', () => {
    const r = runCli([
      'train',
      '--matrix',
      LUND,
      '--spectrum-method',
      'slq',
      '--slq-probes',
      '4',
      '-T',
      '4',
      '--batches',
      '20',
      '--eval-samples',
      '0',
      '--quiet',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/MSE t=4 \(expected, SLQ density\)/);
    expect(r.stdout).not.toMatch(/\(exact\)/);
    expect(r.stdout).toMatch(/quadrature nodes of the estimated spectral density/);
  });
});

describe('dugd train --design (the cars table of vega-datasets)', () => {
  it('DUGD and CHGD on the standardised regression: curves in the output, DUGD below CHGD', () => {
    const r = trainJson([...CARS_FLAGS, '-T', '6', '--batches', '2000']);
    expect(r.problem).toMatchObject({ kind: 'least-squares', m: 392, n: 6, droppedRows: 14 });
    expect(r.spectrum.kappa).toBeCloseTo(111.5, 0);
    for (const k of ['dugd', 'gd', 'chgd']) expect(r.evaluation.expected[k].length).toBe(7);
    // measured: 0.0074 vs 0.1925
    expect(r.evaluation.final.dugd).toBeLessThan(r.evaluation.final.chgd / 5);
    const h = runCli(['train', ...CARS_FLAGS, '-T', '6', '--quiet']);
    expect(h.stdout).toMatch(/problem: .*cars\.json: design D 392 x 6/);
    expect(h.stdout).toMatch(/CHGD\s+Chebyshev/);
  });

  it('scale-free defaults: A_s = A/m and A give the same schedule up to the factor m = 392', () => {
    const a = trainJson([...CARS_FLAGS, '-T', '4', '--batches', '200', '--eval-samples', '0']);
    const b = trainJson([
      ...CARS_FLAGS,
      '-T',
      '4',
      '--batches',
      '200',
      '--eval-samples',
      '0',
      '--scale',
      'none',
    ]);
    expect(a.problem.scaling.applied).toBe('diagonal');
    expect(b.problem.scaling.applied).toBe('none');
    // the same Adam updates on p = log(gamma) + log(m) up to the rounding of lambda gamma,
    // which 800 Adam steps amplify to about 6e-8 relative (measured)
    expectAllClose(
      b.steps.learned.map((g: number) => g * 392),
      a.steps.learned,
      { rtol: 1e-6 },
    );
  });
});

describe('dugd train: refusals and flag checks', () => {
  const cases: [string[], number, RegExp][] = [
    [['--matrix', join(DATA, 'pores_1.mtx')], 1, /not symmetric.*--design/],
    [['--matrix', join(DATA, 'wrong.mtx')], 1, /wrong\.mtx:3: row index 0/],
    [['--design', join(DATA, 'jgl009.mtx')], 1, /smallest eigenvalue .*<= 0.*--ridge/],
    [['--matrix', LUND, '-n', '20'], 2, /-n: not used with --matrix/],
    [['--matrix', LUND, '--engine', 'dense'], 2, /--engine dense: not with --matrix/],
    [['--scale', 'none'], 2, /--scale: only with --matrix or --design/],
    [['--matrix', LUND, '--design', CARS], 2, /not both/],
    [
      ['--matrix', LUND, '--init', 'x/lmax'],
      2,
      /--init: expected a number, 'c\/lmax' or 'chebyshev'/,
    ],
  ];
  for (const [args, code, msg] of cases) {
    it(`${args.map((a) => a.replace(/.*\//, '')).join(' ')}: exit ${code}`, () => {
      const r = runCli(['train', ...args, '--quiet']);
      expect(r.code).toBe(code);
      expect(isOneLineError(r.stderr)).toBe(true);
      expect(r.stderr).toMatch(msg);
    });
  }

  it('a numerically singular design (two equal columns, lmin > 0 by rounding) is refused with --ridge', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'dup.csv'), 'a,b,y\n1,1,3\n2,2,4\n3,3,5\n4,4,6\n5,5,1\n');
    const r = runCli(['train', '--design', join(dir, 'dup.csv'), '--target', 'y', '--quiet']);
    expect(r.code).toBe(1);
    expect(isOneLineError(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(/numerically singular \(kappa > 1\/eps\).*DUGD training.*--ridge/);
  });

  it('SLQ: the header labels the MSE numbers as estimates and explains the two intervals', () => {
    const r = runCli([
      'train',
      '--matrix',
      LUND,
      '--spectrum-method',
      'slq',
      '-T',
      '5',
      '--batches',
      '20',
      '--eval-samples',
      '0',
      '--quiet',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /SLQ: the MSE numbers below are estimates \(expected MSE under the estimated spectral density: \d+ weighted nodes, not eigenvalues/,
    );
    expect(r.stdout).toMatch(
      /the density's support \[\S+, \S+\] is inside the Lanczos extremes \[\S+, \S+\] that the GD and Chebyshev baselines use/,
    );
    const dense = runCli([
      'train',
      '--matrix',
      LUND,
      '-T',
      '3',
      '--batches',
      '5',
      '--eval-samples',
      '0',
      '--quiet',
    ]);
    expect(dense.stdout).not.toMatch(/SLQ:/);
  });

  it('the Gaussian default keeps the paper settings; --param log --init 1/lmax also works there', () => {
    const g = trainJson([
      '-n',
      '20',
      '-m',
      '40',
      '-T',
      '3',
      '--batches',
      '20',
      '--eval-samples',
      '0',
    ]);
    expect(g.settings).toMatchObject({ lr: 0.002, init: 0.3, parametrization: 'abs' });
    expect(g.problem).toBeUndefined();
    const l = trainJson([
      '-n',
      '20',
      '-m',
      '40',
      '-T',
      '3',
      '--batches',
      '20',
      '--eval-samples',
      '0',
      '--param',
      'log',
      '--init',
      '1/lmax',
    ]);
    expect(l.settings).toMatchObject({ init: '1/lmax', parametrization: 'log' });
    expect(l.command).toMatch(/--init 1\/lmax .*--param log/);
  });
});

describe('library: log parametrization and training starts', () => {
  const spectrum = spectrumFromEigenvalues([0.5, 1, 2, 4]);

  it("'log': gamma = exp(p), and the first Adam step changes every trained gamma by the factor exp(-+lr)", () => {
    const engine = new ExpectedEngine(spectrum);
    const start = Float64Array.from([0.1, 0.2]);
    const r = trainIncremental(engine, new Rng(0), {
      T: 2,
      batches: 1,
      lr: 0.01,
      initialSteps: start,
      parametrization: 'log',
      generations: 1,
      spectrum,
    });
    // generation 1 trains layer 0 only: the first Adam step moves p by lr (m/sqrt(v) = sign(g))
    const g = new Float64Array(1);
    new SpectralRecurrence(spectrum, 0).lossAndGradient(start.subarray(0, 1), g);
    expect(r.steps[0]).toBeCloseTo(0.1 * Math.exp(-0.01 * Math.sign(g[0])), 10);
    expect(r.steps[1]).toBe(0.2); // never trained: keeps its start
    expect(r.params[1]).toBeCloseTo(Math.log(0.2), 15);
  });

  it('refuses non-positive starts with log, and wrong lengths', () => {
    const engine = new ExpectedEngine(spectrum);
    const base = { T: 2, batches: 1, lr: 0.01, spectrum };
    expect(() =>
      trainIncremental(engine, new Rng(0), { ...base, parametrization: 'log', init: -0.3 }),
    ).toThrow(/initial step must be finite and > 0 \(log parametrization\); got -0\.3/);
    expect(() => trainIncremental(engine, new Rng(0), { ...base, initialSteps: [1] })).toThrow(
      /initialSteps must have T = 2 entries; got 1/,
    );
  });

  it('start specs: a number, c/lmax, chebyshev; bad text refused', () => {
    expect(parseInitSpec('0.3')).toBe(0.3);
    expect(parseInitSpec(' 2 / lmax')).toBe('2/lmax');
    expect(Array.from(initialSteps('2/lmax', 3, 1, 4))).toEqual([0.5, 0.5, 0.5]);
    expect(Array.from(initialSteps('chebyshev', 5, 1, 4))).toEqual(
      Array.from(chebyshevSteps(5, 1, 4)),
    );
    expect(() => parseInitSpec('lmax')).toThrow(/expected a number, 'c\/lmax' or 'chebyshev'/);
    expect(() => parseInitSpec('-1/lmax')).toThrow(/c > 0/);
  });
});
