import { uuid4 } from '../core/ids';
import { Clock, Logger, Random } from '../core/types';
import { ActivityName } from '../vault/record';

/** The app session: its ID and the records' sequence numbers, both new after a long suspend. */
export interface AppSession {
  id(): string;
  /** The next sequence number of `activity`'s records (from 1). */
  nextSequence(activity: ActivityName): number;
  hidden(): void;
  /** Shown again: a TV resumed after a long suspend is a new visit (new ID, sequences from 1). */
  shown(): void;
}

export interface AppSessionOptions {
  clock: Clock;
  random: Random | null;
  logger: Logger;
  resumeGapSeconds: number;
}

export function createAppSession(options: AppSessionOptions): AppSession {
  var clock = options.clock;
  var id = uuid4(options.random);
  var sequences = { playback_metrics: 0, playerError: 0 };
  var hiddenAt: number | null = null;
  return {
    id: function () {
      return id;
    },
    nextSequence: function (activity) {
      sequences[activity] += 1;
      return sequences[activity];
    },
    hidden: function () {
      hiddenAt = clock.now();
    },
    shown: function () {
      if (hiddenAt !== null && clock.now() - hiddenAt >= options.resumeGapSeconds * 1000) {
        id = uuid4(options.random);
        sequences.playback_metrics = 0;
        sequences.playerError = 0;
        options.logger.info('tv-telemetry: resumed after ' + Math.round((clock.now() - hiddenAt) / 1000) + ' s hidden: new app session');
      }
      hiddenAt = null;
    },
  };
}
