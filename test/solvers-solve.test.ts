/**
 * solve(): the stop rule and its four reasons, iteration counts within the
 * theoretical bounds, the interval (divergence) check, argument errors, and
 * the proximal-gradient fixed point with Chebyshev over-relaxation.
 */
import { describe, expect, it } from 'vitest';
import { chebyshevBound, chebyshevT } from '../src/analysis/index.js';
import {
  denseOperator,
  diagonalOperator,
  fromRows,
  functionOperator,
} from '../src/linalg/index.js';
import { chebyshevSteps } from '../src/schedules/index.js';
import {
  cgIterates,
  fixedPointIterates,
  gdIterates,
  jacobiMap,
  polyakParameters,
  proximalGradientMap,
  softThreshold,
  solve,
  type SolveMethod,
} from '../src/solvers/index.js';
import { roundingAmplification, scheduleContraction } from '../src/solvers/interval-check.js';
import { expectAllClose } from './helpers/close.js';
import { loadReference } from './helpers/reference.js';
import { knownProblem } from './solvers-fixtures.js';

const rotated = knownProblem(48, 100, true);
const interval = { lmin: 1, lmax: 100 };

describe('stop reasons', () => {
  it('converged: stops at the first k with ||b - A x_k|| <= tol ||b||', () => {
    const tol = 1e-10;
    const r = solve(cgIterates(rotated.op, rotated.b, { xStar: rotated.xStar }), { tol });
    expect(r.reason).toBe('converged');
    const h = r.residualHistory;
    expect(h.length).toBe(r.iterations + 1);
    expect(h[0]).toBe(1); // x_0 = 0: r_0 = b
    expect(h[h.length - 1]).toBeLessThanOrEqual(tol);
    expect(Math.min(...h.slice(0, -1))).toBeGreaterThan(tol);
    expect(r.relativeResidual).toBe(h[h.length - 1]);
    // the reported residual of the returned x is the true one (CG updates r; check it)
    const Ax = rotated.op.apply(r.x, new Float64Array(rotated.n));
    const trueRes = Math.hypot(...Ax.map((v, i) => rotated.b[i] - v)) / r.referenceNorm;
    expect(trueRes).toBeLessThan(2 * tol);
    expect(r.errorHistory?.length).toBe(h.length);
  });

  it('max-iterations: k = maxIterations, history of maxIterations + 1 entries', () => {
    const r = solve(
      { method: 'gd', operator: rotated.op, b: rotated.b, interval },
      { maxIterations: 5 },
    );
    expect(r.reason).toBe('max-iterations');
    expect(r.iterations).toBe(5);
    expect(r.residualHistory.length).toBe(6);
    // GD with 2/(lmin+lmax) contracts the residual by at most (kappa-1)/(kappa+1) per step
    const rho = 99 / 101;
    for (let k = 1; k <= 5; k++) {
      expect(r.residualHistory[k]).toBeLessThanOrEqual(
        rho * r.residualHistory[k - 1] * (1 + 1e-12),
      );
    }
  });

  it("the iterator's own budget also ends with max-iterations", () => {
    const r = solve(gdIterates(rotated.op, rotated.b, [0.01], { maxIterations: 3 }), {
      maxIterations: 100,
    });
    expect(r.reason).toBe('max-iterations');
    expect(r.iterations).toBe(3);
  });

  it('non-finite: an operator that produces NaN at its 4th application', () => {
    let calls = 0;
    const op = functionOperator(
      3,
      (x, out) => {
        calls++;
        for (let i = 0; i < 3; i++) out[i] = calls === 4 ? NaN : 2 * x[i];
        return out;
      },
      true,
    );
    const r = solve(gdIterates(op, [1, 2, 3], [0.1]), { tol: 1e-12 });
    expect(r.reason).toBe('non-finite');
    expect(r.iterations).toBe(3); // applications 1..4 give the residuals of x_0..x_3
    expect(r.detail).toMatch(/not finite at k = 3/);
    expect(Number.isNaN(r.residualHistory[3])).toBe(true);
    // the finite part of the history is GD on 2 I with step 0.1: factor 0.8 per step
    expectAllClose(r.residualHistory.slice(0, 3), [1, 0.8, 0.64], { rtol: 1e-14 });
  });

  it('non-finite: overflow of a wildly wrong step', () => {
    const r = solve(gdIterates(diagonalOperator([1, 1e3]), [1, 1], [1]), { maxIterations: 500 });
    expect(r.reason).toBe('non-finite');
    // |1 - 1e3| = 999 per step: ||r_k|| = 1e3 * 999^(k-1) overflows after about 103 steps
    expect(r.iterations).toBeGreaterThan(100);
    expect(r.iterations).toBeLessThan(110);
  });

  it('breakdown: CG on the zero operator', () => {
    const zero = functionOperator(4, (_x, out) => out.fill(0), true);
    const r = solve(cgIterates(zero, [1, 0, 0, 0]));
    expect(r.reason).toBe('breakdown');
    expect(r.iterations).toBe(0);
    expect(r.detail).toMatch(/p\^T A p = 0 <= 0 at iteration 0/);
  });

  it('breakdown: CG on an indefinite operator', () => {
    const r = solve(cgIterates(diagonalOperator([1, -2]), [1, 1]));
    expect(r.reason).toBe('breakdown');
    expect(r.detail).toMatch(/p\^T A p = -1 <= 0/);
  });

  it('b = 0: the residual is measured relative to ||r_0||', () => {
    const op = diagonalOperator([1, 2, 4]);
    const r = solve(gdIterates(op, [0, 0, 0], [1 / 3], { x0: [1, 1, 1] }), { tol: 1e-6 });
    expect(r.referenceNorm).toBeCloseTo(Math.hypot(1, 2, 4), 14);
    expect(r.residualHistory[0]).toBe(1);
    expect(r.reason).toBe('converged');
  });

  it('x_0 already solves the problem: converged at k = 0', () => {
    const r = solve(cgIterates(diagonalOperator([1, 2]), [0, 0]));
    expect(r.reason).toBe('converged');
    expect(r.iterations).toBe(0);
  });

  it('same inputs, same bytes', () => {
    const a = solve({ method: 'chebyshev', operator: rotated.op, b: rotated.b, interval });
    const b = solve({ method: 'chebyshev', operator: rotated.op, b: rotated.b, interval });
    expect(Buffer.from(a.x.buffer).equals(Buffer.from(b.x.buffer))).toBe(true);
  });
});

describe('iterations to tol 1e-10 within the theoretical bound (rotated, kappa = 100)', () => {
  // x_0 = 0, so r_0 = b; the residual r_k = A e_k obeys the same polynomial bounds
  // as the error (A commutes with them), except CG, whose bound is in the A-norm:
  // ||r_k|| <= sqrt(lmax) ||e_k||_A <= 2 sqrt(lmax) q^k ||e_0||_A <= 2 sqrt(kappa) q^k ||r_0||.
  const tol = 1e-10;
  const kappa = 100;
  const q = (Math.sqrt(kappa) - 1) / (Math.sqrt(kappa) + 1);
  const first = (f: (k: number) => number) => {
    let k = 0;
    while (f(k) > tol) k++;
    return k;
  };
  const s = polyakParameters(interval).rate;
  const r = 1 - 1 / Math.sqrt(kappa);
  const T = 32; // DEFAULT_CHEBYSHEV_PERIOD
  const cases: [string, SolveMethod, number][] = [
    [
      'gd',
      { method: 'gd', operator: rotated.op, b: rotated.b, interval },
      first((k) => ((kappa - 1) / (kappa + 1)) ** k),
    ],
    [
      'chebyshev (T = 32, stable)',
      { method: 'chebyshev', operator: rotated.op, b: rotated.b, interval },
      T * first((j) => chebyshevBound(T, kappa) ** j),
    ],
    [
      'chebyshev-semi-iterative',
      { method: 'chebyshev-semi-iterative', operator: rotated.op, b: rotated.b, interval },
      first((k) => 1 / chebyshevT(k, (kappa + 1) / (kappa - 1))),
    ],
    [
      'heavy-ball',
      { method: 'heavy-ball', operator: rotated.op, b: rotated.b, interval },
      first((k) => (1 + (1 + s) * k) * s ** k),
    ],
    [
      'nesterov',
      { method: 'nesterov', operator: rotated.op, b: rotated.b, interval },
      first((k) => (1 + (1 + r) * k) * r ** k),
    ],
    [
      'cg',
      { method: 'cg', operator: rotated.op, b: rotated.b },
      first((k) => 2 * Math.sqrt(kappa) * q ** k),
    ],
  ];
  for (const [name, spec, bound] of cases) {
    it(`${name}: converged within ${bound} iterations`, () => {
      const res = solve(spec, { tol, maxIterations: 5000 });
      expect(res.reason).toBe('converged');
      expect(res.iterations).toBeLessThanOrEqual(bound);
      expect(res.warnings).toEqual([]);
    });
  }
});

describe('interval check', () => {
  const diag = knownProblem(48, 100, false);
  it('an underestimated lmax (98 instead of 100): warning naming the interval and a larger lmax', () => {
    const res = solve(
      {
        method: 'chebyshev',
        operator: diag.op,
        b: diag.b,
        interval: { lmin: 1, lmax: 98 },
        period: 16,
      },
      { tol: 1e-10, maxIterations: 400 },
    );
    expect(res.reason).toBe('max-iterations');
    expect(res.warnings.length).toBe(1);
    const w = res.warnings[0];
    expect(w).toMatch(/\[lmin, lmax\] = \[1, 98\] seems wrong/);
    expect(w).toMatch(/larger lmax/);
    // the growth per period points at the eigenvalue 100 that lies outside
    const lambda = Number(/at lambda = ([0-9.e+-]+)/.exec(w)?.[1]);
    expect(Math.abs(lambda - 100)).toBeLessThan(0.5);
    // |p_16(100)| for Chebyshev steps on [1, 98] is 3.80: the residual grows by it per period
    const h = res.residualHistory;
    expect(h[400 - 16 * 4] / h[400 - 16 * 5]).toBeCloseTo(3.797, 2);
  });

  it('slow divergence (lmax = 98.9: growth 1.17 per period) is caught too', () => {
    const res = solve(
      {
        method: 'chebyshev',
        operator: diag.op,
        b: diag.b,
        interval: { lmin: 1, lmax: 98.9 },
        period: 16,
      },
      { tol: 1e-10, maxIterations: 1500 },
    );
    expect(res.warnings.length).toBe(1);
    const lambda = Number(/at lambda = ([0-9.e+-]+)/.exec(res.warnings[0])?.[1]);
    expect(Math.abs(lambda - 100)).toBeLessThan(0.5);
  });

  it('momentum methods with an underestimated lmax warn without an estimate', () => {
    for (const method of ['heavy-ball', 'chebyshev-semi-iterative'] as const) {
      const res = solve(
        { method, operator: diag.op, b: diag.b, interval: { lmin: 1, lmax: 90 } },
        { maxIterations: 200 },
      );
      expect(res.warnings[0]).toMatch(/\[1, 90\] seems wrong/);
    }
  });

  it('no warning with the right interval, even 3000 iterations at the rounding floor', () => {
    for (const method of [
      'chebyshev',
      'chebyshev-semi-iterative',
      'heavy-ball',
      'nesterov',
    ] as const) {
      for (const p of [diag, rotated]) {
        const res = solve(
          { method, operator: p.op, b: p.b, interval },
          { tol: 0, maxIterations: 3000 },
        );
        expect(res.reason).toBe('max-iterations');
        expect(Math.min(...res.residualHistory)).toBeLessThan(1e-14); // it did reach the floor
        expect(res.warnings, `${method} on ${p.name}`).toEqual([]);
      }
    }
  });

  it('a schedule that overflows within one period gets the warning with the non-finite stop', () => {
    const res = solve(gdIterates(diag.op, diag.b, chebyshevSteps(256, 1, 2, { order: 'index' })), {
      maxIterations: 300,
    });
    expect(res.reason).toBe('non-finite');
    expect(res.warnings[0]).toMatch(/became non-finite.*seems wrong/);
  });

  it('labels the warning with the method given to solve(), not the iterator it runs on', () => {
    const res = solve(
      {
        method: 'chebyshev',
        operator: diag.op,
        b: diag.b,
        interval: { lmin: 1, lmax: 98 },
        period: 16,
      },
      { tol: 1e-10, maxIterations: 400 },
    );
    expect(res.warnings[0]).toMatch(/^chebyshev: /);
    expect(res.diagnosis?.cause).toBe('interval');
    const named = solve(
      {
        method: 'chebyshev',
        operator: diag.op,
        b: diag.b,
        interval: { lmin: 1, lmax: 98 },
        period: 16,
      },
      { tol: 1e-10, maxIterations: 400, intervalCheck: { label: 'my-method' } },
    );
    expect(named.warnings[0]).toMatch(/^my-method: /);
  });

  it('diagnosis with every eigenvalue known: an interval that misses lmax is named by the eigenvalue', () => {
    const res = solve(
      {
        method: 'chebyshev',
        operator: diag.op,
        b: diag.b,
        interval: { lmin: 1, lmax: 98 },
        period: 16,
      },
      {
        tol: 1e-10,
        maxIterations: 400,
        intervalCheck: { spectrum: { lmin: 1, lmax: 100, eigenvalues: diag.lambda } },
      },
    );
    expect(res.diagnosis?.cause).toBe('not-contractive');
    expect(res.diagnosis?.contraction?.lambda).toBe(100);
    // |p_16(100)| for Chebyshev steps on [1, 98] is 3.797: the growth per period
    expect(res.diagnosis?.contraction?.value).toBeCloseTo(3.797, 2);
    expect(res.warnings[0]).toMatch(
      /not contractive .* = 3\.797 >= 1 at the eigenvalue lambda = 100 .*outside the interval \[lmin, lmax\] = \[1, 98\]\. Use lmax >= 100/,
    );
  });

  it('diagnosis: a schedule made for another spectrum is not contractive on this one', () => {
    const res = solve(gdIterates(diag.op, diag.b, [0.05]), {
      maxIterations: 300,
      intervalCheck: { spectrum: { lmin: 1, lmax: 100, eigenvalues: diag.lambda } },
    });
    expect(res.diagnosis?.cause).toBe('not-contractive');
    expect(res.diagnosis?.contraction?.value).toBeCloseTo(4, 10); // |1 - 0.05 * 100|
    expect(res.warnings[0]).toMatch(
      /^gd: .*not made for this spectrum\. Use a schedule made for this spectrum/,
    );
  });

  it('diagnosis: Chebyshev steps in index order diverge by rounding although the interval is exact', () => {
    // rotated: rounding errors mix the eigencomponents (on a diagonal operator they stay apart)
    for (const spectrum of [undefined, { lmin: 1, lmax: 100, eigenvalues: rotated.lambda }]) {
      const res = solve(
        {
          method: 'chebyshev',
          operator: rotated.op,
          b: rotated.b,
          interval: { lmin: 1, lmax: 100 },
          period: 128,
          order: 'index',
        },
        { tol: 1e-10, maxIterations: 2000, intervalCheck: spectrum ? { spectrum } : {} },
      );
      expect(res.reason).not.toBe('converged');
      expect(res.diagnosis?.cause).toBe('rounding');
      expect(res.diagnosis?.amplification?.monotone).toBe(true);
      expect(res.diagnosis!.amplification!.log10).toBeGreaterThan(20);
      expect(res.warnings[0]).toMatch(/monotone \(index\) order .* Use the stable order/);
      expect(res.warnings[0]).not.toMatch(/larger lmax/);
      if (spectrum) expect(res.warnings[0]).toMatch(/is not the cause: it holds every eigenvalue/);
    }
    // the stable order of the same steps converges, without a warning
    const ok = solve(
      {
        method: 'chebyshev',
        operator: rotated.op,
        b: rotated.b,
        interval: { lmin: 1, lmax: 100 },
        period: 128,
        order: 'stable',
      },
      { tol: 1e-10, maxIterations: 2000 },
    );
    expect(ok.reason).toBe('converged');
    expect(ok.warnings).toEqual([]);
  });

  it('scheduleContraction and roundingAmplification: max |p_T| over eigenvalues or an interval grid, in log10', () => {
    const steps = chebyshevSteps(16, 1, 100, { order: 'stable' });
    const onGrid = scheduleContraction(steps, { lmin: 1, lmax: 100 });
    expect(onGrid.over).toBe('interval');
    expect(onGrid.value).toBeCloseTo(chebyshevBound(16, 100), 6);
    const onEig = scheduleContraction([0.5], { lmin: 1, lmax: 4, eigenvalues: [1, 2, 4] });
    expect(onEig).toMatchObject({ value: 1, lambda: 4, over: 'eigenvalues' });
    const stable = roundingAmplification(steps, 1, 100);
    const index = roundingAmplification(chebyshevSteps(16, 1, 100, { order: 'index' }), 1, 100);
    expect(index).toBeGreaterThan(stable + 3);
  });

  it('intervalCheck: false switches it off', () => {
    const res = solve(
      {
        method: 'chebyshev',
        operator: diag.op,
        b: diag.b,
        interval: { lmin: 1, lmax: 98 },
        period: 16,
      },
      { maxIterations: 200, intervalCheck: false },
    );
    expect(res.warnings).toEqual([]);
  });
});

describe('argument checks at the boundary', () => {
  it('names the function, the argument and the value', () => {
    expect(() => gdIterates(rotated.op, [1, 2], [0.1])).toThrow(
      /gdIterates: b must have length 48 \(the operator size\); got 2/,
    );
    expect(() => gdIterates(rotated.op, rotated.b, [])).toThrow(
      /gdIterates: the schedule is empty/,
    );
    expect(() =>
      cgIterates(
        functionOperator(2, (x, o) => o, false),
        [1, 1],
      ),
    ).toThrow(/cgIterates: op must be symmetric/);
    expect(() =>
      solve({
        method: 'heavy-ball',
        operator: rotated.op,
        b: rotated.b,
        interval: { lmin: 0, lmax: 1 },
      }),
    ).toThrow(
      /heavyBallIterates: interval must satisfy 0 < lmin <= lmax \(finite\); got lmin=0, lmax=1/,
    );
    expect(() => solve({ method: 'gd', operator: rotated.op, b: rotated.b })).toThrow(
      /needs steps or an interval/,
    );
    expect(() => solve(cgIterates(rotated.op, rotated.b), { tol: -1 })).toThrow(
      /solve: tol must be finite and >= 0; got -1/,
    );
    expect(() =>
      jacobiMap(
        functionOperator(2, (x, o) => o, true),
        [1, 1],
      ),
    ).toThrow(/jacobiMap: op has no diagonal/);
    expect(() => proximalGradientMap(rotated.op, rotated.b, { l1: -1, eta: 1 })).toThrow(
      /l1 must be finite and >= 0; got -1/,
    );
  });
});

describe('fixed-point iterations', () => {
  it('Jacobi with Chebyshev over-relaxation through solve(): jacobi_psor.json to tol 1e-12', () => {
    const ref = loadReference('jacobi_psor.json');
    const map = jacobiMap(denseOperator(fromRows(ref.P), true), ref.b);
    const omegas = chebyshevSteps(ref.T, ref.lmin, ref.lmax);
    const psor = solve(
      fixedPointIterates(map, omegas, { x0: ref.x0, interval: { lmin: ref.lmin, lmax: ref.lmax } }),
      {
        tol: 1e-12,
      },
    );
    const plain = solve(fixedPointIterates(map, [1], { x0: ref.x0 }), { tol: 1e-12 });
    expect(psor.reason).toBe('converged');
    expect(plain.reason).toBe('converged');
    expectAllClose(psor.x, ref.x_star, { rtol: 1e-10, atol: 1e-12 });
    // rates 0.323 (Chebyshev, per step) vs 0.527 (Jacobi): about 24 vs 43 iterations from 8.5 / ||b||
    expect(psor.iterations).toBeLessThanOrEqual(28);
    expect(plain.iterations).toBeGreaterThanOrEqual(40);
    expect(psor.warnings).toEqual([]);
  });

  describe('proximal gradient (l1) with Chebyshev over-relaxation', () => {
    const l1 = 0.5;
    const eta = 1 / 100;
    const omegas = chebyshevSteps(16, 1 / 100, 1, { order: 'stable' });

    it('diagonal A: the exact solution S_l1(b_i)/lambda_i, reached faster than ISTA', () => {
      const p = knownProblem(48, 100, false);
      const exact = softThreshold(p.b, l1, new Float64Array(p.n)).map((v, i) => v / p.lambda[i]);
      expect(exact.filter((v) => v === 0).length).toBeGreaterThan(0); // the l1 term is active
      const map = proximalGradientMap(p.op, p.b, { l1, eta });
      const cheb = solve(fixedPointIterates(map, omegas, { xStar: exact }), {
        tol: 1e-12,
        maxIterations: 5000,
      });
      const ista = solve(fixedPointIterates(map, [1], { xStar: exact }), {
        tol: 1e-12,
        maxIterations: 5000,
      });
      expect(cheb.reason).toBe('converged');
      expect(ista.reason).toBe('converged');
      expectAllClose(cheb.x, exact, { rtol: 1e-10, atol: 1e-12 });
      expect(cheb.iterations * 4).toBeLessThan(ista.iterations);
    });

    it('rotated A: KKT conditions at the limit, and the local rate 1/C_16 per period', () => {
      const p = rotated;
      const map = proximalGradientMap(p.op, p.b, { l1, eta });
      const ref = solve(fixedPointIterates(map, omegas), { tol: 1e-15, maxIterations: 5000 });
      expect(ref.reason).toBe('converged');
      const x = ref.x;
      const g = p.op.apply(x, new Float64Array(p.n)).map((v, i) => v - p.b[i]); // grad of the quadratic part
      // over-relaxation never sets a coordinate exactly to 0: x_i <- (1 - omega) x_i
      // there, which shrinks by 1/C_16 per period like the rest of the error
      let zeros = 0;
      for (let i = 0; i < p.n; i++) {
        if (Math.abs(x[i]) <= 1e-12) {
          zeros++;
          expect(Math.abs(g[i])).toBeLessThanOrEqual(l1 * (1 + 1e-9)); // |g_i| <= l1 where x_i = 0
        } else {
          expect(Math.abs(g[i] + l1 * Math.sign(x[i]))).toBeLessThan(1e-11); // g_i = -l1 sign(x_i)
        }
      }
      expect(zeros).toBeGreaterThan(0);
      // locally f is affine (signs and zero set fixed) with I - B block triangular:
      // eigenvalues eta lambda(A_SS) in [1/kappa, 1] and 1 (the zero set), so the error
      // contracts by B = 1/C_16((kappa+1)/(kappa-1)) per period asymptotically
      // (measured mean 0.0807 vs B = 0.0805: the coupling block adds a slowly fading factor).
      const B = chebyshevBound(16, 100);
      const errs: number[] = [];
      for (const s of fixedPointIterates(map, omegas, { xStar: x, maxIterations: 400 })) {
        if (s.k % 16 === 0) errs.push(s.errorNorm as number);
      }
      const window = errs
        .map((e, j) => j)
        .filter((j) => errs[j] < 1e-3 * errs[0] && errs[j] > 1e-10);
      expect(window.length).toBeGreaterThanOrEqual(4);
      const j0 = window[0];
      const j1 = window[window.length - 1];
      const mean = Math.pow(errs[j1] / errs[j0], 1 / (j1 - j0));
      expect(mean).toBeLessThanOrEqual(1.02 * B);
      expect(mean).toBeGreaterThanOrEqual(0.9 * B); // the bound is attained (the zero set sits at lambda = 1)
    });
  });
});

describe('long schedules', () => {
  it('the interval check handles a schedule of a million steps (no spread of the steps)', () => {
    const op = diagonalOperator(Float64Array.from({ length: 50 }, (_, i) => 1 + i));
    const b = new Float64Array(50).fill(1);
    const steps = new Float64Array(1_000_000).fill(0.5); // diverges: |1 - 0.5 * 50| > 1
    const r = solve(gdIterates(op, b, steps, { maxIterations: 200 }), {
      tol: 1e-12,
      maxIterations: 200,
    });
    expect(['non-finite', 'max-iterations']).toContain(r.reason);
    // |1 - 0.5 * 50| = 24 per step on the largest eigenvalue: the residual grows
    expect(r.residualHistory[20]).toBeGreaterThan(1e20 * r.residualHistory[0]);
  });
});
