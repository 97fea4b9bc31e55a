/** Schedule combinators: plain functions over Float64Array schedules. */

/** The schedule applied periodically for `length` iterations: gamma_{t mod T}. */
export function repeatSchedule(steps: ArrayLike<number>, length: number): Float64Array {
  if (steps.length === 0) throw new RangeError('repeatSchedule: the schedule is empty');
  if (!Number.isInteger(length) || length < 0) {
    throw new RangeError(`repeatSchedule: length must be a non-negative integer; got ${length}`);
  }
  const out = new Float64Array(length);
  for (let t = 0; t < length; t++) out[t] = steps[t % steps.length];
  return out;
}

export function concatSchedules(...parts: ArrayLike<number>[]): Float64Array {
  const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(Array.from(p), o);
    o += p.length;
  }
  return out;
}

/** The steps sorted ascending (the multiset; p_T does not depend on order). */
export function sortedSteps(steps: ArrayLike<number>): Float64Array {
  return Float64Array.from(steps).sort();
}

/** Effective steps |gamma_t| of raw DUGD parameters. */
export function effectiveSteps(params: ArrayLike<number>): Float64Array {
  return Float64Array.from(params, Math.abs);
}

/** Parse and check a user-given schedule: finite numbers, at least one. */
export function checkSchedule(where: string, steps: ArrayLike<number>): Float64Array {
  if (steps.length === 0) throw new RangeError(`${where}: the schedule is empty`);
  const out = Float64Array.from(steps);
  for (let t = 0; t < out.length; t++) {
    if (!Number.isFinite(out[t])) {
      throw new RangeError(`${where}: step ${t} is not a finite number (${steps[t]})`);
    }
  }
  return out;
}
