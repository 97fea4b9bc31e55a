/**
 * Reads the product team's shared reference values and data
 * (../shared/reference, ../shared/data next to the clone; read-only).
 * A missing folder is a set-up error, reported as such (see README, Set-up).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const SHARED = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared');

function requireShared(path: string): string {
  if (!existsSync(path)) {
    throw new Error(
      `missing ${path}: the tests need the product team's shared/ folder (reference values and ` +
        `test matrices) next to this clone, at ${SHARED} (see README, Set-up)`,
    );
  }
  return path;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function loadReference(name: string): any {
  return JSON.parse(readFileSync(requireShared(join(SHARED, 'reference', name)), 'utf8'));
}

export function sharedData(name: string): string {
  return requireShared(join(SHARED, 'data', name));
}
