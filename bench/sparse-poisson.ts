/**
 * Chebyshev gradient descent on the 2-D Poisson system A x = b (5-point
 * Laplacian, nx = ny = 1000: 10^6 unknowns, ~5e6 non-zeros), timed against
 * one sparse matrix-vector product (the memory-bound limit of an iteration).
 *
 *   npx tsx bench/sparse-poisson.ts [--quick] [--json] [--n NX] [--steps K]
 *                                   [--iterations T] [--interval exact|estimated]
 *
 * 1. build A (CSR), x* ~ N(0, I) (Rng(seed, 0)), b = A x*;
 * 2. spectrum estimate: K Lanczos steps (no re-orthogonalisation at this
 *    size: 'auto' would store K n doubles), timed; compared with the closed
 *    forms lmin = 4 - 2 cos(pi/(nx+1)) - 2 cos(pi/(ny+1)), lmax likewise;
 * 3. one SpMV y = A x on a fixed vector, timed once per iteration,
 *    interleaved with step 4 (median);
 * 4. T = 200 Chebyshev steps gamma_t for [lmin, lmax] in the stable order,
 *    x_0 = 0, and per iteration
 *      y = A x_t                          (csrMatVec)
 *      r = b - y,  x_{t+1} = x_t + gamma_t r   (one fused vector pass)
 *    timed per iteration (median). Variant 'fused' does the product and the
 *    update in a single pass over the rows (x_new_i = x_i + gamma (b_i - (A x)_i),
 *    two x buffers swapped).
 *    This is the kernel alone; the solver layer (src/solvers) adds its
 *    iterator and stopping tests around the same products.
 * 5. quality: after one full period, ||r_T|| / ||r_0|| <= max |p_T| on the
 *    interval = 1 / C_T((kappa+1)/(kappa-1)) when the interval contains the
 *    spectrum (--interval exact).
 *
 * Quick mode (--quick): nx = ny = 200, K = 60, for a test run (< 5 s).
 */
import {
  csrMatVec,
  csrNnz,
  csrOperator,
  lanczosExtremes,
  type CsrMatrix,
} from '../src/linalg/index.js';
import { poisson2d } from '../src/problems/index.js';
import { Rng } from '../src/random/index.js';
import { chebyshevSteps } from '../src/schedules/index.js';

interface Args {
  quick: boolean;
  json: boolean;
  n: number;
  steps: number;
  iterations: number;
  interval: 'exact' | 'estimated';
  seed: number;
}

function parseArgs(argv: string[]): Args {
  const quick = argv.includes('--quick');
  const a: Args = {
    quick,
    json: argv.includes('--json'),
    n: quick ? 200 : 1000,
    steps: quick ? 60 : 200,
    iterations: 200,
    interval: 'exact',
    seed: 1,
  };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i + 1];
    if (argv[i] === '--n') a.n = Number(v);
    if (argv[i] === '--steps') a.steps = Number(v);
    if (argv[i] === '--iterations') a.iterations = Number(v);
    if (argv[i] === '--seed') a.seed = Number(v);
    if (argv[i] === '--interval') {
      if (v !== 'exact' && v !== 'estimated')
        throw new Error(`--interval must be exact or estimated; got ${v}`);
      a.interval = v;
    }
  }
  for (const [k, v] of [
    ['--n', a.n],
    ['--steps', a.steps],
    ['--iterations', a.iterations],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`${k} must be a positive integer; got ${v}`);
  }
  return a;
}

function median(xs: number[]): number {
  const s = xs.slice().sort((p, q) => p - q);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function norm(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return Math.sqrt(s);
}

/** 1 / C_T(sigma), sigma = (lmax + lmin)/(lmax - lmin), computed as 1/cosh(T acosh(sigma)). */
function chebyshevBound(T: number, lmin: number, lmax: number): number {
  const sigma = (lmax + lmin) / (lmax - lmin);
  return 1 / Math.cosh(T * Math.acosh(sigma));
}

const args = parseArgs(process.argv.slice(2));
const t0 = performance.now();
const p = poisson2d(args.n, args.n);
const A = p.matrix;
const n = p.n;
const buildMs = performance.now() - t0;

const xStar = new Rng(args.seed, 0).fillNormal(new Float64Array(n));
const b = csrMatVec(A, xStar, new Float64Array(n)); // b = A x*

// 2. spectrum estimate
const op = csrOperator(A, { symmetric: true });
const t = performance.now();
const est = lanczosExtremes(op, { rng: new Rng(args.seed, 1), maxSteps: args.steps, tol: 1e-8 });
const estimateMs = performance.now() - t;

// 3. (timed inside run(), interleaved with the iterations)
const x = new Rng(args.seed, 2).fillNormal(new Float64Array(n));
csrMatVec(A, x, new Float64Array(n)); // warm-up

// 4. Chebyshev GD
const [lo, hi] = args.interval === 'exact' ? [p.lmin, p.lmax] : est.safeInterval;
const T = args.iterations;
const gamma = chebyshevSteps(T, lo, hi, { order: 'stable' });

/** x <- x + g (b - y), the update after y = A x (one pass). */
function update(x: Float64Array, b: Float64Array, y: Float64Array, g: number): void {
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const ri = b[i] - y[i]; // r = b - A x_k
    x[i] += g * ri; // x_{k+1} = x_k + gamma_k r
  }
}

/** xNew_i = x_i + g (b_i - (A x)_i) in one pass over the rows. */
function fusedStep(
  a: CsrMatrix,
  x: Float64Array,
  b: Float64Array,
  xNew: Float64Array,
  g: number,
): void {
  const { rows, rowPtr, colIndex, values } = a;
  let q = 0;
  for (let i = 0; i < rows; i++) {
    const end = rowPtr[i + 1];
    let ax = 0;
    for (; q < end; q++) ax += values[q] * x[colIndex[q]]; // (A x_k)_i
    xNew[i] = x[i] + g * (b[i] - ax); // x_{k+1,i} = x_{k,i} + gamma_k (b_i - (A x_k)_i)
  }
}

/**
 * The three measurements interleaved, iteration by iteration, so that load
 * from other processes hits them alike: a standalone SpMV (on a fixed
 * vector), the split iteration (SpMV + update) and the fused one.
 */
function run(
  a: CsrMatrix,
  b: Float64Array,
  xStar: Float64Array,
  gamma: Float64Array,
  probe: Float64Array,
): {
  spmv: number[];
  split: number[];
  fused: number[];
  residualRatio: number;
  errorRatio: number;
  fusedResidualRatio: number;
} {
  const n = a.rows;
  const xs = new Float64Array(n); // x_0 = 0, so r_0 = b
  const ys = new Float64Array(n);
  let xa = new Float64Array(n);
  let xb = new Float64Array(n);
  const scratch = new Float64Array(n);
  const spmv: number[] = [];
  const split: number[] = [];
  const fused: number[] = [];
  for (let k = 0; k < gamma.length; k++) {
    let s = performance.now();
    csrMatVec(a, probe, scratch); // SpMV alone
    spmv.push(performance.now() - s);
    s = performance.now();
    csrMatVec(a, xs, ys); // y = A x_k
    update(xs, b, ys, gamma[k]); // x_{k+1} = x_k + gamma_k (b - y)
    split.push(performance.now() - s);
    s = performance.now();
    fusedStep(a, xa, b, xb, gamma[k]); // x_{k+1} = x_k + gamma_k (b - A x_k)
    const tmp = xa;
    xa = xb;
    xb = tmp;
    fused.push(performance.now() - s);
  }
  // final residuals r_T = b - A x_T and error x_T - x*
  csrMatVec(a, xs, ys);
  let rT = 0;
  let eT = 0;
  for (let i = 0; i < n; i++) {
    rT += (b[i] - ys[i]) ** 2;
    eT += (xs[i] - xStar[i]) ** 2;
  }
  csrMatVec(a, xa, xb);
  let rF = 0;
  for (let i = 0; i < n; i++) rF += (b[i] - xb[i]) ** 2;
  const nb = norm(b);
  return {
    spmv,
    split,
    fused,
    residualRatio: Math.sqrt(rT) / nb,
    errorRatio: Math.sqrt(eT) / norm(xStar),
    fusedResidualRatio: Math.sqrt(rF) / nb,
  };
}

const res = run(A, b, xStar, gamma, x);
const spmvMs = median(res.spmv);
const iterMs = median(res.split);
const fusedMs = median(res.fused);
const bound = chebyshevBound(T, lo, hi);

const result = {
  benchmark: 'sparse-poisson (TypeScript, Node ' + process.version + ')',
  settings: args,
  n,
  nnz: csrNnz(A),
  buildMs,
  spectrum: {
    method: est.method,
    lanczosSteps: est.iterations,
    estimateMs,
    lmin: est.lmin,
    lmax: est.lmax,
    lminBound: est.lminBound,
    lmaxBound: est.lmaxBound,
    converged: est.converged,
    safeInterval: est.safeInterval,
    safetyMargin: est.safetyMargin,
    exactLmin: p.lmin,
    exactLmax: p.lmax,
    lminRelativeError: (est.lmin - p.lmin) / p.lmin,
    lmaxRelativeError: (est.lmax - p.lmax) / p.lmax,
  },
  interval: [lo, hi],
  intervalSource: args.interval,
  spmvMs,
  iteration: {
    T,
    order: 'stable',
    medianMs: iterMs,
    ratioToSpmv: iterMs / spmvMs,
    totalMs: res.split.reduce((s, v) => s + v, 0),
    residualRatio: res.residualRatio,
    errorRatio: res.errorRatio,
    chebyshevBound: bound,
  },
  fused: {
    medianMs: fusedMs,
    ratioToSpmv: fusedMs / spmvMs,
    residualRatio: res.fusedResidualRatio,
  },
};

if (args.json) {
  console.log(JSON.stringify(result, null, 2));
} else {
  const f = (v: number, d = 2) => v.toFixed(d);
  console.log(
    `2-D Poisson ${args.n} x ${args.n}: n = ${n}, nnz = ${result.nnz} (built in ${f(buildMs, 0)} ms)`,
  );
  console.log(
    `spectrum: ${est.iterations} Lanczos steps in ${f(estimateMs, 0)} ms: lmin ${est.lmin.toExponential(4)} ` +
      `(exact ${p.lmin.toExponential(4)}), lmax ${f(est.lmax, 6)} (exact ${f(p.lmax, 6)}), ` +
      `safe interval [${est.safeInterval[0].toExponential(4)}, ${f(est.safeInterval[1], 4)}] (margin ${est.safetyMargin})`,
  );
  console.log(`SpMV: ${f(spmvMs, 3)} ms (median of ${T}, interleaved with the iterations)`);
  console.log(
    `Chebyshev GD (T = ${T}, stable order, ${args.interval} interval): ${f(iterMs, 3)} ms/iteration = ` +
      `${f(iterMs / spmvMs)} x SpMV; fused single pass ${f(fusedMs, 3)} ms = ${f(fusedMs / spmvMs)} x SpMV`,
  );
  console.log(
    `after ${T} iterations: ||r||/||b|| = ${res.residualRatio.toExponential(3)} ` +
      `(bound 1/C_T = ${bound.toExponential(3)}), ||x - x*||/||x*|| = ${res.errorRatio.toExponential(3)}`,
  );
}
