/**
 * The README's library example, run as a user would: the ```js block is
 * written to a module inside the package (so `import ... from 'dugd'`
 * resolves to the built package by self-reference) and run with node.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from './helpers/built-cli.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('README library example', () => {
  it('runs and prints learned steps that beat GD, with the zig-zag', () => {
    ensureBuilt();
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const match = /```js\n([\s\S]*?)```/.exec(readme);
    expect(match, 'README has a ```js example').not.toBeNull();
    const dir = mkdtempSync(join(ROOT, '.readme-example-'));
    try {
      const file = join(dir, 'example.mjs');
      writeFileSync(file, match![1]);
      const out = execFileSync(process.execPath, [file], { encoding: 'utf8' });
      const steps = /learned steps (.*)/.exec(out)![1].split(' ').map(Number);
      expect(steps).toHaveLength(25);
      // the zig-zag: the first steps alternate large (> 1.5) and small (< 0.4)
      for (let t = 0; t < 8; t++) {
        if (t % 2 === 0) expect(steps[t]).toBeGreaterThan(1.5);
        else expect(steps[t]).toBeLessThan(0.4);
      }
      const mse = /learned (\S+) Chebyshev (\S+)/.exec(out)!;
      expect(Number(mse[1])).toBeLessThan(1e-6);
      expect(Number(mse[2])).toBeLessThan(Number(mse[1]));
      const rho = Number(/spectral radius of the learned product (\S+)/.exec(out)![1]);
      // the paper's link: rho^2 / n <= MSE <= rho^2
      expect(Number(mse[1])).toBeLessThanOrEqual(rho * rho);
      expect(Number(mse[1])).toBeGreaterThanOrEqual((rho * rho) / 300);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
