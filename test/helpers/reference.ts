/** Reads the shared reference values (../shared/reference, read-only). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const SHARED = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function loadReference(name: string): any {
  return JSON.parse(readFileSync(join(SHARED, 'reference', name), 'utf8'));
}

export function sharedData(name: string): string {
  return join(SHARED, 'data', name);
}
