/**
 * What the page and the engine can tell about the viewing conditions, feature-detected: TV engines
 * lack some of these APIs, and a missing one leaves its parameter out rather than guessing.
 */
import { MediaLike } from './shaka-reads';

var BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function doc(): Document | null {
  return typeof document !== 'undefined' ? document : null;
}

/** document.referrer || document.URL when it is an http(s) URL, base64 (or raw) as the profile says. */
export function pageReferrer(encoding: 'base64' | 'raw'): string | null {
  var d = doc();
  var url = d ? d.referrer || d.URL : '';
  if (!/^https?:\/\//.test(url)) return null;
  return encoding === 'raw' ? url : base64(url);
}

/** Base64 of the UTF-8 bytes: btoa where the engine has it, else a small encoder. */
export function base64(text: string): string {
  var bytes = unescape(encodeURIComponent(text));
  if (typeof btoa === 'function') return btoa(bytes);
  var out = '';
  for (var i = 0; i < bytes.length; i += 3) {
    var n = (bytes.charCodeAt(i) << 16) | ((bytes.charCodeAt(i + 1) || 0) << 8) | (bytes.charCodeAt(i + 2) || 0);
    out +=
      BASE64.charAt((n >> 18) & 63) +
      BASE64.charAt((n >> 12) & 63) +
      (i + 1 < bytes.length ? BASE64.charAt((n >> 6) & 63) : '=') +
      (i + 2 < bytes.length ? BASE64.charAt(n & 63) : '=');
  }
  return out;
}

/** navigator.connection.effectiveType ('slow-2g', '2g', '3g', '4g') where the engine has it. */
export function connectionType(): string | null {
  var nav: any = typeof navigator !== 'undefined' ? navigator : null;
  var connection = nav && (nav.connection || nav.mozConnection || nav.webkitConnection);
  return connection && typeof connection.effectiveType === 'string' ? connection.effectiveType : null;
}

function hidden(): boolean {
  var d = doc();
  return !!(d && d.hidden);
}

/** 1: tab not focused (hidden), 2: focused. */
export function tabMode(): number {
  return hidden() ? 1 : 2;
}

/** 1: sound off (muted or volume 0), 2: on. */
export function soundMode(media: MediaLike | null): number {
  return media && (media.muted || media.volume === 0) ? 1 : 2;
}

/** 2 when the tab is visible and at least half of the video is in the viewport, else 1. */
export function viewabilityMode(media: MediaLike | null): number {
  if (hidden()) return 1;
  var win: any = typeof window !== 'undefined' ? window : null;
  if (!media || typeof media.getBoundingClientRect !== 'function' || !win || !(win.innerWidth > 0)) return 2;
  var r = media.getBoundingClientRect();
  var area = r.width * r.height;
  var visible =
    Math.max(0, Math.min(r.right, win.innerWidth) - Math.max(r.left, 0)) *
    Math.max(0, Math.min(r.bottom, win.innerHeight) - Math.max(r.top, 0));
  return area > 0 && visible * 2 >= area ? 2 : 1;
}

function perf(): any {
  return typeof performance !== 'undefined' ? performance : null;
}

/**
 * Longest DNS + TCP + TLS time (ms) among these segment URLs' resource timings, or null when there
 * is none: the entries are zeroed for cross-origin servers without Timing-Allow-Origin, and the
 * engine stops recording when its resource timing buffer is full.
 */
export function connectionOverheadMs(urls: string[]): number | null {
  var p = perf();
  if (!p || typeof p.getEntriesByName !== 'function') return null;
  var max: number | null = null;
  for (var i = 0; i < urls.length; i++) {
    var entries = p.getEntriesByName(urls[i], 'resource');
    var e = entries && entries[entries.length - 1];
    if (e && e.domainLookupStart > 0 && e.connectEnd >= e.domainLookupStart) {
      var ms = e.connectEnd - e.domainLookupStart;
      if (max === null || ms > max) max = ms;
    }
  }
  return max;
}

/** Load time (ms) of a Shaka Player script from resource timing, or null. */
export function libraryLoadMs(): number | null {
  var p = perf();
  var entries = p && typeof p.getEntriesByType === 'function' ? p.getEntriesByType('resource') : [];
  for (var i = 0; i < entries.length; i++) if (/shaka-player[^\/?]*\.js/.test(entries[i].name)) return entries[i].duration;
  return null;
}
