import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('bench/sparse-poisson.ts --quick (kept from rotting; timings are not asserted)', () => {
  it('runs, and its iteration obeys the Chebyshev bound and the Lanczos interlacing', () => {
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'bench', 'sparse-poisson.ts'), '--quick', '--json'],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
    );
    const r = JSON.parse(out);
    expect(r.n).toBe(200 * 200);
    expect(r.nnz).toBe(5 * 40000 - 4 * 200);
    // Ritz values lie inside the spectrum (interlacing), lmax converges fast
    expect(r.spectrum.lmin).toBeGreaterThanOrEqual(r.spectrum.exactLmin);
    expect(r.spectrum.lmax).toBeLessThanOrEqual(r.spectrum.exactLmax);
    expect(Math.abs(r.spectrum.lmaxRelativeError)).toBeLessThan(1e-3);
    // exact interval: after one period ||r_T|| <= ||r_0|| / C_T(sigma)
    expect(r.interval).toEqual([r.spectrum.exactLmin, r.spectrum.exactLmax]);
    expect(r.iteration.residualRatio).toBeLessThanOrEqual(r.iteration.chebyshevBound);
    // the fused loop is the same iteration with other rounding
    expect(Math.abs(r.fused.residualRatio - r.iteration.residualRatio)).toBeLessThan(
      1e-9 * r.iteration.residualRatio,
    );
    for (const v of [r.spmvMs, r.iteration.medianMs, r.fused.medianMs]) {
      expect(v).toBeGreaterThan(0);
      expect(Number.isFinite(v)).toBe(true);
    }
  });
});
