/**
 * dugd spectrum FILE | --design FILE: the extreme eigenvalues of an SPD
 * matrix (or of D^T D for a design), the condition number, the method used
 * (dense eigensolver when n <= --dense-threshold, else Lanczos), n, nnz,
 * the time, and the safe interval for Chebyshev steps with its safety margin
 * (src/problems/problem-spectrum.ts over linalg/spectrum-estimate.ts).
 * Not positive definite (lmin <= 0) is reported, not refused: this command
 * only looks.
 */
import type { Command } from 'commander';
import { toJson } from '../../io/json.js';
import { problemExtremes } from '../../problems/index.js';
import { UsageError } from '../errors.js';
import { fmt } from '../format.js';
import { oneOf, seed } from '../parse.js';
import {
  addDenseThresholdOption,
  addProblemOptions,
  addSafetyMarginOption,
  checkProblemFlags,
  loadProblem,
  problemArgs,
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
      const pf: ProblemFlags = { ...flags, matrix: file };
      checkProblemFlags(pf, true);
      const loaded = loadProblem(pf);
      const p = loaded.problem;
      const est = problemExtremes(p, {
        method: flags.method,
        denseThreshold: flags.denseThreshold,
        safetyMargin: flags.safetyMargin,
        seed: flags.seed,
      });
      const positiveDefinite = est.lmin > 0;
      const kappa = positiveDefinite ? est.lmax / est.lmin : null;
      const warnings: string[] = [];
      if (!positiveDefinite) {
        warnings.push(
          `lmin = ${est.lmin} <= 0: the matrix is not positive definite; GD and Chebyshev steps need lmin > 0` +
            (p.kind === 'least-squares'
              ? ' (D^T D is singular: add --ridge or drop dependent columns)'
              : ''),
        );
      }
      if (!est.converged) {
        warnings.push(
          `${est.method} did not converge in ${est.iterations} iterations: the interval is an estimate with the bounds shown`,
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
        method: est.method,
        lminBound: est.lminBound,
        lmaxBound: est.lmaxBound,
        boundKind: est.boundKind,
        iterations: est.iterations,
        converged: est.converged,
        breakdown: est.breakdown,
        safetyMargin: est.safetyMargin,
        safeInterval: est.safeInterval,
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
        `scaling: ${p.scaling.applied} (${p.scaling.reason}); eigenvalues of ${scaled}`,
        `method: ${est.method}, ${est.iterations} operator applications, ${est.seconds.toFixed(3)} s (${est.notes.join('; ')})`,
        `lmin = ${est.lmin.toPrecision(10)}  (+- ${fmt(est.lminBound)}, ${est.boundKind})`,
        `lmax = ${est.lmax.toPrecision(10)}  (+- ${fmt(est.lmaxBound)}, ${est.boundKind})`,
        `condition number kappa = lmax/lmin = ${kappa === null ? 'undefined (lmin <= 0)' : fmt(kappa)}`,
        `n = ${est.n}, nnz = ${p.nnz}`,
        `safe interval for Chebyshev steps: [${fmt(est.safeInterval[0], 6)}, ${fmt(est.safeInterval[1], 6)}] ` +
          `(safety margin ${est.safetyMargin} on lmax)`,
        ...warnings.map((w) => `warning: ${w}`),
      ];
      process.stdout.write(lines.join('\n') + '\n');
    });
}
