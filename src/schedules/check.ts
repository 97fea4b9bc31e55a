/** Argument checks shared by the schedule factories (public boundary only). */
import { checkFloat64Entries } from '../linalg/limits.js';

export function checkLength(where: string, name: string, T: number): void {
  if (!Number.isInteger(T) || T < 1) {
    throw new RangeError(`${where}: ${name} must be a positive integer; got ${T}`);
  }
  checkFloat64Entries(where, `${name} = ${T} steps`, T);
}

export function checkInterval(where: string, lmin: number, lmax: number): void {
  if (!Number.isFinite(lmin) || !Number.isFinite(lmax) || !(lmin > 0) || !(lmin <= lmax)) {
    throw new RangeError(
      `${where}: the interval must satisfy 0 < lmin <= lmax (finite); got lmin=${lmin}, lmax=${lmax}`,
    );
  }
}
