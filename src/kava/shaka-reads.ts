/**
 * Reads from Shaka Player (4.16 and 5.x) that only Kava needs. Every call is feature-detected and a
 * throwing player reads as "unknown", never as an exception.
 */
import type { ShakaPlayerLike } from '../player/types';

export interface MediaLike {
  currentTime: number;
  duration?: number;
  paused?: boolean;
  ended?: boolean;
  readyState?: number;
  playbackRate?: number;
  muted?: boolean;
  volume?: number;
  addEventListener?(type: string, listener: (event: any) => void): void;
  removeEventListener?(type: string, listener: (event: any) => void): void;
  getBoundingClientRect?(): { left: number; top: number; right: number; bottom: number; width: number; height: number };
}

/** The parts of the Shaka API Kava reads besides the shared adapter's. */
export interface KavaPlayer extends ShakaPlayerLike {
  getMediaElement?(): MediaLike | null;
  getManifestType?(): string | null;
  getConfiguration?(): any;
  seekRange?(): { start: number; end: number };
  getPlaybackRate?(): number;
  getTextTracks?(): any[];
  /** 4.x only; in 5.x the active text track is the one shown */
  isTextTrackVisible?(): boolean;
}

export function call<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch (e) {
    return null;
  }
}

function finite(value: unknown): number | null {
  return typeof value === 'number' && isFinite(value) ? value : null;
}

/** The displayed variant: video bitrate in kbps (1000 bit/s) and audio language. */
export function activeVariant(player: KavaPlayer): { kbps: number | null; language: string | null } {
  var tracks = call(function () {
    return player.getVariantTracks();
  }) || [];
  for (var i = 0; i < tracks.length; i++) {
    var t = tracks[i];
    if (t && t.active) {
      var bandwidth = finite(t.videoBandwidth) || finite(t.bandwidth);
      return { kbps: bandwidth ? bandwidth / 1000 : null, language: t.audioLanguage || t.language || null };
    }
  }
  return { kbps: null, language: null };
}

/** The shown caption language, 'off' when the media has text tracks but none is shown, null without text tracks. */
export function captionOf(player: KavaPlayer): string | null {
  var tracks = call(function () {
    return player.getTextTracks ? player.getTextTracks() : [];
  }) || [];
  if (!tracks.length) return null;
  var visible = call(function () {
    return player.isTextTrackVisible ? player.isTextTrackVisible() : true;
  });
  for (var i = 0; visible && i < tracks.length; i++) if (tracks[i] && tracks[i].active) return tracks[i].language || 'und';
  return 'off';
}

/** 'hls', 'dash' or 'url' from the parsed manifest (when `player` is given), else from the load's MIME type or URI. */
export function deliveryTypeOf(player: KavaPlayer | null, uri: string | null, mime: string | null): string {
  var type = call(function () {
    return player && player.getManifestType ? player.getManifestType() : null;
  });
  if (type === 'HLS' || type === 'DASH') return type.toLowerCase();
  var hint = (mime || '') + ' ' + (uri || '').split('?')[0];
  return /mpegurl|\.m3u8/i.test(hint) ? 'hls' : /dash|\.mpd/i.test(hint) ? 'dash' : 'url';
}

export function isLive(player: KavaPlayer): boolean {
  return !!call(function () {
    return player.isLive ? player.isLive() : false;
  });
}

/** Seconds behind the live edge (<= 0), or null when the seek range is unknown. */
export function liveOffset(player: KavaPlayer, position: number): number | null {
  var end = finite(
    call(function () {
      return player.seekRange!().end;
    })
  );
  return end === null ? null : Math.min(0, position - end);
}

/** The rate the app asked for (Shaka holds the media at rate 0 while buffering; that is not a speed change). */
export function playbackSpeed(player: KavaPlayer, media: MediaLike | null): number {
  var rate = finite(
    call(function () {
      return player.getPlaybackRate ? player.getPlaybackRate() : media && media.playbackRate;
    })
  );
  return rate || 1;
}

/** streaming.bufferingGoal in seconds, or null. */
export function bufferingGoal(player: KavaPlayer): number | null {
  return finite(
    call(function () {
      return player.getConfiguration!().streaming.bufferingGoal;
    })
  );
}
