import { round } from '../core/values';

export type ParamValue = string | number | boolean | null | undefined;

/**
 * Appends `key=value`, URL-encoded, to an event's parameters. An absent value (undefined, null,
 * empty string, NaN or infinite number) is not sent at all, as the seed asks for optional fields.
 */
export function put(params: string[], key: string, value: ParamValue): void {
  if (value === undefined || value === null || value === '' || (typeof value === 'number' && !isFinite(value))) return;
  params.push(key + '=' + encodeURIComponent(String(value)));
}

/** A float with millisecond precision ("second.milliSecond"); null (unknown) stays null, which put() leaves out. */
export function round3(value: number | null): number | null {
  return value === null ? null : round(value, 3);
}

/** Milliseconds as seconds with millisecond precision; null (not measured) stays null, which put() leaves out. */
export function seconds(ms: number | null): number | null {
  return ms === null ? null : Math.round(ms) / 1000;
}
