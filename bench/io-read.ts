/**
 * Matrix Market read/write timing on a generated 2-D Poisson matrix.
 *
 * The 5-point Laplacian on a g x g grid (n = g^2 unknowns, 4 on the diagonal,
 * -1 for each grid neighbour; 5 g^2 - 4 g nonzeros) is written to /tmp as
 * `general` (every entry) and `symmetric` (lower triangle) coordinate files
 * with writeMatrixMarket, then read back with readMatrixMarket (async stream),
 * readMatrixMarketSync and, as a peer, scipy.io.mmread (when python3 with
 * scipy is installed). Each read is checked (nnz, sum of values = 4g).
 *
 *   npx tsx bench/io-read.ts           g = 1000: n = 1e6, ~5e6 nonzeros, best of 3 reads
 *   npx tsx bench/io-read.ts --quick   g = 100, one read each, scipy on the general file only
 * Times are wall-clock; on a shared machine report the best of the repetitions.
 */
import { spawnSync } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { readMatrixMarket, readMatrixMarketSync, type CooMatrix } from '../src/io/matrix-market.js';
import { writeMatrixMarket, type CooLike } from '../src/io/matrix-market-write.js';

const quick = process.argv.includes('--quick');
const g = quick ? 100 : 1000;
const n = g * g;
const reps = quick ? 1 : 3;

function poisson2d(g: number): CooLike {
  const nnz = 5 * g * g - 4 * g;
  const rowIndex = new Int32Array(nnz);
  const colIndex = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let k = 0;
  const put = (i: number, j: number, v: number): void => {
    rowIndex[k] = i;
    colIndex[k] = j;
    values[k++] = v;
  };
  for (let y = 0; y < g; y++)
    for (let x = 0; x < g; x++) {
      const i = y * g + x;
      if (y > 0) put(i, i - g, -1);
      if (x > 0) put(i, i - 1, -1);
      put(i, i, 4);
      if (x < g - 1) put(i, i + 1, -1);
      if (y < g - 1) put(i, i + g, -1);
    }
  return { rows: g * g, cols: g * g, rowIndex, colIndex, values };
}

function check(a: CooMatrix, nnz: number): void {
  let s = 0;
  for (let k = 0; k < a.nnz; k++) s += a.values[k];
  // row sums are 0 inside, and the 4g boundary half-edges give sum 4g
  if (a.nnz !== nnz || s !== 4 * g) throw new Error(`bad read: nnz ${a.nnz}, sum ${s}`);
}

function time<T>(f: () => T): { value: T; seconds: number } {
  const t0 = performance.now();
  const value = f();
  return { value, seconds: (performance.now() - t0) / 1000 };
}

async function timeAsync<T>(f: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const t0 = performance.now();
  const value = await f();
  return { value, seconds: (performance.now() - t0) / 1000 };
}

function scipySeconds(path: string): number | null {
  const code =
    'import sys, time, scipy.io\n' +
    't = time.perf_counter(); a = scipy.io.mmread(sys.argv[1]); t = time.perf_counter() - t\n' +
    'print(t, a.nnz)';
  const r = spawnSync('python3', ['-c', code, path], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  return Number(r.stdout.trim().split(' ')[0]);
}

const a = poisson2d(g);
const nnz = a.values.length;
console.log(`2-D Poisson ${g} x ${g}: n = ${n}, nnz = ${nnz}${quick ? ' (quick)' : ''}`);
const rows: string[] = [];
for (const symmetry of ['general', 'symmetric'] as const) {
  const path = `/tmp/dugd-io-poisson-${g}-${symmetry}.mtx`;
  const w = time(() => writeMatrixMarket(path, a, { symmetry }));
  const mb = statSync(path).size / 1e6;
  const r1 = await timeAsync(() => readMatrixMarket(path));
  check(r1.value, nnz);
  const r2 = time(() => readMatrixMarketSync(path));
  check(r2.value, nnz);
  // quick mode runs the peer once (general file) so its code path stays alive
  let peer = quick && symmetry === 'symmetric' ? null : scipySeconds(path);
  for (let rep = 1; rep < reps; rep++) {
    r1.seconds = Math.min(r1.seconds, (await timeAsync(() => readMatrixMarket(path))).seconds);
    r2.seconds = Math.min(r2.seconds, time(() => readMatrixMarketSync(path)).seconds);
    const p = scipySeconds(path);
    if (peer !== null && p !== null) peer = Math.min(peer, p);
  }
  const stored = r1.value.storedEntries;
  rows.push(
    `${symmetry.padEnd(9)} ${mb.toFixed(1).padStart(7)} MB  stored ${String(stored).padStart(8)}  ` +
      `write ${w.seconds.toFixed(2)} s  read(stream) ${r1.seconds.toFixed(2)} s ` +
      `(${(stored / r1.seconds / 1e6).toFixed(1)} M entries/s, ${(mb / r1.seconds).toFixed(0)} MB/s)  ` +
      `readSync ${r2.seconds.toFixed(2)} s` +
      (peer === null
        ? ''
        : `  scipy.io.mmread ${peer.toFixed(2)} s (ratio ${(r1.seconds / peer).toFixed(2)})`),
  );
  rmSync(path, { force: true });
}
for (const r of rows) console.log(r);
