/**
 * Reads from Shaka Player (4.16 and 5.x) that only Kava needs. Every call is feature-detected and a
 * throwing player reads as "unknown", never as an exception.
 */
import { finiteOrNull } from '../core/values';
import { ask } from '../player/ask';
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
  getBoundingClientRect?(): { left: number; top: number; right: number; bottom: number; width: number; height: number };
}

/** Shaka's text track, as far as Kava reads it. */
export interface TextTrackLike {
  active?: boolean;
  language?: string;
}

/** Shaka's configuration, as far as Kava reads it. */
interface ShakaConfigurationLike {
  streaming?: { bufferingGoal?: unknown };
}

/** Shaka's variant track, as far as Kava reads it. */
interface VariantTrackLike {
  active?: boolean;
  videoBandwidth?: unknown;
  bandwidth?: unknown;
  audioLanguage?: string;
  language?: string;
}

/** The parts of the Shaka API Kava reads besides the shared adapter's. */
export interface KavaPlayer extends ShakaPlayerLike {
  getMediaElement?(): MediaLike | null;
  getManifestType?(): string | null;
  getConfiguration?(): ShakaConfigurationLike | null;
  seekRange?(): { start: number; end: number };
  getPlaybackRate?(): number;
  getTextTracks?(): TextTrackLike[];
  /** 4.x only; in 5.x the active text track is the one shown */
  isTextTrackVisible?(): boolean;
}

/** The displayed variant: video bitrate in kbps (1000 bit/s) and audio language. */
export function activeVariant(player: KavaPlayer): { kbps: number | null; language: string | null } {
  var tracks: VariantTrackLike[] = ask(player, 'getVariantTracks') || [];
  for (var i = 0; i < tracks.length; i++) {
    var t = tracks[i];
    if (t && t.active) {
      var bandwidth = finiteOrNull(t.videoBandwidth) || finiteOrNull(t.bandwidth);
      return { kbps: bandwidth ? bandwidth / 1000 : null, language: t.audioLanguage || t.language || null };
    }
  }
  return { kbps: null, language: null };
}

/** The shown caption language, 'off' when the media has text tracks but none is shown, null without text tracks. */
export function captionOf(player: KavaPlayer): string | null {
  var tracks: TextTrackLike[] = ask(player, 'getTextTracks') || [];
  if (!tracks.length) return null;
  var visible = player.isTextTrackVisible ? ask(player, 'isTextTrackVisible') : true;
  if (!visible) return 'off';
  for (var i = 0; i < tracks.length; i++) {
    var track = tracks[i];
    if (track && track.active) return track.language || 'und';
  }
  return 'off';
}

/** 'hls', 'dash' or 'url' from the manifest Shaka parsed, else from the asset URI (progressive files, failed loads). */
export function deliveryTypeOf(player: KavaPlayer): string {
  // e.g. "DASH https://cdn/x/manifest.mpd", "null https://cdn/x/movie.mp4"
  var hint = ask(player, 'getManifestType') + ' ' + String(ask(player, 'getAssetUri')).split('?')[0];
  return /^HLS|\.m3u8$/i.test(hint) ? 'hls' : /^DASH|\.mpd$/i.test(hint) ? 'dash' : 'url';
}

export function isLive(player: KavaPlayer): boolean {
  return !!ask(player, 'isLive');
}

/**
 * Seconds behind the live edge (<= 0). 0 when the seek range is unknown, and before the first frame
 * while the playhead is not in the live window yet (Shaka moves it there, to the edge, on start).
 */
export function liveOffset(player: KavaPlayer, position: number, positioned: boolean): number {
  var range: { start: number; end: number } | null = ask(player, 'seekRange');
  if (!range || !(range.end >= 0)) return 0;
  if (!positioned && !(position >= range.start)) return 0;
  return Math.min(0, position - range.end);
}

/** The rate the app asked for (Shaka holds the media at rate 0 while buffering; that is not a speed change). */
export function playbackSpeed(player: KavaPlayer, media: MediaLike | null): number {
  return finiteOrNull(player.getPlaybackRate ? ask(player, 'getPlaybackRate') : media && media.playbackRate) || 1;
}

/** streaming.bufferingGoal in seconds, or null. */
export function bufferingGoal(player: KavaPlayer): number | null {
  var config: ShakaConfigurationLike | null = ask(player, 'getConfiguration');
  return finiteOrNull(config && config.streaming && config.streaming.bufferingGoal);
}
