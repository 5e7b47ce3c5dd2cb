import { Logger } from '../core/types';
import { ShakaPlayerLike } from '../player/types';
import { each } from './each';
import { Playback } from './playback';

var MAX_PLAYBACKS = 4;

/** The playbacks running: at most 4, one per player. */
export interface PlaybackList {
  /** Starts `player`'s playback with `start`, after ending its previous one, and the oldest when 4 run. */
  add(player: ShakaPlayerLike, start: () => Playback): Playback;
  /** The playback ended: no longer tracked. */
  remove(playback: Playback): void;
  endAll(): void;
}

export function createPlaybackList(logger: Logger): PlaybackList {
  var playbacks: Playback[] = [];
  return {
    add: function (player, start) {
      each(playbacks, function (playback) {
        if (playback.player === player) playback.end();
      });
      if (playbacks.length >= MAX_PLAYBACKS) {
        logger.warn('tv-telemetry: track: more than ' + MAX_PLAYBACKS + ' playbacks, ending the oldest');
        playbacks[0].end();
      }
      var started = start();
      playbacks.push(started);
      return started;
    },
    remove: function (playback) {
      var i = playbacks.indexOf(playback);
      if (i >= 0) playbacks.splice(i, 1);
    },
    endAll: function () {
      each(playbacks, function (playback) {
        playback.end();
      });
    },
  };
}
