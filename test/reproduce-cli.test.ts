/**
 * `dugd reproduce` end to end (spawned): the files of one figure, --json,
 * same seed -> same bytes, and a one-line usage error (exit 2) for an
 * unknown figure name.
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
import { REPRODUCE_NAMES } from '../src/experiments/reproduce.js';
import { ensureBuilt, isOneLineError, runCli } from './helpers/built-cli.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'dugd-reproduce-'));

beforeAll(() => ensureBuilt(), 180_000);

describe('dugd reproduce ordering', () => {
  const dir = tmp();
  const again = tmp();
  const other = tmp();
  let json: ReturnType<typeof runCli>;
  beforeAll(() => {
    json = runCli(['reproduce', 'ordering', '--out', dir, '--seed', '3', '--json']);
    runCli(['reproduce', 'ordering', '--out', again, '--seed', '3', '--quiet']);
    runCli(['reproduce', 'ordering', '--out', other, '--seed', '4', '--quiet']);
  });

  it('writes DIR/ordering.svg, .png, .csv and .json and prints them with the key numbers', () => {
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([
      'ordering.csv',
      'ordering.json',
      'ordering.png',
      'ordering.svg',
    ]);
    const out = JSON.parse(json.stdout);
    expect(out.name).toBe('ordering');
    expect(out.seed).toBe(3);
    expect(out.files.sort()).toEqual(
      readdirSync(dir)
        .map((f) => join(dir, f))
        .sort(),
    );
    const keys = Object.fromEntries(
      out.keyNumbers.map((k: { key: string; value: number }) => [k.key, k.value]),
    );
    expect(keys.ordering_final_deviation_stable).toBeLessThan(1e-6);
    expect(keys.ordering_final_deviation_increasing).toBeGreaterThan(1e3);
    expect(readFileSync(join(dir, 'ordering.csv'), 'utf8').split('\n')[0]).toBe(
      't,error_increasing,error_decreasing,error_stable,exact_increasing,exact_decreasing,exact_stable,' +
        'prefix_norm_increasing,prefix_norm_decreasing,prefix_norm_stable,' +
        'suffix_norm_increasing,suffix_norm_decreasing,suffix_norm_stable',
    );
  });

  it('gives the same bytes for the same seed, and others for another seed', () => {
    for (const f of ['ordering.svg', 'ordering.png', 'ordering.csv', 'ordering.json']) {
      expect(readFileSync(join(again, f)).equals(readFileSync(join(dir, f)))).toBe(true);
    }
    expect(
      readFileSync(join(other, 'ordering.csv')).equals(readFileSync(join(dir, 'ordering.csv'))),
    ).toBe(false);
  });
});

describe('dugd reproduce: bad input', () => {
  it('names the valid figures in a one-line usage error (exit 2) and writes nothing', () => {
    const dir = tmp();
    const r = runCli(['reproduce', 'fig9', '--out', join(dir, 'x')]);
    expect(r.code).toBe(2);
    expect(isOneLineError(r.stderr)).toBe(true);
    expect(r.stderr).toContain("unknown figure 'fig9'");
    for (const n of REPRODUCE_NAMES) expect(r.stderr).toContain(n);
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });

  it('--out naming a file: the same one-line usage error as dugd train --out (exit 2)', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'afile'), 'x');
    const r = runCli(['reproduce', 'dugd-mse', '--out', join(dir, 'afile')]);
    const t = runCli(['train', '-T', '2', '--batches', '2', '--out', join(dir, 'afile')]);
    const message = `dugd: --out: cannot write into ${join(dir, 'afile')}: it is a file, not a directory\n`;
    expect([r.code, r.stderr]).toEqual([2, message]);
    expect([t.code, t.stderr]).toEqual([2, message]);
    expect(readFileSync(join(dir, 'afile'), 'utf8')).toBe('x');
  });

  it('a target that is a directory (DIR/ordering.png): refused before any figure, nothing written', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'ordering.png'));
    const t0 = performance.now();
    const r = runCli(['reproduce', 'all', '--out', dir, '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `dugd: --out: cannot write ${join(dir, 'ordering.png')}: is a directory\n`,
    );
    expect(readdirSync(dir)).toEqual(['ordering.png']); // no figures, no *.tmp
    expect(performance.now() - t0).toBeLessThan(10_000);
  });

  it.skipIf(process.platform !== 'linux')('--out /proc/x fails at once with one line', () => {
    const r = runCli(['reproduce', 'ordering', '--out', '/proc/dugd-x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^dugd: --out: cannot create directory \/proc\/dugd-x: .*\(ENOENT\)\n$/,
    );
  });

  it('rejects a bad seed with exit 2', () => {
    const r = runCli(['reproduce', 'ordering', '--seed', '-1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--seed/);
  });
});
