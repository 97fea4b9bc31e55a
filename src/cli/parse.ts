/**
 * Flag value parsers: each checks one flag and throws a UsageError naming
 * the flag and the value, so commander never sees an invalid number. Size
 * flags take an upper limit (`max`), reported in the message; the limits
 * live in limits.ts.
 */
import { UsageError } from './errors.js';
import { formatLimit } from './limits.js';

function number(flag: string, raw: string): number {
  const v = raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(v)) throw new UsageError(`${flag}: expected a number; got '${raw}'`);
  return v;
}

/** Throws when v > max: `FLAG: at most MAX ...; got 'RAW'`. */
function upTo(flag: string, raw: string, v: number, max: number | undefined, what: string): void {
  if (max !== undefined && v > max) {
    throw new UsageError(
      `${flag}: expected ${what} <= ${formatLimit(max)} (the limit); got '${raw}'`,
    );
  }
}

export function positiveInt(flag: string, max?: number) {
  return (raw: string): number => {
    const v = number(flag, raw);
    if (!Number.isInteger(v) || v < 1) {
      throw new UsageError(`${flag}: expected a positive integer; got '${raw}'`);
    }
    upTo(flag, raw, v, max, 'a positive integer');
    return v;
  };
}

export function nonNegativeInt(flag: string, max?: number) {
  return (raw: string): number => {
    const v = number(flag, raw);
    if (!Number.isInteger(v) || v < 0) {
      throw new UsageError(`${flag}: expected a non-negative integer; got '${raw}'`);
    }
    upTo(flag, raw, v, max, 'a non-negative integer');
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

/**
 * A comma- or space-separated list of numbers ("0.1,0.2", "0.1, 0.2",
 * "0.1 0.2"). An empty entry ("0.3,,0.2", a leading or trailing comma) is
 * an error, not skipped: it is most likely a missing number.
 */
export function numberList(flag: string) {
  return (raw: string): number[] => {
    if (raw.trim() === '')
      throw new UsageError(`${flag}: expected a list of numbers; got '${raw}'`);
    const out: number[] = [];
    const fields = raw.split(',');
    for (let k = 0; k < fields.length; k++) {
      const parts = fields[k].split(/\s+/).filter((p) => p !== '');
      if (parts.length === 0) {
        throw new UsageError(
          `${flag}: empty entry ${k + 1} of ${fields.length} in '${raw}' (two commas in a row, or a leading or trailing comma); expected a number between the commas`,
        );
      }
      for (const p of parts) out.push(number(flag, p));
    }
    return out;
  };
}
