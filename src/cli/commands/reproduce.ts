/** dugd reproduce NAME: a figure of the paper (or all of them with report.html) as SVG, PNG, CSV and JSON. */
import type { Command } from 'commander';
import { join } from 'node:path';
import { PAPER_SETTINGS } from '../../experiments/paper-settings.js';
import {
  FIGURE_NAMES,
  REPRODUCE_NAMES,
  reproduceSettings,
  type ReproduceName,
} from '../../experiments/reproduce.js';
import { writeFilesAtomic } from '../../io/atomic.js';
import { toJson } from '../../io/json.js';
import { UsageError } from '../errors.js';
import { fmt, table } from '../format.js';
import { seed } from '../parse.js';
import { checkOutputDirectory } from '../output.js';
import { createProgress } from '../progress.js';

interface ReproduceFlags {
  out: string;
  seed: number;
  quiet?: boolean;
  json?: boolean;
}

export function registerReproduce(program: Command): void {
  program
    .command('reproduce')
    .description(
      `the paper's figures as SVG, PNG, CSV and JSON; NAME is one of ${REPRODUCE_NAMES.join(', ')} ` +
        '(all: every figure and report.html)',
    )
    .argument('<name>', `figure: ${REPRODUCE_NAMES.join('|')}`)
    .option('--out <dir>', 'directory for the files', 'figures')
    .option(
      '--seed <int>',
      'seed of every random draw (matrices, training, samples)',
      seed(),
      PAPER_SETTINGS.seed,
    )
    .option('--json', 'print the files written and the key numbers as one JSON object')
    .option('--quiet', 'no progress bar')
    .action(async (name: string, flags: ReproduceFlags) => {
      if (!(REPRODUCE_NAMES as readonly string[]).includes(name)) {
        throw new UsageError(
          `reproduce: unknown figure '${name}'; expected one of ${REPRODUCE_NAMES.join(', ')}`,
        );
      }
      // the files of the figures (report/figure.ts figureFiles, report.html for all): checked
      // before the figures are computed, so an unusable --out fails at once
      const figures = name === 'all' ? FIGURE_NAMES : [name];
      const outNames = figures.flatMap((f) =>
        ['svg', 'png', 'csv', 'json'].map((e) => `${f}.${e}`),
      );
      if (name === 'all') outNames.push('report.html');
      checkOutputDirectory('--out', flags.out, outNames);
      const settings = reproduceSettings(flags.seed);
      const progress = createProgress(Boolean(flags.quiet) || Boolean(flags.json));
      const t0 = performance.now();
      // loaded here: vega, vega-lite and resvg add ~0.25 s to the start of every other command
      const { reproduce } = await import('../../report/reproduce.js');
      const result = await reproduce(name as ReproduceName, settings, {
        onFigure: (figure, i, total) => {
          if (i === 0) progress.start('reproduce', total);
          progress.update(i, figure);
        },
      });
      progress.stop();
      const paths = writeFilesAtomic(flags.out, result.files);
      const seconds = (performance.now() - t0) / 1000;
      if (flags.json) {
        process.stdout.write(
          toJson({
            name,
            seed: flags.seed,
            out: flags.out,
            files: paths,
            keyNumbers: result.keyNumbers,
            seconds: { total: seconds, figures: result.seconds },
          }),
        );
        return;
      }
      if (flags.quiet) return;
      const rows = result.keyNumbers.map((k) => [
        k.figure,
        k.label,
        fmt(k.value),
        k.published === undefined ? '' : fmt(k.published),
      ]);
      process.stdout.write(
        `wrote ${paths.length} files to ${join(flags.out)} in ${seconds.toFixed(1)} s:\n` +
          paths.map((p) => `  ${p}\n`).join('') +
          '\n' +
          table(['figure', 'key number', 'ours', "published (authors' matrix)"], rows) +
          '\n',
      );
    });
}
