/**
 * Flag value parsers: each checks one flag and throws a UsageError naming
 * the flag and the value, so commander never sees an invalid number.
 */
import { UsageError } from './errors.js';

function number(flag: string, raw: string): number {
  const v = raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(v)) throw new UsageError(`${flag}: expected a number; got '${raw}'`);
  return v;
}

export function positiveInt(flag: string) {
  return (raw: string): number => {
    const v = number(flag, raw);
    if (!Number.isInteger(v) || v < 1) {
      throw new UsageError(`${flag}: expected a positive integer; got '${raw}'`);
    }
    return v;
  };
}

export function nonNegativeInt(flag: string) {
  return (raw: string): number => {
    const v = number(flag, raw);
    if (!Number.isInteger(v) || v < 0) {
      throw new UsageError(`${flag}: expected a non-negative integer; got '${raw}'`);
    }
    return v;
  };
}

export function positiveNumber(flag: string) {
  return (raw: string): number => {
    const v = number(flag, raw);
    if (!(v > 0)) throw new UsageError(`${flag}: expected a positive number; got '${raw}'`);
    return v;
  };
}

export function nonNegativeNumber(flag: string) {
  return (raw: string): number => {
    const v = number(flag, raw);
    if (!(v >= 0)) throw new UsageError(`${flag}: expected a number >= 0; got '${raw}'`);
    return v;
  };
}

export function anyNumber(flag: string) {
  return (raw: string): number => number(flag, raw);
}

export function seed(flag = '--seed') {
  return (raw: string): number => {
    const v = number(flag, raw);
    if (!Number.isSafeInteger(v) || v < 0) {
      throw new UsageError(`${flag}: expected a non-negative integer; got '${raw}'`);
    }
    return v;
  };
}

export function oneOf<T extends string>(flag: string, choices: readonly T[]) {
  return (raw: string): T => {
    if (!(choices as readonly string[]).includes(raw)) {
      throw new UsageError(`${flag}: expected one of ${choices.join(', ')}; got '${raw}'`);
    }
    return raw as T;
  };
}

/** A comma- or space-separated list of numbers. */
export function numberList(flag: string) {
  return (raw: string): number[] => {
    const parts = raw.split(/[\s,]+/).filter((p) => p !== '');
    if (parts.length === 0)
      throw new UsageError(`${flag}: expected a list of numbers; got '${raw}'`);
    return parts.map((p) => number(flag, p));
  };
}
