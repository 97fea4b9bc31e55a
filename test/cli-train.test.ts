/**
 * `dugd train` end to end, spawned as a user would run it: exit codes,
 * files written (and not written), the documented result.json fields,
 * curves.csv, determinism, rerunning from the recorded command, and
 * one-line errors for bad input.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectedMseCurve } from '../src/analysis/index.js';
import { spectrumFromEigenvalues } from '../src/linalg/index.js';
import { comparison } from '../src/cli/commands/train.js';
import { ensureBuilt, isOneLineError, runCli } from './helpers/built-cli.js';
import { expectAllClose } from './helpers/close.js';
import { SHARED } from './helpers/reference.js';

const PAPER = join(SHARED, 'reference', 'paper_spectrum.json');
const SMALL = ['-n', '30', '-m', '60', '-T', '6', '--batches', '40', '--batch-size', '20'];
const tmp = () => mkdtempSync(join(tmpdir(), 'dugd-train-'));
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const readJson = (p: string): any => JSON.parse(readFileSync(p, 'utf8'));

beforeAll(() => ensureBuilt(), 180_000);

const train = (args: string[], options: { cwd?: string } = {}) =>
  runCli(['train', ...args], options);

describe('dugd train --out', () => {
  const dir = tmp();
  let run: ReturnType<typeof runCli>;
  beforeAll(() => {
    run = train([...SMALL, '--seed', '3', '--out', dir, '--quiet']);
  });

  it('exits 0, prints the summary and writes result.json and curves.csv', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/DUGD\s+learned/);
    expect(run.stdout).toMatch(/GD\s+2\/\(lmin\+lmax\)/);
    expect(run.stdout).toMatch(/CHGD\s+Chebyshev/);
    expect(run.stdout).toMatch(/kappa/);
    expect(readdirSync(dir).sort()).toEqual(['curves.csv', 'result.json']);
  });

  it('result.json has the documented fields, consistent with each other', () => {
    const r = readJson(join(dir, 'result.json'));
    expect(r.settings).toMatchObject({
      n: 30,
      m: 60,
      T: 6,
      batches: 40,
      batchSize: 20,
      lr: 0.002,
      init: 0.3,
      seed: 3,
      engine: 'moment',
      noise: 0,
      spectrum: null,
    });
    expect(r.spectrum.lmin).toBeGreaterThan(0);
    expect(r.spectrum.lmax).toBeGreaterThan(r.spectrum.lmin);
    expect(r.spectrum.eigenvalues.length).toBe(30);
    expect(r.steps.learned.length).toBe(6);
    expect(r.steps.chebyshev.length).toBe(6);
    for (const k of ['dugd', 'gd', 'chgd']) {
      expect(r.evaluation.expected[k].length).toBe(7);
      expect(r.evaluation.sampled[k].length).toBe(7);
    }
    expect(r.history.length).toBe(6);
    for (const h of r.history) {
      expect(Number.isFinite(h.loss)).toBe(true);
      expect(Number.isFinite(h.spectralRadius)).toBe(true);
    }
    expect(r.timing.trainSeconds).toBeGreaterThanOrEqual(0);
    expect(r.training.status).toBe('completed');
    expect(r.warnings).toEqual([]);
    // the curve is the exact expected MSE of the learned steps on the recorded spectrum
    const spectrum = spectrumFromEigenvalues(r.spectrum.eigenvalues);
    expectAllClose(
      r.evaluation.expected.dugd,
      expectedMseCurve(spectrum, r.steps.learned),
      { rtol: 1e-12, atol: 1e-15 },
      'dugd curve',
    );
    expect(r.evaluation.final.dugd).toBe(r.evaluation.expected.dugd[6]);
    expect(r.history[5].steps).toEqual(r.steps.learned);
    // learned steps beat GD on this small problem too
    expect(r.evaluation.final.dugd).toBeLessThan(r.evaluation.final.gd);
  });

  it('curves.csv holds the same curves, t = 0..T', () => {
    const r = readJson(join(dir, 'result.json'));
    const lines = readFileSync(join(dir, 'curves.csv'), 'utf8').trimEnd().split('\n');
    const header = lines[0].split(',');
    expect(header).toEqual([
      't',
      'dugd_expected',
      'gd_expected',
      'chgd_expected',
      'dugd_sampled',
      'gd_sampled',
      'chgd_sampled',
      'dugd_step',
      'gd_step',
      'chgd_step',
    ]);
    expect(lines.length).toBe(8);
    const col = (name: string) =>
      lines.slice(1).map((l) => Number(l.split(',')[header.indexOf(name)]));
    expect(col('t')).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(col('dugd_expected')).toEqual(r.evaluation.expected.dugd);
    expect(col('chgd_sampled')).toEqual(r.evaluation.sampled.chgd);
    expect(col('dugd_step').slice(0, 6)).toEqual(r.steps.learned);
  });

  it('same seed, same bytes (but timing); the recorded command reruns the result', () => {
    const again = tmp();
    const r2 = train([...SMALL, '--seed', '3', '--out', again, '--quiet']);
    expect(r2.code).toBe(0);
    expect(readFileSync(join(again, 'curves.csv'), 'utf8')).toBe(
      readFileSync(join(dir, 'curves.csv'), 'utf8'),
    );
    const a = readJson(join(dir, 'result.json'));
    const b = readJson(join(again, 'result.json'));
    delete a.timing;
    delete b.timing;
    expect(b).toEqual(a);
    // rerun from `command` (every setting explicit)
    const args = (a.command as string).split(' ').slice(2); // drop 'dugd train'
    const rerun = tmp();
    expect(train([...args, '--out', rerun, '--quiet']).code).toBe(0);
    expect(readJson(join(rerun, 'result.json')).steps).toEqual(a.steps);
    // another seed gives another problem and other steps
    const other = train([...SMALL, '--seed', '4', '--json', '--quiet']);
    expect(JSON.parse(other.stdout).steps.learned).not.toEqual(a.steps.learned);
  });
});

describe('dugd train, other inputs', () => {
  it('--json prints one JSON object with the same fields', () => {
    const r = train([...SMALL, '--engine', 'spectral', '--noise', '0.1', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.settings.engine).toBe('spectral');
    expect(j.settings.noise).toBe(0.1);
    expect(j.evaluation.expected.gd.length).toBe(7);
    expect(j.tool.name).toBe('dugd');
  });

  it('--spectrum reads a JSON object with eigenvalues, a JSON array or one number a line', () => {
    const r = train([
      '--spectrum',
      PAPER,
      '-T',
      '4',
      '--batches',
      '30',
      '--engine',
      'expected',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const ref = JSON.parse(readFileSync(PAPER, 'utf8'));
    expect(j.spectrum.lmin).toBe(ref.lmin);
    expect(j.spectrum.lmax).toBe(ref.lmax);
    expect(j.settings.spectrum).toBe(PAPER);
    expect(j.settings.m).toBeNull();
    const d = tmp();
    const eig = [0.5, 1, 2, 3.5, 4];
    writeFileSync(join(d, 'eig.json'), JSON.stringify(eig));
    writeFileSync(join(d, 'eig.txt'), `# eigenvalues\n${eig.join('\n')}\n`);
    const a = train(['--spectrum', join(d, 'eig.json'), '-T', '3', '--batches', '20', '--json']);
    const b = train(['--spectrum', join(d, 'eig.txt'), '-T', '3', '--batches', '20', '--json']);
    expect(a.code).toBe(0);
    expect(JSON.parse(a.stdout).steps.learned).toEqual(JSON.parse(b.stdout).steps.learned);
    expect(JSON.parse(a.stdout).spectrum.n).toBe(5);
  });

  it('the dense engine runs end to end on a small matrix (both forms)', () => {
    for (const form of ['A', 'H']) {
      const r = train([
        '-n',
        '10',
        '-m',
        '20',
        '-T',
        '3',
        '--batches',
        '10',
        '--batch-size',
        '4',
        '--engine',
        'dense',
        '--dense-form',
        form,
        '--json',
      ]);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).settings.denseForm).toBe(form);
    }
  });

  it('npm start (train --out out, paper defaults): DUGD <= 1e-6 and >= 500x below GD', () => {
    const cwd = tmp();
    const r = train(['--out', 'out', '--quiet'], { cwd });
    expect(r.code).toBe(0);
    const j = readJson(join(cwd, 'out', 'result.json'));
    expect(j.settings).toMatchObject({
      n: 300,
      m: 600,
      T: 25,
      batches: 500,
      batchSize: 200,
      lr: 0.002,
      init: 0.3,
      seed: 12,
      engine: 'moment',
      noise: 0,
      evalSamples: 10000,
    });
    expect(j.evaluation.final.dugd).toBeLessThanOrEqual(1e-6);
    expect(j.evaluation.final.gd / j.evaluation.final.dugd).toBeGreaterThanOrEqual(500);
    expect(Math.max(...j.steps.learned)).toBeGreaterThan(2);
    expect(Math.min(...j.steps.learned)).toBeLessThan(0.4);
  });

  it('--help lists the flags of the issue', () => {
    const r = train(['--help']);
    expect(r.code).toBe(0);
    for (const flag of [
      '-n',
      '-m',
      '-T',
      '--batches',
      '--batch-size',
      '--lr',
      '--init',
      '--seed',
      '--engine',
      '--noise',
      '--out',
      '--json',
      '--spectrum',
      '--quiet',
    ]) {
      expect(r.stdout).toContain(flag);
    }
  });
});

describe('dugd train: bad input gives one line, an exit code, and no files', () => {
  const d = tmp();
  writeFileSync(join(d, 'bad.txt'), '1.5\n2\nabc\n');
  writeFileSync(join(d, 'afile'), 'x');
  writeFileSync(join(d, 'zero.txt'), '0\n1\n2\n');
  const cases: [string[], number, RegExp][] = [
    [['-n', 'abc'], 2, /-n: expected a number; got 'abc'/],
    [['-n', '0'], 2, /-n: expected a positive integer; got '0'/],
    [['-n', '-3'], 2, /-n: expected a positive integer; got '-3'/],
    [['-m', '2.5'], 2, /-m: expected a positive integer; got '2.5'/],
    [['-n', '10', '-m', '5'], 2, /-m: expected m >= n .* got n=10, m=5/],
    [['-T', '0'], 2, /-T: expected a positive integer; got '0'/],
    [['--batches', '0'], 2, /--batches: expected a positive integer; got '0'/],
    [['--batch-size', 'many'], 2, /--batch-size: expected a number; got 'many'/],
    [['--lr', '-1'], 2, /--lr: expected a positive number; got '-1'/],
    [['--noise', '-0.1'], 2, /--noise: expected a number >= 0; got '-0.1'/],
    [['--seed', '1.5'], 2, /--seed: expected a non-negative integer; got '1.5'/],
    [
      ['--engine', 'gpu'],
      2,
      /--engine: expected one of dense, spectral, moment, expected; got 'gpu'/,
    ],
    [['--generations', '9', '-T', '6'], 2, /--generations: expected an integer <= T \(6\); got 9/],
    [['--horizon', '3', '-T', '6'], 2, /--horizon: expected an integer >= T \(6\); got 3/],
    [['--spectrum', PAPER, '--engine', 'dense'], 2, /--engine dense: needs a matrix/],
    [['--spectrum', PAPER, '-n', '300'], 2, /-n\/-m: not used with --spectrum/],
    [['--spectrum', join(d, 'missing.json')], 1, /missing\.json: cannot read the file \(ENOENT\)/],
    [['--spectrum', join(d, 'bad.txt')], 1, /bad\.txt:3: expected one finite number; got 'abc'/],
    [
      ['--out', join(d, 'afile')],
      2,
      /--out: cannot write into .*afile: it is a file, not a directory/,
    ],
    [['--dense-form', 'H'], 2, /--dense-form: only with --engine dense/],
    [['--init', '0'], 2, /--init: expected a step > 0; got '0' \(a zero step never moves/],
    [['--init', '-0.3'], 2, /--init: expected a step > 0; got '-0.3' .*trains exactly like 0.3/],
    [['--noise', '1e308'], 2, /--noise: expected sigma with a finite sigma\^2/],
    [['--spectrum', join(d, 'zero.txt')], 1, /zero\.txt: expected eigenvalues > 0 .* got lmin = 0/],
  ];
  for (const [args, code, message] of cases) {
    it(`${args.join(' ')} -> exit ${code}`, () => {
      const out = join(d, `out-${args.join('_').replace(/[^\w-]/g, '')}`);
      const r = train(['--batches', '5', '--out', out, '--quiet', ...args]);
      expect(r.code).toBe(code);
      expect(r.stderr).toMatch(message);
      expect(isOneLineError(r.stderr), r.stderr).toBe(true);
      expect(existsSync(out)).toBe(false);
    });
  }

  it('a learning rate that makes training non-finite: exit 1 naming --lr, summary kept, no files', () => {
    const out = join(d, 'out-nan');
    const r = train([...SMALL, '-T', '25', '--lr', '1e300', '--out', out, '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /training turned non-finite at generation 1, batch \d+ .*--lr 1e\+300/,
    );
    expect(isOneLineError(r.stderr), r.stderr).toBe(true);
    expect(r.stdout).toMatch(/warning: training turned non-finite/);
    expect(existsSync(out)).toBe(false);
    const j = JSON.parse(train([...SMALL, '--lr', '1e300', '--json']).stdout);
    expect(j.training.status).toBe('non-finite');
    expect(j.steps.learned.every(Number.isFinite)).toBe(true);
  });
});

describe('dugd train --out: an unusable directory fails before training, nothing is written', () => {
  it('a target that is a directory (DIR/curves.csv): exit 2 naming it; no result.json, no temporary', () => {
    const dir = join(tmp(), 'tr');
    mkdirSync(join(dir, 'curves.csv'), { recursive: true });
    const t0 = performance.now();
    const r = train(['-T', '2', '--batches', '2', '--out', dir, '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`dugd: --out: cannot write ${join(dir, 'curves.csv')}: is a directory\n`);
    expect(r.stdout).toBe(''); // refused before training
    expect(readdirSync(dir)).toEqual(['curves.csv']);
    expect(performance.now() - t0).toBeLessThan(10_000);
  });

  it.skipIf(process.platform !== 'linux')(
    '--out /proc/x fails at once (it used to spin at 100 % CPU)',
    () => {
      const r = train(['-T', '2', '--batches', '2', '--out', '/proc/dugd-x', '--quiet']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /^dugd: --out: cannot create directory \/proc\/dugd-x: .*\(ENOENT\)\n$/,
      );
    },
  );

  it.skipIf(!existsSync('/sys/kernel'))('--out /sys/kernel/x: one line, not a raw EPERM', () => {
    const r = train(['-T', '2', '--batches', '2', '--out', '/sys/kernel/dugd-x', '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^dugd: --out: cannot create directory \/sys\/kernel\/dugd-x: .*\((EPERM|EACCES|EROFS)\)\n$/,
    );
  });
});

describe('dugd train: messages that say what happened', () => {
  const d = tmp();
  writeFileSync(join(d, 'huge.json'), '[1e300, 1]');
  writeFileSync(join(d, 'equal.json'), '[2, 2, 2]');
  const small = ['-T', '3', '--batches', '5', '--quiet'];

  for (const [name, args, cause] of [
    [
      '--init 1e308',
      ['--init', '1e308'],
      /with the initial step 1e\+308 and eigenvalues up to lmax = 5\.767/,
    ],
    [
      '--spectrum [1e300, 1]',
      ['--spectrum', join(d, 'huge.json')],
      /eigenvalues up to lmax = 1e\+300 \(gamma lmax = 3e\+299\)/,
    ],
    [
      '--noise 1e150',
      ['--noise', '1e150'],
      /with the noise sigma = 1e\+150 .*use a smaller --noise/,
    ],
  ] as [string, string[], RegExp][]) {
    it(`${name}: non-finite at the first batch is not blamed on --lr`, () => {
      const out = join(d, `out-${name.replace(/\W/g, '')}`);
      const r = train([...small, ...args, '--out', out]);
      expect(r.code).toBe(1);
      expect(isOneLineError(r.stderr), r.stderr).toBe(true);
      expect(r.stderr).toMatch(
        /^dugd: training turned non-finite at the first batch \(.*\), before any update, so the learning rate is not the cause: /,
      );
      expect(r.stderr).toMatch(cause);
      expect(r.stderr).not.toMatch(/lower --lr/);
      expect(r.stdout).not.toMatch(/smaller lr/);
      expect(existsSync(out)).toBe(false);
    });
  }

  it('kappa = 1: train refuses like analyze (all eigenvalues equal: nothing to learn)', () => {
    const r = train([...small, '--spectrum', join(d, 'equal.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /equal\.json: all eigenvalues equal 2 \(kappa = 1\): the one step 1\/2 solves the problem exactly/,
    );
    expect(isOneLineError(r.stderr), r.stderr).toBe(true);
    const a = runCli(['analyze', '--steps', '0.5', '--spectrum', join(d, 'equal.json')]);
    expect(a.code).toBe(1);
    expect(a.stderr).toMatch(/expected eigenvalues with 0 < lmin < lmax/);
  });

  it('DUGD worse than GD reads "times higher MSE"', () => {
    const r = train(['-T', '4', '--batches', '3', '--lr', '2', '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /DUGD vs GD at t = 4: [\d.]+ times higher MSE \(DUGD is worse than GD\)/,
    );
    expect(r.stdout).not.toMatch(/times lower/);
  });

  it('comparison(): lower, higher, equal and zero MSEs', () => {
    expect(comparison(25, 3e-7, 9.5e-4)).toBe('DUGD vs GD at t = 25: 3167 times lower MSE');
    expect(comparison(4, 2, 1)).toBe(
      'DUGD vs GD at t = 4: 2 times higher MSE (DUGD is worse than GD)',
    );
    expect(comparison(3, 0.0026, 0)).toBe(
      'DUGD vs GD at t = 3: GD reaches MSE 0, DUGD 0.002600 (DUGD is worse)',
    );
    expect(comparison(3, 0, 0.1)).toBe('DUGD vs GD at t = 3: DUGD reaches MSE 0, GD 0.1000');
    expect(comparison(3, 0, 0)).toBe('DUGD vs GD at t = 3: both reach MSE 0');
    expect(comparison(3, 0.5, 0.5)).toBe('DUGD vs GD at t = 3: the same MSE (0.5000)');
    expect(comparison(3, Infinity, 0.5)).toBe('DUGD vs GD at t = 3: MSE Infinity vs 0.5000');
  });
});
