/**
 * `dugd analyze` end to end (spawned) against the shared references, and
 * the number-list reader it and `dugd train --spectrum` use.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileFormatError } from '../src/io/errors.js';
import { parseNumberList, readNumberList } from '../src/io/number-list.js';
import { ensureBuilt, isOneLineError, runCli } from './helpers/built-cli.js';
import { expectAllClose, expectClose } from './helpers/close.js';
import { SHARED, loadReference } from './helpers/reference.js';

const PAPER = join(SHARED, 'reference', 'paper_spectrum.json');
// p(lambda), spectral radii, rates: relative 1e-10 + absolute 1e-13; curves: + absolute 1e-12
const POLY = { rtol: 1e-10, atol: 1e-13 };
const CURVE = { rtol: 1e-10, atol: 1e-12 };
const d = mkdtempSync(join(tmpdir(), 'dugd-analyze-'));
const analyze = (args: string[]) => runCli(['analyze', ...args]);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = (args: string[]): any => {
  const r = analyze([...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
};

beforeAll(() => ensureBuilt(), 180_000);

describe('dugd analyze against polynomial_spectral.json', () => {
  const ref = loadReference('polynomial_spectral.json');
  for (const c of ref.cases) {
    it(`${c.name}: p at the spectrum, spectral radius, rate, worst case, bounds`, () => {
      const spec = join(d, `${c.name}.json`);
      writeFileSync(spec, JSON.stringify(c.spectrum));
      const [lmin, lmax] = c.interval;
      const j = json([
        '--steps',
        c.steps.join(','),
        '--spectrum',
        spec,
        '--lmin',
        String(lmin),
        '--lmax',
        String(lmax),
      ]);
      expect(j.T).toBe(c.T);
      expect(j.polynomial.at).toBe('spectrum');
      // the spectrum comes back sorted ascending
      const order = c.spectrum
        .map((_: number, i: number) => i)
        .sort((a: number, b: number) => c.spectrum[a] - c.spectrum[b]);
      expectAllClose(
        j.polynomial.lambda,
        order.map((i: number) => c.spectrum[i]),
        { rtol: 0 },
      );
      expectAllClose(
        j.polynomial.p,
        order.map((i: number) => c.p_at_spectrum[i]),
        POLY,
        'p',
      );
      expectClose(j.spectralRadius, c.spectral_radius, POLY, 'rho');
      expectClose(j.rate, c.rate_per_step, POLY, 'rate');
      expectClose(j.worstCase.value, c.worst_case_on_interval_numeric, POLY, 'worst');
      expectClose(j.chebyshev.asymptoticRate, c.asymptotic_rate_chebyshev, POLY, 'limit');
      expectClose(j.gdRate, c.rate_constant_optimal_step, POLY, 'gd rate');
      if (c.schedule_kind === 'cheb')
        expectClose(j.chebyshev.bound, c.worst_case_closed_form, POLY, 'bound');
      // the paper's bounds rho^2/n <= MSE <= rho^2 hold for the exact expected MSE
      const mse = j.expectedMse[c.T];
      expect(j.mseBounds.lower).toBeLessThanOrEqual(mse * (1 + 1e-12));
      expect(mse).toBeLessThanOrEqual(j.mseBounds.upper * (1 + 1e-12));
    });
  }

  it('a grid of --points on the interval: p values at the evaluation points', () => {
    const c = ref.cases[0];
    const j = json(['--steps', c.steps.join(','), '--lmin', '1', '--lmax', '10', '--points', '10']);
    expect(j.polynomial.at).toBe('grid');
    expectAllClose(j.polynomial.lambda, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], { rtol: 1e-15 });
    expect(j.spectralRadius).toBeNull();
    expect(j.expectedMse).toBeNull();
    // the Chebyshev steps attain the bound at the interval ends
    expectClose(Math.abs(j.polynomial.p[0]), c.worst_case_closed_form, POLY, 'p(lmin)');
  });
});

describe('dugd analyze on the authors spectrum and on a train result', () => {
  const ref = loadReference('paper_spectrum.json');
  it('published learned steps: exact MSE curve and spectral radius from the reference', () => {
    const steps = join(d, 'published.txt');
    writeFileSync(steps, ref.published_notebook_run.learned_gammas.join('\n') + '\n');
    const j = json(['--steps-file', steps, '--spectrum', PAPER]);
    expectAllClose(
      j.expectedMse,
      ref.published_notebook_run.expected_mse_learned_gammas,
      CURVE,
      'curve',
    );
    expectClose(j.spectralRadius, ref.published_notebook_run.spectral_radius_learned, POLY, 'rho');
    expect(j.interval.lmin).toBe(ref.lmin);
    expect(j.interval.lmax).toBe(ref.lmax);
    const text = analyze(['--steps-file', steps, '--spectrum', PAPER]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/spectral radius/);
    expect(text.stdout).toMatch(/Chebyshev bound/);
  });

  it('--result takes steps.learned and the eigenvalues of a dugd train result.json', () => {
    const out = join(d, 'train-out');
    const t = runCli([
      'train',
      '-n',
      '20',
      '-m',
      '40',
      '-T',
      '5',
      '--batches',
      '30',
      '--out',
      out,
      '--quiet',
    ]);
    expect(t.code).toBe(0);
    const r = json(['--result', join(out, 'result.json')]);
    const res = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(r.steps).toEqual(res.steps.learned);
    expectAllClose(r.expectedMse, res.evaluation.expected.dugd, { rtol: 1e-14 }, 'curve');
    expect(r.spectralRadius).toBe(res.evaluation.spectralRadius.dugd);
  });
});

describe('dugd analyze: bad input', () => {
  writeFileSync(join(d, 'notjson.json'), '{"steps": ');
  writeFileSync(join(d, 'nosteps.json'), '{"steps": {}}');
  writeFileSync(join(d, 'object.json'), '{"eigenvalues": [1, 2]}');
  const cases: [string[], number, RegExp][] = [
    [['--lmin', '1', '--lmax', '2'], 2, /expected exactly one source of steps; got 0/],
    [
      ['--steps', '0.1', '--steps-file', 'x', '--lmin', '1', '--lmax', '2'],
      2,
      /exactly one source of steps; got 2/,
    ],
    [
      ['--steps', '0.1,abc', '--lmin', '1', '--lmax', '2'],
      2,
      /--steps: expected a number; got 'abc'/,
    ],
    [['--steps', '0.1', '--lmin', '1'], 2, /--lmin\/--lmax: give both or neither/],
    [
      ['--steps', '0.1', '--lmin', '2', '--lmax', '1'],
      2,
      /expected 0 < lmin < lmax; got lmin=2, lmax=1/,
    ],
    [
      ['--steps', '0.1', '--lmin', '0', '--lmax', '1'],
      2,
      /--lmin: expected a positive number; got '0'/,
    ],
    [['--steps', '0.1'], 2, /give an interval .* or a spectrum/],
    [
      ['--steps', '0.1', '--points', '0', '--lmin', '1', '--lmax', '2'],
      2,
      /--points: expected a positive integer/,
    ],
    [['--result', join(d, 'notjson.json')], 1, /notjson\.json is not valid JSON/],
    [['--result', join(d, 'nosteps.json')], 1, /no array of finite numbers at steps\.learned/],
    [['--result', join(d, 'missing.json')], 1, /--result: cannot read .*ENOENT/],
    [
      ['--steps', '0.3,,0.2', '--lmin', '0.5', '--lmax', '4'],
      2,
      /--steps: empty entry 2 of 3 in '0\.3,,0\.2'/,
    ],
    [['--steps', '0.3,0.2,', '--lmin', '0.5', '--lmax', '4'], 2, /--steps: empty entry 3 of 3/],
    [
      ['--steps', '0.3', '--lmin', '0.5', '--lmax', '4', '--noise', '0.1'],
      2,
      /--noise: only with a spectrum/,
    ],
    [
      ['--steps', '0.3', '--lmin', '5e-324', '--lmax', '4'],
      2,
      /--lmin\/--lmax: expected a finite kappa = lmax\/lmin/,
    ],
    [
      ['--steps-file', join(d, 'object.json'), '--lmin', '1', '--lmax', '2'],
      1,
      /object\.json: a JSON object must have an array field 'steps'; found fields eigenvalues \(a dugd train result\.json goes to --result\)/,
    ],
  ];
  for (const [args, code, message] of cases) {
    it(`${args.join(' ')} -> exit ${code}`, () => {
      const r = analyze(args);
      expect(r.code).toBe(code);
      expect(r.stderr).toMatch(message);
      expect(isOneLineError(r.stderr), r.stderr).toBe(true);
      expect(r.stdout).toBe('');
    });
  }
});

describe('readNumberList', () => {
  it('JSON array, JSON object with eigenvalues, one number a line with comments', () => {
    expect(Array.from(parseNumberList('[1, 2.5, 3e-2]', 'a'))).toEqual([1, 2.5, 0.03]);
    expect(Array.from(parseNumberList('{"n": 2, "eigenvalues": [4, 5]}', 'b'))).toEqual([4, 5]);
    expect(Array.from(parseNumberList('{"steps": [0.1]}', 'b', { field: 'steps' }))).toEqual([0.1]);
    expect(Array.from(parseNumberList('# header\n1\n\n  2.5  \r\n-3\n', 'c'))).toEqual([
      1, 2.5, -3,
    ]);
    const ref = loadReference('paper_spectrum.json');
    expect(Array.from(readNumberList(PAPER))).toEqual(ref.eigenvalues);
  });

  it('errors name the file and the line or entry', () => {
    expect(() => parseNumberList('1\nx\n', 'f.txt')).toThrow(FileFormatError);
    expect(() => parseNumberList('1\n2\nx3\n', 'f.txt')).toThrow(
      "f.txt:3: expected one finite number; got 'x3'",
    );
    expect(() => parseNumberList('1\nInfinity\n', 'f.txt')).toThrow(/f\.txt:2:/);
    expect(() => parseNumberList('[1, "2"]', 'f.json')).toThrow(
      'f.json: entry 1 must be a finite number; got "2"',
    );
    expect(() => parseNumberList('{"a": [1]}', 'f.json')).toThrow(
      /f\.json: a JSON object must have an array field 'eigenvalues'; found fields a/,
    );
    expect(() => parseNumberList('[1, 2', 'f.json')).toThrow(/f\.json: not valid JSON/);
    expect(() => parseNumberList('  \n', 'e.txt')).toThrow('e.txt: the file is empty');
    expect(() => parseNumberList('# only a comment\n', 'e.txt')).toThrow('e.txt: no numbers found');
    expect(() => parseNumberList('[]', 'e.json')).toThrow('e.json: the list is empty');
    expect(() => readNumberList(join(d, 'nope.txt'))).toThrow(
      /nope\.txt: cannot read the file \(ENOENT\)/,
    );
  });
});

describe('dugd analyze: warnings', () => {
  it('values that overflow float64: a warning line and a warnings array saying which and why', () => {
    const args = ['--steps', '1e308,1e308', '--lmin', '0.5', '--lmax', '4'];
    const r = analyze(args);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /warning: p_T at 21 of 21 grid points, the worst case and its rate overflow float64 \(shown as Infinity or NaN, null in --json\): \|p_T\| is a product of T = 2 factors/,
    );
    const j = json(args);
    expect(j.worstCase.value).toBeNull();
    expect(j.warnings).toHaveLength(1);
    expect(j.warnings[0]).toMatch(/overflow float64/);
    // a healthy schedule: no warnings
    expect(json(['--steps', '0.3,0.2', '--lmin', '0.5', '--lmax', '4']).warnings).toEqual([]);
  });

  it('a spectrum outside the given interval is named', () => {
    const spec = join(d, 'wide.json');
    writeFileSync(spec, '[0.2, 0.5, 1, 3, 5]');
    const j = json(['--steps', '0.3', '--spectrum', spec, '--lmin', '0.4', '--lmax', '1']);
    expect(j.warnings).toEqual([
      `3 of 5 eigenvalues of ${spec} lie outside the interval [0.4000, 1] (they span [0.2000, 5]): ` +
        'the worst case, the Chebyshev bound and the rates on the interval do not cover them; ' +
        'the spectral radius, the MSE bounds and the expected MSE use the eigenvalues',
    ]);
    const inside = json(['--steps', '0.3', '--spectrum', spec, '--lmin', '0.1', '--lmax', '6']);
    expect(inside.warnings).toEqual([]);
  });

  it('--steps "0.3, 0.2" and "0.3 0.2" still work; --steps-file takes {"steps": [...]}; --noise with a spectrum', () => {
    expect(json(['--steps', '0.3, 0.2', '--lmin', '0.5', '--lmax', '4']).steps).toEqual([0.3, 0.2]);
    expect(json(['--steps', '0.3 0.2', '--lmin', '0.5', '--lmax', '4']).steps).toEqual([0.3, 0.2]);
    const f = join(d, 'steps-object.json');
    writeFileSync(f, '{"steps": [0.3, 0.2]}');
    expect(json(['--steps-file', f, '--lmin', '0.5', '--lmax', '4']).steps).toEqual([0.3, 0.2]);
    expect(json(['--steps', '0.3', '--spectrum', PAPER, '--noise', '0.1']).noise).toBe(0.1);
  });
});
