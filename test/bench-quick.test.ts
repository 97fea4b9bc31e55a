/**
 * The benchmark scripts under bench/ run once in their quick modes, spawned
 * as a user runs them (node --import tsx bench/<name>.ts --quick), so they
 * cannot rot. Timings are not asserted; shapes and quality are.
 * (bench/sparse-poisson.ts has its own, deeper check in bench-sparse-poisson.test.ts.)
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ENGINE_NAMES } from '../src/unfold/index.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

function bench(name: string, ...args: string[]): { stdout: string; stderr: string } {
  const p = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', name), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (p.status !== 0) {
    throw new Error(`bench/${name} ${args.join(' ')} exited ${p.status}:\n${p.stderr}`);
  }
  return { stdout: p.stdout, stderr: p.stderr };
}

const finitePositive = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;

describe('bench quick modes (kept from rotting; timings are not asserted)', () => {
  it('train-engines --quick: every engine trains, finite MSE below the initial 1, same JSON shape', () => {
    const { stdout, stderr } = bench('train-engines.ts', '--quick');
    const r = JSON.parse(stdout);
    expect(r.benchmark).toBe('train-engines');
    expect(r.settings).toMatchObject({ quick: true, n: 40, m: 80, T: 6, batchSize: 20 });
    expect(r.initialMse).toBe(1);
    expect(r.momentUnderOneSecond).toBeNull(); // the target is judged on the full settings only
    expect(r.engines.map((e: { engine: string }) => e.engine)).toEqual([...ENGINE_NAMES]);
    for (const e of r.engines) {
      expect(e.generations).toBe(r.settings.T);
      expect(e.extrapolation).toBeNull(); // every generation trained
      expect(e.runs).toHaveLength(1);
      const run = e.runs[0];
      expect(run.status).toBe('completed');
      expect(run.generationSeconds).toHaveLength(r.settings.T);
      for (const v of [run.trainSeconds, run.cpuSeconds, e.median.trainSeconds]) {
        expect(finitePositive(v)).toBe(true);
      }
      expect(Number.isFinite(run.finalExpectedMse)).toBe(true);
      expect(run.finalExpectedMse).toBeGreaterThan(0);
      expect(run.finalExpectedMse).toBeLessThan(r.initialMse);
      expect(run.prefixExpectedMse).toBe(run.finalExpectedMse); // G = T: the prefix is the schedule
      expect(e.median.finalExpectedMse).toBe(run.finalExpectedMse);
    }
    expect(r.cli.runs).toHaveLength(1);
    expect(r.cli.runs[0].exitCode).toBe(0);
    expect(finitePositive(r.cli.median.wallSeconds)).toBe(true);
    expect(finitePositive(r.cli.median.trainSeconds)).toBe(true);
    // the readable table goes to stderr, one row per engine
    for (const e of ENGINE_NAMES) expect(stderr).toMatch(new RegExp(`^\\| ${e}\\b`, 'm'));
  });

  it('eigen --quick: one row for n = 100 with its quality columns', () => {
    const { stdout } = bench('eigen.ts', '--quick');
    const row = stdout.split('\n').find((l) => l.startsWith('| 100 |'));
    expect(row).toBeDefined();
    // the residual ||A V - V Lambda||_F / ||A||_F is a tiny number in exponent form
    const cells = row!.split('|').map((c) => c.trim());
    const residual = Number(cells[7]);
    expect(residual).toBeLessThan(1e-12);
  });

  it('io-read --quick: writes and reads back both Matrix Market symmetries', () => {
    const { stdout } = bench('io-read.ts', '--quick');
    expect(stdout).toContain('2-D Poisson 100 x 100: n = 10000, nnz = 49600');
    expect(stdout).toMatch(/^general .*read\(stream\) [0-9.]+ s/m);
    expect(stdout).toMatch(/^symmetric .*read\(stream\) [0-9.]+ s/m);
  });

  it('sparse-poisson --quick --json: runs and reports the SpMV and iteration times', () => {
    const r = JSON.parse(bench('sparse-poisson.ts', '--quick', '--json').stdout);
    expect(r.n).toBe(200 * 200);
    expect(finitePositive(r.spmvMs)).toBe(true);
    expect(r.iteration.residualRatio).toBeLessThanOrEqual(r.iteration.chebyshevBound);
  });
});
