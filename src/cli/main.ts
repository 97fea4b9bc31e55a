#!/usr/bin/env node
/**
 * The dugd command: a thin shell over the library. Each command lives in
 * src/cli/commands/ and registers itself here. Errors become one line on
 * stderr and an exit code: 2 for usage, 1 for runtime; no stack traces for
 * user mistakes (DUGD_DEBUG=1 shows them for internal errors). `dugd`
 * without a command is a usage error: the help goes to stderr, exit code 2
 * (as for any other missing argument; `dugd --help` and `dugd help` print
 * it to stdout and exit 0).
 */
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { describeError } from './errors.js';
import { commands } from './commands/index.js';

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
    return String(pkg.version);
  } catch {
    return 'unknown';
  }
}

export function buildProgram(): Command {
  const program = new Command('dugd');
  program
    .description(
      'Learned (deep-unfolded) and Chebyshev step sizes for gradient descent and iterative solvers',
    )
    .version(packageVersion())
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({ outputError: (str, write) => write(str) });
  for (const register of commands) register(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander has already printed its one-line message (or the help);
      // 'commander.help' with exit code 1: no command given, help on stderr
      if (err.code === 'commander.help') return err.exitCode === 0 ? 0 : 2;
      const ok = ['commander.helpDisplayed', 'commander.version'].includes(err.code);
      return ok ? 0 : 2;
    }
    const { code, message, internal } = describeError(err);
    process.stderr.write(`dugd: ${message}\n`);
    if (internal && process.env.DUGD_DEBUG && err instanceof Error)
      process.stderr.write(`${err.stack}\n`);
    return code;
  }
}

// a closed pipe (`dugd train | head`) ends the output quietly, without a stack trace
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`dugd: internal error: ${String(err)}\n`);
    process.exitCode = 1;
  },
);
