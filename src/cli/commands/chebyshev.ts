/** dugd chebyshev: Chebyshev steps for [lmin, lmax], their worst-case bound and rate. */
import type { Command } from 'commander';
import {
  chebyshevAsymptoticRate,
  chebyshevBound,
  chebyshevRate,
  gdOptimalRate,
} from '../../analysis/index.js';
import { chebyshevSteps, STEP_ORDERS, type StepOrder } from '../../schedules/index.js';
import { toJson } from '../../io/json.js';
import { UsageError } from '../errors.js';
import { fmt, table } from '../format.js';
import { CHEBYSHEV_LIMITS, formatLimit } from '../limits.js';
import { oneOf, positiveInt, positiveNumber } from '../parse.js';

export interface ChebyshevReport {
  lmin: number;
  lmax: number;
  T: number;
  order: StepOrder;
  kappa: number;
  steps: Float64Array;
  /** max over [lmin, lmax] of |p_T|: 1 / C_T((kappa+1)/(kappa-1)) */
  bound: number;
  /** bound^(1/T) (from the logarithm where the bound underflows to 0) */
  rate: number;
  /** (sqrt(kappa)-1)/(sqrt(kappa)+1) */
  asymptoticRate: number;
  /** (kappa-1)/(kappa+1): GD with the step 2/(lmin+lmax) */
  gdRate: number;
}

export function chebyshevReport(
  lmin: number,
  lmax: number,
  T: number,
  order: StepOrder,
): ChebyshevReport {
  const kappa = lmax / lmin;
  const bound = chebyshevBound(T, kappa);
  return {
    lmin,
    lmax,
    T,
    order,
    kappa,
    steps: chebyshevSteps(T, lmin, lmax, { order }),
    bound,
    rate: chebyshevRate(T, kappa), // bound^(1/T), also where the bound underflows
    asymptoticRate: chebyshevAsymptoticRate(kappa),
    gdRate: gdOptimalRate(kappa),
  };
}

/** kappa = lmax/lmin must be a finite number (lmin = 5e-324 makes it Infinity). */
export function checkKappa(lmin: number, lmax: number): void {
  if (!Number.isFinite(lmax / lmin)) {
    throw new UsageError(
      `--lmin/--lmax: expected a finite kappa = lmax/lmin; got lmax/lmin = ${lmax}/${lmin} = ${lmax / lmin}`,
    );
  }
}

export function registerChebyshev(program: Command): void {
  program
    .command('chebyshev')
    .description('Chebyshev steps for eigenvalues in [lmin, lmax]: the steps, their bound and rate')
    .requiredOption('--lmin <number>', 'smallest eigenvalue (> 0)', positiveNumber('--lmin'))
    .requiredOption('--lmax <number>', 'largest eigenvalue (> lmin)', positiveNumber('--lmax'))
    .requiredOption(
      '-T, --T <int>',
      `number of steps (<= ${formatLimit(CHEBYSHEV_LIMITS.T)})`,
      positiveInt('-T', CHEBYSHEV_LIMITS.T),
    )
    .option(
      '--order <order>',
      `order of the steps: ${STEP_ORDERS.join('|')}`,
      oneOf('--order', STEP_ORDERS),
      'index',
    )
    .option('--json', 'print one JSON object')
    .action((opts: { lmin: number; lmax: number; T: number; order: StepOrder; json?: boolean }) => {
      if (!(opts.lmin < opts.lmax)) {
        throw new UsageError(
          `--lmin/--lmax: expected 0 < lmin < lmax; got lmin=${opts.lmin}, lmax=${opts.lmax}`,
        );
      }
      checkKappa(opts.lmin, opts.lmax);
      const r = chebyshevReport(opts.lmin, opts.lmax, opts.T, opts.order);
      if (opts.json) {
        process.stdout.write(toJson(r));
        return;
      }
      const rows = Array.from(r.steps, (g, t) => [t, g.toPrecision(10), (1 / g).toPrecision(10)]);
      process.stdout.write(
        `Chebyshev steps for [${r.lmin}, ${r.lmax}] (kappa = ${fmt(r.kappa)}), T = ${r.T}, order ${r.order}\n\n` +
          table(['t', 'step gamma_t', 'node 1/gamma_t'], rows) +
          `\n\nworst case max|p_T| on the interval: ${fmt(r.bound)}\n` +
          `rate per step: ${fmt(r.rate)}  (limit (sqrt(kappa)-1)/(sqrt(kappa)+1) = ${fmt(r.asymptoticRate)}; ` +
          `GD optimal constant step: ${fmt(r.gdRate)})\n`,
      );
    });
}
