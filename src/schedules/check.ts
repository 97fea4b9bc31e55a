/** Argument checks shared by the schedule factories (public boundary only). */

export function checkLength(where: string, name: string, T: number): void {
  if (!Number.isInteger(T) || T < 1) {
    throw new RangeError(`${where}: ${name} must be a positive integer; got ${T}`);
  }
}

export function checkInterval(where: string, lmin: number, lmax: number): void {
  if (!Number.isFinite(lmin) || !Number.isFinite(lmax) || !(lmin > 0) || !(lmin <= lmax)) {
    throw new RangeError(
      `${where}: the interval must satisfy 0 < lmin <= lmax (finite); got lmin=${lmin}, lmax=${lmax}`,
    );
  }
}
