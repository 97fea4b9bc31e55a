/**
 * Float64Array vector kernels. Inputs are read-only; results go to `out`
 * (which may alias an input where noted) and are returned.
 */

export type Vector = Float64Array;

export function zeros(n: number): Vector {
  return new Float64Array(n);
}

/** x . y */
export function dot(x: Vector, y: Vector): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

/** ||x||_2, scaled to avoid overflow/underflow. */
export function norm2(x: Vector): number {
  let scale = 0;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]);
    if (a > scale) scale = a;
    else if (a !== a) return NaN; // a NaN entry: the norm is NaN (not the max of the others)
  }
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const r = x[i] / scale;
    s += r * r;
  }
  return scale * Math.sqrt(s);
}

/** y <- y + alpha x  (returns y) */
export function axpy(alpha: number, x: Vector, y: Vector): Vector {
  for (let i = 0; i < x.length; i++) y[i] += alpha * x[i];
  return y;
}

/** out <- alpha x  (out may be x) */
export function scale(alpha: number, x: Vector, out: Vector = x): Vector {
  for (let i = 0; i < x.length; i++) out[i] = alpha * x[i];
  return out;
}

/** out <- x - y  (out may alias either) */
export function sub(x: Vector, y: Vector, out: Vector = new Float64Array(x.length)): Vector {
  for (let i = 0; i < x.length; i++) out[i] = x[i] - y[i];
  return out;
}

/** ||x - y||_2 */
export function distance(x: Vector, y: Vector): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const d = x[i] - y[i];
    s += d * d;
  }
  return Math.sqrt(s);
}

/** True when every entry is finite. */
export function allFinite(x: ArrayLike<number>): boolean {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) return false;
  return true;
}

/** Smallest and largest entry. */
export function minMax(x: ArrayLike<number>): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) {
    if (x[i] < min) min = x[i];
    if (x[i] > max) max = x[i];
  }
  return { min, max };
}
