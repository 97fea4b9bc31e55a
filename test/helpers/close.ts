/**
 * expectAllClose: |actual - expected| <= atol + rtol |expected| entry by
 * entry; on failure the message names the worst index and both values.
 */
import { expect } from 'vitest';

export interface Tol {
  rtol?: number;
  atol?: number;
}

export function expectAllClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  { rtol = 1e-12, atol = 0 }: Tol = {},
  label = 'values',
): void {
  expect(actual.length, `${label}: length`).toBe(expected.length);
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    const err = Math.abs(a - e);
    const allowed = atol + rtol * Math.abs(e);
    const excess = Number.isNaN(err) ? Infinity : err - allowed;
    if (excess > worstExcess) {
      worstExcess = excess;
      worst = i;
    }
  }
  if (worst >= 0) {
    const a = actual[worst];
    const e = expected[worst];
    throw new Error(
      `${label}: index ${worst}: got ${a}, expected ${e} (|diff| = ${Math.abs(a - e)}, ` +
        `allowed ${atol} + ${rtol}*|expected| = ${atol + rtol * Math.abs(e)})`,
    );
  }
}

export function expectClose(
  actual: number,
  expected: number,
  tol: Tol = {},
  label = 'value',
): void {
  expectAllClose([actual], [expected], tol, label);
}
