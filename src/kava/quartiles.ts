/**
 * Kava's PLAY_REACHED_25/50/75/100 (IDs 11 to 14) for VOD: each quarter of the duration reached is
 * sent once per play-through, from one timer aimed at the next quarter while the playhead moves.
 */
import { Clock } from '../core/types';
import { Kava as E } from './events';

export interface QuartileHost {
  clock: Clock;
  /** The media's duration in seconds when quartiles apply (VOD with a known duration), else null. */
  duration(): number | null;
  /** The playhead, in media seconds. */
  currentTime(): number;
  /** The playhead moves now (playing, not stalled), at this rate; null when it does not. */
  movingSpeed(): number | null;
  /** Sends the event (PLAY_REACHED_25 + quarter index). */
  send(type: E): void;
  /** Wraps the timer's callback (nothing after the end, exceptions logged). */
  safe(fn: () => void): () => void;
}

export interface Quartiles {
  /** Sends each quarter reached and not sent yet; `finished`: the media ended, all of them. */
  check(finished: boolean): void;
  /** Aims the timer at the next quarter, or stops it when the playhead does not move. */
  aim(): void;
  /** A new play-through (a new media, a replay): every quarter is due again. */
  restart(): void;
  stop(): void;
}

/** The timer fires this long after the quarter, so the playhead is surely past it. */
var MARGIN_MS = 250;

export function trackQuartiles(host: QuartileHost): Quartiles {
  var clock = host.clock;
  /** quarters sent: bit i is quarter i+1 */
  var sent = 0;
  var timer: unknown = null;

  function check(finished: boolean): void {
    var duration = host.duration();
    if (duration === null) return;
    var share = finished ? 1 : host.currentTime() / duration;
    for (var i = 0; i < 4; i++) {
      if (!(sent & (1 << i)) && share >= (i + 1) / 4) {
        sent |= 1 << i;
        host.send(E.PLAY_REACHED_25 + i);
      }
    }
  }

  function aim(): void {
    stop();
    var duration = host.duration();
    var speed = host.movingSpeed();
    if (duration === null || speed === null || speed < 0) return;
    for (var i = 0; i < 4; i++) {
      if (!(sent & (1 << i))) {
        var ms = ((((i + 1) / 4) * duration - host.currentTime()) / speed) * 1000;
        timer = clock.setTimeout(
          host.safe(function () {
            check(false);
            aim();
          }),
          Math.max(0, ms) + MARGIN_MS
        );
        return;
      }
    }
  }

  function stop(): void {
    clock.clearTimeout(timer);
    timer = null;
  }

  return {
    check: check,
    aim: aim,
    restart: function () {
      sent = 0;
    },
    stop: stop,
  };
}
