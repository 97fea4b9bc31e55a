/**
 * dugd spectrum FILE | --design FILE: the extreme eigenvalues of an SPD
 * matrix (or of D^T D for a design), the condition number, the method used
 * (dense eigensolver when n <= --dense-threshold, else Lanczos), n, nnz,
 * the time, and the safe interval for Chebyshev steps with its safety margin
 * (src/problems/problem-spectrum.ts over linalg/spectrum-estimate.ts).
 * Not positive definite is reported, not refused: this command only looks.
 * Three cases (problems/spd-system.ts: numericalSingularity): lmin above
 * its rounding level max(lminBound, n eps lmax) is positive definite; within
 * it, numerically singular (kappa > 1/eps: kappa is then null, the printed
 * lmin is rounding noise of 0); below it, indefinite. A matrix with an empty
 * row (design: an empty column) is refused when it is read, before any
 * eigenvalue work. An estimate that did not converge gets no safe interval:
 * its lmin is widened by its bound and flagged (`safeIntervalReliable`).
 */
import type { Command } from 'commander';
import { toJson } from '../../io/json.js';
import { problemExtremes } from '../../problems/index.js';
import { definitenessFix } from '../../problems/spd-system.js';
import { UsageError } from '../errors.js';
import { fmt } from '../format.js';
import { oneOf, seed } from '../parse.js';
import {
  addDenseThresholdOption,
  addProblemOptions,
  addSafetyMarginOption,
  checkProblemFlags,
  inFileTerms,
  loadProblem,
  problemArgs,
  problemNotes,
  problemRecord,
  shellWord,
  spectrumEstimateArgs,
  type ProblemFlags,
} from '../problem-flags.js';

interface SpectrumFlags extends ProblemFlags {
  method: 'auto' | 'dense' | 'lanczos' | 'power';
  denseThreshold: number;
  safetyMargin?: number;
  seed: number;
  json?: boolean;
}

const METHODS = ['auto', 'dense', 'lanczos', 'power'] as const;

export function registerSpectrum(program: Command): void {
  const cmd = program
    .command('spectrum')
    .argument('[file]', 'symmetric positive definite matrix (Matrix Market or .npy)')
    .description(
      'extreme eigenvalues, condition number and the safe interval for Chebyshev steps of a matrix file (or D^T D)',
    );
  addProblemOptions(cmd, { matrix: false }).option(
    '--method <name>',
    `eigenvalue method: ${METHODS.join('|')} (auto: dense when n <= --dense-threshold, else lanczos)`,
    oneOf('--method', METHODS),
    'auto',
  );
  addDenseThresholdOption(cmd);
  addSafetyMarginOption(cmd)
    .option('--seed <int>', 'seed of the Lanczos / power start vector', seed(), 12)
    .option('--json', 'print one JSON object')
    .action((file: string | undefined, flags: SpectrumFlags) => {
      if (file !== undefined && flags.design !== undefined) {
        throw new UsageError(`--design: give FILE or --design FILE, not both`);
      }
      if (file === undefined && flags.design === undefined) {
        throw new UsageError(
          'FILE: expected a matrix file (dugd spectrum FILE) or a design (dugd spectrum --design FILE)',
        );
      }
      const pf: ProblemFlags = { ...flags, matrix: file };
      checkProblemFlags(pf, true);
      const loaded = loadProblem(pf);
      const p = loaded.problem;
      const est = inFileTerms(p.name, 'while estimating the spectrum', () =>
        problemExtremes(p, {
          method: flags.method,
          denseThreshold: flags.denseThreshold,
          safetyMargin: flags.safetyMargin,
          seed: flags.seed,
        }),
      );
      const positiveDefinite = est.definiteness === 'positive-definite';
      const numericallySingular = est.definiteness === 'numerically-singular';
      const kappa = positiveDefinite ? est.lmax / est.lmin : null;
      const warnings: string[] = [];
      if (numericallySingular) {
        warnings.push(
          `lmin = ${fmt(est.lmin)} is within rounding (${fmt(est.singularityThreshold)}) of 0: the matrix is ` +
            `numerically singular (kappa > 1/eps), not positive definite; GD, Chebyshev steps and ` +
            `training need lmin > 0 (${definitenessFix(p)})`,
        );
      } else if (!positiveDefinite) {
        warnings.push(
          `lmin = ${est.lmin} <= 0: the matrix is not positive definite (indefinite); GD and Chebyshev steps need lmin > 0` +
            ` (${definitenessFix(p)})`,
        );
      }
      if (!est.converged) {
        warnings.push(
          `${est.method} did not converge in ${est.iterations} iterations: lmin and lmax are estimates with the bounds shown, ` +
            'and the interval for Chebyshev steps is not certain to hold the spectrum (use --method dense or lanczos)',
        );
      }
      const args = ['dugd', 'spectrum'];
      if (file !== undefined) args.push(shellWord(file));
      args.push(...problemArgs({ ...pf, matrix: undefined }));
      if (flags.method !== 'auto') args.push('--method', flags.method);
      args.push(...spectrumEstimateArgs(flags));
      if (est.method !== 'dense') args.push('--seed', String(flags.seed));
      const report = {
        command: args.join(' '),
        problem: problemRecord(loaded),
        n: est.n,
        nnz: p.nnz,
        scaling: p.scaling.applied,
        lmin: est.lmin,
        lmax: est.lmax,
        kappa,
        positiveDefinite,
        numericallySingular,
        method: est.method,
        lminBound: est.lminBound,
        lmaxBound: est.lmaxBound,
        boundKind: est.boundKind,
        iterations: est.iterations,
        converged: est.converged,
        breakdown: est.breakdown,
        safetyMargin: est.safetyMargin,
        safeInterval: est.safeInterval,
        safeIntervalReliable: est.safeIntervalReliable,
        seconds: est.seconds,
        notes: est.notes,
        warnings,
      };
      if (flags.json) {
        process.stdout.write(toJson(report));
        return;
      }
      const scaled = p.scaling.applied === 'diagonal' ? 'A_s = S^-1/2 A S^-1/2' : 'A';
      const lines = [
        `dugd spectrum: ${p.description}`,
        ...problemNotes(loaded),
        `scaling: ${p.scaling.applied} (${p.scaling.reason}); eigenvalues of ${scaled}`,
        `method: ${est.method}, ${est.iterations} operator applications, ${est.seconds.toFixed(3)} s (${est.notes.join('; ')})`,
        `lmin = ${est.lmin.toPrecision(10)}  (+- ${fmt(est.lminBound)}, ${est.boundKind})`,
        `lmax = ${est.lmax.toPrecision(10)}  (+- ${fmt(est.lmaxBound)}, ${est.boundKind})`,
        kappa !== null
          ? `condition number kappa = lmax/lmin = ${fmt(kappa)}`
          : numericallySingular
            ? 'condition number kappa > 1/eps (numerically singular)'
            : 'condition number kappa: undefined (lmin <= 0)',
        `n = ${est.n}, nnz = ${p.nnz}`,
        !positiveDefinite
          ? 'safe interval for Chebyshev steps: none (not positive definite)'
          : est.safeIntervalReliable
            ? `safe interval for Chebyshev steps: [${fmt(est.safeInterval[0], 6)}, ${fmt(est.safeInterval[1], 6)}] ` +
              `(safety margin ${est.safetyMargin} on lmax)`
            : `interval for Chebyshev steps, NOT certain (${est.method} did not converge): ` +
              `[${fmt(est.safeInterval[0], 6)}, ${fmt(est.safeInterval[1], 6)}] ` +
              (est.safeInterval[0] < est.lmin
                ? `(lmin widened by its bound; safety margin ${est.safetyMargin} on lmax)`
                : `(lmin is not resolved: lmin - bound <= 0)`),
        ...warnings.map((w) => `warning: ${w}`),
      ];
      process.stdout.write(lines.join('\n') + '\n');
    });
}
