/**
 * Writes that never leave a half-written file: each file goes to a
 * temporary name in the same directory and is renamed into place. A group
 * of outputs is written only after every one of them has been produced.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * Write several files into `dir`: all are written to temporary names first,
 * then renamed; on any failure the temporaries are removed and nothing new
 * appears under the final names.
 */
export function writeFilesAtomic(
  dir: string,
  files: Record<string, string | Uint8Array>,
): string[] {
  mkdirSync(dir, { recursive: true });
  const written: { tmp: string; path: string }[] = [];
  try {
    for (const [name, content] of Object.entries(files)) {
      const path = join(dir, name);
      mkdirSync(dirname(path), { recursive: true });
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, content);
      written.push({ tmp, path });
    }
  } catch (err) {
    for (const w of written) rmSync(w.tmp, { force: true });
    throw err;
  }
  for (const w of written) renameSync(w.tmp, w.path);
  return written.map((w) => w.path);
}
