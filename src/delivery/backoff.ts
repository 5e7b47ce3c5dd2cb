import { Random } from '../core/types';

/**
 * Delay before retry number `attempt` (1, 2, …): exponential growth to a cap, with half of it
 * jittered so a fleet that failed together does not retry together. A server's Retry-After is a
 * floor (with jitter added, or it would re-synchronise the fleet), never a schedule.
 */
export function retryDelayMs(
  attempt: number,
  baseMs: number,
  capMs: number,
  retryAfterMs: number | null,
  random: Random
): number {
  var ceiling = Math.min(capMs, baseMs * Math.pow(2, Math.min(attempt - 1, 30)));
  var delay = ceiling / 2 + (random() * ceiling) / 2;
  if (retryAfterMs !== null) delay = Math.max(delay, retryAfterMs * (1 + 0.2 * random()));
  return Math.round(delay);
}

/** Next periodic flush: the interval ±20 %, so agents started together drift apart. */
export function jitteredIntervalMs(intervalMs: number, random: Random): number {
  return Math.round(intervalMs * (0.8 + 0.4 * random()));
}

/** First flush after start: anywhere in the last three quarters of an interval. */
export function firstFlushMs(intervalMs: number, random: Random): number {
  return Math.round(intervalMs * (0.25 + 0.75 * random()));
}
