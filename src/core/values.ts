/** A finite number, or null for what cannot be measured (JSON has no NaN or Infinity). */
export function finiteOrNull(value: unknown): number | null {
  return typeof value === 'number' && isFinite(value) ? value : null;
}

/** A finite number above 0, or null. */
export function positiveOrNull(value: unknown): number | null {
  return typeof value === 'number' && value > 0 && value < Infinity ? value : null;
}

/** Rounds to `digits` decimals, keeping records short. */
export function round(value: number, digits: number): number {
  var f = Math.pow(10, digits);
  return Math.round(value * f) / f;
}

/** Removes query string and fragment (they may carry tokens). */
export function stripQuery(uri: string): string {
  return uri.split('#')[0].split('?')[0];
}

export function isPlainObject(value: unknown): value is { [key: string]: unknown } {
  return value !== null && typeof value === 'object' && !(value instanceof Array);
}

export function hasOwn(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** Copies `from`'s own enumerable properties onto `to`; returns `to`. */
export function copyOwn<T extends object>(from: object, to: T): T {
  var source = from as { [key: string]: unknown };
  var target = to as { [key: string]: unknown };
  for (var key in source) if (hasOwn(source, key)) target[key] = source[key];
  return to;
}

/** A non-empty string of at most `max` characters. */
export function isText(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= max;
}
