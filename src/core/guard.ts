import { Logger } from './types';

/**
 * Wraps a callback the host or the player calls into, so an exception inside the agent is logged
 * and never propagates into Shaka's or the app's call stack.
 */
// `any`: guard wraps functions of every signature and passes their arguments on untouched.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function guard<F extends (...args: any[]) => any>(logger: Logger, where: string, fn: F): F {
  return function (this: unknown) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- IArguments as the wrapped function's own parameters
      return fn.apply(this, arguments as any);
    } catch (e) {
      logInternalError(logger, where, e);
    }
    // after a throw: undefined
  } as F;
}

/** Logs an exception caught inside the agent; a throwing logger must not break the host either. */
export function logInternalError(logger: Logger, where: string, e: unknown): void {
  try {
    logger.error('tv-telemetry: internal error in ' + where + ': ' + describeError(e));
  } catch (ignored) {
    // nothing left to tell
  }
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
