import { Logger } from './types';

/**
 * Wraps a callback the host or the player calls into, so an exception inside the agent is logged
 * and never propagates into Shaka's or the app's call stack.
 */
export function guard<F extends (...args: any[]) => any>(logger: Logger, where: string, fn: F): F {
  return function (this: unknown) {
    try {
      return fn.apply(this, arguments as any);
    } catch (e) {
      try {
        logger.error('tv-telemetry: internal error in ' + where + ': ' + describeError(e));
      } catch (ignored) {
        // a throwing logger must not break the host either
      }
    }
    // after a throw: undefined
  } as F;
}

/**
 * The message of whatever was thrown, or the thing itself when it has none (the logger keeps it to
 * one line without URI queries).
 */
export function describeError(e: unknown): string {
  var message = e && (e as { message?: unknown }).message;
  return String(message != null ? message : e);
}

/** Runs fn; its exception (or a missing API) gives the fallback instead (undefined when none is given). */
export function attempt(fn: () => void): void;
export function attempt<T>(fn: () => T, fallback: T): T;
export function attempt<T>(fn: () => T, fallback?: T): T | undefined {
  try {
    return fn();
  } catch (e) {
    return fallback;
  }
}
