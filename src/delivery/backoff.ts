import { Random } from '../core/types';

/** The retry policy, the profile's `retry`: backoff from baseSeconds up to maxSeconds; after a few retries at once, at most maxPerHour. */
export interface RetryPolicy {
  baseSeconds: number;
  maxSeconds: number;
  maxPerHour: number;
}

/**
 * Delay before retry number `attempt` (1, 2, …): exponential growth from the policy's base to its
 * cap, with half of it jittered so a fleet that failed together does not retry together. A
 * server's Retry-After is a floor (with jitter added, or it would re-synchronise the fleet), never
 * a schedule.
 */
export function retryDelayMs(attempt: number, policy: RetryPolicy, retryAfterMs: number | null, random: Random): number {
  // After 1024 attempts the power is Infinity, which the cap bounds (baseSeconds > 0: the profile's least is 0.1 s).
  // In ms after the power and the cap: scaling by a power of 2 is exact, so it equals base ms × 2^n.
  var ceiling = Math.min(policy.maxSeconds, policy.baseSeconds * Math.pow(2, attempt - 1)) * 1000;
  var delay = ceiling / 2 + (random() * ceiling) / 2;
  if (retryAfterMs !== null) delay = Math.max(delay, retryAfterMs * (1 + 0.2 * random()));
  return Math.round(delay);
}

/** Next periodic flush: the interval ±20 %, so agents started together drift apart. */
export function jitteredIntervalMs(intervalMs: number, random: Random): number {
  return Math.round(intervalMs * (0.8 + 0.4 * random()));
}

/**
 * First flush after start: where the next flush of an agent that has run for long would fall, i.e.
 * the residual of an interval jittered by ±20 % (uniform up to 0.8 of it, thinning out to 1.2). A
 * fleet switched on in the same second then sends at its steady rate from the start; a first flush
 * anywhere in one interval bunched the first two rounds (1.33 × the steady rate; peaks over 1.5 ×
 * in bench/fleet). A flush before the first record sends nothing.
 */
export function firstFlushMs(intervalMs: number, random: Random): number {
  var r = random();
  return Math.round(intervalMs * (r < 0.8 ? r : 1.2 - Math.sqrt(0.8 * (1 - r))));
}
