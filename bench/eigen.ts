/**
 * Benchmark of the dense symmetric eigensolver (src/linalg/eigen.ts) next to
 * ml-matrix's EigenvalueDecomposition (JAMA tred2/tql2, always with vectors),
 * on the paper's matrices A = H H^T, H n x 2n with N(0, 1/n) entries.
 *
 *   npx tsx bench/eigen.ts [--quick] [--sizes 300,1000,2000] [--runs 3]
 *                          [--ml-runs k] [--ml-max n] [--no-quality]
 *
 * Speed: median wall time and median CPU time (ms; CPU time is steadier
 * when other processes share the cores) over --runs runs of symmetricEigenvalues
 * (values only), symmetricEigen(..., { vectors: true }) and ml-matrix
 * (--ml-runs runs, default --runs; skipped above --ml-max).
 * Quality (not timed, once per size): max |lambda - lambda_ml| / ||A||_F,
 * ||A V - V Lambda||_F / ||A||_F and ||V^T V - I||_F.
 * --quick: n = 100, one run of each (a few seconds; CI runs it).
 */
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { matMul, norm2, transpose, type DenseMatrix } from '../src/linalg/index.js';
import { symmetricEigen, symmetricEigenvalues } from '../src/linalg/eigen.js';
import { gaussianProblem } from '../src/problems/gaussian.js';

export interface EigenBenchOptions {
  sizes: number[];
  runs: number;
  mlRuns: number;
  mlMax: number;
  quality: boolean;
}

/** Median wall time and median CPU time (user + system), ms. */
export interface Timing {
  wall: number;
  cpu: number;
}

export interface EigenBenchRow {
  n: number;
  values: Timing;
  vectors: Timing;
  /** NaN when ml-matrix was skipped */
  ml: Timing;
  /** max |lambda - lambda_ml| / ||A||_F (NaN when skipped) */
  valuesVsMl: number;
  /** ||A V - V Lambda||_F / ||A||_F (NaN when skipped) */
  residual: number;
  /** ||V^T V - I||_F (NaN when skipped) */
  orthogonality: number;
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : 0.5 * (s[k - 1] + s[k]);
}

/** Median wall time and median CPU time (user + system) of `runs` calls, in ms. */
function timeRuns(runs: number, f: () => void): Timing {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    f();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

function toMl(a: DenseMatrix): Matrix {
  return new Matrix(
    Array.from({ length: a.rows }, (_, i) =>
      Array.from(a.data.subarray(i * a.cols, (i + 1) * a.cols)),
    ),
  );
}

export function runEigenBench(opts: EigenBenchOptions): EigenBenchRow[] {
  // warm-up: let the JIT compile every path once on a small matrix
  const W = gaussianProblem({ n: 64, m: 128, seed: 2 }).gramMatrix();
  symmetricEigenvalues(W);
  symmetricEigen(W, { vectors: true });
  if (opts.mlRuns > 0) new EigenvalueDecomposition(toMl(W), { assumeSymmetric: true });
  const rows: EigenBenchRow[] = [];
  for (const n of opts.sizes) {
    const A = gaussianProblem({ n, m: 2 * n, seed: 1 }).gramMatrix();
    const values = timeRuns(opts.runs, () => symmetricEigenvalues(A));
    let last = symmetricEigen(A, { vectors: true });
    const vectors = timeRuns(opts.runs, () => {
      last = symmetricEigen(A, { vectors: true });
    });
    let ml: Timing = { wall: NaN, cpu: NaN };
    let mlValues: number[] | null = null;
    if (n <= opts.mlMax && opts.mlRuns > 0) {
      const M = toMl(A);
      ml = timeRuns(opts.mlRuns, () => {
        mlValues = new EigenvalueDecomposition(M, { assumeSymmetric: true }).realEigenvalues;
      });
    }
    const normA = norm2(A.data);
    let valuesVsMl = NaN;
    if (mlValues) {
      const ref = (mlValues as number[]).slice().sort((a, b) => a - b);
      valuesVsMl = 0;
      for (let i = 0; i < n; i++)
        valuesVsMl = Math.max(valuesVsMl, Math.abs(last.values[i] - ref[i]));
      valuesVsMl /= normA;
    }
    let residual = NaN;
    let orthogonality = NaN;
    if (opts.quality) {
      const V = last.vectors!;
      const AV = matMul(A, V);
      // AV <- A V - V diag(lambda)
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) AV.data[i * n + j] -= V.data[i * n + j] * last.values[j];
      residual = norm2(AV.data) / normA;
      const G = matMul(transpose(V), V);
      // G <- V^T V - I
      for (let i = 0; i < n; i++) G.data[i * n + i] -= 1;
      orthogonality = norm2(G.data);
    }
    rows.push({ n, values, vectors, ml, valuesVsMl, residual, orthogonality });
  }
  return rows;
}

export function formatTable(rows: EigenBenchRow[], opts: EigenBenchOptions): string {
  const g = (x: number) => (Number.isNaN(x) ? '-' : x < 10 ? x.toFixed(1) : x.toFixed(0));
  const f = (t: Timing) => `${g(t.wall)} / ${g(t.cpu)}`;
  const e = (x: number) => (Number.isNaN(x) ? '-' : x.toExponential(1));
  const lines = [
    `| n | values only (ms) | with vectors (ms) | ml-matrix EVD, vectors (ms) | ml / ours, vectors (CPU) | max abs diff of eigenvalues vs ml-matrix / norm(A)_F | residual AV - V Lambda / norm(A)_F | norm(V^T V - I)_F |`,
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.n} | ${f(r.values)} | ${f(r.vectors)} | ${f(r.ml)} | ${Number.isNaN(r.ml.cpu) ? '-' : (r.ml.cpu / r.vectors.cpu).toFixed(1)} | ${e(r.valuesVsMl)} | ${e(r.residual)} | ${e(r.orthogonality)} |`,
    );
  }
  lines.push(
    '',
    `times: median wall / median CPU (user + system) in ms over ${opts.runs} run(s) (ml-matrix: ${opts.mlRuns}); ratio of CPU times;`,
    'A = H H^T, H n x 2n, N(0, 1/n), seed 1',
  );
  return lines.join('\n');
}

function parseArgs(argv: string[]): EigenBenchOptions {
  const quick = argv.includes('--quick');
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const int = (name: string, fallback: number): number => {
    const v = get(name);
    if (v === undefined) return fallback;
    const x = Number(v);
    if (!Number.isInteger(x) || x < 0)
      throw new RangeError(`bench/eigen: ${name} must be an integer >= 0; got ${v}`);
    return x;
  };
  const sizesArg = get('--sizes');
  const sizes = sizesArg ? sizesArg.split(',').map(Number) : quick ? [100] : [300, 1000, 2000];
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new RangeError(`bench/eigen: --sizes must be positive integers; got ${sizesArg}`);
  }
  const runs = Math.max(1, int('--runs', quick ? 1 : 3));
  return {
    sizes,
    runs,
    mlRuns: int('--ml-runs', runs),
    mlMax: int('--ml-max', Infinity),
    quality: !argv.includes('--no-quality'),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const opts = parseArgs(process.argv.slice(2));
  const load0 = loadavg()[0];
  const t0 = performance.now();
  const rows = runEigenBench(opts);
  console.log(formatTable(rows, opts));
  console.log(
    `node ${process.version}; load average ${load0.toFixed(2)} at start, ${loadavg()[0].toFixed(2)} at end; total ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}
