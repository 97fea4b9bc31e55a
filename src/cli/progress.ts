/**
 * Progress on a terminal: a bar on stderr when stderr is a TTY and --quiet
 * is not given; silent otherwise (pipes, CI, tests).
 */
import cliProgress from 'cli-progress';

export interface Progress {
  start(label: string, total: number): void;
  update(value: number, info?: string): void;
  stop(): void;
}

export function createProgress(quiet: boolean): Progress {
  if (quiet || !process.stderr.isTTY) {
    return { start() {}, update() {}, stop() {} };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: '{label} [{bar}] {value}/{total} {info}',
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let running = false;
  return {
    start(label, total) {
      if (running) bar.stop();
      bar.start(total, 0, { label, info: '' });
      running = true;
    },
    update(value, info = '') {
      if (running) bar.update(value, { info });
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}
