/**
 * JSON for numeric results: typed arrays become plain arrays; non-finite
 * numbers (which JSON cannot hold) become null, and callers that can
 * produce them say so in a warning next to the value.
 */

export function jsonReplacer(_key: string, value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return Array.from(value as unknown as ArrayLike<number>, (v) =>
      typeof v === 'number' && !Number.isFinite(v) ? null : v,
    );
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}

export function toJson(value: unknown, indent = 2): string {
  return JSON.stringify(value, jsonReplacer, indent) + '\n';
}
