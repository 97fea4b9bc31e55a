/**
 * The one memory limit of the library: a computation refuses to allocate
 * more than MAX_FLOAT64_ENTRIES float64 values (8 bytes each) for one
 * purpose, and says so with a RangeError naming the function, what would be
 * allocated and how much, before it allocates anything. 1e8 entries are
 * 800 MB: well inside a default Node heap plus typed-array memory on a
 * machine with a few GB, and far above every documented run (the paper's
 * dense engine with batch 200 and T = 25 keeps about 3 million entries).
 * Without it, a typo such as T = 1e9 ends in a V8 "invalid typed array
 * length" or an out-of-memory crash minutes later.
 */

/** At most this many float64 entries per allocation check (800 MB). */
export const MAX_FLOAT64_ENTRIES = 1e8;

/** A byte count for messages: 800 MB, 2.4 GB, 1.9 TB. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${Number(v.toPrecision(3))} ${units[u]}`;
}

/**
 * Throws a RangeError `where: what would allocate N float64 entries (X GB);
 * at most 1e8 (800 MB) are supported` when `entries` exceeds the limit (or
 * is not a finite number).
 */
export function checkFloat64Entries(where: string, what: string, entries: number): void {
  if (entries <= MAX_FLOAT64_ENTRIES) return;
  throw new RangeError(
    `${where}: ${what} would allocate ${entries.toPrecision(3)} float64 entries (${formatBytes(8 * entries)}); ` +
      `at most ${MAX_FLOAT64_ENTRIES.toExponential()} (${formatBytes(8 * MAX_FLOAT64_ENTRIES)}) are supported`,
  );
}
