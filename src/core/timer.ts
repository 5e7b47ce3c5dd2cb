import { guard } from './guard';
import { Clock, Logger, TimerHandle } from './types';

/** A one-shot timer on the injected clock. */
export interface Timer {
  /** Runs `fn` (guarded) after `ms`, replacing a run still pending. */
  start(ms: number): void;
  stop(): void;
  pending(): boolean;
}

export function createTimer(clock: Clock, logger: Logger, name: string, fn: () => void): Timer {
  var handle: TimerHandle | null = null;
  var run = guard(logger, name, function () {
    handle = null;
    fn();
  });
  function stop(): void {
    if (handle !== null) clock.clearTimeout(handle);
    handle = null;
  }
  return {
    start: function (ms) {
      stop();
      handle = clock.setTimeout(run, ms);
    },
    stop: stop,
    pending: function () {
      return handle !== null;
    },
  };
}
